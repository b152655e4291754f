"""Periods of a trend (month, quarter, year) as whole numbers that count on by one, from a
story's month (YYYYMM, as both engines hold it): a period's key, its label and its days.

A key is the number of periods since year 0 (month: year × 12 + month − 1), so that a run of
periods is a range of keys, gaps included. The arithmetic works alike on an int and on a numpy
array of months (the Whoosh engine keys every document at once).
"""

import calendar
import datetime

BY = ("month", "quarter", "year")
PER_YEAR = {"month": 12, "quarter": 4, "year": 1}
MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}


def key(yyyymm, by):
    """The key of the period holding month YYYYMM (an int, or an array of them)."""
    year, month = yyyymm // 100, yyyymm % 100
    return year * PER_YEAR[by] + (month - 1) // MONTHS_IN[by]


def label(period, by):
    """2020-01, 2020-Q1 or 2020."""
    year, part = divmod(period, PER_YEAR[by])
    if by == "month":
        return f"{year:04d}-{part + 1:02d}"
    return f"{year:04d}-Q{part + 1}" if by == "quarter" else f"{year:04d}"


def days(period, by):
    """(first day, last day) of the period: what date_from and date_to ask of a search."""
    year, part = divmod(period, PER_YEAR[by])
    first_month = part * MONTHS_IN[by] + 1
    last_month = first_month + MONTHS_IN[by] - 1
    return (
        datetime.date(year, first_month, 1),
        datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )
