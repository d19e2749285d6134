"""Address and contact lines, formatted once for every document that prints them."""

from __future__ import annotations

import re
from typing import Any

from brevgen.formatting import telefon


def lines(*parts: str | None) -> list[str]:
    """The parts that are there, in order."""
    return [p for p in parts if p]


def postal(item: dict) -> str:
    """``8000 Aarhus C``."""
    return " ".join(lines(item.get("postnr"), item.get("by")))


def address_lines(item: dict) -> list[str]:
    """A recipient block: name, att., street, postcode and town."""
    return lines(item.get("navn"), item.get("att"), item.get("adresse"), postal(item))


def web_label(url: str) -> str:
    """A web address as people write it: ``www.ruc.dk`` for ``http://www.ruc.dk/``."""
    return re.sub(r"^https?://", "", url).rstrip("/")


def contact_details(data: dict[str, Any]) -> dict[str, Any]:
    """A provider's (or party's) contact details formatted for print (phone numbers grouped)."""
    person = data.get("kontaktperson") or {}
    return {
        "navn": data["navn"],
        "adresse": data.get("adresse"),
        "postnr_by": postal(data) or None,
        "telefon": data.get("telefon") and telefon(data["telefon"]),
        "email": data.get("email"),
        "web": data.get("web") and web_label(data["web"]),
        "web_link": data.get("web"),
        "kontaktperson": person
        and {
            "navn": person["navn"],
            "telefon": person.get("telefon") and telefon(person["telefon"]),
            "email": person.get("email"),
        },
    }


def contact_lines(data: dict[str, Any]) -> list[str]:
    """The same details as lines of text (an appendix's provider heading)."""
    details = contact_details(data)
    person = details["kontaktperson"] or {}
    person_line = ", ".join(lines(person.get("navn"), person.get("telefon"), person.get("email")))
    return lines(
        details["navn"],
        details["adresse"],
        details["postnr_by"],
        details["telefon"] and f"Telefon: {details['telefon']}",
        details["email"] and f"E-mail: {details['email']}",
        details["web"],
        person_line and f"Kontaktperson: {person_line}",
    )
