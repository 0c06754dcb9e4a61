"""Numbers as written, before the words around them are read: digits with their separators, and
English number words. Rules and their reasons: docs/numbers.md."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from generator.numbers.vocabulary import (
    GLUED_SCALES,
    NOT_NUMBER_SUFFIXES,
    ORDINALS,
    PERCENT_AFTER,
    TEENS,
    TENS,
    UNITS,
    WORD_SCALES,
    scale_of,
)


@dataclass(frozen=True, slots=True)
class Literal:
    """A number as written: `start`–`end` in the text, its value, and a power of ten from a scale
    abbreviation glued to it (5bn)."""

    start: int
    end: int
    value: Decimal
    exponent: int = 0
    in_words: bool = False

    @property
    def plain_integer(self) -> bool:
        """Four digits or fewer with nothing else: the way a year is written."""
        return not self.in_words and self.exponent == 0 and self.value == self.value.to_integral_value() \
            and self.end - self.start <= 4


_SPACES = " \u00a0\u202f\u2009"
_DIGITS = re.compile(
    rf"(?<![0-9])(?:(?P<lead>[1-9][0-9]{{0,2}})(?P<sep>[,.]|[{_SPACES}])[0-9]{{3}}(?![0-9])"
    rf"(?:(?P=sep)[0-9]{{3}}(?![0-9]))*(?:(?P<point>[.,])[0-9]+)?"
    r"|[0-9]+(?:[.,][0-9]+)?)")
_LETTERS = re.compile(r"[^\W\d_]+")
_MINUS = "-\u2212"


def digit_literals(text: str) -> list[Literal]:
    """Every number written in digits, with the names (G7, F-16, COVID-19) and ordinals left out."""
    found = []
    for match in _DIGITS.finditer(text):
        if _glued_to_a_name(text, match.start()):
            continue
        start, end, value = _read_digits(text, match)
        literal = _with_glued_suffix(text, Literal(start, end, value))
        if literal is not None:
            found.append(literal)
    return found


def _read_digits(text: str, match: re.Match[str]) -> tuple[int, int, Decimal]:
    written = match[0]
    separator, point = match["sep"], match["point"]
    if point is not None and point == separator:
        written = written[:written.rindex(point)]
    elif separator == "." and point is None and written.count(".") == 1 and _scaled_or_percent(text, match.end()):
        separator = None  # "1.500 million" is one and a half million, not 1,500 million
    digits = written.replace(separator, "") if separator else written
    value = Decimal(digits.replace(",", "."))
    start = match.start()
    if _has_minus_sign(text, start):
        return start - 1, match.start() + len(written), -value
    return start, start + len(written), value


def _scaled_or_percent(text: str, end: int) -> bool:
    after = _LETTERS.match(text, end + 1) if text[end:end + 1] in _SPACES else _LETTERS.match(text, end)
    return bool(PERCENT_AFTER.match(text, end)) or (after is not None and scale_of(after[0]) is not None)


def _has_minus_sign(text: str, start: int) -> bool:
    return start >= 1 and text[start - 1] in _MINUS and (start == 1 or text[start - 2].isspace()
                                                         or text[start - 2] in "([")


def _glued_to_a_name(text: str, start: int) -> bool:
    """G7, MH17, F-16, COVID-19 name things; 1.2.3 is not two numbers."""
    before = text[start - 1] if start >= 1 else ""
    before_that = text[start - 2] if start >= 2 else ""
    return (before.isalpha() or (before == "-" and before_that.isalpha())
            or (before in ".," and before_that.isdigit()))


def _with_glued_suffix(text: str, literal: Literal) -> Literal | None:
    """5bn is five billion, 10km is ten, 20th and 1990s are not counts, 5G and 3D are names."""
    letters = _LETTERS.match(text, literal.end)
    if letters is None:
        return literal
    suffix = letters[0]
    if suffix.lower() in GLUED_SCALES:
        return Literal(literal.start, letters.end(), literal.value, GLUED_SCALES[suffix.lower()])
    if suffix.lower() in NOT_NUMBER_SUFFIXES or not suffix.islower() or len(suffix) > 3:
        return None
    return literal


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    start: int
    end: int


def word_literals(text: str) -> list[Literal]:
    """Every number written in English words: twelve, forty-two, twenty one, a hundred,
    three hundred and fifty, two thousand five hundred, a dozen, two dozen."""
    words = [_Word(match[0].lower(), match.start(), match.end()) for match in _LETTERS.finditer(text)]
    found, index = [], 0
    while index < len(words):
        read = _read_words(text, words, index)
        if read is None:
            index += 1
            continue
        literal, index = read
        if index >= len(words) or not _makes_a_fraction_or_ordinal(text, literal, words[index]):
            found.append(literal)
    return found


def _makes_a_fraction_or_ordinal(text: str, literal: Literal, word: _Word) -> bool:
    """"twenty-first" is an ordinal and "two-thirds" and "one fifth" are fractions, not counts."""
    gap = text[literal.end:word.start]
    return word.text in ORDINALS and (gap == "-" or (gap == " " and word.text != "second"))


_NUMBER_WORDS = {**UNITS, **TEENS, **TENS}
_AFTER_A = frozenset({"hundred", "dozen", *WORD_SCALES})


def _read_words(text: str, words: list[_Word], first: int) -> tuple[Literal, int] | None:
    """The number spelled from `words[first]` on, and the index after it; a small grammar, so
    that "five and ten" is two numbers and "one two" is not twelve."""
    total, group, last, index = 0, 0, None, first
    if words[first].text == "a" and first + 1 < len(words) and words[first + 1].text in _AFTER_A \
            and _gap(text, words[first], words[first + 1]) == " ":
        group, last, index = 1, "unit", first + 1
    end = None
    while index < len(words):
        word = words[index]
        if index > first and not _joined(text, words[index - 1], word, last):
            break
        step = _step(word.text, group, last, words[index + 1:index + 2])
        if step is None:
            break
        total, group, last = total + step[0], step[1], step[2]
        if last != "and":
            end = index
        index += 1
        if last == "dozen":
            break
    if end is None or (end == first and words[first].text == "a"):
        return None
    value = total + group
    return Literal(words[first].start, words[end].end, Decimal(value), in_words=True), end + 1


def _step(word: str, group: int, last: str | None, following: list[_Word]) -> tuple[int, int, str] | None:
    """How one more word changes (moved to total, group below a thousand, kind of word), or None
    when the word does not continue the number."""
    starts = last in (None, "hundred", "scale", "and")
    if word in UNITS and (starts or last == "tens") and not (word == "zero" and last is not None):
        return 0, group + UNITS[word], "unit"
    if word in TEENS and starts:
        return 0, group + TEENS[word], "teen"
    if word in TENS and starts:
        return 0, group + TENS[word], "tens"
    if word == "hundred" and last in ("unit", "teen", "tens") and 0 < group < 100:
        return 0, group * 100, "hundred"
    if word in WORD_SCALES and last in ("unit", "teen", "tens", "hundred") and group > 0:
        return group * WORD_SCALES[word], 0, "scale"
    if word == "dozen" and last == "unit" and 0 < group < 10:
        return 0, group * 12, "dozen"
    if word == "and" and last in ("hundred", "scale") and following and following[0].text in _NUMBER_WORDS:
        return 0, group, "and"
    return None


def _joined(text: str, previous: _Word, word: _Word, last: str | None) -> bool:
    gap = _gap(text, previous, word)
    return gap == " " or (gap == "-" and last == "tens")


def _gap(text: str, previous: _Word, word: _Word) -> str:
    between = text[previous.end:word.start]
    return " " if between and between.isspace() and between.count("\n") < 2 else between

