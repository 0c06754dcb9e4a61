"""Locating many quotes in one long text: an index of where whole words can start.

`quotes.locate` searches the whole text for each quote, twice over in effect: for its first
occurrence and for a second one, which would make it ambiguous. That is the right cost for a few
quotes in a text; for thousands of quotes in one long report (3,000 claims quoting one 5 MB source)
it is quadratic: 15 s where the rest of the check took 5 (docs/performance.md, "Shapes of dossier").

So a text that many quotes are located in is read once for the places a whole word can start there
(after a character that is not a letter or digit, or beside a character of a script written without
spaces, `quotes._NO_SPACE_SCRIPTS`), keeping those where one of the quotes' first 16 characters
start. Each quote is then checked at those places only, with the same rule of whole words and
numbers as `quotes.locate`, so the result is the same.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from generator.text.quotes import _NO_SPACE_SCRIPTS, Folded, Location, _is_whole, fold_quote, locate, located

INDEXED_FROM = 512
"""Quotes in one text from which it is indexed first: reading a text for its word starts costs about
as much as 500 searches of it (measured on 10 MB of English prose)."""
PREFIX = 16
"""How many of a quote's first characters pick the places it is checked at: with 8, a text of 20 MB drawn
from a small vocabulary had hundreds of places for each. A shorter quote is searched for as ever."""

_NO_SPACE = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _NO_SPACE_SCRIPTS)
_WORD_CAN_START = re.compile(rf"(?<![^\W_])|(?<=[{_NO_SPACE}])|(?=[{_NO_SPACE}])")
"""Every place a whole word can start, and some where it cannot (`_is_whole` decides): where the
character before is not a letter or digit (`[^\\W_]` is one), or either character is of a script
written without spaces, where UAX #29's rules decide."""


def locate_all(source: Folded, quotes: Collection[str], indexed_from: int = INDEXED_FROM) -> dict[str, Location | None]:
    """`quotes.locate` of each quote, through an index of the text when there are `indexed_from` of them or more."""
    if len(quotes) < indexed_from:
        return {quote: locate(source, quote) for quote in quotes}
    needles = {quote: fold_quote(quote) for quote in quotes}
    starts = _starts(source.text, {needle[:PREFIX] for needle in needles.values() if len(needle) >= PREFIX})
    return {quote: _located(source, quote, needle, starts) for quote, needle in needles.items()}


def _located(source: Folded, quote: str, needle: str, starts: dict[str, list[int]]) -> Location | None:
    """One quote (`needle` folded) at the places its prefix starts; a quote shorter than the prefix, as ever."""
    if len(needle) < PREFIX:
        return locate(source, quote)
    return located(source, needle, _occurrences(source.text, needle, starts.get(needle[:PREFIX], [])))


def _starts(text: str, prefixes: set[str]) -> dict[str, list[int]]:
    """Prefix → where in `text` it starts at a place a whole word can start, first to last."""
    found: dict[str, list[int]] = {}
    for match in _WORD_CAN_START.finditer(text):
        start = match.start()
        if (prefix := text[start:start + PREFIX]) in prefixes:
            found.setdefault(prefix, []).append(start)
    return found


def _occurrences(text: str, needle: str, candidates: list[int]) -> Iterator[int]:
    """The whole occurrences of `needle` among the places its prefix starts, first to last."""
    for start in candidates:
        if text.startswith(needle, start) and _is_whole(text, start, start + len(needle)):
            yield start
