"""Figures as readers see them: spreads that keep their qualifiers, and charts legible on a phone."""

from __future__ import annotations

import datetime

import pytest

from generator import figures
from generator.diagnostics import Span
from generator.model import Claim, PartialDate
from generator.render import format_spread, format_value


def claim(claim_id: str, value, qualifier: str | None = None, as_of: PartialDate | None = None) -> Claim:
    return Claim(claim_id, "s", None, (), as_of or PartialDate(2014), "f", value, qualifier, as_of, "reported",
                 (), (), (), None, (), Span("c.yaml", 1, 1), {})


@pytest.mark.parametrize(("claims", "unit", "text"), [
    ([claim("a", 80, "more than")], "countries", "more than 80 countries"),
    ([claim("a", 29, "up to")], "years", "up to 29 years"),
    ([claim("a", 300, "about"), claim("b", 300, "more than")], "people", "from about 300 to more than 300 people"),
    ([claim("a", 300, "more than"), claim("b", 300, "about")], "people", "from about 300 to more than 300 people"),
    ([claim("a", 300, "at most"), claim("b", 300)], "people", "from at most 300 to 300 people"),
    ([claim("a", (0, 500_000)), claim("b", 2_000_000, "about")], "euros", "from 0 to about 2,000,000 euros"),
    ([claim("a", 89.9), claim("b", 91.7, "exactly")], "percent", "from 89.9% to 91.7%"),
    ([claim("a", 12), claim("b", 12)], "count", "12 count"),
])
def test_a_spread_keeps_the_qualifiers_of_its_ends(claims, unit, text):
    spread = figures.spread(claims)
    assert spread.count == len(claims)
    assert format_spread(spread, unit) == text


def test_a_figure_without_values_has_no_spread():
    assert figures.spread([claim("a", None)]) is None


@pytest.mark.parametrize(("values", "labels"), [
    ([0, 2.5, 5], ["0", "2.5", "5"]),
    ([0, 2500, 5000, 7500], ["0", "2,500", "5,000", "7,500"]),
    ([0, 5000, 10_000, 15_000], ["0", "5k", "10k", "15k"]),
    ([0, 500_000, 1_000_000, 1_500_000], ["0", "0.5M", "1M", "1.5M"]),
    ([-20_000, 0, 20_000], ["-20k", "0", "20k"]),
    ([0, 5e17, 1e18], ["0", "500,000T", "1,000,000T"]),
])
def test_value_axis_labels_are_short_and_in_one_unit(values, labels):
    assert figures.axis_labels(values) == labels


@pytest.mark.parametrize("values", [(12, 12), (0, 5e-324), (-3, -3), (1e18, 1e18)])
def test_flat_or_microscopic_series_still_get_an_axis(values):
    chart = figures.chart([claim(str(n), value) for n, value in enumerate(values)], lambda c: format_value(c, "x"))
    assert len(chart.y_ticks) >= 2
    assert all(mark.height >= 0 for mark in chart.marks)


def test_values_of_a_few_months_are_drawn_on_months_not_on_the_whole_year():
    chart = figures.chart([claim("a", 300, "about", PartialDate(2014, 11)),
                           claim("b", 300, "more than", PartialDate(2014, 11, 18))],
                          lambda c: format_value(c, "people"))
    assert [tick.label for tick in chart.x_ticks] == ["Oct 2014", "Nov", "Dec"]


def test_values_a_year_apart_are_drawn_on_years_of_months():
    chart = figures.chart([claim("a", 1, None, PartialDate(2014)), claim("b", 2, None, PartialDate(2015, 3))],
                          lambda c: format_value(c, "people"))
    assert chart.x_ticks[0].label == "Jan 2014"
    assert figures._time_bounds(datetime.date(2014, 1, 1), datetime.date(2015, 4, 1)) == (
        datetime.date(2014, 1, 1), datetime.date(2016, 1, 1))


def test_a_day_inside_a_month_is_drawn_on_top_of_the_month():
    month, day = claim("month", 300, "about", PartialDate(2014, 11)), claim("day", 300, None, PartialDate(2014, 11, 18))
    for order in ([month, day], [day, month]):
        chart = figures.chart(order, lambda c: format_value(c, "people"))
        assert [mark.claim for mark in chart.marks] == ["month", "day"]
        wide, narrow = chart.marks
        assert wide.x <= narrow.x and narrow.x + narrow.width <= wide.x + wide.width


@pytest.mark.parametrize("day", [PartialDate(1, 1, 5), PartialDate(1), PartialDate(9000, 12, 31), PartialDate(9000)])
def test_dates_at_the_ends_of_the_calendar_still_draw(day):
    chart = figures.chart([claim("a", 10**18, None, day)], lambda c: format_value(c, "people"))
    assert len(chart.marks) == 1 and chart.x_ticks


def test_time_ticks_that_name_their_year_are_marked():
    chart = figures.chart([claim("a", 1, None, PartialDate(2014, 12)), claim("b", 2, None, PartialDate(2015, 2))],
                          lambda c: format_value(c, "people"))
    assert [(tick.label, tick.names_year) for tick in chart.x_ticks] == [
        ("Nov 2014", True), ("Dec", False), ("Jan 2015", True), ("Feb", False), ("Mar", False)]
