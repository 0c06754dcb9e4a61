"""The one decision about what changed since a last state: nothing, some claims only (every other
record and every id the same), or anything. Validate reports which records it replaced, resolve
patches its last outcome and relink its last links only when this module says that only claims
changed, and only for a few of them: beyond MAX_CHANGED, redoing everything costs less.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Hashable, Iterator, Mapping, Set
from dataclasses import dataclass
from typing import Any, cast

from generator.core.diagnostics import Span
from generator.core.kinds import BY_PLURAL, CLAIM, KINDS
from generator.core.model import Dossier
from generator.core.shelf import Shelved, Text
from generator.link.links import Links
from generator.read.validate import same_at_same_place
from generator.site import keys
from generator.site.keys import InputKey
from generator.site.views import RecordStrings

MAX_CHANGED = 64
"""More changed claims than this and every stage starts from scratch."""


@dataclass(frozen=True, slots=True)
class Change:
    """What differs from a last state."""

    claims: frozenset[str] | None
    """The claims that changed, when no other record did; None: anything may have changed."""
    told: bool = True
    """Known from what validate replaced; False: found by comparing two dossiers, so what the pages
    read must be compared as well."""
    same_ids: bool = True
    """No claim came, went or moved to another file (when `told`)."""
    others: Mapping[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    """When `told`, the records of other kinds that changed, came or went, by kind's folder: the
    links are then made again, reusing what those records cannot have changed."""

    @property
    def known(self) -> bool:
        """Validate told which records changed, came or went: `claims` and `others` name them all."""
        return self.told and self.claims is not None

    def ids(self) -> dict[str, frozenset[str]] | None:
        """When validate told: kind's name → the records of that kind that changed, came or went
        (no other did); else None."""
        if not self.known:
            return None
        assert self.claims is not None
        return {CLAIM.name: self.claims, **{BY_PLURAL[folder].name: ids for folder, ids in self.others.items()}}

    def then(self, later: Change) -> Change:
        """This change followed by a later one (builds that checked but did not render)."""
        if self.claims is None or later.claims is None:
            return EVERYTHING
        others = {kind: self.others.get(kind, frozenset()) | later.others.get(kind, frozenset())
                  for kind in self.others.keys() | later.others.keys()}
        return _told(self.claims | later.claims, self.told and later.told, self.same_ids and later.same_ids, others)


NOTHING = Change(frozenset())
EVERYTHING = Change(None)


def _told(claims: Set[str], told: bool, same_ids: bool = True, others: Mapping[str, Set[str]] | None = None
          ) -> Change:
    kept = {kind: frozenset(ids) for kind, ids in (others or {}).items() if ids}
    if len(claims) + sum(len(ids) for ids in kept.values()) > MAX_CHANGED:
        return EVERYTHING
    return Change(frozenset(claims), told, same_ids, kept)


def reported(records: Mapping[str, Set[str]] | None, same_ids: bool = True) -> Change:
    """The change validate reports (read.validate.Validation.changed): kind (by its folder) → ids of
    the records that differ, came or went (`same_ids` False: some came, went or moved to another
    file); None when it could not tell."""
    if records is None:
        return EVERYTHING
    return _told(records.get(CLAIM.plural, set()), True, same_ids,
                 {kind: ids for kind, ids in records.items() if kind != CLAIM.plural})


def records_changed(replaced: Mapping[str, Set[str]] | None, last: Dossier | None, dossier: Dossier
                    ) -> dict[str, frozenset[str]] | None:
    """The records that changed, came or went since the `last` dossier resolved, by kind's folder:
    validate's `replaced`, else the dossiers compared; None: anything may have changed (another
    configuration), or more than MAX_CHANGED records did."""
    if replaced is not None:
        if sum(len(ids) for ids in replaced.values()) > MAX_CHANGED:
            return None
        return {kind: frozenset(ids) for kind, ids in replaced.items()}
    if last is None or last.config != dossier.config:
        return None
    changed: dict[str, frozenset[str]] = {}
    for kind in KINDS:
        ids = changed_records(kind.records(last), kind.records(dossier), exact=True)
        if ids is None:
            return None
        if ids:
            changed[kind.plural] = ids
    return changed if sum(len(ids) for ids in changed.values()) <= MAX_CHANGED else None


def compared(old: Dossier, new: Dossier, exact: bool = False) -> Change:
    """The change between two dossiers, found by comparing their records (claims may come and go);
    `exact`: records that are equal but written at other positions count as changed too (the
    problems resolve keeps hold positions)."""
    if old.config != new.config:
        return EVERYTHING
    if any(changed_records(kind.records(old), kind.records(new), exact) != frozenset()
           for kind in KINDS if kind is not CLAIM):
        return EVERYTHING
    changed = changed_records(old.claims, new.claims, exact)
    return EVERYTHING if changed is None else Change(changed, False)


def changed_records(old: Mapping[str, object], new: Mapping[str, object], exact: bool = False
                    ) -> frozenset[str] | None:
    """The ids of the records of a kind that differ, came or went (`exact`: see `compared`); None
    when there are more than MAX_CHANGED."""
    if old is new:  # validate keeps the map of a kind none of whose records it replaced
        return frozenset()
    changed = set(old.keys() ^ new.keys())
    if len(changed) > MAX_CHANGED:
        return None
    others = [record_id for record_id, record in new.items() if old.get(record_id, record) is not record]
    for record_id in others:  # the same object is the same record: only other objects are compared
        if _differs(old[record_id], new[record_id], exact):
            changed.add(record_id)
            if len(changed) > MAX_CHANGED:
                return None
    return frozenset(changed)


def _differs(old: object, new: object, exact: bool) -> bool:
    return old is not new and not (same_at_same_place(old, new) if exact else old == new)


def mentioning(links: Links, names: set[str], kept: RecordStrings) -> set[InputKey]:
    """The records whose texts hold one of `names` (whose mentions may link elsewhere now, since a
    finder finds only substrings of a text); every page (keys.NAMES) when the configuration's do.
    Every text a page renders as Markdown is a field of a record it reads, or of config.yaml.
    `kept`: each record's strings, by (kind, id) (see keep_record_strings)."""
    if not names:
        return set()
    if any(name in text for text in _texts(links.dossier.config) for name in names):
        return {keys.NAMES}
    found = set()
    for kind, records in links.records.items():
        for record_id, record in records.items():
            if any(name in text for text in _strings(kept, kind, record_id, record) for name in names):
                found.add(keys.record(kind, record_id))
    return found


def keep_record_strings(links: Links, kept: RecordStrings) -> None:
    """Make `kept` ready for `mentioning`: walking every record's values for its strings takes about
    0.8 s at 10,000 sources, which the first save that adds or changes a name would otherwise wait for."""
    for kind, records in links.records.items():
        for record_id, record in records.items():
            _strings(kept, kind, record_id, record)


LONG_TEXT = 1000
"""Strings longer than this (a source's text) are searched where they are, not copied."""


def _strings(kept: RecordStrings, kind: str, record_id: str, record: object) -> tuple[Text, ...]:
    """A record's strings, kept while the record is the same object: its short strings joined by
    NUL (no name holds one), searched in one go, then its long ones as they are (copied, the
    sources' texts would double the memory they take; searched one by one, every string of the
    dossier, a name added took 100 ms more at 10,000 sources)."""
    cached = kept.get((kind, record_id))
    if cached is None or cached[0] is not record:
        short: list[str] = []
        long: list[Text] = []
        for text in _texts(record):
            if len(text) > LONG_TEXT:
                long.append(text)
            else:
                short.append(str(text))
        cached = kept[(kind, record_id)] = (record, ("\0".join(short), *long))
    return cached[1]


def _texts(record: object) -> Iterator[Text]:
    """Every string in a record (its fields, lists and maps, nested), positions aside, and every
    text on a shelf (a source's body: `in` searches it there, core/shelf.py). A change of
    the names walks every record of the dossier (about 400,000 values at 10,000 sources), so the
    walk keeps a stack rather than recursing, and asks each dataclass type its fields once."""
    pending: list[Any] = [record]
    while pending:
        value = pending.pop()
        if isinstance(value, (str, Shelved)):
            yield value
        elif isinstance(value, (tuple, list)):
            pending.extend(value)
        elif isinstance(value, dict):
            pending.extend(value.values())
        elif (names := _field_names(cast(Hashable, type(value)))) is not None:  # mypy: a type is hashable
            pending.extend(getattr(value, name) for name in names)
        elif type(value) not in _SCALARS and isinstance(value, Mapping):
            pending.extend(value.values())


_SCALARS = frozenset({int, float, bool, type(None)})


@functools.cache
def _field_names(kind: Hashable) -> tuple[str, ...] | None:
    """The fields of a dataclass type but its positions (`span`, `spans`), none of Span's; None
    for any other type."""
    if not dataclasses.is_dataclass(kind) or kind is Span:
        return None
    return tuple(item.name for item in dataclasses.fields(kind) if item.name not in POSITIONS)


POSITIONS = frozenset({"span", "spans"})
"""The fields of records that say where they are written, which hold no text of theirs."""
