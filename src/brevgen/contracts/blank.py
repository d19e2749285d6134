"""An empty register to hand out: the right headings, notes, dropdowns and formats.

The dropdown values (regions, providers, themes, Ja/Nej) come from the round's terms and sit
on a hidden sheet ``Lister``, so a list can be longer than Excel's 255-character limit for
inline lists and a round's wording shows exactly as the reader will accept it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from brevgen.output import write_bytes

from .columns import (
    ACTIVITIES_SHEET,
    ACTIVITY_COLUMNS,
    LISTS_SHEET,
    REQUEST_COLUMNS,
    REQUESTS_SHEET,
    Column,
)
from .terms import RoundTerms
from .xlsx import AMOUNT_FORMAT, DATE_FORMAT, put, workbook_bytes

LAST_ROW = 1_048_576  # Excel's last row: validations and formats cover the whole column
HEADING_FONT = Font(bold=True)
HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADING_ALIGNMENT = Alignment(wrap_text=True, vertical="top")


def write_blank_register(path: Path, terms: RoundTerms, *, stamp: dt.date) -> bool:
    return write_bytes(Path(path), blank_register_bytes(terms, stamp=stamp))


def blank_register_bytes(terms: RoundTerms, *, stamp: dt.date) -> bytes:
    workbook = Workbook()
    requests = workbook.active
    requests.title = REQUESTS_SHEET
    activities = workbook.create_sheet(ACTIVITIES_SHEET)
    lists = workbook.create_sheet(LISTS_SHEET)
    _sheet(requests, REQUEST_COLUMNS)
    _sheet(activities, ACTIVITY_COLUMNS)
    ranges = _lists(lists, terms)
    _validations(requests, terms, ranges)
    return workbook_bytes(workbook, stamp, "Kontraktregister")


def _sheet(sheet, columns: tuple[Column, ...]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = put(sheet, 1, index, column.heading)
        cell.font = HEADING_FONT
        cell.fill = HEADING_FILL
        cell.alignment = HEADING_ALIGNMENT
        note = column.note + (" Skal udfyldes." if column.required else " Kan udelades.")
        comment = Comment(note, "brevgen")
        comment.width, comment.height = 260, 110
        cell.comment = comment
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.kind == "date":
            dimension.number_format = DATE_FORMAT
        elif column.kind == "amount":
            dimension.number_format = AMOUNT_FORMAT
    sheet.freeze_panes = "A2"


def _lists(sheet, terms: RoundTerms) -> dict[str, str]:
    """Write the dropdown lists; return each list's absolute range by name."""
    columns = {
        "Region": [r.navn for r in terms.regioner],
        "Udbyder": [p.kortnavn for p in terms.udbydere],
        "Tema": [t.navn for t in terms.temaer],
        "Enighed": ["Ja", "Nej"],
    }
    ranges = {}
    for index, (name, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        put(sheet, 1, index, name).font = HEADING_FONT
        for row, value in enumerate(values, start=2):
            put(sheet, row, index, value)
        sheet.column_dimensions[letter].width = max(12, *(len(v) + 2 for v in values))
        ranges[name] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
    sheet.sheet_state = "hidden"
    return ranges


def _letter(field_name: str) -> str:
    index = next(i for i, c in enumerate(REQUEST_COLUMNS) if c.field == field_name)
    return get_column_letter(index + 1)


def _validations(sheet, terms: RoundTerms, ranges: dict[str, str]) -> None:
    def add(field_name: str, validation: DataValidation) -> None:
        letter = _letter(field_name)
        validation.add(f"{letter}2:{letter}{LAST_ROW}")
        sheet.add_data_validation(validation)

    lists = (
        # Region "Hovedstaden" without "Region" is accepted by the reader: warn, don't stop.
        ("region", "Region", "warning", "Vælg en af de fem regioner på listen."),
        ("provider", "Udbyder", "stop", "Vælg en af rundens udbydere på listen."),
        ("theme", "Tema", "stop", "Vælg et af rundens temaer på listen."),
        ("agreement", "Enighed", "stop", "Skriv Ja eller Nej."),
    )
    for field_name, name, style, message in lists:
        add(
            field_name,
            DataValidation(
                type="list",
                formula1=ranges[name],
                allow_blank=True,
                showErrorMessage=True,
                errorStyle=style,
                errorTitle=f"Ugyldig værdi i {name}",
                error=message,
            ),
        )
    period = terms.tilbudsperiode
    add(
        "request_date",
        DataValidation(
            type="date",
            operator="between",
            formula1=_excel_date(period.fra),
            formula2=_excel_date(period.til),
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Dato uden for tilbudsperioden",
            error=f"Tilbuddet kan rekvireres i perioden {period.label()}.",
        ),
    )
    add(
        "amount",
        DataValidation(
            type="decimal",
            operator="greaterThan",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Ugyldigt beløb",
            error="Skriv beløbet i kroner inkl. moms som et tal større end 0, fx 45000.",
        ),
    )


def _excel_date(day: dt.date) -> str:
    return f"DATE({day.year},{day.month},{day.day})"
