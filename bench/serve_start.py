#!/usr/bin/env python3
"""How fast `dossier serve` starts on a dossier already built, and how much memory it holds:
`python bench/serve_start.py DOSSIER [--runs 3] [--edits 3]`.

DOSSIER must have been built (`dossier build`), so that its site and `.dossier-cache/` are there.
It is copied once, times kept (`cp -a`), and `dossier serve` (a subprocess on a free port of
127.0.0.1) is started on the copy `--runs` times. Each start is timed until the home page is served
("page") and until the live-reload socket answers a browser's hello ("socket"), then until the
server says its builder is ready for the first save ("ready": the check and link stages, done in
the background while it serves); the resident memory of the server (VmRSS) is read once it is
ready. A last start then saves `--edits` one-claim edits, each timed until its page shows it, and
reads VmRSS and the peak VmHWM after them. Prints medians (and the spread) as JSON, with the
machine's load average before and after (docs/performance.md, "Starting the preview").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from edit_reload import Dossier, Server
from measure import load_average, median, spread


def status_kib(pid: int, field: str) -> int:
    """A field of /proc/PID/status in KiB (VmRSS, VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise SystemExit(f"no {field} for process {pid}")


def mib(kib: int) -> float:
    return round(kib / 1024, 1)


def socket_answers(port: int) -> bool:
    """Whether the live-reload socket answers the WebSocket handshake a browser sends."""
    request = (f"GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
               f"Sec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:{port}\r\n\r\n")
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
            connection.sendall(request.encode())
            return connection.recv(64).startswith(b"HTTP/1.1 101")
    except OSError:
        return False


def start(root: Path) -> tuple[Server, dict[str, float]]:
    """Start `dossier serve` in `root`; seconds to the home page served, to the live-reload socket
    answering and to the builder ready, and the server's memory once ready."""
    started = time.perf_counter()
    server = Server(root)
    while True:
        try:
            if server.get("/")[0] == 200:
                break
        except OSError:
            if server.process.poll() is not None:
                raise SystemExit("dossier serve stopped:\n" + "\n".join(server.lines[-20:])) from None
            time.sleep(0.02)
    page = time.perf_counter() - started
    if not server.lines[0].startswith("serving the last build's site"):
        server.stop()
        raise SystemExit("dossier serve did not start from the saved site:\n" + "\n".join(server.lines))
    while not socket_answers(server.port):
        time.sleep(0.02)
    answered = time.perf_counter() - started
    ready = server.wait_for_line("ready to rebuild on save")
    result = {"page": page, "socket": answered, "ready": time.perf_counter() - started,
              "rss": mib(status_kib(server.process.pid, "VmRSS"))}
    print(f"  {server.lines[0]}\n  {server.lines[ready]}", file=sys.stderr)
    return server, result


def after_edits(root: Path, edits: int) -> dict[str, float]:
    """Start once more, save `edits` one-claim edits, each served before the next: the memory then."""
    server, _ = start(root)
    try:
        edit = Dossier(root).claim_value()
        seconds = []
        for step in range(edits):
            saved = time.perf_counter()
            seconds.append(round(server.wait_until(edit(step), saved), 3))
            time.sleep(2)  # the data files are written after the page (serve/deferred.py)
        pid = server.process.pid
        return {"edits_save_to_page": seconds, "rss_after_edits": mib(status_kib(pid, "VmRSS")),
                "peak_after_edits": mib(status_kib(pid, "VmHWM"))}
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dossier", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    if not (args.dossier / ".dossier-cache").is_dir():
        raise SystemExit(f"{args.dossier} has not been built: run dossier build in it first")
    load_before = load_average()
    # beside the dossier, not in /tmp: inside a git work tree the saved site's stamp holds its HEAD,
    # which a copy elsewhere would not share
    with tempfile.TemporaryDirectory(dir=args.dossier.resolve().parent) as work:
        root = Path(work) / "dossier"
        subprocess.run(["cp", "-a", str(args.dossier), str(root)], check=True)
        runs = []
        for run in range(args.runs):
            server, result = start(root)
            server.stop()
            print(f"run {run + 1}: {json.dumps({key: round(value, 3) for key, value in result.items()})}",
                  file=sys.stderr)
            runs.append(result)
        edited = after_edits(root, args.edits) if args.edits else {}
        shutil.rmtree(root, ignore_errors=True)
    summary = {key: round(median([run[key] for run in runs]), 3) for key in runs[0]}
    summary |= {f"{key}_spread": spread([run[key] for run in runs]) for key in runs[0]}
    print(json.dumps({"dossier": str(args.dossier), "runs": args.runs, **summary, **edited,
                      "load_before": load_before, "load_after": load_average(), "cores": os.cpu_count()}, indent=1))


if __name__ == "__main__":
    main()
