"""The blank register: headings, notes, dropdowns from the terms, formats, same bytes."""

from __future__ import annotations

import datetime as dt

import openpyxl

from brevgen.contracts import process
from brevgen.contracts.blank import blank_register_bytes, write_blank_register
from brevgen.contracts.columns import ACTIVITY_COLUMNS, REQUEST_COLUMNS
from register_rows import ok15_terms

TERMS = ok15_terms()
STAMP = dt.date(2016, 3, 14)


def _blank(tmp_path):
    path = tmp_path / "kontraktregister.xlsx"
    write_blank_register(path, TERMS, stamp=STAMP)
    return path, openpyxl.load_workbook(path)


def test_sheets_headings_and_layout(tmp_path):
    _, wb = _blank(tmp_path)
    assert wb.sheetnames == ["Henvendelser", "Aktiviteter", "Lister"]
    assert wb["Lister"].sheet_state == "hidden"
    requests = wb["Henvendelser"]
    assert [c.value for c in requests[1]] == [c.heading for c in REQUEST_COLUMNS]
    assert [c.value for c in wb["Aktiviteter"][1]] == [c.heading for c in ACTIVITY_COLUMNS]
    assert all(c.font.b for c in requests[1])
    assert requests.freeze_panes == "A2" and wb["Aktiviteter"].freeze_panes == "A2"
    assert requests.column_dimensions["B"].width == 34
    assert requests.max_row == 1  # no data rows


def test_every_heading_has_a_danish_note(tmp_path):
    _, wb = _blank(tmp_path)
    notes = {c.value: c.comment.text for c in wb["Henvendelser"][1]}
    assert all(notes.values())
    assert notes["Enighed"] == (
        "Ja, når leder og medarbejderrepræsentant er enige om at rekvirere tilbuddet. "
        "Ved Nej afvises henvendelsen. Skal udfyldes."
    )
    assert notes["Enhed"] == "Afdeling eller enhed. Kan udelades."
    assert wb["Aktiviteter"]["A1"].comment.text.startswith("Sagsnummeret fra arket Henvendelser")


def test_dropdowns_are_fed_from_the_terms(tmp_path):
    _, wb = _blank(tmp_path)
    requests, lists = wb["Henvendelser"], wb["Lister"]

    def listed(reference: str) -> list[str]:
        sheet, cells = reference.split("!")
        assert sheet == "Lister"
        return [c.value for (c,) in lists[cells.replace("$", "")]]

    validations = {str(v.sqref): v for v in requests.data_validations.dataValidation}
    expected = {
        "G2:G1048576": ["Region Hovedstaden", "Region Sjælland", "Region Syddanmark",
                        "Region Midtjylland", "Region Nordjylland"],
        "O2:O1048576": ["NFA", "Alectia", "CBS", "RUC"],
        "P2:P1048576": ["Organisatoriske forandringer", "Faglige forandringer",
                        "Vold og trusler"],
        "N2:N1048576": ["Ja", "Nej"],
    }  # fmt: skip
    for sqref, values in expected.items():
        validation = validations[sqref]
        assert validation.type == "list"
        assert listed(validation.formula1) == values
        assert validation.showErrorMessage
    assert validations["G2:G1048576"].errorStyle == "warning"  # "Hovedstaden" is accepted too
    assert validations["O2:O1048576"].errorStyle == "stop"
    assert validations["O2:O1048576"].error == "Vælg en af rundens udbydere på listen."
    dates = validations["T2:T1048576"]
    assert (dates.type, dates.formula1, dates.formula2) == (
        "date",
        "DATE(2016,4,1)",
        "DATE(2018,3,31)",
    )
    assert validations["Y2:Y1048576"].type == "decimal"


def test_date_and_amount_formats(tmp_path):
    _, wb = _blank(tmp_path)
    columns = wb["Henvendelser"].column_dimensions
    for letter in "TUVWX":
        assert columns[letter].number_format == "dd-mm-yyyy", letter
    assert columns["Y"].number_format == '#,##0 "kr."'
    assert wb["Aktiviteter"].column_dimensions["C"].number_format == "dd-mm-yyyy"


def test_same_bytes_on_every_run(tmp_path):
    assert blank_register_bytes(TERMS, stamp=STAMP) == blank_register_bytes(TERMS, stamp=STAMP)
    path = tmp_path / "r.xlsx"
    assert write_blank_register(path, TERMS, stamp=STAMP) is True
    assert write_blank_register(path, TERMS, stamp=STAMP) is False


def test_the_reader_accepts_a_filled_in_blank(tmp_path):
    path, wb = _blank(tmp_path)
    outcome = process(path, TERMS)
    assert (outcome.counts.rows, outcome.rejected, outcome.notes) == (0, (), ())
    wb["Henvendelser"].append(
        ["2016-R-001", "Holbæk Sygehus", None, None, None, None, "Region Sjælland",
         "Arbejdsplads", "Lone Holm", None, "Ole Dahl", "TR", None, "Ja", "CBS",
         "Faglige forandringer", "Sygeplejersker", "Klare roller", None,
         dt.datetime(2016, 9, 1), None, None, None, None, 60000]
    )  # fmt: skip
    wb.save(path)
    outcome = process(path, TERMS)
    assert [i.provider.id for i in outcome.issued] == ["cbs"]
