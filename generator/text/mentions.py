"""Mentions: where names, short names and aliases of people and agencies occur in a text.

One Aho-Corasick automaton holds every name, so finding mentions costs one pass over the text
however many aliases there are. Matches are case-sensitive (the alias "IS" must not match the
word "is"), must sit on word boundaries, and the longest match wins where matches overlap.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

import ahocorasick


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    entity: str
    """The id of the person or agency named."""


class Mentions(Sequence[Mention]):
    """A text's mentions, in text order, held as numbers and entity ids: Mention objects are made as
    they are read. A dossier of 10,000 long sources has a million mentions, which took 115 MB as
    objects (docs/performance.md)."""

    __slots__ = ("_entities", "_places")

    def __init__(self, found: Iterable[Mention] = ()) -> None:
        found = list(found)
        self._places = array("I", [place for mention in found for place in (mention.start, mention.end)])
        """Start, then end, of each mention in turn."""
        self._entities = tuple(mention.entity for mention in found)

    @overload
    def __getitem__(self, index: int) -> Mention: ...

    @overload
    def __getitem__(self, index: slice) -> Mentions: ...

    def __getitem__(self, index: int | slice) -> Mention | Mentions:
        if isinstance(index, slice):
            return Mentions(self[i] for i in range(*index.indices(len(self))))
        entity = self._entities[index]  # IndexError, and negative indices, as a tuple's
        index %= len(self._entities)
        return Mention(self._places[2 * index], self._places[2 * index + 1], entity)

    def __len__(self) -> int:
        return len(self._entities)

    def __iter__(self) -> Iterator[Mention]:
        places = iter(self._places)
        for entity, start, end in zip(self._entities, places, places):
            yield Mention(start, end, entity)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mentions):
            return self._places == other._places and self._entities == other._entities
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._entities, self._places.tobytes()))

    def __repr__(self) -> str:
        return f"Mentions({list(self)!r})"

    def __reduce__(self) -> tuple[Callable[[array, tuple[str, ...]], Mentions], tuple[array, tuple[str, ...]]]:
        return _unpickled, (self._places, self._entities)


def _unpickled(places: array, entities: tuple[str, ...]) -> Mentions:
    mentions = Mentions()
    mentions._places, mentions._entities = places, entities
    return mentions


class MentionFinder:
    """Finds mentions of a fixed set of names; build once per dossier, use for every text."""

    def __init__(self, names: Mapping[str, str]) -> None:
        """`names`: name or alias → entity id (names shared by two entities must be left out)."""
        self._automaton = ahocorasick.Automaton()
        for name, entity in sorted(names.items()):
            if name.strip():
                self._automaton.add_word(name, (len(name), entity))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping mentions in text order, the longest first where they overlap."""
        if self._empty or not text:
            return []
        candidates = [Mention(end + 1 - length, end + 1, entity)
                      for end, (length, entity) in self._automaton.iter(text)
                      if _on_word_boundaries(text, end + 1 - length, end + 1)]
        candidates.sort(key=lambda mention: (mention.start, -(mention.end - mention.start)))
        chosen: list[Mention] = []
        for mention in candidates:
            if not chosen or mention.start >= chosen[-1].end:
                chosen.append(mention)
        return chosen


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not _is_word_char(before) and not _is_word_char(after)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def names_to_entities(entities: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """Each name → its entity, leaving out names that two entities share (they are ambiguous)."""
    owners: dict[str, set[str]] = {}
    for entity, names in entities:
        for name in names:
            owners.setdefault(name, set()).add(entity)
    return {name: next(iter(ids)) for name, ids in owners.items() if len(ids) == 1}


def renamed(old: Mapping[str, str], new: Mapping[str, str]) -> set[str]:
    """The names that link to another entity, or to none, in `new` than in `old`."""
    return {name for name in old.keys() | new.keys() if old.get(name) != new.get(name)}


def gone_names(old: Mapping[str, str], new: Mapping[str, str], entities: Container[str]) -> set[str]:
    """The names of `old` that link nothing in `new` because their entity is gone (not in
    `entities`). A text changes with such a name only where a mention linked it: a finder keeps the
    longest of overlapping names, left to right, so a name it did not keep there decided nothing.
    Those texts are known without looking for the name: the sources that mentioned the entity, and
    the Markdown texts, which read the outline of each entity they link (site/views.py)."""
    return {name for name, entity in old.items() if name not in new and entity not in entities}
