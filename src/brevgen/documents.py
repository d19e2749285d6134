"""From typed content to documents ready for any builder (HTML, PDF, DOCX).

A :class:`View` is the one document model all builders take: a layout name, metadata and
a context of Danish keys in which every content text has had its merge fields filled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from brevgen.content.models import Appendix, ExternalEnclosure, Letter, Recipient
from brevgen.content.project import Project, Round, SourcedDocument
from brevgen.formatting import telefon
from brevgen.markup import inline_plain
from brevgen.slug import slugify
from brevgen.templating import render_text


@dataclass(frozen=True)
class View:
    """One document to render: layout, metadata and template context."""

    layout: str  # template base name: brev, bilag
    slug: str  # file stem: brev, bilag-1
    title: str
    date: dt.date
    author: str
    context: dict[str, Any] = field(compare=False)
    inputs: tuple[str, ...] = ()  # content files it was made from (for the manifest)

    def template_context(self) -> dict[str, Any]:
        meta = {
            "titel": self.title,
            "dato": self.date,
            "forfatter": self.author,
            "art": self.layout,
            "fod": self.context.get("_fod", self.author),
        }
        return {**self.context, "dokument": meta}


@dataclass(frozen=True)
class Mailing:
    """One recipient's letter with the appendices that go with it."""

    recipient_slug: str
    letter: View
    appendices: tuple[View, ...]


def _dump(model: Any) -> Any:
    return model.model_dump(by_alias=True, mode="python") if model is not None else None


def recipients(project: Project, letter: Letter) -> list[Recipient | dict]:
    """The letter's recipients as dicts of Danish keys (a region gives its hovedudvalg)."""
    regions = project.registers.regions
    if letter.recipients == "regioner":
        return [_region_recipient(r) for r in regions.values()]
    return [
        _region_recipient(regions[r]) if isinstance(r, str) else _dump(r) for r in letter.recipients
    ]


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


def merge_context(project: Project, rnd: Round, recipient: dict | None) -> dict[str, Any]:
    """The names a merge field in content may use."""
    reg = project.registers
    providers = {}
    for ref in rnd.info.providers:
        data = _dump(reg.providers[ref.id])
        if ref.name:
            data["navn"] = ref.name
        data["listenavn"] = ref.list_name or data["navn"]
        providers[ref.id] = data
    themes = [{"id": t.id, "navn": t.name or reg.themes[t.id].name} for t in rnd.info.themes]
    context = {
        "runde": {
            **_dump(rnd.info),
            "id": rnd.id,
            "temaer": themes,
            "udbydere": list(providers.values()),
        },
        "personer": {k: _dump(v) for k, v in reg.people.items()},
        "parter": {k: _dump(v) for k, v in reg.parties.items()},
        "regioner": {k: _dump(v) for k, v in reg.regions.items()},
        "udbydere": providers,
        "temaer": themes,
    }
    if recipient is not None:
        context["modtager"] = recipient
    return context


def merge_text(text: str, context: dict, doc: SourcedDocument, loc: tuple) -> str:
    """A content text (Markdown) with its merge fields filled; errors point at ``loc``."""
    return render_text(text, context, (doc.source, loc))


def merge_line(text: str, context: dict, doc: SourcedDocument, loc: tuple) -> str:
    """A merged one-line text (title, heading) as plain text for any format."""
    return inline_plain(merge_text(text, context, doc, loc))


def _lines(*parts: str | None) -> list[str]:
    return [p for p in parts if p]


def _address_lines(item: dict) -> list[str]:
    postal = " ".join(_lines(item.get("postnr"), item.get("by")))
    return _lines(item.get("navn"), item.get("att"), item.get("adresse"), postal)


def _signature_columns(project: Project, letter: Letter) -> list[list[dict]]:
    """Signatories grouped in one column per sending party, as in the source letters."""
    reg = project.registers
    columns: dict[str, list[dict]] = {party: [] for party in letter.senders}
    for sig in letter.signatories:
        person = reg.people[sig.person]
        org = person.organisation
        party_name = reg.parties[org].name if org in reg.parties else None
        entry = {"navn": person.name, "linjer": _lines(party_name, sig.title or person.title)}
        columns.setdefault(org or sig.person, []).append(entry)
    filled = [column for column in columns.values() if column]
    if len(filled) == 1:
        # One sending party: its signatories stand side by side, as in the source letters.
        return [[entry] for entry in filled[0]]
    return filled


def _web(url: str) -> str:
    """A web address as people write it: ``www.cbs.dk`` for ``http://www.cbs.dk/``."""
    return url.split("://", 1)[-1].rstrip("/")


def _author(project: Project, parties: list[str]) -> str:
    return " og ".join(project.registers.parties[p].name for p in parties)


def appendix_view(
    project: Project, rnd: Round, doc: SourcedDocument, author: str, date: dt.date
) -> View:
    model: Appendix = doc.model  # type: ignore[assignment]
    context = merge_context(project, rnd, None)
    reg = project.registers
    providers = []
    for index, section in enumerate(model.providers, start=1):
        data = context["udbydere"][section.provider]
        contact = data.get("kontaktperson") or {}
        contact_line = ", ".join(
            _lines(
                contact.get("navn"),
                contact.get("telefon") and telefon(contact["telefon"]),
                contact.get("email"),
            )
        )
        lines = _lines(
            data["navn"],
            data.get("adresse"),
            " ".join(_lines(data.get("postnr"), data.get("by"))),
            data.get("telefon") and f"Telefon: {telefon(data['telefon'])}",
            data.get("email") and f"E-mail: {data['email']}",
            data.get("web") and _web(data["web"]),
            contact_line and f"Kontaktperson: {contact_line}",
        )
        providers.append(
            {
                "nummer": index,
                "navn": data["navn"],
                "kontakt": lines,
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
    del reg
    return View(
        "bilag",
        f"bilag-{model.number}",
        f"Bilag {model.number}: {title}",
        model.date or date,
        author,
        view_context,
        _inputs(rnd, doc),
    )


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
    senders = [_dump(reg.parties[p]) for p in letter.senders]
    mailings = []
    for recipient in recipients(project, letter):
        context = merge_context(project, rnd, recipient)
        subject = merge_line(letter.title, context, doc, ("titel",))
        view_context = {
            "afsendere": senders,
            "modtager": {**recipient, "linjer": _address_lines(recipient)},
            "dato": letter.date,
            "emne_praefiks": letter.subject_prefix,
            "emne": subject,
            "tekst": merge_text(letter.body, context, doc, ("tekst",)),
            "hilsen": letter.closing,
            "underskrifter": _signature_columns(project, letter),
            "bilag": enclosure_lines,
            "_fod": " · ".join(s["navn"] for s in senders),
        }
        slug = recipient.get("id") or slugify(recipient["navn"])
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


def round_mailings(project: Project, rnd: Round) -> list[Mailing]:
    """Every mailing of a round: each letter to each of its recipients."""
    out: list[Mailing] = []
    for doc in rnd.documents.values():
        if isinstance(doc.model, Letter):
            out.extend(letter_views(project, rnd, doc))
    return out
