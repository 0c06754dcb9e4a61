"""Find the dossier's files, read them safely and parse them into located YAML trees.

Pure functions (`decode`, `split_front_matter`, `parse_source_text`, `parse_record_text`) do
the work on text; `load_content` is the thin layer that walks the folder and reads bytes.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.diagnostics import Context, Diagnostic, Span, did_you_mean, error
from generator.core.files import decode, read_regular_file
from generator.core.kinds import BY_PLURAL, KINDS, SOURCE, Kind
from generator.text import yamltree
from generator.text.invisibles import check_invisibles
from generator.text.yamltree import Node

CAPTURE_FOLDER = "captures"
"""Originals of sources, kept byte for byte and never parsed here (docs/captures.md)."""
SOURCE_FORMATS = {".txt": "txt", ".md": "md"}
RECORD_FORMATS = {".yaml": "yaml"}
MAX_RECORD_BYTES = 4 * 1024 * 1024
MAX_SOURCE_BYTES = 128 * 1024 * 1024
MAX_CAPTURE_BYTES = MAX_SOURCE_BYTES

_EDITOR_TEMPORARY = re.compile(r"^(\..*|.*~|#.*#|4913|.*\.(swp|swo|swx|tmp|bak|orig|rej)|.*___jb_(tmp|old)___)$")


def is_ignored(name: str) -> bool:
    """Dotfiles and editor temporaries: never read, never published, never an error."""
    return bool(_EDITOR_TEMPORARY.match(name))


@dataclass(frozen=True, slots=True)
class RecordFile:
    """A people, agencies, figures or claims file, parsed."""

    kind: Kind
    path: str
    stem: str
    root: Node


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str
    stem: str
    format: str
    front: Node
    body: str
    body_line: int


Digest = Callable[[RecordFile | SourceFile], object]
"""What a build makes of each file as soon as it is parsed (see `Content.digest`)."""
InPieces = Callable[[bytes, str, Kind, object], object]
"""What a build keeps of a record file read in parts, given its bytes, path, kind and what the last
read kept of it; None when it must be parsed whole (see `Content.in_pieces`)."""


@dataclass(slots=True)
class Content:
    """Everything read from `content/`, plus the stems of files that exist but could not be read
    (so that references to them are not reported a second time as unknown)."""

    parsed: dict[str, object] = field(default_factory=dict)
    """Path → the file parsed (a RecordFile or SourceFile, or what `digest` made of it)."""
    unreadable: dict[str, set[str]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: dict[str, FileEntry] = field(default_factory=dict)
    """Every file read, by path: what the next load may reuse if the file has not changed."""
    reread: list[str] | None = None
    """The paths read again by a load told which files changed (None: the folder was walked)."""
    digest: Digest | None = None
    """Applied to each file as soon as it is parsed; what it returns is kept instead of the parse
    (a one-shot build keeps each file's validated records, never every syntax tree at once)."""
    in_pieces: InPieces | None = None
    """Tried first on each record file read, with what the last read kept of it: the preview reads
    a long claims file again claim by claim, reusing the claims that did not change (read/pieces.py)."""
    walk_diagnostics: list[Diagnostic] = field(default_factory=list)
    """The problems of the folder's layout (not of a file's content): kept for a load that only
    re-reads the files it is told changed."""
    captures: tuple[str, ...] = ()
    """The names of the regular files in content/captures/ that are not too large, in name order
    (their bytes are read by the capture checks, generator/check/captures.py)."""


FileEntry = tuple[tuple[int, ...], object, list[Diagnostic]]
"""(stat key, the file parsed (or what `digest` made of it) or None when it could not be read, diagnostics)."""


def load_content(root: Path, content_dir: Path, previous: Content | None = None,
                 changed: set[Path] | None = None, digest: Digest | None = None,
                 spread: Spread | None = None, in_pieces: InPieces | None = None) -> Content:
    """Walk `content_dir` (which must exist) in name order and parse every file in it; a file whose
    size and times match `previous` (the last load) is not read again. With `changed` (the paths a
    file watcher saw change since `previous`), when all of them are files `previous` read that are
    still regular files, new files of a record folder or files gone, only those are read again (or
    left out) and the folder is not walked. `spread`, when given, reads many files in several
    processes at once (see Spread); `in_pieces`, see `Content.in_pieces`."""
    if previous is not None and changed is not None:
        found = _changed_files(root, content_dir, previous, changed)
        if found is not None:
            return _reread(root, previous, *found, digest, in_pieces)
    content = Content(files=dict(previous.files) if previous is not None else {}, digest=digest,
                      in_pieces=in_pieces)
    seen: dict[str, Kind] = {}
    for entry in _entries(content_dir):
        rel = _relative(root, entry.path)
        if entry.is_symlink():
            content.walk_diagnostics.append(_symlink_error(rel))
        elif entry.is_dir(follow_symlinks=False) and entry.name in BY_PLURAL:
            _load_folder(root, Path(entry.path), BY_PLURAL[entry.name], content, seen)
        elif entry.is_dir(follow_symlinks=False) and entry.name == CAPTURE_FOLDER:
            content.captures = _capture_files(root, Path(entry.path), content.walk_diagnostics)
        elif entry.is_dir(follow_symlinks=False):
            hint = did_you_mean(entry.name, [*BY_PLURAL, CAPTURE_FOLDER]) or _folders_hint()
            content.walk_diagnostics.append(error("fs.unknown-folder", f"unknown folder '{entry.name}' in content",
                                                  Span(rel), hint))
        else:
            content.walk_diagnostics.append(error("fs.misplaced", "file outside the record folders is not read",
                                                  Span(rel), "move it into " + _folders_hint()))
    _read_files(root, seen, content, spread)
    for gone in set(content.files) - seen.keys():
        del content.files[gone]
    return _collected(content)


Spread = Callable[[Callable[[Sequence[str]], list[tuple[str, FileEntry]]], Sequence[str]],
                  list[list[tuple[str, FileEntry]]]]
"""Runs a function on shares of a list in processes of their own and returns each share's result
(output.parallel.fork_map with its number of processes set): a dossier of thousands of files
is read and validated on every core."""
SPREAD_FROM = 1000
"""Fewer files than this are read in this process: forking costs more than it saves."""


def _read_files(root: Path, found: dict[str, Kind], content: Content, spread: Spread | None) -> None:
    """Read the files found by the walk (path relative to `root` → kind) into `content.files`, in
    the walk's order, those unchanged since the last read excepted."""
    if spread is None or len(found) < SPREAD_FROM:
        for rel, kind in found.items():
            _read_file(str(root / rel), rel, kind, content)
        return

    def read_share(rels: Sequence[str]) -> list[tuple[str, FileEntry]]:
        for rel in rels:
            _read_file(str(root / rel), rel, found[rel], content)
        return [(rel, content.files[rel]) for rel in rels]

    read = dict(entry for share in spread(read_share, list(found)) for entry in share)
    content.files.update((rel, read[rel]) for rel in found)


def _changed_files(root: Path, content_dir: Path, previous: Content, changed: set[Path]
                   ) -> tuple[list[str], list[str]] | None:
    """The content files among `changed`, relative to `root`: those to read (changed, or new in a
    record folder with its kind's extension) and those gone; None when one is anything else (a
    folder, a link, a file the walk would report): then the folder must be walked."""
    rels, gone = [], []
    for path in changed:
        if content_dir not in path.parents or is_ignored(path.name):
            return None
        rel = _relative(root, str(path))
        try:
            regular = stat.S_ISREG(os.lstat(path).st_mode)
        except FileNotFoundError:
            if rel not in previous.files:
                return None
            gone.append(rel)
            continue
        except OSError:
            return None
        if not regular or (rel not in previous.files and not _record_file(content_dir, path)):
            return None
        rels.append(rel)
    return sorted(rels), gone


def _record_file(content_dir: Path, path: Path) -> bool:
    """Whether the walk would read a file that is new: one in a record folder, with its kind's extension."""
    kind = BY_PLURAL.get(path.parent.name)
    return (kind is not None and path.parent.parent == content_dir and not path.parent.is_symlink()
            and os.path.splitext(path.name)[1] in file_formats(kind))


def _reread(root: Path, previous: Content, rels: list[str], gone: list[str], digest: Digest | None,
            in_pieces: InPieces | None) -> Content:
    """`previous` with the files `rels` read again and those `gone` left out: the folder is not
    walked, and what is not about those files is taken over as it is."""
    files = dict(previous.files)  # a copy as such, not a walk over every file (40,000 at 10,000 sources)
    for rel in gone:
        files.pop(rel, None)
    content = Content(files=files, reread=rels, digest=digest, in_pieces=in_pieces,
                      walk_diagnostics=previous.walk_diagnostics, captures=previous.captures)
    for rel in rels:
        _read_file(str(root / rel), rel, BY_PLURAL[rel.split("/")[-2]], content)
    new = [rel for rel in rels if rel not in previous.files]
    if gone or new or any(content.files[rel][1] is None or previous.files[rel][1] is None for rel in rels):
        content.reread = None  # files came, went, or became readable or unreadable: the records must be gathered again
        content.files = dict(sorted(content.files.items())) if new else content.files  # in the walk's order
        return _collected(content)
    content.parsed = dict(previous.parsed)
    content.parsed.update((rel, content.files[rel][1]) for rel in rels)
    content.unreadable = previous.unreadable
    again = set(rels)
    content.diagnostics = [problem for problem in previous.diagnostics if problem.span.path not in again]
    for rel in rels:
        content.diagnostics.extend(content.files[rel][2])
    return content


def _collected(content: Content) -> Content:
    """The parsed files by path, the stems of the unreadable ones, and every problem found."""
    content.diagnostics = list(content.walk_diagnostics)
    for rel, (_, parsed, problems) in content.files.items():
        content.diagnostics.extend(problems)
        if parsed is None:
            folder = rel.split("/")[-2]
            content.unreadable.setdefault(folder, set()).add(os.path.splitext(rel.rsplit("/", 1)[-1])[0])
        else:
            content.parsed[rel] = parsed
    return content


def _folders_hint() -> str:
    return "one of: " + ", ".join(f"{name}/" for name in [*(kind.folder for kind in KINDS), CAPTURE_FOLDER])


def _entries(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as scan:
        return sorted((entry for entry in scan if not is_ignored(entry.name)), key=lambda entry: entry.name)


def _relative(root: Path, path: str) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _symlink_error(rel: str) -> Diagnostic:
    return error("fs.symlink", "symbolic links are not allowed in content", Span(rel),
                 "copy the file in; a link could publish files from outside the dossier")


def _link_or_folder(entry: os.DirEntry, rel: str, name: str) -> Diagnostic | None:
    """The error for a link or a folder inside content/`name`/: no folder of content/ reads either."""
    if entry.is_symlink():
        return _symlink_error(rel)
    if entry.is_dir(follow_symlinks=False):
        return error("fs.misplaced", f"folders inside content/{name}/ are not read", Span(rel),
                     f"put its files directly in content/{name}/")
    return None


def file_formats(kind: Kind) -> Mapping[str, str]:
    """Extension → format of the files a kind's folder holds: `.txt` or `.md` for sources, `.yaml` else."""
    return SOURCE_FORMATS if kind is SOURCE else RECORD_FORMATS


def _load_folder(root: Path, folder: Path, kind: Kind, content: Content, seen: dict[str, Kind]) -> None:
    """Note the files of a record folder in `seen` (to be read), and what is wrong with the rest."""
    extensions = file_formats(kind)
    folder_rel = _relative(root, str(folder))
    for entry in _entries(folder):
        rel = f"{folder_rel}/{entry.name}"
        extension = os.path.splitext(entry.name)[1]
        if (problem := _link_or_folder(entry, rel, kind.folder)) is not None:
            content.walk_diagnostics.append(problem)
        elif extension not in extensions:
            wanted = " or ".join(extensions)
            content.walk_diagnostics.append(error("fs.extension",
                                                  f"files in content/{kind.folder}/ must end in {wanted}",
                                                  Span(rel), _extension_hint(extension, kind)))
        else:
            seen[rel] = kind


def _capture_files(root: Path, folder: Path, problems: list[Diagnostic]) -> tuple[str, ...]:
    """The capture files: any name and extension, never read here; links, folders, special files
    and files over the size limit are errors, as in the other folders."""
    names = []
    for entry in _entries(folder):
        rel = _relative(root, entry.path)
        if (problem := _link_or_folder(entry, rel, CAPTURE_FOLDER)) is not None:
            problems.append(problem)
        elif not entry.is_file(follow_symlinks=False):
            problems.append(error("fs.not-regular", "not a regular file (a pipe, socket or device)", Span(rel)))
        elif (size := entry.stat(follow_symlinks=False).st_size) > MAX_CAPTURE_BYTES:
            problems.append(error("fs.too-large", f"file is {size / 2**20:.1f} MB; the limit is "
                                                  f"{MAX_CAPTURE_BYTES / 2**20:.0f} MB", Span(rel)))
        else:
            names.append(entry.name)
    return tuple(names)


def _extension_hint(extension: str, kind: Kind) -> str | None:
    if extension in (".yml", ".yaml") and kind is SOURCE:
        return "records go in content/people/, agencies/, figures/ or claims/"
    if extension == ".yml":
        return "rename it to .yaml"
    if extension in (".txt", ".md") and kind is not SOURCE:
        return "source documents go in content/sources/"
    return None


def _read_file(path: str, rel: str, kind: Kind, content: Content) -> None:
    """Parse the file into `content.files`, unless its size and times are those of the last read."""
    try:
        info = os.lstat(path)
        key: tuple[int, ...] = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
    except OSError:
        key = ()
    cached = content.files.get(rel)
    if cached is None or not key or cached[0] != key:
        content.files[rel] = (key, *_read_and_keep(path, rel, kind, content, cached[1] if cached else None))


def _read_and_keep(path: str, rel: str, kind: Kind, content: Content, last: object) -> tuple[object, list[Diagnostic]]:
    """What to keep of the file (what `content.digest` makes of its parse, if given; None when it
    could not be read), and its problems."""
    data, problem = read_regular_file(path, rel, MAX_SOURCE_BYTES if kind is SOURCE else MAX_RECORD_BYTES)
    if problem is not None:
        return None, [problem]
    if content.in_pieces is not None and kind is not SOURCE:
        kept = content.in_pieces(data, rel, kind, last)
        if kept is not None:
            return kept, []
    stem, extension = os.path.splitext(rel.rsplit("/", 1)[-1])
    parsed, problems = (parse_source_text(data, rel, stem, file_formats(kind)[extension]) if kind is SOURCE
                        else parse_record_text(data, rel, stem, kind))
    return content.digest(parsed) if parsed is not None and content.digest is not None else parsed, problems


_CONTROL_IN_TEXT = re.compile("[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]")
"""Control characters HTML does not allow in text (tab, newline and form feed are white space)."""


def _decoded_nonempty(data: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    text, problem = decode(data, rel)
    if problem is not None:
        return None, [problem]
    if not text.strip():
        return None, [error("file.empty", "file is empty", Span(rel))]
    return text, []


def parse_record_text(data: bytes, rel: str, stem: str, kind: Kind) -> tuple[RecordFile | None, list[Diagnostic]]:
    text, problems = _decoded_nonempty(data, rel)
    if text is None:
        return None, problems
    root, problems = yamltree.parse(text, rel)
    if root is None:
        return None, problems or [error("file.empty", "file holds no YAML values, only comments", Span(rel))]
    return RecordFile(kind, rel, stem, root), []


def parse_source_text(data: bytes, rel: str, stem: str, fmt: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    text, problems = _decoded_nonempty(data, rel)
    if text is None:
        return None, problems
    split = split_front_matter(text, rel)
    if isinstance(split, Diagnostic):
        return None, [split]
    front_text, body, body_line = split
    locate = yamltree.locator(body, rel, body_line)
    if control := _CONTROL_IN_TEXT.search(body):
        return None, [error("text.control", f"the text contains the control character U+{ord(control[0]):04X}",
                            locate(control.start()),
                            "it is invisible and not allowed in a web page; remove it")]
    front, problems = yamltree.parse(front_text, rel, first_line=2)
    if front is None:
        return None, problems or [error("frontmatter.empty", "front matter is empty", Span(rel, 1),
                                        "it needs at least title, publisher and date")]
    ctx = Context([])
    body, _ = check_invisibles(body, fmt == "md", "the text", lambda offset: (locate(offset), None), ctx)
    return SourceFile(rel, stem, fmt, front, body, body_line), ctx.diagnostics


def split_front_matter(text: str, rel: str) -> tuple[str, str, int] | Diagnostic:
    """(front matter, body, line where the body starts), or why the file has no front matter."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        hint = "front matter must start with `---` on the first line"
        if any(line.rstrip() == "---" for line in lines[1:20]):
            hint += "; remove what comes before it"
        return error("frontmatter.missing", "source has no front matter", Span(rel, 1), hint)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return error("frontmatter.unclosed", "front matter is not closed", Span(rel, 1),
                 "end it with a line containing only ---")
