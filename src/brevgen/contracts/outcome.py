"""What processing a register yields: a decision for every row, frames and counts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from brevgen.errors import Problem

from .dates import Deadlines, Evaluation
from .frame import FrameStatus
from .model import Request
from .terms import Named, Period, Provider


@dataclass(frozen=True)
class Issued:
    """A row that gets a contract, with the round's names resolved and its dates computed."""

    request: Request
    provider: Provider
    region: Named
    theme: Named
    budget_year: Period | None
    deadlines: Deadlines
    evaluation: Evaluation
    warnings: tuple[Problem, ...]
    slug: str  # file name stem for the contract, unique in the workbook

    status = "udstedt"

    @property
    def row(self) -> int:
        return self.request.row

    @property
    def case_no(self) -> str:
        return self.request.case_no


@dataclass(frozen=True)
class Rejected:
    """A row that gets no contract, and every reason why."""

    row: int
    case_no: str | None
    reasons: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()
    request: Request | None = None  # None when the row could not be read
    # Refused by the conditions of Bilag 1 only; False when a value could not be used as
    # typed (or the contract could not be made): the register needs correcting.
    by_conditions: bool = False

    status = "afvist"


@dataclass(frozen=True)
class Counts:
    rows: int  # non-empty rows of Henvendelser
    empty: int  # empty rows skipped between them
    issued: int
    rejected: int
    warned: int  # issued rows carrying at least one warning


@dataclass(frozen=True)
class Outcome:
    source: str  # the workbook's file name
    issued: tuple[Issued, ...]
    rejected: tuple[Rejected, ...]
    frames: tuple[FrameStatus, ...]
    counts: Counts
    empty_rows: tuple[int, ...]
    notes: tuple[Problem, ...]  # about the workbook rather than one row

    @property
    def needs_correcting(self) -> list[Rejected]:
        """Rows refused for a reason other than the conditions of Bilag 1."""
        return [r for r in self.rejected if not r.by_conditions]

    def rows(self) -> list[Issued | Rejected]:
        """Every non-empty row once, in sheet order."""
        return sorted([*self.issued, *self.rejected], key=lambda r: r.row)

    def refuse(self, failed: Mapping[int, Sequence[Problem]]) -> Outcome:
        """The outcome with the issued rows in ``failed`` (row -> why) rejected after all.

        For a row whose contract could not be made, however the rules decided it. The frame
        is left as decided: the row's amount still counts, so later rows keep their decision.
        """
        if not failed:
            return self
        issued = tuple(i for i in self.issued if i.row not in failed)
        refused = tuple(
            Rejected(i.row, i.case_no, tuple(failed[i.row]), i.warnings, i.request, False)
            for i in self.issued
            if i.row in failed
        )
        rejected = tuple(sorted([*self.rejected, *refused], key=lambda r: r.row))
        counts = replace(
            self.counts,
            issued=len(issued),
            rejected=len(rejected),
            warned=sum(1 for i in issued if i.warnings),
        )
        return replace(self, issued=issued, rejected=rejected, counts=counts)
