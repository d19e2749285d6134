"""Reading Danish cell values: dates, amounts, Ja/Nej, e-mail addresses and text.

Each parser takes what openpyxl gives for a cell (str, int, float, datetime, bool, None)
and returns a typed value or raises :class:`ParseError` with a Danish reason that can be
shown next to the cell reference.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from babel.dates import get_day_names, get_month_names
from babel.numbers import NumberFormatError, parse_decimal

from brevgen.formatting import LOCALE, dato, tal

from .text import squash


class ParseError(ValueError):
    """A cell value that cannot be read; ``reason`` is the Danish explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale="da").items():
                table[name.lower()] = number
                table[name.lower().rstrip(".")] = number
    return table


MONTHS = _month_table()
WEEKDAYS = {name.lower() for name in get_day_names("wide", locale="da").values()}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})([-./])(\d{1,2})\2(\d+)")
_WORDS = re.compile(r"(\d{1,2})\.? ?([^\W\d_]+\.?) (\d+)")

DATE_HINT = "Skriv fx 7. januar 2019, 07-01-2019 eller 2019-01-07."


def _show(value: object) -> str:
    """A cell value quoted for a message, shortened so a pasted essay stays readable."""
    text = squash(str(value).replace(".", ",") if isinstance(value, float) else str(value))
    return f"“{text[:40]}…”" if len(text) > 41 else f"“{text}”"


def _number(value) -> str:
    """A number in Danish form; one Babel cannot format (1e25 as a float) as Python writes it."""
    try:
        return tal(value)
    except ArithmeticError:
        return str(value).replace(".", ",")


def parse_date(value: object) -> dt.date:
    """A real date cell, or Danish text in one of the usual forms."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, dt.time):
        raise ParseError("Cellen indeholder et klokkeslæt og ikke en dato. " + DATE_HINT)
    if isinstance(value, bool):
        raise ParseError("Cellen indeholder en sandhedsværdi (SAND/FALSK) og ikke en dato.")
    if not isinstance(value, str):
        raise ParseError(
            f"Cellen indeholder tallet {_number(value)} og ikke en dato. "
            "Formatér cellen som dato, eller skriv fx 7. januar 2019."
        )
    text = squash(value).lower()
    if text.startswith("den "):
        text = text[4:]
    first, _, rest = text.partition(" ")
    if first.rstrip(",") in WEEKDAYS:
        text = rest
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _NUMERIC.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), match[4]
        year = _four_digit_year(value, year)
    elif match := _WORDS.fullmatch(text):
        day, name, year = int(match[1]), match[2], match[3]
        month = _month(value, name)
        year = _four_digit_year(value, year)
    else:
        raise ParseError(f"{_show(value)} er ikke en dato. " + DATE_HINT)
    return _checked_date(value, year, month, day)


def _month(value: object, name: str) -> int:
    """A Danish month name, its CLDR abbreviation or an unambiguous prefix (``sept.``)."""
    bare = name.rstrip(".")
    if bare in MONTHS:
        return MONTHS[bare]
    wide = get_month_names("wide", locale="da")
    matches = [n for n, full in wide.items() if len(bare) >= 3 and full.startswith(bare)]
    if len(matches) == 1:
        return matches[0]
    raise ParseError(f"{_show(value)} er ikke en dato: “{name}” er ikke en måned.")


def _four_digit_year(value: object, digits: str) -> int:
    if len(digits) != 4:
        raise ParseError(f"{_show(value)}: skriv årstallet med fire cifre, fx 07-01-2019.")
    return int(digits)


def _checked_date(value: object, year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise ParseError(f"{_show(value)} er ikke en gyldig dato: måned {month} findes ikke.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = get_month_names("wide", locale="da")[month]
        raise ParseError(f"{_show(value)} er ikke en gyldig dato: {name} {year} har {last} dage.")
    return dt.date(year, month, day)


CENT = Decimal("0.01")
AMOUNT_HINT = "Skriv fx 45.000,00 kr. eller 45000."
_CURRENCY = re.compile(r"^(kr\.?|dkk)\s*|\s*(kr\.?|dkk)$", re.IGNORECASE)
_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")


def parse_amount(value: object) -> Decimal:
    """An amount in kroner from a number cell or Danish text (``45.000,00 kr.``)."""
    if isinstance(value, bool):
        raise ParseError("Cellen indeholder en sandhedsværdi (SAND/FALSK) og ikke et beløb.")
    if isinstance(value, dt.date):
        raise ParseError(f"Cellen indeholder datoen {dato(parse_date(value))} og ikke et beløb.")
    if isinstance(value, int | float | Decimal):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            amount = Decimal("NaN")
        if isinstance(value, float) and amount.is_finite() and amount.adjusted() < 12:
            # Formula results carry binary noise (0.1 * 3); within a micro-krone it is øre.
            cents = amount.quantize(CENT)
            amount = cents if abs(amount - cents) < Decimal("0.000001") else amount
    elif isinstance(value, str):
        amount = _amount_from_text(value)
    else:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise ParseError(f"{_show(value)} er ikke et beløb. " + AMOUNT_HINT)
    if amount.adjusted() >= 12:
        raise ParseError(f"{_show(value)} er alt for stort til at være et beløb i kroner.")
    if amount != amount.quantize(CENT):
        raise ParseError(
            f"{_show(value)} har flere end to decimaler. Skriv beløbet i kroner og øre, "
            "fx 45.000,50."
        )
    return amount


def _amount_from_text(value: str) -> Decimal:
    text = squash(value)
    for suffix in (",-", ".-", ",00-"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    text = _CURRENCY.sub("", text).strip()
    text = _GROUP_SPACE.sub("", text)
    if not text:
        raise ParseError(f"{_show(value)} er ikke et beløb. " + AMOUNT_HINT)
    try:
        return parse_decimal(text, locale=LOCALE, strict=True)
    except NumberFormatError as error:
        if error.suggestions:
            options = " eller ".join(error.suggestions)
            raise ParseError(
                f"{_show(value)} er ikke skrevet som et dansk beløb (punktum mellem tusinder, "
                f"komma før øre). Mente du {options}?"
            ) from None
        raise ParseError(f"{_show(value)} er ikke et beløb. " + AMOUNT_HINT) from None


_YES = {"ja", "j"}
_NO = {"nej", "n"}


def parse_yes_no(value: object) -> bool:
    """``Ja``/``Nej`` (also ``J``/``N`` and a TRUE/FALSE cell)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = squash(value).lower().rstrip(".")
        if word in _YES:
            return True
        if word in _NO:
            return False
    raise ParseError(f"{_show(value)} er hverken Ja eller Nej.")


_EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^\W\d_]{2,}")


def parse_email(value: object) -> str:
    """An e-mail address that at least looks like one (one @, a domain with a dot)."""
    text = squash(value) if isinstance(value, str) else ""
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if not _EMAIL.fullmatch(text) or ".." in text or text.split("@")[1].startswith("."):
        raise ParseError(f"{_show(value)} er ikke en gyldig e-mailadresse.")
    return text


def parse_text(value: object) -> str | None:
    """Text as written (surrounding space removed, line breaks kept); None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, dt.datetime | dt.date):
        return parse_date(value).isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float | Decimal):
        return str(value) if isinstance(value, int) else _number(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def parse_name(value: object) -> str | None:
    """A one-line value (names, Sagsnr): text with all whitespace squashed."""
    text = parse_text(value)
    return squash(text) if text else None


_HOURS_UNIT = re.compile(r"\s*(timer|time|t)\.?$", re.IGNORECASE)


def parse_hours(value: object) -> Decimal:
    """A duration in hours: a number, or text like ``1,5`` or ``3 timer``."""
    text = _HOURS_UNIT.sub("", squash(value)) if isinstance(value, str) else None
    try:
        hours = parse_amount(text if text is not None else value)
    except ParseError:
        raise ParseError(f"{_show(value)} er ikke et antal timer. Skriv fx 3 eller 1,5.") from None
    if hours < 0:
        raise ParseError(f"{_show(value)} er ikke et antal timer. Skriv fx 3 eller 1,5.")
    return hours
