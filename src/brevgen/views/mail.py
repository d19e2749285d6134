"""Covering e-mails: one :class:`~brevgen.views.View` (layout ``mail``) per recipient with
an address that a mail server takes.

The view holds what the e-mail says (subject, text and closing with their merge fields
filled, the sender's signature) and who it is from and to. The files it carries come from
the build and are added by the planner (:mod:`brevgen.plans.mail`), which knows the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from brevgen.content.addresses import (
    Addressee,
    addressees,
    check_address,
    covered_letter,
    enclosure_note,
    mail_document,
    missing_address,
)
from brevgen.content.context import mail_context
from brevgen.content.models import Mail
from brevgen.content.project import Project, Round, SourcedDocument
from brevgen.errors import ContentError, Problem
from brevgen.formatting import telefon

from . import Mailing, View
from .contacts import lines
from .letters import letter_views
from .merge import merge_line, merge_text

LAYOUT = "mail"


@dataclass(frozen=True)
class Draft:
    """One recipient's covering e-mail, before the build's files are attached."""

    addressee: Addressee
    address: str  # as a mail server takes it (an internationalised domain in ASCII)
    view: View
    mailing: Mailing  # the recipient's letter and appendices: which files it carries


@dataclass
class MailViews:
    mail: SourcedDocument
    letter: SourcedDocument
    sender: str  # the sender's address as a mail server takes it
    drafts: list[Draft] = field(default_factory=list)
    missing: list[Problem] = field(default_factory=list)  # recipients without an address
    refused: list[Problem] = field(default_factory=list)  # addresses that are not ones
    notes: list[Problem] = field(default_factory=list)  # enclosures it cannot carry


def round_mail(rnd: Round) -> SourcedDocument:
    """The round's covering e-mail, or a Danish error saying how to add one."""
    mail_doc = mail_document(rnd)
    if mail_doc is None:
        raise ContentError(
            f"runden {rnd.id} har ingen mail at sende brevet med; læg en mail.yaml med "
            f"'type: mail' i content/{rnd.id}/ (se README)",
            where=f"content/{rnd.id}",
        )
    return mail_doc


# The address a trial of the layout uses when no recipient has one yet (brevgen check).
STAND_IN = "modtager@eksempel.invalid"


def mail_views(project: Project, rnd: Round, *, stand_in: bool = False) -> MailViews:
    """The round's covering e-mail for each recipient; who has no address or a wrong one.

    A wrong sender address stops the round (every e-mail would carry it). ``stand_in``:
    when no recipient has an address, the first gets :data:`STAND_IN`, so the e-mail can
    be tried.
    """
    mail_doc = round_mail(rnd)
    mail: Mail = mail_doc.model  # type: ignore[assignment]
    letter_doc = covered_letter(rnd, mail_doc)
    if letter_doc is None:  # reported by the reference check; here for a caller without it
        raise ContentError(
            f"mailen i runden {rnd.id} har intet brev", where=mail_doc.source.display
        )
    reg = project.registers
    person = reg.people[mail.sender]
    sender, why = check_address(person.email or "")
    if why:
        people = reg.files["personer"]
        index = list(reg.people).index(mail.sender)
        raise ContentError([Problem(people.where(("personer", index, "email"), value=True), why)])
    organisation = reg.parties.get(person.organisation or "")
    signature = {
        "navn": person.name,
        "linjer": lines(person.title, organisation.name if organisation else None),
        "telefon": person.phone and telefon(person.phone),
        "email": sender,
    }
    mailings = {m.recipient_slug: m for m in letter_views(project, rnd, letter_doc)}
    letter = letter_doc.model
    inputs = (rnd.source.display, mail_doc.source.display, letter_doc.source.display)
    found = MailViews(mail_doc, letter_doc, sender)
    note = enclosure_note(rnd, mail_doc, letter_doc)
    if note:
        found.notes.append(note)

    def draft(addressee: Addressee, address: str) -> Draft:
        mailing = mailings[addressee.slug]
        fields = {
            "titel": mailing.letter.title,
            "dato": letter.date,
            "emne_praefiks": letter.subject_prefix,
        }
        context = mail_context(project, rnd, addressee.recipient, fields, mail.sender)
        subject = merge_line(mail.subject, context, mail_doc, ("emne",))
        view_context = {
            "emne": subject,
            "tekst": merge_text(mail.body, context, mail_doc, ("tekst",)),
            "hilsen": mail.closing,
            "afsender": signature,
            "fra": {"navn": person.name, "email": sender},
            "til": {"navn": addressee.name, "email": address},
        }
        view = View(LAYOUT, addressee.slug, subject, letter.date, person.name, view_context, inputs)
        return Draft(addressee, address, view, mailing)

    everyone = addressees(project, letter_doc)
    for addressee in everyone:
        if not addressee.email:
            found.missing.append(missing_address(addressee, rnd, mail_doc))
            continue
        address, why = check_address(addressee.email)
        if why:
            found.refused.append(Problem(addressee.email_where, why))
            continue
        found.drafts.append(draft(addressee, address))
    if stand_in and not found.drafts and everyone:
        found.drafts.append(draft(everyone[0], STAND_IN))
    return found
