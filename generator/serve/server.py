"""`dossier serve`: build, serve the site with live reload, rebuild what changed on save.

Built on livereload's WebSocket handler and browser script, with a server of our own around them:
it answers only to this machine's own `Host` names and same-origin sockets (DNS rebinding and
cross-site socket hijacking are the known weaknesses of dev servers), serves nothing outside the
site folder, times out idle connections, and injects the reload script (and, while the content has
errors, the list of errors) into the pages it sends, never into the built files. Content errors
never stop it: the last good site stays served.
"""

from __future__ import annotations

import gc
import html
import ipaddress
import logging
import socket
import threading
import time
import webbrowser
from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import ioloop, web

from generator.build import Builder, Built
from generator.core import diagnostics as diag
from generator.core.diagnostics import Diagnostic
from generator.core.model import Config
from generator.output.write import OutputError
from generator.read.config import load_config
from generator.read.load import is_ignored

PREVIEW_CSS = Path(__file__).resolve().parent / "preview.css"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
IDLE_TIMEOUT = 10.0
"""Seconds a connection may take to send a request's headers (or its body), and may stay idle
between requests: a client that trickles bytes (slowloris) is cut off after this long."""
MAX_BODY = 64 * 1024
"""The preview answers GET, HEAD and OPTIONS only: it never needs a request body."""
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


class Preview:
    """The preview's state: the builder kept between rebuilds and the problems of the last one."""

    def __init__(self, config_path: Path, output: Path, print_line: Callable[[str], None]) -> None:
        self.builder = Builder(config_path, serial=True, defer_data=True)
        self.root = config_path.parent
        self.output = output
        """The folder served: the output folder of config.yaml as it was when serving started."""
        self.print_line = print_line
        self.problems: list[Diagnostic] = []
        self.frozen = False

    def rebuild(self, reason: str, changed: set[Path] | None = None) -> Built:
        """Build again; `changed` are the paths the watcher saw change (None: look at everything)."""
        started = time.perf_counter()
        if self.frozen:
            # A rebuild makes garbage by the thousand but few cycles: the collector would pause it
            # over and over for nothing. The server collects once the browsers are told to reload.
            gc.disable()
        try:
            built = self.builder.build(changed=changed)
        finally:
            gc.enable()
        seconds = time.perf_counter() - started
        checked = built.checked
        if built.report is not None:
            if not self.frozen:
                # The first build's objects live as long as the server: keep the collector from
                # scanning them again and again (each scan of a big dossier's heap is a visible pause).
                gc.freeze()
                self.frozen = True
            self.problems = []
            report = built.report
            self.print_line(f"{reason}: {built.pages} pages rendered, {report.written} files written, "
                            f"{report.removed} removed in {seconds * 1000:.0f} ms")
        else:
            self.problems = [d for d in checked.diagnostics if d.is_error] or checked.diagnostics
            if built.output_problem:
                self.problems = [diag.error("output", built.output_problem, diag.Span("config.yaml"))]
            for problem in self.problems:
                self.print_line(problem.format())
            self.print_line(f"{reason}: {diag.summary(self.problems)}; still serving the last good site")
        return built


def is_loopback(host: str) -> bool:
    if host in ("localhost", "[::1]"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bracketed(host: str) -> str:
    """An address as a URL writes it: IPv6 in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def machine_names() -> tuple[str, ...]:
    """This machine's own names: its host name, and the same name on the local network (mDNS)."""
    name = socket.gethostname().lower()
    if not name:
        return ()
    return (name,) if "." in name else (name, f"{name}.local")


def machine_addresses() -> list[str]:
    """Examples for the warning: this machine's non-loopback addresses that its name resolves to,
    and the one it sends from to the local network."""
    addresses = {ipaddress.ip_address(address.split("%")[0]) for address in (*_resolved_addresses(), *_route_address())}
    return [bracketed(str(address)) for address in sorted(addresses, key=lambda a: (a.version, a))
            if not (address.is_loopback or address.is_unspecified)]


def _resolved_addresses() -> set[str]:
    try:
        return {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, proto=socket.IPPROTO_TCP)}
    except OSError:
        return set()


def _route_address() -> set[str]:
    """The source address of the route to a private network (a UDP socket's connect sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 9))
            return {probe.getsockname()[0]}
    except OSError:
        return set()


def split_host(header: str) -> tuple[str, int] | None:
    """`name:port` (or `[v6]:port`, or a bare name meaning port 80) as a lower-case name and a
    port; None when it is not of that form."""
    header = header.lower()
    name, colon, port = header.rpartition(":") if not header.endswith("]") else ("", "", "")
    if not colon:
        return header, 80
    if not port.isdigit() or (":" in name and not name.startswith("[")):
        return None
    return name, int(port)


class Guard:
    """Which `Host` headers and socket origins the server answers (README: "Private by default").

    DNS rebinding makes a browser send a page of another site, with that site's name as `Host`, to
    this server. So the server answers only names it knows: bound to loopback, the loopback names;
    bound to another address, also this machine's own names and any IP address written as such
    (which no rebinding can send: a page at `http://192.168.1.10:8000/` is this server's own origin)."""

    def __init__(self, host: str, port: int, own_names: Iterable[str] = ()) -> None:
        self.port = port
        self.local_only = is_loopback(host)
        names = [*LOOPBACK_NAMES, bracketed(host).lower()] + ([] if self.local_only else [*own_names])
        self.names = tuple(dict.fromkeys(name for name in names if name))

    def host_ok(self, host_header: str | None) -> bool:
        parsed = split_host(host_header or "")
        if parsed is None or parsed[1] != self.port:
            return False
        return parsed[0] in self.names or (not self.local_only and is_address(parsed[0]))

    def origin_ok(self, origin: str | None) -> bool:
        return bool(origin and origin.startswith("http://") and self.host_ok(origin.removeprefix("http://")))

    def description(self) -> str:
        """The names answered, as the warning for a non-loopback address states them."""
        if self.local_only:
            return ", ".join(self.names)
        addresses = ", ".join(machine_addresses())
        return ", ".join(self.names) + " and any IP address" + (f" (this machine's: {addresses})" if addresses else "")


def is_address(name: str) -> bool:
    """Whether a Host name is an IP address literal (IPv6 in brackets)."""
    try:
        ipaddress.ip_address(name[1:-1] if name.startswith("[") and name.endswith("]") else name)
    except ValueError:
        return False
    return True


def overlay(problems: list[Diagnostic]) -> str:
    """The errors, as HTML shown at the top of every page while the content has errors."""
    items = "".join(f"<li><code>{html.escape(problem.format())}</code></li>" for problem in problems)
    return (f'<div id="dossier-errors" class="dossier-errors" role="alert">'
            f"<p><strong>dossier: {html.escape(diag.summary(problems))}.</strong> "
            f"The site shows the last good build; fix the files below and save.</p><ul>{items}</ul></div>")


def inject(page: bytes, port: int, host: str, problems: list[Diagnostic]) -> bytes:
    """The page as served: reload script and preview stylesheet added, the socket allowed by the
    page's Content-Security-Policy, and the errors listed when there are any."""
    text = page.decode("utf-8", "replace")
    text = text.replace("default-src 'none';", f"default-src 'none'; connect-src ws://{host};", 1)
    head = (f'<link rel="stylesheet" href="/__dossier__/preview.css">'
            f'<script src="/livereload.js?port={port}"></script>')
    text = text.replace("</head>", head + "</head>", 1) if "</head>" in text else head + text
    if problems:
        body_at = text.find("<body")
        body_end = text.find(">", body_at) + 1 if body_at >= 0 else 0
        text = text[:body_end] + overlay(problems) + text[body_end:]
    return text.encode("utf-8")


ERROR_PAGE = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
              "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; "
              "script-src 'self'\"><title>{title}</title></head><body><main><h1>{title}</h1><p>{text}</p></main>"
              "</body></html>\n")


def make_app(preview: Preview, guard: Guard, port: int) -> web.Application:
    def refuse_foreign_host(handler: web.RequestHandler) -> None:
        if not guard.host_ok(handler.request.headers.get("Host")):
            raise web.HTTPError(403, "Host not allowed")

    class Guarded(web.RequestHandler):
        """GET, and HEAD and OPTIONS as link checkers and `curl -I` send them."""

        prepare = refuse_foreign_host

        def head(self, *args: str) -> None:
            """GET's status and headers (Content-Length included); tornado sends no body for HEAD."""
            self.get(*args)

        def options(self, *args: str) -> None:
            self.set_status(204)
            self.set_header("Allow", ALLOWED_METHODS)

        def write_error(self, status_code: int, **kwargs: object) -> None:
            if status_code == 405:
                self.set_header("Allow", ALLOWED_METHODS)
            super().write_error(status_code, **kwargs)

    class ReloadSocket(LiveReloadHandler):
        prepare = refuse_foreign_host

        def check_origin(self, origin: str) -> bool:
            return guard.origin_ok(origin)

    class ReloadScript(Guarded, LiveReloadJSHandler):
        pass

    class PreviewStyle(Guarded):
        def get(self) -> None:
            self.set_header("Content-Type", "text/css; charset=utf-8")
            self.write(PREVIEW_CSS.read_bytes())

    class Site(Guarded):
        def get(self, path: str) -> None:
            found = site_file(preview.output, path)
            if found is None:
                return self.send_page(404, ERROR_PAGE.format(title="Not found", text="No such page in the site.")
                                      .encode())
            target, data = found
            if target.suffix == ".html":
                return self.send_page(200, data)
            self.set_header("Content-Type", content_type(target))
            self.set_header("Cache-Control", "no-store")
            self.write(data)

        def send_page(self, status: int, page: bytes) -> None:
            self.set_status(status)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.write(inject(page, port, self.request.headers.get("Host", ""), preview.problems))

    return web.Application([
        (r"/livereload", ReloadSocket),
        (r"/livereload\.js", ReloadScript),
        (r"/__dossier__/preview\.css", PreviewStyle),
        (r"/(.*)", Site),
    ])


_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json",
          ".xml": "application/xml", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
          ".js": "application/javascript", ".woff2": "font/woff2", ".txt": "text/plain; charset=utf-8"}


def content_type(path: Path) -> str:
    return _TYPES.get(path.suffix.lower(), "application/octet-stream")


def site_file(output: Path, url_path: str) -> tuple[Path, bytes] | None:
    """The file a URL path names inside the site and its bytes, or None. A path the system refuses
    (a name longer than NAME_MAX, a path longer than PATH_MAX, a folder it may not read) or a file
    a rebuild removed in the meantime is not in the site either."""
    try:
        target = resolve_request(output, url_path)
        return (target, target.read_bytes()) if target is not None else None
    except OSError:
        return None


def resolve_request(output: Path, url_path: str) -> Path | None:
    """The file a URL path names inside the site, or None: never a path outside it, never through a
    symbolic link, never a dotfile."""
    if not output.is_dir():
        return None
    parts = [part for part in url_path.split("/") if part not in ("", ".")]
    if any(part == ".." or part.startswith(".") or "\\" in part or "\x00" in part for part in parts):
        return None
    current = output
    for part in parts:
        current = current / part
        if current.is_symlink():
            return None
    if current.is_dir():
        current = current / "index.html"
        if current.is_symlink():
            return None
    return current if current.is_file() else None


def watched_change(config_path: Path, config: Config) -> Callable[[watchfiles.Change, str], bool]:
    """Which file events matter: config.yaml, content and templates, but no editor temporaries and
    nothing in the output folder."""
    root = config_path.parent
    folders = (root / config.content_dir, root / config.templates_dir)
    output = root / config.output_dir

    def relevant(change: watchfiles.Change, path: str) -> bool:
        target = Path(path)
        if is_ignored(target.name) or target == output or output in target.parents:
            return False
        return target == config_path or any(target == folder or folder in target.parents for folder in folders)

    return relevant


_READ_SUFFIXES = {".yaml", ".yml", ".txt", ".md", ".html", ".css", ".js", ".svg"}


def lasting(path: str) -> bool:
    """False for a file that came and went within one burst with a name we never read (`sed -i`'s
    temporary, an editor's swap file): it changes nothing."""
    target = Path(path)
    return target.exists() or target.suffix in _READ_SUFFIXES


def reload_browsers() -> None:
    """Tell every connected page to reload (livereload's protocol)."""
    message = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}
    for waiter in list(LiveReloadHandler.waiters):
        try:
            waiter.write_message(message)
        except Exception:
            LiveReloadHandler.waiters.discard(waiter)


def describe(changes: Iterable[tuple[watchfiles.Change, str]], root: Path) -> str:
    paths = sorted({Path(path).relative_to(root).as_posix() if Path(path).is_relative_to(root) else path
                    for _, path in changes})
    shown = ", ".join(paths[:3])
    return shown + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


def serve(config_path: Path, host: str, port: int, open_browser: bool,
          print_line: Callable[[str], None] = lambda line: print(line, flush=True),
          idle_timeout: float = IDLE_TIMEOUT) -> int:
    """Build, then serve and rebuild on change until interrupted (`idle_timeout`: see IDLE_TIMEOUT)."""
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    logging.getLogger("tornado.general").setLevel(logging.ERROR)
    config, problems = load_config(config_path)
    if config is None:
        for problem in problems:
            print_line(problem.format())
        return 2
    config_path = config_path.resolve()
    preview = Preview(config_path, config_path.parent / config.output_dir, print_line)
    root = preview.root
    loop = ioloop.IOLoop.current()
    stop = threading.Event()

    def on_changes(changes: set) -> None:
        changes = {(change, path) for change, path in changes if lasting(path)}
        if changes:
            built = preview.rebuild(f"changed {describe(changes, root)}", {Path(path) for _, path in changes})
            reload_browsers()
            if built.finish is not None:
                try:
                    built.finish()
                except OutputError as problem:
                    print_line(f"dossier serve: error: {problem}")
            gc.collect()  # now, while nobody waits, rather than in the middle of the next rebuild

    def watch() -> None:
        for changes in watchfiles.watch(root, watch_filter=watched_change(config_path, config),
                                        debounce=1600, step=20, stop_event=stop, raise_interrupt=False):
            loop.add_callback(on_changes, changes)

    threading.Thread(target=watch, name="dossier-watch", daemon=True).start()
    time.sleep(0.2)  # let the watcher settle, so that a save during the first build is not missed
    first = preview.rebuild("built")
    if first.output_problem:
        stop.set()
        return 2
    guard = Guard(host, port, machine_names())
    if not is_loopback(host):
        print_line(f"warning: serving on {host}: anyone who can reach this machine can read the preview, "
                   f"unpublished claims included. It answers requests for the Host names {guard.description()}, "
                   f"port {port}; any other name is refused (403)")
    app = make_app(preview, guard, port)
    try:
        server = app.listen(port, address=host, idle_connection_timeout=idle_timeout, body_timeout=idle_timeout,
                            max_body_size=MAX_BODY)
    except OSError as problem:
        print_line(f"dossier serve: error: cannot listen on {host}:{port}: {problem.strerror}")
        stop.set()
        return 2
    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    print_line(f"serving {config.output_dir}/ on {url} (Ctrl+C to stop)")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, [url]).start()
    try:
        loop.start()
    except KeyboardInterrupt:
        print_line("stopped")
    finally:
        stop.set()
        server.stop()
    return 0
