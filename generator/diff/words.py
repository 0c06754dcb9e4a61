"""Which words of a text changed: the old and new text as runs of equal, deleted and inserted text,
with long unchanged stretches cut around the changes (docs/review.md, "Word by word").

Plain data only; generator/diff/formats.py and markdown.py show it. A text is split into words,
single punctuation marks and runs of whitespace, so that a comma is a change of its own
(`men,` → `men` deletes `,`), a number with its separators is one word (`1.5`, `2,000`), and each
character of scripts written without spaces (Chinese, Japanese) is a word.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

SHORT = 200
"""Texts of at most this many characters (old and new) are shown whole."""
CONTEXT_WORDS = 6
"""In longer texts, unchanged words kept on each side of a change; the rest is cut to `…`."""
LONG_RUN_WORDS = 5 * CONTEXT_WORDS
"""A deleted or inserted run of more words than this keeps only its first and last 2 × CONTEXT_WORDS."""
MAX_TOKENS = 3000
"""Past this many changed tokens on either side (after the common start and end), the texts are
shown as one replacement: a finer diff would cost more than it tells (difflib is quadratic)."""
ALIKE = 0.4
"""Below this share of unchanged characters, two texts are not alike: shown as one replacement
rather than as a patchwork of the few words they share ("the", "of"), and two lines of a text are
not taken for one line changed."""
CUT = "…"
_SHOWN_WHITESPACE = {" ": "␣", "\n": "↵", "\t": "⇥"}
_INNER = {"'", "’"}
"""Characters that stay inside a word between letters: `don't`, `fund’s`."""
_NUMBER_INNER = {".", ","}
"""Characters that stay inside a number between digits: `1.5`, `2,000`."""


@dataclass(frozen=True, slots=True)
class Segment:
    kind: str
    """`equal`, `deleted` or `inserted`."""
    text: str
    """The text of the run; an equal run that was cut holds `…` where it was cut."""


@dataclass(frozen=True, slots=True)
class _Run:
    """Equal tokens (`old` is `new`), or a change: the old tokens replaced by the new ones."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    equal: bool


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The changes from `old` to `new`, word by word, cut around the changes with context."""
    runs = _merged(_runs(tokens(old), tokens(new)))
    if _shared(runs) < ALIKE and sum(not run.equal for run in runs) > 1:
        runs = [_Run(tokens(old), tokens(new), equal=False)]
    if max(len(old), len(new)) <= SHORT:
        return tuple(segment for run in runs for segment in _whole(run))
    return tuple(segment for index, run in enumerate(runs) for segment in _segments(run, index, len(runs)))


def alike(old: str, new: str) -> bool:
    """Whether a word diff of the two tells more than showing one and then the other. The words
    they have in common, in any order, are counted first: when those are too few, no diff is needed."""
    old_tokens, new_tokens = tokens(old), tokens(new)
    in_common = Counter(token for token in old_tokens if not token.isspace()) & \
        Counter(token for token in new_tokens if not token.isspace())
    total = max(_word_chars(old_tokens), _word_chars(new_tokens))
    if total and sum(len(token) * count for token, count in in_common.items()) / total < ALIKE:
        return False
    return _shared(_merged(_runs(old_tokens, new_tokens))) >= ALIKE


def visible(text: str) -> str:
    """A deleted or inserted run of only whitespace, made visible (`␣`, `↵`, `⇥`); other runs as they are."""
    if text and text.isspace():
        return "".join(_SHOWN_WHITESPACE.get(char, "␣") for char in text)
    return text


def is_marks_only(text: str) -> bool:
    """Whether a run holds no letter or digit (`,`, ` — `): such a run needs help to be seen."""
    return not any(_is_word_char(char) for char in text)


# Tokens -------------------------------------------------------------------------------------------


def tokens(text: str) -> tuple[str, ...]:
    """Words, single punctuation marks (with their combining marks) and runs of whitespace."""
    found = []
    start = 0
    while start < len(text):
        end = _token_end(text, start)
        found.append(text[start:end])
        start = end
    return tuple(found)


def _token_end(text: str, start: int) -> int:
    char = text[start]
    if char.isspace():
        return _run_end(text, start, str.isspace)
    if _is_own_word(char):
        return start + 1
    if not _is_word_char(char):
        return _run_end(text, start + 1, _is_mark)
    end = start
    while end < len(text) and _is_word_char(text[end]) and not _is_own_word(text[end]):
        end = _run_end(text, end, lambda c: _is_word_char(c) and not _is_own_word(c))
        if not _joins(text, end):
            break
        end += 1
    return end


def _run_end(text: str, start: int, belongs: Callable[[str], bool]) -> int:
    end = start
    while end < len(text) and belongs(text[end]):
        end += 1
    return end


def _joins(text: str, at: int) -> bool:
    """Whether the character at `at` joins the word before it to the one after (`don't`, `1.5`)."""
    if at + 1 >= len(text) or not _is_word_char(text[at + 1]) or _is_own_word(text[at + 1]):
        return False
    if text[at] in _INNER:
        return True
    return text[at] in _NUMBER_INNER and text[at - 1].isdigit() and text[at + 1].isdigit()


def _is_word_char(char: str) -> bool:
    """Letters, digits, combining marks and `_` (Unicode categories L, M, N and Pc)."""
    return unicodedata.category(char)[0] in "LMN" or unicodedata.category(char) == "Pc"


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M" or char in "\u200d\ufe0f"


def _is_own_word(char: str) -> bool:
    """A wide character (Chinese, Japanese, Korean), written without spaces: each is a word."""
    return unicodedata.east_asian_width(char) in ("W", "F") and unicodedata.category(char)[0] in "LN"


def _is_word(token: str) -> bool:
    return any(_is_word_char(char) for char in token)


# Runs ---------------------------------------------------------------------------------------------


def _runs(old: tuple[str, ...], new: tuple[str, ...]) -> list[_Run]:
    """Equal and changed runs: the common start and end, and between them what difflib matches
    (the common start and end are taken first, so that the quadratic matcher sees only the middle)."""
    start, end = _common_ends(old, new)
    middle = _middle_runs(old[start:len(old) - end], new[start:len(new) - end])
    return _joined([_same(old[:start]), *middle, _same(old[len(old) - end:])])


def _common_ends(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[int, int]:
    """How many tokens the two have alike at their start, and then at their end."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return start, end


def _middle_runs(old: tuple[str, ...], new: tuple[str, ...]) -> list[_Run]:
    """The words (whitespace aside) matched by difflib, then the whitespace between matched words
    compared: matching whitespace too would let the most common token of all pair up unrelated
    words, and cost time quadratic in it."""
    if max(len(old), len(new)) > MAX_TOKENS:
        return [_Run(old, new, equal=False)]
    old_words = [index for index, token in enumerate(old) if not token.isspace()] + [len(old)]
    new_words = [index for index, token in enumerate(new) if not token.isspace()] + [len(new)]
    matcher = difflib.SequenceMatcher(None, [old[i] for i in old_words[:-1]], [new[i] for i in new_words[:-1]],
                                      autojunk=False)
    runs = []
    old_at = new_at = 0
    for old_word, new_word, size in matcher.get_matching_blocks():
        old_from, new_from = old_words[old_word], new_words[new_word]
        runs += _gap(old[old_at:old_from], new[new_at:new_from])
        for offset in range(size):
            runs += _word_and_space(old, new, old_words[old_word + offset], new_words[new_word + offset],
                                    last=offset == size - 1)
        old_at = old_words[old_word + size - 1] + 1 if size else old_from
        new_at = new_words[new_word + size - 1] + 1 if size else new_from
    return runs


def _gap(old: tuple[str, ...], new: tuple[str, ...]) -> list[_Run]:
    """What lies between two matched blocks: a change, with the whitespace alike at its ends equal."""
    start, end = _common_ends(old, new)
    return [_same(old[:start]), _Run(old[start:len(old) - end], new[start:len(new) - end], False),
            _same(old[len(old) - end:])]


def _word_and_space(old: tuple[str, ...], new: tuple[str, ...], old_at: int, new_at: int,
                    last: bool) -> list[_Run]:
    """A matched word, and unless it is the last of its block, the whitespace after it on each side."""
    runs = [_same(old[old_at:old_at + 1])]
    if last:
        return runs
    old_space = old[old_at + 1:old_at + 2] if old[old_at + 1].isspace() else ()
    new_space = new[new_at + 1:new_at + 2] if new[new_at + 1].isspace() else ()
    return [*runs, _Run(old_space, new_space, equal=old_space == new_space)]


def _same(tokens_: tuple[str, ...]) -> _Run:
    return _Run(tokens_, tokens_, equal=True)


def _joined(runs: list[_Run]) -> list[_Run]:
    """Neighbouring runs of the same kind as one; empty runs left out."""
    joined: list[_Run] = []
    for run in runs:
        if not run.old and not run.new:
            continue
        if joined and joined[-1].equal == run.equal:
            joined[-1] = _Run(joined[-1].old + run.old, joined[-1].new + run.new, run.equal)
        else:
            joined.append(run)
    return joined


def _merged(runs: list[_Run]) -> list[_Run]:
    """Neighbouring changes as one, across a gap of only whitespace or one short word:
    `[-did not lose-]{+never lost+}` rather than `[-did-]{+never+} [-not lose-]{+lost+}`."""
    merged: list[_Run] = []
    for run in runs:
        if merged and not run.equal and not merged[-1].equal:
            merged[-1] = _Run(merged[-1].old + run.old, merged[-1].new + run.new, equal=False)
        elif len(merged) >= 2 and not run.equal and _bridgeable(merged[-1]) and not merged[-2].equal:
            gap, before = merged.pop(), merged.pop()
            merged.append(_Run(before.old + gap.old + run.old, before.new + gap.new + run.new, equal=False))
        else:
            merged.append(run)
    return merged


def _bridgeable(run: _Run) -> bool:
    words = [token for token in run.old if not token.isspace()]
    return run.equal and (not words or (len(words) == 1 and _is_word(words[0]) and len(words[0]) <= 3))


def _shared(runs: list[_Run]) -> float:
    """The share of the longer text's characters (whitespace aside) that did not change."""
    shared = sum(_word_chars(run.old) for run in runs if run.equal)
    total = max(sum(_word_chars(run.old) for run in runs), sum(_word_chars(run.new) for run in runs))
    return shared / total if total else 1.0


def _word_chars(tokens_: tuple[str, ...]) -> int:
    return sum(len(token) for token in tokens_ if not token.isspace())


# Segments, cut ------------------------------------------------------------------------------------


def _segments(run: _Run, index: int, count: int) -> list[Segment]:
    """An equal run keeps CONTEXT_WORDS next to each change (all of it when nothing changed); a
    change keeps what it deletes and inserts, cut only when it is very long."""
    if run.equal:
        keep_start = CONTEXT_WORDS if index > 0 else 0
        keep_end = CONTEXT_WORDS if index < count - 1 else 0
        return [Segment("equal", _cut(run.old, keep_start, keep_end))] if count > 1 else \
            [Segment("equal", "".join(run.old))]
    keep = 2 * CONTEXT_WORDS
    changed = [Segment("deleted", _cut(run.old, keep, keep, LONG_RUN_WORDS)),
               Segment("inserted", _cut(run.new, keep, keep, LONG_RUN_WORDS))]
    return [segment for segment in changed if segment.text]


def _whole(run: _Run) -> list[Segment]:
    if run.equal:
        return [Segment("equal", "".join(run.old))]
    return [Segment(kind, "".join(part)) for kind, part in (("deleted", run.old), ("inserted", run.new)) if part]


def _cut(tokens_: tuple[str, ...], keep_start: int, keep_end: int, longer_than: int | None = None) -> str:
    """The tokens as text, its middle cut to `…` when it holds more than `longer_than` words (by
    default, two more than it keeps). `keep_start` words are kept at its start and `keep_end` at its
    end: an equal run before the first change keeps only its end, one after the last only its start."""
    words = [index for index, token in enumerate(tokens_) if _is_word(token)]
    limit = longer_than if longer_than is not None else keep_start + keep_end + 2
    if len(words) <= limit:
        return "".join(tokens_)
    left = _word_end(tokens_, words[keep_start - 1]) if keep_start else 0
    right = _word_start(tokens_, words[len(words) - keep_end]) if keep_end else len(tokens_)
    start_text = "".join(tokens_[:left]).rstrip() + " " if keep_start else ""
    end_text = " " + "".join(tokens_[right:]).lstrip() if keep_end else ""
    return f"{start_text}{CUT}{end_text}"


def _word_end(tokens_: tuple[str, ...], index: int) -> int:
    """After the word at `index` and the marks that follow it (`word,`)."""
    end = index + 1
    while end < len(tokens_) and not tokens_[end].isspace() and not _is_word(tokens_[end]):
        end += 1
    return end


def _word_start(tokens_: tuple[str, ...], index: int) -> int:
    """The word at `index` with the marks before it (`“word`)."""
    start = index
    while start > 0 and not tokens_[start - 1].isspace() and not _is_word(tokens_[start - 1]):
        start -= 1
    return start
