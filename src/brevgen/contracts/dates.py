"""Dates the contract states: the deadlines of Bilag 1 and the evaluation points."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

# Bilag 1: dialogue "senest en uge efter henvendelse", contract "inden 4 uger efter".
DIALOGUE_DAYS = 7
CONTRACT_DAYS = 28
# Bilag 1: "en opfølgende evaluering efter 3-6 måneder".
FOLLOW_UP_MONTHS = (3, 6)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later, clamped to the month's last day.

    31 January + 1 month is 28/29 February, the usual reading of "en måned efter"; written
    here rather than adding python-dateutil for one function.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadlines:
    """The latest day for opening the dialogue and for signing the contract."""

    dialogue: dt.date
    contract: dt.date


def deadlines(request_date: dt.date) -> Deadlines:
    return Deadlines(
        dialogue=request_date + dt.timedelta(days=DIALOGUE_DAYS),
        contract=request_date + dt.timedelta(days=CONTRACT_DAYS),
    )


@dataclass(frozen=True)
class Evaluation:
    """Evaluation right after delivery and the 3–6 month follow-up window.

    All None when the delivery end (Levering til) is not yet known; the contract then
    states the rule in words.
    """

    immediate: dt.date | None
    follow_up_from: dt.date | None
    follow_up_to: dt.date | None


def evaluation(delivery_to: dt.date | None) -> Evaluation:
    if delivery_to is None:
        return Evaluation(None, None, None)
    first, last = FOLLOW_UP_MONTHS
    return Evaluation(delivery_to, add_months(delivery_to, first), add_months(delivery_to, last))
