"""rapport.xlsx: every row of Henvendelser once, the frames, and a summary.

Sheets: ``Rapport`` (one line per non-empty row, in sheet order), ``Rammer`` (frame, used
and remaining per provider and budget year) and ``Oversigt`` (counts, skipped empty rows
and remarks about the workbook as a whole).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from brevgen.errors import Problem
from brevgen.output import write_bytes

from .outcome import Issued, Outcome, Rejected
from .xlsx import AMOUNT_FORMAT, AMOUNT_FORMAT_OERE, put, workbook_bytes

REPORT_COLUMNS = (
    ("Sagsnr", 16),
    ("Række", 8),
    ("Status", 10),
    ("Udbyder", 12),
    ("Budgetår", 10),
    ("Beløb inkl. moms", 16),
    ("Begrundelse", 70),
    ("Advarsler", 60),
    ("Filer", 36),
)
FRAME_COLUMNS = (
    ("Udbyder", 14),
    ("Budgetår", 10),
    ("Periode", 32),
    ("Ramme", 14),
    ("Indgåede kontrakter", 18),
    ("Brugt", 14),
    ("Tilbage", 14),
    ("Advarsel", 60),
)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
REJECTED_FILL = PatternFill("solid", fgColor="FCE4E4")
WARNED_FILL = PatternFill("solid", fgColor="FFF4CE")


def write_report(
    path: Path,
    outcome: Outcome,
    *,
    stamp: dt.date,
    files: Mapping[int, Sequence[str]] | None = None,
) -> bool:
    """Write the report; ``files`` are the file names written per row number."""
    return write_bytes(Path(path), report_bytes(outcome, stamp=stamp, files=files))


def report_bytes(
    outcome: Outcome, *, stamp: dt.date, files: Mapping[int, Sequence[str]] | None = None
) -> bytes:
    files = files or {}
    workbook = Workbook()
    _report_sheet(workbook.active, outcome, files)
    _frames_sheet(workbook.create_sheet("Rammer"), outcome)
    _summary_sheet(workbook.create_sheet("Oversigt"), outcome)
    return workbook_bytes(workbook, stamp, f"Rapport over {outcome.source}")


def _headings(sheet, columns) -> None:
    for index, (heading, width) in enumerate(columns, start=1):
        put(sheet, 1, index, heading).font = BOLD
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _lines(problems: Sequence[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


def _amount(sheet, row: int, column: int, amount: Decimal | None) -> None:
    if amount is None:
        return
    cell = put(sheet, row, column, amount)
    whole = amount == amount.to_integral_value()
    cell.number_format = AMOUNT_FORMAT if whole else AMOUNT_FORMAT_OERE
    cell.alignment = TOP


def _report_sheet(sheet, outcome: Outcome, files: Mapping[int, Sequence[str]]) -> None:
    sheet.title = "Rapport"
    _headings(sheet, REPORT_COLUMNS)
    line = 1
    for result in outcome.rows():
        line += 1
        request = result.request
        put(sheet, line, 1, result.case_no or "")
        put(sheet, line, 2, result.row)
        put(sheet, line, 3, result.status)
        if isinstance(result, Issued):
            put(sheet, line, 4, result.provider.kortnavn)
            if result.budget_year:
                put(sheet, line, 5, result.budget_year.short_label())
        elif request is not None:
            put(sheet, line, 4, request.provider)
        if request is not None:
            _amount(sheet, line, 6, request.amount)
        reasons = result.reasons if isinstance(result, Rejected) else ()
        put(sheet, line, 7, _lines(reasons))
        put(sheet, line, 8, _lines(result.warnings))
        put(sheet, line, 9, "\n".join(files.get(result.row, ())))
        fill = REJECTED_FILL if reasons else WARNED_FILL if result.warnings else None
        for column in range(1, len(REPORT_COLUMNS) + 1):
            cell = sheet.cell(row=line, column=column)
            if column != 6:
                cell.alignment = WRAP if column >= 7 else TOP
            if fill and column == 3:
                cell.fill = fill
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(REPORT_COLUMNS))}{line}"


def _frames_sheet(sheet, outcome: Outcome) -> None:
    _headings(sheet, FRAME_COLUMNS)
    line = 1
    for frame in outcome.frames:
        line += 1
        put(sheet, line, 1, frame.provider.kortnavn)
        put(sheet, line, 2, frame.year.short_label())
        put(sheet, line, 3, frame.year.label())
        _amount(sheet, line, 4, frame.frame)
        _amount(sheet, line, 5, frame.committed)
        _amount(sheet, line, 6, frame.used)
        _amount(sheet, line, 7, frame.remaining)
        put(sheet, line, 8, frame.warning or "").alignment = WRAP
        if frame.warning:
            sheet.cell(row=line, column=8).fill = REJECTED_FILL
    if not outcome.frames:
        put(sheet, 2, 1, "Runden har ingen budgetramme.")


def _summary_sheet(sheet, outcome: Outcome) -> None:
    counts = outcome.counts
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90
    lines: list[tuple[str, object]] = [
        ("Register", outcome.source),
        ("Rækker med indhold", counts.rows),
        ("Udstedt", counts.issued),
        ("Heraf med advarsler", counts.warned),
        ("Afvist", counts.rejected),
        ("Tomme rækker sprunget over", counts.empty),
    ]
    if outcome.empty_rows:
        lines.append(("Tomme rækker", row_ranges(outcome.empty_rows)))
    line = 0
    for label, value in lines:
        line += 1
        put(sheet, line, 1, label).font = BOLD
        put(sheet, line, 2, value).alignment = Alignment(horizontal="left")
    line += 2
    put(sheet, line, 1, "Bemærkninger til projektmappen").font = BOLD
    for note in outcome.notes or ["Ingen."]:
        put(sheet, line, 2, str(note)).alignment = WRAP
        line += 1


def row_ranges(rows: Sequence[int]) -> str:
    """``3, 7–9, 12`` for rows 3, 7, 8, 9 and 12."""
    parts: list[str] = []
    start = previous = None
    for row in sorted(rows):
        if previous is not None and row == previous + 1:
            previous = row
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = row
    if start is not None:
        parts.append(str(start) if start == previous else f"{start}–{previous}")
    return ", ".join(parts)
