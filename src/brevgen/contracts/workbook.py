"""Reading the register workbook into typed rows, streaming.

openpyxl reads the cached values (``data_only``), where a formula never calculated (a
workbook saved by a program that does not calculate) looks like an empty cell. So the sheet
XML is first scanned, cheaply, for formulas; only if there are any is it parsed once more
to find those without a cached value. Only the small typed rows are kept, never openpyxl
cells, so a 10,000-row register reads in bounded memory.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple

from brevgen import internals
from brevgen.errors import Problem, RegisterError
from brevgen.formatting import tal

from .characters import clean, strip_invisible
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
from .sources import CSV, NOT_A_WORKBOOK, csv_cells, kind_of
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

MAX_ROWS = 50_000  # rows with content per sheet; the benchmark's 10,000 take ten minutes


def read_register(path: Path) -> Register:
    """Read Henvendelser (and Aktiviteter if present); raise RegisterError if unusable.

    The file is an Excel workbook or a CSV (read as Henvendelser); see :mod:`.sources`.
    """
    path = Path(path)
    file = path.name
    if not path.is_file():
        raise RegisterError("Filen findes ikke.", where=str(path))
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise RegisterError(
            f"Filen kan ikke åbnes (teknisk: {exc.strerror or exc}). Er den åben i et andet "
            "program, der låser den, så luk den, og prøv igen.",
            where=str(path),
        ) from None
    activities: dict[str, _Linked] = {}
    notes: list[tuple[int, Problem]] = []
    with handle:
        if kind_of(handle, path) == CSV:
            stream = csv_cells(handle, file)
            rows, empty, known = _read_requests(stream, REQUESTS_SHEET, file, activities)
        else:
            workbook = _load(handle, file)
            try:
                requests_title = _sheet_title(workbook, REQUESTS_SHEET, file, required=True)
                activities_title = _sheet_title(workbook, ACTIVITIES_SHEET, file, required=False)
                if activities_title:
                    stream = _cells(workbook, activities_title, file)
                    activities, notes = _read_activities(stream, activities_title, file)
                stream = _cells(workbook, requests_title, file)
                rows, empty, known = _read_requests(stream, requests_title, file, activities)
            finally:
                workbook.close()
    notes = sorted(notes + _orphans(activities, known), key=lambda pair: pair[0])
    return Register(file, tuple(rows), tuple(empty), tuple(p for _, p in notes))


def _load(handle, file: str):
    try:
        return openpyxl.load_workbook(handle, read_only=True, data_only=True)
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


def _cells(workbook, title: str, file: str) -> Iterator[tuple[int, list]]:
    """Rows as (row number, [value | NO_VALUE | _CellError]), numbered from 1."""
    sheet = workbook[title]
    # Some programs write a wrong <dimension>; without it openpyxl reads every row there is.
    sheet.reset_dimensions()
    try:
        uncalculated = _uncalculated_formulas(sheet)
        stream = sheet.iter_rows(min_row=1)
        number = 0
        for row in stream:
            number += 1
            out = []
            for index, cell in enumerate(row):
                value = cell.value
                if cell.data_type == "e":
                    value = _CellError(str(value))
                elif value is None and (number, index + 1) in uncalculated:
                    value = NO_VALUE
                elif isinstance(value, str) and "_x" in value:
                    value = _unescape(value)
                out.append(value)
            yield number, out
    except (zipfile.BadZipFile, zlib.error, ET.ParseError, KeyError, ValueError, OSError, EOFError):
        raise RegisterError(
            f"Arket “{title}” kan ikke læses; filen er beskadiget.", where=file
        ) from None


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """Excel writes characters XML cannot hold (a pasted vertical tab, say) as ``_x000B_``
    and a literal ``_x`` as ``_x005F_x``; openpyxl leaves both as they are written."""
    return _ESCAPE.sub(lambda match: chr(int(match[1], 16)), text)


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _uncalculated_formulas(sheet) -> set[tuple[int, int]]:
    """(row, column) of formula cells saved without a result.

    A byte scan for ``<f`` rules out the common case of no formulas at all; otherwise the
    sheet XML is walked once with the C parser, far cheaper than a second openpyxl pass.
    """
    with internals.worksheet_xml(sheet) as source:
        tail = b""
        while chunk := source.read(1 << 20):
            if _FORMULA_TAG.search(tail + chunk):
                break
            tail = chunk[-16:]
        else:
            return set()
    found: set[tuple[int, int]] = set()
    row = column = 0
    with internals.worksheet_xml(sheet) as source:
        for event, element in ET.iterparse(source, events=("start", "end")):
            tag = element.tag.rpartition("}")[2]
            if tag == "row":
                if event == "start":
                    row, column = int(element.get("r") or row + 1), 0
                else:
                    element.clear()
                continue
            if tag != "c" or event == "start":
                continue
            reference = element.get("r")
            if reference:
                row, column = coordinate_to_tuple(reference)
            else:
                column += 1
            children = {child.tag.rpartition("}")[2]: child for child in element}
            if "f" in children:
                cached = children.get("v")
                if cached is None or (not cached.text and element.get("t") != "str"):
                    found.add((row, column))
            element.clear()
    return found


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not strip_invisible(value).strip())


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
            heading = squash(strip_invisible(str(cell)))
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
                value = _PARSERS[column.kind](clean(raw) if isinstance(raw, str) else raw)
            except ParseError as error:
                problems.append(Problem(where, f"{column.heading}: {error.reason}"))
                continue
            if isinstance(value, str) and len(value) > column.limit:
                problems.append(
                    Problem(
                        where,
                        f"{column.heading}: teksten er {tal(len(value))} tegn; der må højst "
                        f"stå {tal(column.limit)} tegn. Forkort den.",
                    )
                )
            elif value is None and column.required:  # only removed characters
                problems.append(Problem(where, f"{column.heading} skal udfyldes."))
            elif value is not None:
                values[column.field] = value
    return values, problems


def _too_many_rows(title: str, file: str) -> RegisterError:
    return RegisterError(
        f"Arket “{title}” har flere end {tal(MAX_ROWS)} rækker med indhold. Del registret op i "
        "flere projektmapper, eller slet rækker, der ikke er henvendelser, og prøv igen.",
        where=file,
    )


def _read_requests(stream, title, file, activities):
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
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows(title, file)
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


def _read_activities(stream, title, file):
    """Activities by Sagsnr key, and warnings about rows without a Sagsnr."""
    layout = _layout(stream, ACTIVITY_COLUMNS, title, file)
    letters = dict(layout.letters)
    sheet = _ref_sheet(title)
    by_case: dict[str, _Linked] = {}
    notes: list[tuple[int, Problem]] = []
    count = 0
    for number, cells in stream:
        if all(_is_blank(c) for c in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            raise _too_many_rows(title, file)
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
        linked.planned.append(Activity(row=number, refs=refs, **fields))
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
