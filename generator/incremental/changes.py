"""The one decision about what changed since a last state: nothing, some claims only (every other
record and every id the same), or anything. Validate reports which records it replaced, resolve
patches its last outcome and relink its last links only when this module says that only claims
changed, and only for a few of them: beyond MAX_CHANGED, redoing everything costs less.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Set
from dataclasses import dataclass

from generator.core.diagnostics import Span
from generator.core.kinds import CLAIM, KINDS
from generator.core.model import Dossier
from generator.link.links import Links
from generator.site import keys
from generator.site.keys import InputKey

MAX_CHANGED = 64
"""More changed claims than this and every stage starts from scratch."""


@dataclass(frozen=True, slots=True)
class Change:
    """What differs from a last state."""

    claims: frozenset[str] | None
    """The claims that changed, when no other record did; None: anything may have changed."""
    told: bool = True
    """Known from what validate replaced, every id being the same; False: found by comparing two
    dossiers (claims may have come or gone), so what the pages read must be compared as well."""

    @property
    def everything(self) -> bool:
        return self.claims is None

    def then(self, later: Change) -> Change:
        """This change followed by a later one (builds that checked but did not render)."""
        if self.claims is None or later.claims is None:
            return EVERYTHING
        return _claims_only(self.claims | later.claims, self.told and later.told)


NOTHING = Change(frozenset())
EVERYTHING = Change(None)


def _claims_only(ids: Set[str], told: bool) -> Change:
    return Change(frozenset(ids), told) if len(ids) <= MAX_CHANGED else EVERYTHING


def reported(records: Mapping[str, Set[str]] | None) -> Change:
    """The change validate reports: kind (by its folder) → ids of the records it replaced (or that
    differ), every id being the same; None when records came, went or moved."""
    if records is None or not records.keys() <= {CLAIM.plural}:
        return EVERYTHING
    return _claims_only(records.get(CLAIM.plural, set()), True)


def compared(old: Dossier, new: Dossier) -> Change:
    """The change between two dossiers, found by comparing their records (claims may come and go)."""
    if old.config != new.config:
        return EVERYTHING
    for kind in KINDS:
        if kind is CLAIM:
            continue
        before, after = kind.records(old), kind.records(new)
        if before.keys() != after.keys() or any(before[i] is not after[i] and before[i] != after[i] for i in after):
            return EVERYTHING
    changed = set(old.claims.keys() ^ new.claims.keys())
    for claim_id, claim in new.claims.items():
        previous = old.claims.get(claim_id)
        if previous is not None and previous is not claim and previous != claim:
            changed.add(claim_id)
            if len(changed) > MAX_CHANGED:
                return EVERYTHING
    return _claims_only(changed, False)


def mentioning(links: Links, names: set[str]) -> set[InputKey]:
    """The records whose texts hold one of `names` (whose mentions may link elsewhere now, since a
    finder finds only substrings of a text); every page (keys.NAMES) when the configuration's do.
    Every text a page renders as Markdown is a field of a record it reads, or of config.yaml."""
    if not names:
        return set()
    if any(name in text for text in _texts(links.dossier.config) for name in names):
        return {keys.NAMES}
    return {keys.record(kind, record_id) for kind, records in links.records.items()
            for record_id, record in records.items() if any(name in text for text in _texts(record) for name in names)}


def _texts(value: object) -> Iterator[str]:
    """Every string in a record (its fields, lists and maps, nested), positions aside."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _texts(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, (type, Span)):
        for item in dataclasses.fields(value):
            yield from _texts(getattr(value, item.name))
