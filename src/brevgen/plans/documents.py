"""Every round's documents as outputs: what ``brevgen build`` makes.

Per recipient of a letter: the letter as PDF and DOCX, each enclosed appendix as PDF and DOCX,
and the letter with its appendices as one PDF (``brev-med-bilag.pdf``); an appendix no letter
encloses on its own; a web page as one HTML file; a brochure as a PDF (with ``--tryk`` also
one for the printer beside it); and a round's sample contracts register
(``kontrakter-eksempel.xlsx``) run into ``kontrakter-eksempel/``, so the contract layout is
exercised and staff can see what a run gives.

All content problems are collected before anything is planned further: one run shows all.
"""

from __future__ import annotations

from pathlib import Path

from brevgen.content.models import Appendix, Brochure, Letter, Page
from brevgen.content.project import Project, load_project
from brevgen.errors import BrevgenError, ContentError, Problem
from brevgen.pipeline.plan import Plan
from brevgen.render import Options
from brevgen.views.letters import letter_views, standalone_appendix
from brevgen.views.publications import (
    brochure_view,
    brochure_warnings,
    page_view,
    print_view,
)

from .contracts import REGISTER_FILES, add_register, has_contract, prepare

# Its output folder is not the one ``brevgen contracts`` uses by default, so a real run is
# never overwritten by the sample.
SAMPLE_REGISTER = "kontrakter-eksempel.xlsx"
SAMPLE_FOLDER = "kontrakter-eksempel"


def plan_documents(root: Path, options: Options, only_round: str | None = None) -> Plan:
    """Load the content and plan every output of every round (or of one)."""
    return plan_project(load_project(root, only_round), options)


def plan_project(project: Project, options: Options, *, samples: bool = True) -> Plan:
    """Plan every output of a loaded project's rounds; without ``samples``, the rounds'
    documents only (a workbench plans the sample contracts after the previews)."""
    plan = Plan(project.root, options)
    problems: list[Problem] = []
    for rnd in project.rounds.values():
        try:
            _plan_round(plan, project, rnd, problems)
        except BrevgenError as exc:
            problems.extend(exc.problems)
        if samples:
            try:
                add_sample(plan, project, rnd)
            except BrevgenError as exc:
                problems.extend(exc.problems)
    if problems:
        raise ContentError(list(dict.fromkeys(problems)))
    return plan


def add_sample(plan: Plan, project: Project, rnd) -> None:
    """Plan a round's sample contracts register (``kontrakter-eksempel.xlsx``), if it has one."""
    sample = rnd.folder / SAMPLE_REGISTER
    if sample.is_file() and has_contract(rnd):
        register = prepare(project, rnd.id, sample)
        add_register(plan, register, f"{rnd.id}/{SAMPLE_FOLDER}/")


def _plan_round(plan: Plan, project: Project, rnd, problems: list[Problem]) -> None:
    def collect(make):
        try:
            return make()
        except ContentError as exc:
            problems.extend(exc.problems)
            return None

    enclosed: set[str] = set()
    for doc in rnd.documents.values():
        if isinstance(doc.model, Letter):
            enclosed.update(e for e in doc.model.enclosures if isinstance(e, str))
            for m in collect(lambda d=doc: letter_views(project, rnd, d)) or []:
                folder = f"{rnd.id}/{m.recipient_slug}"
                letter = m.letter
                add = _adder(plan, batch=folder)
                add(f"{folder}/{letter.slug}.pdf", "pdf", [letter], f"{folder}/{letter.slug}")
                add(f"{folder}/{letter.slug}.docx", "docx", [letter])
                for view in m.appendices:
                    # The same appendix in every recipient's folder: the same bytes.
                    add(f"{folder}/{view.slug}.pdf", "pdf", [view], f"{rnd.id}/{view.slug}")
                    add(f"{folder}/{view.slug}.docx", "docx", [view])
                if m.appendices:
                    combined = f"{folder}/{letter.slug}-med-bilag"
                    add(f"{combined}.pdf", "pdf", [letter, *m.appendices], combined)
    for doc in rnd.documents.values():
        if isinstance(doc.model, Appendix) and doc.id not in enclosed:
            view = collect(lambda d=doc: standalone_appendix(project, rnd, d))
            if view is not None:
                add = _adder(plan)
                add(f"{rnd.id}/{view.slug}.pdf", "pdf", [view], f"{rnd.id}/{view.slug}")
                add(f"{rnd.id}/{view.slug}.docx", "docx", [view])
    for doc in rnd.documents.values():
        if isinstance(doc.model, Page):
            view = collect(lambda d=doc: page_view(project, rnd, d))
            if view is not None:
                _adder(plan)(f"{rnd.id}/{view.slug}.html", "html", [view])
        elif isinstance(doc.model, Brochure):
            view = collect(lambda d=doc: brochure_view(project, d))
            if view is not None:
                plan.warnings.extend(brochure_warnings(project, doc))
                path = f"{rnd.id}/{view.slug}"
                _adder(plan)(f"{path}.pdf", "pdf", [view], path)
                if plan.options.tryk:  # for the printer, beside the screen version
                    printed = print_view(view)
                    path = f"{rnd.id}/{printed.slug}"
                    _adder(plan)(f"{path}.pdf", "pdf", [printed], path)


def _adder(plan: Plan, batch: str = ""):
    def add(path: str, fmt: str, views: list, identity: str = "") -> None:
        plan.add(path, fmt, views, identity, inputs=REGISTER_FILES, batch=batch)

    return add
