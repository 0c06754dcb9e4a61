"""`dossier serve`: build, serve the site with live reload, rebuild what changed on save.

Built on livereload's WebSocket handler and browser script, with a server of our own around them
(generator/serve/app.py): it answers only to this machine's own `Host` names and same-origin
sockets (generator/serve/guard.py), serves nothing outside the site folder, times out idle
connections, and injects the reload script (and, while the content has errors, the list of
errors) into the pages it sends, never into the built files. Content errors never stop it: the
last good site stays served (generator/serve/preview.py). A thread watches the files
(generator/serve/watch.py) and hands each burst of changes to the server's loop, which rebuilds.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

import watchfiles
from tornado import ioloop

from generator.read.config import load_config, protected_folders
from generator.serve.app import make_app, reload_browsers
from generator.serve.deferred import Deferred
from generator.serve.guard import Guard, bracketed, is_loopback, machine_names
from generator.serve.preview import Preview
from generator.serve.search import SearchIndexer
from generator.serve.warm import Changes, Warmup, saved_site
from generator.serve.watch import describe, lasting, watched_change

IDLE_TIMEOUT = 10.0
"""Seconds a connection may take to send a request's headers (or its body), and may stay idle
between requests: a client that trickles bytes (slowloris) is cut off after this long."""
MAX_BODY = 64 * 1024
"""The preview answers GET, HEAD and OPTIONS only: it never needs a request body."""
WATCH_STEP_MS = 10
"""How long the watcher waits for more file events before it hands a save over: it looks every
this many milliseconds and hands over once a look finds nothing new, so a save is seen 10 to 20 ms
after it is made (20 to 40 ms with 20). Most editors save with one rename; one that writes in place,
in writes further apart than this, has its save rebuilt twice (docs/performance.md, "Steps of 20 ms")."""


M_MMAP_THRESHOLD = -3
"""glibc's mallopt parameter: the size from which a block is mapped apart, and unmapped when freed."""
BIG_BLOCK = 1 << 20


def _big_blocks_back_to_the_system() -> None:
    """Each rebuild makes and frees blocks of tens of megabytes (dossier.json, the CSV files). Once
    such a block is freed, glibc raises its threshold and takes the next ones from its heap, which
    it keeps: the preview grew by about 70 MB in three claim edits at 10,000 sources. A fixed
    threshold keeps them mapped apart and gives them back when freed (Linux with glibc only: elsewhere,
    nothing is done; docs/performance.md, "The preview's memory")."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # musl has no mallopt
            ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, BIG_BLOCK)


def serve(config_path: Path, host: str, port: int, open_browser: bool,
          print_line: Callable[[str], None] = lambda line: print(line, flush=True),
          idle_timeout: float = IDLE_TIMEOUT) -> int:
    """Build, then serve and rebuild on change until interrupted (`idle_timeout`: see IDLE_TIMEOUT)."""
    _big_blocks_back_to_the_system()
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
    deferred = Deferred(lambda problem: print_line(f"dossier serve: error: {problem}"))

    def on_changes(changes: set[tuple[watchfiles.Change, str]]) -> None:
        preview.save_waiting.clear()
        changes = {(change, path) for change, path in changes if lasting(path)}
        if changes and not warmup.holds(changes):
            unfinished = deferred.hand_over()
            built = preview.rebuild(f"changed {describe(changes, root)}", {Path(path) for _, path in changes},
                                    unfinished)
            reload_browsers()
            if built.report is not None:
                indexer.built()
            deferred.later(preview.finishing(built, reload_browsers) if built.report is not None else unfinished)

    def watch() -> None:
        for changes in watchfiles.watch(root, watch_filter=watched_change(config_path, config),
                                        debounce=1600, step=WATCH_STEP_MS, stop_event=stop, raise_interrupt=False):
            preview.save_waiting.set()
            loop.add_callback(on_changes, changes)

    threading.Thread(target=watch, name="dossier-watch", daemon=True).start()
    def warmed(ready: bool, held: Changes) -> None:
        """The builder is ready for the saved site it serves (else a full build is due): the search
        index is brought up to date once the edits pause, and the saves held meanwhile rebuilt."""
        if not ready:
            preview.rebuild("built")
            reload_browsers()
        indexer.built()
        if held:
            on_changes(held)

    warmup = Warmup()
    time.sleep(0.2)  # let the watcher settle, so that a save during the first build is not missed
    site = saved_site(preview)
    first = preview.rebuild("built") if site is None else None
    if first is not None and first.output_problem:
        stop.set()
        return 2
    indexer = SearchIndexer(root, preview.output, tuple(protected_folders(root, config).values()), print_line,
                            preview.last_links)
    if first is not None and first.report is not None:
        indexer.built()
    guard = Guard(host, port, machine_names())
    if not is_loopback(host):
        print_line(f"warning: serving on {host}: anyone who can reach this machine can read the preview, "
                   f"unpublished claims included. It answers requests for the Host names {guard.description()}, "
                   f"port {port}; any other name is refused (403)")
    app = make_app(preview, guard, port, deferred.now)
    try:
        server = app.listen(port, address=host, idle_connection_timeout=idle_timeout, body_timeout=idle_timeout,
                            max_body_size=MAX_BODY)
    except OSError as problem:
        print_line(f"dossier serve: error: cannot listen on {host}:{port}: {problem.strerror}")
        stop.set()
        return 2
    url = f"http://{bracketed(host)}:{port}/"
    print_line(f"serving {config.output_dir}/ on {url} (Ctrl+C to stop)")
    if site is not None:  # once listening: the first page does not wait for the warm-up's work
        warmup.start(preview, site, warmed)
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
