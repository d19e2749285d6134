"""The yearly budget frame per provider: first come, first served.

Per provider and budget year, signed contracts (Kontrakt indgået) are counted first and
always kept; the other rows then take what is left in order of Henvendelsesdato, ties by
row number. A row that does not fit is rejected and the next one is still tried, so a
smaller later request can use the rest. Because a row only ever sees the rows before it in
that order, adding a later, unsigned row cannot change any earlier decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from brevgen.errors import Problem
from brevgen.formatting import beloeb

from .terms import Period, Provider, RoundTerms


@dataclass(frozen=True)
class Claim:
    """A row that passed every other rule and now asks for its share of a frame."""

    row: int
    provider: Provider
    request_date: dt.date
    amount: Decimal
    committed: bool
    where: str = ""  # cell reference of the amount, for the message


@dataclass(frozen=True)
class Decision:
    row: int
    granted: bool
    year: Period | None
    remaining_before: Decimal | None  # what the frame had left when the row was considered
    problem: Problem | None = None  # why it was refused
    warning: Problem | None = None  # e.g. a signed contract in an overdrawn frame


@dataclass(frozen=True)
class FrameStatus:
    provider: Provider
    year: Period
    frame: Decimal
    committed: Decimal  # signed contracts
    used: Decimal  # signed contracts and the other rows granted
    warning: str | None = None

    @property
    def remaining(self) -> Decimal:
        return self.frame - self.used


def kr(amount: Decimal) -> str:
    """An amount in kroner, with øre only when there are any."""
    return beloeb(amount, decimals=amount != amount.to_integral_value())


def allocate(
    claims: Iterable[Claim], terms: RoundTerms
) -> tuple[dict[int, Decision], tuple[FrameStatus, ...]]:
    """Decide every claim; return decisions by row and the state of each frame."""
    claims = list(claims)
    if terms.ramme is None:
        return {c.row: Decision(c.row, True, None, None) for c in claims}, ()
    frame = terms.ramme
    decisions: dict[int, Decision] = {}
    committed: dict[tuple[str, Period], Decimal] = {}
    used: dict[tuple[str, Period], Decimal] = {}
    order = sorted(claims, key=lambda c: (not c.committed, c.request_date, c.row))
    for claim in order:
        year = terms.budget_year(claim.request_date)
        if year is None:
            problem = Problem(claim.where, "Henvendelsesdatoen ligger ikke i noget budgetår.")
            decisions[claim.row] = Decision(claim.row, False, None, None, problem)
            continue
        key = (claim.provider.id, year)
        before = frame - used.get(key, Decimal(0))
        if claim.committed:
            committed[key] = committed.get(key, Decimal(0)) + claim.amount
        elif claim.amount > before:
            decisions[claim.row] = Decision(
                claim.row, False, year, before, _exhausted(claim, year, before)
            )
            continue
        used[key] = used.get(key, Decimal(0)) + claim.amount
        decisions[claim.row] = Decision(claim.row, True, year, before)
    statuses = []
    for provider in terms.udbydere:
        for year in terms.rammeaar:
            key = (provider.id, year)
            signed = committed.get(key, Decimal(0))
            warning = None
            if signed > frame:
                warning = (
                    f"De indgåede kontrakter beløber sig til {kr(signed)} og overstiger rammen "
                    f"på {kr(frame)} med {kr(signed - frame)}"
                )
            statuses.append(
                FrameStatus(provider, year, frame, signed, used.get(key, Decimal(0)), warning)
            )
    overdrawn = {(s.provider.id, s.year) for s in statuses if s.warning}
    for claim in claims:
        decision = decisions[claim.row]
        if claim.committed and (claim.provider.id, decision.year) in overdrawn:
            decisions[claim.row] = _with_warning(decision, claim)
    return decisions, tuple(statuses)


def _exhausted(claim: Claim, year: Period, remaining: Decimal) -> Problem:
    return Problem(
        claim.where,
        f"Ramme opbrugt: der er {kr(max(remaining, Decimal(0)))} tilbage af rammen for "
        f"{claim.provider.kortnavn} i budgetåret {year.short_label()} ({year.label()}), "
        f"men beløbet er {kr(claim.amount)}",  # "kr." ends the sentence
    )


def _with_warning(decision: Decision, claim: Claim) -> Decision:
    year = decision.year
    warning = Problem(
        claim.where,
        f"De indgåede kontrakter overskrider rammen for {claim.provider.kortnavn} i "
        f"budgetåret {year.short_label()}; kontrakten er indgået og udstedes alligevel.",
    )
    return Decision(decision.row, True, year, decision.remaining_before, None, warning)
