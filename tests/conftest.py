"""Shared helpers: fixture dossiers written into temporary folders, and the CLI run in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


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
