"""The working text `dossier add` writes: extracted lines taken back from the capture's own visible text.

An extractor may normalise spaces, add list bullets or table bars, or keep text a reader never
sees (a `hidden` element). So each extracted line is only used to find a passage of the capture;
the body holds that passage as the capture has it, split where the capture's blocks end, with
`[…]` where it begins or ends inside a block. Lines the capture does not have are dropped. The
result passes `faithful.check` by construction, and is checked again before it is written.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator.capture.faithful import MARKERS, Faithfulness, check, find_passage
from generator.capture.visible import VisibleText
from generator.core.diagnostics import Severity
from generator.text import quotes

_MARK = MARKERS[0]


@dataclass(frozen=True, slots=True)
class WorkingText:
    """The paragraphs of a new source's body, and what became of the extracted lines."""

    paragraphs: tuple[str, ...]
    dropped: int
    """Extracted lines (or table cells) that are not passages of the capture, in its order."""
    whole: bool
    """True when the extractor gave nothing usable and the body is the whole visible text."""
    faithfulness: Faithfulness
    """`faithful.check` of the paragraphs joined by blank lines: what `dossier add` reports of it."""


def cut_from_capture(lines: Sequence[str], capture: VisibleText, title: str | None = None) -> WorkingText:
    """Paragraphs for `lines` (the extractor's main text, in order); the whole text when none is found.

    A first line that is the `title` is left out: the headline is in the front matter.
    """
    folded = quotes.fold(capture.text)
    paragraphs: list[str] = []
    dropped = cursor = 0
    for piece in _pieces(lines, title):
        found = next(filter(None, (find_passage(folded, candidate, cursor) for candidate in _readings(piece))), None)
        if found is None:
            dropped += 1
            continue
        cursor = found[1]
        paragraphs.extend(_passages(capture, folded.original_start(found[0]), folded.original_end(found[1])))
    whole = not paragraphs
    if whole:
        paragraphs = [_one_line(capture.text[start:end]) for start, end in capture.blocks]
    kept, faithfulness = _faithful(paragraphs, capture)
    return WorkingText(kept, dropped, whole, faithfulness)


def _pieces(lines: Sequence[str], title: str | None) -> Iterator[str]:
    """The extracted lines, a first line equal to the title skipped and table rows split into cells."""
    folded_title = quotes.fold_quote(title or "")
    for index, line in enumerate(lines):
        if index == 0 and folded_title and quotes.fold_quote(line) == folded_title:
            continue
        if line.startswith("|") and line.endswith("|"):
            yield from (cell.strip() for cell in line.strip("|").split("|") if cell.strip())
        else:
            yield line


def _readings(piece: str) -> Iterator[str]:
    """The line as extracted, then without the list bullet trafilatura puts before list items."""
    yield piece
    if piece.startswith("- "):
        yield piece[2:]


def _passages(capture: VisibleText, start: int, end: int) -> Iterator[str]:
    """The capture's text from `start` to `end`, one paragraph per block, `[…]` where a block is cut."""
    starts = [block_start for block_start, _ in capture.blocks]
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    for block_start, block_end in capture.blocks[first:]:
        if block_start >= end:
            break
        part_start, part_end = max(start, block_start), min(end, block_end)
        text = _one_line(capture.text[part_start:part_end])
        if part_start > block_start:
            text = f"{_MARK} {text}"
        if part_end < block_end:
            text = f"{text} {_MARK}"
        yield text


def _one_line(text: str) -> str:
    """A block's lines (a PDF's, a text file's) as one line; the characters themselves unchanged."""
    return " ".join(line.strip() for line in text.split("\n") if line.strip())


def _faithful(paragraphs: list[str], capture: VisibleText) -> tuple[tuple[str, ...], Faithfulness]:
    """`paragraphs` without any that `faithful.check` finds fault with (none is expected), and the check of them."""
    while True:
        body = "\n\n".join(paragraphs)
        offsets = [0]
        for paragraph in paragraphs[:-1]:
            offsets.append(offsets[-1] + len(paragraph) + 2)
        faithfulness = check(body, capture)
        wrong = {bisect.bisect_right(offsets, problem.offset) - 1 for problem in faithfulness.problems
                 if problem.severity is Severity.ERROR}
        if not wrong or not paragraphs:
            return tuple(paragraphs), faithfulness
        paragraphs = [paragraph for index, paragraph in enumerate(paragraphs) if index not in wrong]
