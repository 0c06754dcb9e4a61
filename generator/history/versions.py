"""The records one version of a content file holds, read from git's objects or from the working tree.

Blobs are read raw by one `git cat-file --batch` (read/gitrev.py): no checkout, no filters, no
attributes. Each is parsed by the build's own parsers (read/load.py, then read/records.py), so a
version reads exactly as a build of that commit would have read it, and kept as plain data
(history/fields.py `plain`), which is what commits are compared on.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.files import FileTooLarge, NotRegularFile, read_limited
from generator.core.kinds import BY_PLURAL, CLAIM, SOURCE, Kind
from generator.core.model import Claim, Config
from generator.history.changelog import RecordKey
from generator.history.claim_chunks import Pieces, read_claims
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
from generator.read.records import FileRecords, validate_file
from generator.text import markdown


class Record:
    """One record as one version holds it: its fields as plain data, without positions (made from
    the record when first needed: most records of a version are never compared), and its name,
    title or statement as plain text."""

    __slots__ = ("_data", "model", "title")

    def __init__(self, title: str, model: Any = None, data: dict[str, Any] | None = None) -> None:
        self.title = title
        self.model = model
        """The record as read (None for one read back from the cache)."""
        self._data = data

    @property
    def data(self) -> dict[str, Any]:
        if self._data is None:
            self._data = plain(self.model)
        return self._data

    def same(self, other: Record) -> bool:
        """Whether the two say the same (the records' own equality leaves out positions, as `plain` does)."""
        if self.model is not None and other.model is not None:
            return bool(self.model == other.model)
        return self.data == other.data


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


def parse_version(data: bytes | None, path: str, config: Config,
                  pieces: dict[str, Pieces] | None = None) -> FileVersion:
    """The records of the file at `path` (relative to the dossier folder, as the build names it)
    holding `data`; None or more than the kind's limit is unreadable. `pieces`: the pieces of the
    last version read of each claims file, by path (history/claim_chunks.py), updated."""
    folder, _, name = path.rpartition("/")
    kind = BY_PLURAL[folder.rpartition("/")[2]]
    if data is None or len(data) > limit(kind):
        return UNREADABLE
    stem, extension = os.path.splitext(name)
    if kind is CLAIM and pieces is not None:
        claims = read_claims(data, path, stem, config, pieces.get(path, {}))
        if claims is not None:
            pieces[path] = claims[1]
            return file_version(claims[0])
    parsed: RecordFile | SourceFile | None
    if kind is SOURCE:
        parsed, _ = parse_source_text(data, path, stem, file_formats(kind)[extension])
    else:
        parsed, _ = parse_record_text(data, path, stem, kind)
    return UNREADABLE if parsed is None else file_version(validate_file(parsed, config))


def file_version(found: FileRecords) -> FileVersion:
    """The records of a validated file, by (kind, id)."""
    kind_name = BY_PLURAL[found.folder].name
    records = {(kind_name, record.id): Record(title(record), record) for record in found.records}
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
    with gitrev.blob_reader(repository) as copy_blob:

        def read(blob: str, path: str) -> bytes | None:
            handle = _Bounded(limit(BY_PLURAL[path.rpartition("/")[0].rpartition("/")[2]]))
            copy_blob(gitrev.Entry("100644", "blob", blob, path), handle)
            return handle.value()

        yield read


def working_version(root: Path, path: str, config: Config, parsed: ParsedVersions | None = None) -> FileVersion:
    """The records of a content file as it is in the working tree (`path` relative to `root`);
    absent → no records, a link or a special file → unreadable. `parsed`: see ParsedVersions."""
    kind = BY_PLURAL[path.rpartition("/")[0].rpartition("/")[2]]
    try:
        data = read_limited(root / path, limit(kind)).data
    except FileNotFoundError:
        return FileVersion()
    except (FileTooLarge, NotRegularFile, OSError):
        return UNREADABLE
    if parsed is None:
        return parse_version(data, path, config)
    key = (path, "working " + hashlib.blake2b(data, digest_size=16).hexdigest())
    return parsed.get(key, lambda: parse_version(data, path, config))


@dataclass(slots=True)
class ParsedVersions:
    """The versions of content files parsed by the last look at the edits not yet committed, by
    (path, blob id or digest of the bytes): `dossier serve` compares each uncommitted file with its
    version at HEAD at every save, and parsing a big claims file twice costs about 100 ms, though
    only the file just saved differs from the last look (docs/performance.md). Each look keeps what
    it used, and nothing else."""

    config: Config | None = None
    kept: dict[tuple[str, str], FileVersion] = field(default_factory=dict)
    used: dict[tuple[str, str], FileVersion] = field(default_factory=dict)

    def begin(self, config: Config) -> None:
        """A new look: what the last one used stays (when read with the same settings), the rest goes."""
        self.kept = self.used if config == self.config else {}
        self.used, self.config = {}, config

    def get(self, key: tuple[str, str], parse: Callable[[], FileVersion]) -> FileVersion:
        found = self.kept.get(key) or self.used.get(key)
        if found is None:
            found = parse()
        self.used[key] = found
        return found
