"""Reading registers built in tmp_path: headings, unusable files, formulas, odd values."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from brevgen.contracts import process, safe_slug
from brevgen.contracts.model import Request, Unreadable
from brevgen.contracts.workbook import read_register
from brevgen.errors import RegisterError
from register_rows import HEADINGS, good_row, ok15_terms, write_workbook

TERMS = ok15_terms()


def plain(text) -> str:
    return str(text).replace("\u00a0", " ")


def test_reads_a_good_row(tmp_path):
    path = write_workbook(tmp_path / "register.xlsx", [good_row()])
    register = read_register(path)
    (request,) = register.rows
    assert isinstance(request, Request)
    assert request.row == 2
    assert request.case_no == "2016-R-001"
    assert request.request_date == dt.date(2016, 5, 2)
    assert request.amount == Decimal(45000)
    assert request.agreement is True
    assert request.refs("amount") == "Henvendelser!Y2"
    assert register.empty_rows == ()


def test_headings_in_odd_case_and_spacing_any_order_with_extra_columns(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Henvendelser"
    row = good_row(amount="45.000,00 kr.", request_date="2. maj 2016")
    fields = list(row)
    order = list(reversed(range(len(HEADINGS))))  # column order is free
    odd = ["  " + HEADINGS[i].upper().replace(" ", "   ") + " " for i in order]
    ws.append(["Bemærkning", *odd, "Intern note"])
    ws.append(["ring tilbage", *(row[fields[i]] for i in order), "x"])
    wb.save(tmp_path / "r.xlsx")
    (request,) = read_register(tmp_path / "r.xlsx").rows
    assert isinstance(request, Request), request
    assert request.amount == Decimal(45000)
    assert request.request_date == dt.date(2016, 5, 2)
    assert request.manager_email == "anne.holm@regionh.dk"
    # Beløb inkl. moms is the first heading after "Bemærkning": column B.
    assert request.refs("amount") == "Henvendelser!B2"
    assert request.refs("case_no") == "Henvendelser!Z2"


def test_missing_columns_name_the_file_the_columns_and_the_headings_found(tmp_path):
    headings = [h for h in HEADINGS if h not in ("Region", "Tema", "Enhed")]
    path = write_workbook(tmp_path / "register.xlsx", [], headings=headings)
    with pytest.raises(RegisterError) as caught:
        read_register(path)
    found = ", ".join(f"“{h}”" for h in headings[:-1]) + f" og “{headings[-1]}”"
    assert str(caught.value) == (
        "Fejl i kontraktregistret:\n"
        "  - register.xlsx: Arket “Henvendelser” mangler kolonnerne “Region” og “Tema”. "
        f"Overskrifterne i række 1 er: {found}."
    )


def test_one_missing_column(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [], headings=["Sagsnr", "Ekstra"])
    with pytest.raises(RegisterError) as caught:
        read_register(path)
    assert "mangler kolonnerne “Arbejdsplads”, “Region”" in str(caught.value)
    path = write_workbook(
        tmp_path / "r2.xlsx", [], headings=[h for h in HEADINGS if h != "Beløb inkl. moms"]
    )
    with pytest.raises(RegisterError) as caught:
        read_register(path)
    assert "mangler kolonnen “Beløb inkl. moms”. Overskrifterne" in str(caught.value)


def test_not_a_workbook(tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_text("Sagsnr;Arbejdsplads\n2016-R-001;Rigshospitalet\n", encoding="utf-8")
    with pytest.raises(RegisterError) as caught:
        read_register(path)
    assert str(caught.value) == (
        "Fejl i kontraktregistret:\n"
        "  - register.xlsx: Filen er ikke en Excel-projektmappe (.xlsx). Gem regnearket i Excel "
        "som “Excel-projektmappe (*.xlsx)”, og prøv igen."
    )


def test_old_xls(tmp_path):
    path = tmp_path / "register.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(RegisterError) as caught:
        read_register(path)
    assert str(caught.value) == (
        "Fejl i kontraktregistret:\n"
        "  - register.xls: Filen er i det gamle Excel-format (.xls). Åbn den i Excel, gem den "
        "som “Excel-projektmappe (*.xlsx)” (Filer > Gem som), og prøv igen."
    )


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "register.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hej.txt", "hej")
    with pytest.raises(RegisterError, match="er ikke en Excel-projektmappe"):
        read_register(path)


def test_missing_file(tmp_path):
    with pytest.raises(RegisterError) as caught:
        read_register(tmp_path / "findes-ikke.xlsx")
    assert caught.value.problems[0].message == "Filen findes ikke."


def test_a_locked_file_is_named_with_what_to_do(tmp_path, monkeypatch):
    path = tmp_path / "r.xlsx"
    write_workbook(path, [good_row()])

    def locked(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(path), "open", locked)
    with pytest.raises(RegisterError) as caught:
        read_register(path)
    [problem] = caught.value.problems
    assert problem.where == str(path)
    assert problem.message.startswith("Filen kan ikke åbnes (teknisk: Permission denied).")
    assert "luk den, og prøv igen" in problem.message


def test_missing_sheet_lists_the_sheets(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Ark1"
    wb.create_sheet("Data")
    wb.save(tmp_path / "r.xlsx")
    with pytest.raises(RegisterError) as caught:
        read_register(tmp_path / "r.xlsx")
    assert str(caught.value) == (
        "Fejl i kontraktregistret:\n"
        "  - r.xlsx: Projektmappen har intet ark med navnet “Henvendelser”. "
        "Arkene hedder: “Ark1” og “Data”."
    )


def test_sheet_name_in_other_case_is_found(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [good_row()], title="HENVENDELSER")
    (request,) = read_register(path).rows
    assert request.refs("case_no") == "HENVENDELSER!A2"
    path = write_workbook(tmp_path / "r.xlsx", [good_row()], title="Henvendelser 2016")
    with pytest.raises(RegisterError, match="Arkene hedder: “Henvendelser 2016”"):
        read_register(path)


def test_empty_sheet_and_duplicate_headings(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Henvendelser"
    wb.save(tmp_path / "empty.xlsx")
    with pytest.raises(RegisterError) as caught:
        read_register(tmp_path / "empty.xlsx")
    assert caught.value.problems[0].message == (
        "Arket “Henvendelser” er tomt. Første række skal indeholde kolonneoverskrifterne."
    )
    path = write_workbook(tmp_path / "dup.xlsx", [], headings=[*HEADINGS, " sagsnr "])
    with pytest.raises(RegisterError) as caught:
        read_register(path)
    assert caught.value.problems[0].message == (
        "Arket “Henvendelser” har overskriften “Sagsnr” i både kolonne A og kolonne Z. "
        "Slet eller omdøb den ene."
    )


def _patch_sheet(path, old: str, new: str) -> None:
    """Edit the first sheet's XML, e.g. to give a formula the cached value Excel would."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    assert old in xml
    parts["xl/worksheets/sheet1.xml"] = xml.replace(old, new).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_formula_without_cached_value_rejects_the_row(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [good_row(amount="=40000*1.25")])
    (row,) = read_register(path).rows
    assert isinstance(row, Unreadable)
    assert [str(p) for p in row.problems] == [
        "Henvendelser!Y2: Beløb inkl. moms: formel uden værdi. Åbn projektmappen i Excel, og "
        "gem den igen, så formlen bliver beregnet."
    ]
    assert row.case_no == "2016-R-001"


def test_formula_with_cached_value_uses_the_value(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [good_row(amount="=40000*1.25")])
    _patch_sheet(path, "<f>40000*1.25</f><v></v>", "<f>40000*1.25</f><v>50000</v>")
    (row,) = read_register(path).rows
    assert isinstance(row, Request) and row.amount == 50000


def test_formula_with_cached_empty_text_is_empty(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [good_row(unit='=""')])
    _patch_sheet(path, '<c r="C2"><f>""</f><v></v></c>', '<c r="C2" t="str"><f>""</f><v></v></c>')
    (row,) = read_register(path).rows
    assert isinstance(row, Request) and row.unit is None


def test_error_value_in_a_cell(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [good_row(amount="#DIV/0!")])
    (row,) = read_register(path).rows
    assert [str(p) for p in row.problems] == [
        "Henvendelser!Y2: Beløb inkl. moms: cellen viser fejlen #DIV/0!."
    ]


def test_unreadable_row_lists_every_problem(tmp_path):
    path = write_workbook(
        tmp_path / "r.xlsx",
        [good_row(workplace=None, request_date="32. maj 2016", agreement="Måske", amount="gratis")],
    )
    (row,) = read_register(path).rows
    assert [plain(p) for p in row.problems] == [
        "Henvendelser!B2: Arbejdsplads skal udfyldes.",
        "Henvendelser!N2: Enighed: “Måske” er hverken Ja eller Nej.",
        "Henvendelser!T2: Henvendelsesdato: “32. maj 2016” er ikke en gyldig dato: maj 2016 har "
        "31 dage.",
        "Henvendelser!Y2: Beløb inkl. moms: “gratis” er ikke et beløb. Skriv fx 45.000,00 kr. "
        "eller 45000.",
    ]


def test_empty_rows_are_skipped_and_counted_but_not_trailing_ones(tmp_path):
    path = write_workbook(
        tmp_path / "r.xlsx",
        [good_row(), None, {"case_no": "   "}, good_row(case_no="2016-R-002"), None, None],
    )
    register = read_register(path)
    assert [r.row for r in register.rows] == [2, 5]
    assert register.empty_rows == (3, 4)


def test_a_row_with_only_an_extra_column_filled_is_not_skipped(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [good_row()], headings=[*HEADINGS, "Note"])
    wb = openpyxl.load_workbook(path)
    wb["Henvendelser"]["Z3"] = "mangler at blive udfyldt"
    wb.save(path)
    rows = read_register(path).rows
    assert [type(r).__name__ for r in rows] == ["Request", "Unreadable"]
    assert str(rows[1].problems[0]) == "Henvendelser!A3: Sagsnr skal udfyldes."


def test_duplicate_case_numbers_are_rejected_after_the_first(tmp_path):
    path = write_workbook(
        tmp_path / "r.xlsx",
        [good_row(), good_row(case_no="2016-R-002"), good_row(case_no=" 2016-r-001 ")],
    )
    outcome = process(path, TERMS)
    assert [r.status for r in outcome.rows()] == ["udstedt", "udstedt", "afvist"]
    assert [str(p) for p in outcome.rows()[2].reasons] == [
        "Henvendelser!A4: Sagsnr “2016-r-001” står allerede i række 2. "
        "Et sagsnummer må kun bruges én gang."
    ]


NASTY = [
    "Tom & Jerry <script>alert(1)</script>",
    "Citat \"dobbelt\" og 'enkelt' og „dansk“",
    "Linje 1\nLinje 2",
    "Arbejdsmiljø 😀 ✓",
    "{{ 7*7 }}",
    "{% if true %}ja{% endif %}",
    "=SUM(A1)",
    "+45 12 34 56 78",
    "-minus",
    "@hvem",
]


def test_nasty_values_are_read_verbatim(tmp_path):
    rows = []
    for number, text in enumerate(NASTY, start=1):
        rows.append(good_row(case_no=f"N-{number}", workplace=text, expected_outcome=text))
    rows.append(good_row(case_no="../../etc/passwd", workplace="Sti"))
    wb_path = write_workbook(tmp_path / "r.xlsx", rows)
    wb = openpyxl.load_workbook(wb_path)
    for cell in wb["Henvendelser"]["B"] + wb["Henvendelser"]["R"]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # text that looks like a formula, as a user may type it
    wb.save(wb_path)
    outcome = process(wb_path, TERMS)
    assert outcome.counts.issued == len(NASTY) + 1
    expected = [*(text if "\n" not in text else "Linje 1 Linje 2" for text in NASTY), "Sti"]
    assert [i.request.workplace for i in outcome.issued] == expected
    assert [i.request.expected_outcome for i in outcome.issued][: len(NASTY)] == NASTY
    sti = outcome.issued[-1]
    assert sti.case_no == "../../etc/passwd"
    assert sti.slug == "etc-passwd" == safe_slug("../../etc/passwd")


def test_activities_are_linked_and_problems_reported(tmp_path):
    path = write_workbook(
        tmp_path / "r.xlsx",
        [good_row(), good_row(case_no="2016-R-002")],
        activities=[
            ["2016-R-001", "Formøde", "10. maj 2016", 2, "Mødelokale 3"],
            ["2016-r-001", "Workshop", dt.datetime(2016, 6, 7), "3,5 timer", None],
            ["2016-R-001", None, "1. juli 2016", None, None],
            ["2016-R-002", "Opsamlingsmøde", "engang i efteråret", None, None],
            ["2016-R-999", "Kick-off seminar", None, None, None],
            [None, "Midtvejsdrøftelse", None, None, None],
            [],
        ],
    )
    register = read_register(path)
    first, second = register.rows
    assert [(a.activity, a.date, a.hours) for a in first.activities] == [
        ("Formøde", dt.date(2016, 5, 10), 2),
        ("Workshop", dt.date(2016, 6, 7), Decimal("3.5")),
    ]
    assert [str(p) for p in first.notes] == [
        "Aktiviteter!B4: Aktivitet skal udfyldes. Aktiviteten er ikke medtaget i kontrakten."
    ]
    assert [(a.activity, a.date) for a in second.activities] == [("Opsamlingsmøde", None)]
    assert [str(p) for p in second.notes] == [
        "Aktiviteter!C5: Dato: “engang i efteråret” er ikke en dato. Skriv fx 7. januar 2019, "
        "07-01-2019 eller 2019-01-07. Aktiviteten er medtaget uden denne oplysning."
    ]
    assert [str(p) for p in register.notes] == [
        "Aktiviteter!A6: Sagsnr “2016-R-999” findes ikke i arket “Henvendelser”. "
        "Aktiviteten er ikke medtaget.",
        "Aktiviteter!A7: Sagsnr skal udfyldes. Aktiviteten er ikke medtaget.",
    ]
    outcome = process(path, TERMS)
    assert [len(i.warnings) for i in outcome.issued] == [1, 1]
    assert outcome.notes == register.notes


def test_activities_sheet_without_required_column(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [good_row()])
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Aktiviteter").append(["Sagsnr", "Dato"])
    wb.save(path)
    with pytest.raises(RegisterError, match="Arket “Aktiviteter” mangler kolonnen “Aktivitet”"):
        read_register(path)


def test_wrong_dimension_does_not_hide_rows(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [good_row(), good_row(case_no="2016-R-002")])
    _patch_sheet(path, '<dimension ref="A1:Y3"/>', '<dimension ref="A1:B2"/>')
    assert [r.row for r in read_register(path).rows] == [2, 3]


def test_formula_cell_without_a_reference_is_still_found(tmp_path):
    # Cell references are optional in the file format; the formula scan counts columns then.
    path = write_workbook(tmp_path / "r.xlsx", [good_row(amount="=40000*1.25")])
    _patch_sheet(path, '<c r="Y2"><f>', "<c><f>")
    (row,) = read_register(path).rows
    assert [p.where for p in row.problems] == ["Henvendelser!Y2"]
