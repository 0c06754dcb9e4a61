"""Where a figure's values disagree: how many pairs of them cannot both be true, which values are in
at least one such pair, and the first pairs, for the figure page to list.

Two values disagree when they describe the same period and their intervals of possible values do
not meet (site/figures.py, docs/content.md "Claims"). Comparing every value with every other is
quadratic: a figure with 3,000 values for one year is 4.5 million comparisons, and its page, listing
every pair, was 180 MB. So the values of each group that share a period are sorted by the ends of
their intervals, and a value's partners are found by bisection: the values wholly below it and
those wholly above. Counting, flagging and listing the first pairs then take time in proportion to
the values (times their logarithm) and the pairs listed, not to the pairs that exist.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from generator.core.model import Claim, ClaimId, DateRange, PartialDate
from generator.site.figures import Interval, possible_values, revised_values

LISTED_PAIRS = 30
"""How many pairs a figure page lists; the rest are counted, and every value in one is flagged."""

_Key = tuple[float, int]


@dataclass(frozen=True, slots=True)
class Conflicts:
    count: int
    """Pairs of values that cannot both be true."""
    claims: frozenset[str]
    """The ids of the claims in at least one such pair."""
    pairs: tuple[tuple[str, str], ...]
    """The first pairs (ids, each pair sorted), in order of their ids; all of them when not limited."""


def high_key(interval: Interval) -> _Key:
    """Sorts an interval's upper end so that `high_key(a) < low_key(b)` exactly when `a` lies wholly
    below `b`: an open end at a number is below a closed one there, and two closed ends at one number
    meet."""
    return interval.high, 0 if interval.high_open else 1


def low_key(interval: Interval) -> _Key:
    return interval.low, 2 if interval.low_open else 1


class _Sorted:
    """Values sharing a period, twice sorted: by their upper ends and by their lower ends."""

    def __init__(self, values: Sequence[tuple[Claim, Interval]]) -> None:
        by_high = sorted(values, key=lambda value: high_key(value[1]))
        by_low = sorted(values, key=lambda value: low_key(value[1]))
        self.highs = [high_key(interval) for _, interval in by_high]
        self.lows = [low_key(interval) for _, interval in by_low]
        self.by_high = [claim.id for claim, _ in by_high]
        self.by_low = [claim.id for claim, _ in by_low]

    def below(self, interval: Interval) -> int:
        """How many of these lie wholly below `interval`: the first that many of `by_high`."""
        return bisect_left(self.highs, low_key(interval))

    def above(self, interval: Interval) -> int:
        """How many lie wholly above it: the last that many of `by_low`."""
        return len(self.lows) - bisect_right(self.lows, high_key(interval))

    def partners(self, interval: Interval) -> Iterator[str]:
        yield from self.by_high[:self.below(interval)]
        above = self.above(interval)
        yield from self.by_low[len(self.by_low) - above:]


def conflicts(claims: Sequence[Claim], revised: Collection[str] | None = None,
              listed: int | None = LISTED_PAIRS) -> Conflicts:
    """The disagreements among `claims`, with the first `listed` pairs (None: every pair). Refuted and
    retracted claims no longer stand, and a `revised` value (ids; by default those the claims
    themselves revise) was replaced by its speaker, so they take no part; nor does a value whose
    period is not stated (no `as_of`): the date it was reported does not say what time it describes."""
    values = _compared(claims, revised_values(claims, revised))
    universes = _universes(values)
    partners_of = {claim.id: sum(group.below(interval) + group.above(interval) for group in universes[claim.id])
                   for claim, interval in values}
    return Conflicts(sum(partners_of.values()) // 2, frozenset(key for key, count in partners_of.items() if count),
                     tuple(_first_pairs(values, universes, partners_of, listed)))


def disagreements(claims: Sequence[Claim], revised: Collection[str] | None = None) -> list[tuple[str, str]]:
    """Every pair of claims (ids, sorted) whose values cannot both be true for the same period."""
    return list(conflicts(claims, revised, listed=None).pairs)


def _compared(claims: Sequence[Claim], revised: Collection[str]) -> list[tuple[Claim, Interval]]:
    """The values that take part, with their intervals."""
    return [(claim, interval) for claim in claims
            if claim.status not in ("refuted", "retracted") and claim.as_of is not None and claim.id not in revised
            and (interval := possible_values(claim)) is not None]


def _universes(values: Sequence[tuple[Claim, Interval]]) -> dict[ClaimId, tuple[_Sorted, ...]]:
    """Each value's id → the groups of values it is compared with, disjoint, itself among them.
    Periods are the same when equal once cut to the coarser precision: a year's value is compared
    with every value of that year, a month's with the year's and those of its month and days, a
    day's with the year's, its month's and its day's; a range only with the same range."""
    groups: dict[object, list[tuple[Claim, Interval]]] = {}
    for claim, interval in values:
        period = claim.as_of
        for key in _groups_of(period):
            groups.setdefault(key, []).append((claim, interval))
    made = {key: _Sorted(members) for key, members in groups.items()}
    return {claim.id: tuple(made[key] for key in _compared_with(claim.as_of) if key in made) for claim, _ in values}


def _groups_of(period: object) -> tuple[object, ...]:
    """The groups a period's value is sorted into: its exact period, and the whole of its year and
    month, which a coarser value is compared with."""
    if isinstance(period, DateRange) or not isinstance(period, PartialDate):
        return (("range", period),)
    year, month, day = period.year, period.month, period.day
    if month is None:
        return (("exactly", year, None, None), ("all of", year))
    if day is None:
        return (("exactly", year, month, None), ("all of", year), ("all of", year, month))
    return (("exactly", year, month, day), ("all of", year), ("all of", year, month))


def _compared_with(period: object) -> tuple[object, ...]:
    if isinstance(period, DateRange) or not isinstance(period, PartialDate):
        return (("range", period),)
    year, month, day = period.year, period.month, period.day
    if month is None:
        return (("all of", year),)
    if day is None:
        return (("exactly", year, None, None), ("all of", year, month))
    return (("exactly", year, None, None), ("exactly", year, month, None), ("exactly", year, month, day))


def _first_pairs(values: Sequence[tuple[Claim, Interval]], universes: dict[ClaimId, tuple[_Sorted, ...]],
                 partners_of: dict[ClaimId, int], listed: int | None) -> Iterator[tuple[str, str]]:
    """The pairs in order of their ids, up to `listed`. Each value's partners are read only while
    pairs are still wanted, so this costs the pairs listed, not the pairs there are."""
    count = 0
    for claim, interval in sorted(values, key=lambda value: value[0].id):
        if not partners_of[claim.id]:
            continue
        later = sorted(other for group in universes[claim.id] for other in group.partners(interval) if other > claim.id)
        for other in later:
            if listed is not None and count >= listed:
                return
            yield claim.id, other
            count += 1
