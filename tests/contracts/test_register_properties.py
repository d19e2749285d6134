"""Property-based: registers typed by people never stop a contracts run.

Random rows mix valid values with arbitrary Unicode (up to Excel's 32,767 characters a
cell), numbers, dates, formulas and blanks in every column. Whatever they hold, deciding
the register ends; every non-empty row is issued or rejected exactly once; every reason is
Danish and names its cell; the report writes and opens again; no cell is ever evaluated as
a formula or a template; and an issued row holds only characters the shipped fonts print.

``BREVGEN_HYPOTHESIS=lang`` runs many more examples (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from brevgen.content.project import load_project
from brevgen.contracts import process
from brevgen.contracts.characters import strip_invisible
from brevgen.contracts.columns import REQUEST_COLUMNS
from brevgen.contracts.outcome import Issued
from brevgen.contracts.report import report_bytes
from brevgen.contracts.round_terms import round_terms
from brevgen.contracts.rules import PRINTED
from brevgen.fonts import NO_GLYPH
from brevgen.markup import to_plain
from brevgen.views.contracts import ContractViews
from helpers import REPO
from register_rows import good_row

FIELDS = [c.field for c in REQUEST_COLUMNS]
PROJECT = load_project(REPO, "ok15-regioner")
ROUND = PROJECT.rounds["ok15-regioner"]
TERMS = round_terms(PROJECT, ROUND)
VIEWS = ContractViews(PROJECT, ROUND)
WHERE = re.compile(r"(Henvendelser|Aktiviteter)!([A-Z]{1,3}\d+|\d+:\d+)")
NOT_DANISH = re.compile(r"Traceback|Exception|Error\b|\bNone\b|\bnan\b|object at 0x")
EVALUATED = ("=1+1", "{{ 7*7 }}", "{% if true %}ja{% endif %}", '=HYPERLINK("x")')


class Formula(str):
    """A cell written as a formula without a cached value (a workbook never calculated)."""


any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
long_text = st.builds(
    lambda head, char, count: head + char * count,
    any_text,
    st.characters(exclude_categories=("Cs",)),
    st.integers(0, 32767),
)
cell = st.one_of(
    st.none(),
    st.sampled_from(["", "   ", "\u200b", "Ja", "Nej", "NFA", "Vold og trusler", *EVALUATED]),
    any_text,
    long_text,
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)),
    st.builds(Formula, st.sampled_from(["=1+1", "=SUM(A1:A3)", '="tekst"', "=1/0"])),
)


@st.composite
def rows(draw):
    """A row: a valid one with some cells replaced, or a row of anything at all."""
    if draw(st.booleans()):
        base = good_row(
            case_no=draw(st.sampled_from(["2016-R-001", "2016-R-002", "=1+1", "A"])),
            request_date=draw(st.datetimes(dt.datetime(2016, 3, 1), dt.datetime(2018, 5, 1))),
        )
        changed = draw(st.lists(st.sampled_from(FIELDS), max_size=4, unique=True))
        return {**base, **{name: draw(cell) for name in changed}}
    return {name: draw(cell) for name in FIELDS}


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def excel_text(text: str) -> str:
    """As Excel stores text: ``_x`` escaped, then the characters XML cannot hold."""
    text = _ESCAPE.sub(r"_x005F_x\1_", text)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m[0]):04X}_", text)


def write(path, register: list[dict | None]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Henvendelser"
    sheet.append([c.heading for c in REQUEST_COLUMNS])
    for number, row in enumerate(register, start=2):
        for column, name in enumerate(FIELDS, start=1):
            value = None if row is None else row.get(name)
            if value is None:
                continue
            target = sheet.cell(row=number, column=column)
            if isinstance(value, Formula):
                target.value = str(value)
            elif isinstance(value, str):
                target.value = excel_text(value)
                target.data_type = "s"  # "=1+1" typed as text stays text
            else:
                target.value = value
    book.save(path)


def blank(value) -> bool:
    return value is None or (
        isinstance(value, str)
        and not isinstance(value, Formula)
        and not strip_invisible(value).strip()
    )


def check(tmp_path, register: list[dict | None]) -> None:
    path = tmp_path / "register.xlsx"
    write(path, register)
    outcome = process(path, TERMS)

    filled = [
        n for n, row in enumerate(register, start=2) if row and not all(map(blank, row.values()))
    ]
    decided = [r.row for r in outcome.rows()]
    assert decided == filled  # every non-empty row once, in sheet order
    assert outcome.counts.rows == len(filled)

    for result in outcome.rejected:
        assert result.reasons
        for problem in result.reasons:
            assert WHERE.fullmatch(problem.where), problem
            assert problem.message and not NOT_DANISH.search(problem.message), problem

    data = report_bytes(outcome, stamp=dt.date(2016, 4, 1), files={})
    report = openpyxl.load_workbook(io.BytesIO(data))["Rapport"]
    lines = list(report.iter_rows(min_row=2, values_only=False))
    assert [line[1].value for line in lines] == decided
    for line in lines:
        for found in line:
            assert found.data_type != "f"  # nothing in the report is a formula

    for issued in outcome.issued:
        check_issued(issued, register[issued.row - 2])


def check_issued(issued: Issued, typed: dict) -> None:
    request = issued.request
    for name in PRINTED:
        text = getattr(request, name)
        if text:
            assert all(ord(c) in TERMS.printable or ord(c) in NO_GLYPH for c in text), name
    case = VIEWS.context(issued)["sag"]
    for field, key in (("workplace", "arbejdsplads"), ("manager", "leder")):
        if typed[field] in EVALUATED:
            assert case[key] == typed[field]  # the merge context holds the cell as typed
    view = VIEWS.view(issued)  # merging never evaluates a cell
    text = " ".join(to_plain(s["tekst"]) for s in view.context["afsnit"])
    assert " ".join(request.workplace.split()) in " ".join(text.split())
    assert request.amount == Decimal(request.amount).quantize(Decimal("0.01"))


EXAMPLES = [
    [good_row(workplace="{{ 7*7 }}", manager="=1+1")],
    [good_row(workplace="Rigshospitalet " * 2000, case_no="=1+1")],
    [good_row(workplace="Hospital \U00013000", manager="מנהל", target_group="\x0b\x00\u202e")],
    [good_row(amount=float("1e300"), request_date=dt.datetime(1900, 3, 1)), None],
    [good_row(expected_outcome="ø" * 32767), good_row(), None, good_row(amount=Formula("=1/0"))],
    [{name: "\u200b\u00ad" for name in FIELDS}, good_row(unit="_x0041_\x85")],
    [good_row(case_no=12345.5, postcode=2100, agreement=True, provider=dt.datetime(2016, 1, 1))],
]


@pytest.mark.parametrize("register", EXAMPLES)
def test_found_and_chosen_registers(tmp_path, register):
    check(tmp_path, register)


@given(register=st.lists(st.one_of(st.none(), rows()), min_size=1, max_size=6))
@example(register=[{**{name: None for name in FIELDS}, "unit": "0"}])
@example(register=[{**{name: None for name in FIELDS}, "delivery_to": 1e25}])
def test_any_register_is_decided_row_by_row(tmp_path_factory, register):
    check(tmp_path_factory.mktemp("register"), register)
