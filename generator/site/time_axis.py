"""The time axis of a figure's chart: the span it covers and the dates it marks.

Values close together in time are drawn on months, a month either side; others on whole years.
"""

from __future__ import annotations

import calendar
import datetime

from generator.core.model import DateRange, When


def time_marks(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, str]]:
    """The start of each year (or, over two years or less, of each month) on the time axis."""
    if end.year - start.year > 2:
        return [(datetime.date(year, 1, 1), str(year)) for year in range(start.year, end.year)]
    marks: list[tuple[datetime.date, str]] = []
    month = start
    while month < end:
        label = calendar.month_abbr[month.month]
        marks.append((month, f"{label} {month.year}" if month.month == 1 or not marks else label))
        month = _add_months(month, 1)
    return marks


def first_day(period: When) -> datetime.date:
    return (period.start if isinstance(period, DateRange) else period).first_day()


def last_day(period: When) -> datetime.date:
    return (period.end if isinstance(period, DateRange) else period).last_day()


SHORT_SPAN = datetime.timedelta(days=183)
"""Values closer together than this are drawn on months (a month either side), not on whole years."""


def time_bounds(first: datetime.date, after: datetime.date) -> tuple[datetime.date, datetime.date]:
    if after - first > SHORT_SPAN:
        return _year_bounds(first, after)
    start = _add_months(datetime.date(first.year, first.month, 1), -1)
    last = after - datetime.timedelta(days=1)
    return start, _add_months(datetime.date(last.year, last.month, 1), 2)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` after (or before) the month of `day`."""
    index = max(day.year * 12 + day.month - 1 + months, 12)  # never before January of year 1
    return datetime.date(index // 12, index % 12 + 1, 1)


def _year_bounds(first: datetime.date, after: datetime.date) -> tuple[datetime.date, datetime.date]:
    end_year = after.year if after == datetime.date(after.year, 1, 1) else after.year + 1
    return datetime.date(first.year, 1, 1), datetime.date(max(end_year, first.year + 1), 1, 1)
