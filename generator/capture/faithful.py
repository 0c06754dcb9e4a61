"""Faithfulness: is a source's working text a faithful cut of its capture? (docs/captures.md, "Faithfulness")

Each paragraph of the working text (paragraphs are separated by blank lines) must be one
contiguous passage of the capture's visible text after folding (`generator.text.quotes.fold`), start
and end on whole words of the capture (words are runs of characters between white space), and
come after the paragraph before it in the capture's order. Whole passages may be left out between
paragraphs; nothing may be added, changed or left out inside one.

A paragraph that begins (ends) in the middle of a block of the capture is a warning unless it
begins (ends) with the marker `[…]` (or `[...]`), which tells the reader that words of that block
were left out there. A paragraph that is only the marker says whole passages were left out.

This is a pure function of two texts; its cost is a few searches per paragraph, each linear in the
capture (the whole-word search of `generator.text.quotes`, which steps through text that repeats itself).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.capture.visible import VisibleText
from generator.core.diagnostics import Severity
from generator.text import quote_misses, quotes

MARKERS = ("[…]", "[...]")
"""What marks a cut at the start or end of a working paragraph: words of the capture left out there."""
_WORD = re.compile(r"\S+")
_CONTEXT_WORDS = 6
SHOWN_PASSAGE = 200
"""Characters of the capture at most in a message's excerpt (\"the capture has: …\")."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One way the working text is not a faithful cut of the capture."""

    severity: Severity
    code: str
    """`capture.changed`, `capture.order`, `capture.joined`, `capture.split-word`, `capture.marker` (errors)
    or `capture.cut` (warning)."""
    offset: int
    """Where in the working text: the first differing word, or where a `[…]` belongs."""
    message: str
    passage: str | None
    """The capture's nearest passage (white space made single spaces), when one helps."""


@dataclass(frozen=True, slots=True)
class Faithfulness:
    """The result of checking a working text against its capture."""

    problems: tuple[Problem, ...]
    paragraphs: int
    """Paragraphs of the working text (a paragraph that is only `[…]` not counted)."""
    blocks: int
    """Blocks of the capture's visible text."""
    left_out: int
    """Blocks of the capture that no working paragraph takes words from."""

    @property
    def faithful(self) -> bool:
        return not any(problem.severity is Severity.ERROR for problem in self.problems)


@dataclass(frozen=True, slots=True)
class _Paragraph:
    start: int
    end: int
    """The paragraph's words, markers excluded, as offsets into the working text."""
    marked_start: bool
    marked_end: bool


@dataclass(frozen=True, slots=True)
class _Match:
    """Where a passage is in the capture's visible text (original offsets)."""

    start: int
    end: int


def check(working: str, capture: VisibleText) -> Faithfulness:
    """Check `working` (the source's visible text) against the capture's visible text."""
    folded = quotes.fold(capture.text)
    block_starts = [start for start, _ in capture.blocks]
    problems: list[Problem] = []
    used: set[int] = set()
    cursor = count = 0
    for paragraph in _paragraphs(working):
        count += 1
        text = working[paragraph.start:paragraph.end]
        found = find_passage(folded, text, cursor)
        if found is None:
            problems.append(_unfaithful(working, paragraph, folded, capture, cursor))
            continue
        cursor = found[1]
        match = _Match(folded.original_start(found[0]), folded.original_end(found[1]))
        first, last = _blocks_of(match, block_starts)
        used.update(range(first, last + 1))
        problems.extend(_cuts(paragraph, match, capture, first, last))
    return Faithfulness(tuple(problems), count, len(capture.blocks), len(capture.blocks) - len(used))


def _paragraphs(working: str) -> Iterator[_Paragraph]:
    """The working text's paragraphs (runs of non-blank lines), markers split off, markers-only skipped."""
    offset = 0
    start = end = -1
    for line in working.split("\n"):
        if line.strip():
            if start < 0:
                start = offset + len(line) - len(line.lstrip())
            end = offset + len(line.rstrip())
        elif start >= 0:
            yield from _unmarked(working, start, end)
            start = -1
        offset += len(line) + 1
    if start >= 0:
        yield from _unmarked(working, start, end)


def _unmarked(working: str, start: int, end: int) -> Iterator[_Paragraph]:
    text = working[start:end]
    marked_start = text.startswith(MARKERS)
    if marked_start:
        start += len(next(marker for marker in MARKERS if text.startswith(marker)))
    text = working[start:end]
    marked_end = text.endswith(MARKERS)
    if marked_end:
        end -= len(next(marker for marker in MARKERS if text.endswith(marker)))
    core = working[start:end]
    if core.strip():
        start += len(core) - len(core.lstrip())
        end -= len(core) - len(core.rstrip())
        yield _Paragraph(start, end, marked_start, marked_end)


def find_passage(folded: quotes.Folded, text: str, cursor: int) -> tuple[int, int] | None:
    """The first occurrence of `text` at or after folded offset `cursor` that starts and ends on
    whole words of the capture, as folded offsets; None if there is none."""
    return _find(folded.text, quotes.fold_quote(text), cursor)


def _find(haystack: str, needle: str, cursor: int) -> tuple[int, int] | None:
    if not needle:
        return None
    start = next(quotes._whole_occurrences(haystack, needle, cursor, _on_word_edges), None)
    return None if start is None else (start, start + len(needle))


def _on_word_edges(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] starts and ends at white space or the text's edge (the capture's words)."""
    return _word_edge_before(text, start) and _word_edge_after(text, end)


def _word_edge_before(text: str, offset: int) -> bool:
    return offset == 0 or text[offset - 1].isspace()


def _word_edge_after(text: str, offset: int) -> bool:
    return offset == len(text) or text[offset].isspace()


def _blocks_of(match: _Match, block_starts: list[int]) -> tuple[int, int]:
    """The indices of the first and the last block the match takes words from."""
    first = bisect.bisect_right(block_starts, match.start) - 1
    last = bisect.bisect_right(block_starts, match.end - 1) - 1
    return max(first, 0), max(last, 0)


def _cuts(paragraph: _Paragraph, match: _Match, capture: VisibleText, first: int, last: int) -> Iterator[Problem]:
    """Warnings for a paragraph that begins or ends inside a block of the capture without a `[…]`."""
    block_start, _ = capture.blocks[first]
    _, block_end = capture.blocks[last]
    if match.start > block_start and not paragraph.marked_start:
        before = _last_words(capture.text[block_start:match.start])
        yield Problem(Severity.WARNING, "capture.cut", paragraph.start,
                      f"paragraph begins in the middle of a passage of the capture, after \"…{before}\"; "
                      "mark the cut with \"[…] \" at its start, or begin where the passage begins", None)
    if match.end < block_end and not paragraph.marked_end:
        after = _first_words(capture.text[match.end:block_end])
        yield Problem(Severity.WARNING, "capture.cut", paragraph.end,
                      f"paragraph ends in the middle of a passage of the capture, before \"{after}…\"; "
                      "mark the cut with \" […]\" at its end, or end where the passage ends", None)


def _unfaithful(working: str, paragraph: _Paragraph, folded: quotes.Folded, capture: VisibleText,
                cursor: int) -> Problem:
    """The error for a paragraph that is not a passage of the capture after the one before it."""
    text = working[paragraph.start:paragraph.end]
    earlier = find_passage(folded, text, 0)
    if earlier is not None:
        passage = _original(folded, capture, *earlier)
        return Problem(Severity.ERROR, "capture.order", paragraph.start,
                       "paragraph is out of the capture's order: in the capture it comes before the paragraph "
                       "above it; keep the paragraphs in the order the capture has them", passage)
    joined = _joined_blocks(folded, capture, paragraph, text)
    if joined is not None:
        return joined
    split = _split_word(folded, capture, paragraph, text, cursor)
    if split is not None:
        return split
    closest = _closest(folded, text, capture)
    if any(marker in text for marker in MARKERS):
        return Problem(Severity.ERROR, "capture.marker", paragraph.start + min(
            text.find(marker) for marker in MARKERS if marker in text),
            "\"[…]\" inside a paragraph: words may be left out only at the start or end of a paragraph; "
            "end the paragraph here and begin a new one", closest)
    offset = paragraph.start + _first_difference(folded, text)
    word = _WORD.match(working, offset)
    return Problem(Severity.ERROR, "capture.changed", offset,
                   f"paragraph is not in the capture: from \"{word[0] if word else ''}\" on it differs "
                   "(a word added, changed or left out)", closest)


def _joined_blocks(folded: quotes.Folded, capture: VisibleText, paragraph: _Paragraph, text: str) -> Problem | None:
    """The error for a paragraph that runs on from one block of the capture into the next, if so."""
    needle = quotes.fold_quote(text)
    found = _find(folded.text.replace(quotes.BLOCK_BREAK, " "), needle, 0)
    if found is None:
        return None
    block_break = folded.text.index(quotes.BLOCK_BREAK, *found)
    offset = paragraph.start + quotes.fold(text, blocks=False).original_start(block_break - found[0] + 1)
    return Problem(Severity.ERROR, "capture.joined", offset,
                   "paragraph runs on across the end of a passage of the capture: start a new paragraph "
                   "(a blank line) here, where the capture's passage ends", _original(folded, capture, *found))


def _split_word(folded: quotes.Folded, capture: VisibleText, paragraph: _Paragraph, text: str,
                cursor: int) -> Problem | None:
    """The error for a paragraph the capture has only as part of longer words ("1," of "1,240"), if so."""
    needle = quotes.fold_quote(text)
    haystack = folded.text
    start = haystack.find(needle, cursor)
    if start < 0:
        start = haystack.find(needle)
    if start < 0:
        return None
    end = start + len(needle)
    at_start = not _word_edge_before(haystack, start)
    word_start, word_end = _word_around(haystack, start if at_start else end - 1)
    passage = _original(folded, capture, min(word_start, start), max(word_end, end))
    where, offset = ("begins", paragraph.start) if at_start else ("ends", paragraph.end)
    return Problem(Severity.ERROR, "capture.split-word", offset,
                   f"paragraph {where} inside the capture's word \"{haystack[word_start:word_end]}\"; "
                   "begin and end paragraphs on whole words", passage)


def _word_around(text: str, offset: int) -> tuple[int, int]:
    """The run of non-space characters that holds `offset`."""
    start = end = offset
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _first_difference(folded: quotes.Folded, text: str) -> int:
    """Offset in `text` of the first word from which no passage of the capture continues it.

    The longest run of the paragraph's first words that the capture has as whole words, found by
    bisection: a few searches, not one per word.
    """
    words = list(_WORD.finditer(text))
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if find_passage(folded, text[:words[middle - 1].end()], 0) is not None:
            low = middle
        else:
            high = middle - 1
    return words[low].start() if low < len(words) else 0


def _original(folded: quotes.Folded, capture: VisibleText, start: int, end: int) -> str:
    """The excerpt of the capture at folded offsets `start`..`end`."""
    return _excerpt(capture, folded.original_start(start), folded.original_end(end))


def _closest(folded: quotes.Folded, text: str, capture: VisibleText) -> str | None:
    """The excerpt of the one block of the capture that holds most of the passage most like `text`."""
    passage = quote_misses.closest_passage(folded, text, capture.text)
    if passage is None:
        return None
    span = _span_of_collapsed(capture.text, passage)
    if span is None:
        return _shortened(passage, False)
    first, last = _blocks_around(capture, *span)
    start, end = span
    block_start, block_end = max(capture.blocks[first:last + 1],
                                 key=lambda block: min(end, block[1]) - max(start, block[0]))
    return _excerpt(capture, max(start, block_start), min(end, block_end))


def _span_of_collapsed(text: str, passage: str) -> tuple[int, int] | None:
    """Where `passage` (a run of `text` with its white space collapsed to single spaces) is in `text`."""
    words = list(_WORD.finditer(text))
    collapsed_starts = list(itertools.accumulate((len(word[0]) + 1 for word in words[:-1]), initial=0))
    found = " ".join(word[0] for word in words).find(passage)
    if found < 0 or not words:
        return None
    first = bisect.bisect_right(collapsed_starts, found) - 1
    last = bisect.bisect_right(collapsed_starts, found + len(passage) - 1) - 1
    start = words[first].start() + found - collapsed_starts[first]
    end = words[last].start() + found + len(passage) - collapsed_starts[last]
    return start, end


def _blocks_around(capture: VisibleText, start: int, end: int) -> tuple[int, int]:
    """The indices of the first and the last block of the capture that `start`..`end` takes characters from."""
    block_ends = [block_end for _, block_end in capture.blocks]
    first = bisect.bisect_right(block_ends, start)
    last = max(bisect.bisect_left(block_ends, end), first)
    return min(first, len(block_ends) - 1), min(last, len(block_ends) - 1)


def _excerpt(capture: VisibleText, start: int, end: int) -> str:
    """The capture's text at `start`..`end` as a message quotes it (docs/captures.md, "Faithfulness"):
    white space made single spaces, widened to its whole blocks when they fit in SHOWN_PASSAGE
    characters, the end of a block marked " ¶ ", and "…" wherever the excerpt cuts a block."""
    if not capture.blocks:
        return ""
    first, last = _blocks_around(capture, start, end)
    blocks = capture.blocks[first:last + 1]
    if sum(block_end - block_start + 3 for block_start, block_end in blocks) <= SHOWN_PASSAGE:
        start, end = blocks[0][0], blocks[-1][1]
    parts = [" ".join(capture.text[max(start, block_start):min(end, block_end)].split())
             for block_start, block_end in blocks]
    shown = ("…" if start > blocks[0][0] else "") + " ¶ ".join(parts)
    return _shortened(shown, end < blocks[-1][1])


def _shortened(shown: str, cut_at_end: bool) -> str:
    """`shown` within SHOWN_PASSAGE characters, cut after a whole word, with "…" where it is cut."""
    if len(shown) > SHOWN_PASSAGE:
        shown, cut_at_end = shown[:SHOWN_PASSAGE].rsplit(" ", 1)[0].removesuffix(" ¶"), True
    return shown + "…" if cut_at_end else shown


def _last_words(text: str) -> str:
    return " ".join(text.split()[-_CONTEXT_WORDS:])


def _first_words(text: str) -> str:
    return " ".join(text.split()[:_CONTEXT_WORDS])
