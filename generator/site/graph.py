"""The dependency graph of a site: for each input (see keys.py), what was made from it (pages, kept
values, records of dossier.json), as each of them recorded its reads while it was made; nothing is
declared by hand. A kept value is an input in turn: a page that lists a claim reads its card, not
the dozen records the card was made from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast

from generator.site.keys import InputKey


class Dependencies:
    """What was made from what, kept from one build to the next.

    A big site's graph holds a million edges (docs/performance.md, "Starting the preview"): each key
    is held once (the keys a page reads are made afresh for every page), and edges are in tuples and
    lists, a fifth of the memory of sets. An input's list of what was made from it may still name
    something made again since without reading it: `affected` skips those. That reverse index is
    made only when `affected` is first asked (a one-shot build, which never asks, saves its graph
    for the preview without it)."""

    __slots__ = ("_inputs", "_made_from", "_names")

    def __init__(self) -> None:
        self._inputs: dict[InputKey, tuple[InputKey, ...]] = {}
        """What each thing was made from, as it read it the last time it was made."""
        self._made_from: dict[InputKey, list[InputKey]] | None = None
        """Input → what was made from it, and maybe what no longer reads it; None until asked."""
        self._names: dict[InputKey, InputKey] = {}
        """Each key to the one string object the graph holds for it."""

    def record(self, made: InputKey, inputs: Iterable[InputKey]) -> None:
        """`made` was (made again) from `inputs`: it no longer depends on what it did not read this time."""
        shared = self._names.setdefault
        made = shared(made, made)
        keys = tuple(inputs)
        now = tuple(map(shared, keys, keys))  # a page reads hundreds: no Python step per key
        before = self._inputs.get(made, ())
        self._inputs[made] = now
        made_from = self._made_from
        if made_from is None:
            return
        earlier = frozenset(before)
        for key in now:
            if key in earlier:
                continue
            if key in made_from:
                made_from[key].append(made)
            else:
                made_from[key] = [made]

    def merge(self, other: Dependencies) -> None:
        """Take in what another graph recorded (a share of the pages, rendered apart), which is not
        to be used after: where this one is the smaller and not indexed yet, the other's edges are
        taken as they are and this one's added to them, rather than the bigger copied (a renderer's
        graph at 10,000 sources holds 60 MB). Either way, the other's reads win."""
        if self._made_from is None and len(other._inputs) > len(self._inputs):
            mine = self._inputs
            self._inputs, self._names = other._inputs, other._names
            other._inputs, other._names = {}, {}
            for made, inputs in mine.items():
                if made not in self._inputs:
                    self.record(made, inputs)
        else:
            for made, inputs in other._inputs.items():
                self.record(made, inputs)

    def index(self) -> None:
        """Make the reverse index now (a kept Builder does, after its first build or warm-up) rather
        than at the first `affected`, where a save would wait for it (a second at 10,000 sources)."""
        self._reverse()

    def affected(self, changed: Iterable[InputKey]) -> set[InputKey]:
        """`changed`, what was made from them, what was made from that, and so on."""
        made_from = self._reverse()
        found = set(changed)
        frontier = list(found)
        while frontier:
            key = frontier.pop()
            for made in made_from.get(key, ()):
                if made not in found and key in self._inputs[made]:
                    found.add(made)
                    frontier.append(made)
        return found

    def _reverse(self) -> dict[InputKey, list[InputKey]]:
        if self._made_from is None:
            made_from: dict[InputKey, list[InputKey]] = {}
            for made, inputs in self._inputs.items():
                for key in inputs:
                    if key in made_from:
                        made_from[key].append(made)
                    else:
                        made_from[key] = [made]
            self._made_from = made_from
        return self._made_from

    def edges(self) -> Iterator[tuple[InputKey, tuple[InputKey, ...]]]:
        """Each thing made and what it was made from (to save the graph; `record` them to read it back)."""
        return iter(self._inputs.items())

    def numbered_keys(self) -> dict[InputKey, int]:
        """Every key recorded since the graph was made or cleared (including those of inputs a thing
        recorded again no longer reads), numbered in the order first recorded, for a graph about to
        be saved (saved.graph_part): the graph's own table of names is turned into the numbers in
        place, rather than a second table of every key made at a renderer's peak of memory. The
        table is used up: the graph still records, but no longer reuses the key objects it held
        for what it records after, and a second call numbers only the keys recorded since."""
        numbers, self._names = cast(dict[InputKey, int], self._names), {}
        for number, key in enumerate(numbers):
            numbers[key] = number
        return numbers

    def clear(self) -> None:
        self._inputs.clear()
        self._made_from = None
        self._names.clear()
