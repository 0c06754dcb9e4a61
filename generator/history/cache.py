"""The changes of each commit, kept in `.dossier-cache/changelog/` for the next build: a commit's
changes never change, so each is compared once, and a new commit costs only its own comparison.

Each commit's changes are a file of their own, `<commit id>.json`, written once; `head.json` lists
the commits of the main line up to the HEAD they were read at. Every file is trusted only when it
is exactly what `write_cache` wrote: its layout, the settings it was read with and the SHA-256 of
its contents are checked, and anything else is ignored (those commits are then compared again,
with the same result). A cache that git tracks is never written (it would change the repository
at every commit).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown_it
import yaml

from generator.core.files import write_whole
from generator.core.layout import CACHE_FOLDER
from generator.history.changelog import RecordKey
from generator.history.commits import Located, Step
from generator.history.versions import Record
from generator.read.gitrev import RevisionError, git_bytes

CACHE_NAME = "changelog"
"""The folder in `.dossier-cache/` that holds the changes."""
HEAD_FILE = "head.json"
FORMAT = 2
"""The layout of the cache files: a file of another layout is ignored."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One commit of the main line that touched the content folder, and what it changed."""

    id: str
    seconds: int
    subject: str
    steps: tuple[Step, ...]
    pending: dict[RecordKey, Located]
    """The records left unreadable after this commit, with their last readable version."""


@dataclass(frozen=True, slots=True)
class Cached:
    head: str
    chain: tuple[str, ...]
    """The main line's commits that touched the content folder up to `head`, oldest first."""
    entries: dict[str, Entry]
    """Those of them whose changes could be read, by commit id."""

    def complete(self) -> tuple[Entry, ...] | None:
        """The entries of every commit of the chain, in order, or None when some could not be read."""
        if not all(commit in self.entries for commit in self.chain):
            return None
        return tuple(self.entries[commit] for commit in self.chain)


CODE = ("core", "numbers", "text", "read", "history")
"""The stages of dossier whose code makes what a commit changed: reading, validating, comparing,
wording. A change to any of them (an upgrade) makes the cached changes stale."""


def code_version() -> str:
    """A digest of that code and of the parsers it uses (PyYAML, markdown-it-py): part of the
    settings a cache file must have been written with. Reads about a hundred small files."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(path for stage in CODE for path in (package / stage).glob("*.py")):
        digest.update(f"{path.parent.name}/{path.name}".encode() + b"\0" + path.read_bytes())
    digest.update(f"{yaml.__version__} {markdown_it.__version__}".encode())
    return digest.hexdigest()


def cache_folder(root: Path) -> Path:
    return root / CACHE_FOLDER / CACHE_NAME


def read_cache(root: Path, settings: tuple[str, ...]) -> Cached | None:
    """What the last build kept for these settings (content folder, language), or None. A cache
    that git tracks is never read: a commit (a pull request's) could make it say anything."""
    folder = cache_folder(root)
    if not (folder / HEAD_FILE).is_file() or tracked(root):
        return None
    index = _read_file(folder / HEAD_FILE, settings)
    if not isinstance(index, dict):
        return None
    try:
        head, chain = _text(index["head"]), tuple(_text(commit) for commit in index["chain"])
    except (KeyError, TypeError):
        return None
    entries = {}
    for commit in chain:
        entry = _read_entry(folder, commit, settings)
        if entry is not None:
            entries[commit] = entry
    return Cached(head, chain, entries)


def _read_entry(folder: Path, commit: str, settings: tuple[str, ...]) -> Entry | None:
    if not (len(commit) in (40, 64) and commit.isalnum() and commit.isascii()):
        return None
    try:
        entry = _entry(_read_file(folder / f"{commit}.json", settings))
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    return entry if entry.id == commit else None


def _read_file(path: Path, settings: tuple[str, ...]) -> Any:
    """The data of a cache file (a header line, then the data as JSON), or None when it is not
    exactly what `_write_file` wrote for these settings."""
    try:
        header, _, payload = path.read_bytes().partition(b"\n")
        if json.loads(header) != _header(settings, payload):
            return None
        return json.loads(payload)
    except (OSError, ValueError):
        return None


def write_cache(root: Path, settings: tuple[str, ...], head: str, entries: tuple[Entry, ...],
                compared: frozenset[str]) -> None:
    """Keep the changes for the next build: the entries of the commits just `compared`, and the
    chain up to `head`; files of commits no longer on the chain are removed. A cache that cannot
    be written only costs time."""
    if tracked(root):
        return
    folder = cache_folder(root)
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        for entry in entries:
            if entry.id in compared:
                _write_file(folder / f"{entry.id}.json", settings, _entry_data(entry))
        _write_file(folder / HEAD_FILE, settings, {"head": head, "chain": [entry.id for entry in entries]})
        kept = {f"{entry.id}.json" for entry in entries} | {HEAD_FILE}
        for path in folder.iterdir():
            if path.name not in kept:
                path.unlink(missing_ok=True)


def _write_file(path: Path, settings: tuple[str, ...], data: Any) -> None:
    """A header (layout, settings, the SHA-256 of the data) and the data, as two lines, written
    whole or not at all."""
    payload = json.dumps(data, separators=(",", ":")).encode("ascii")
    write_whole(path, json.dumps(_header(settings, payload)).encode("ascii") + b"\n" + payload)


def _header(settings: tuple[str, ...], payload: bytes) -> dict[str, Any]:
    return {"format": FORMAT, "settings": list(settings), "sha256": hashlib.sha256(payload).hexdigest()}


def tracked(root: Path) -> bool:
    """Whether git tracks anything in `.dossier-cache/` (or cannot tell): such a cache is never
    written, nor read."""
    try:
        return bool(git_bytes(root, "ls-files", "-z", "--", CACHE_FOLDER))
    except RevisionError:
        return True


def _entry_data(entry: Entry) -> list[Any]:
    """An entry as JSON data; its steps by column (a first commit has tens of thousands of them,
    and columns read back at once)."""
    columns = [list(column) for column in zip(*entry.steps)] if entry.steps else [[] for _ in Step._fields]
    columns[4] = [list(lines) for lines in columns[4]]
    pending = [[kind, record_id, located.path, located.record.data, located.record.title]
               for (kind, record_id), located in entry.pending.items()]
    return [entry.id, entry.seconds, entry.subject, columns, pending]


def _entry(item: list[Any]) -> Entry:
    """An entry as `_entry_data` writes it; a value of another type is a TypeError."""
    commit_id, seconds, subject, columns, pending = item
    if not isinstance(seconds, int):
        raise TypeError("seconds")
    return Entry(_text(commit_id), seconds, _text(subject), _steps(*columns),
                 {(_text(kind), _text(record_id)): Located(_text(path), Record(_text(title), data=_mapping(data)))
                  for kind, record_id, path, data, title in pending})


def _steps(kinds: Any, ids: Any, statuses: Any, titles: Any, lines: Any, renamed: Any) -> tuple[Step, ...]:
    """The steps of an entry from their columns, each checked to be of the type a Step holds."""
    texts = all(_texts(column) for column in (kinds, ids, statuses, titles))
    if not (texts and type(lines) is list and all(_texts(each) for each in lines) and type(renamed) is list
            and all(name is None or type(name) is str for name in renamed)
            and len({len(kinds), len(ids), len(statuses), len(titles), len(lines), len(renamed)}) == 1):
        raise TypeError("steps")
    return tuple(map(Step, kinds, ids, statuses, titles, map(tuple, lines), renamed))


def _texts(values: Any) -> bool:
    return type(values) is list and all(type(value) is str for value in values)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("text")
    return value


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("mapping")
    return value
