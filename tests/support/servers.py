"""Web servers for the tests: a plain static server for a built site, like any web host, and a
`dossier serve` process started on a free port, its output read line by line."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("LinkChecker", "allow")  # lets linkchecker go faster than 10 requests a second
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


class _TestServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet: a client that gives up on purpose (a timeout test, a refused download) leaves
        its handler failing to write, perhaps after the test has ended, and the traceback
        socketserver prints would land in a later test's captured stderr."""


@contextlib.contextmanager
def http_server(handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """An HTTP server answering with `handler` on a free loopback port, in a thread of this process;
    yields its address (`http://127.0.0.1:PORT`, no trailing slash)."""
    server = _TestServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """A plain static server for `site` on a free loopback port, like any web host; yields its URL."""
    with http_server(functools.partial(_QuietHandler, directory=str(site))) as address:
        yield address + "/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`dossier serve` (or `command`) running in the dossier at `root`, its output collected as it comes."""

    def __init__(self, root: Path, port: int, command: list[str] | None = None) -> None:
        self.root, self.port = root, port
        self.url = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen(command or [sys.executable, "-m", "generator", "serve", "--port", str(port)],
                                        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line.rstrip("\n"))
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, words: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                assert self.process.poll() is None, "\n".join(self.output)
                continue
            if words in line:
                return line
        raise AssertionError(f"no line with {words!r} in:\n" + "\n".join(self.output))

    def get(self, path: str = "", headers: dict[str, str] | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as problem:
            return problem.code, problem.read().decode()

    def edit(self, relative: str, old: str, new: str) -> None:
        """Save the way editors do: write a temporary file, then rename it over the original."""
        path = self.root / relative
        text = path.read_text()
        assert old in text
        temporary = path.with_name(f".{path.name}.tmp~")
        temporary.write_text(text.replace(old, new, 1))
        os.replace(temporary, path)
