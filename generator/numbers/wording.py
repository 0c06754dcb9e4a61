"""Values as words, as figure pages, claim cards and the chart show them: "more than 300 people",
"143 million", "32.1%", "1 person" (docs/content.md, "How values read").

Built on the vocabulary that reads numbers in quotes (`vocabulary`, `trace`), so that a value is
worded by the same rules it is traced by: a unit is a percentage, or carries a scale word, for
both alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.core.model import Claim
from generator.numbers.trace import is_percent_unit, unit_exponent
from generator.numbers.vocabulary import WORD_SCALES

_NUMBER_SCALES = sorted(((size, word) for word, size in WORD_SCALES.items() if size >= 1_000_000), reverse=True)
"""Scale words a number is written with, largest first: below a million a number keeps its digits."""

_PERCENTAGE_POINTS = re.compile(r"point|пункт", re.IGNORECASE)

_IRREGULAR_SINGULARS = {"people": "person", "persons": "person", "children": "child", "men": "man",
                        "women": "woman", "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose",
                        "series": "series", "species": "species", "news": "news", "data": "data"}
_SIBILANT_PLURALS = ("sses", "shes", "ches", "xes", "zes")


def singular(noun: str) -> str:
    """The singular of a plural English noun, by its last word: "people" → "person", "countries" →
    "country", "acts" → "act", "US dollars" → "US dollar". A word these rules do not know stays as it is."""
    head, space, word = noun.rpartition(" ")
    lower = word.lower()
    if lower in _IRREGULAR_SINGULARS:
        one = _IRREGULAR_SINGULARS[lower]
        one = one.capitalize() if word[:1].isupper() else one
    elif lower.endswith("ies") and len(lower) > 4:
        one = word[:-3] + "y"
    elif lower.endswith(_SIBILANT_PLURALS):
        one = word[:-2]
    elif lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        one = word[:-1]
    else:
        one = word
    return head + space + one


def shown_as_percent_sign(unit: str) -> bool:
    """A percentage unit (`percent`, `%`, `per cent`, `процентов`) reads as "%" after the number;
    `percentage points` is a percentage too, but stays written out."""
    return is_percent_unit(unit) and not _PERCENTAGE_POINTS.search(unit)


def unit_words(unit: str, value: float | tuple[float, float] | None) -> str:
    """The unit as it reads after `value`: singular after exactly 1 ("1 person"), nothing for the
    bare unit `count` ("12"), else as written ("12 acts"). A unit with a scale word stays plural:
    "1 million people"."""
    if unit == "count":
        return ""
    one = not isinstance(value, tuple) and value == 1
    return singular(unit) if one and not unit_exponent(unit) else unit


def number_words(value: float) -> str:
    """A number as a reader says it: 143000000 → "143 million", 1500000000 → "1.5 billion"; a
    number that words would round (1,234,567) or below a million keeps its digits."""
    for size, word in _NUMBER_SCALES:
        if abs(value) >= size:
            scaled = value / size
            thousandths = scaled * 1000
            if abs(thousandths - round(thousandths)) < 1e-6 * max(1.0, abs(thousandths)):
                return f"{format_number(round(scaled, 3))} {word}"
            break
    return format_number(value)


def range_words(low: float, high: float) -> str:
    """"1–1.5 million", "500,000–1.5 million", "0–500,000": one scale word when both ends share it."""
    low_text, high_text = number_words(low), number_words(high)
    low_number, _, low_scale = low_text.partition(" ")
    high_number, _, high_scale = high_text.partition(" ")
    if low_scale and low_scale == high_scale:
        return f"{low_number}–{high_number} {high_scale}"
    return f"{low_text}–{high_text}"


def amount_words(number: str, unit: str, value: float | tuple[float, float]) -> str:
    """A number as words with its unit: "32.1%", "143 million people", "1 person", "12"."""
    if shown_as_percent_sign(unit):
        return f"{number}%"
    return f"{number} {unit_words(unit, value)}".strip()


def qualified(qualifier: str | None, amount: str) -> str:
    return f"{qualifier} {amount}" if qualifier and qualifier != "exactly" else amount


def format_value(claim: Claim, unit: str) -> str:
    """"more than 300 people", "0–500,000 euros", "32.1%", "143 million people", "1 person"."""
    if claim.value is None:
        return ""
    number = range_words(*claim.value) if isinstance(claim.value, tuple) else number_words(claim.value)
    return qualified(claim.qualifier, amount_words(number, unit, claim.value))


@dataclass(frozen=True, slots=True)
class Spread:
    """The lowest and highest values reported, each with its qualifier ("more than 300" stays so)."""

    low: float
    high: float
    count: int
    low_qualifier: str | None = None
    high_qualifier: str | None = None


def format_spread(spread: Spread, unit: str) -> str:
    """"more than 80 countries", "from about 300 to more than 300 people", "from 89.9% to 91.7%"."""
    percent = "%" if shown_as_percent_sign(unit) else ""
    low = qualified(spread.low_qualifier, number_words(spread.low) + percent)
    high = qualified(spread.high_qualifier, number_words(spread.high) + percent)
    text = low if low == high else f"from {low} to {high}"
    words = "" if percent else unit_words(unit, spread.low if low == high else (spread.low, spread.high))
    return f"{text} {words}".strip()


def format_number(value: float) -> str:
    """12 → "12", 11000000 → "11,000,000", 32.1 → "32.1"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:g}"
