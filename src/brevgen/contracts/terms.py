"""The round's terms a register row is checked against (Bilag 1), as plain values.

The caller builds :class:`RoundTerms` from the round's content (runde.yaml and the shared
registers); nothing here reads files, so the rules can be tested with hand-made terms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from brevgen.formatting import dato

from .text import fold


@dataclass(frozen=True)
class Period:
    """An inclusive date range, e.g. an offer period or a budget year."""

    fra: dt.date
    til: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.fra <= day <= self.til

    def label(self) -> str:
        """``1. april 2016 – 31. marts 2017``."""
        return f"{dato(self.fra)} – {dato(self.til)}"

    def short_label(self) -> str:
        """``2016/17`` for a year across New Year, else the plain label."""
        if self.til.year == self.fra.year + 1:
            return f"{self.fra.year}/{self.til.year % 100:02d}"
        if self.til.year == self.fra.year:
            return str(self.fra.year)
        return self.label()


@dataclass(frozen=True)
class Provider:
    """A provider of the round: register id, short name (used in the workbook), full name."""

    id: str
    kortnavn: str
    navn: str


@dataclass(frozen=True)
class Named:
    """A region or theme: register id and the name written in the workbook and contract."""

    id: str
    navn: str


@dataclass(frozen=True)
class ExcludedPurpose:
    """A purpose the conditions exclude, recognised by any of its (folded) key phrases."""

    navn: str
    keywords: tuple[str, ...]


# Bilag 1: "ikke kan rekvireres i forbindelse med opfølgning mv, som følge af et AT-påbud
# samt til krisehjælp eller personlig støtte til ledere og medarbejdere".
EXCLUDED_PURPOSES = (
    ExcludedPurpose(
        "Opfølgning på AT-påbud",
        ("at-påbud", "at påbud", "påbud fra arbejdstilsynet", "arbejdstilsynets påbud"),
    ),
    ExcludedPurpose("Krisehjælp/personlig støtte", ("krisehjælp", "personlig støtte")),
)


@dataclass(frozen=True)
class RoundTerms:
    """Everything a row is checked against: period, providers, themes, regions, frame, and
    the characters the contract can be printed with."""

    tilbudsperiode: Period
    udbydere: tuple[Provider, ...]
    temaer: tuple[Named, ...]
    regioner: tuple[Named, ...]
    ramme: Decimal | None = None
    rammeaar: tuple[Period, ...] = ()
    udelukkede_formaal: tuple[ExcludedPurpose, ...] = EXCLUDED_PURPOSES
    # Code points the shipped fonts can print (brevgen.fonts.coverage); None: not checked.
    printable: frozenset[int] | None = field(default=None, repr=False, compare=False)
    _lookup: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.ramme is not None and not self.rammeaar:
            raise ValueError("a frame amount needs at least one budget year")
        lookup = self._lookup
        lookup["udbyder"] = _index(self.udbydere, lambda p: (p.kortnavn, p.id, p.navn))
        lookup["tema"] = _index(self.temaer, lambda t: (t.navn, t.id))
        lookup["region"] = _index(self.regioner, _region_names)

    def provider(self, text: str) -> Provider | None:
        """The provider written as short name, id or full name (any case), else None."""
        return self._lookup["udbyder"].get(fold(text))

    def theme(self, text: str) -> Named | None:
        """The theme written as its round name or id (any case), else None."""
        return self._lookup["tema"].get(fold(text))

    def region(self, text: str) -> Named | None:
        """The region written with or without "Region " (any case), or as its id."""
        return self._lookup["region"].get(fold(text))

    def budget_year(self, day: dt.date) -> Period | None:
        """The budget year ``day`` falls in, or None."""
        return next((year for year in self.rammeaar if day in year), None)


def _region_names(region: Named) -> tuple[str, ...]:
    names = [region.navn, region.id]
    if fold(region.navn).startswith("region "):
        names.append(region.navn.split(None, 1)[1])
    return tuple(names)


def _index(items, names) -> dict:
    index: dict = {}
    for item in items:
        for name in names(item):
            index.setdefault(fold(name), item)
    return index
