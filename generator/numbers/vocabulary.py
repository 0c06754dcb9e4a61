"""The words a reader meets around numbers: qualifiers, scale words, number words, percent signs,
month names. Each table is documented for curators in docs/numbers.md."""

from __future__ import annotations

import re

QUALIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "exactly": ("exactly", "precisely", "ровно"),
    "about": ("about", "around", "approximately", "roughly", "some", "nearly", "almost", "close to",
              "an estimated", "estimated", "около", "примерно", "приблизительно", "почти", "порядка",
              "шамамен"),
    "more than": ("more than", "over", "above", "in excess of", "upwards of", "well over", "just over",
                  "более", "более чем", "свыше", "больше", "больше чем"),
    "at least": ("at least", "no fewer than", "no less than", "not less than", "не менее", "не меньше",
                 "как минимум", "по меньшей мере", "минимум"),
    "less than": ("less than", "fewer than", "under", "below", "just under", "менее", "менее чем", "меньше",
                  "меньше чем"),
    "at most": ("at most", "no more than", "not more than", "не более", "не больше", "максимум"),
    "up to": ("up to", "as many as", "до"),
}
"""Words right before a number, by the claim qualifier they mean."""

QUALIFIER_BY_WORDS = {" ".join(words.split()): qualifier
                      for qualifier, phrases in QUALIFIER_WORDS.items() for words in phrases}

SCALE_WORDS: dict[str, int] = {
    "thousand": 3, "thousands": 3, "million": 6, "millions": 6, "mln": 6, "mn": 6,
    "billion": 9, "billions": 9, "bn": 9, "trillion": 12, "trillions": 12,
    "тыс": 3, "мың": 3, "млн": 6, "млрд": 9, "трлн": 12,
}
"""A word after a number that multiplies it, by the power of ten (whole words)."""

SCALE_STEMS: dict[str, int] = {"тысяч": 3, "миллион": 6, "миллиард": 9, "триллион": 12}
"""Russian and Kazakh scale words in every grammatical case: тысяча, тысячи, тысяч, миллионов…"""

GLUED_SCALES: dict[str, int] = {"k": 3, "mn": 6, "mln": 6, "bn": 9, "тыс": 3, "млн": 6, "млрд": 9}
"""Scale abbreviations written right after the digits: 5k, 3bn, 2mln. `m` is not one (5m is
as often five metres or minutes as five million)."""

NOT_NUMBER_SUFFIXES = frozenset({"st", "nd", "rd", "th", "s"})
"""Letters after digits that make an ordinal or a decade (20th, 1990s), not a count."""

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9}
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
WORD_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                  "eleventh", "twelfth", *(f"{teen}th" for teen in list(TEENS)[3:]),
                  *(f"{tens[:-1]}ieth" for tens in TENS), *(f"{scale}th" for scale in ["hundred", *WORD_SCALES]))
ORDINALS = frozenset({*_ORDINAL_WORDS, *(f"{word}s" for word in _ORDINAL_WORDS if word.endswith("th")),
                      "thirds", "half", "halves", "quarter", "quarters"})
"""Words after a number word that make it an ordinal (twenty-first) or a fraction (two-thirds);
"second" only after a hyphen, since "five seconds" is a count."""

PERCENT_AFTER = re.compile(
    r"[ \u00a0\u202f\u2009]?%|\s+(?:percent(?:age(?:\s+points?)?)?|per\s+cent|процент[^\W\d_]*|пайыз[^\W\d_]*)"
    r"(?![^\W\d_])", re.IGNORECASE)
"""What makes the number before it a percentage: 12%, 12 %, 12 percent, 12 per cent, 12 процентов,
12 пайыз (percentage points included)."""

MONTHS = re.compile(
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяе]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*"
    r"|декабр\w*|қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан",
    re.IGNORECASE)


def scale_of(word: str) -> int | None:
    """The power of ten a scale word stands for ("million" → 6, "тыс." → 3), or None."""
    lowered = word.lower().rstrip(".")
    if lowered in SCALE_WORDS:
        return SCALE_WORDS[lowered]
    return next((power for stem, power in SCALE_STEMS.items() if lowered.startswith(stem)), None)
