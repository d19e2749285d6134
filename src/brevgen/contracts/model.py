"""Typed register rows: what a readable row of Henvendelser and Aktiviteter holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from brevgen.errors import Problem

from .text import fold


@dataclass(frozen=True)
class CellRefs:
    """Cell references of one row, e.g. ``Henvendelser!P14`` for the field ``amount``."""

    sheet: str
    row: int
    letters: Mapping[str, str] = field(repr=False, compare=False)

    def __call__(self, field_name: str | None = None) -> str:
        letter = self.letters.get(field_name) if field_name else None
        if letter:
            return f"{self.sheet}!{letter}{self.row}"
        return f"{self.sheet}!{self.row}:{self.row}"  # the whole row


@dataclass(frozen=True)
class Activity:
    """One planned activity (Formøde, Workshop …) of a request."""

    row: int
    activity: str
    date: dt.date | None = None
    hours: Decimal | None = None
    place: str | None = None
    refs: CellRefs | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Request:
    """One readable row of Henvendelser; region, provider and theme still as written."""

    row: int
    case_no: str
    workplace: str
    region: str
    requester: str
    manager: str
    representative: str
    agreement: bool
    provider: str
    theme: str
    target_group: str
    expected_outcome: str
    request_date: dt.date
    amount: Decimal
    refs: CellRefs = field(repr=False, compare=False)
    unit: str | None = None
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    manager_email: str | None = None
    representative_role: str | None = None
    representative_email: str | None = None
    occasion: str | None = None
    dialogue_started: dt.date | None = None
    contract_signed: dt.date | None = None
    delivery_from: dt.date | None = None
    delivery_to: dt.date | None = None
    activities: tuple[Activity, ...] = ()
    notes: tuple[Problem, ...] = ()  # warnings found while reading (e.g. its activities)

    @property
    def committed(self) -> bool:
        """A signed contract keeps its share of the frame whatever comes later."""
        return self.contract_signed is not None

    @property
    def key(self) -> str:
        return case_key(self.case_no)


@dataclass(frozen=True)
class Unreadable:
    """A non-empty row that could not be read; ``case_no`` when at least that was readable."""

    row: int
    case_no: str | None
    problems: tuple[Problem, ...]
    refs: CellRefs = field(repr=False, compare=False)


def case_key(case_no: str) -> str:
    """Two Sagsnr are the same case when they differ only in case or spacing."""
    return fold(case_no)
