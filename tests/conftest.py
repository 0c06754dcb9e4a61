"""Shared helpers: fixture dossiers written into temporary folders, and the CLI run in-process."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.build import build
from generator.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"]
"""Debian's Chromium, started as this machine's closed network needs (no background connections)."""
REPO = Path(__file__).parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path: to compare whole sites byte for byte."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    """Write (or, for None, delete) files under `root`; text is written as UTF-8 exactly as given."""
    for name, data in files.items():
        path = root / name
        if data is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


@pytest.fixture
def dossier(tmp_path: Path) -> Callable[..., Path]:
    """A copy of the complete fixture dossier with some files replaced, added or deleted."""

    def make(files: dict[str, str | bytes | None] | None = None, base: str = "complete") -> Path:
        root = tmp_path / "dossier"
        shutil.copytree(FIXTURES / base, root)
        write_files(root, files or {})
        return root

    return make


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def lines(self) -> list[str]:
        """The diagnostic lines of stderr (without the closing summary)."""
        return [line for line in self.err.splitlines() if not line.startswith("checked ")]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run `dossier ARGS` in-process, in folder `cwd`, and capture its exit code and output."""

    def run(*args: str, cwd: Path) -> Run:
        monkeypatch.chdir(cwd)
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def build_copy(source_root: Path, target: Path) -> Path:
    """Copy a dossier (config, content, templates) to `target`, build it there, return the site."""
    shutil.copytree(source_root / "content", target / "content")
    shutil.copy(source_root / "config.yaml", target / "config.yaml")
    if (source_root / "templates").is_dir() and source_root != REPO:
        shutil.copytree(source_root / "templates", target / "templates")
    result = build(target / "config.yaml")
    assert result.report is not None, [d.format() for d in result.checked.diagnostics]
    return target / "site"


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample dossier and the fixture dossier, built once per session: name → site folder."""
    return {
        "sample": build_copy(REPO, tmp_path_factory.mktemp("sample")),
        "fixture": build_copy(FIXTURES / "complete", tmp_path_factory.mktemp("fixture")),
    }


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("LinkChecker", "allow")  # lets linkchecker go faster than 10 requests a second
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """A plain static server for `site` on a free loopback port, like any web host; yields its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
