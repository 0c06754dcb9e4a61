"""The changes of each commit, kept in `.dossier-cache/changelog.json` for the next build: a commit's
changes never change, so each is compared once, and a new commit costs only its own comparison.

The file is trusted only when it is exactly what `write_cache` writes: its layout, the settings it
was read with and a digest of its contents are checked, and anything else is ignored (the
changes are then read from git again, with the same result). A cache that git tracks is never
written (it would change the repository at every commit).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.layout import CACHE_FOLDER
from generator.history.changelog import RecordKey
from generator.history.commits import Located, Step
from generator.history.versions import Record
from generator.read.gitrev import RevisionError, git_bytes

CACHE_FILE = "changelog.json"
FORMAT = 1
"""The layout of the cache file: a file of another layout is ignored."""


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
    entries: tuple[Entry, ...]
    """The main line's commits that touched the content folder up to `head`, oldest first."""


def read_cache(root: Path, settings: tuple[str, ...]) -> Cached | None:
    """What the last build kept for these settings (content folder, language), or None."""
    try:
        header, _, payload = (root / CACHE_FOLDER / CACHE_FILE).read_bytes().partition(b"\n")
        if json.loads(header) != _header(settings, payload):
            return None
        data = json.loads(payload)
        return Cached(_text(data["head"]), tuple(_entry(item) for item in data["entries"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def write_cache(root: Path, settings: tuple[str, ...], cached: Cached) -> None:
    """Keep the changes for the next build; a cache that cannot be written only costs time.

    The file is two lines: a header (layout, settings, the SHA-256 of the second line, so that a
    file edited or cut short is not trusted), then the changes."""
    if _tracked(root):
        return
    payload = json.dumps({"head": cached.head, "entries": [_entry_data(entry) for entry in cached.entries]},
                         separators=(",", ":")).encode("ascii")
    path = root / CACHE_FOLDER / CACHE_FILE
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with contextlib.suppress(OSError):
        try:
            path.parent.mkdir(exist_ok=True)
            temporary.write_bytes(json.dumps(_header(settings, payload)).encode("ascii") + b"\n" + payload)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)


def _header(settings: tuple[str, ...], payload: bytes) -> dict[str, Any]:
    return {"format": FORMAT, "settings": list(settings), "sha256": hashlib.sha256(payload).hexdigest()}


def _tracked(root: Path) -> bool:
    try:
        return bool(git_bytes(root, "ls-files", "-z", "--", CACHE_FOLDER))
    except RevisionError:
        return True


def _entry_data(entry: Entry) -> list[Any]:
    steps = [[step.kind, step.record_id, step.status, step.title, list(step.lines), step.renamed_from]
             for step in entry.steps]
    pending = [[kind, record_id, located.path, located.record.data, located.record.title]
               for (kind, record_id), located in entry.pending.items()]
    return [entry.id, entry.seconds, entry.subject, steps, pending]


def _entry(item: list[Any]) -> Entry:
    """An entry as `_entry_data` writes it; a value of another type is a TypeError."""
    commit_id, seconds, subject, steps, pending = item
    if not isinstance(seconds, int):
        raise TypeError("seconds")
    return Entry(_text(commit_id), seconds, _text(subject), tuple(_step(step) for step in steps),
                 {(_text(kind), _text(record_id)): Located(_text(path), Record(_mapping(data), _text(title)))
                  for kind, record_id, path, data, title in pending})


def _step(item: list[Any]) -> Step:
    kind, record_id, status, title, lines, renamed_from = item
    return Step(_text(kind), _text(record_id), _text(status), _text(title), tuple(_text(line) for line in lines),
                None if renamed_from is None else _text(renamed_from))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("text")
    return value


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("mapping")
    return value
