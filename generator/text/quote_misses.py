"""Why a quote is not in its source (docs/content.md, "Quote matching"): the same words inside a longer
word or across two blocks, a character the reader cannot see or tell apart, or the closest passage with
the differences marked.

Linear in the length of the source: the closest passage is found by folding case once and counting
shared word pairs in a sliding window; only the bounded quote and passage are compared word by word.
"""

from __future__ import annotations

import difflib
import itertools
import operator
import re
import unicodedata
from dataclasses import dataclass

from generator.text.quotes import (
    BLOCK_BREAK,
    Folded,
    _replaced,
    _rewrite,
    _whole_occurrences,
    fold,
    fold_quote,
    shared_ends,
    widened_to_words,
)

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_WORD = re.compile(r"\w+")
SHOWN_PASSAGE = 160
"""Passages quoted in messages are cut to this many characters."""


@dataclass(frozen=True, slots=True)
class Miss:
    """Why a quote is not in its source: `detail` follows "quote not found in source '…'"."""

    detail: str
    hint: str | None = None


def explain_miss(source: Folded, quote: str, original_text: str) -> Miss:
    """What comes nearest to the quote: the same words inside a longer word or number, or across two
    blocks; a passage that differs only by a character the reader cannot see or tell apart; or the
    closest passage. Linear in the length of the source."""
    needle = fold_quote(quote)
    joined = source.text.replace(BLOCK_BREAK, " ")
    across = next(_whole_occurrences(joined, needle), None) if needle else None
    if across is not None:
        passage = _shown(source, original_text, across, across + len(needle), blocks=True)
        return Miss(f' as one passage: it runs across two blocks (paragraphs, headings, list items or table '
                    f'cells): "{passage}"', "a quote must lie within one block; cite each part with its own quote")
    inside = joined.find(needle) if needle else -1
    if inside >= 0:
        start, end = widened_to_words(joined, inside, inside + len(needle))
        return Miss(f' as whole words: it occurs only inside a longer word or number: '
                    f'"{_shown(source, original_text, start, end)}"',
                    "a quote starts and ends with whole words and whole numbers; quote the whole word or number")
    unseen = _unseen_difference(quote, needle, source, original_text)
    if unseen is not None:
        return unseen
    closest = closest_passage(source, quote, original_text)
    if closest is None:
        return Miss("", "nothing like it is in that source; is it the right source?")
    marked = marked_difference(quote, closest)
    return Miss(f'; closest passage: "{_cut(closest)}"',
                f'the quote differs where marked [quote→source]: "{marked}"' if marked else None)


MARK_CONTEXT = 3
"""Words shown either side of a difference in a marked quote; the rest are "…"."""


def marked_difference(quote: str, passage: str) -> str | None:
    """The quote with what differs from `passage` marked `[quote's→passage's]`, inside a word when
    one word differs (`obt[ia→ai]ned`); words of the passage beyond the quote's ends are left out,
    and runs of equal words far from a difference become "…". None when only spacing differs.
    Both texts are bounded (a quote, and a passage of about as many words), so difflib's word
    comparison stays cheap."""
    mine, theirs = quote.split(), _ends_as_quoted(quote.split(), passage.split())
    pieces: list[tuple[str, bool]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces += [(word, False) for word in mine[i1:i2]]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            pieces += [(_marked_word(a, b), True) for a, b in zip(mine[i1:i2], theirs[j1:j2])]
        elif tag != "insert" or 0 < i1 < len(mine):
            pieces.append((f"[{' '.join(mine[i1:i2])}→{' '.join(theirs[j1:j2])}]", True))
    marks = [index for index, (_, is_mark) in enumerate(pieces) if is_mark]
    if not marks:
        return None
    shown = [text if any(abs(index - mark) <= MARK_CONTEXT for mark in marks) else "…"
             for index, (text, _) in enumerate(pieces)]
    return " ".join(word for index, word in enumerate(shown) if word != "…" or index == 0 or shown[index - 1] != "…")


def _ends_as_quoted(mine: list[str], theirs: list[str]) -> list[str]:
    """The passage's words, its first and last taken as the quote has them when they differ only by
    punctuation outside the word: a closest passage starts and ends with a word, a quote may not."""
    if not mine or not theirs:
        return theirs
    theirs = list(theirs)
    if mine[-1].startswith(theirs[-1]) and not _WORD.search(mine[-1][len(theirs[-1]):]):
        theirs[-1] = mine[-1]
    if mine[0].endswith(theirs[0]) and not _WORD.search(mine[0][:len(mine[0]) - len(theirs[0])]):
        theirs[0] = mine[0]
    return theirs


def _marked_word(mine: str, theirs: str) -> str:
    """`obt[ia→ai]ned`: the shared beginning and end stay outside the mark."""
    head, tail = shared_ends(mine, theirs)
    return f"{mine[:head]}[{mine[head:len(mine) - tail]}→{theirs[head:len(theirs) - tail]}]{mine[len(mine) - tail:]}"


def closest_passage(source: Folded, quote: str, original_text: str) -> str | None:
    """The passage of the source most like `quote`, for a "did you mean" hint; None if nothing is alike."""
    span = _closest_span(source.text, fold_quote(quote))
    return None if span is None else _original(source, original_text, *span)


def _closest_span(text: str, needle: str) -> tuple[int, int] | None:
    """The folded span most like `needle`: where it occurs ignoring case, else the window of as many
    words that shares the most word pairs with it (so a changed word or a typo still finds it)."""
    lowered_needle = _lower_keeping_offsets(needle)
    quote_words = _WORD.findall(lowered_needle)
    if not quote_words:
        return None
    lowered = _lower_keeping_offsets(text)
    other_case = next(_whole_occurrences(lowered, lowered_needle), None)
    if other_case is not None:
        return other_case, other_case + len(needle)
    source_words = _WORD.findall(lowered)
    if not source_words:
        return None
    wanted = set(zip(quote_words, quote_words[1:])) or {(quote_words[0], None)}
    hits = _pair_hits(source_words, wanted)
    start, score = _best_window(hits, len(quote_words))
    if score == 0:
        return None
    first_hit = start + hits[start:].index(True)
    start = max(0, first_hit - 1)
    end = min(start + len(quote_words) + 1, len(source_words)) - 1
    words = list(itertools.islice(_WORD.finditer(lowered), start, end + 1))
    return words[0].start(), words[-1].end()


def _lower_keeping_offsets(text: str) -> str:
    """`text` in lower case, character for character: a letter whose lower case is longer (İ) stays."""
    lowered = text.lower()
    if len(lowered) == len(text):  # each character lowers to at least one, so here to exactly one
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def _pair_hits(words: list[str], wanted: set[tuple[str, str | None]]) -> list[bool]:
    if all(second is None for _, second in wanted):
        return list(map(wanted.__contains__, zip(words, itertools.repeat(None))))
    return [*map(wanted.__contains__, zip(words, words[1:])), False]


def _best_window(hits: list[bool], width: int) -> tuple[int, int]:
    """Start and score of the first window of `width` items with the most hits (sums by prefix, in C)."""
    width = max(1, min(width, len(hits)))
    sums = list(itertools.accumulate(hits, initial=0))
    scores = list(map(operator.sub, sums[width:], sums[:len(sums) - width]))
    best = max(scores)
    return scores.index(best), best


def _original(source: Folded, original_text: str, start: int, end: int) -> str:
    passage = original_text[source.original_start(start):source.original_end(end)]
    return " ".join(passage.split())


def _shown(source: Folded, original_text: str, start: int, end: int, blocks: bool = False) -> str:
    """A folded span as the original text has it, white space collapsed (block breaks shown as ¶ with
    `blocks`), cut to SHOWN_PASSAGE characters."""
    if blocks:
        parts = source.text[start:end].split(BLOCK_BREAK)
        offsets = [start]
        for part in parts[:-1]:
            offsets.append(offsets[-1] + len(part) + 1)
        passage = " ¶ ".join(_original(source, original_text, offset, offset + len(part))
                             for offset, part in zip(offsets, parts))
    else:
        passage = _original(source, original_text, start, end)
    return _cut(passage)


def _cut(passage: str) -> str:
    return passage if len(passage) <= SHOWN_PASSAGE else passage[:SHOWN_PASSAGE - 1] + "…"


# Characters a reader cannot see or tell apart ----------------------------------------------------------

_HOMOGLYPHS = str.maketrans(
    "аеорсухіјѕԁԛԝһӏАВЕКМНОРСТХУІЈЅԜοανιΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdqwhlABEKMHOPCTXYIJSWoaviABEZHIKMNOPTYX")
"""Cyrillic and Greek letters that look like Latin ones."""
_UNSEEN_MARKS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u3164\uffa0") | frozenset(
    map(chr, range(0xFE00, 0xFE10)))
"""Default-ignorable characters outside the format category: grapheme joiner, fillers, variation selectors."""


def _is_unseen(char: str) -> bool:
    """Shows as nothing: a format or control character (other than white space) or another default-ignorable."""
    return (unicodedata.category(char) in ("Cf", "Cc") and not char.isspace()) or char in _UNSEEN_MARKS


def _looks(run: str) -> str:
    """What a run of characters looks like: unseen ones dropped, look-alikes made one (homoglyphs, NFKC)."""
    if not run.isprintable() or not _UNSEEN_MARKS.isdisjoint(run):
        run = "".join(char for char in run if not _is_unseen(char))
    return unicodedata.normalize("NFKC", run.translate(_HOMOGLYPHS))


def _looks_by_character(text: str) -> tuple[str, list[int]]:
    """`_looks(text)`, with the index in `text` of each character of the result."""
    chars: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        looks = _looks(char)
        chars.append(looks)
        origins += [index] * len(looks)
    return "".join(chars), origins


def _unseen_difference(quote: str, needle: str, source: Folded, original_text: str) -> Miss | None:
    """When the quote and a passage of the source differ only by characters a reader cannot see or tell
    apart, the first such character: what it is, and where. Only non-ASCII text is looked at closely."""
    looks_text, edits = _rewrite(source.text, _replaced(source.text, _NON_ASCII, _looks))
    looks_needle = _rewrite(needle, _replaced(needle, _NON_ASCII, _looks))[0]
    at = looks_text.find(looks_needle) if looks_needle else -1
    if at < 0:
        return None
    window_start = edits.original_start(at)
    window = source.text[window_start:edits.original_end(at + len(looks_needle))]
    looks_quote, quote_origins = _looks_by_character(needle)
    looks_window, window_origins = _looks_by_character(window)
    found = looks_window.find(looks_quote)
    if found < 0:
        return None
    pairs = [(quote_origins[k], window_origins[found + k]) for k in range(len(looks_quote))]
    for (q_before, w_before), (q, w) in zip([(pairs[0][0] - 1, pairs[0][1] - 1), *pairs], pairs):
        in_quote = [i for i in range(q_before + 1, q) if _is_unseen(needle[i])]
        in_source = [i for i in range(w_before + 1, w) if _is_unseen(window[i])]
        if in_source:
            return _unseen_in_source(window[in_source[0]], source, original_text, window_start + in_source[0])
        if in_quote or needle[q] != window[w]:
            return _differs_in_quote(quote, needle, in_quote[0] if in_quote else q, window[w], source,
                                     original_text, window_start + w)
    return None


def _unseen_in_source(char: str, source: Folded, original_text: str, position: int) -> Miss:
    start, end = _word_around(source.text, position)
    word = original_text[source.original_start(start):source.original_end(end)]
    shown = "".join(f"<{_code(c)}>" if _is_unseen(c) else c for c in word)
    return Miss(f'; the source has an invisible {_named(char)} in "{shown}"',
                "a reader cannot see it; remove it from the source's text")


def _differs_in_quote(quote: str, needle: str, index: int, source_char: str, source: Folded,
                      original_text: str, position: int) -> Miss:
    char = needle[index]
    where = _position_in_quote(quote, index)
    start, end = _word_around(source.text, position)
    word = _original(source, original_text, start, end)
    if _is_unseen(char):
        return Miss(f"; character {where} of the quote is an invisible {_named(char)}",
                    "a reader cannot see it; remove it from the quote")
    return Miss(f'; character {where} of the quote is "{char}" ({_named(char)}), where the source has '
                f'"{source_char}" ({_named(source_char)}) in "{word}"',
                "the two look alike but are different characters; copy the passage from the source")


def _position_in_quote(quote: str, index: int) -> int:
    """The 1-based position in the quote as written of character `index` of the folded quote."""
    folded = fold(quote, blocks=False)
    leading = len(folded.text) - len(folded.text.lstrip())
    return folded.original_start(leading + index) + 1


def _word_around(text: str, position: int) -> tuple[int, int]:
    start = text.rfind(" ", 0, position) + 1
    end = text.find(" ", position)
    return start, len(text) if end < 0 else end


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def _named(char: str) -> str:
    return f"{_code(char)} {unicodedata.name(char, 'character')}".rstrip()
