"""Writing the site: nothing before everything is rendered, each file replaced atomically, unchanged
files left untouched, stale files pruned, and nothing written outside the output folder and its
staging sibling (`<output>.tmp-<pid>`: same filesystem, so `os.replace` is atomic).

Pages are put into the staging folder as they are rendered (by several processes at once, in a big
build); only when the whole build has succeeded are they moved into the output folder. A failed
build removes the staging folder and leaves the output exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterable, Iterator
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
        os.chmod(target, 0o644)
        return True

    def commit(self, keep: Iterable[str] | None, removed: Iterable[str] = ()) -> WriteReport:
        """Put the staged files in place. A full build (`keep`: every file of the new site) replaces
        the site in one rename; an incremental one moves its few files and deletes `removed`."""
        if not self.output.exists():  # a first build: the staging folder simply becomes the site
            return self._rename_into_place()
        if keep is not None and (report := self._swap_if_worth_it(set(keep) | {MARKER})) is not None:
            return report
        os.chmod(self.output, 0o755)
        written = 0
        try:
            for folder, _, names in os.walk(self.folder):
                for name in sorted(names):
                    staged = Path(folder, name)
                    target = self.output / staged.relative_to(self.folder)
                    _make_parents(target.parent, self.output)
                    if target.is_dir() and not target.is_symlink():
                        shutil.rmtree(target)
                    os.replace(staged, target)
                    written += 1
        finally:
            self.abort()
        if not (self.output / MARKER).is_file():
            (self.output / MARKER).write_bytes(MARKER_TEXT)
            os.chmod(self.output / MARKER, 0o644)
        removed_count = _prune(self.output, set(keep) | {MARKER}) if keep is not None else _delete(self.output, removed)
        return WriteReport(written, 0, removed_count)

    def _rename_into_place(self) -> WriteReport:
        (self.folder / MARKER).write_bytes(MARKER_TEXT)
        os.chmod(self.folder / MARKER, 0o644)
        written = _open_folders(self.folder)
        self.output.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.folder, self.output)
        return WriteReport(written - 1, 0, 0)

    def _swap_if_worth_it(self, keep: set[str]) -> WriteReport | None:
        written = _open_folders(self.folder)
        if not _worth_swapping(written, keep):
            return None
        try:
            return self._swap_into_place(keep, written)
        except BaseException:
            self.abort()
            raise

    def _swap_into_place(self, keep: set[str], written: int) -> WriteReport | None:
        """The new site as a whole, so that a build killed at any moment leaves the old site or the
        new one, never a mix: the unchanged files are hard-linked into the staging folder (their
        bytes, times and inodes stay as they were), the old site is moved aside and the staging
        folder renamed in its place. None when the site cannot be moved (a mount point): the caller
        then moves the files one by one."""
        for relative in sorted(keep):
            staged = self.folder / relative
            if not os.path.lexists(staged) and os.path.lexists(self.output / relative):
                _make_parents(staged.parent, self.folder)
                _link_or_copy(self.output / relative, staged)
        if not (self.folder / MARKER).is_file():
            (self.folder / MARKER).write_bytes(MARKER_TEXT)
            os.chmod(self.folder / MARKER, 0o644)
        removed = sum(relative not in keep for relative in _files(self.output))
        aside = self.output.with_name(f"{self.output.name}.old-{os.getpid()}")
        try:
            os.replace(self.output, aside)
        except OSError:
            return None
        try:
            os.replace(self.folder, self.output)
        except BaseException:
            os.replace(aside, self.output)
            raise
        shutil.rmtree(aside, ignore_errors=True)
        return WriteReport(written, 0, removed)

    def abort(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def update_site(output: Path, changed: dict[str, bytes], removed: set[str], total: int) -> WriteReport:
    """Apply a rebuild to a site this process wrote before: replace `changed`, delete `removed`."""
    staging = Staging(output)
    for relative, data in sorted(changed.items()):
        staging.put(relative, data)
    report = staging.commit(None, removed)
    return WriteReport(report.written, total - report.written, report.removed)


SWAP_LINKS = 2000
"""Up to this many unchanged files, a full build links them and replaces the site in one rename."""


def _worth_swapping(staged: int, keep: set[str]) -> bool:
    """Whether to replace the whole site at once. Linking the unchanged files costs a folder and a
    link per page (a third of the render time on a slow disk), so a big site with few changes moves
    its changed files one by one instead: each file is still replaced atomically, and the moment
    in which old and new pages mix is that of a few renames."""
    unchanged = len(keep) - staged
    return unchanged <= SWAP_LINKS or staged >= unchanged


def _open_folders(folder: Path) -> int:
    """Make every folder readable by a web server whatever the umask; the number of files inside."""
    files = 0
    for current, _, names in os.walk(folder):
        os.chmod(current, 0o755)
        files += len(names)
    return files


def _link_or_copy(existing: Path, new: Path) -> None:
    try:
        os.link(existing, new)
    except OSError:  # a file system without hard links
        shutil.copy2(existing, new)


def _files(folder: Path) -> Iterator[str]:
    for current, _, names in os.walk(folder):
        for name in names:
            yield Path(current, name).relative_to(folder).as_posix()


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
    """Staging folders, and old sites set aside, left by builds that were killed (their process is gone)."""
    for candidate in [*output.parent.glob(f"{output.name}.tmp-*"), *output.parent.glob(f"{output.name}.old-*")]:
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
