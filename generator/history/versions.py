"""The records one version of a content file holds, read from git's objects or from the working tree.

Blobs are read raw by one `git cat-file --batch` (read/gitrev.py): no checkout, no filters, no
attributes. Each is parsed by the build's own parsers (read/load.py, then read/records.py), so a
version reads exactly as a build of that commit would have read it, and kept as plain data
(history/fields.py `plain`), which is what commits are compared on.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.files import FileTooLarge, NotRegularFile, read_limited
from generator.core.kinds import BY_PLURAL, SOURCE, Kind
from generator.core.model import Claim, Config
from generator.history.changelog import RecordKey
from generator.history.fields import plain
from generator.read import gitrev
from generator.read.load import (
    MAX_RECORD_BYTES,
    MAX_SOURCE_BYTES,
    RecordFile,
    SourceFile,
    file_formats,
    parse_record_text,
    parse_source_text,
)
from generator.read.records import validate_file
from generator.text import markdown


@dataclass(frozen=True, slots=True)
class Record:
    """One record as one version holds it."""

    data: dict[str, Any]
    """Its fields as plain data, without positions."""
    title: str
    """Its name, title or statement as plain text."""


@dataclass(frozen=True, slots=True)
class FileVersion:
    """What one version of a content file holds."""

    records: dict[RecordKey, Record] = field(default_factory=dict)
    """The records that read cleanly."""
    broken: frozenset[RecordKey] = frozenset()
    """Records that are in the file but cannot be read (a bad field): neither removed nor changed."""
    readable: bool = True
    """False when the file cannot be read at all (not UTF-8, bad YAML, too large, a link): which
    records it holds is then unknown."""


UNREADABLE = FileVersion(readable=False)


def limit(kind: Kind[Any]) -> int:
    """The largest file of `kind` the build reads (read/load.py)."""
    return MAX_SOURCE_BYTES if kind is SOURCE else MAX_RECORD_BYTES


def parse_version(data: bytes | None, path: str, config: Config) -> FileVersion:
    """The records of the file at `path` (relative to the dossier folder, as the build names it)
    holding `data`; None or more than the kind's limit is unreadable."""
    folder, _, name = path.rpartition("/")
    kind = BY_PLURAL[folder.rpartition("/")[2]]
    if data is None or len(data) > limit(kind):
        return UNREADABLE
    stem, extension = os.path.splitext(name)
    parsed: RecordFile | SourceFile | None
    if kind is SOURCE:
        parsed, _ = parse_source_text(data, path, stem, file_formats(kind)[extension])
    else:
        parsed, _ = parse_record_text(data, path, stem, kind)
    if parsed is None:
        return UNREADABLE
    found = validate_file(parsed, config)
    kind_name = BY_PLURAL[found.folder].name
    records = {(kind_name, record.id): Record(plain(record), title(record)) for record in found.records}
    broken = frozenset((kind_name, record_id) for record_id in found.broken)
    return FileVersion({key: record for key, record in records.items() if key not in broken}, broken)


def title(record: Any) -> str:
    """A record's name, title or statement (Markdown made plain), as the Changes page names it."""
    if isinstance(record, Claim):
        return markdown.plain_text(record.statement)
    return getattr(record, "title", None) or record.name


class _Bounded(io.BytesIO):
    """A handle keeping the first `limit + 1` bytes written to it, so that a huge blob is read
    through without being held."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.size = 0

    def write(self, chunk: Any) -> int:
        """Keep what fits; `chunk` is bytes (BytesIO's own type for it is private to typeshed)."""
        data = bytes(chunk)
        if self.size <= self.limit:
            super().write(data[:self.limit + 1 - self.size])
        self.size += len(data)
        return len(data)

    def value(self) -> bytes | None:
        """The bytes written, or None when there were more than the limit."""
        return self.getvalue() if self.size <= self.limit else None


BlobRead = Callable[[str, str], "bytes | None"]
"""(blob id, path) → the blob's bytes, or None when it is over the size limit of its kind."""


@contextlib.contextmanager
def blob_reader(toplevel: Path) -> Iterator[BlobRead]:
    """Read blobs of the repository at `toplevel` through one `git cat-file --batch`."""
    repository = gitrev.Repository(toplevel, "")
    with gitrev._blob_reader(repository) as copy_blob:

        def read(blob: str, path: str) -> bytes | None:
            handle = _Bounded(limit(BY_PLURAL[path.rpartition("/")[0].rpartition("/")[2]]))
            copy_blob(gitrev._Entry("100644", "blob", blob, path), handle)
            return handle.value()

        yield read


def working_version(root: Path, path: str, config: Config) -> FileVersion:
    """The records of a content file as it is in the working tree (`path` relative to `root`);
    absent → no records, a link or a special file → unreadable."""
    kind = BY_PLURAL[path.rpartition("/")[0].rpartition("/")[2]]
    try:
        data = read_limited(root / path, limit(kind)).data
    except FileNotFoundError:
        return FileVersion()
    except (FileTooLarge, NotRegularFile, OSError):
        return UNREADABLE
    return parse_version(data, path, config)
