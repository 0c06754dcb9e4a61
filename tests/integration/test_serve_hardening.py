"""The preview server against clients that are not browsers: HEAD and OPTIONS (link checkers,
`curl -I`), names longer than the file system allows, connections that trickle or idle
(slowloris), and a server bound to every address of the machine. A real server process on a free
port, real sockets."""

from __future__ import annotations

import asyncio
import http.client
import socket
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.servers import Server, free_port
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

IDLE_TIMEOUT = 1.0
"""The idle timeout these servers run with (the default is 10 s)."""


class TunedServer(Server):
    """`dossier serve` started through `generator.serve.server.serve` with an address and an idle timeout
    of the test's choosing (the timeout is not a command-line option)."""

    def __init__(self, root: Path, port: int, host: str = "127.0.0.1") -> None:
        call = ("import sys; from pathlib import Path; from generator.serve.server import serve; "
                f"sys.exit(serve(Path('config.yaml'), {host!r}, {port}, False, idle_timeout={IDLE_TIMEOUT}))")
        super().__init__(root, port, [sys.executable, "-c", call])


def started(root: Path, host: str = "127.0.0.1") -> Iterator[TunedServer]:
    running = TunedServer(root, free_port(), host)
    try:
        running.wait_for("serving site/ on")
        yield running
    finally:
        running.process.terminate()
        running.process.wait(timeout=10)
    assert "Traceback" not in "\n".join(running.output)


@pytest.fixture
def server(dossier) -> Iterator[TunedServer]:
    yield from started(dossier())


@pytest.fixture
def lan_server(dossier) -> Iterator[TunedServer]:
    """A server bound to every IPv4 address of the machine, as `--host 0.0.0.0`."""
    yield from started(dossier(), "0.0.0.0")


def request(server: Server, method: str, path: str, host: str | None = None,
            address: str = "127.0.0.1") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(address, server.port, timeout=10)
    connection.request(method, path, headers={"Host": host or f"127.0.0.1:{server.port}"})
    return connection.getresponse()


# HEAD and OPTIONS

@pytest.mark.parametrize("path", ["/", "/people/ana-lind/index.html", "/assets/style.css", "/livereload.js",
                                  "/__dossier__/preview.css", "/no/such/page.html"])
def test_head_is_answered_as_get_without_a_body(server, path):
    get = request(server, "GET", path)
    body = get.read()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("HEAD", path)
    head = connection.getresponse()
    assert head.read() == b""
    assert head.status == get.status
    assert head.getheader("Content-Type") == get.getheader("Content-Type")
    assert int(head.getheader("Content-Length")) == len(body)
    connection.request("GET", path)  # the same connection: a body sent after HEAD would corrupt this response
    assert connection.getresponse().read() == body


@pytest.mark.parametrize("path", ["/", "/people/ana-lind/index.html", "/livereload.js", "/no/such/page.html"])
def test_options_lists_the_methods_answered(server, path):
    response = request(server, "OPTIONS", path)
    assert response.status == 204
    assert response.getheader("Allow") == "GET, HEAD, OPTIONS"
    assert response.read() == b""


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_other_methods_are_refused_with_the_allowed_ones(server, method):
    response = request(server, method, "/")
    assert response.status == 405
    assert response.getheader("Allow") == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS"])
def test_head_and_options_keep_refusing_foreign_hosts(server, method):
    assert request(server, method, "/", host=f"evil.example:{server.port}").status == 403


# Names the file system refuses

@pytest.mark.parametrize("path", ["/" + "a" * 300, "/people/" + "a" * 300 + "/index.html", "/" + "a" * 300 + ".html",
                                  "/" + "/".join(["b" * 250] * 20), "/assets/" + "é" * 200 + ".css"],
                         ids=["name", "folder", "page", "path-over-PATH_MAX", "multibyte-name"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_name_longer_than_the_system_allows_is_not_found(server, path, method):
    response = request(server, method, urllib.parse.quote(path))
    assert response.status == 404
    assert b"Traceback" not in response.read()
    assert request(server, "GET", "/").status == 200


# Slow and idle connections

def seconds_until_closed(raw: socket.socket) -> float:
    """How long the server keeps the connection open, reading (and dropping) whatever it sends."""
    raw.settimeout(IDLE_TIMEOUT + 10)
    began = time.monotonic()
    while raw.recv(65536):
        pass
    return time.monotonic() - began


def test_a_request_that_never_finishes_its_headers_is_cut_off(server):
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        raw.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n".encode())
        assert seconds_until_closed(raw) < IDLE_TIMEOUT + 2


def test_headers_trickled_a_byte_at_a_time_are_cut_off_all_the_same(server):
    """The timeout bounds the whole of the headers, not the pause between two bytes."""
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        began = time.monotonic()
        try:
            for byte in f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nX-Slow: {'x' * 100}".encode():
                raw.sendall(bytes([byte]))
                time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert time.monotonic() - began + seconds_until_closed(raw) < IDLE_TIMEOUT + 2


def test_a_request_body_that_never_arrives_is_cut_off(server):
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        raw.sendall(f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Length: 1000\r\n\r\nxx".encode())
        assert seconds_until_closed(raw) < IDLE_TIMEOUT + 2


def test_an_idle_kept_alive_connection_is_closed_and_a_busy_server_still_answers(server):
    sockets = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(50)]
    try:
        for raw in sockets:
            raw.sendall(b"GET / HTTP/1.1\r\n")
        assert request(server, "GET", "/").status == 200
        for raw in sockets:
            assert seconds_until_closed(raw) < IDLE_TIMEOUT + 3
    finally:
        for raw in sockets:
            raw.close()
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        raw.sendall(f"GET /assets/style.css HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        time.sleep(0.2)
        assert seconds_until_closed(raw) < IDLE_TIMEOUT + 2  # the response, then nothing: closed


# Bound to every address

def own_names() -> list[str]:
    name = socket.gethostname().lower()
    return [name] if "." in name else [name, f"{name}.local"]


def test_bound_to_every_address_the_warning_names_exactly_the_hosts_answered(lan_server):
    port = lan_server.port
    warning = next(line for line in lan_server.output if line.startswith("warning: serving on 0.0.0.0"))
    names = ["127.0.0.1", "localhost", "[::1]", "0.0.0.0", *own_names()]
    assert f"It answers requests for the Host names {', '.join(names)} and any IP address" in warning
    assert f"port {port}; any other name is refused (403)" in warning
    for name in [*names, "192.168.1.10", "10.0.0.7", "[fd00::7]"]:
        assert request(lan_server, "GET", "/", host=f"{name}:{port}").status == 200, name
    for host in (f"evil.example:{port}", f"{own_names()[0]}.evil.example:{port}", f"127.0.0.1.evil.example:{port}",
                 f"192.168.1.10.nip.io:{port}", f"localhost:{port + 1}", "localhost", f"[evil]:{port}"):
        assert request(lan_server, "GET", "/", host=host).status == 403, host


def test_bound_to_every_address_a_request_to_the_machines_own_address_is_answered(lan_server):
    """A request as a phone on the same network sends it: to this machine's address, by that address."""
    address = next((line.split("this machine's: ")[1].split(")")[0].split(", ")[0]
                    for line in lan_server.output if "this machine's: " in line), None)
    if address is None or address.startswith("["):
        pytest.skip("this machine shows no IPv4 address of its own")
    response = request(lan_server, "GET", "/people/ana-lind/index.html", host=f"{address}:{lan_server.port}",
                       address=address)
    assert response.status == 200 and b"<h1>Ana Lind</h1>" in response.read()


def test_bound_to_every_address_reload_sockets_come_only_from_the_hosts_answered(lan_server):
    async def connect(origin: str) -> None:
        socket_ = await websocket_connect(HTTPRequest(f"ws://127.0.0.1:{lan_server.port}/livereload",
                                                      headers={"Origin": origin}))
        socket_.close()

    asyncio.run(connect(f"http://{own_names()[0]}:{lan_server.port}"))
    asyncio.run(connect(f"http://192.168.1.10:{lan_server.port}"))
    with pytest.raises(Exception) as refused:
        asyncio.run(connect(f"http://evil.example:{lan_server.port}"))
    assert "403" in str(refused.value)
