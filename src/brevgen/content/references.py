"""Cross-references between rounds, documents and registers: every id must exist."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from brevgen.content.logos import read_logo
from brevgen.content.models import Appendix, Brochure, Contract, Letter, Mail, Page
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
    problems.extend(_check_logos(registers))
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
        problems.extend(_check_mails(rnd, registers))
        problems.extend(_check_frame(rnd))
        for doc in rnd.documents.values():
            problems.extend(_check_document(doc, rnd, registers, round_providers, rounds))
            problems.extend(_check_predecessor(doc, rnd, rounds))
    return problems


def _check_frame(rnd) -> list[Problem]:
    """A frame's budget years are written or derived from the offer period (models.py)."""
    frame = rnd.info.frame
    if frame is None or frame.years or "tilbudsperiode" in rnd.dropped:
        return []
    return [
        Problem(
            rnd.source.where(("ramme",)),
            "rammens budgetår kan ikke udledes, fordi runden ingen tilbudsperiode har; skriv "
            "'tilbudsperiode' eller budgetårene under 'ramme' som 'aar'",
        )
    ]


def _check_predecessor(doc, rnd, rounds) -> list[Problem]:
    """``forgaenger: runde/dokument`` names a document of another round that exists."""
    link = doc.model.predecessor
    if link is None:
        return []
    where = doc.source.where(("forgaenger",), value=True)
    round_id, _, doc_id = link.partition("/")
    if not round_id or not doc_id or "/" in doc_id:
        return [Problem(where, f"'{link}' skal skrives som runde/dokument, fx ok15-regioner/brev")]
    if round_id == rnd.id:
        return [Problem(where, f"forgængeren skal være et dokument i en anden runde end {rnd.id}")]
    earlier = rounds.get(round_id)
    if earlier is None:
        if (rnd.folder.parent / round_id / "runde.yaml").exists():
            return []  # a round that failed to load: reported already
        others = [r for r in rounds if r != rnd.id]
        return [_unknown("runden", round_id, others, where)]
    if doc_id not in earlier.documents and doc_id not in earlier.invalid:
        return [
            Problem(
                where,
                f"dokumentet '{doc_id}' findes ikke i runden {round_id}; gyldige: "
                f"{_choices(earlier.documents) or '(ingen dokumenter i runden)'}",
            )
        ]
    return []


def _check_document(doc, rnd, registers, round_providers, rounds) -> list[Problem]:
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
    if isinstance(model, Page):
        problems.extend(_check_page(doc, registers))
    if isinstance(model, Brochure):
        problems.extend(_check_brochure(doc, rnd, registers, rounds))
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


def _only_one(rnd, kind: type, noun: str) -> tuple[list, list[Problem]]:
    """The round's documents of ``kind``, and a problem at each one after the first."""
    docs = [d for d in rnd.documents.values() if isinstance(d.model, kind)]
    problems = [
        Problem(
            extra.source.where(("type",), value=True),
            f"runden {rnd.id} har allerede en {noun} ({docs[0].id}); "
            f"der må kun være én {noun} pr. runde",
        )
        for extra in docs[1:]
    ]
    return docs, problems


def _check_mails(rnd, registers) -> list[Problem]:
    """A round has at most one covering e-mail; it names a letter of the round, a sender
    with an e-mail address, and files that are in the round's folder."""
    mails, problems = _only_one(rnd, Mail, "mail")
    letters = sorted(d for d, v in rnd.documents.items() if isinstance(v.model, Letter))
    for doc in mails[:1]:
        src, mail = doc.source, doc.model
        if mail.letter is None and len(letters) != 1:
            message = (
                f"nøglen 'brev' mangler; runden {rnd.id} har flere breve: {_choices(letters)}"
                if letters
                else f"runden {rnd.id} har intet brev, som mailen kan sende"
            )
            problems.append(Problem(src.where(), message))
        elif mail.letter is not None and mail.letter not in letters:
            if mail.letter not in rnd.invalid:
                where = src.where(("brev",), value=True)
                valid = _choices(letters) or "(intet brev i runden)"
                message = f"brevet '{mail.letter}' findes ikke i runden {rnd.id}; gyldige: {valid}"
                problems.append(Problem(where, message))
        where = src.where(("afsender",), value=True)
        person = registers.people.get(mail.sender)
        if person is None:
            problems.append(_unknown("personen", mail.sender, registers.people, where))
        elif not person.email:
            problems.append(
                Problem(
                    where,
                    f"afsenderen '{mail.sender}' ({person.name}) har ingen e-mailadresse; "
                    "skriv den som 'email:' i content/registre/personer.yaml, eller vælg en "
                    "anden afsender",
                )
            )
        for i, name in enumerate(mail.attach_files):
            path = PurePosixPath(name)
            inside = not path.is_absolute() and ".." not in path.parts and "\\" not in name
            if not inside or not (rnd.folder / path).is_file():
                problems.append(
                    Problem(
                        src.where(("vedhaeft_filer", i)),
                        f"filen '{name}' findes ikke i content/{rnd.id}/; læg filen i "
                        "rundens mappe, og skriv dens navn (eller sti i mappen) her",
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
    contracts, problems = _only_one(rnd, Contract, "kontrakt")
    if not contracts:
        return []
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


def _check_lists(src, base: tuple, section, registers, providers: list[str] | None, rnd_id: str):
    """Themes and providers of one page or brochure section (``providers``: the round's)."""
    for i, ref in enumerate(section.themes):
        if ref.id not in registers.themes:
            where = src.where((*base, "temaer", i))
            yield _unknown("temaet", ref.id, registers.themes, where)
    for i, ref in enumerate(section.providers):
        where = src.where((*base, "udbydere", i))
        if ref.id not in registers.providers:
            yield _unknown("udbyderen", ref.id, registers.providers, where)
        elif providers is not None and ref.id not in providers:
            yield Problem(
                where,
                f"udbyderen '{ref.id}' er ikke med i runden {rnd_id}; "
                f"gyldige: {_choices(providers) or '(ingen udbydere i runden)'}",
            )


MAX_PAGE_DEPTH = 3  # sections are h2, sub-sections h3, theirs h4


def _page_sections(sections, base: tuple, depth: int = 1):
    """Every section of a page with its location and depth (1 = a top section), depth first."""
    for i, section in enumerate(sections):
        loc = (*base, i)
        yield loc, section, depth
        yield from _page_sections(section.sections, (*loc, "afsnit"), depth + 1)


def _check_page(doc, registers) -> list[Problem]:
    src, page = doc.source, doc.model
    problems: list[Problem] = []
    numbers: set[int] = set()
    for loc, section, depth in _page_sections(page.sections, ("sektioner",)):
        problems.extend(_check_lists(src, loc, section, registers, None, ""))
        if depth == MAX_PAGE_DEPTH and section.sections:
            problems.append(
                Problem(
                    src.where((*loc, "afsnit")),
                    f"afsnit kan højst ligge {MAX_PAGE_DEPTH} niveauer inde (overskrifterne "
                    "h2, h3 og h4); flyt disse afsnit et niveau op",
                )
            )
        numbers.update(m.number for m in section.models)
    for region, choice in page.model_choices.items():
        if region not in registers.regions:
            where = src.where(("modelvalg", region))
            problems.append(_unknown("regionen", region, registers.regions, where))
        if choice.model not in numbers:
            where = src.where(("modelvalg", region, "model"), value=True)
            valid = ", ".join(str(n) for n in sorted(numbers)) or "(ingen modeller på siden)"
            message = f"modellen {choice.model} findes ikke; gyldige: {valid}"
            problems.append(Problem(where, message))
    return problems


def _check_brochure(doc, rnd, registers, rounds) -> list[Problem]:
    src, brochure = doc.source, doc.model
    problems: list[Problem] = []
    for i, party in enumerate(brochure.senders):
        if party not in registers.parties:
            where = src.where(("afsendere", i))
            problems.append(_unknown("afsenderen", party, registers.parties, where))
    source_round = rounds.get(brochure.round)
    if source_round is None:
        # A round folder that exists but failed to load has been reported already.
        if not (rnd.folder.parent / brochure.round / "runde.yaml").exists():
            where = src.where(("runde",), value=True)
            others = [r for r in rounds if r != rnd.id]
            problems.append(_unknown("runden", brochure.round, others, where))
        providers = None
    else:
        providers = [p.id for p in source_round.info.providers]
    for i, section in enumerate(brochure.sections):
        problems.extend(
            _check_lists(src, ("sektioner", i), section, registers, providers, brochure.round)
        )
    if brochure.back is not None:
        for i, person in enumerate(brochure.back.contacts):
            if person not in registers.people:
                where = src.where(("bagside", "kontakter", i))
                problems.append(_unknown("personen", person, registers.people, where))
    return problems


def _check_logos(registers) -> list[Problem]:
    """Every party's logo file is there and is an SVG or PNG with a size."""
    source = registers.files.get("parter")
    problems = []
    for index, item in enumerate(source.data["parter"] if source else []):
        party = registers.parties.get(item.get("id")) if isinstance(item, dict) else None
        if party is None or party.logo is None:
            continue
        try:
            read_logo(source.path.parent, party.logo.file)
        except ValueError as exc:
            where = source.where(("parter", index, "logo", "fil"), value=True)
            problems.append(Problem(where, str(exc)))
    return problems
