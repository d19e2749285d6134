"""Sample registers: deterministic, realistic, and showing every rejection and warning."""

from __future__ import annotations

import datetime as dt
import os
import time

import openpyxl
import pytest

import sample_register as sample
from brevgen.contracts import process
from brevgen.contracts.report import write_report
from register_rows import ok15_terms
from sample_register import make_register

TERMS = ok15_terms()


def _reasons(outcome) -> str:
    return "\n".join(p.message for r in outcome.rejected for p in r.reasons)


def _warnings(outcome) -> str:
    return "\n".join(p.message for r in outcome.issued for p in r.warnings)


def test_same_seed_same_bytes(tmp_path):
    first = make_register(tmp_path / "a.xlsx", TERMS, seed=7).read_bytes()
    again = make_register(tmp_path / "b.xlsx", TERMS, seed=7).read_bytes()
    other = make_register(tmp_path / "c.xlsx", TERMS, seed=8).read_bytes()
    assert first == again != other


def test_thirty_rows_show_every_kind_of_rejection_and_warning(tmp_path):
    outcome = process(make_register(tmp_path / "r.xlsx", TERMS), TERMS)
    assert outcome.counts.rows == 30
    reasons = _reasons(outcome)
    for expected in (
        "(Enighed er Nej)",
        "rekvireres til “Opfølgning på AT-påbud”",
        "rekvireres til “Krisehjælp/personlig støtte”",
        "Udbyderen “NIRAS-Joblife” er ikke med i denne runde",
        "Ramme opbrugt: der er",
        "ligger uden for tilbudsperioden",
    ):
        assert expected in reasons, expected
    warnings = _warnings(outcome)
    assert "Dialogen blev startet" in warnings
    assert "Kontrakten blev indgået" in warnings
    assert outcome.counts.issued >= 18  # mostly ordinary, valid requests
    assert all(i.request.activities for i in outcome.issued)
    assert outcome.notes == ()


def test_the_rows_look_like_regional_requests(tmp_path):
    outcome = process(make_register(tmp_path / "r.xlsx", TERMS, seed=3), TERMS)
    request = outcome.issued[0].request
    assert request.manager_email.endswith(
        ("regionh.dk", "regionsjaelland.dk", "rsyd.dk", "rm.dk", "rn.dk")
    )
    assert request.postcode.isdigit() and len(request.postcode) == 4
    dates = [r.request.request_date for r in outcome.issued]
    assert dates == sorted(dates)  # rows come in as the requests came in
    assert {i.region.navn for i in outcome.issued} <= {r.navn for r in TERMS.regioner}


def test_nasty_sample_survives_reading_and_reporting(tmp_path):
    path = make_register(tmp_path / "r.xlsx", TERMS, nasty=True)
    outcome = process(path, TERMS)
    assert outcome.counts.rows == 30 and outcome.counts.empty == 1
    first = outcome.rows()[0]
    assert first.case_no == "../../etc/passwd"
    assert first.request.workplace == '=HYPERLINK("http://example.invalid")'
    units = {r.request.unit for r in outcome.rows() if r.request}
    assert {"{{ 7*7 }}", "=SUM(A1)", "Linje 1 Linje 2 Linje 4", "@navn"} <= units  # one line
    outcomes = [r.request.expected_outcome for r in outcome.rows() if r.request]
    assert any(o.endswith(" – Linje 1\nLinje 2\n\nLinje 4") for o in outcomes)  # kept
    # Text dates and amounts, lower-case regions without "Region": all read.
    assert "er ikke et beløb" not in _reasons(outcome)
    assert "er ikke en dato" not in _reasons(outcome)
    slugs = [i.slug for i in outcome.issued]
    assert len(set(slugs)) == len(slugs)
    assert all("/" not in s and not s.startswith(".") for s in slugs)
    write_report(tmp_path / "rapport.xlsx", outcome, stamp=dt.date(2016, 3, 14))
    wb = openpyxl.load_workbook(tmp_path / "rapport.xlsx")
    assert all(c.data_type != "f" for s in wb for row in s.iter_rows() for c in row)


def test_a_later_row_changes_no_earlier_decision(tmp_path):
    path = make_register(tmp_path / "r.xlsx", TERMS, rows=60, seed=11)
    before = process(path, TERMS)
    wb = openpyxl.load_workbook(path)
    sheet = wb["Henvendelser"]
    last = [c.value for c in sheet[sheet.max_row]]
    last[0] = "2018-R-999"
    last[19] = dt.datetime(2018, 3, 30)  # Henvendelsesdato, after every other row
    last[20:24] = [None, None, None, None]
    last[24] = 850000
    sheet.append(last)
    wb.save(path)
    after = process(path, TERMS)
    assert after.rows()[:-1] == before.rows()


def test_a_thousand_rows_quickly(tmp_path):
    start = time.perf_counter()
    path = make_register(tmp_path / "r.xlsx", TERMS, rows=1000, seed=5)
    outcome = process(path, TERMS)
    assert outcome.counts.rows == 1000
    assert outcome.counts.issued + outcome.counts.rejected == 1000
    assert time.perf_counter() - start < 30


@pytest.mark.skipif(not os.environ.get("BREVGEN_SLOW"), reason="sæt BREVGEN_SLOW=1")
def test_ten_thousand_rows(tmp_path):
    path = make_register(tmp_path / "r.xlsx", TERMS, rows=10_000, seed=5)
    outcome = process(path, TERMS)
    assert outcome.counts.rows == 10_000
    write_report(tmp_path / "rapport.xlsx", outcome, stamp=dt.date(2016, 3, 14))


def test_the_rows_are_plausible_for_the_regions_in_2016_to_2018(tmp_path):
    """No radiology in psychiatry, no Teams before Teams, no meetings on holidays."""
    path = make_register(tmp_path / "r.xlsx", TERMS, rows=300, seed=2)
    book = openpyxl.load_workbook(path, read_only=True)
    kinds = {place[0]: place[4] for places in sample.WORKPLACES.values() for place in places}
    units = {kind: {unit for unit, _ in choices} for kind, choices in sample.UNITS.items()}
    requests = list(book["Henvendelser"].iter_rows(min_row=2, values_only=True))
    for row in requests:
        workplace, unit, theme = row[1], row[2], row[15]
        assert unit is None or unit in units[kinds[workplace]], (workplace, unit)
        assert not (theme == "Vold og trusler" and unit in sample.NO_PATIENTS), row[0]
        for day in row[19:24]:
            assert day is None or working(day.date()), (row[0], day)
    assert "Radiologisk afdeling" not in {r[2] for r in requests if kinds[r[1]] == "psykiatri"}
    activities = list(book["Aktiviteter"].iter_rows(min_row=2, values_only=True))
    for case_no, _, day, hours, place in activities:
        assert working(day.date()) and day.month != 7, (case_no, day)
        assert 1 <= hours <= 6
        assert "Teams" not in place and (place == "Skype-møde" or place.startswith("Mødelokale"))
    assert {r[0] for r in requests} == {a[0] for a in activities}


def working(day: dt.date) -> bool:
    # Independent of the generator's own calendar: Easter 2016-2018 and fixed holidays.
    easter = {2016: dt.date(2016, 3, 27), 2017: dt.date(2017, 4, 16), 2018: dt.date(2018, 4, 1)}
    moving = {easter[day.year] + dt.timedelta(days=d) for d in (-3, -2, 1, 26, 39, 50)}
    fixed = {dt.date(day.year, 1, 1), *(dt.date(day.year, 12, d) for d in (24, 25, 26, 31))}
    return day.weekday() < 5 and day not in moving | fixed
