"""The names a merge field in content may use (``{{ runde.tilbudsperiode.fra }}``).

One place makes them, from the loaded content alone, for the views (which fill the fields)
and for the check that reports every bad field before anything is rendered.
"""

from __future__ import annotations

from typing import Any

from brevgen.content.models import Letter, Recipient
from brevgen.content.project import Project, Round
from brevgen.slug import slugify


def dump(model: Any) -> Any:
    """A content model as a dict of its Danish keys (None stays None)."""
    return model.model_dump(by_alias=True, mode="python") if model is not None else None


def merge_context(project: Project, rnd: Round, recipient: dict | None) -> dict[str, Any]:
    """The names a merge field in content may use."""
    reg = project.registers
    providers = {}
    for ref in rnd.info.providers:
        data = dump(reg.providers[ref.id])
        if ref.name:
            data["navn"] = ref.name
        data["listenavn"] = ref.list_name or data["navn"]
        providers[ref.id] = data
    themes = [{"id": t.id, "navn": t.name or reg.themes[t.id].name} for t in rnd.info.themes]
    context = {
        "runde": {
            **dump(rnd.info),
            "id": rnd.id,
            "temaer": themes,
            "udbydere": list(providers.values()),
        },
        "personer": {k: dump(v) for k, v in reg.people.items()},
        "parter": {k: dump(v) for k, v in reg.parties.items()},
        "regioner": {k: dump(v) for k, v in reg.regions.items()},
        "udbydere": providers,
        "temaer": themes,
    }
    if recipient is not None:
        context["modtager"] = recipient
    return context


def recipients(project: Project, letter: Letter) -> list[Recipient | dict]:
    """The letter's recipients as dicts of Danish keys (a region gives its hovedudvalg).

    Without their e-mail addresses: a letter does not print them, so adding an address
    does not make the built letters stale (``brevgen.content.addresses`` has them).
    """
    regions = project.registers.regions
    if letter.recipients == "regioner":
        return [_region_recipient(r) for r in regions.values()]
    return [
        _region_recipient(regions[r]) if isinstance(r, str) else _without_email(dump(r))
        for r in letter.recipients
    ]


def recipient_slug(recipient: dict) -> str:
    """The recipient's folder name in ``build/<runde>/`` (and its e-mail draft's name)."""
    return recipient.get("id") or slugify(recipient["navn"])


def _without_email(recipient: dict) -> dict:
    return {k: v for k, v in recipient.items() if k != "email"}


def _region_recipient(region) -> dict:
    return {
        "id": region.id,
        "navn": region.committee,
        "att": None,
        "adresse": region.address,
        "postnr": region.postcode,
        "by": region.city,
        "region": region.name,
    }


def mail_context(
    project: Project, rnd: Round, recipient: dict, letter: dict, sender: str
) -> dict[str, Any]:
    """The names a covering e-mail's merge fields may use: a letter's, with ``brev`` (the
    letter it carries: ``titel``, ``dato``) and ``afsender`` (the sending person)."""
    context = merge_context(project, rnd, recipient)
    context["brev"] = letter
    person = project.registers.people.get(sender)
    context["afsender"] = dump(person) if person is not None else {}
    return context
