"""Property-based, through the whole run: any register ends in a complete report and files
that open, whatever its cells hold.

Registers from the same strategy as test_register_properties (valid rows with cells replaced
by arbitrary Unicode, long text, numbers, dates, formulas and blanks) go through ``brevgen
contracts`` as a user runs it: the run ends; every non-empty row is in the report exactly
once; the files are exactly those the report names, all inside the output folder; every
DOCX opens with python-docx and converts with LibreOffice; every PDF opens with pikepdf and
passes the accessibility check. Each example renders contracts, so the short profile runs a
few; ``BREVGEN_HYPOTHESIS=lang`` many more.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import openpyxl
import pikepdf
from docx import Document
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_register_properties import FIELDS, PROJECT, Formula, blank, rows, write

from brevgen.commands.contracts import contracts
from brevgen.plans.contracts import REPORT, prepare
from brevgen.render.pdf.check import check_pdf
from register_rows import good_row

LONG = os.environ.get("BREVGEN_HYPOTHESIS") == "lang"
TEXT_FIELDS = ["workplace", "unit", "address", "city", "manager", "representative",
               "target_group", "expected_outcome"]  # fmt: skip
letters = st.characters(exclude_categories=("Cs", "Co", "Cn"))


@st.composite
def issued_rows(draw):
    """A row likely to be issued: valid, with text cells holding any printable text."""
    number = draw(st.integers(1, 999))
    changed = draw(st.lists(st.sampled_from(TEXT_FIELDS), min_size=1, max_size=3, unique=True))
    texts = {name: draw(st.text(letters, min_size=1, max_size=120)) for name in changed}
    return good_row(case_no=f"2016-R-{number:03d}", **texts)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def converts_with_libreoffice(files: list, folder) -> None:
    profile = (folder / "lo-profil").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    made = folder / "lo"
    subprocess.run(
        [*command, "--outdir", str(made), *map(str, files)],
        capture_output=True,
        check=True,
        timeout=600,
    )
    for file in files:
        converted = made / f"{file.stem}.pdf"
        assert converted.is_file() and converted.stat().st_size > 1000, file.name


def check_run(folder, register: list[dict | None]) -> None:
    workbook = folder / "register.xlsx"
    write(workbook, register)
    prepared = prepare(PROJECT, "ok15-regioner", workbook)
    out = folder / "ud"
    run = contracts(prepared, out, workers=1)

    filled = [
        n for n, row in enumerate(register, start=2) if row and not all(map(blank, row.values()))
    ]
    report = openpyxl.load_workbook(out / REPORT)["Rapport"]
    lines = list(report.iter_rows(min_row=2, values_only=True))
    assert [line[1] for line in lines] == filled  # every row once, in sheet order
    named = {n for line in lines if line[8] for n in line[8].split("\n")}
    issued = {f"{i.slug}.{x}" for i in run.outcome.issued for x in ("docx", "pdf")}
    assert named == issued
    made = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert made == issued | {REPORT, "manifest.json"}  # nothing else, nothing elsewhere
    assert sorted(p.name for p in folder.iterdir()) == ["register.xlsx", "ud"]
    for name in sorted(issued):
        path = out / name
        if path.suffix == ".pdf":
            pikepdf.open(path).close()
            title = next(line[0] for line in lines if line[8] and name in line[8])
            assert check_pdf(path) == [], (name, title)
        else:
            Document(str(path))
    docx = sorted(out.glob("*.docx"))
    if SOFFICE and docx:
        converts_with_libreoffice(docx, folder)


@settings(max_examples=200 if LONG else 4)
@given(register=st.lists(st.one_of(st.none(), rows(), issued_rows()), min_size=1, max_size=4))
@example(
    register=[
        good_row(workplace="Kaffe & <b>Kage</b> {{ 7*7 }} \u202e😀 מנהל", manager="=1+1"),
        good_row(case_no="2016-R-002", target_group="\x0b\x00 linje\x0cto " + "ø" * 1400),
        {**{name: None for name in FIELDS}, "amount": Formula("=1/0")},
        None,
    ]
)
def test_any_register_runs_to_a_complete_report(tmp_path_factory, register):
    check_run(tmp_path_factory.mktemp("kørsel"), register)
