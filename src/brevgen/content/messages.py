"""pydantic's validation errors as located Danish messages (Copier's ``_settings.py`` idea)."""

from __future__ import annotations

import calendar
import difflib
import re
import types
import typing
from typing import Any

from babel.dates import get_month_names
from pydantic import BaseModel, ValidationError

from brevgen.content.markers import related
from brevgen.content.yamlfile import YamlFile
from brevgen.errors import Problem

DATE_HINT = "skriv datoen som ÅÅÅÅ-MM-DD, fx 2016-04-01"


def clean_loc(data: Any, loc: tuple) -> tuple:
    """Drop pydantic's union branch names from ``loc``, keeping real keys and indexes."""
    kept: list = []
    node = data
    for part in loc:
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            kept.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part in node:
            kept.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not _is_branch(part):
            kept.append(part)  # a missing or extra key: keep, it is the message's subject
            node = None
    return tuple(kept)


def _is_branch(part: str) -> bool:
    return "[" in part or part[:1].isupper() or part in {"str", "int", "date", "list", "dict"}


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation can hold (through Optional, Annotated, list, unions)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list):
        return [m for arg in typing.get_args(annotation) for m in _unwrap(arg)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def allowed_keys(model: Any, loc: tuple) -> list[str]:
    """The Danish keys allowed at ``loc`` (a mapping), walking from ``model``."""
    candidates = _unwrap(model) if not isinstance(model, type) else [model]
    for part in loc:
        if isinstance(part, int):
            continue
        nxt = []
        for cls in candidates:
            for name, field in cls.model_fields.items():
                if (field.alias or name) == part:
                    nxt.extend(_unwrap(field.annotation))
        candidates = nxt
    keys: list[str] = []
    for cls in candidates:
        keys.extend(f.alias or n for n, f in cls.model_fields.items() if f.alias or n)
    return sorted(set(keys))


def _message(err: dict, model: Any, loc: tuple) -> str:
    kind = err["type"]
    ctx = err.get("ctx", {})
    value = err.get("input")
    key = loc[-1] if loc and isinstance(loc[-1], str) else None
    if kind == "missing":
        return f"nøglen '{key}' mangler"
    if kind == "extra_forbidden":
        valid = allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(key), valid, n=1, cutoff=0.6)
        hint = f"; mente du '{close[0]}'?" if close else ""
        return f"ukendt nøgle '{key}'{hint} Gyldige nøgler her: {', '.join(valid)}"
    if kind in ("string_type",):
        return f"{_name(key)}skal være tekst"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{_name(key)}'{value}' er ikke en {_why_not_a_date(value)}; {DATE_HINT}"
    if kind.startswith("int"):
        return f"{_name(key)}skal være et helt tal, ikke '{value}'"
    if kind.startswith("decimal") or kind.startswith("float"):
        return f"{_name(key)}skal være et tal uden punktummer og 'kr.', fx 900000"
    if kind == "greater_than":
        return f"{_name(key)}skal være større end {ctx.get('gt')}"
    if kind == "greater_than_equal":
        return f"{_name(key)}skal være mindst {ctx.get('ge')}"
    if kind == "too_short":
        return f"{_name(key)}skal have mindst {ctx.get('min_length')} punkt(er)"
    if kind == "list_type":
        return f"{_name(key)}skal være en liste (linjer, der starter med '- ')"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{_name(key)}skal være en gruppe af nøgler (nøgle: værdi)"
    if kind == "literal_error":
        return f"{_name(key)}skal være en af: {ctx.get('expected', '').replace(chr(39), '')}"
    if kind == "union_tag_invalid":
        return f"'type: {ctx.get('tag')}' kendes ikke; gyldige typer: {_types(ctx)}"
    if kind == "union_tag_not_found":
        return f"nøglen 'type' mangler; gyldige typer: {_types(ctx)}"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "bool_parsing" or kind == "bool_type":
        return f"{_name(key)}skal være ja eller nej (true eller false)"
    return f"{_name(key)}ugyldig værdi ({err['msg']})"


def _why_not_a_date(value: Any) -> str:
    """``dato`` or, for a date written right that does not exist, why (``2016-02-30``)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(value).strip())
    if not match:
        return "dato"
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return f"gyldig dato: måned {month} findes ikke"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = get_month_names("wide", locale="da")[month]
        return f"gyldig dato: {name} {year} har {last} dage"
    return "dato"


def _name(key: Any) -> str:
    return f"'{key}' " if isinstance(key, str) else ""


def _types(ctx: dict) -> str:
    return str(ctx.get("expected_tags", "")).replace("'", "")


def problems_from(exc: ValidationError, source: YamlFile, model: Any, base: tuple = ()) -> list:
    """Turn a ValidationError for ``source.data[base]`` into located Danish problems.

    Errors about a value still to be filled in (a marker, reported on its own) are left out.
    """
    errors = exc.errors(include_url=False)
    cleaned = [(err, clean_loc(source.data, base + tuple(err["loc"]))) for err in errors]
    if source.markers:
        cleaned = [(err, loc) for err, loc in cleaned if not related(loc, source.markers)]
    # In a union (``modtagere: regioner`` or a list) keep the branch that matches the value's shape.
    deep = {loc for _, loc in cleaned}
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for err, loc in cleaned:
        if err["type"] in ("literal_error", "string_type") and any(
            other[: len(loc)] == loc and other != loc for other in deep
        ):
            continue
        if (
            err["type"] in ("list_type", "model_type", "dict_type")
            and isinstance(err.get("input"), str)
            and sum(1 for _, other in cleaned if other == loc) > 1
        ):
            continue
        rel = loc[len(base) :]
        where_loc = loc[:-1] if err["type"] == "missing" else loc
        message = _message(err, model, rel)
        if (where_loc, message) in seen:
            continue
        seen.add((where_loc, message))
        problems.append(Problem(source.where(where_loc), message))
    return problems
