"""The e-mail addresses of a letter's recipients: who has one, where it is written, and
whether a mail server will take it.

The shipped registers have no addresses (the source letters went by post), so a missing
address is a note, not an error: ``brevgen check`` says who lacks one in a round with a
covering e-mail (type: mail), and ``brevgen send`` leaves them out. An address that is not
one is an error at its place; it holds back the sending to that recipient only, never the
build (a letter does not print the address).

Addresses are checked with ``email-validator`` (syntax only, no look-up on the network):
it knows the rules of RFC 5321/5322 and internationalised domains, which a regular
expression of our own would get wrong at the edges, and it is well kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from brevgen.content.context import recipient_slug, recipients
from brevgen.content.models import ExternalEnclosure, Letter, Mail
from brevgen.content.project import Project, Round, SourcedDocument
from brevgen.errors import Problem


@dataclass(frozen=True)
class Addressee:
    """A recipient of a letter, with the address its covering e-mail goes to."""

    slug: str  # the recipient's folder in build/<runde>/, and its draft's name
    recipient: dict  # the merge fields' ``modtager``, with ``email``
    email: str | None  # as written in the content
    where: str  # the recipient in its file (file:line:col)
    email_where: str  # the address in its file (the recipient's place when there is none)

    @property
    def name(self) -> str:
        return self.recipient["navn"]


def addressees(project: Project, letter_doc: SourcedDocument) -> list[Addressee]:
    """Every recipient of ``letter_doc`` with its e-mail address and where both are written."""
    letter: Letter = letter_doc.model  # type: ignore[assignment]
    regions = project.registers.regions
    entries = list(regions) if letter.recipients == "regioner" else letter.recipients
    found = []
    for index, (entry, recipient) in enumerate(
        zip(entries, recipients(project, letter), strict=True)
    ):
        if isinstance(entry, str):  # a region: its hovedudvalg, written in regioner.yaml
            source = project.registers.files["regioner"]
            loc = ("regioner", _index_of(source.data.get("regioner", []), entry))
            email = regions[entry].email
        else:
            source, loc, email = letter_doc.source, ("modtagere", index), entry.email
        where = source.where(loc)
        email_where = source.where((*loc, "email"), value=True) if email else where
        merged = {**recipient, "email": email}
        found.append(Addressee(recipient_slug(recipient), merged, email, where, email_where))
    return found


def _index_of(items: list, region_id: str) -> int:
    """The region's place in regioner.yaml's list."""
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    return ids.index(region_id) if region_id in ids else 0


# email-validator's reasons, in Danish (the rest keep its English text as the technical part).
_REASONS = (
    ("must have an @-sign", "der mangler et @"),
    ("should have a period", "delen efter @ skal have et punktum, fx region.dk"),
    ("SPACE", "adressen indeholder et mellemrum"),
    ("special-use or reserved name", "domænet efter @ kan ikke modtage e-mail"),
    (
        "Internationalized characters before the @-sign",
        "tegn som æ, ø og å foran @ kan ikke alle mailservere modtage",
    ),
    ("There must be something before the @-sign", "der mangler et navn foran @"),
    ("There must be something after the @-sign", "der mangler et domæne efter @"),
)


def check_address(address: str) -> tuple[str | None, str | None]:
    """(the address as a mail server takes it, None) or (None, why not, in Danish)."""
    from email_validator import EmailNotValidError, validate_email

    if any(sep in address for sep in ",;") or address.count("@") > 1:
        return None, (
            f"'{address}' er ikke én e-mailadresse; skriv kun én adresse pr. modtager "
            "(en fælles postkasse eller en fordelingsliste, hvis flere skal have brevet)"
        )
    try:
        checked = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        text = str(exc)
        why = next((danish for english, danish in _REASONS if english in text), None)
        detail = why or f"adressen kan ikke bruges (teknisk: {text})"
        return None, f"'{address}' er ikke en gyldig e-mailadresse: {detail}; ret adressen"
    return checked.ascii_email or checked.normalized, None


def mail_document(rnd: Round) -> SourcedDocument | None:
    """The round's covering e-mail (type: mail), if it has one; references.py allows one."""
    return next((d for d in rnd.documents.values() if isinstance(d.model, Mail)), None)


def covered_letter(rnd: Round, mail_doc: SourcedDocument) -> SourcedDocument | None:
    """The letter ``mail_doc`` carries: the one it names, or the round's only letter."""
    letters = [d for d in rnd.documents.values() if isinstance(d.model, Letter)]
    name = mail_doc.model.letter
    if name is None:
        return letters[0] if len(letters) == 1 else None
    return next((d for d in letters if d.id == name), None)


def mail_problems(project: Project) -> tuple[list[Problem], list[Problem]]:
    """(notes, errors) for every round with a covering e-mail: each recipient without an
    address, enclosures the e-mail cannot carry, and each address that is not one."""
    notes: list[Problem] = []
    errors: list[Problem] = []
    for rnd in project.rounds.values():
        mail_doc = mail_document(rnd)
        letter_doc = mail_doc and covered_letter(rnd, mail_doc)
        if letter_doc is None:
            continue
        note = enclosure_note(rnd, mail_doc, letter_doc)
        if note:
            notes.append(note)
        for addressee in addressees(project, letter_doc):
            if not addressee.email:
                notes.append(missing_address(addressee, rnd, mail_doc))
                continue
            _, why = check_address(addressee.email)
            if why:
                errors.append(Problem(addressee.email_where, why))
    return list(dict.fromkeys(notes)), list(dict.fromkeys(errors))


def missing_address(addressee: Addressee, rnd: Round, mail_doc: SourcedDocument) -> Problem:
    return Problem(
        addressee.where,
        f"{addressee.name} har ingen e-mailadresse og får derfor ikke brevet i runden {rnd.id} "
        f"med e-mail ({mail_doc.source.display}); skriv adressen her, fx "
        "'email: postkasse@eksempel.dk'",
    )


def enclosure_note(
    rnd: Round, mail_doc: SourcedDocument, letter_doc: SourcedDocument
) -> Problem | None:
    """A note when the letter names enclosures brevgen does not make and the e-mail attaches
    no files of the round's folder: the recipients would read "Der vedlægges …" and find
    nothing."""
    external = [e for e in letter_doc.model.enclosures if isinstance(e, ExternalEnclosure)]
    if not external or mail_doc.model.attach_files:
        return None
    one = len(external) == 1
    count, files, names, them = (
        ("et bilag", "filen", "dens navn", "det")
        if one
        else (f"{len(external)} bilag", "filerne", "deres navne", "dem")
    )
    return Problem(
        mail_doc.source.where(),
        f"{letter_doc.source.display} nævner {count}, som brevgen ikke danner, og som "
        f"e-mailen derfor ikke har med; læg {files} i content/{rnd.id}/, og skriv {names} "
        f"under 'vedhaeft_filer:', eller send {them} på anden vis",
    )
