"""process(): every row decided once, names resolved, dates computed, files named safely."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from brevgen.contracts import SlugBook, output_path, process, safe_slug
from register_rows import good_row, ok15_terms, write_workbook

D = dt.date
TERMS = ok15_terms()


def test_issued_row_carries_resolved_names_and_dates(tmp_path):
    path = write_workbook(
        tmp_path / "r.xlsx",
        [good_row(region="hovedstaden", provider="nfa", theme="vold og trusler")],
    )
    outcome = process(path, TERMS)
    (issued,) = outcome.issued
    assert issued.status == "udstedt"
    assert issued.provider.navn == "Det Nationale Forskningscenter for Arbejdsmiljø, NFA"
    assert issued.region.navn == "Region Hovedstaden"
    assert issued.theme.navn == "Vold og trusler"
    assert issued.budget_year == TERMS.rammeaar[0]
    assert (issued.deadlines.dialogue, issued.deadlines.contract) == (D(2016, 5, 9), D(2016, 5, 30))
    evaluation = issued.evaluation
    assert (evaluation.immediate, evaluation.follow_up_from, evaluation.follow_up_to) == (
        D(2016, 9, 30),
        D(2016, 12, 30),
        D(2017, 3, 30),
    )
    assert issued.slug == "2016-r-001"


def test_counts_and_every_row_once(tmp_path):
    rows = [
        good_row(),
        None,
        good_row(case_no="2016-R-002", agreement="Nej"),
        good_row(case_no="2016-R-003", dialogue_started=dt.datetime(2016, 5, 20)),
        good_row(case_no="2016-R-004", request_date="i går"),
        good_row(case_no="2016-R-005", amount=900_000),  # the frame has 855.000 kr. left
        None,
    ]
    outcome = process(write_workbook(tmp_path / "r.xlsx", rows), TERMS)
    assert [(r.row, r.status) for r in outcome.rows()] == [
        (2, "udstedt"),
        (4, "afvist"),
        (5, "udstedt"),
        (6, "afvist"),
        (7, "afvist"),
    ]
    counts = outcome.counts
    assert (counts.rows, counts.empty, counts.issued, counts.rejected, counts.warned) == (
        5, 1, 2, 3, 1,
    )  # fmt: skip
    assert outcome.empty_rows == (3,)
    assert "Ramme opbrugt" in outcome.rows()[4].reasons[0].message


def test_rejected_row_gets_all_reasons_at_once(tmp_path):
    row = good_row(agreement="Nej", provider="Falck", occasion="Opfølgning på AT-påbud")
    outcome = process(write_workbook(tmp_path / "r.xlsx", [row]), TERMS)
    (rejected,) = outcome.rejected
    assert [p.where for p in rejected.reasons] == [
        "Henvendelser!N2",
        "Henvendelser!O2",
        "Henvendelser!S2",
    ]


def test_a_rejected_row_uses_no_budget(tmp_path):
    rows = [
        good_row(case_no="A", amount=800_000, agreement="Nej"),
        good_row(case_no="B", amount=800_000),
    ]
    outcome = process(write_workbook(tmp_path / "r.xlsx", rows), TERMS)
    assert [r.status for r in outcome.rows()] == ["afvist", "udstedt"]


def test_without_a_frame(tmp_path):
    outcome = process(
        write_workbook(tmp_path / "r.xlsx", [good_row(amount=2_000_000)]), ok15_terms(None)
    )
    assert outcome.counts.issued == 1 and outcome.frames == ()
    assert outcome.issued[0].budget_year is None


@pytest.mark.parametrize(
    ("case_no", "slug"),
    [
        ("2016-R-014", "2016-r-014"),
        ("../../etc/passwd", "etc-passwd"),
        ("..", "sag"),
        ("...", "sag"),
        ("/", "sag"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("Ærø/Åbenrå Øst", "aeroe-aabenraa-oest"),
        ("CON", "sag-con"),
        ("nul", "sag-nul"),
        ("😀", "sag"),
        ("2016 R 14 ", "2016-r-14"),
        ("x" * 200, "x" * 60),
        ("{{ 7*7 }}", "7-7"),
    ],
)
def test_safe_slug(case_no, slug):
    assert safe_slug(case_no) == slug


def test_slugs_are_unique_in_row_order():
    book = SlugBook()
    assert [book.allocate(c) for c in ["2016/R/1", "2016-R-1", "2016 r 1", "..", "/"]] == [
        "2016-r-1",
        "2016-r-1-2",
        "2016-r-1-3",
        "sag",
        "sag-2",
    ]
    long = SlugBook()
    first, second = long.allocate("y" * 80), long.allocate("y" * 90)
    assert len(second) <= 60 and second.endswith("-2") and first != second


def test_output_path_stays_in_the_folder(tmp_path):
    assert output_path(tmp_path, "2016-r-1", ".docx") == tmp_path / "2016-r-1.docx"
    for bad in ("../x", "a/b", "..", ""):
        with pytest.raises(ValueError):
            output_path(tmp_path, bad, ".docx")
    assert output_path(Path("ud"), "sag", ".pdf") == Path("ud/sag.pdf")


def test_a_later_row_changes_nothing_in_the_outcome(tmp_path):
    undated = {"dialogue_started": None, "delivery_from": None, "delivery_to": None}
    rows = [
        good_row(
            case_no=f"2016-R-{n:03d}",
            amount=200_000,
            request_date=dt.datetime(2016, 5, n),
            **undated,
        )
        for n in range(1, 7)
    ]
    rows[2]["agreement"] = "Nej"
    before = process(write_workbook(tmp_path / "a.xlsx", rows), TERMS)
    # 5 valid rows of 200.000 kr.: the fifth finds only 100.000 kr. left.
    assert [r.status for r in before.rows()] == ["udstedt"] * 2 + ["afvist"] + ["udstedt"] * 2 + [
        "afvist"
    ]
    later = good_row(
        case_no="2016/R/001", amount=50_000, request_date=dt.datetime(2016, 6, 1), **undated
    )
    after = process(write_workbook(tmp_path / "b.xlsx", [*rows, later]), TERMS)
    assert after.rows()[: len(before.rows())] == before.rows()
    assert after.rows()[-1].status == "udstedt"
    assert after.issued[-1].slug == "2016-r-001-2"
