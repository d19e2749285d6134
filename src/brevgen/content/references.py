"""Cross-references between rounds, documents and registers: every id must exist."""

from __future__ import annotations

from collections.abc import Iterable

from brevgen.content.models import Appendix, Contract, Letter
from brevgen.errors import Problem


def _choices(ids: Iterable[str]) -> str:
    ids = sorted(ids)
    return ", ".join(ids) if len(ids) <= 12 else ", ".join(ids[:12]) + " …"


def _unknown(kind: str, value: str, valid: Iterable[str], where: str) -> Problem:
    return Problem(where, f"{kind} '{value}' findes ikke; gyldige: {_choices(valid)}")


def check_references(registers, rounds) -> list[Problem]:
    """Check every reference by id; return all problems found."""
    problems: list[Problem] = []
    people = registers.files.get("personer")
    for index, person in enumerate(registers.people.values()):
        if person.organisation and person.organisation not in registers.parties:
            where = people.where(("personer", index, "organisation"), value=True)
            problems.append(
                _unknown("organisationen", person.organisation, registers.parties, where)
            )
    for rnd in rounds.values():
        src = rnd.source
        for i, ref in enumerate(rnd.info.themes):
            if ref.id not in registers.themes:
                where = src.where(("temaer", i))
                problems.append(_unknown("temaet", ref.id, registers.themes, where))
        for i, ref in enumerate(rnd.info.providers):
            if ref.id not in registers.providers:
                where = src.where(("udbydere", i))
                problems.append(_unknown("udbyderen", ref.id, registers.providers, where))
        round_providers = [p.id for p in rnd.info.providers]
        problems.extend(_check_contracts(rnd))
        for doc in rnd.documents.values():
            problems.extend(_check_document(doc, rnd, registers, round_providers))
    return problems


def _check_document(doc, rnd, registers, round_providers) -> list[Problem]:
    problems: list[Problem] = []
    src, model = doc.source, doc.model
    if isinstance(model, Letter):
        for i, party in enumerate(model.senders):
            if party not in registers.parties:
                where = src.where(("afsendere", i))
                problems.append(_unknown("afsenderen", party, registers.parties, where))
        for i, sig in enumerate(model.signatories):
            if sig.person not in registers.people:
                where = src.where(("underskrivere", i, "person"), value=True)
                problems.append(_unknown("personen", sig.person, registers.people, where))
        if isinstance(model.recipients, list):
            for i, rec in enumerate(model.recipients):
                if isinstance(rec, str) and rec not in registers.regions:
                    where = src.where(("modtagere", i))
                    problems.append(_unknown("regionen", rec, registers.regions, where))
        appendices = [d for d, v in rnd.documents.items() if isinstance(v.model, Appendix)]
        for i, enc in enumerate(model.enclosures):
            if isinstance(enc, str) and enc not in appendices and enc not in rnd.invalid:
                where = src.where(("bilag", i))
                problems.append(
                    Problem(
                        where,
                        f"bilaget '{enc}' findes ikke i runden {rnd.id}; gyldige: "
                        f"{_choices(appendices) or '(ingen bilag i runden)'}",
                    )
                )
    if isinstance(model, Appendix):
        for i, section in enumerate(model.providers):
            if section.provider not in round_providers:
                where = src.where(("udbydere", i, "udbyder"), value=True)
                problems.append(
                    Problem(
                        where,
                        f"udbyderen '{section.provider}' er ikke med i runden {rnd.id}; "
                        f"gyldige: {_choices(round_providers)}",
                    )
                )
    return problems


# What a register row is checked against: a round with a contract must state these.
_CONTRACT_NEEDS = {
    "tilbudsperiode": ("period", "tilbudsperioden"),
    "temaer": ("themes", "rundens temaer"),
    "udbydere": ("providers", "rundens udbydere"),
}


def _check_contracts(rnd) -> list[Problem]:
    """A round has at most one contract, and then the terms its register rows need."""
    contracts = [d for d in rnd.documents.values() if isinstance(d.model, Contract)]
    if not contracts:
        return []
    problems = []
    for extra in contracts[1:]:
        problems.append(
            Problem(
                extra.source.where(("type",), value=True),
                f"runden {rnd.id} har allerede en kontrakt ({contracts[0].id}); "
                "der må kun være én kontrakt pr. runde",
            )
        )
    for key, (attr, what) in _CONTRACT_NEEDS.items():
        if not getattr(rnd.info, attr):
            problems.append(
                Problem(
                    rnd.source.where((key,)),
                    f"nøglen '{key}' mangler eller er tom; kontrakten ({contracts[0].id}) "
                    f"kræver {what}",
                )
            )
    return problems
