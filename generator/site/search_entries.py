"""What `search-index.js` shows of each kind of record, in one table.

The export makes each record's entry from it, and the diff reads which fields an entry is made
from, to tell whether a change to a record changes the search index (diff/pages.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from generator.core import kinds
from generator.core.kinds import Kind
from generator.text import markdown


@dataclass(frozen=True, slots=True)
class Searched:
    """How one kind of record appears in the search index."""

    fields: frozenset[str]
    """The record's fields its entry is made from: a change to any other leaves the index as it is."""
    title_and_words: Callable[[Any, tuple[str, ...]], tuple[str, str]]
    """(record, names of who a claim is by and about) → (its title, its other words)."""


SEARCHED: Mapping[Kind, Searched] = MappingProxyType({
    kinds.PERSON: Searched(frozenset({"name", "aliases"}), lambda p, _: (p.name, " ".join(p.aliases))),
    kinds.AGENCY: Searched(frozenset({"name", "aliases", "short_name"}),
                           lambda a, _: (a.name, " ".join([a.short_name or "", *a.aliases]))),
    kinds.FIGURE: Searched(frozenset({"name", "unit"}), lambda f, _: (f.name, f.unit)),
    kinds.SOURCE: Searched(frozenset({"title", "publisher", "date"}),
                           lambda s, _: (s.title, f"{s.publisher} {s.date}")),
    kinds.CLAIM: Searched(frozenset({"statement", "by", "about"}),
                          lambda c, names: (markdown.plain_text(c.statement) or f"Claim: {c.id}", " ".join(names))),
})


def search_entry(kind: Kind, record: Any, page: str, names: tuple[str, ...]) -> list[str]:
    """[kind, title, page, other words]."""
    title, words = SEARCHED[kind].title_and_words(record, names)
    return [kind.name, title, page, words]
