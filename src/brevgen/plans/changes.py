"""What ``brevgen diff A B`` makes: the change report (HTML and PDF) and a Word file with
tracked changes for each pair of documents, in ``build/aendringer/<A>--<B>/``.

Documents are compared as their readers get them: merged, laid out by their own HTML layout
and read back as paragraphs (:mod:`brevgen.render.text`). A letter is compared as its first
recipient gets it; a contract over the first issued row of the round's sample register
(``kontrakter-eksempel.xlsx``), or, without one, as its text is written, merge fields and
all. The report says so.
"""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from brevgen.content.context import recipients
from brevgen.content.models import Appendix, Brochure, Contract, Letter, Mail, Page
from brevgen.content.project import Project, Round, SourcedDocument
from brevgen.diff.facts import round_facts
from brevgen.diff.pairing import Pair, pair_documents
from brevgen.diff.paragraphs import Block
from brevgen.errors import BrevgenError, ContentError, Problem
from brevgen.pipeline.plan import Plan
from brevgen.render import Options
from brevgen.render.html import HtmlBuilder
from brevgen.render.text import blocks
from brevgen.rounds.revision import Side, load_sides
from brevgen.views import View
from brevgen.views.changes import Compared, report_view, tracked_views
from brevgen.views.letters import appendix_view, letter_views
from brevgen.views.mail import mail_views
from brevgen.views.publications import brochure_view, page_view

from .documents import SAMPLE_REGISTER

REPORT = "aendringer"  # aendringer.html, aendringer.pdf


@dataclass
class Comparison:
    """What a diff plan compares, for the command to tell."""

    sides: tuple[Side, Side]
    compared: list[Compared]
    folder: str  # ``ok15-regioner--ok18-regioner``

    @property
    def changed(self) -> list[Compared]:
        return [c for c in self.compared if c.a != c.b]


def folder_name(a: Side, b: Side) -> str:
    return f"{a.label}--{b.label}"


def plan_changes(root: Path, spec_a: str, spec_b: str, options: Options) -> tuple[Plan, Comparison]:
    """Load both sides and plan the report and the Word files (paths relative to the
    comparison's folder)."""
    with ExitStack() as stack:
        a, b = load_sides(root, [spec_a, spec_b], stack)
        return _plan(root, a, b, options)


def _plan(root: Path, a: Side, b: Side, options: Options) -> tuple[Plan, Comparison]:
    html = HtmlBuilder(root / "templates")
    pairs = pair_documents(a.round, b.round)
    problems: list[Problem] = []
    notes: list[str] = []
    compared: list[Compared] = []
    names: set[str] = set()
    for pair in pairs:
        try:
            texts = [
                _text(html, side, doc, notes) if doc else ([], "")
                for side, doc in ((a, pair.a), (b, pair.b))
            ]
        except BrevgenError as exc:
            problems.extend(exc.problems)
            continue
        name = _unique(_file_stem(pair), names)
        title = texts[1][1] or texts[0][1]
        compared.append(Compared(pair, title, tuple(texts[0][0]), tuple(texts[1][0]), name))
    if problems:
        raise ContentError(list(dict.fromkeys(problems)))
    date = _change_date(b)
    labels = (a.label, b.label)
    plan = Plan(root, options)
    for item in compared:
        views = tracked_views(item, labels, date)
        plan.add(item.docx, "sporet", views, "", inputs=_inputs(a, b, item.pair))
    facts = round_facts(a.project, a.round, b.project, b.round, pairs)
    report = report_view(
        labels,
        (a.describe(), b.describe()),
        facts,
        compared,
        list(dict.fromkeys(notes)),
        date,
        (a.round.source.display, b.round.source.display),
    )
    identity = f"aendringer/{folder_name(a, b)}"
    plan.add(f"{REPORT}.html", "html", [report], identity)
    plan.add(f"{REPORT}.pdf", "pdf", [report], identity)
    return plan, Comparison((a, b), compared, folder_name(a, b))


def _file_stem(pair: Pair) -> str:
    if pair.a is None:
        return f"{pair.name}-ny"
    if pair.b is None:
        return f"{pair.name}-udgaaet"
    return pair.name


def _unique(stem: str, taken: set[str]) -> str:
    name, number = f"{stem}.docx", 2
    while name in taken:
        name, number = f"{stem}-{number}.docx", number + 1
    taken.add(name)
    return name


def _inputs(a: Side, b: Side, pair: Pair) -> tuple[str, ...]:
    """The content files a pair's Word file was made from (a revision's as ``rev:path``)."""
    found = []
    for side, doc in ((a, pair.a), (b, pair.b)):
        if doc is not None:
            prefix = f"{side.revision}:" if side.revision else ""
            found.append(prefix + doc.source.display)
    return tuple(found)


def _change_date(side: Side) -> dt.date | None:
    """The date of the changes: a revision's commit date, else the latest date of the later
    version's documents (a letter's date), else the first day of its offer."""
    if side.revision is not None:
        return side.committed
    dates = []
    for doc in side.round.documents.values():
        model = doc.model
        if isinstance(model, Letter | Appendix | Brochure) and model.date:
            dates.append(model.date)
        elif isinstance(model, Page):
            dates.append(model.updated)
    period = side.round.info.period
    return max(dates) if dates else (period.start if period else None)


def _text(html: HtmlBuilder, side: Side, doc: SourcedDocument, notes: list[str]):
    """(paragraphs, title) of one document as its reader gets it."""
    view = _view(side.project, side.round, doc, notes)
    if view is None:  # a contract without a sample register, a mail with no recipient
        return _written(doc), getattr(doc.model, "title", None) or doc.model.subject
    return blocks(html.source(view)), view.title


def _view(project: Project, rnd: Round, doc: SourcedDocument, notes: list[str]) -> View | None:
    model = doc.model
    if isinstance(model, Letter):
        first = recipients(project, model)
        if len(first) > 1:
            notes.append(
                "Et brev med flere modtagere er sammenlignet, som den første modtager får det."
            )
        return letter_views(project, rnd, doc)[0].letter
    if isinstance(model, Appendix):
        authors = " og ".join(p.name for p in project.registers.parties.values())
        date = model.date or (rnd.info.period.start if rnd.info.period else dt.date(1980, 1, 1))
        return appendix_view(project, rnd, doc, authors, date)
    if isinstance(model, Page):
        return page_view(project, rnd, doc)
    if isinstance(model, Brochure):
        return brochure_view(project, doc)
    if isinstance(model, Contract):
        return _sample_contract(project, rnd, notes)
    if isinstance(model, Mail):
        drafts = mail_views(project, rnd, stand_in=True).drafts
        if drafts:
            notes.append("En mail er sammenlignet, som den første modtager får den.")
            return drafts[0].view
    return None


def _sample_contract(project: Project, rnd: Round, notes: list[str]) -> View | None:
    from brevgen.contracts.process import process
    from brevgen.contracts.round_terms import round_terms
    from brevgen.views.contracts import ContractViews

    sample = rnd.folder / SAMPLE_REGISTER
    if sample.is_file():
        outcome = process(sample, round_terms(project, rnd))
        if outcome.issued:
            notes.append(
                "En kontrakt er sammenlignet, som den ser ud for den første godkendte række i "
                f"rundens {SAMPLE_REGISTER}."
            )
            return ContractViews(project, rnd).view(outcome.issued[0])
    notes.append(
        "En kontrakt uden et eksempel på et kontraktregister er sammenlignet, som teksten er "
        "skrevet, med flettefelterne for den enkelte sag."
    )
    return None


def _written(doc: SourcedDocument) -> list[Block]:
    model = doc.model
    if isinstance(model, Mail):
        return [Block("Heading 1", model.subject), *_plain(model.body)]
    out = [Block("Heading 1", model.title), *_plain(model.intro)]
    for number, section in enumerate(model.sections, start=1):
        out.append(Block("Heading 2", f"{number}. {section.heading}"))
        out.extend(_plain(section.body))
    out.extend(_plain(model.signing))
    return out


def _plain(text: str) -> list[Block]:
    return [Block("", " ".join(part.split())) for part in text.split("\n\n") if part.strip()]
