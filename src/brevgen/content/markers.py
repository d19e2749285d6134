"""Markers: values staff must fill in (``fra: "UDFYLD: første dag i tilbudsperioden"``).

``brevgen new-round`` writes a marker wherever a fact must change from one round to the next
(the offer period, the dates of letters). A marker is an ordinary YAML text that starts with
``UDFYLD``, so it reads as what it is in any editor and survives any YAML tool. Every loaded
file is searched for them, and each is reported where it stands (``runde.yaml:5:9``) until it
is filled in, so ``check`` and ``build`` refuse a round that still has one.

While a file has markers, its other values are still checked: a marker that stands where a
date, a number or a list belongs is replaced by a stand-in of that kind for validation only
(:func:`validate`). Nothing is made from content with markers: loading it raises.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from brevgen.errors import Problem

WORD = "UDFYLD"
_MARKER = re.compile(rf"\s*{WORD}\b:?\s*(.*)", re.DOTALL)
# What a marker stands in for while the rest of its file is validated, by pydantic's error.
_STAND_INS: tuple[tuple[str, Any], ...] = (
    ("date", dt.date(2000, 1, 1)),
    ("int", 1),
    ("decimal", 1),
    ("float", 1),
    ("bool", False),
    ("list", []),
)

Loc = tuple[str | int, ...]


def marker(what: str) -> str:
    """The marker text asking for ``what`` (``UDFYLD: brevets dato (var 2016-03-14)``)."""
    return f"{WORD}: {what}"


def is_marker(value: Any) -> bool:
    return isinstance(value, str) and _MARKER.match(value) is not None


def find(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(location, what to fill in) of every marker in loaded YAML data, in file order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from find(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from find(value, (*loc, index))
    elif is_marker(data):
        match = _MARKER.match(data)
        first = match.group(1).strip().split("\n")[0] if match else ""  # a text: its first line
        yield loc, " ".join(first.split())


def describe(loc: Loc) -> str:
    """``tilbudsperiode.fra``; a list item by its number (``underskrivere, punkt 2, person``)."""
    out = ""
    after_item = False
    for part in loc:
        if isinstance(part, int):
            out += f", punkt {part + 1}"
        else:
            out += (", " if after_item else ".") + str(part) if out else str(part)
        after_item = isinstance(part, int)
    return out or "filen"


def problem(where: str, loc: Loc, what: str) -> Problem:
    asked = f": {what}" if what else ""
    return Problem(
        where,
        f"'{describe(loc)}' skal udfyldes{asked}. Skriv værdien i stedet for teksten, "
        f"der begynder med {WORD}",
    )


def related(loc: Loc, markers: dict[Loc, str]) -> bool:
    """Whether a validation error at ``loc`` is about a marker (at, inside or around it)."""
    return any(loc[: len(m)] == m or m[: len(loc)] == loc for m in markers)


def validate(model: Any, node: Any, base: Loc, markers: dict[Loc, str]) -> Any:
    """``model.model_validate(node)``; a marker where another kind of value belongs stands in
    as such a value, so the rest of ``node`` is validated (``base``: where node stands)."""
    try:
        return model.model_validate(node)
    except ValidationError as exc:
        if not any(m[: len(base)] == base for m in markers):
            raise
        from brevgen.content.messages import clean_loc

        data = _plain(node)
        replaced = False
        for err in exc.errors():
            loc = clean_loc(node, tuple(err["loc"]))
            if (*base, *loc) not in markers:
                continue
            stand_in = next((v for kind, v in _STAND_INS if err["type"].startswith(kind)), None)
            if stand_in is not None:
                _put(data, loc, stand_in)
                replaced = True
        if not replaced:
            raise
    return model.model_validate(data)


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(value) for value in data]
    return data


def _put(data: Any, loc: Loc, value: Any) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value
