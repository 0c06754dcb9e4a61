"""Quote matching (docs/content.md, "Quote matching"): fold, and find whole words within one block.

Folding keeps a map back to the original text, so a match found in the folded text is reported
as offsets in the text the reader sees. Everything here is linear in the length of the source:
folding is `str.translate` plus a few regex passes, finding is `str.find` plus a look at the
characters around each occurrence. Why a quote is not found is explained by generator/text/quote_misses.py.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

BLOCK_BREAK = "\n"
"""What a break between blocks (paragraphs, headings, list items) folds to in a source. A folded quote
never holds it (every line break of a quote folds to a space), so no match crosses a block break."""

INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\ufeff") | frozenset(map(chr, range(0x2060, 0x2065))) | frozenset(
    map(chr, range(0xE0000, 0xE0080)))
"""Soft hyphen, Mongolian vowel separator, zero-width space, non-joiner and joiner, word joiner, the
invisible operators (function application, times, separator, plus), byte-order mark, tag characters:
folded away in quotes and sources, and a warning in text fields and bodies (generator/read/schema.py)."""
_LIGATURES = "\ufb00-\ufb06"


def character_class(characters: Iterable[str]) -> str:
    """A regular expression's class of `characters`, runs of consecutive code points written as
    ranges: `re` tries a class's single characters one by one but a range at once, and the 128
    tag characters listed one by one made every scan for invisible characters 45 times slower."""
    runs: list[list[int]] = []
    for code in sorted(map(ord, characters)):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "[" + "".join(re.escape(chr(first)) + (f"-{re.escape(chr(last))}" if last > first else "")
                         for first, last in runs) + "]"


_REMOVED_OR_EXPANDED = re.compile(f"{character_class(INVISIBLE)}+|[{_LIGATURES}]")
_LOOK_ALIKES = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"',
                "‘": "'", "’": "'", "‚": "'", "‹": "'", "›": "'", "′": "'",
                "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-"}
_FULLWIDTH = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_SAME_LENGTH = {**_LOOK_ALIKES, **_FULLWIDTH}
_SAME_LENGTH_FOUND = re.compile(character_class(_SAME_LENGTH))
"""The look-alikes, found by a scan and replaced one by one: `str.translate` looks up every character
of a text that is not plain ASCII in its table, 60 ns each, ten times the scan's cost in a Cyrillic
text, and several times it in an English one whose quotation marks are curly (docs/performance.md)."""
_SPACES_AND_ELLIPSES = re.compile(r"\s{2,}|[^\S ]|…")
_LINE_BREAK = re.compile(r"\r\n?|[\n\v\f\x85\u2028\u2029]")
_PARAGRAPH_SEPARATOR = "\u2029"
_NON_SPACE = re.compile(r"\S+")
_DIGIT_GROUP_SEPARATORS = frozenset(",.' _")
"""After folding: no-break, narrow no-break and thin spaces are spaces, ’ is '. `_` as in "300_000"."""
_SIGNS = frozenset("+-\u00b1")
"""Plus, minus (the look-alikes of `-` are folded to it) and plus-minus."""


@dataclass(frozen=True, slots=True)
class _Edits:
    """The replacements one folding step made, each as its span in the step's output and input.

    Offsets between replacements shift by a constant.
    """

    folded_starts: tuple[int, ...]
    folded_ends: tuple[int, ...]
    original_starts: tuple[int, ...]
    original_ends: tuple[int, ...]

    def original_start(self, offset: int) -> int:
        """The input offset where a passage starting at output `offset` starts."""
        index = bisect.bisect_right(self.folded_starts, offset) - 1
        if index < 0:
            return offset
        if offset < self.folded_ends[index]:
            return self.original_starts[index]
        return offset - self.folded_ends[index] + self.original_ends[index]

    def original_end(self, offset: int) -> int:
        """The input offset where a passage ending (exclusively) at output `offset` ends."""
        index = bisect.bisect_left(self.folded_starts, offset) - 1
        if index < 0:
            return offset
        if offset <= self.folded_ends[index]:
            return self.original_ends[index]
        return offset - self.folded_ends[index] + self.original_ends[index]


@dataclass(frozen=True, slots=True)
class Folded:
    """A text folded for matching, with the steps that map folded offsets back to original ones."""

    text: str
    steps: tuple[_Edits, ...]

    def original_start(self, offset: int) -> int:
        """The original offset where a passage starting at folded `offset` starts."""
        for step in reversed(self.steps):
            offset = step.original_start(offset)
        return offset

    def original_end(self, offset: int) -> int:
        """The original offset where a passage ending (exclusively) at folded `offset` ends."""
        for step in reversed(self.steps):
            offset = step.original_end(offset)
        return offset


def fold(text: str, blocks: bool = True) -> Folded:
    """Invisible characters removed, ligatures spelt out, NFC, look-alikes made ASCII, `…` made `...`,
    and runs of white space made one space, or, with `blocks`, BLOCK_BREAK where a run holds two line
    breaks. NFC is applied only to text that is not NFC already, a character and its combining marks at
a time, so that each change maps back to the few characters it changed."""
    steps = []
    if not text.isascii():  # what these steps fold is outside ASCII: plain ASCII is not scanned for it
        text, edits = _rewrite(text, _replaced(text, _REMOVED_OR_EXPANDED, _remove_or_expand))
        steps.append(edits)
        if not unicodedata.is_normalized("NFC", text):
            text, edits = _rewrite(text, _nfc_segments(text))
            steps.append(edits)
        text = _SAME_LENGTH_FOUND.sub(_same_length, text)
    text, edits = _rewrite(text, _replaced(text, _SPACES_AND_ELLIPSES, _block_break_or_space if blocks else _space))
    steps.append(edits)
    return Folded(text, tuple(step for step in steps if step.folded_starts))


def fold_quote(quote: str) -> str:
    """A quote folded as a source is, except that its line breaks are spaces and its ends are trimmed."""
    return fold(quote, blocks=False).text.strip()


def _remove_or_expand(found: str) -> str:
    return "" if found[0] in INVISIBLE else unicodedata.normalize("NFKC", found)


def _nfc_segments(text: str) -> Iterator[tuple[int, int, str]]:
    """NFC of each chunk between spaces that needs it, as replacements of a character and the combining
    marks after it, so that a change maps to those characters only. When NFC joins two such segments
    (Hangul jamo, a few two-part vowels), the whole chunk is one replacement."""
    for chunk in _NON_SPACE.finditer(text):
        if unicodedata.is_normalized("NFC", chunk[0]):
            continue
        starts = [0, *(i for i, char in enumerate(chunk[0]) if i and not unicodedata.combining(char))]
        segments = [(chunk.start() + a, chunk.start() + b, unicodedata.normalize("NFC", chunk[0][a:b]))
                    for a, b in zip(starts, [*starts[1:], len(chunk[0])])]
        whole = unicodedata.normalize("NFC", chunk[0])
        yield from segments if "".join(new for _, _, new in segments) == whole else [(*chunk.span(), whole)]


def _same_length(found: re.Match[str]) -> str:
    return _SAME_LENGTH[found[0]]


def _space(found: str) -> str:
    return "..." if found == "…" else " "


def _block_break_or_space(found: str) -> str:
    """A block break for white space holding two line breaks or a paragraph separator (U+2029)."""
    return BLOCK_BREAK if _PARAGRAPH_SEPARATOR in found or len(_LINE_BREAK.findall(found)) >= 2 else _space(found)


def _replaced(text: str, pattern: re.Pattern[str], replacement: Callable[[str], str]
              ) -> Iterator[tuple[int, int, str]]:
    """Each match of `pattern` as (start, end, its replacement)."""
    for match in pattern.finditer(text):
        yield match.start(), match.end(), replacement(match[0])


def _rewrite(text: str, replacements: Iterable[tuple[int, int, str]]) -> tuple[str, _Edits]:
    """`text` with the replacements (in text order, not overlapping) made, and the edits. The part a
    replacement shares with what it replaces at either end is kept, so offsets map as closely as they can."""
    pieces: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    copied = folded_length = 0
    for start, end, new in replacements:
        old = text[start:end]
        if new == old:
            continue
        head, tail = shared_ends(old, new)
        start, end, new = start + head, end - tail, new[head:len(new) - tail]
        pieces += [text[copied:start], new]
        folded_length += start - copied
        spans.append((folded_length, folded_length + len(new), start, end))
        folded_length += len(new)
        copied = end
    pieces.append(text[copied:])
    columns = tuple(zip(*spans)) or ((), (), (), ())
    return "".join(pieces), _Edits(*columns)


def shared_ends(a: str, b: str) -> tuple[int, int]:
    """How many characters `a` and `b` share at the start, and then, of the rest, at the end."""
    head = _shared_head(a, b)
    return head, _shared_head(a[head:][::-1], b[head:][::-1])


def _shared_head(a: str, b: str) -> int:
    return next((index for index, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


# Whole words ------------------------------------------------------------------------------------------

_NO_SPACE_SCRIPTS = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x19E0, 0x19FF), (0x2E80, 0x2FDF),
                     (0x3006, 0x3007), (0x3021, 0x3029), (0x3031, 0x3035), (0x3038, 0x303A), (0x3041, 0x30FF),
                     (0x31F0, 0x31FF), (0x32D0, 0x32FE), (0x3300, 0x3357), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
                     (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F), (0xF900, 0xFAFF), (0xFF66, 0xFF9F), (0x1AFF0, 0x1B16F),
                     (0x20000, 0x3FFFF))
"""Thai, Lao, Myanmar, Khmer, Han, Hiragana and Katakana: scripts written without spaces between words."""
_KATAKANA = ((0x3031, 0x3035), (0x309B, 0x309C), (0x30A0, 0x30FA), (0x30FC, 0x30FF), (0x31F0, 0x31FF),
             (0x32D0, 0x32FE), (0x3300, 0x3357), (0xFF66, 0xFF9D), (0x1AFF0, 0x1B000), (0x1B120, 0x1B122),
             (0x1B164, 0x1B167))
"""Characters of Word_Break class Katakana (UAX #29), which, unlike the others above, form words."""
_MAX_MARKS = 32
"""How far back past combining marks to look for their base (UAX #15's stream-safe limit is 30)."""


def _in_ranges(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    index = bisect.bisect_right(ranges, (ord(char), 0x10FFFF)) - 1
    return index >= 0 and ranges[index][0] <= ord(char) <= ranges[index][1]


def _is_word_part(char: str) -> bool:
    """A letter, digit or combining mark (Unicode categories L*, N*, M*)."""
    return unicodedata.category(char)[0] in "LNM"


def _is_whole(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is made of whole words and whole numbers (docs/content.md, "Quote matching")."""
    return (_starts_word(text, start) and _ends_word(text, end) and not _number_goes_on_before(text, start)
            and not _number_goes_on_after(text, end))


def _starts_word(text: str, start: int) -> bool:
    if start == 0:
        return True
    if _in_ranges(text[start - 1], _NO_SPACE_SCRIPTS) or _in_ranges(text[start], _NO_SPACE_SCRIPTS):
        return _word_boundary(text, start)
    return not _is_word_part(text[start - 1])


def _ends_word(text: str, end: int) -> bool:
    if end == len(text):
        return True
    if _in_ranges(text[end - 1], _NO_SPACE_SCRIPTS) or _in_ranges(text[end], _NO_SPACE_SCRIPTS):
        return _word_boundary(text, end)
    return not _is_word_part(text[end])


def _number_goes_on_before(text: str, start: int) -> bool:
    """A number starting at `start` that goes on to the left across a digit-group separator ("1,300", "1.5")
    or has a sign ("-300"): a sign after a letter or digit is a hyphen or a range ("F-16", "1990-2000")."""
    if start == 0 or not text[start].isdecimal():
        return False
    if text[start - 1] in _SIGNS:
        return start == 1 or not _is_word_part(text[start - 2])
    return start >= 2 and text[start - 1] in _DIGIT_GROUP_SEPARATORS and text[start - 2].isdecimal()


def _number_goes_on_after(text: str, end: int) -> bool:
    """A number ending at `end` that goes on to the right across a digit-group separator ("300,000", "300 000")."""
    return (end + 1 < len(text) and text[end - 1].isdecimal() and text[end] in _DIGIT_GROUP_SEPARATORS
            and text[end + 1].isdecimal())


def _word_boundary(text: str, position: int) -> bool:
    """UAX #29's word boundary between two characters, where one is of a script without spaces.

    Hand-written from the rules that can apply there: no break before a combining mark or format
    character (WB4), none between letters and digits of scripts written with spaces (WB5, WB8-WB10),
    none between Katakana (WB13) or at a connector such as `_` (WB13a/b); a break everywhere else, so
    each Han ideograph, kana or Thai letter is a word of its own. The rules for `'`, `.` and `,` inside
    words (WB6/7, WB11/12) need such letters or digits on both sides and so never apply here.
    """
    after = text[position]
    if unicodedata.category(after) in ("Mn", "Mc", "Me", "Cf"):
        return False
    base = position - 1
    while base > max(0, position - _MAX_MARKS) and unicodedata.category(text[base]) in ("Mn", "Mc", "Me", "Cf"):
        base -= 1
    classes = {_word_break_class(text[base]), _word_break_class(after)}
    if classes <= {"letter", "digit"} or classes == {"katakana"}:
        return False
    return not ("connector" in classes and classes <= {"letter", "digit", "katakana", "connector"})


def _word_break_class(char: str) -> str:
    if _in_ranges(char, _KATAKANA):
        return "katakana"
    category = unicodedata.category(char)
    if category == "Pc":
        return "connector"
    if char.isdecimal():
        return "digit"
    if category[0] == "L" and not _in_ranges(char, _NO_SPACE_SCRIPTS):
        return "letter"
    return "other"


# Locating ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Location:
    """Where a quote is in a source's visible text (offsets into that text), and how often it occurs."""

    start: int
    end: int
    occurrences: int
    """1, or 2 meaning "more than once" (we stop counting there)."""


def locate(source: Folded, quote: str) -> Location | None:
    """The first occurrence of `quote` in the source made of whole words within one block, or None."""
    needle = fold_quote(quote)
    return located(source, needle, _whole_occurrences(source.text, needle)) if needle else None


def located(source: Folded, needle: str, occurrences: Iterator[int]) -> Location | None:
    """The Location of the first of `occurrences` (folded offsets of `needle`, first to last), if any."""
    start = next(occurrences, None)
    if start is None:
        return None
    again = next(occurrences, None)
    return Location(source.original_start(start), source.original_end(start + len(needle)),
                    1 if again is None else 2)


def _whole_occurrences(text: str, needle: str, after: int = 0,
                       is_whole: Callable[[str, int, int], bool] = _is_whole) -> Iterator[int]:
    """Where `needle` occurs in `text` at or after offset `after` as whole words (`is_whole`, by default
    the rule of quotes), first to last (overlapping ones included).

    In text that repeats itself ("a a a …"), occurrences overlap, one every period of the needle:
    those are stepped through comparing only the characters a step adds, so the search stays linear.
    """
    period = 0
    start = text.find(needle, after)
    while start >= 0:
        if is_whole(text, start, start + len(needle)):
            yield start
        period = period or _smallest_period(needle)
        if period < len(needle) and text.startswith(needle[-period:], start + len(needle)):
            start += period
        else:
            start = text.find(needle, start + 1)


def _smallest_period(text: str) -> int:
    """The smallest p such that text[i] == text[i + p] throughout (Knuth-Morris-Pratt's border)."""
    borders = [0] * len(text)
    border = 0
    for index in range(1, len(text)):
        while border and text[index] != text[border]:
            border = borders[border - 1]
        if text[index] == text[border]:
            border += 1
        borders[index] = border
    return len(text) - borders[-1]


def widened_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span grown to the whole words and numbers it touches."""
    while start > 0 and (not _starts_word(text, start) or _number_goes_on_before(text, start)):
        start -= 1
    while end < len(text) and (not _ends_word(text, end) or _number_goes_on_after(text, end)):
        end += 1
    return start, end
