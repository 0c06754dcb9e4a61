#!/usr/bin/env python3
"""Edit-to-reload latency of `dossier serve`: `python bench/edit_reload.py DOSSIER [--edits 7]`.

Starts the real preview server on a copy of DOSSIER, connects to its live-reload socket as a
browser would, then saves a one-claim edit (write a temporary file, rename it over the claims
file, as editors do) and measures the time until the reload message arrives; prints the median.
The time covers noticing the save, the incremental rebuild, the writes and the message.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def one_claim_edit(path: Path, step: int) -> None:
    """Change the first claim value of a claims file, saved atomically."""
    text = path.read_text()
    match = re.search(r"value: (\d+)\n", text)
    assert match, f"no value in {path}"
    changed = text.replace(match[0], f"value: {int(match[1]) + 1 + step % 2}\n", 1)
    temporary = path.with_name(f".{path.name}.save~")
    temporary.write_text(changed)
    os.replace(temporary, path)


async def measure(port: int, claims_file: Path, edits: int) -> list[float]:
    request = HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers={"Origin": f"http://127.0.0.1:{port}"})
    socket_ = await websocket_connect(request)
    await socket_.write_message(json.dumps({"command": "hello",
                                            "protocols": ["http://livereload.com/protocols/official-7"]}))
    await socket_.read_message()
    await socket_.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
    await asyncio.sleep(0.5)
    times = []
    for step in range(edits):
        started = time.perf_counter()
        one_claim_edit(claims_file, step)
        message = json.loads(await asyncio.wait_for(socket_.read_message(), 60))
        assert message["command"] == "reload"
        times.append(time.perf_counter() - started)
        await asyncio.sleep(1.0)
    socket_.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dossier", type=Path)
    parser.add_argument("--edits", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "dossier"
        shutil.copytree(args.dossier, root, ignore=shutil.ignore_patterns("site", ".dossier-cache"))
        claims_file = next(path for path in sorted((root / "content" / "claims").glob("*.yaml"))
                           if re.search(r"value: \d+\n", path.read_text()))
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=root,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            for line in server.stdout:
                if "serving" in line:
                    break
            times = asyncio.run(measure(port, claims_file, args.edits))
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"edit to reload, median of {len(times)}: {statistics.median(times) * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})")


if __name__ == "__main__":
    main()
