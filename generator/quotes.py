"""Quote matching (SPEC §3.6): fold white space and typographic variants, find, and explain misses.

Folding keeps a map back to the original text, so a match found in the folded text is reported
as offsets in the text the reader sees. Everything here is linear in the length of the source:
folding is done by `str.translate` plus one regex pass, finding by `str.find`, and the closest
passage for a miss by counting shared word pairs in a sliding window.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_SAME_LENGTH = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                              "–": "-", "—": "-"})
_LENGTH_CHANGING = re.compile(r"\s{2,}|[^\S ]|…")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Folded:
    """A text folded for matching, with the map from folded offsets back to original ones.

    Each replacement (a run of white space, an ellipsis) is recorded as its span in the folded
    text and in the original; offsets between replacements shift by a constant.
    """

    text: str
    folded_starts: tuple[int, ...]
    folded_ends: tuple[int, ...]
    original_starts: tuple[int, ...]
    original_ends: tuple[int, ...]

    def original_start(self, offset: int) -> int:
        """The original offset where a passage starting at folded `offset` starts."""
        index = bisect.bisect_right(self.folded_starts, offset) - 1
        if index < 0:
            return offset
        if offset < self.folded_ends[index]:
            return self.original_starts[index]
        return offset - self.folded_ends[index] + self.original_ends[index]

    def original_end(self, offset: int) -> int:
        """The original offset where a passage ending (exclusively) at folded `offset` ends."""
        index = bisect.bisect_left(self.folded_starts, offset) - 1
        if index < 0:
            return offset
        if offset <= self.folded_ends[index]:
            return self.original_ends[index]
        return offset - self.folded_ends[index] + self.original_ends[index]


def fold(text: str) -> Folded:
    """Runs of white space become one space, “ ” „ « » become ", ‘ ’ become ', – — become -, … becomes ..."""
    text = text.translate(_SAME_LENGTH)
    pieces: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    copied = folded_length = 0
    for match in _LENGTH_CHANGING.finditer(text):
        pieces.append(text[copied:match.start()])
        folded_length += match.start() - copied
        replacement = "..." if match[0] == "…" else " "
        pieces.append(replacement)
        spans.append((folded_length, folded_length + len(replacement), match.start(), match.end()))
        folded_length += len(replacement)
        copied = match.end()
    pieces.append(text[copied:])
    columns = tuple(zip(*spans)) or ((), (), (), ())
    return Folded("".join(pieces), *columns)


def fold_quote(quote: str) -> str:
    return fold(quote).text.strip()


@dataclass(frozen=True, slots=True)
class Location:
    """Where a quote is in a source's visible text (offsets into that text), and how often it occurs."""

    start: int
    end: int
    occurrences: int
    """1, or 2 meaning "more than once" (we stop counting there)."""


def locate(source: Folded, quote: str) -> Location | None:
    """The first occurrence of `quote` in the source, or None."""
    needle = fold_quote(quote)
    if not needle:
        return None
    start = source.text.find(needle)
    if start < 0:
        return None
    again = source.text.find(needle, start + 1)
    end = start + len(needle)
    return Location(source.original_start(start), source.original_end(end), 1 if again < 0 else 2)


def closest_passage(source: Folded, quote: str, original_text: str) -> str | None:
    """The passage of the source most like `quote`, for a "did you mean" hint; None if nothing is alike.

    Scores each window of the source as long as the quote (in words) by the word pairs it shares
    with the quote, ignoring case, so a changed word, a typo or wrong capitalisation still finds
    its passage.
    """
    needle = fold_quote(quote)
    quote_words = [word.lower() for word in _WORD.findall(needle)]
    if not quote_words:
        return None
    other_case = re.compile(re.escape(needle), re.IGNORECASE).search(source.text)
    if other_case:
        return _original(source, original_text, other_case.start(), other_case.end())
    matches = list(_WORD.finditer(source.text))
    source_words = [match[0].lower() for match in matches]
    wanted = set(zip(quote_words, quote_words[1:])) or {(quote_words[0], None)}
    hits = _pair_hits(source_words, wanted)
    start, score = _best_window(hits, len(quote_words))
    if score == 0:
        return None
    first_hit = start + hits[start:].index(1)
    start = max(0, first_hit - 1)
    end = min(start + len(quote_words) + 1, len(matches)) - 1
    return _original(source, original_text, matches[start].start(), matches[end].end())


def _original(source: Folded, original_text: str, start: int, end: int) -> str:
    passage = original_text[source.original_start(start):source.original_end(end)]
    return " ".join(passage.split())


def _pair_hits(words: list[str], wanted: set[tuple[str, str | None]]) -> list[int]:
    if all(second is None for _, second in wanted):
        return [1 if (word, None) in wanted else 0 for word in words]
    return [1 if pair in wanted else 0 for pair in zip(words, words[1:])] + [0]


def _best_window(hits: list[int], width: int) -> tuple[int, int]:
    """Start and score of the first window of `width` items with the most hits."""
    width = max(1, min(width, len(hits)))
    score = best = sum(hits[:width])
    best_start = 0
    for start in range(1, len(hits) - width + 1):
        score += hits[start + width - 1] - hits[start - 1]
        if score > best:
            best, best_start = score, start
    return best_start, best
