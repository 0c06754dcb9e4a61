"""Figures: the values claims report, their spread, and the chart's geometry (where they disagree:
site/conflicts.py).

A reported value with its qualifier stands for an interval of possible true values ("more than
300" is (300, ∞), "about 150" is 150 ± 10 %). Two values disagree when they describe the same
period and their intervals do not meet: then they cannot both be true. Periods are the same when
they are equal once both are cut to the coarser precision (2014-11-18 and 2014-11 are the same
period; 2017 and [2013, 2017] are not). A value without `as_of` has no stated period, and a value
its speaker revised no longer stands: neither is compared (docs/content.md, "Claims").
"""

from __future__ import annotations

import dataclasses
import datetime
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from generator.core.model import Claim, Number, Value, When
from generator.numbers.wording import Spread, format_number
from generator.site import time_axis

ABOUT_TOLERANCE = 0.10
"""How far from its number an "about" value may be: ±10 %."""


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: Interval) -> bool:
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low:
            return not (self.high_open or other.low_open)
        if other.high == self.low:
            return not (other.high_open or self.low_open)
        return True


def possible_values(claim: Claim) -> Interval | None:
    """The interval of true values a claim's value and qualifier allow."""
    if claim.value is None:
        return None
    low, high = _ends(claim.value)
    qualifier = claim.qualifier or "exactly"
    if qualifier == "about":
        return Interval(low - abs(low) * ABOUT_TOLERANCE, high + abs(high) * ABOUT_TOLERANCE)
    if qualifier == "more than":
        return Interval(high, math.inf, low_open=True)
    if qualifier == "at least":
        return Interval(low, math.inf)
    if qualifier == "less than":
        return Interval(-math.inf, low, high_open=True)
    if qualifier in ("at most", "up to"):
        return Interval(-math.inf, high)
    return Interval(low, high)


def period_of(claim: Claim) -> When | None:
    return claim.as_of or claim.date


def spread(claims: Sequence[Claim]) -> Spread | None:
    """The lowest and the highest number the claims give. Of two ends with the same number, the low
    end is the one allowing less, the high end the one allowing more."""
    ends = [(number, claim, allowed) for claim in claims if claim.value is not None
            and (allowed := possible_values(claim)) is not None for number in _numbers(claim.value)]
    if not ends:
        return None
    low_number, low_claim, _ = min(ends, key=lambda end: (end[0], end[2].low, end[2].high))
    high_number, high_claim, _ = max(ends, key=lambda end: (end[0], end[2].high, end[2].low))
    return Spread(low_number, high_number, len(claims), low_claim.qualifier, high_claim.qualifier)


# The chart: plain geometry for the template to draw.

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 72, 24, 20, 40


ARROW = 10
"""How far an arrow reaches beyond its bar, in chart units."""
LANE_MIN_WIDTH = 6.0
"""Marks of the same period that would cover one another are drawn side by side, each at least this wide."""
UNSTATED_WIDTH = 14.0
"""A value whose period is not stated is a narrow hollow mark at the middle of the date it was reported."""
BAR_PAD = 3.0
"""How far a bar reaches above and below its value (a hollow mark: twice as far, to stay visible on a phone)."""
ZOOM_WHEN_LOWEST_ABOVE = 0.5
"""The value axis leaves zero when every value is above this share of the highest one."""


@dataclass(frozen=True, slots=True)
class Mark:
    """One value on the chart: a bar spanning its period (x) and its range (y)."""

    claim: str
    x: float
    width: float
    y: float
    height: float
    label: str
    open_up: bool
    """Drawn with an arrow: the qualifier says the true value is higher ("more than", "at least")."""
    open_down: bool
    period_stated: bool = True
    """False when the claim has no `as_of`: drawn as a narrow hollow mark at the date it was reported,
    not across a period."""
    revised: bool = False
    """A later claim of the figure revises this value: drawn faded."""
    footnote: int = 0
    """The number of the chart's footnote giving the value's derivation (0: none)."""


@dataclass(frozen=True, slots=True)
class Tick:
    position: float
    label: str
    names_year: bool = False
    """A time tick that names its year ("Jan 2015"): a phone, which shows every other month, keeps it."""


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    marks: tuple[Mark, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    undated: tuple[str, ...]
    """Claims left off the chart because neither `as_of` nor `date` says when."""
    zoomed: bool = False
    """The value axis does not start at zero (its values sit close together): drawn with a break mark."""
    footnotes: tuple[str, ...] = ()
    """Ids of the claims whose marks carry a footnote number (their derivation), footnote 1 first."""


def revised_values(claims: Sequence[Claim], revised: Collection[str] | None) -> Collection[str]:
    """The ids of the revised values: as given (the site passes its `revised_by` backlinks, see
    link.Links), else those that the claims themselves revise."""
    return revised if revised is not None else {target for claim in claims for target in claim.revises}


def chart(claims: Sequence[Claim], label_of, revised: Collection[str] | None = None) -> Chart | None:
    """Bars over time: each value spans the whole of its period, so "2014" is drawn as the year.
    `label_of(claim)` is a mark's label; `revised` is as for `revised_values`."""
    dated = [(claim, value, period) for claim in claims
             if (value := claim.value) is not None and (period := period_of(claim))]
    if not dated:
        return None
    days = [(time_axis.first_day(period), time_axis.last_day(period) + datetime.timedelta(days=1))
            for _, _, period in dated]
    start, end = time_axis.time_bounds(min(d[0] for d in days), max(d[1] for d in days))
    y_low, y_high, y_ticks, zoomed = _value_scale([(value, claim.qualifier) for claim, value, _ in dated])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day: datetime.date) -> float:
        return LEFT + plot_w * (day - start).days / max(1, (end - start).days)

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - (value - y_low) / (y_high - y_low))

    revised = revised_values(claims, revised)
    footnotes = tuple(claim.id for claim, _, _ in dated if claim.derivation)
    marks = []
    for (claim, value, _), (first, after) in zip(dated, days):
        low, high = _bounds(value, claim.qualifier)
        x0, x1 = x_of(first), x_of(after)
        if claim.as_of is None:
            middle = (x0 + x1) / 2
            x0, x1 = middle - UNSTATED_WIDTH / 2, middle + UNSTATED_WIDTH / 2
        y_top, y_bottom = y_of(high), y_of(low)
        pad = BAR_PAD if claim.as_of is not None else 2 * BAR_PAD
        qualifier = claim.qualifier or "exactly"
        marks.append(Mark(claim.id, round(x0, 1), round(max(x1 - x0, 4.0), 1), round(y_top - pad, 1),
                          round(max(y_bottom - y_top, 0) + 2 * pad, 1), label_of(claim),
                          qualifier in ("more than", "at least"), qualifier in ("less than", "at most", "up to"),
                          claim.as_of is not None, claim.id in revised,
                          footnotes.index(claim.id) + 1 if claim.id in footnotes else 0))
    marks = side_by_side(marks)
    marks.sort(key=lambda mark: -mark.width)  # narrow bars last, on top of the wide ones they fall inside
    undated = tuple(claim.id for claim in claims if claim.value is not None and not period_of(claim))
    x_ticks = tuple(Tick(round(x_of(first), 1), label, str(first.year) in label)
                    for first, label in time_axis.time_marks(start, end))
    return Chart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM, tuple(marks), _thin(x_ticks),
                 tuple(Tick(round(y_of(v), 1), label) for v, label in y_ticks), undated, zoomed, footnotes)


def _value_scale(values: Sequence[tuple[Value, str | None]]) -> tuple[float, float, list[tuple[float, str]], bool]:
    """The value axis, for (value, qualifier) pairs: from zero, or zoomed in on the values when they
    sit close together, so that 143 million and 147.9 million are drawn apart (the chart then marks
    the axis as broken)."""
    reported = {number for value, _ in values for number in _numbers(value)}
    bounds = [end for value, qualifier in values for end in _bounds(value, qualifier)]
    low, high = min(bounds), max(bounds)
    if len(reported) > 1 and min(reported) > 0 and low > high * ZOOM_WHEN_LOWEST_ABOVE:
        margin = (high - low) * 0.15
        bottom, top, ticks = _nice_scale(low - margin, high + margin)
        return bottom, top, ticks, bottom > 0
    return (*_nice_scale(min(0, low), max(0, high)), False)


def _numbers(value: Value) -> tuple[Number, ...]:
    """The numbers a value is written with: one, or the two ends of a range."""
    return value if isinstance(value, tuple) else (value,)


def _ends(value: Value) -> tuple[Number, Number]:
    """The low and the high end of a value: the same number for a single one."""
    return value if isinstance(value, tuple) else (value, value)


def _reach(mark: Mark) -> tuple[float, float]:
    """The vertical extent a mark covers, its arrow included."""
    return mark.y - (ARROW if mark.open_up else 0), mark.y + mark.height + (ARROW if mark.open_down else 0)


def side_by_side(marks: list[Mark]) -> list[Mark]:
    """Marks of about the same time span whose bars or arrows would cover one another, drawn in lanes
    side by side within the span they share, so that none hides another. (A mark much narrower than
    another, a day inside a year, is drawn on top of it instead: the wide one shows around it.)
    Lanes can widen a group; a group that then reaches a neighbour is laid out again with it."""
    groups = [[mark] for mark in marks]
    while True:
        placed = [_in_lanes(group) for group in groups]
        merged = _merge_crowded(groups, placed)
        if len(merged) == len(groups):
            return [mark for group in placed for mark in group]
        groups = merged


def _merge_crowded(groups: list[list[Mark]], placed: list[list[Mark]]) -> list[list[Mark]]:
    """The groups, those whose placed marks crowd one another joined into one."""
    merged: list[list[tuple[Mark, Mark]]] = []
    for group, laid in zip(groups, placed):
        pairs = list(zip(group, laid))
        joined = [item for item in merged if any(_crowded(a, b) for a in pairs for b in item)]
        merged = [item for item in merged if all(item is not other for other in joined)]
        merged.append([*pairs, *(pair for item in joined for pair in item)])
    return [[mark for mark, _ in item] for item in merged]


def _in_lanes(group: list[Mark]) -> list[Mark]:
    lanes = _lanes(group)
    count = max(lanes.values()) + 1
    if count == 1:
        return group
    x = min(mark.x for mark in group)
    width = max(mark.x + mark.width for mark in group) - x
    lane_width = max(width / count, LANE_MIN_WIDTH)
    left = x + (width - lane_width * count) / 2
    return [dataclasses.replace(mark, x=round(left + lanes[mark.claim] * lane_width + 0.5, 1),
                                width=round(lane_width - 1, 1)) for mark in group]


def _crowded(a: tuple[Mark, Mark], b: tuple[Mark, Mark]) -> bool:
    """Two marks, each as it was before lanes and as placed, that would cover one another: placed, they
    overlap in time and in value (arrows included), and neither was more than twice as wide as the other
    before lanes (lanes narrow marks, which must not make them look like a day inside a year)."""
    (a_before, a_placed), (b_before, b_placed) = a, b
    overlap = min(a_placed.x + a_placed.width, b_placed.x + b_placed.width) - max(a_placed.x, b_placed.x)
    narrow, wide = sorted((a_before.width, b_before.width))
    (top_a, bottom_a), (top_b, bottom_b) = _reach(a_placed), _reach(b_placed)
    return overlap > 0.5 and wide <= 2 * narrow and top_a <= bottom_b and top_b <= bottom_a


def _lanes(group: list[Mark]) -> dict[str, int]:
    """Each mark's lane: the first whose marks it does not overlap (from the top of the chart down)."""
    lane_bottoms: list[float] = []
    lanes = {}
    for mark in sorted(group, key=lambda mark: (*_reach(mark), mark.x)):
        top, bottom = _reach(mark)
        lane = next((i for i, lowest in enumerate(lane_bottoms) if lowest < top - 1), len(lane_bottoms))
        if lane == len(lane_bottoms):
            lane_bottoms.append(bottom)
        lane_bottoms[lane] = bottom
        lanes[mark.claim] = lane
    return lanes


def _bounds(value: Value, qualifier: str | None) -> tuple[float, float]:
    """The values a bar spans: the range, widened by the tolerance for "about"."""
    low, high = _ends(value)
    if qualifier == "about":
        return low - abs(low) * ABOUT_TOLERANCE, high + abs(high) * ABOUT_TOLERANCE
    return low, high


def _nice_scale(low: float, high: float) -> tuple[float, float, list[tuple[float, str]]]:
    """An axis from `low` to a round number above `high`, with 4–6 round ticks."""
    if high <= low:
        high = low + 1
    raw_step = max((high - low) / 5, abs(high) * 1e-9, 1e-12)  # a flat or microscopic series still has an axis
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    top = math.ceil(high / step) * step
    bottom = math.floor(low / step) * step
    values = []
    value = bottom
    while value <= top + step / 1000:
        values.append(value)
        value += step
    return bottom, top, list(zip(values, axis_labels(values)))


_SCALES = ((1e12, "T"), (1e9, "bn"), (1e6, "M"), (1e3, "k"))


def axis_labels(values: Sequence[float]) -> list[str]:
    """Short labels for the value axis, so that they stay legible when a phone shrinks the chart,
    all in the unit of the largest: 0, 5,000, 10,000 stay so; 0, 10k, 20k; 0, 5M, 10M."""
    largest = max((abs(value) for value in values), default=0)
    for size, suffix in _SCALES:
        if largest >= 10_000 and largest >= size:
            return [f"{format_number(round(value / size, 6))}{suffix}" if value else "0" for value in values]
    return [format_number(value) for value in values]


def _thin(ticks: tuple[Tick, ...], most: int = 8) -> tuple[Tick, ...]:
    every = max(1, math.ceil(len(ticks) / most))
    return ticks[::every]
