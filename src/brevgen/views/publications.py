"""Views of the overview documents: the web page (type side) and the A5 brochure (brochure).

Like letters they become a :class:`brevgen.views.View` with Danish context keys; names,
contact details and region choices are looked up in the registers here, not in templates.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from brevgen.content.context import merge_context
from brevgen.content.models import Brochure, Page, PageSection, ProviderRef, ThemeRef
from brevgen.content.project import Project, Round, SourcedDocument
from brevgen.errors import ContentError, Problem
from brevgen.formatting import telefon
from brevgen.slug import slugify
from brevgen.typography import typeset

from . import View
from .contacts import contact_details, lines
from .merge import merge_line, merge_text


def _theme_names(refs: list[ThemeRef], context: dict, project: Project) -> list[str]:
    """Theme names: the section's own wording, else the round's, else the register's."""
    in_round = {t["id"]: t["navn"] for t in context["temaer"]}
    register = project.registers.themes
    return [ref.name or in_round.get(ref.id) or register[ref.id].name for ref in refs]


def _provider(ref: ProviderRef, context: dict, project: Project) -> dict[str, Any]:
    """A provider's register entry with the round's and then the section's overrides."""
    data = dict(
        context["udbydere"].get(ref.id)
        or project.registers.providers[ref.id].model_dump(by_alias=True)
    )
    if ref.name:
        data["navn"] = ref.name
    data["listenavn"] = ref.list_name or data.get("listenavn") or data["navn"]
    return data


def contact_block(data: dict[str, Any]) -> dict[str, Any]:
    """A provider's card: contact details with street and town on one line."""
    details = contact_details(data)
    street = ", ".join(lines(details["adresse"], details["postnr_by"]))
    return {**details, "adresse": street or None}


# --- web page ------------------------------------------------------------------------------


def _model_lines(number: int, page: Page, project: Project) -> list[str]:
    """The regions that chose model ``number``: one sentence for one region, else a list."""
    chosen = [(r, c) for r, c in page.model_choices.items() if c.model == number]
    lines = []
    for region, choice in chosen:
        line = project.registers.regions[region].name
        if len(chosen) == 1:
            line += " har valgt denne model"
        if choice.remark:
            line += f", {choice.remark}"
        lines.append(line)
    return lines


def _page_section(
    section: PageSection,
    loc: tuple,
    level: int,
    env: tuple[Project, SourcedDocument, dict, set[str]],
) -> dict[str, Any]:
    project, doc, context, anchors = env
    heading = merge_line(section.heading, context, doc, (*loc, "overskrift"))
    anchor = base = slugify(heading)
    count = 1
    while anchor in anchors:
        count += 1
        anchor = f"{base}-{count}"
    anchors.add(anchor)
    text = section.body and merge_text(section.body, context, doc, (*loc, "tekst"))
    after = section.after and merge_text(section.after, context, doc, (*loc, "efter"))
    return {
        "niveau": level,
        "anker": anchor,
        "overskrift": heading,
        "tekst": text,
        "temaer": _theme_names(section.themes, context, project),
        # The list names a provider as the section does and links it to its web site.
        "udbydere": [
            {"navn": data["listenavn"], "web": data.get("web")}
            for data in (_provider(r, context, project) for r in section.providers)
        ],
        "modeller": [
            {
                "nummer": m.number,
                "tekst": merge_line(m.text, context, doc, (*loc, "modeller", i, "tekst")),
                "regioner": _model_lines(m.number, doc.model, project),
            }
            for i, m in enumerate(section.models)
        ],
        "efter": after,
        "afsnit": [
            _page_section(sub, (*loc, "afsnit", j), level + 1, env)
            for j, sub in enumerate(section.sections)
        ],
    }


def page_view(project: Project, rnd: Round, doc: SourcedDocument) -> View:
    """A web page; merge fields may name registers and the folder's own runde.yaml."""
    page: Page = doc.model  # type: ignore[assignment]
    context = merge_context(project, rnd, None)
    title = merge_line(page.title, context, doc, ("titel",))
    env = (project, doc, context, {"indhold"})
    view_context = {
        "titel": title,
        "intro": page.intro and merge_text(page.intro, context, doc, ("intro",)),
        "sektioner": [
            _page_section(s, ("sektioner", i), 2, env) for i, s in enumerate(page.sections)
        ],
        "sidst_opdateret": page.updated,
    }
    inputs = (rnd.source.display, doc.source.display)
    return View("side", slugify(title), title, page.updated, "", view_context, inputs)


# --- brochure ------------------------------------------------------------------------------


def brochure_view(project: Project, doc: SourcedDocument) -> View:
    """The A5 brochure; its merge fields and provider details come from its ``runde``."""
    brochure: Brochure = doc.model  # type: ignore[assignment]
    source_round = project.all_rounds[brochure.round]
    context = merge_context(project, source_round, None)
    reg = project.registers
    date = brochure.date or (source_round.info.period and source_round.info.period.start)
    if date is None:
        raise ContentError(
            [
                Problem(
                    doc.source.where(),
                    f"nøglen 'dato' mangler (runden {brochure.round} har ingen tilbudsperiode)",
                )
            ]
        )
    title = merge_line(brochure.title, context, doc, ("titel",))
    subtitle = brochure.subtitle and merge_line(brochure.subtitle, context, doc, ("undertitel",))
    # A subtitle is set as one: with a capital, and no line ending in "– en".
    subtitle = subtitle and subtitle[:1].upper() + subtitle[1:]
    sections = []
    for i, section in enumerate(brochure.sections):
        loc = ("sektioner", i)
        sections.append(
            {
                "overskrift": merge_line(section.heading, context, doc, (*loc, "overskrift")),
                "tekst": section.body and merge_text(section.body, context, doc, (*loc, "tekst")),
                "temaer": _theme_names(section.themes, context, project),
                "udbydere": [
                    contact_block(_provider(r, context, project)) for r in section.providers
                ],
            }
        )
    back = None
    if brochure.back is not None:
        contacts = []
        for person_id in brochure.back.contacts:
            person = reg.people[person_id]
            party = reg.parties.get(person.organisation or "")
            contacts.append(
                {
                    "navn": person.name,
                    "titel": person.title,
                    "organisation": party.name if party else None,
                    "telefon": person.phone and telefon(person.phone),
                    "email": person.email,
                }
            )
        heading, body = brochure.back.heading, brochure.back.body
        back = {
            "overskrift": merge_line(heading, context, doc, ("bagside", "overskrift")),
            "tekst": body and merge_text(body, context, doc, ("bagside", "tekst")),
            "kontakter": contacts,
        }
    senders = [reg.parties[p] for p in brochure.senders]
    view_context = {
        "titel": title,
        "undertitel": subtitle and typeset(subtitle, soft=False),
        "afsendere": [{"navn": p.name, "web": p.web} for p in senders],
        "sektioner": sections,
        "bagside": back,
        "tryk": False,  # print_view: with bleed and crop marks
        "_fod": title,
    }
    full_title = f"{title} – {subtitle}" if subtitle else title
    author = " og ".join(p.name for p in senders)
    inputs = (source_round.source.display, doc.source.display)
    return View("brochure", doc.id, full_title, date, author, view_context, inputs)


def _has_contact(card: dict[str, Any]) -> bool:
    return any(card.get(key) for key in ("adresse", "telefon", "email", "web", "kontaktperson"))


def brochure_warnings(project: Project, doc: SourcedDocument) -> list[Problem]:
    """A provider card with nothing but a name: located at the provider's register entry."""
    brochure: Brochure = doc.model  # type: ignore[assignment]
    context = merge_context(project, project.all_rounds[brochure.round], None)
    register = project.registers.files.get("udbydere")
    entries = register.data.get("udbydere", []) if register else []
    warnings = []
    for section in brochure.sections:
        for ref in section.providers:
            card = contact_block(_provider(ref, context, project))
            if _has_contact(card):
                continue
            index = next(
                (i for i, e in enumerate(entries) if isinstance(e, dict) and e.get("id") == ref.id),
                None,
            )
            where = register.where(("udbydere", index)) if index is not None else ""
            warnings.append(
                Problem(
                    where,
                    f"udbyderen {card['navn']} har ingen kontaktoplysninger (adresse, telefon, "
                    f"e-mail, web eller kontaktperson), så dens kort i {doc.source.display} kun "
                    "viser navnet; skriv dem i registret",
                )
            )
    return list(dict.fromkeys(warnings))


def print_view(view: View) -> View:
    """The brochure for the printer (``brevgen build --tryk``): 3 mm bleed and crop marks."""
    return replace(view, slug=f"{view.slug}-tryk", context={**view.context, "tryk": True})
