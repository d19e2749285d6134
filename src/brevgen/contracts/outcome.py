"""What processing a register yields: a decision for every row, frames and counts."""

from __future__ import annotations

from dataclasses import dataclass

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

    def rows(self) -> list[Issued | Rejected]:
        """Every non-empty row once, in sheet order."""
        return sorted([*self.issued, *self.rejected], key=lambda r: r.row)
