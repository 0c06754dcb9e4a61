"""What reading a capture costs, paid once: its SHA-256 and visible text, kept between runs.

Each capture has one entry, in memory for as long as a Builder lives (`dossier serve`) and on disk
in `.dossier-cache/captures/` (docs/captures.md, "The cache"). An entry holds the file's stat key
(size, mtime, ctime, inode and device) and is used only when the file's key is still that one:
writing a file, or `touch`ing it back to its old time, changes its ctime, and replacing it changes
its inode, so a changed capture never passes on a stale entry. An entry on disk that cannot be
read, or that is not exactly what this module writes, is ignored and written again. A cache
folder that git tracks is never read or written: its entries would come from another machine.

A visible text and a faithfulness result also depend on the code that made them: an entry written
by other code (`code_version`) keeps its SHA-256 but not its text or result. A faithfulness result
is used only for the same source `url` (it picks a web archive's page) and the same working text.
The `captured` date is compared on every run, never cached.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.core.files import read_limited, write_whole
from generator.core.layout import CACHE_FOLDER
from generator.read.gitrev import RevisionError, git_bytes

if TYPE_CHECKING:
    from generator.capture.faithful import Problem
    from generator.capture.visible import VisibleText

CAPTURES = "captures"
FORMAT = 2
"""The layout of an entry: an entry of another layout is ignored."""

_TEXT_CODE = ("capture/archive.py", "capture/charset.py", "capture/faithful.py", "capture/kinds.py",
              "capture/visible.py", "text/markdown.py", "text/quote_misses.py", "text/quotes.py")
"""dossier's modules that make a capture's visible text and the faithfulness result (paths under `generator/`)."""
_TEXT_LIBRARIES = (("lxml", "lxml"), ("pdfminer", "pdfminer_six"), ("warcio", "warcio"))
"""(module, distribution name as in its `.dist-info` folder) of the libraries that read captures."""

StatKey = tuple[int, int, int, int, int]
"""(size, mtime_ns, ctime_ns, inode, device) of a capture file."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """The faithfulness check of one working text against the capture (generator/capture/faithful.py)."""

    made_for: str
    """`outcome_key` of the source's url and working text it was made for."""
    problems: tuple[Problem, ...]
    blocks: int
    left_out: int


def outcome_key(url: str | None, working: str) -> str:
    """What a faithfulness result depends on besides the capture's visible text: the source's `url`
    (the page of a web archive) and its working text."""
    digest = hashlib.blake2b(digest_size=20)
    for part in ("" if url is None else "url:" + url, working):
        encoded = part.encode("utf-8", "surrogatepass")
        digest.update(len(encoded).to_bytes(8, "big") + encoded)
    return digest.hexdigest()


def code_version() -> str:
    """A digest of the code that reads captures and checks faithfulness: dossier's own modules (their
    source) and the installed versions of lxml, pdfminer.six and warcio. Any change to one makes the
    cached visible texts and results stale. Costs about a millisecond: nothing is imported."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=20)
    for name in _TEXT_CODE:
        try:
            digest.update((package / name).read_bytes())
        except OSError:
            digest.update(b"missing " + name.encode())
    for module, distribution in _TEXT_LIBRARIES:
        digest.update(_installed_version(module, distribution).encode())
    return digest.hexdigest()


def _installed_version(module: str, distribution: str) -> str:
    """The `.dist-info` folder that installed `module` (`lxml-6.2.0.dist-info`), or its path when there is none."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return ""
    packages = Path(spec.origin).parent.parent
    try:
        return " ".join(sorted(name for name in os.listdir(packages)
                               if name.lower().startswith(distribution + "-") and name.endswith(".dist-info")))
    except OSError:
        return spec.origin


@dataclass(frozen=True, slots=True)
class Entry:
    """What is known about one capture file while its stat key stays `key`."""

    key: StatKey
    sha256: str
    url: str | None = None
    """The `url` the visible text was read for (it picks a web archive's page)."""
    visible: VisibleText | None = None
    error: str | None = None
    """Why the visible text could not be read (a CaptureError's message), instead of `visible`."""
    outcome: Outcome | None = None
    """The last faithfulness check against `visible`: a source whose text did not change is not checked again."""

    def text_for(self, url: str | None) -> bool:
        """Whether the entry holds the visible text (or why there is none) read for `url`."""
        return (self.visible is not None or self.error is not None) and self.url == url


def stat_key(info: os.stat_result) -> StatKey:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


@dataclass(slots=True)
class CaptureCache:
    """Entries by the capture's path relative to the project; kept by a Builder between builds."""

    memory: dict[str, Entry] = field(default_factory=dict)
    folder: Path | None = None
    """`.dossier-cache/captures/`, or None: this run reads and writes no entry on disk."""
    folder_of: tuple[Path | None, Path | None] | None = None
    """(root, its `folder`) as last decided: whether git tracks the cache folder is asked once per root."""
    known_version: str | None = None
    """`code_version()`, worked out on the first entry read or written (see `version`)."""
    written: set[str] = field(default_factory=set)
    """Names of the disk entries this run wanted: the others are stale (see `flush`)."""
    dirty: set[str] = field(default_factory=set)
    """Paths whose entry changed in this run: written to disk by `flush`."""

    @property
    def version(self) -> str:
        """`code_version()`: entries on disk of another version keep only their SHA-256."""
        if self.known_version is None:
            self.known_version = code_version()
        return self.known_version

    def use_folder(self, root: Path | None) -> None:
        """Read and write entries under `root`'s cache folder, unless git tracks it (or `root` is None)."""
        if self.folder_of is None or self.folder_of[0] != root:
            used = root is not None and not tracked_by_git(root, CACHE_FOLDER)
            self.folder_of = (root, root / CACHE_FOLDER / CAPTURES if root is not None and used else None)
        self.folder = self.folder_of[1]
        self.written, self.dirty = set(), set()

    def entry(self, rel: str, key: StatKey) -> Entry | None:
        """The entry for `rel` if it was made for a file with this stat key."""
        kept = self.memory.get(rel)
        if kept is None and self.folder is not None:
            kept = _read_entry(self.folder / _entry_name(rel), rel, self.version)
        if kept is None or kept.key != key:
            return None
        self.memory[rel] = kept
        return kept

    def keep(self, rel: str, entry: Entry) -> None:
        """Remember `entry` for `rel`; `flush` writes it to disk."""
        self.memory[rel] = entry
        self.dirty.add(rel)
        self.written.add(_entry_name(rel))

    def touched(self, rel: str) -> None:
        """`rel` is still a capture: its entry on disk is not stale."""
        self.written.add(_entry_name(rel))

    def write_changed(self) -> None:
        """Write the entries that changed. A cache that cannot be written only costs time."""
        dirty, self.dirty = self.dirty, set()
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for rel in sorted(dirty):
                text = json.dumps(_to_json(rel, self.memory[rel], self.version), ensure_ascii=False)
                write_whole(self.folder / _entry_name(rel), text.encode("utf-8"))
        except OSError:
            pass

    def remove_stale(self, written: set[str]) -> None:
        """Remove the entries on disk that `written` does not name (this run's and its workers': the others
        are of captures renamed or deleted)."""
        if self.folder is None:
            return
        try:
            with os.scandir(self.folder) as scan:
                stale = [entry.path for entry in scan if entry.name not in written]
            for path in stale:
                os.unlink(path)
        except OSError:
            pass


def tracked_by_git(root: Path, relative: str) -> bool:
    """Whether git tracks any file under `root / relative` (False outside a repository or without git)."""
    try:
        return bool(git_bytes(root, "ls-files", "-z", "--", relative))
    except (OSError, RevisionError):
        return False


def key_of(path: Path) -> StatKey:
    """The stat key of the file at `path` (not followed if a link); OSError if it is not a regular file."""
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(0, "not a regular file")
    return stat_key(info)


def read_file(path: Path, limit: int) -> tuple[StatKey, bytes]:
    """The file's bytes and the stat key they are the bytes of; OSError when it cannot be read, is
    not a regular file (never waited on), is over `limit` or changes while it is read."""
    file = read_limited(path, limit)
    key = stat_key(file.before)
    if stat_key(file.after) != key or len(file.data) != file.before.st_size:
        raise OSError(0, "it changed while it was read; run the command again")
    return key, file.data


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _entry_name(rel: str) -> str:
    return hashlib.blake2b(rel.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest() + ".json"


def _to_json(rel: str, entry: Entry, version: str) -> dict[str, Any]:
    visible, outcome = entry.visible, entry.outcome
    return {"format": FORMAT, "version": version, "path": rel, "key": list(entry.key), "sha256": entry.sha256,
            "url": entry.url, "error": entry.error, "outcome": None if outcome is None else {
                "made_for": outcome.made_for, "blocks": outcome.blocks, "left_out": outcome.left_out,
                "problems": [[problem.severity.value, problem.code, problem.offset, problem.message, problem.passage]
                             for problem in outcome.problems]},
            "visible": None if visible is None else {
                "text": visible.text, "blocks": [list(block) for block in visible.blocks],
                "media_type": visible.media_type, "notes": list(visible.notes), "scripts": visible.scripts,
                "response": None if visible.response is None else {
                    "uri": visible.response.uri, "date": visible.response.date, "status": visible.response.status,
                    "http_headers": [list(header) for header in visible.response.http_headers]}}}


def _read_entry(path: Path, rel: str, version: str) -> Entry | None:
    """The entry in `path`, or None when there is none or it is not exactly what `_to_json` writes;
    only its SHA-256 when other code wrote it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entry = _from_json(data, rel)
        if entry is not None and data["version"] != version:
            return Entry(entry.key, entry.sha256)
        return entry
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _from_json(data: dict, rel: str) -> Entry | None:
    key = data["key"]
    if (data["format"] != FORMAT or data["path"] != rel or not _ints(key, 5) or not _is_sha256(data["sha256"])
            or not _optional(data["url"], str) or not _optional(data["error"], str)):
        return None
    visible, outcome = data["visible"], data["outcome"]
    if visible is not None:
        visible = _visible_from_json(visible)
        if visible is None:
            return None
    if outcome is not None:
        outcome = _outcome_from_json(outcome)
        if outcome is None or visible is None:
            return None
    return Entry(tuple(key), data["sha256"], data["url"], visible, data["error"], outcome)


def _outcome_from_json(data: dict) -> Outcome | None:
    from generator.capture.faithful import Problem
    from generator.core.diagnostics import Severity

    problems = data["problems"]
    if not (isinstance(data["made_for"], str) and type(data["blocks"]) is int and type(data["left_out"]) is int
            and isinstance(problems, list) and all(_is_problem(problem) for problem in problems)):
        return None
    return Outcome(data["made_for"], tuple(Problem(Severity(severity), code, offset, message, passage)
                                          for severity, code, offset, message, passage in problems),
                   data["blocks"], data["left_out"])


def _is_problem(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 5 and value[0] in ("error", "warning")
            and isinstance(value[1], str) and type(value[2]) is int and value[2] >= 0 and isinstance(value[3], str)
            and _optional(value[4], str))


def _visible_from_json(data: dict) -> VisibleText | None:
    from generator.capture.archive import Response
    from generator.capture.visible import VisibleText

    text, blocks, response = data["text"], data["blocks"], data["response"]
    if not (isinstance(text, str) and isinstance(data["media_type"], str) and isinstance(blocks, list)
            and all(_ints(block, 2) for block in blocks) and _ordered(blocks, len(text))
            and isinstance(data["notes"], list) and all(isinstance(note, str) for note in data["notes"])
            and type(data["scripts"]) is int):
        return None
    if response is not None:
        headers = response["http_headers"]
        if not (isinstance(response["uri"], str) and isinstance(response["date"], str)
                and (response["status"] is None or type(response["status"]) is int) and isinstance(headers, list)
                and all(isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair)
                        for pair in headers)):
            return None
        response = Response(response["uri"], response["date"], response["status"],
                            tuple((name, value) for name, value in headers))
    return VisibleText(text, tuple((start, end) for start, end in blocks), data["media_type"], response,
                       tuple(data["notes"]), data["scripts"])


def _ints(value: Any, count: int) -> bool:
    return isinstance(value, list) and len(value) == count and all(type(item) is int for item in value)


def _ordered(blocks: list[list[int]], length: int) -> bool:
    """Blocks in order, inside the text, none overlapping."""
    last = 0
    for start, end in blocks:
        if not last <= start <= end <= length:
            return False
        last = end
    return True


def _is_sha256(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(char in "0123456789abcdef" for char in value)


def _optional(value: Any, kind: type) -> bool:
    return value is None or isinstance(value, kind)
