"""Writing the site: nothing before everything is rendered, each file replaced atomically, unchanged
files left untouched, stale files pruned, and nothing written outside the output folder and its
staging sibling (`<output>.tmp-<pid>`: same filesystem, so `os.replace` is atomic).

Pages are put into the staging folder as they are rendered (by several processes at once, in a big
build); only when the whole build has succeeded are they moved into the output folder. A failed
build removes the staging folder and leaves the output exactly as it was.

Files and folders are created with the modes the umask gives; the output folder's own mode is
never changed.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Iterable
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


class Staging:
    """The files of one build on their way into the output folder."""

    def __init__(self, output: Path) -> None:
        check_output(output)
        self.output = output
        self.folder = output.with_name(f"{output.name}.tmp-{os.getpid()}")
        _remove_stale_staging(output)
        shutil.rmtree(self.folder, ignore_errors=True)
        try:
            self.folder.mkdir(parents=True)
        except OSError as error:
            raise OutputError(f"cannot make the output folder {output}: {error.strerror}") from None

    def put(self, relative: str, data: bytes) -> bool:
        """Stage a file unless the output already holds these bytes; True when staged.
        Safe to call from several processes at once for different files."""
        if _same_bytes(self.output / relative, data):
            return False
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
        return True

    def commit(self, keep: Iterable[str] | None, removed: Iterable[str] = ()) -> WriteReport:
        """Move every staged file into place; then prune what `keep` does not name (a full build)
        or delete `removed` (an incremental one)."""
        if not self.output.exists():  # a first build: the staging folder simply becomes the site
            return self._rename_into_place()
        written = 0
        try:
            for folder, _, names in os.walk(self.folder):
                for name in sorted(names):
                    staged = Path(folder, name)
                    target = self.output / staged.relative_to(self.folder)
                    _make_parents(target.parent, self.output)
                    if target.is_dir() and not target.is_symlink():
                        shutil.rmtree(target)
                    _move(staged, target)
                    written += 1
        finally:
            self.abort()
        if not (self.output / MARKER).is_file():
            (self.output / MARKER).write_bytes(MARKER_TEXT)
        removed_count = _prune(self.output, set(keep) | {MARKER}) if keep is not None else _delete(self.output, removed)
        return WriteReport(written, 0, removed_count)

    def _rename_into_place(self) -> WriteReport:
        (self.folder / MARKER).write_bytes(MARKER_TEXT)
        written = 0
        for folder, dirnames, names in os.walk(self.folder):
            written += len(names)
        self.output.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.folder, self.output)
        return WriteReport(written - 1, 0, 0)

    def abort(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def update_site(output: Path, changed: dict[str, bytes], removed: set[str], total: int) -> WriteReport:
    """Apply a rebuild to a site this process wrote before: replace `changed`, delete `removed`."""
    staging = Staging(output)
    for relative, data in sorted(changed.items()):
        staging.put(relative, data)
    report = staging.commit(None, removed)
    return WriteReport(report.written, total - report.written, report.removed)


def _move(staged: Path, target: Path) -> None:
    """Replace `target` atomically. When the output folder is a mount point (a container's volume),
    the staging folder beside it is on another file system: the file is then copied next to its
    target first, and renamed from there."""
    try:
        os.replace(staged, target)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        beside = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        try:
            shutil.copyfile(staged, beside)
            os.replace(beside, target)
        finally:
            if os.path.lexists(beside):
                os.unlink(beside)


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        info = target.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        return target.read_bytes() == data
    except OSError:
        return False


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


def _delete(output: Path, removed: Iterable[str]) -> int:
    count = 0
    for relative in sorted(removed):
        target = output / relative
        if target.is_file() or target.is_symlink():
            target.unlink()
            count += 1
        folder = target.parent
        while folder != output and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return count


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
