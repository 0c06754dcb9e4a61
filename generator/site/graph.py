"""The dependency graph of a site: for each input (see keys.py), what was made from it (pages, kept
values, records of dossier.json), as each of them recorded its reads while it was made; nothing is
declared by hand. A kept value is an input in turn: a page that lists a claim reads its card, not
the dozen records the card was made from.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.site.keys import InputKey


class Dependencies:
    """What was made from what, kept from one build to the next."""

    __slots__ = ("_inputs", "_made_from")

    def __init__(self) -> None:
        self._inputs: dict[InputKey, frozenset[InputKey]] = {}
        """What each thing was made from, as it read it the last time it was made."""
        self._made_from: dict[InputKey, set[InputKey]] = {}
        """Input → what was made from it."""

    def record(self, made: InputKey, inputs: frozenset[InputKey]) -> None:
        """`made` was (made again) from `inputs`: it no longer depends on what it did not read this time."""
        before = self._inputs.get(made)
        if before is not None:
            for key in before - inputs:
                self._made_from[key].discard(made)
        self._inputs[made] = inputs
        for key in inputs:
            self._made_from.setdefault(key, set()).add(made)

    def merge(self, other: Dependencies) -> None:
        """Take in what another graph recorded (a share of the pages, rendered apart)."""
        for made, inputs in other._inputs.items():
            self.record(made, inputs)

    def affected(self, changed: Iterable[InputKey]) -> set[InputKey]:
        """`changed`, what was made from them, what was made from that, and so on."""
        found = set(changed)
        frontier = list(found)
        while frontier:
            for made in self._made_from.get(frontier.pop(), ()):
                if made not in found:
                    found.add(made)
                    frontier.append(made)
        return found

    def clear(self) -> None:
        self._inputs.clear()
        self._made_from.clear()
