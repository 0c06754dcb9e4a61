"""The preview's web application (tornado): the site's files with the reload script injected, the
preview's stylesheet, and livereload's script and WebSocket, each behind the guard of
generator/serve/guard.py; and the message that makes every connected page reload."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web

from generator.serve.files import content_type, resolve_request, site_file
from generator.serve.guard import Guard
from generator.serve.page import ERROR_PAGE, inject
from generator.serve.preview import Preview

PREVIEW_CSS = Path(__file__).resolve().parent / "preview.css"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def make_app(preview: Preview, guard: Guard, port: int, settle: Callable[[], None] = lambda: None
             ) -> web.Application:
    """`settle()` renders the pages the last rebuild left for after the reload (Preview.pending): a
    request for one of them waits for it, so that no page is ever served older than the content."""
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
            if preview.pending and page_of(path) in preview.pending:
                settle()
            found = site_file(preview.output, path)
            if found is None:
                return self.send_page(404, ERROR_PAGE.format(title="Not found", text="No such page in the site.")
                                      .encode())
            target, data = found
            if target.suffix == ".html":
                preview.saw(target.relative_to(preview.output).as_posix())
                return self.send_page(200, data)
            self.set_header("Content-Type", content_type(target))
            self.set_header("Cache-Control", "no-store")
            self.write(data)

        def send_page(self, status: int, page: bytes) -> None:
            self.set_status(status)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.write(inject(page, port, self.request.headers.get("Host", ""), preview.problems))

    def page_of(path: str) -> str | None:
        """The site file a request's path names, relative to the site folder (None: none)."""
        with contextlib.suppress(OSError):
            if (target := resolve_request(preview.output, path)) is not None:
                return target.relative_to(preview.output).as_posix()
        return None

    return web.Application([
        (r"/livereload", ReloadSocket),
        (r"/livereload\.js", ReloadScript),
        (r"/__dossier__/preview\.css", PreviewStyle),
        (r"/(.*)", Site),
    ])


def reload_browsers() -> None:
    """Tell every connected page to reload (livereload's protocol)."""
    message = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}
    for waiter in list(LiveReloadHandler.waiters):
        try:
            waiter.write_message(message)
        except Exception:
            LiveReloadHandler.waiters.discard(waiter)
