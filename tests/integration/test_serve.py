"""`dossier serve` as a user runs it: a real server process on a free port, real HTTP requests, a
real live-reload WebSocket, real edits to files on disk."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from pathlib import Path

import pytest
from support.dossiers import AUDIT, FIXTURES
from support.servers import Server, free_port
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect


async def reload_socket(server: Server, origin: str | None = None):
    origin = origin or f"http://127.0.0.1:{server.port}"
    request = HTTPRequest(f"ws://127.0.0.1:{server.port}/livereload", headers={"Origin": origin})
    socket_ = await websocket_connect(request)
    await socket_.write_message(json.dumps({"command": "hello",
                                            "protocols": ["http://livereload.com/protocols/official-7"]}))
    hello = json.loads(await socket_.read_message())
    assert hello["command"] == "hello"
    await socket_.write_message(json.dumps({"command": "info", "url": server.url, "plugins": {}}))
    return socket_


def test_serves_the_built_site_with_the_reload_script_only_in_responses(server):
    status, page = server.get("people/ana-lind/index.html")
    assert status == 200
    assert '<script src="/livereload.js?port=' in page
    assert "<h1>Ana Lind</h1>" in page
    built = (server.root / "site" / "people" / "ana-lind" / "index.html").read_text()
    assert "livereload" not in built
    status, script = server.get("livereload.js")
    assert status == 200 and "LiveReload" in script


def test_an_edit_is_rebuilt_and_the_browser_is_told_to_reload(server):
    async def scenario() -> dict:
        socket_ = await reload_socket(server)
        server.edit(AUDIT, "value: 2000000", "value: 2500000")
        message = json.loads(await asyncio.wait_for(socket_.read_message(), 15))
        socket_.close()
        return message

    message = asyncio.run(scenario())
    assert message["command"] == "reload"
    line = server.wait_for("changed content/claims/audit.yaml")
    assert "pages rendered" in line
    status, page = server.get("figures/harbour-fund-loss-2020/index.html")
    assert status == 200
    assert "about 2.5 million euros" in page


def test_a_broken_save_shows_errors_on_every_page_and_fixing_it_restores_the_page(server):
    _, before = server.get("people/ana-lind/index.html")
    built_before = (server.root / "site" / "people" / "ana-lind" / "index.html").read_bytes()
    server.edit(AUDIT, "quote: The Harbour Fund lost about 2 million euros in 2020",
                "quote: The Harbour Fund lost about 9 million euros in 2020")
    server.wait_for("still serving the last good site")
    status, broken = server.get("people/ana-lind/index.html")
    assert status == 200
    assert 'id="dossier-errors"' in broken
    assert "content/claims/audit.yaml:13:14: error: quote not found" in broken
    _, missing = server.get("no/such/page.html")
    assert 'id="dossier-errors"' in missing
    assert (server.root / "site" / "people" / "ana-lind" / "index.html").read_bytes() == built_before
    server.edit(AUDIT, "about 9 million", "about 2 million")
    server.wait_for("pages rendered")
    _, after = server.get("people/ana-lind/index.html")
    assert after == before
    assert server.process.poll() is None


def test_a_dangling_reference_and_bad_yaml_are_reported_with_positions(server):
    server.edit(AUDIT, "by: jonas-berg", "by: jonas-bergg")
    server.wait_for("still serving")
    _, page = server.get("")
    assert "content/claims/audit.yaml:3:7: error: claim &#x27;berg-fund-lost-2-million&#x27; is by unknown" in page
    server.edit(AUDIT, "by: jonas-bergg", "by: [jonas-berg")
    server.wait_for("still serving")
    _, page = server.get("")
    assert "content/claims/audit.yaml:" in page and "invalid YAML" in page


def test_a_template_error_is_reported_at_the_templates_line(server):
    templates = server.root / "templates"
    templates.mkdir()
    (templates / "claim.html").write_text('{% extends "base.html" %}\n{% block main %}\n{{ claim.nope }}\n'
                                          "{% endblock %}\n")
    server.wait_for("still serving")
    _, page = server.get("")
    assert "templates/claim.html:3:1: error: template error" in page


def test_editor_temporaries_trigger_nothing(server):
    for name in (".audit.yaml.swp", "audit.yaml~", "4913", "#audit.yaml#", ".#audit.yaml"):
        (server.root / "content" / "claims" / name).write_text("not: [yaml")
    server.edit(AUDIT, "value: 2000000", "value: 2000001")
    line = server.wait_for("changed")
    assert "swp" not in line and "~" not in line and "4913" not in line and "#" not in line
    assert "error" not in " ".join(server.output)
    assert not list((server.root / "site").rglob("*.swp"))


def test_a_burst_of_changes_is_one_rebuild(server):
    for path in sorted((server.root / "content").rglob("*.yaml")):
        path.write_text(path.read_text() + "\n")
    server.wait_for("changed")
    time.sleep(1.0)
    assert sum("changed" in line for line in server.output) == 1


def test_foreign_host_headers_are_refused(server):
    for host in ("evil.example", f"evil.example:{server.port}", "127.0.0.1.evil.example"):
        status, _ = server.get("", headers={"Host": host})
        assert status == 403
    assert server.get("", headers={"Host": f"localhost:{server.port}"})[0] == 200


def test_on_loopback_the_machines_other_names_and_addresses_are_refused_too(server):
    """Only a server bound to another address answers to the machine's name and to IP addresses."""
    name = socket.gethostname().lower()
    for host in (name, f"{name}.local", "192.168.1.10", "127.0.0.2", "0.0.0.0"):
        assert server.get("", headers={"Host": f"{host}:{server.port}"})[0] == 403, host
    assert not [line for line in server.output if line.startswith("warning:")]


def test_reload_sockets_from_foreign_origins_are_refused(server):
    async def connect(origin: str):
        return await reload_socket(server, origin)

    with pytest.raises(Exception) as refused:
        asyncio.run(connect("http://evil.example"))
    assert "403" in str(refused.value)


@pytest.mark.parametrize("path", ["../config.yaml", "%2e%2e/config.yaml", "..%2fconfig.yaml", "%2e%2e%2fconfig.yaml",
                                  "assets/../../config.yaml", "..\\config.yaml", ".dossier-site", "leak/index.html"])
def test_nothing_outside_the_site_is_served(server, path):
    (server.root / "site" / "leak").symlink_to(server.root / "content")
    request = f"GET /{path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
        raw.sendall(request.encode())
        response = b""
        while chunk := raw.recv(65536):
            response += chunk
    assert response.split(b" ", 2)[1] in (b"400", b"403", b"404")
    assert b"title: Harbour" not in response and b"Ana Lind" not in response


def test_listens_only_on_loopback_by_default(server):
    """The kernel's table of listening sockets: the server's port is bound to 127.0.0.1 only."""
    listening = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                 if line.split()[3] == "0A"]
    addresses = {local.split(":")[0] for local, *_ in (fields[1:] for fields in listening)
                 if int(local.split(":")[1], 16) == server.port}
    assert addresses == {"0100007F"}
    assert not [line for line in Path("/proc/net/tcp6").read_text().splitlines()[1:]
                if int(line.split()[1].split(":")[1], 16) == server.port and line.split()[3] == "0A"]


def test_a_dossier_broken_from_the_start_is_served_as_its_errors_until_fixed(dossier):
    root = dossier({AUDIT: "- id: [broken\n"})
    running = Server(root, free_port())
    try:
        running.wait_for("serving site/ on")
        status, page = running.get("")
        assert status == 404
        assert 'id="dossier-errors"' in page and "content/claims/audit.yaml:" in page and "invalid YAML" in page
        (root / AUDIT).write_text((FIXTURES / "complete" / AUDIT).read_text())
        running.wait_for("pages rendered")
        status, page = running.get("")
        assert status == 200 and 'id="dossier-errors"' not in page
    finally:
        running.process.terminate()
        running.process.wait(timeout=10)
