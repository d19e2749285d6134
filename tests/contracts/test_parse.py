"""Danish cell values: every accepted form, and the exact reason for a bad one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from brevgen.contracts.parse import (
    ParseError,
    parse_amount,
    parse_date,
    parse_email,
    parse_hours,
    parse_name,
    parse_text,
    parse_yes_no,
)

JAN7 = dt.date(2019, 1, 7)
HINT = "Skriv fx 7. januar 2019, 07-01-2019 eller 2019-01-07."


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2019, 1, 7, 0, 0),
        dt.datetime(2019, 1, 7, 13, 45),
        JAN7,
        "7. januar 2019",
        "7. Januar 2019",
        "  7.  januar   2019 ",
        "7.januar 2019",
        "7 januar 2019",
        "7. jan. 2019",
        "7. jan 2019",
        "07-01-2019",
        "7-1-2019",
        "7/1/2019",
        "07/01/2019",
        "2019-01-07",
        "07.01.2019",
        "mandag 7. januar 2019",
        "mandag, 7. januar 2019",
        "den 7. januar 2019",
    ],
)
def test_date_forms(value):
    assert parse_date(value) == JAN7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. maj 2016", dt.date(2016, 5, 1)),
        ("1. marts 2017", dt.date(2017, 3, 1)),
        ("1. mar. 2017", dt.date(2017, 3, 1)),
        ("15. sept. 2016", dt.date(2016, 9, 15)),
        ("29. februar 2016", dt.date(2016, 2, 29)),
        ("31. december 2017", dt.date(2017, 12, 31)),
    ],
)
def test_month_names_and_abbreviations(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("i går", "“i går” er ikke en dato. " + HINT),
        ("7. jammer 2019", "“7. jammer 2019” er ikke en dato: “jammer” er ikke en måned."),
        (
            "31. februar 2019",
            "“31. februar 2019” er ikke en gyldig dato: februar 2019 har 28 dage.",
        ),
        ("29-02-2017", "“29-02-2017” er ikke en gyldig dato: februar 2017 har 28 dage."),
        ("07-13-2019", "“07-13-2019” er ikke en gyldig dato: måned 13 findes ikke."),
        ("07-01-19", "“07-01-19”: skriv årstallet med fire cifre, fx 07-01-2019."),
        ("07-01/2019", "“07-01/2019” er ikke en dato. " + HINT),
        (
            43472,
            "Cellen indeholder tallet 43.472 og ikke en dato. Formatér cellen som dato, "
            "eller skriv fx 7. januar 2019.",
        ),
        (True, "Cellen indeholder en sandhedsværdi (SAND/FALSK) og ikke en dato."),
        (
            dt.time(12, 0),
            "Cellen indeholder et klokkeslæt og ikke en dato. "
            "Skriv fx 7. januar 2019, 07-01-2019 eller 2019-01-07.",
        ),
    ],
)
def test_bad_dates_say_why(value, reason):
    with pytest.raises(ParseError) as caught:
        parse_date(value)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (45000, Decimal("45000")),
        (45000.0, Decimal("45000")),
        (45000.5, Decimal("45000.5")),
        (Decimal("45000.50"), Decimal("45000.50")),
        (0.1 + 0.2, Decimal("0.30")),  # formula noise is rounded to øre
        ("45.000,00 kr.", Decimal("45000")),
        ("45000", Decimal("45000")),
        ("kr. 45.000", Decimal("45000")),
        ("45.000,-", Decimal("45000")),
        ("45.000 kr", Decimal("45000")),
        ("DKK 45.000,50", Decimal("45000.50")),
        ("45 000 kr.", Decimal("45000")),
        ("45\u00a0000,00\u00a0kr.", Decimal("45000")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("45,5", Decimal("45.5")),
        ("-5.000", Decimal("-5000")),  # parsed; the amount rule rejects it
    ],
)
def test_amount_forms(value, expected):
    assert parse_amount(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("gratis", "“gratis” er ikke et beløb. Skriv fx 45.000,00 kr. eller 45000."),
        ("kr.", "“kr.” er ikke et beløb. Skriv fx 45.000,00 kr. eller 45000."),
        (
            "45.00",
            "“45.00” er ikke skrevet som et dansk beløb (punktum mellem tusinder, komma før "
            "øre). Mente du 4.500 eller 45?",
        ),
        (
            "45,000.00",
            "“45,000.00” er ikke skrevet som et dansk beløb (punktum mellem tusinder, komma "
            "før øre). Mente du 45 eller 45.000?",
        ),
        (
            "45000,001",
            "“45000,001” har flere end to decimaler. Skriv beløbet i kroner og øre, fx 45.000,50.",
        ),
        (
            1 / 3,
            "“0,3333333333333333” har flere end to decimaler. Skriv beløbet i kroner og øre, "
            "fx 45.000,50.",
        ),
        (
            "1.000.000.000.000",
            "“1.000.000.000.000” er alt for stort til at være et beløb i kroner.",
        ),
        ("NaN", "“NaN” er ikke et beløb. Skriv fx 45.000,00 kr. eller 45000."),
        (True, "Cellen indeholder en sandhedsværdi (SAND/FALSK) og ikke et beløb."),
        (
            dt.datetime(2019, 1, 7),
            "Cellen indeholder datoen 7.\u00a0januar 2019 og ikke et beløb.",
        ),
    ],
)
def test_bad_amounts_say_why(value, reason):
    with pytest.raises(ParseError) as caught:
        parse_amount(value)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Ja", True), ("ja", True), (" JA ", True), ("J", True), ("Nej", False), ("n", False),
     (True, True), (False, False)],
)  # fmt: skip
def test_yes_no(value, expected):
    assert parse_yes_no(value) is expected


@pytest.mark.parametrize("value", ["yes", "no", "måske", "x", 1])
def test_yes_no_is_danish_only(value):
    with pytest.raises(ParseError) as caught:
        parse_yes_no(value)
    assert caught.value.reason == f"“{value}” er hverken Ja eller Nej."


@pytest.mark.parametrize(
    ("value", "expected"),
    [("anne.holm@regionh.dk", "anne.holm@regionh.dk"), (" mailto:bo@rsyd.dk ", "bo@rsyd.dk"),
     ("søren.ørsted@rm.dk", "søren.ørsted@rm.dk")],
)  # fmt: skip
def test_email(value, expected):
    assert parse_email(value) == expected


@pytest.mark.parametrize("value", ["anne", "anne@regionh", "anne holm@regionh.dk", "a@@b.dk",
                                   "a@b..dk", "a@.dk", "Anne <anne@regionh.dk>"])  # fmt: skip
def test_bad_email(value):
    with pytest.raises(ParseError) as caught:
        parse_email(value)
    assert caught.value.reason == f"“{value}” er ikke en gyldig e-mailadresse."


def test_hours():
    assert parse_hours(3) == 3
    assert parse_hours("1,5") == Decimal("1.5")
    assert parse_hours("3 timer") == 3
    with pytest.raises(ParseError) as caught:
        parse_hours("hele dagen")
    assert caught.value.reason == "“hele dagen” er ikke et antal timer. Skriv fx 3 eller 1,5."


def test_text_keeps_line_breaks_and_names_are_squashed():
    assert parse_text("  Linje 1\r\nLinje 2  ") == "Linje 1\nLinje 2"
    assert parse_text("   ") is None
    assert parse_text(2100) == "2100"
    assert parse_text(2100.0) == "2100"
    assert parse_name("  Anne \n  Holm ") == "Anne Holm"


def test_long_values_are_shortened_in_messages():
    with pytest.raises(ParseError) as caught:
        parse_date("Vi kontaktede dem en gang i foråret, vist nok i starten af maj")
    assert caught.value.reason.startswith("“Vi kontaktede dem en gang i foråret, vis…” er ikke")
