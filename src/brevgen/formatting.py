"""Danish formatting of dates, amounts, numbers and phone numbers.

Every template and every message formats values through these functions (registered once
as Jinja filters in :mod:`brevgen.templating`), so no module builds such strings by hand.
Spaces that must not break a line (``7.\u00a0januar``, ``900.000\u00a0kr.``,
``35\u00a029\u00a082\u00a030``) are non-breaking.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

LOCALE = "da_DK"
NBSP = "\u00a0"


def dato(value: dt.date, form: str = "lang") -> str:
    """``7. januar 2019`` (lang), ``07.01.2019`` (kort) or ``mandag 7. januar 2019`` (ugedag)."""
    patterns = {"lang": "d. MMMM y", "kort": "dd.MM.y", "ugedag": "EEEE d. MMMM y"}
    text = format_date(value, patterns[form], locale=LOCALE)
    # The day number and the month belong together on one line.
    return text.replace(". ", "." + NBSP, 1) if form != "kort" else text


def tidspunkt(value: dt.datetime) -> str:
    """``3. december 2026 kl. 11.04`` (a moment, as a send log tells it)."""
    return f"{dato(value.date())} kl. {format_time(value, 'HH.mm', locale=LOCALE)}"


def beloeb(value: Decimal | int | float, decimals: bool = False) -> str:
    """``900.000 kr.`` or, with decimals, ``45.000,50 kr.``."""
    pattern = f"#,##0.00{NBSP}¤" if decimals else f"#,##0{NBSP}¤"
    return format_currency(value, "DKK", format=pattern, currency_digits=False, locale=LOCALE)


def tal(value: Decimal | int | float) -> str:
    """A number with Danish grouping and decimal comma: ``1.234,5``."""
    return format_decimal(value, locale=LOCALE)


def telefon(value: str) -> str:
    """A Danish phone number grouped in pairs (``35 29 82 30``); foreign ones as written."""
    import phonenumbers  # here: its metadata takes a tenth of a second to load

    try:
        number = phonenumbers.parse(value, "DK")
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 45
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt).replace(" ", NBSP)


FILTERS = {"dato": dato, "beloeb": beloeb, "tal": tal, "telefon": telefon}


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut at a word and ended with ``…``.

    For metadata with a hard limit (DOCX core properties: python-docx refuses more than 255
    characters), never for the document's own text.
    """
    if len(text) <= limit:
        return text  # unchanged, so metadata that fits keeps its bytes
    if limit < 2:
        return "…"[:limit]
    text = " ".join(text.split())  # line breaks have no place in a one-line property
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    cut = head[:space] if space > limit // 2 else head[: limit - 1]
    return cut.rstrip(" ,;:.–-") + "…"
