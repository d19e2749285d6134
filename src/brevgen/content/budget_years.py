"""The frame's budget years, derived from the offer period.

The agreement's years run from 1 April to 31 March (OK15: "1. april 2016 – 31. marts 2017 og
1. april 2017 – 31. marts 2018"). A round's budget years are those years that overlap its
offer period, each cut to the period: an offer from 7 January 2019 to 31 March 2021 has the
budget years 7 January – 31 March 2019, 2019/20 and 2020/21. A round whose years run
otherwise writes them itself (``ramme.aar`` in runde.yaml).
"""

from __future__ import annotations

import datetime as dt

YEAR_STARTS = (4, 1)  # month, day: 1 April


def budget_years(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The budget years (first day, last day) that cover ``start``–``end``, cut to it."""
    month, day = YEAR_STARTS
    year = start.year if (start.month, start.day) >= YEAR_STARTS else start.year - 1
    years = []
    while dt.date(year, month, day) <= end:
        first = dt.date(year, month, day)
        last = dt.date(year + 1, month, day) - dt.timedelta(days=1)
        years.append((max(first, start), min(last, end)))
        year += 1
    return years
