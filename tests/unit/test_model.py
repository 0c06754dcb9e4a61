"""Dates as precise as they were written (generator/core/model.py): a year, a month or a day."""

from __future__ import annotations

import datetime

import pytest

from generator.core.model import DateRange, PartialDate


@pytest.mark.parametrize(("date", "written", "precision", "first", "last"), [
    (PartialDate(2020), "2020", "year", (2020, 1, 1), (2020, 12, 31)),
    (PartialDate(2024, 2), "2024-02", "month", (2024, 2, 1), (2024, 2, 29)),
    (PartialDate(2023, 2), "2023-02", "month", (2023, 2, 1), (2023, 2, 28)),
    (PartialDate(2021, 3, 4), "2021-03-04", "day", (2021, 3, 4), (2021, 3, 4)),
    (PartialDate(987), "0987", "year", (987, 1, 1), (987, 12, 31)),
])
def test_a_date_keeps_its_precision_and_spans_its_first_to_its_last_day(date, written, precision, first, last):
    assert str(date) == written
    assert date.precision == precision
    assert (date.first_day(), date.last_day()) == (datetime.date(*first), datetime.date(*last))


def test_a_year_sorts_before_its_months_and_a_month_before_its_days():
    dates = [PartialDate(2021, 3, 4), PartialDate(2021), PartialDate(2020, 12, 31), PartialDate(2021, 3)]
    assert [str(date) for date in sorted(dates, key=PartialDate.sort_key)] == [
        "2020-12-31", "2021", "2021-03", "2021-03-04"]


def test_a_range_is_written_with_an_en_dash():
    assert str(DateRange(PartialDate(2019), PartialDate(2020, 6))) == "2019 – 2020-06"
