"""Contracts as files: merged values in DOCX and PDF, cell values as data, stable bytes."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from brevgen.commands.contracts import contracts
from brevgen.content.project import load_project
from brevgen.errors import ContentError
from brevgen.plans.contracts import prepare
from brevgen.render.html import HtmlBuilder
from helpers import REPO, docx_text, make_project, pdf_text, words
from register_rows import good_row, write_workbook

ROUND = """\
navn: OK15 – de regionale arbejdspladser
overenskomst: OK15
tilbudsperiode: {fra: 2016-04-01, til: 2018-03-31}
temaer: [organisatoriske-forandringer, faglige-forandringer, vold-og-trusler]
udbydere: [nfa, ruc]
ramme:
  beloeb: 900000
  aar:
    - {fra: 2016-04-01, til: 2017-03-31}
    - {fra: 2017-04-01, til: 2018-03-31}
"""
CONTRACT = (REPO / "content" / "ok15-regioner" / "kontrakt.yaml").read_text(encoding="utf-8")
NASTY = {
    "workplace": "Kaffe & Kage <b>ApS</b> \"Gården\" 'syd' {{ 7*7 }} {% if x %}ja{% endif %} 😀",
    "target_group": "Første linje\nAnden linje med *stjerner* og [link](x)",
    "expected_outcome": "Mindre {{ 7*7 }} & <script>alert(1)</script> 😀",
    "manager": "Åse Ø'Brien & Co",
}
ACTIVITIES = [
    ["2016-R-001", "Formøde", dt.datetime(2016, 6, 1), 2, "Mødelokale 1"],
    ["2016-R-001", "Workshop", dt.datetime(2016, 6, 15), 3.5, "Auditoriet"],
]


def rows() -> list:
    return [
        good_row(),
        good_row(case_no="2016-R-002", **NASTY),
        good_row(case_no="2016-R-003", agreement="Nej"),
        None,
        good_row(case_no="../../etc/passwd", dialogue_started=dt.datetime(2016, 5, 20)),
    ]


def project(root: Path) -> Path:
    return make_project(root, {"test/runde.yaml": ROUND, "test/kontrakt.yaml": CONTRACT})


def run(root: Path, workbook: Path, out: Path):
    prepared = prepare(load_project(root, "test"), "test", workbook)
    return contracts(prepared, out)


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("projekt"))
    workbook = write_workbook(root / "register.xlsx", rows(), activities=ACTIVITIES)
    result = run(root, workbook, root / "ud")
    return root, workbook, result


def flat(text: str) -> str:
    return " ".join(words(text))


def test_files_for_every_issued_row_and_the_report(done):
    root, _, result = done
    names = sorted(p.name for p in (root / "ud").iterdir())
    assert names == [
        "2016-r-001.docx",
        "2016-r-001.pdf",
        "2016-r-002.docx",
        "2016-r-002.pdf",
        "etc-passwd.docx",
        "etc-passwd.pdf",
        "manifest.json",
        "rapport.xlsx",
    ]
    assert result.outcome.counts.issued == 3 and result.outcome.counts.rejected == 1


def test_merged_values_in_docx_and_pdf(done):
    root, _, _ = done
    for text in (
        docx_text(root / "ud/2016-r-001.docx"),
        pdf_text(root / "ud/2016-r-001.pdf"),
    ):
        text = flat(text)
        assert "Rigshospitalet" in text and "Akutmodtagelsen" in text
        assert "Region Hovedstaden" in text
        assert "Lederen, Anne Holm, og medarbejderrepræsentanten, Bo Jensen (AMR)" in text
        assert "Rikki Hørsted" in text and "Lersø Parkallé 105" in text
        assert "Prisen for opgaven er 45.000 kr. inkl. moms." in text
        assert "dvs. senest den 9. maj 2016" in text and "senest den 30. maj 2016" in text
        assert "Ydelsen leveres i perioden 1. juni 2016 – 30. september 2016." in text
        assert "i perioden 30. december 2016 – 30. marts 2017" in text
    docx = flat(docx_text(root / "ud/2016-r-001.docx"))
    assert "Det Nationale Forskningscenter for Arbejdsmiljø, NFA" in docx
    assert "attesteres af regionen, hvorefter udbyder kan opkræve betaling fra Danske Regioner" in (
        docx.replace("\u00ad", "")
    )


def test_activities_table_has_a_repeating_header_row(done):
    root, _, _ = done
    doc = Document(str(root / "ud/2016-r-001.docx"))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Aktivitet")
    assert [c.text for c in table.rows[0].cells] == ["Aktivitet", "Dato", "Varighed", "Sted"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert body == [
        ["Formøde", "1.\u00a0juni\u00a02016", "2 timer", "Mødelokale 1"],
        ["Workshop", "15.\u00a0juni\u00a02016", "3,5 timer", "Auditoriet"],
    ]
    # Without activities there is no empty table.
    other = Document(str(root / "ud/2016-r-002.docx"))
    assert not any(t.rows[0].cells[0].text == "Aktivitet" for t in other.tables)


def test_activities_table_in_html_has_column_headers(done):
    root, workbook, _ = done
    prepared = prepare(load_project(root, "test"), "test", workbook)
    html = HtmlBuilder(root / "templates").source(prepared.views.view(prepared.outcome.issued[0]))
    assert '<th scope="col">Aktivitet</th>' in html
    assert '<th scope="col">Arbejdspladsen</th>' in html


def test_cell_values_stay_literal_text(done):
    root, _, _ = done
    path = root / "ud/2016-r-002.docx"
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    docx = docx_text(path)
    pdf = flat(pdf_text(root / "ud/2016-r-002.pdf"))
    for value in (NASTY["workplace"], NASTY["expected_outcome"], NASTY["manager"]):
        assert value in docx
        assert flat(value) in pdf
    assert "Anden linje med *stjerner* og [link](x)" in docx
    assert "Mindre 49" not in docx and "alert(1)" in docx
    # The line break in the cell is a line break, not a new paragraph or list.
    assert "Første linje\nAnden linje" not in docx
    assert "Første linje" in pdf and "Anden linje med *stjerner*" in pdf


def test_sagsnr_cannot_leave_the_folder(done):
    root, _, _ = done
    outside = [p for p in root.rglob("*passwd*") if p.parent != root / "ud"]
    assert outside == []
    assert "Sagsnr. ../../etc/passwd" in docx_text(root / "ud/etc-passwd.docx")


def test_rerun_gives_identical_bytes(done, tmp_path):
    root, workbook, _ = done
    again = run(root, workbook, tmp_path / "igen")
    assert len(again.written) == 7
    for path in again.written:
        assert path.read_bytes() == (root / "ud" / path.name).read_bytes(), path.name
    same = run(root, workbook, root / "ud")
    assert same.written == [] and len(same.skipped) == 6 and len(same.unchanged) == 1


def test_a_later_row_leaves_issued_contracts_alone(done, tmp_path):
    root, _, _ = done
    later = good_row(
        case_no="2017-R-100",
        request_date=dt.datetime(2017, 6, 1),
        dialogue_started=None,
        delivery_from=None,
        delivery_to=None,
    )
    workbook = write_workbook(tmp_path / "flere.xlsx", [*rows(), later], activities=ACTIVITIES)
    result = run(root, workbook, tmp_path / "ud")
    for name in ("2016-r-001.docx", "2016-r-001.pdf", "etc-passwd.pdf", "2016-r-002.docx"):
        assert (tmp_path / "ud" / name).read_bytes() == (root / "ud" / name).read_bytes(), name
    assert (tmp_path / "ud/2017-r-100.pdf").exists()
    assert result.outcome.counts.issued == 4


def test_unknown_merge_field_fails_before_anything_is_written(tmp_path):
    broken = CONTRACT.replace("{{ sag.leder }}", "{{ sag.chef }}")
    root = make_project(tmp_path, {"test/runde.yaml": ROUND, "test/kontrakt.yaml": broken})
    workbook = write_workbook(tmp_path / "r.xlsx", [good_row()])
    with pytest.raises(ContentError) as caught:
        prepare(load_project(root, "test"), "test", workbook)
    (problem,) = caught.value.problems
    assert problem.where.startswith("content/test/kontrakt.yaml:")
    assert problem.message.startswith("flettefeltet 'sag.chef' findes ikke; 'sag' har kun: ")
    assert not (tmp_path / "build").exists()


def test_one_contract_per_round_and_the_terms_it_needs(tmp_path):
    no_period = ROUND.replace("tilbudsperiode: {fra: 2016-04-01, til: 2018-03-31}\n", "")
    root = make_project(
        tmp_path,
        {"test/runde.yaml": no_period, "test/kontrakt.yaml": CONTRACT, "test/k2.yaml": CONTRACT},
    )
    with pytest.raises(ContentError) as caught:
        load_project(root)
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        "content/test/kontrakt.yaml:6:7: runden test har allerede en kontrakt (k2); "
        "der må kun være én kontrakt pr. runde",
        "content/test/runde.yaml:1:1: nøglen 'tilbudsperiode' mangler eller er tom; "
        "kontrakten (k2) kræver tilbudsperioden",
        # The letter's merge fields are checked in the same run, so its use of the period
        # shows up now, not after the period is added.
        "content/test/brev.yaml:7: flettefeltet 'runde.tilbudsperiode.fra' findes ikke; "
        "'runde.tilbudsperiode' er tom",
    ]
