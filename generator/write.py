"""Writing the site: only after everything rendered, each file replaced atomically, unchanged files
left untouched, stale files pruned, and nothing written outside the output folder and its staging
sibling (`<output>.tmp-<pid>`, same filesystem, so `os.replace` is atomic)."""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

MARKER = ".dossier-site"
"""Marks a folder as made by dossier: only such a folder is ever pruned."""
MARKER_TEXT = b"This folder is written by dossier; it is replaced on every build.\n"


class OutputError(Exception):
    """The output folder cannot be used safely (a configuration error)."""


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def check_output(output: Path) -> None:
    """Refuse to write into an existing folder that dossier did not make (it may hold someone's work)."""
    if output.is_symlink():
        raise OutputError(f"output folder {output} is a symbolic link")
    if output.exists() and not output.is_dir():
        raise OutputError(f"output folder {output} exists and is not a folder")
    if output.is_dir() and not (output / MARKER).is_file() and any(output.iterdir()):
        raise OutputError(f"output folder {output} is not empty and was not made by dossier; "
                          "remove it or choose another output_dir")


def write_site(output: Path, files: dict[str, bytes]) -> WriteReport:
    """Make `output` hold exactly `files` (relative POSIX path → bytes)."""
    check_output(output)
    staging = output.with_name(f"{output.name}.tmp-{os.getpid()}")
    _remove_stale_staging(output)
    output.mkdir(parents=True, exist_ok=True)
    os.chmod(output, 0o755)
    staging.mkdir(exist_ok=True)
    written = unchanged = 0
    try:
        for relative, data in sorted({**files, MARKER: MARKER_TEXT}.items()):
            target = output / relative
            if _same_bytes(target, data):
                unchanged += 1
                continue
            _replace(target, data, staging / f"{written}.tmp", output)
            written += 1
        removed = _prune(output, set(files) | {MARKER})
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return WriteReport(written, unchanged, removed)


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        info = target.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        return target.read_bytes() == data
    except OSError:
        return False


def _replace(target: Path, data: bytes, temporary: Path, output: Path) -> None:
    _make_parents(target.parent, output)
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.chmod(temporary, 0o644)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    os.replace(temporary, target)


def _make_parents(folder: Path, output: Path) -> None:
    """Create the folders down to `folder`, replacing any file or link that stands in the way."""
    missing = []
    current = folder
    while current != output and not (current.is_dir() and not current.is_symlink()):
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        if path.is_symlink() or path.exists():
            path.unlink()
        path.mkdir()
        os.chmod(path, 0o755)


def _prune(output: Path, keep: set[str]) -> int:
    """Remove every file (or link) in `output` that the site no longer has, then empty folders."""
    removed = 0
    for folder, dirnames, filenames in os.walk(output, topdown=False):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(folder, d))]:
            path = Path(folder, name)
            if path.relative_to(output).as_posix() not in keep:
                path.unlink()
                removed += 1
        if Path(folder) != output and not any(Path(folder).iterdir()):
            Path(folder).rmdir()
    return removed


def _remove_stale_staging(output: Path) -> None:
    """Staging folders left by builds that were killed (their process is gone)."""
    for candidate in output.parent.glob(f"{output.name}.tmp-*"):
        pid = candidate.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _process_alive(int(pid)) and candidate.is_dir() and not candidate.is_symlink():
            shutil.rmtree(candidate, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def update_site(output: Path, changed: dict[str, bytes], removed: set[str], total: int) -> WriteReport:
    """Apply a rebuild to a site this process wrote before: replace `changed`, delete `removed`."""
    check_output(output)
    staging = output.with_name(f"{output.name}.tmp-{os.getpid()}")
    staging.mkdir(exist_ok=True)
    try:
        for number, (relative, data) in enumerate(sorted(changed.items())):
            _replace(output / relative, data, staging / f"{number}.tmp", output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for relative in sorted(removed):
        target = output / relative
        if target.is_file() or target.is_symlink():
            target.unlink()
        folder = target.parent
        while folder != output and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return WriteReport(len(changed), total - len(changed), len(removed))
