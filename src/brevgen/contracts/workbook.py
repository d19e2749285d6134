"""Reading the register workbook into typed rows, streaming.

The workbook is opened read-only twice, once for cached values and once for formulas, and
the two row streams are walked in step: a formula cell without a cached value (a workbook
saved by a program that does not calculate) reads as empty in the first stream, and only
the second shows it was a formula. Only the small typed rows are kept, never openpyxl cells,
so a 10,000-row register reads in bounded memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from brevgen.errors import Problem, RegisterError

from .columns import ACTIVITIES_SHEET, ACTIVITY_COLUMNS, REQUEST_COLUMNS, REQUESTS_SHEET, Column
from .model import Activity, CellRefs, Request, Unreadable, case_key
from .parse import (
    ParseError,
    parse_amount,
    parse_date,
    parse_email,
    parse_hours,
    parse_name,
    parse_text,
    parse_yes_no,
)
from .text import fold, squash


@dataclass(frozen=True)
class Register:
    """Everything read from one workbook, rows in sheet order."""

    file: str
    rows: tuple[Request | Unreadable, ...]
    empty_rows: tuple[int, ...]  # empty rows between the headings and the last filled row
    notes: tuple[Problem, ...] = ()  # workbook-level warnings, e.g. orphan activities


class _NoValue:
    """A formula whose result was never calculated and saved."""


NO_VALUE = _NoValue()


@dataclass(frozen=True)
class _CellError:
    code: str  # "#DIV/0!", "#REF!" …


_PARSERS = {
    "name": parse_name,
    "region": parse_name,
    "provider": parse_name,
    "theme": parse_name,
    "text": parse_text,
    "email": parse_email,
    "yesno": parse_yes_no,
    "date": parse_date,
    "amount": parse_amount,
    "hours": parse_hours,
}

NOT_A_WORKBOOK = (
    "Filen er ikke en Excel-projektmappe (.xlsx). Gem regnearket i Excel som "
    "“Excel-projektmappe (*.xlsx)”, og prøv igen."
)


def read_register(path: Path) -> Register:
    """Read Henvendelser (and Aktiviteter if present); raise RegisterError if unusable."""
    path = Path(path)
    file = path.name
    if not path.is_file():
        raise RegisterError("Filen findes ikke.", where=str(path))
    with path.open("rb") as values_handle, path.open("rb") as formulas_handle:
        values = _load(values_handle, file, data_only=True)
        formulas = _load(formulas_handle, file, data_only=False)
        try:
            requests_title = _sheet_title(values, REQUESTS_SHEET, file, required=True)
            activities_title = _sheet_title(values, ACTIVITIES_SHEET, file, required=False)
            activities, notes = {}, []
            if activities_title:
                activities, notes = _read_activities(values, formulas, activities_title, file)
            rows, empty, known = _read_requests(values, formulas, requests_title, file, activities)
        finally:
            values.close()
            formulas.close()
    notes = sorted(notes + _orphans(activities, known), key=lambda pair: pair[0])
    return Register(file, tuple(rows), tuple(empty), tuple(p for _, p in notes))


def _load(handle, file: str, data_only: bool):
    try:
        return openpyxl.load_workbook(handle, read_only=True, data_only=data_only)
    except Exception:  # zipfile, XML and openpyxl errors alike mean "not a workbook we can read"
        raise RegisterError(NOT_A_WORKBOOK, where=file) from None


def _sheet_title(workbook, wanted: str, file: str, required: bool) -> str | None:
    titles = workbook.sheetnames
    if wanted in titles:
        return wanted
    for title in titles:
        if fold(title) == fold(wanted):
            return title
    if required:
        raise RegisterError(
            f"Projektmappen har intet ark med navnet “{wanted}”. "
            f"Arkene hedder: {_quoted_list(titles)}.",
            where=file,
        )
    return None


def _quoted_list(items: list[str]) -> str:
    quoted = [f"“{item}”" for item in items]
    if len(quoted) <= 1:
        return "".join(quoted) or "(ingen)"
    return ", ".join(quoted[:-1]) + " og " + quoted[-1]


def _ref_sheet(title: str) -> str:
    return title if re.fullmatch(r"\w+", title) else "'" + title.replace("'", "''") + "'"


def _cells(values, formulas, title: str, file: str) -> Iterator[tuple[int, list]]:
    """Rows as (row number, [value | NO_VALUE | _CellError]) from the two streams in step."""
    value_sheet, formula_sheet = values[title], formulas[title]
    # Some programs write a wrong <dimension>; without it openpyxl reads every row there is.
    value_sheet.reset_dimensions()
    formula_sheet.reset_dimensions()
    streams = zip(
        value_sheet.iter_rows(min_row=1), formula_sheet.iter_rows(min_row=1), strict=False
    )
    number = 0
    while True:
        try:
            pair = next(streams)
        except StopIteration:
            return
        except Exception:  # a damaged sheet part inside an otherwise valid zip
            raise RegisterError(
                f"Arket “{title}” kan ikke læses efter række {number}; filen er beskadiget.",
                where=file,
            ) from None
        number += 1
        value_row, formula_row = pair
        out = []
        for index, cell in enumerate(value_row):
            formula = formula_row[index] if index < len(formula_row) else None
            out.append(_cell_value(cell, formula))
        yield number, out


def _cell_value(cell, formula):
    value = getattr(cell, "value", None)
    data_type = getattr(cell, "data_type", None)
    if data_type == "e":
        return _CellError(str(value))
    if value is None and getattr(formula, "data_type", None) == "f" and data_type != "str":
        return NO_VALUE
    return value


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class _Layout:
    """Where each known column sits in a sheet."""

    title: str
    heading_row: int
    index: dict[str, int]  # field -> 0-based column index
    letters: dict[str, str] = field(default_factory=dict)


def _layout(rows, columns: tuple[Column, ...], title: str, file: str) -> _Layout:
    for number, cells in rows:
        if all(_is_blank(c) for c in cells):
            continue
        found = {}
        headings = []
        for index, cell in enumerate(cells):
            if _is_blank(cell) or not isinstance(cell, str | int | float):
                continue
            heading = squash(str(cell))
            headings.append(heading)
            column = next((c for c in columns if c.key == fold(heading)), None)
            if column is None:
                continue
            if column.field in found:
                first = get_column_letter(found[column.field] + 1)
                raise RegisterError(
                    f"Arket “{title}” har overskriften “{column.heading}” i både kolonne "
                    f"{first} og kolonne {get_column_letter(index + 1)}. Slet eller omdøb den ene.",
                    where=file,
                )
            found[column.field] = index
        missing = [c.heading for c in columns if c.required and c.field not in found]
        if missing:
            noun = "kolonnen" if len(missing) == 1 else "kolonnerne"
            raise RegisterError(
                f"Arket “{title}” mangler {noun} {_quoted_list(missing)}. "
                f"Overskrifterne i række {number} er: {_quoted_list(headings)}.",
                where=file,
            )
        letters = {f: get_column_letter(i + 1) for f, i in found.items()}
        return _Layout(title, number, found, letters)
    raise RegisterError(
        f"Arket “{title}” er tomt. Første række skal indeholde kolonneoverskrifterne.",
        where=file,
    )


def _read_fields(cells, number: int, layout: _Layout, columns, refs: CellRefs):
    """Typed values of one row by field, and the problems found reading it."""
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for column in columns:
        index = layout.index.get(column.field)
        raw = cells[index] if index is not None and index < len(cells) else None
        where = refs(column.field)
        if raw is NO_VALUE:
            problems.append(
                Problem(
                    where,
                    f"{column.heading}: formel uden værdi. Åbn projektmappen i Excel, og gem den "
                    "igen, så formlen bliver beregnet.",
                )
            )
        elif isinstance(raw, _CellError):
            problems.append(Problem(where, f"{column.heading}: cellen viser fejlen {raw.code}."))
        elif _is_blank(raw):
            if column.required:
                problems.append(Problem(where, f"{column.heading} skal udfyldes."))
        else:
            try:
                values[column.field] = _PARSERS[column.kind](raw)
            except ParseError as error:
                problems.append(Problem(where, f"{column.heading}: {error.reason}"))
    return values, problems


def _rows_after(rows, layout):
    for number, cells in rows:
        if number > layout.heading_row:
            yield number, cells


def _read_requests(values, formulas, title, file, activities):
    stream = _cells(values, formulas, title, file)
    layout = _layout(stream, REQUEST_COLUMNS, title, file)
    letters = dict(layout.letters)
    sheet = _ref_sheet(title)
    rows: list[Request | Unreadable] = []
    seen: set[str] = set()
    empty: list[int] = []
    pending: list[int] = []
    for number, cells in stream:
        if all(_is_blank(c) for c in cells):
            pending.append(number)
            continue
        empty.extend(pending)
        pending.clear()
        refs = CellRefs(sheet, number, letters)
        fields, problems = _read_fields(cells, number, layout, REQUEST_COLUMNS, refs)
        case_no = fields.get("case_no")
        key = case_key(case_no) if case_no else None
        if problems:
            rows.append(Unreadable(number, case_no, tuple(problems), refs))
        else:
            # A duplicate row is rejected later; the activities belong to the first row.
            linked = activities.get(key) if key not in seen else None
            rows.append(
                Request(
                    row=number,
                    refs=refs,
                    activities=tuple(linked.planned) if linked else (),
                    notes=tuple(linked.warnings) if linked else (),
                    **fields,
                )
            )
        if key:
            seen.add(key)
    return rows, empty, seen


@dataclass
class _Linked:
    """The activities of one Sagsnr, their reading warnings and where the Sagsnr was written."""

    case_no: str
    planned: list[Activity] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    sagsnr_cells: list[tuple[int, str]] = field(default_factory=list)


def _read_activities(values, formulas, title, file):
    """Activities by Sagsnr key, and warnings about rows without a Sagsnr."""
    stream = _cells(values, formulas, title, file)
    layout = _layout(stream, ACTIVITY_COLUMNS, title, file)
    letters = dict(layout.letters)
    sheet = _ref_sheet(title)
    by_case: dict[str, _Linked] = {}
    notes: list[tuple[int, Problem]] = []
    for number, cells in stream:
        if all(_is_blank(c) for c in cells):
            continue
        refs = CellRefs(sheet, number, letters)
        fields, problems = _read_fields(cells, number, layout, ACTIVITY_COLUMNS, refs)
        case_no = fields.pop("case_no", None)
        if case_no is None:
            notes.extend(
                (number, Problem(p.where, f"{p.message} Aktiviteten er ikke medtaget."))
                for p in problems
            )
            continue
        linked = by_case.setdefault(case_key(case_no), _Linked(case_no))
        linked.sagsnr_cells.append((number, refs("case_no")))
        if "activity" not in fields:
            linked.warnings.extend(
                Problem(p.where, f"{p.message} Aktiviteten er ikke medtaget i kontrakten.")
                for p in problems
            )
            continue
        linked.warnings.extend(
            Problem(p.where, f"{p.message} Aktiviteten er medtaget uden denne oplysning.")
            for p in problems
        )
        linked.planned.append(Activity(row=number, **fields))
    return by_case, notes


def _orphans(by_case: dict[str, _Linked], known: set[str]) -> list[tuple[int, Problem]]:
    """Activities whose Sagsnr is not in Henvendelser: reported, not silently dropped."""
    notes = []
    for key, linked in by_case.items():
        if key in known:
            continue
        for number, where in linked.sagsnr_cells:
            message = (
                f"Sagsnr “{linked.case_no}” findes ikke i arket “{REQUESTS_SHEET}”. "
                "Aktiviteten er ikke medtaget."
            )
            notes.append((number, Problem(where, message)))
    return notes
