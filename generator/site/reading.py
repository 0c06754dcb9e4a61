"""Reads of the link stage's result that note what they read: each read of a record, of the ids of a
kind or of an entry of a link map adds its key (see keys.py) to `touched`, which is what a page, a
kept value or a record of dossier.json was made from (see graph.Dependencies).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from generator.check.resolved import QuoteKey
from generator.core.kinds import ENTITIES
from generator.core.model import PartialDate
from generator.history.changelog import Change
from generator.link.links import LinkMap, Links
from generator.site import keys
from generator.site.keys import InputKey
from generator.text.quotes import Location


class LinkReader:
    """The link stage's result, read through methods that record each read."""

    def __init__(self, links: Links) -> None:
        self.links = links
        self._records = links.records
        """Records by kind name, by id (`Links.records` makes this mapping anew each time it is asked)."""
        self.touched: set[InputKey] = set()
        self._outlines: dict[str, tuple[Any, Any]] = {}
        """Source id → (the source, its outline), made once per source object: a build's pages read
        about 90 outlines per source, and a copy each time cost 5% of a long build's CPU."""

    def touch(self, key: InputKey) -> None:
        self.touched.add(key)

    def record(self, kind: str, record_id: str) -> Any:
        self.touched.add(keys.record(kind, record_id))
        return self._records[kind][record_id]

    def outline(self, kind: str, record_id: str) -> Any:
        """A record read for its outline only (keys.outline: a name, or a source's details but its
        text), as links and lists show it: an edit of the rest (a description, a source's text)
        leaves the pages that read only this as they are. A source comes without its text (`body`
        empty), whether the build keeps the texts in memory or on disk (core/shelf.py), so that a
        template gives the same bytes in both."""
        self.touched.add(keys.outline(kind, record_id))
        record = self._records[kind][record_id]
        if kind != "source" or not record.body:
            return record
        cached = self._outlines.get(record_id)
        if cached is None or cached[0] is not record:
            cached = self._outlines[record_id] = (record, dataclasses.replace(record, body=""))
        return cached[1]

    def all_ids(self, kind: str) -> list[str]:
        self.touched.add(keys.every(kind))
        return list(self._records[kind])

    def lookup(self, which: LinkMap, key: Any) -> Sequence:
        """An entry of one of the link stage's maps (`claims_by`, `values_of`…)."""
        self.touched.add(keys.entry(which, key))
        return self.links.entries(which).get(key, ())

    def entity_kind(self, entity_id: str) -> str:
        """Whether an id is a person's, an agency's or a figure's: known from whether a record of each
        kind has it (an id that comes or goes changes its record's outline), not from every id."""
        self.touched.update(keys.outline(kind.name, entity_id) for kind in ENTITIES)
        return self.links.entity_kinds[entity_id]

    def last_changed(self, kind: str, record_id: str) -> PartialDate | None:
        """When a record last changed: the day of the newest commit in its history, else the day its
        file was last committed (the commits of a shallow clone's history start later); None
        outside git, or not committed (docs/about-page.md, "Cite this page")."""
        if self.tracked():
            committed = (change.commit.day for change in self.changes_of(kind, record_id) if change.commit.committed)
            day = next(committed, None)
            if day is not None:
                return day
        self.touched.add(keys.last_changed(kind, record_id))
        return self.links.history.date_of(self.links.records[kind][record_id].span.path)

    def dossier_changed(self) -> PartialDate | None:
        """When the dossier last changed: HEAD's commit date, or SOURCE_DATE_EPOCH (docs/about-page.md)."""
        self.touched.add(keys.DOSSIER_CHANGED)
        return self.links.history.changed

    def changes_of(self, kind: str, record_id: str) -> tuple[Change, ...]:
        """A record's changes commit by commit, newest first (none outside git; docs/history.md)."""
        self.touched.add(keys.history(kind, record_id))
        return self.links.changelog.of(kind, record_id)

    def all_changes(self) -> tuple[Change, ...]:
        """Every record's changes, newest commit first (the Changes pages)."""
        self.touched.add(keys.CHANGES)
        return self.links.changelog.changes

    def tracked(self) -> bool:
        """Whether the dossier's history is known (it is in a git repository): only then has the
        site a Changes page and a feed (docs/history.md)."""
        self.touched.add(keys.TRACKED)
        return self.links.changelog.head is not None

    def located(self, key: QuoteKey) -> tuple[Location, str]:
        """Where a quote is in its source's text, and its anchor: they change with the source's text."""
        self.touched.add(keys.record("source", key[0]))
        return self.links.resolved.locations[key], self.links.anchors[key]
