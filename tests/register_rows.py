"""Register test helpers: the OK15 regional round's terms, valid rows and a small workbook builder.

A module of its own, not a conftest: several conftest modules share that name, so
``from conftest import`` picks whichever pytest loaded last."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl

from brevgen.contracts.columns import REQUEST_COLUMNS
from brevgen.contracts.terms import Named, Period, Provider, RoundTerms

D = dt.date


def ok15_terms(ramme: Decimal | None = Decimal(900000)) -> RoundTerms:
    """Terms as the OK15 round's content states them (tests only; runs build them from
    content)."""
    return RoundTerms(
        tilbudsperiode=Period(D(2016, 4, 1), D(2018, 3, 31)),
        udbydere=(
            Provider("nfa", "NFA", "Det Nationale Forskningscenter for Arbejdsmiljø, NFA"),
            Provider("alectia", "Alectia", "Alectia A/S"),
            Provider("cbs", "CBS", "CBS, Institut for ledelse, politik og filosofi"),
            Provider(
                "ruc", "RUC", "RUC, Center for arbejdslivsforskning og Center for sundhedsfremme"
            ),
        ),
        temaer=(
            Named("organisatoriske-forandringer", "Organisatoriske forandringer"),
            Named("faglige-forandringer", "Faglige forandringer"),
            Named("vold-og-trusler", "Vold og trusler"),
        ),
        regioner=(
            Named("region-hovedstaden", "Region Hovedstaden"),
            Named("region-sjaelland", "Region Sjælland"),
            Named("region-syddanmark", "Region Syddanmark"),
            Named("region-midtjylland", "Region Midtjylland"),
            Named("region-nordjylland", "Region Nordjylland"),
        ),
        ramme=ramme,
        rammeaar=(
            (Period(D(2016, 4, 1), D(2017, 3, 31)), Period(D(2017, 4, 1), D(2018, 3, 31)))
            if ramme is not None
            else ()
        ),
    )


HEADINGS = [c.heading for c in REQUEST_COLUMNS]


def good_row(**changes) -> dict:
    """A valid request by heading; keyword names are field names (case_no, amount …)."""
    values = {
        "case_no": "2016-R-001",
        "workplace": "Rigshospitalet",
        "unit": "Akutmodtagelsen",
        "address": "Blegdamsvej 9",
        "postcode": "2100",
        "city": "København Ø",
        "region": "Region Hovedstaden",
        "requester": "Afdelings-MED",
        "manager": "Anne Holm",
        "manager_email": "anne.holm@regionh.dk",
        "representative": "Bo Jensen",
        "representative_role": "AMR",
        "representative_email": "bo.jensen@regionh.dk",
        "agreement": "Ja",
        "provider": "NFA",
        "theme": "Vold og trusler",
        "target_group": "Ledere og medarbejdere i Akutmodtagelsen",
        "expected_outcome": "Færre episoder med vold og bedre håndtering af dem",
        "occasion": "Flere voldsepisoder i 2016",
        "request_date": dt.datetime(2016, 5, 2),
        "dialogue_started": dt.datetime(2016, 5, 4),
        "contract_signed": None,
        "delivery_from": dt.datetime(2016, 6, 1),
        "delivery_to": dt.datetime(2016, 9, 30),
        "amount": 45000,
    }
    values.update(changes)
    return values


def write_workbook(
    path: Path,
    rows: list[dict | None],
    headings: list[str] | None = None,
    activities: list[list] | None = None,
    title: str = "Henvendelser",
) -> Path:
    """A register with the given rows (None = an empty row); headings default to the spec's."""
    fields = [c.field for c in REQUEST_COLUMNS]
    headings = headings or HEADINGS
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headings)
    for row in rows:
        if row is None:
            ws.append([])
            continue
        ws.append([row.get(f) for f in fields][: len(headings)])
    if activities is not None:
        sheet = wb.create_sheet("Aktiviteter")
        sheet.append(["Sagsnr", "Aktivitet", "Dato", "Varighed (timer)", "Sted"])
        for activity in activities:
            sheet.append(activity)
    wb.save(path)
    return path


def make_request(row: int = 2, **changes):
    """A typed, valid request as the reader would give it, with spec-order cell letters."""
    from openpyxl.utils import get_column_letter

    from brevgen.contracts.model import CellRefs, Request

    letters = {c.field: get_column_letter(i + 1) for i, c in enumerate(REQUEST_COLUMNS)}
    values = {
        "case_no": f"2016-R-{row:03d}",
        "workplace": "Rigshospitalet",
        "region": "Region Hovedstaden",
        "requester": "Afdelings-MED",
        "manager": "Anne Holm",
        "representative": "Bo Jensen",
        "agreement": True,
        "provider": "NFA",
        "theme": "Vold og trusler",
        "target_group": "Alle i afsnittet",
        "expected_outcome": "Færre voldsepisoder",
        "request_date": D(2016, 5, 2),
        "amount": Decimal(45000),
    }
    values.update(changes)
    return Request(row=row, refs=CellRefs("Henvendelser", row, letters), **values)
