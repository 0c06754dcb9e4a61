"""The timeline: every claim by date, a page of TIMELINE_PAGE claims at a time (a date known only
to the year comes first in that year), undated claims last; made from every claim, or patched
with the claims that changed, came or went."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Mapping, Sequence

from generator.core.model import Claim, Dossier

TIMELINE_PAGE = 250
"""Claims per page of the timeline."""


def timeline(dossier: Dossier) -> dict[int, tuple[str, ...]]:
    """Page number (from 1) → the claims on that page, in date order."""
    return _pages(sorted(dossier.claims, key=lambda claim_id: _place(dossier.claims[claim_id])))


def patched_timeline(pages: Mapping[int, tuple[str, ...]], old: Mapping[str, Claim], new: Mapping[str, Claim],
                     olds: Sequence[Claim], news: Sequence[Claim]) -> dict[int, tuple[str, ...]]:
    """The timeline of the claims `new` from `pages`, that of `old`, when the claims `olds` (as they
    were) became `news` (as they are): each taken out of its place and put in at its new one."""
    ordered = [claim_id for page in pages.values() for claim_id in page]
    for claim in olds:
        at = bisect_left(ordered, _place(claim), key=lambda claim_id: _place(old[claim_id]))
        del ordered[at]
    for claim in news:
        insort(ordered, claim.id, key=lambda claim_id: _place(new[claim_id]))
    return _pages(ordered)


def _place(claim: Claim) -> tuple:
    """A claim's place on the timeline: dated claims by date then id, then undated ones by id."""
    return (0, claim.date.sort_key(), claim.id) if claim.date else (1, (), claim.id)


def _pages(ordered: list[str]) -> dict[int, tuple[str, ...]]:
    pages = {number + 1: tuple(ordered[start:start + TIMELINE_PAGE])
             for number, start in enumerate(range(0, len(ordered), TIMELINE_PAGE))}
    return pages or {1: ()}
