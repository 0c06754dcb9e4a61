"""`trace_value`: whether a claim's value, and its qualifier, is stated by its quotes
(docs/numbers.md, "What is checked")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.core.model import Number, Value
from generator.numbers.reading import StatedNumber, numbers_in
from generator.numbers.vocabulary import scale_of

CLAIMS_A_QUOTE_ALLOWS: dict[str, frozenset[str]] = {
    "exactly": frozenset({"exactly", "about", "at least", "at most", "up to"}),
    "about": frozenset({"about"}),
    "more than": frozenset({"more than", "at least"}),
    "at least": frozenset({"at least"}),
    "less than": frozenset({"less than", "at most", "up to"}),
    "at most": frozenset({"at most", "up to"}),
    "up to": frozenset({"at most", "up to"}),
}
"""For the qualifier a quote gives a number, the claim qualifiers that say no more than the quote
does: "more than 300" allows a claim of at least 300, not one of exactly 300."""


@dataclass(frozen=True, slots=True)
class BoundTrace:
    """One value of a claim (or one end of its range) and the quoted number that states it."""

    value: Number
    stated: StatedNumber | None
    """The number in a quote equal to the value; one whose qualifier agrees, when there is one."""
    quote: int | None
    """Which quote `stated` is in (its index in the quotes given)."""
    qualifier_agrees: bool
    """False when every quoted number equal to the value is qualified differently from the claim."""
    other_kind: StatedNumber | None = None
    """When the value is not stated: an equal number that is a percentage where the unit is not
    one, or the other way round."""

    @property
    def matched(self) -> bool:
        return self.stated is not None


@dataclass(frozen=True, slots=True)
class Trace:
    """Plain data on how a claim's value is stated by its quotes, for the warnings in
    `generator.numbers.messages`."""

    value: Value
    qualifier: str
    """The claim's qualifier, "exactly" when it has none."""
    unit: str
    bounds: tuple[BoundTrace, ...]
    quotes: tuple[tuple[StatedNumber, ...], ...]
    """The numbers each quote states, in order."""

    @property
    def matched(self) -> tuple[bool, ...]:
        return tuple(bound.matched for bound in self.bounds)

    @property
    def stated(self) -> bool:
        """Every value (both ends of a range) is stated in a quote."""
        return all(self.matched)

    @property
    def qualifier_mismatches(self) -> tuple[BoundTrace, ...]:
        return tuple(bound for bound in self.bounds if bound.matched and not bound.qualifier_agrees)

    @property
    def numbers_given(self) -> list[str]:
        """What the quotes state, as a reader reads it, once each, with years and dates last."""
        numbers = sorted((number for numbers in self.quotes for number in numbers), key=lambda number: number.calendar)
        return list(dict.fromkeys(number.display for number in numbers))


def trace_value(value: Value, qualifier: str | None, quotes: Sequence[str], unit: str = "") -> Trace:
    """How `value` (a number, or a `(low, high)` range) and `qualifier` are stated by `quotes`.

    A `unit` with a scale word ("million people") scales the value before it is looked for; a
    percent unit looks for percentages only, and any other unit for numbers that are not."""
    claim_qualifier = qualifier or "exactly"
    stated = tuple(tuple(numbers_in(quote)) for quote in quotes)
    ends: tuple[Number, ...] = value if isinstance(value, tuple) else (value,)
    bounds = tuple(_trace_bound(bound, claim_qualifier, stated, unit, len(ends) == 2) for bound in ends)
    return Trace(value, claim_qualifier, unit, bounds, stated)


def _trace_bound(value: Number, qualifier: str, quotes: tuple[tuple[StatedNumber, ...], ...], unit: str,
                 in_range: bool) -> BoundTrace:
    wanted = as_decimal(value).scaleb(unit_exponent(unit))
    equal = [(index, number) for index, numbers in enumerate(quotes) for number in numbers if number.value == wanted]
    right_kind = [(index, number) for index, number in equal if number.percent == is_percent_unit(unit)]
    if not right_kind:
        return BoundTrace(value, None, None, True, equal[0][1] if equal else None)
    agreeing = [(index, number) for index, number in right_kind
                if qualifier in CLAIMS_A_QUOTE_ALLOWS[quoted_qualifier(number, in_range)]]
    index, number = (agreeing or right_kind)[0]
    return BoundTrace(value, number, index, bool(agreeing))


def quoted_qualifier(number: StatedNumber, for_a_range: bool) -> str:
    """The quote's qualifier as a claim of a single value or of a range reads it: the high end
    of "5–10" states at most 10 to a single value, and exactly 10 to the range [5, 10]."""
    return number.qualifier if for_a_range else number.reads_as


def as_decimal(value: Number) -> Decimal:
    """The value exactly as written in YAML: 32.1 is 32.1, not the binary float nearest to it."""
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


_PERCENT_UNITS = ("%", "percent", "per cent", "процент", "пайыз")


def is_percent_unit(unit: str) -> bool:
    """`percent`, `%`, `percentage points`, `процентов`: values are percentages."""
    return unit.strip().lower().startswith(_PERCENT_UNITS)


def unit_exponent(unit: str) -> int:
    """The scale word in a unit ("million people" → 6, "млрд тенге" → 9), 0 when there is none."""
    scales = (scale_of(word) for word in re.findall(r"[^\W\d_]+", unit))
    return next((power for power in scales if power is not None), 0)
