"""`numbers_in`: every number a text states, read as a reader reads it (docs/numbers.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from generator.numbers.literals import Literal, digit_literals, word_literals
from generator.numbers.vocabulary import MONTHS, PERCENT_AFTER, QUALIFIER_BY_WORDS, scale_of


@dataclass(frozen=True, slots=True)
class StatedNumber:
    """One number stated in a text: where it is, what it is worth, and how the text qualifies it."""

    start: int
    end: int
    text: str
    """As written, with its scale word and percent sign: "209,000", "143 million", "12%", "forty-two"."""
    value: Decimal
    """Scaled: "143 million" is 143000000, "12%" is 12."""
    qualifier: str
    """In the claim vocabulary ("more than" for "over 300"), "exactly" when no word qualifies it."""
    percent: bool = False
    calendar: bool = False
    """A year (2014) or a part of a date (18 November, 2014-11-18)."""
    bound: str | None = None
    """"low" or "high" when the number is one end of a range (5–10, between 5 and 10)."""
    phrase: str = ""
    """The qualifier and the whole range as written: "more than 300", "between 5 and 10"."""
    range_text: str = ""
    """The whole range as written, for one end of a range: "5–10 million"."""

    @property
    def reads_as(self) -> str:
        """The qualifier a reader gives this number alone: the high end of "5–10" is at most 10."""
        if self.bound is None or self.qualifier != "exactly":
            return self.qualifier
        return "at least" if self.bound == "low" else "at most"

    @property
    def display(self) -> str:
        """As written, with the value beside words: "209,000", "three hundred (300)"; one end of
        a range shows the whole range, "5–10 million"."""
        written = " ".join((self.range_text or self.text).split())
        if self.range_text or any(character.isdigit() for character in written):
            return written
        return f"{written} ({format_decimal(self.value)}{'%' if self.percent else ''})"


def format_decimal(value: Decimal) -> str:
    """A reader's spelling: 209000 → "209,000", 1100.50 → "1,100.5"."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


@dataclass(frozen=True, slots=True)
class _Reading:
    """A literal with the words after it read: its scale word and its percent sign."""

    start: int
    end: int
    value: Decimal
    exponent: int = 0
    percent: bool = False
    calendar: bool = False
    in_date: bool = False


_DATES = re.compile(r"(?<![0-9.])(?:(?P<year>[12][0-9]{3})-(?P<month>[01]?[0-9])-(?P<day>[0-3]?[0-9])"
                    r"|(?P<day2>[0-3]?[0-9])([./])(?P<month2>[01]?[0-9])\5(?P<year2>[12][0-9]{3}))(?![0-9])")


def numbers_in(text: str) -> list[StatedNumber]:
    """Every number stated in `text`, in order (docs/numbers.md says which and why)."""
    dates = _date_parts(text)
    in_dates = {offset for part in dates for offset in range(part.start, part.end)}
    literals = [literal for literal in digit_literals(text) if literal.start not in in_dates]
    readings = sorted([*dates, *(_read_around(text, literal) for literal in [*literals, *word_literals(text)])],
                      key=lambda reading: reading.start)
    return _stated(text, readings)


def _date_parts(text: str) -> list[_Reading]:
    parts = []
    for match in _DATES.finditer(text):
        for name in ("year", "month", "day", "year2", "month2", "day2"):
            if match[name] is not None:
                parts.append(_Reading(match.start(name), match.end(name), Decimal(match[name]), calendar=True,
                                      in_date=True))
    return parts


def _read_around(text: str, literal: Literal) -> _Reading:
    end, exponent = literal.end, literal.exponent
    scale = _scale_word_after(text, end) if not literal.in_words and exponent == 0 else None
    if scale is not None:
        end, exponent = scale
    percent = PERCENT_AFTER.match(text, end)
    return _Reading(literal.start, percent.end() if percent else end, literal.value, exponent, percent is not None,
                    _is_calendar(text, literal) and scale is None and percent is None)


_WORD_AFTER = re.compile(r"[ \u00a0\u202f\u2009]+([^\W\d_]+)(\.?)")


def _scale_word_after(text: str, end: int) -> tuple[int, int] | None:
    """143 million, 1,5 млн, 200 тыс.: the end of the scale word and its power of ten."""
    word = _WORD_AFTER.match(text, end)
    scale = scale_of(word[1]) if word is not None else None
    if word is None or scale is None:
        return None
    abbreviated = word[2] and word[1].lower() == "тыс"
    return (word.end() if abbreviated else word.end(1)), scale


_MONTH_BEFORE = re.compile(rf"(?<![^\W\d_])(?:{MONTHS.pattern})\.?[ \u00a0]+\Z", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"[ \u00a0]+(?:{MONTHS.pattern})(?![^\W\d_])", re.IGNORECASE)


def _is_calendar(text: str, literal: Literal) -> bool:
    """A year (four digits, 1000–2100) or a day beside a month name (November 18, 18 ноября)."""
    if not literal.plain_integer:
        return False
    if 1000 <= literal.value <= 2100:
        return True
    beside_a_month = (_MONTH_BEFORE.search(text, max(0, literal.start - 12), literal.start)
                      or _MONTH_AFTER.match(text, literal.end))
    return 1 <= literal.value <= 31 and bool(beside_a_month)


_QUALIFIER = re.compile(
    r"(?<![^\W\d_])(?P<words>"
    + "|".join(r"\s+".join(map(re.escape, words.split()))
               for words in sorted(QUALIFIER_BY_WORDS, key=len, reverse=True))
    + r")[\s\"'“”«»‘’„]*\Z", re.IGNORECASE)
_SPACE_RUN = re.compile(r"\s+")


def _qualifier_before(text: str, start: int) -> tuple[str, int]:
    """The claim qualifier the words right before `start` mean, and where those words start."""
    match = _QUALIFIER.search(text, max(0, start - 40), start)
    if match is None:
        return "exactly", start
    return QUALIFIER_BY_WORDS[_SPACE_RUN.sub(" ", match["words"].lower())], match.start()


_DASH = re.compile(r"[ \u00a0\u202f\u2009]*[-‐–—][ \u00a0\u202f\u2009]*")
_RANGE_WORDS = {"and": re.compile(r"(?<![^\W\d_])between\s+\Z", re.IGNORECASE),
                "и": re.compile(r"(?<![^\W\d_])между\s+\Z", re.IGNORECASE),
                "до": re.compile(r"(?<![^\W\d_])от\s+\Z", re.IGNORECASE)}


def _range_start(text: str, low: _Reading, high: _Reading) -> int | None:
    """Where the range made of `low` and `high` starts, if they make one: 5–10, 2013-2017,
    between 5 and 10, между 5 и 10, от 5 до 10. "From 5 to 10" is not one: it may be a change.
    Nor is "3-2" (a score) or "2014-15" (a season): a range goes up."""
    if low.in_date or high.in_date or _value(low, high.exponent) >= _value(high, 0):
        return None
    gap = text[low.end:high.start]
    if _DASH.fullmatch(gap):
        return low.start
    joiner = gap.strip().lower()
    opener = _RANGE_WORDS.get(joiner) if gap[:1].isspace() and gap[-1:].isspace() else None
    match = opener.search(text, max(0, low.start - 20), low.start) if opener else None
    return match.start() if match else None


def _value(reading: _Reading, borrowed_exponent: int) -> Decimal:
    """The reading's value, scaled by the scale word after the range when it has none of its own."""
    return reading.value.scaleb(reading.exponent or borrowed_exponent)


def _stated(text: str, readings: list[_Reading]) -> list[StatedNumber]:
    stated, index = [], 0
    while index < len(readings):
        reading = readings[index]
        following = readings[index + 1] if index + 1 < len(readings) else None
        begins = _range_start(text, reading, following) if following else None
        if following is None or begins is None:
            stated.append(_one(text, reading, reading.start, reading.end))
            index += 1
            continue
        low = replace(reading, exponent=reading.exponent or following.exponent,
                      percent=reading.percent or following.percent)
        stated += [_one(text, low, begins, following.end, "low"), _one(text, following, begins, following.end, "high")]
        index += 2
    return stated


def _one(text: str, reading: _Reading, begins: int, ends: int, bound: str | None = None) -> StatedNumber:
    qualifier, said_from = _qualifier_before(text, begins)
    value = reading.value.scaleb(reading.exponent)
    return StatedNumber(reading.start, reading.end, text[reading.start:reading.end],
                        Decimal(int(value)) if value == value.to_integral_value() else value, qualifier,
                        reading.percent, reading.calendar, bound, " ".join(text[said_from:ends].split()),
                        text[begins:ends] if bound else "")
