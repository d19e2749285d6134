"""What people paste into a register: every character class kept, replaced, removed or
refused by name, values over a column's limit refused with the cell, before rendering."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from brevgen.contracts import process
from brevgen.contracts.characters import clean
from brevgen.contracts.columns import LIMITS, REQUEST_COLUMNS
from brevgen.contracts.model import Request, Unreadable
from brevgen.contracts.parse import ParseError
from brevgen.contracts.report import report_bytes
from brevgen.contracts.workbook import read_register
from brevgen.fonts import coverage
from helpers import REPO
from register_rows import good_row, ok15_terms, write_workbook

PRINTABLE = coverage(REPO / "templates")
TERMS = ok15_terms()
FONT_TERMS = replace(TERMS, printable=PRINTABLE)


def reasons(outcome, row: int = 2) -> list[str]:
    (rejected,) = [r for r in outcome.rejected if r.row == row]
    return [str(p) for p in rejected.reasons]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Anne\r\nHolm", "Anne\nHolm"),  # Windows line break
        ("Anne\x0bHolm", "Anne\nHolm"),  # Word's manual line break, pasted
        ("Anne\x0cHolm\u2028Bo\u2029Ib\x85Ea", "Anne\nHolm\nBo\nIb\nEa"),
        ("Anne\tHolm\u2003og\u3000Bo", "Anne Holm og Bo"),  # tab and the wide spaces
        ("45.000\u00a0kr. og 3\u202f000", "45.000\u00a0kr. og 3\u202f000"),  # no-break: kept
        ("An\x00ne\x01 Ho\x7flm", "Anne Holm"),  # NUL, C0 controls and DEL: removed
        ("Rigs\u00adhospi\u00adtalet", "Rigshospitalet"),  # soft hyphens
        ("\ufeffRigs\u200bhospi\u2060talet", "Rigshospitalet"),  # BOM, ZWSP, word joiner
        ("Syd \u202eenalp\u202c og \u2067x\u2069", "Syd enalp og x"),  # bidi overrides
        ("\u200fשלום\u200e A", "\u200fשלום\u200e A"),  # bidi marks: kept
        ("می\u200cخواهم 👩\u200d⚕️", "می\u200cخواهم 👩\u200d⚕️"),  # ZWNJ, ZWJ, VS16
        ("Ame\u0301lie", "Amélie"),  # NFC
    ],
)
def test_pasted_characters_by_class(typed, read):
    assert clean(typed) == read


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "Tank\x96streg",
            "Cellen indeholder tegnet U+0096 (et styretegn), som står i stedet for et tegn, "
            "der gik tabt, da teksten blev kopieret (fx en tankestreg eller et "
            "anførselstegn). Skriv teksten i cellen igen.",
        ),
        (
            "Gr\ufffdnne",
            "Cellen indeholder tegnet “\ufffd” (U+FFFD REPLACEMENT CHARACTER), som står i "
            "stedet for et tegn, der gik tabt, da teksten blev kopieret eller gemt. Skriv "
            "teksten i cellen igen.",
        ),
        (
            "Logo \ue000",
            "Cellen indeholder tegnet U+E000 (et tegn til privat brug), som ikke betyder noget "
            "uden for det program, teksten kom fra. Skriv teksten i cellen igen.",
        ),
        (
            "\U000e0fff",
            "Cellen indeholder tegnet U+E0FFF (en tegnkode uden tegn), som ikke betyder noget "
            "uden for det program, teksten kom fra. Skriv teksten i cellen igen.",
        ),
    ],
)
def test_refused_characters_are_named(typed, message):
    with pytest.raises(ParseError) as info:
        clean(typed)
    assert info.value.reason == message


def test_escaped_control_characters_in_the_workbook_are_read_as_excel_means_them(tmp_path):
    """Excel stores a pasted vertical tab as ``_x000B_``; openpyxl hands that on as text."""
    row = good_row(
        target_group="Første linje_x000B_Anden linje",
        manager="Anne_x0009_Holm",
        unit="Lager_x005F_x0041_",  # a literal "_x0041_", escaped
        occasion="Før\x96efter".replace("\x96", "_x0096_"),
    )
    path = write_workbook(tmp_path / "r.xlsx", [row])
    (result,) = read_register(path).rows
    assert isinstance(result, Unreadable)
    assert [str(p) for p in result.problems] == [
        "Henvendelser!S2: Anledning: Cellen indeholder tegnet U+0096 (et styretegn), som står "
        "i stedet for et tegn, der gik tabt, da teksten blev kopieret (fx en tankestreg eller "
        "et anførselstegn). Skriv teksten i cellen igen."
    ]
    path = write_workbook(tmp_path / "r.xlsx", [{**row, "occasion": None}])
    (request,) = read_register(path).rows
    assert isinstance(request, Request)
    assert request.target_group == "Første linje\nAnden linje"
    assert request.manager == "Anne Holm"
    assert request.unit == "Lager_x0041_"


def test_a_cell_of_invisible_characters_only_is_empty(tmp_path):
    path = write_workbook(
        tmp_path / "r.xlsx", [good_row(manager="\u200b\u00ad", unit="\ufeff"), None]
    )
    (result,) = read_register(path).rows
    assert [str(p) for p in result.problems] == ["Henvendelser!I2: Leder skal udfyldes."]


def test_invisible_characters_do_not_hide_a_heading_or_make_a_duplicate(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Henvendelser"
    ws.append(["\u200bSagsnr\u00ad", *(c.heading for c in REQUEST_COLUMNS[1:])])
    fields = [c.field for c in REQUEST_COLUMNS]
    for case_no in ("2016-R-001", "2016-R\u00ad-001\u200b"):
        ws.append([good_row(case_no=case_no)[f] for f in fields])
    wb.save(tmp_path / "r.xlsx")
    outcome = process(tmp_path / "r.xlsx", TERMS)
    assert reasons(outcome, 3) == [
        "Henvendelser!A3: Sagsnr “2016-R-001” står allerede i række 2. Et sagsnummer må kun "
        "bruges én gang."
    ]


def test_limits_are_rules_with_the_cell(tmp_path):
    row = good_row(
        workplace="Rigshospitalet " * 27 + "X",  # 406 characters
        case_no="2016-R-" + "1" * 40,
        expected_outcome="ord " * 500,
    )
    outcome = process(write_workbook(tmp_path / "r.xlsx", [row]), TERMS)
    assert reasons(outcome) == [
        "Henvendelser!A2: Sagsnr: teksten er 47 tegn; der må højst stå 40 tegn. Forkort den.",
        "Henvendelser!B2: Arbejdsplads: teksten er 406 tegn; der må højst stå 150 tegn. "
        "Forkort den.",
        "Henvendelser!R2: Forventet udbytte: teksten er 1.999 tegn; der må højst stå 1.500 "
        "tegn. Forkort den.",
    ]


def test_values_at_the_limits_are_issued(tmp_path):
    row = good_row(
        case_no="S" * LIMITS["case_no"],
        workplace="W" * LIMITS["workplace"],
        expected_outcome="u" * LIMITS["expected_outcome"],
        manager="M" * 100,
    )
    outcome = process(write_workbook(tmp_path / "r.xlsx", [row]), FONT_TERMS)
    assert outcome.counts.issued == 1


def test_a_character_no_shipped_font_has_rejects_the_row_with_its_name(tmp_path):
    rows = [
        good_row(workplace="Hospital 𓀀 Nord"),
        good_row(case_no="2016-R-002", workplace="مستشفى", manager="דוד כהן 😀 ★ ⠿ Ωμέγα"),
    ]
    activities = [["2016-R-001", "Workshop \U0001d504", None, None, "Sal 1"]]
    path = write_workbook(tmp_path / "r.xlsx", rows, activities=activities)
    outcome = process(path, FONT_TERMS)
    assert reasons(outcome) == [
        "Henvendelser!B2: Arbejdsplads: tegnet “𓀀” (U+13000 EGYPTIAN HIEROGLYPH A001) findes "
        "ikke i skrifttyperne, så det kan ikke skrives i kontrakten. Ret teksten i cellen.",
        "Aktiviteter!B2: Aktivitet: tegnet “𝔄” (U+1D504 MATHEMATICAL FRAKTUR CAPITAL A) findes "
        "ikke i skrifttyperne, så det kan ikke skrives i kontrakten. Ret teksten i cellen.",
    ]
    assert [i.case_no for i in outcome.issued] == ["2016-R-002"]
    # Without the fonts' coverage (hand-made terms) nothing is checked.
    assert process(path, TERMS).counts.issued == 2


def test_the_report_takes_any_text_as_text(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [good_row(workplace="x" * 151)])
    book = openpyxl.load_workbook(path)
    book.active["A2"].value = "=1+1\u200b_x000B_"
    book.active["A2"].data_type = "s"  # text that looks like a formula, as Excel can hold it
    book.save(path)
    outcome = process(path, TERMS)
    book = openpyxl.load_workbook(io.BytesIO(report_bytes(outcome, stamp=dt.date(2016, 4, 1))))
    sheet = book["Rapport"]
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"


def test_sample_register_still_gives_22_issued_and_8_rejected():
    from brevgen.content.project import load_project
    from brevgen.contracts.round_terms import round_terms

    project = load_project(REPO, "ok15-regioner")
    terms = round_terms(project, project.rounds["ok15-regioner"])
    assert terms.printable == PRINTABLE
    sample = Path(REPO / "content" / "ok15-regioner" / "kontrakter-eksempel.xlsx")
    counts = process(sample, terms).counts
    assert (counts.issued, counts.rejected) == (22, 8)
