"""`dossier serve` on a disk that fails to give back what the preview keeps on it (core/shelf.py): the
failure is one line in the preview's output and in the browser, never a traceback; the last good site
stays served, and once the disk answers again the next save rebuilds as usual.

A real server process, real requests and real saves. Only the one system call that reads the kept
texts is made to fail (EIO), while a file outside the dossier exists: no device here can be made to
fail for real without a kernel module."""

from __future__ import annotations

import sys
from pathlib import Path

from support.dossiers import GAZETTE
from support.servers import Server, free_port

FAILING_SERVE = ("import os, sys; from generator.core import shelf; real = os.pread; flag = sys.argv.pop(1)\n"
                 "def pread(fd, size, offset):\n"
                 "    if os.path.exists(flag): raise OSError(5, 'Input/output error')\n"
                 "    return real(fd, size, offset)\n"
                 "shelf.os = type('os', (), {'pread': staticmethod(pread), 'pwrite': staticmethod(os.pwrite)})\n"
                 "from generator.cli import main; sys.exit(main(sys.argv[1:]))")
PAGE = "sources/gazette-2021-03-04-harbour-fund/index.html"


def test_a_failing_disk_is_one_line_the_last_site_stays_and_the_next_save_rebuilds(dossier, tmp_path: Path):
    flag = tmp_path / "disk-fails"
    port = free_port()
    server = Server(dossier(), port, [sys.executable, "-c", FAILING_SERVE, str(flag), "serve", "--port", str(port)])
    try:
        server.wait_for("serving site/ on")
        _, before = server.get(PAGE)
        flag.touch()
        server.edit(GAZETTE, "rejected the findings", "disputed the findings")

        line = server.wait_for("error:")
        assert line.endswith(f"{server.root / '.dossier-cache'}: Input/output error "
                             "(reading a text this build keeps on disk)"), line
        server.wait_for("still serving the last good site")
        status, shown = server.get(PAGE)
        assert status == 200 and 'id="dossier-errors"' in shown and "Input/output error" in shown
        assert "rejected the findings" in shown

        flag.unlink()
        server.edit(GAZETTE, "disputed the findings", "contested the findings")
        server.wait_for("pages rendered", timeout=30)
        _, after = server.get(PAGE)
        assert "contested the findings" in after and 'id="dossier-errors"' not in after
        assert before.replace("rejected", "contested") == after
        assert server.process.poll() is None
        assert not any("Traceback" in printed for printed in server.output), "\n".join(server.output)
    finally:
        server.process.terminate()
        server.process.wait(timeout=10)
