"""Contracts: the round's contract text merged over one issued register row -> View.

Cell values reach the documents only as data: inside the contract's Markdown they pass
through the content environment, which escapes them as literal text, and in the layouts
through HTML/XML autoescaping.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from brevgen.content.context import merge_context
from brevgen.content.models import Contract
from brevgen.content.project import Project, Round, SourcedDocument
from brevgen.contracts.frame import kr
from brevgen.contracts.outcome import Issued
from brevgen.errors import ContentError

from . import View
from .merge import merge_line, merge_text

LAYOUT = "kontrakt"
# Characters XML 1.0 forbids; a cell pasted from elsewhere can carry them and would make
# the DOCX unreadable. Tab and line breaks are allowed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def contract_document(rnd: Round) -> SourcedDocument:
    """The round's contract (type: kontrakt); references.py ensures there is at most one."""
    for doc in rnd.documents.values():
        if isinstance(doc.model, Contract):
            return doc
    raise ContentError(
        f"runden {rnd.id} har ingen kontrakt; læg en kontrakt.yaml med 'type: kontrakt' "
        f"i content/{rnd.id}/",
        where=f"content/{rnd.id}",
    )


def _clean(value: Any) -> Any:
    """A cell value safe for XML: forbidden control characters become spaces."""
    return _NOT_XML.sub(" ", value) if isinstance(value, str) else value


def case_mapping(issued: Issued, providers: dict[str, dict]) -> dict[str, Any]:
    """The row as merge fields with Danish keys (``sag.leder``, ``sag.udbyder.navn`` …)."""
    r = issued.request
    provider = dict(providers[issued.provider.id])
    provider["navn"] = issued.provider.navn
    evaluation = issued.evaluation
    year = issued.budget_year
    case = {
        "sagsnr": r.case_no,
        "arbejdsplads": r.workplace,
        "enhed": r.unit,
        "adresse": r.address,
        "postnr": r.postcode,
        "by": r.city,
        "region": issued.region.navn,
        "region_id": issued.region.id,
        "rekvirent": r.requester,
        "rekvirent_i_tekst": requester_in_sentence(r.requester),
        # "Psykiatrien Region Sjælland" needs no ", Region Sjælland" after it.
        "region_naevnt": _names(issued.region.navn, r.workplace, r.unit),
        "leder": r.manager,
        "leder_email": r.manager_email,
        "medarbejderrepraesentant": r.representative,
        "repraesentantens_rolle": r.representative_role,
        "repraesentant_email": r.representative_email,
        "udbyder": provider,
        "tema": issued.theme.navn,
        "maalgruppe": r.target_group,
        "forventet_udbytte": r.expected_outcome,
        "anledning": r.occasion,
        "henvendelsesdato": r.request_date,
        "dialog_startet": r.dialogue_started,
        "kontrakt_indgaaet": r.contract_signed,
        "dialog_senest": issued.deadlines.dialogue,
        "kontrakt_senest": issued.deadlines.contract,
        "levering_fra": r.delivery_from,
        "levering_til": r.delivery_to,
        "beloeb": r.amount,
        "pris": kr(Decimal(r.amount)),
        "budgetaar": year.label() if year else None,
        "evaluering": evaluation.immediate,
        "opfoelgning_fra": evaluation.follow_up_from,
        "opfoelgning_til": evaluation.follow_up_to,
        "aktiviteter": [
            {"aktivitet": a.activity, "dato": a.date, "varighed": a.hours, "sted": a.place}
            for a in r.activities
        ],
    }
    return _cleaned(case)


# The register's Rekvirent as a sentence names it: "rekvireres af arbejdspladsen".
_DEFINITE = {
    "arbejdsplads": "arbejdspladsen",
    "ledelse": "ledelsen",
    "leder": "lederen",
    "hovedudvalg": "hovedudvalget",
}
_COMMON_WORD = re.compile(r"^[A-ZÆØÅ][a-zæøå]+(?=$|[- ])")


def requester_in_sentence(requester: str) -> str:
    """``Arbejdsplads`` -> ``arbejdspladsen``, ``Afdelings-MED`` -> ``afdelings-MED``;
    an abbreviation (``TRIO``) or a name of several capitalised words stays as written."""
    text = requester.strip()
    definite = _DEFINITE.get(text.lower())
    if definite:
        return definite
    words = text.split()
    if _COMMON_WORD.match(text) and not any(w[:1].isupper() for w in words[1:]):
        return text[0].lower() + text[1:]
    return text


def _names(region: str, *texts: str | None) -> bool:
    """True if one of ``texts`` already names ``region`` (case and spacing aside)."""
    wanted = " ".join(region.lower().split())
    return any(wanted in " ".join(t.lower().split()) for t in texts if t)


def _cleaned(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return _clean(value)


class ContractViews:
    """Makes the View of each issued row; the round's context is built once per run."""

    def __init__(self, project: Project, rnd: Round) -> None:
        self.round = rnd
        self.doc = contract_document(rnd)
        self.base = merge_context(project, rnd, None)
        self.inputs = (rnd.source.display, self.doc.source.display)

    def context(self, issued: Issued) -> dict[str, Any]:
        return {**self.base, "sag": case_mapping(issued, self.base["udbydere"])}

    def view(self, issued: Issued) -> View:
        model: Contract = self.doc.model  # type: ignore[assignment]
        context = self.context(issued)
        case = context["sag"]

        def merge(text: str, loc: tuple) -> str:
            return merge_text(text, context, self.doc, loc)

        def plain(text: str, loc: tuple) -> str:
            return merge_line(text, context, self.doc, loc)

        title = plain(model.title, ("titel",))
        sections = [
            {
                "overskrift": plain(s.heading, ("afsnit", i, "overskrift")),
                "tekst": merge(s.body, ("afsnit", i, "tekst")),
                "tabel": s.table,
            }
            for i, s in enumerate(model.sections)
        ]
        provider = case["udbyder"]
        view_context = {
            "titel": title,
            "runde": {"navn": self.round.info.name, "id": self.round.id},
            "sag": case,
            "indledning": merge(model.intro, ("indledning",)),
            "afsnit": sections,
            "underskrift": merge(model.signing, ("underskrift",)),
            "_fod": f"{title} · Sagsnr. {case['sagsnr']}",
        }
        return View(
            LAYOUT,
            issued.slug,
            f"{title}, sagsnr. {case['sagsnr']}",
            issued.request.request_date,
            f"{case['arbejdsplads']} og {provider['navn']}",
            view_context,
            self.inputs,
        )
