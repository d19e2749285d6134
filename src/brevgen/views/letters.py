"""Letters and their appendices: one :class:`~brevgen.views.View` per document and recipient."""

from __future__ import annotations

import datetime as dt
from typing import Any

from brevgen.content.context import dump, merge_context, recipient_slug, recipients
from brevgen.content.logos import read_logo
from brevgen.content.models import Appendix, ExternalEnclosure, Letter
from brevgen.content.project import REGISTER_DIR, Project, Round, SourcedDocument
from brevgen.errors import ContentError, Problem
from brevgen.templating import markdown_literal

from . import Mailing, View
from .contacts import address_lines, contact_lines, lines, postal
from .merge import merge_line, merge_text


def _signature_columns(project: Project, letter: Letter) -> list[list[dict]]:
    """Signatories grouped in one column per sending party, as in the source letters."""
    reg = project.registers
    columns: dict[str, list[dict]] = {party: [] for party in letter.senders}
    for sig in letter.signatories:
        person = reg.people[sig.person]
        org = person.organisation
        party_name = reg.parties[org].name if org in reg.parties else None
        entry = {"navn": person.name, "linjer": lines(party_name, sig.title or person.title)}
        columns.setdefault(org or sig.person, []).append(entry)
    filled = [column for column in columns.values() if column]
    if len(filled) == 1:
        # One sending party: its signatories stand side by side, as in the source letters.
        return [[entry] for entry in filled[0]]
    return filled


def sender(project: Project, party: Any) -> dict[str, Any]:
    """A sending party as the letterhead shows it: logo, name, one address line, web."""
    data = dump(party)
    street = ", ".join(lines(data.get("adresse"), postal(data)))
    logo = None
    if party.logo is not None:
        folder = project.root / "content" / REGISTER_DIR
        image = read_logo(folder, party.logo.file)  # checked when the content was loaded
        logo = image.as_context(party.logo.alt)
    return {**data, "adresse_linje": street or None, "logo": logo}


def _author(project: Project, parties: list[str]) -> str:
    return " og ".join(project.registers.parties[p].name for p in parties)


def appendix_view(
    project: Project, rnd: Round, doc: SourcedDocument, author: str, date: dt.date
) -> View:
    model: Appendix = doc.model  # type: ignore[assignment]
    context = merge_context(project, rnd, None)
    providers = []
    for index, section in enumerate(model.providers, start=1):
        data = context["udbydere"][section.provider]
        providers.append(
            {
                "nummer": index,
                "navn": data["navn"],
                "kontakt": contact_lines(data),
                # The same lines as Markdown, so addresses become links (PDF and Word).
                "kontakt_tekst": "\\\n".join(
                    markdown_literal(line) for line in contact_lines(data)
                ),
                "afsnit": [
                    {
                        "overskrift": merge_line(
                            s.heading,
                            context,
                            doc,
                            ("udbydere", index - 1, "afsnit", j, "overskrift"),
                        ),
                        "tekst": merge_text(
                            s.body, context, doc, ("udbydere", index - 1, "afsnit", j, "tekst")
                        ),
                    }
                    for j, s in enumerate(section.sections)
                ],
            }
        )
    title = merge_line(model.title, context, doc, ("titel",))
    view_context = {
        "nummer": model.number,
        "titel": title,
        "tekst": merge_text(model.body, context, doc, ("tekst",)),
        "udbydere": providers,
        "_fod": f"Bilag {model.number} · {author}",
    }
    return View(
        "bilag",
        f"bilag-{model.number}",
        f"Bilag {model.number}: {title}",
        model.date or date,
        author,
        view_context,
        _inputs(rnd, doc),
    )


def standalone_appendix(project: Project, rnd: Round, doc: SourcedDocument) -> View:
    """An appendix no letter encloses: from all parties, dated by its own date or the offer's."""
    author = _author(project, list(project.registers.parties))
    date = rnd.info.period.start if rnd.info.period else None
    if doc.model.date is None and date is None:
        raise ContentError([Problem(doc.source.where(), "nøglen 'dato' mangler")])
    return appendix_view(project, rnd, doc, author, doc.model.date or date)


def _inputs(rnd: Round, doc: SourcedDocument) -> tuple[str, ...]:
    return (rnd.source.display, doc.source.display)


def letter_views(project: Project, rnd: Round, doc: SourcedDocument) -> list[Mailing]:
    """One mailing per recipient of the letter ``doc``."""
    letter: Letter = doc.model  # type: ignore[assignment]
    reg = project.registers
    author = _author(project, letter.senders)
    appendices = []
    enclosure_lines = []
    for enc in letter.enclosures:
        if isinstance(enc, ExternalEnclosure):
            number = f" (bilag {enc.number})" if enc.number else ""
            enclosure_lines.append(f"{enc.title}{number}")
        else:
            view = appendix_view(project, rnd, rnd.documents[enc], author, letter.date)
            appendices.append(view)
            enclosure_lines.append(f"Bilag {view.context['nummer']}: {view.context['titel']}")
    senders = [sender(project, reg.parties[p]) for p in letter.senders]
    mailings = []
    for recipient in recipients(project, letter):
        context = merge_context(project, rnd, recipient)
        subject = merge_line(letter.title, context, doc, ("titel",))
        view_context = {
            "afsendere": senders,
            "modtager": {**recipient, "linjer": address_lines(recipient)},
            "dato": letter.date,
            "emne_praefiks": letter.subject_prefix,
            "emne": subject,
            "tekst": merge_text(letter.body, context, doc, ("tekst",)),
            "hilsen": letter.closing,
            "underskrifter": _signature_columns(project, letter),
            "bilag": enclosure_lines,
            "_fod": " · ".join(s["navn"] for s in senders),
        }
        slug = recipient_slug(recipient)
        view = View(
            "brev",
            doc.id,
            subject,
            letter.date,
            author,
            view_context,
            _inputs(rnd, doc) + tuple(a for v in appendices for a in v.inputs),
        )
        mailings.append(Mailing(slug, view, tuple(appendices)))
    return mailings
