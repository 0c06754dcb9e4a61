"""Each record's changes, commit by commit: what record pages, the Changes page and the Atom feed
show (docs/history.md). Plain data; `history/records.py` reads it from git."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.core.model import PartialDate

RecordKey = tuple[str, str]
"""(kind, id)."""


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit as readers see it; the one with an empty id holds the edits not yet committed,
    which only `dossier serve` shows."""

    id: str
    """The full commit id; "" for the edits not yet committed."""
    seconds: int
    """The committer time, in seconds since 1970 (UTC); 0 for the edits not yet committed."""
    subject: str
    """The first line of the commit message."""

    @property
    def committed(self) -> bool:
        return bool(self.id)

    @property
    def day(self) -> PartialDate | None:
        """The UTC day of the commit; None for the edits not yet committed."""
        if not self.committed:
            return None
        moment = datetime.datetime.fromtimestamp(self.seconds, datetime.UTC)
        return PartialDate(moment.year, moment.month, moment.day)


UNCOMMITTED = Commit("", 0, "not yet committed")


@dataclass(frozen=True, slots=True)
class Change:
    """What one commit changed in one record."""

    commit: Commit
    kind: str
    record_id: str
    """The record's id at HEAD (renames followed), or its last id when it was removed."""
    status: str
    """added | removed | renamed | changed."""
    title: str
    """The record's name, title or statement (plain text) as this commit left it, or as it was
    before when it was removed: the Changes page names records that no longer have a page."""
    lines: tuple[str, ...]
    """What changed, in the words `dossier diff` uses: ("added",), ("renamed from ana-lopez",),
    ("value: about 300 people → more than 300 people", "status: reported → disputed")."""


@dataclass(frozen=True, slots=True)
class Changelog:
    """The changes of every record from the dossier's first commit to HEAD, newest first."""

    head: str | None = None
    """The HEAD commit they were read at; None outside a git repository."""
    changes: tuple[Change, ...] = ()
    """Newest commit first; within a commit, in the order of `dossier diff`'s report."""
    by_record: Mapping[RecordKey, tuple[Change, ...]] = field(default_factory=dict)
    """(kind, id at HEAD) → its changes, newest first."""
    settings: tuple[str, ...] = ()
    """What the records were read with (the content folder, the default language of sources):
    a changelog read with other settings is read again."""

    def of(self, kind: str, record_id: str) -> tuple[Change, ...]:
        return self.by_record.get((kind, record_id), ())


NO_CHANGELOG = Changelog()


def changelog(head: str | None, changes: tuple[Change, ...], settings: tuple[str, ...] = ()) -> Changelog:
    """A Changelog of `changes` (newest first), indexed by record."""
    by_record: dict[RecordKey, list[Change]] = {}
    for change in changes:
        by_record.setdefault((change.kind, change.record_id), []).append(change)
    return Changelog(head, changes, {key: tuple(found) for key, found in by_record.items()}, settings)
