"""Tie it together: read the workbook, apply the rules and the frame, decide every row."""

from __future__ import annotations

from pathlib import Path

from brevgen.slug import SlugBook

from .dates import deadlines, evaluation
from .frame import Claim, allocate
from .model import Request, Unreadable
from .outcome import Counts, Issued, Outcome, Rejected
from .rules import CONDITION_RULES, REJECTION_RULES, WARNING_RULES, duplicate_case_numbers
from .terms import RoundTerms
from .workbook import Register, read_register


def process(workbook_path: Path, terms: RoundTerms) -> Outcome:
    """Decide every row of the register; raises RegisterError if the workbook is unusable."""
    return decide(read_register(Path(workbook_path)), terms)


def decide(register: Register, terms: RoundTerms) -> Outcome:
    duplicates = duplicate_case_numbers(register.rows)
    slugs = SlugBook()
    slug_of = {row.row: slugs.allocate(row.case_no) for row in register.rows if row.case_no}
    rejected: dict[int, Rejected] = {}
    passed: list[Request] = []
    warnings: dict[int, list] = {}
    for row in register.rows:
        duplicate = [duplicates[row.row]] if row.row in duplicates else []
        if isinstance(row, Unreadable):
            rejected[row.row] = Rejected(row.row, row.case_no, (*duplicate, *row.problems))
            continue
        found = [(rule, p) for rule in REJECTION_RULES for p in rule(row, terms)]
        reasons = duplicate + [p for _, p in found]
        warnings[row.row] = [*(p for rule in WARNING_RULES for p in rule(row, terms)), *row.notes]
        if reasons:
            conditions = not duplicate and all(rule in CONDITION_RULES for rule, _ in found)
            rejected[row.row] = Rejected(
                row.row, row.case_no, tuple(reasons), tuple(warnings[row.row]), row, conditions
            )
        else:
            passed.append(row)
    claims = [
        Claim(
            r.row,
            terms.provider(r.provider),
            r.request_date,
            r.amount,
            r.committed,
            r.refs("amount"),
        )
        for r in passed
    ]
    decisions, frames = allocate(claims, terms)
    issued = []
    for request in passed:
        decision = decisions[request.row]
        row_warnings = warnings[request.row]
        if decision.warning:
            row_warnings.append(decision.warning)
        if not decision.granted:
            rejected[request.row] = Rejected(
                request.row,
                request.case_no,
                (decision.problem,),
                tuple(row_warnings),
                request,
                by_conditions=True,  # the yearly frame is a condition of Bilag 1
            )
            continue
        issued.append(
            Issued(
                request=request,
                provider=terms.provider(request.provider),
                region=terms.region(request.region),
                theme=terms.theme(request.theme),
                budget_year=decision.year,
                deadlines=deadlines(request.request_date),
                evaluation=evaluation(request.delivery_to),
                warnings=tuple(row_warnings),
                slug=slug_of[request.row],
            )
        )
    rejected_rows = tuple(sorted(rejected.values(), key=lambda r: r.row))
    counts = Counts(
        rows=len(register.rows),
        empty=len(register.empty_rows),
        issued=len(issued),
        rejected=len(rejected_rows),
        warned=sum(1 for i in issued if i.warnings),
    )
    return Outcome(
        source=register.file,
        issued=tuple(issued),
        rejected=rejected_rows,
        frames=frames,
        counts=counts,
        empty_rows=register.empty_rows,
        notes=register.notes,
    )
