"""Registers in other files: .xlsm and CSV are read; .xls, .ods, a password, a file that is
not a spreadsheet and a zip bomb each get one Danish sentence; too many rows stop early."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from decimal import Decimal

import pytest

from brevgen.contracts import process
from brevgen.contracts import workbook as workbook_module
from brevgen.contracts.columns import REQUEST_COLUMNS
from brevgen.contracts.model import Request, Unreadable
from brevgen.contracts.workbook import read_register
from brevgen.errors import RegisterError
from register_rows import HEADINGS, good_row, ok15_terms, write_workbook

TERMS = ok15_terms()


def refused(path) -> str:
    with pytest.raises(RegisterError) as caught:
        read_register(path)
    (problem,) = caught.value.problems
    return str(problem)


def test_xlsm_is_read_as_xlsx(tmp_path):
    xlsx = write_workbook(tmp_path / "r.xlsx", [good_row()])
    xlsm = tmp_path / "register.xlsm"
    with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(xlsm, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
                ).replace(
                    b"vnd.openxmlformats-officedocument.spreadsheetml.ms-excel", b"vnd.ms-excel"
                )
            target.writestr(item, data)
    assert b"macroEnabled" in zipfile.ZipFile(xlsm).read("[Content_Types].xml")
    (request,) = read_register(xlsm).rows
    assert isinstance(request, Request) and request.case_no == "2016-R-001"


CSV_HEAD = ";".join(HEADINGS)


def csv_line(**changes) -> str:
    danish = {
        "request_date": "02-05-2016",
        "dialogue_started": "04.05.2016",
        "delivery_from": "1. juni 2016",
        "delivery_to": "30-09-2016",
        "amount": "45.000,50",
    }
    row = good_row(**{**danish, **changes})
    cells = [row[c.field] for c in REQUEST_COLUMNS]
    return ";".join("" if c is None else f'"{c}"' if ";" in str(c) else str(c) for c in cells)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("utf-16-le", b"\xff\xfe")],
)
def test_csv_as_danish_excel_saves_it(tmp_path, encoding, bom):
    lines = [
        CSV_HEAD,
        csv_line(workplace="Sygehus Sønderjylland; Aabenraa", manager="Åse Ødegård"),
        "",
        csv_line(case_no="2016-R-002", amount="45.000,005", target_group="=1+1"),
    ]
    path = tmp_path / "register.csv"
    path.write_bytes(bom + "\r\n".join([*lines, ""]).encode(encoding))
    register = read_register(path)
    first, second = register.rows
    assert isinstance(first, Request)
    assert first.workplace == "Sygehus Sønderjylland; Aabenraa"
    assert first.manager == "Åse Ødegård"
    assert first.request_date == dt.date(2016, 5, 2)
    assert first.dialogue_started == dt.date(2016, 5, 4)
    assert first.delivery_to == dt.date(2016, 9, 30)
    assert first.amount == Decimal("45000.50")
    assert register.empty_rows == (3,)
    assert isinstance(second, Unreadable)
    assert [str(p) for p in second.problems] == [
        "Henvendelser!Y4: Beløb inkl. moms: “45.000,005” har flere end to decimaler. Skriv "
        "beløbet i kroner og øre, fx 45.000,50."
    ]
    outcome = process(path, TERMS)
    assert outcome.counts.issued == 1 and outcome.counts.rejected == 1


def test_csv_formula_text_stays_text(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(CSV_HEAD + "\n" + csv_line(target_group="=1+1", manager="{{ 7*7 }}"))
    (request,) = read_register(path).rows
    assert request.target_group == "=1+1" and request.manager == "{{ 7*7 }}"


def test_csv_that_is_no_text(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(CSV_HEAD.encode() + b"\n\x81\x8d\x90;x\n")
    assert refused(path) == (
        "register.csv: Filen kan ikke læses som tekst (hverken UTF-8 eller Windows-1252). Gem "
        "regnearket i Excel som “CSV UTF-8 (kommasepareret) (*.csv)” eller som "
        "“Excel-projektmappe (*.xlsx)”, og prøv igen."
    )


def test_csv_with_an_endless_cell(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(CSV_HEAD + '\n"' + "x" * 200_000 + "\n", encoding="utf-8")
    assert refused(path).startswith("register.csv: Filen kan ikke læses som CSV: en celle er")


def test_password_protected_workbook(tmp_path):
    path = tmp_path / "register.xlsx"
    directory = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000) + directory + bytes(100))
    assert refused(path) == (
        "register.xlsx: Filen er beskyttet med en adgangskode, så den kan ikke læses. Åbn den i "
        "Excel, fjern adgangskoden (Filer > Oplysninger > Beskyt projektmappe > Krypter med "
        "adgangskode), gem den, og prøv igen."
    )


def test_ods(tmp_path):
    path = tmp_path / "register.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert refused(path) == (
        "register.ods: Filen er et OpenDocument-regneark (.ods). Gem den som “Excel 2007-365 "
        "(.xlsx)” (i LibreOffice: Filer > Gem som) eller som “Excel-projektmappe (*.xlsx)” i "
        "Excel, og prøv igen."
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("register.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        ("register.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        ("register.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("register", b"Sagsnr;Arbejdsplads\n"),
    ],
)
def test_not_a_spreadsheet(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert refused(path) == (
        f"{name}: Filen er ikke en Excel-projektmappe (.xlsx). Gem regnearket i Excel som "
        "“Excel-projektmappe (*.xlsx)”, og prøv igen."
    )


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [good_row()])
    bomb = tmp_path / "bombe.xlsx"
    shutil.copy(path, bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/sharedStrings2.xml", "w") as part:
            block = bytes(2**20)
            for _ in range(40):
                part.write(block)
    assert refused(bomb) == (
        "bombe.xlsx: Filen pakker sig ud til 40 MB i 10 dele, langt mere end et "
        "kontraktregister fylder, så den læses ikke. Den er beskadiget eller ikke et "
        "almindeligt regneark; gem registret igen i Excel som “Excel-projektmappe (*.xlsx)”, "
        "og prøv igen."
    )


def test_too_many_rows_stop_the_run_before_memory_fills(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook_module, "MAX_ROWS", 3)
    rows = [good_row(case_no=f"2016-R-{n:03d}") for n in range(4)]
    path = write_workbook(tmp_path / "r.xlsx", rows)
    assert refused(path) == (
        "r.xlsx: Arket “Henvendelser” har flere end 3 rækker med indhold. Del registret op i "
        "flere projektmapper, eller slet rækker, der ikke er henvendelser, og prøv igen."
    )
    assert len(read_register(write_workbook(tmp_path / "r.xlsx", rows[:3])).rows) == 3
