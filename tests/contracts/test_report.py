"""rapport.xlsx read back: every row exactly once, text never a formula, same bytes twice."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl

from brevgen.contracts import process
from brevgen.contracts.report import report_bytes, row_ranges, write_report
from register_rows import good_row, ok15_terms, write_workbook

TERMS = ok15_terms()
STAMP = dt.date(2016, 3, 14)
TRICKY_CASE_NOS = ["=SUM(A1)", "+45", "-1", "@x", "#N/A", "{{ 7*7 }}"]


def _register(tmp_path):
    rows = [
        good_row(),
        None,
        good_row(case_no="2016-R-002", agreement="Nej"),
        good_row(case_no="2016-R-003", dialogue_started=dt.datetime(2016, 5, 20)),
        good_row(case_no="2016-R-004", request_date="i går", amount="=1/0"),
        None,
        None,
        {"unit": "kun en enhed"},
        *(good_row(case_no=c, amount=1000) for c in TRICKY_CASE_NOS),
        None,
    ]
    path = write_workbook(tmp_path / "register.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    for cell in wb["Henvendelser"]["A"]:
        if cell.value in TRICKY_CASE_NOS:
            cell.data_type = "s"  # typed by a user as text
    wb.save(path)
    return path


def _all_cells(path):
    wb = openpyxl.load_workbook(path)
    return [cell for sheet in wb for row in sheet.iter_rows() for cell in row]


def test_every_row_exactly_once_with_status_and_reason(tmp_path):
    outcome = process(_register(tmp_path), TERMS)
    report = tmp_path / "ud" / "rapport.xlsx"
    assert write_report(report, outcome, stamp=STAMP, files={2: ["2016-r-001.docx", "a.pdf"]})
    wb = openpyxl.load_workbook(report)
    assert wb.sheetnames == ["Rapport", "Rammer", "Oversigt"]
    sheet = wb["Rapport"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Sagsnr", "Række", "Status", "Udbyder", "Budgetår", "Beløb inkl. moms", "Begrundelse",
        "Advarsler", "Filer",
    )  # fmt: skip
    body = rows[1:]
    assert [r[1] for r in body] == [2, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15]
    by_row = {r[1]: r for r in body}
    assert by_row[2][:6] == ("2016-R-001", 2, "udstedt", "NFA", "2016/17", 45000)
    assert by_row[2][8] == "2016-r-001.docx\na.pdf"
    assert by_row[4][2] == "afvist" and by_row[4][6].startswith("Henvendelser!N4: Leder og")
    assert by_row[5][2] == "udstedt" and by_row[5][7].startswith("Henvendelser!U5: Dialogen")
    assert by_row[6][6].split("\n")[0].startswith("Henvendelser!T6: Henvendelsesdato: “i går”")
    assert "Henvendelser!Y6: Beløb inkl. moms: formel uden værdi" in by_row[6][6]
    assert by_row[9][0] is None
    assert by_row[9][6].startswith("Henvendelser!A9: Sagsnr skal udfyldes.")
    assert [by_row[n][0] for n in range(10, 16)] == TRICKY_CASE_NOS
    assert sheet["F2"].number_format == '#,##0 "kr."'


def test_no_cell_is_a_formula(tmp_path):
    outcome = process(_register(tmp_path), TERMS)
    write_report(tmp_path / "rapport.xlsx", outcome, stamp=STAMP)
    cells = _all_cells(tmp_path / "rapport.xlsx")
    assert cells and all(cell.data_type != "f" for cell in cells)
    assert all(cell.data_type != "e" for cell in cells)  # "#N/A" stays text too
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    assert set(TRICKY_CASE_NOS) <= texts


def test_frames_sheet(tmp_path):
    outcome = process(_register(tmp_path), TERMS)
    write_report(tmp_path / "rapport.xlsx", outcome, stamp=STAMP)
    sheet = openpyxl.load_workbook(tmp_path / "rapport.xlsx")["Rammer"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Udbyder", "Budgetår", "Periode", "Ramme", "Indgåede kontrakter", "Brugt", "Tilbage",
        "Advarsel",
    )  # fmt: skip
    # Issued to NFA in 2016/17: 45.000 (row 2), 45.000 (row 5) and 6 x 1.000.
    assert rows[1] == (
        "NFA", "2016/17", "1.\u00a0april 2016 – 31.\u00a0marts 2017", 900000, 0, 96000, 804000,
        None,
    )  # fmt: skip
    assert len(rows) == 1 + 4 * 2
    assert sheet["D2"].number_format == '#,##0 "kr."'


def test_summary_sheet(tmp_path):
    outcome = process(_register(tmp_path), TERMS)
    write_report(tmp_path / "rapport.xlsx", outcome, stamp=STAMP)
    rows = list(openpyxl.load_workbook(tmp_path / "rapport.xlsx")["Oversigt"].values)
    assert rows[:7] == [
        ("Register", "register.xlsx"),
        ("Rækker med indhold", 11),
        ("Udstedt", 8),
        ("Heraf med advarsler", 1),
        ("Afvist", 3),
        ("Tomme rækker sprunget over", 3),
        ("Tomme rækker", "3, 7–8"),
    ]
    assert rows[8] == ("Bemærkninger til projektmappen", "Ingen.")


def test_same_bytes_on_every_run(tmp_path):
    outcome = process(_register(tmp_path), TERMS)
    first = report_bytes(outcome, stamp=STAMP)
    again = report_bytes(process(_register(tmp_path), TERMS), stamp=STAMP)
    assert first == again
    path = tmp_path / "rapport.xlsx"
    assert write_report(path, outcome, stamp=STAMP) is True
    assert write_report(path, outcome, stamp=STAMP) is False  # unchanged: not rewritten
    core = zipfile.ZipFile(path).read("docProps/core.xml").decode()
    assert "2016-03-14T00:00:00Z" in core
    assert report_bytes(outcome, stamp=dt.date(2017, 1, 1)) != first


def test_row_ranges():
    assert row_ranges([3, 7, 8, 9, 12]) == "3, 7–9, 12"
    assert row_ranges([5]) == "5"
    assert row_ranges([]) == ""
