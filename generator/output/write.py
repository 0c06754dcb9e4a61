"""Writing the site: nothing before everything is rendered, each file replaced atomically, unchanged
files left untouched, stale files pruned, and nothing written outside the output folder and its
staging sibling (`<output>.tmp-<pid>`: same filesystem, so `os.replace` is atomic).

Pages are put into the staging folder as they are rendered (by several processes at once, in a big
build); only when the whole build has succeeded are they moved into the output folder. A failed
build removes the staging folder and leaves the output exactly as it was; so does a move that fails
part-way (a full disk, a file system remounted read-only): each file it replaced was kept aside,
and is put back (docs in README.md, "Using it").

Files and folders are created with the modes the umask gives; the output folder's own mode is
never changed.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.core.diagnostics import refusal
from generator.core.layout import MARKER
from generator.output.content import Content, chunks, pieces_of

MARKER_TEXT = b"This folder is written by dossier; it is replaced on every build.\n"
STAGING_MARKER = ".dossier-staging"
"""Marks a staging folder: a stale one (its build was killed) is removed only when it holds this."""
STAGING_MARKER_TEXT = b"A dossier build stages its files here; it is removed when the build ends.\n"
_LINKS_UNSUPPORTED = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK}
"""What `link` fails with on a file system without hard links (FAT, some network shares)."""


class OutputError(Exception):
    """The output folder cannot be used safely, or cannot be written (exit 2, one line)."""


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


def cannot_write(path: Path | str, error: OSError, outcome: str = "") -> OutputError:
    """A full disk, a read-only file system, a name too long…: one line with the path and the reason."""
    return OutputError(f"cannot write {path}: {error.strerror or error}{outcome}")


def refused(error: OSError, outcome: str = "") -> OutputError:
    """Something the machine would not give back (a failing disk: EIO): one line, its path and reason."""
    return OutputError(refusal(error) + outcome)


class Staging:
    """The files of one build on their way into the output folder. `protected`: folders that must
    never be deleted (the project, its content and templates folders), whatever their names."""

    def __init__(self, output: Path, protected: Iterable[Path] = ()) -> None:
        check_output(output)
        self.output = output
        self.folder = output.with_name(f"{output.name}.tmp-{os.getpid()}")
        self.protected = {Path(os.path.realpath(path)) for path in (*protected, output)}  # no raise on link loops
        self._output_existed = os.path.lexists(output)
        """False in a first build: no file can hold the same bytes already, so none is looked at."""
        self._made: set[Path] = set()
        """Folders of the staging folder this process made (each forked renderer keeps its own)."""
        _remove_stale_staging(output, self.protected)
        if os.path.lexists(self.folder):
            if not _is_staging(self.folder, self.protected):
                raise OutputError(f"{self.folder} is in the way of the staging folder and was not made by "
                                  "dossier; rename it")
            shutil.rmtree(self.folder)
        try:
            self.folder.mkdir(parents=True)
            (self.folder / STAGING_MARKER).write_bytes(STAGING_MARKER_TEXT)
        except OSError as error:
            self.abort()
            raise OutputError(f"cannot make the output folder {output}: {error.strerror}") from None

    def put(self, relative: str, data: Content) -> bool:
        """Stage a file unless the output already holds these bytes; True when staged.
        Safe to call from several processes at once for different files."""
        if self._output_existed and _same_bytes(self.output / relative, data):
            return False
        target = self.folder / relative
        try:
            _make_once(target.parent, self._made)
            _write_new(target, data)
        except OSError as error:
            raise cannot_write(self.output / relative, error, f"; {self.output.name}/ was left as it was") from None
        return True

    def commit(self, keep: Iterable[str] | None, removed: Iterable[str] = ()) -> WriteReport:
        """Move every staged file into place; then prune what `keep` does not name (a full build)
        or delete `removed` (an incremental one). The staging folder is gone afterwards, whatever happens."""
        try:
            if not self.output.exists():  # a first build: the staging folder simply becomes the site
                return self._rename_into_place()
            moves = self._move_into_place()
            try:
                moves.drop_kept()
                if not (self.output / MARKER).is_file():
                    (self.output / MARKER).write_bytes(MARKER_TEXT)
                removed_count = (_prune(self.output, set(keep) | {MARKER}) if keep is not None
                                 else _delete(self.output, removed))
            except OSError as error:
                raise cannot_write(error.filename or self.output, error,
                                   "; the new pages are in place, files of removed pages may be left") from None
            return WriteReport(moves.count, 0, removed_count)
        finally:
            self.abort()

    def _staged(self) -> Iterator[tuple[Path, Path]]:
        """(staged file, its place in the output folder), folder by folder."""
        for folder, _, names in os.walk(self.folder):
            for name in sorted(names):
                if name != STAGING_MARKER or folder != str(self.folder):
                    staged = Path(folder, name)
                    yield staged, self.output / staged.relative_to(self.folder)

    def _move_into_place(self) -> _Moves:
        """Every staged file moved into the output folder, or, when one cannot be, none."""
        moves = _Moves(self.output)
        for staged, target in self._staged():
            try:
                moves.move(staged, target)
            except OSError as error:
                raise cannot_write(target, error, moves.roll_back()) from None
            except BaseException:  # Ctrl-C: the previous site is put back too
                moves.roll_back()
                raise
        return moves

    def _rename_into_place(self) -> WriteReport:
        written = sum(len(names) for _, _, names in os.walk(self.folder)) - 1
        try:
            (self.folder / MARKER).write_bytes(MARKER_TEXT)
            (self.folder / STAGING_MARKER).unlink()
            self.output.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.folder, self.output)
        except OSError as error:
            raise cannot_write(self.output, error, "; nothing was written") from None
        return WriteReport(written, 0, 0)

    def abort(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def update_site(output: Path, changed: Mapping[str, Content], removed: set[str], total: int,
                protected: Iterable[Path] = ()) -> WriteReport:
    """Apply a rebuild to a site this process wrote before: replace `changed`, delete `removed`."""
    staging = Staging(output, protected)
    try:
        for relative, data in sorted(changed.items()):
            staging.put(relative, data)
    except BaseException:
        staging.abort()
        raise
    report = staging.commit(None, removed)
    return WriteReport(report.written, total - report.written, report.removed)


class _Moves:
    """The move phase of one build, undoable. Each file it replaces is kept aside (a hard link beside
    it, `.<name>.old-<pid>`) and each file or folder in the way of a new one is renamed aside, until
    every staged file is in place: a failure part-way puts the previous site back, rather than
    leave it part old, part new. Replaced files keep their disk space until the move completes."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.count = 0
        self._undo: list[tuple[Path, Path | None]] = []
        """(path, what it held before, kept aside), or (path, None) for a path that did not exist."""

    def move(self, staged: Path, target: Path) -> None:
        self._make_parents(target.parent)
        if os.path.lexists(target):
            self._keep_aside(target)
        if not os.path.lexists(target):
            self._undo.append((target, None))
        _move(staged, target)
        self.count += 1

    def _make_parents(self, folder: Path) -> None:
        """Create the folders down to `folder`, setting aside any file or link that stands in the way."""
        missing = []
        current = folder
        while current != self.output and not (current.is_dir() and not current.is_symlink()):
            missing.append(current)
            current = current.parent
        for path in reversed(missing):
            if os.path.lexists(path):
                self._keep_aside(path)
            self._undo.append((path, None))
            path.mkdir()

    def _keep_aside(self, path: Path) -> None:
        """A regular file stays where it is (a hard link keeps it, so that its replacement is still one
        atomic rename); anything else (a folder, a link) is renamed out of the way."""
        aside = path.with_name(f".{path.name}.old-{os.getpid()}")
        _remove(aside)
        if path.is_file() and not path.is_symlink():
            try:
                os.link(path, aside)
            except OSError as error:
                if error.errno not in _LINKS_UNSUPPORTED:
                    raise
                shutil.copy2(path, aside)
        else:
            os.rename(path, aside)
        self._undo.append((path, aside))

    def roll_back(self) -> str:
        """Put back everything the move changed, newest first; what became of the site, for the message."""
        try:
            for path, aside in reversed(self._undo):
                if aside is None:
                    _remove(path)
                else:
                    _put_back(aside, path)
        except OSError as error:
            return (f"; putting the previous site back failed too ({error.strerror}): some pages are old, "
                    "some new, until the next build")
        return f"; {self.output.name}/ was put back as it was"

    def drop_kept(self) -> None:
        """Every file is in place: the files kept aside are no longer needed."""
        for _, aside in self._undo:
            if aside is not None:
                _remove(aside)


def _put_back(aside: Path, path: Path) -> None:
    if os.path.lexists(path) and os.path.samestat(os.lstat(aside), os.lstat(path)):
        os.unlink(aside)  # a hard link to a file that was not replaced yet (renaming it would do nothing)
    else:
        os.replace(aside, path)


def _remove(path: Path) -> None:
    """Remove a file, a link or a folder that this build made or set aside, if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


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


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` (path relative to `folder` → bytes) into `folder`, each folder made once and each
    file with the fewest system calls (a search index's bundles hold thousands of small files)."""
    made: set[Path] = set()
    for relative, data in files.items():
        target = folder / relative
        _make_once(target.parent, made)
        _write_new(target, data)


def _make_once(folder: Path, made: set[Path]) -> None:
    """Make `folder` unless `made` names it: tens of thousands of files go into a few folders, and
    asking the file system each time costs a system call each."""
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)


def _write_new(target: Path, data: Content) -> None:
    """Write a staged file with the fewest system calls (Python's `open` adds a few per file, and a
    build writes tens of thousands); its mode is what the umask gives, as with `open`."""
    handle = os.open(target, _NEW_FILE, 0o666)
    try:
        for chunk in chunks(data):
            view = memoryview(chunk)
            while view:
                view = view[os.write(handle, view):]
    finally:
        os.close(handle)


def _same_bytes(target: Path, data: Content) -> bool:
    try:
        info = target.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != sum(map(len, pieces_of(data))):
            return False
        with target.open("rb") as file:  # a chunk at a time: no second copy of a big file
            return all(file.read(len(chunk)) == chunk for chunk in chunks(data))
    except OSError:
        return False


def _prune(output: Path, keep: set[str]) -> int:
    """Remove every file (or link) in `output` that the site no longer has, then empty folders."""
    removed = 0
    for folder, dirnames, filenames in os.walk(output, topdown=False):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(folder, d))]:
            path = Path(folder, name)
            if path.relative_to(output).as_posix() not in keep:
                path.unlink()
                removed += 1
        if Path(folder) != output and _empty(Path(folder)):
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
        while folder != output and folder.is_dir() and _empty(folder):
            folder.rmdir()
            folder = folder.parent
    return count


def _empty(folder: Path) -> bool:
    """Whether a folder holds nothing (without listing all of a section's 30,000 entries)."""
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def _remove_stale_staging(output: Path, protected: set[Path]) -> None:
    """Staging folders left by builds that were killed (their process is gone)."""
    for candidate in output.parent.glob(f"{output.name}.tmp-*"):
        pid = candidate.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _process_alive(int(pid)) and _is_staging(candidate, protected):
            shutil.rmtree(candidate, ignore_errors=True)


def _is_staging(folder: Path, protected: set[Path]) -> bool:
    """A staging folder that dossier made (it holds the staging marker), and none of the folders a
    build must never delete, nor a folder holding one: a folder merely named `site.tmp-2024` (a
    user's backup, or a content folder) is never removed."""
    marker = folder / STAGING_MARKER
    if folder.is_symlink() or not folder.is_dir() or marker.is_symlink() or not marker.is_file():
        return False
    resolved = Path(os.path.realpath(folder))
    return not any(resolved == path or resolved in path.parents for path in protected)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
