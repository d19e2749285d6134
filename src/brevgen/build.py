"""``brevgen build``: content -> views -> bytes -> files, in three phases.

1. Plan: load and validate all content and fill every merge field (all problems at once).
2. Render: every output file's bytes in memory (a template error stops before any write).
3. Write: each file atomically; unchanged files are left alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from brevgen.content.models import Appendix, Brochure, Letter, Page
from brevgen.content.project import Project, Round, load_project
from brevgen.documents import Mailing, View, appendix_view, letter_views
from brevgen.errors import BrevgenError, ContentError, Problem
from brevgen.output import write_bytes
from brevgen.publications import brochure_view, page_view
from brevgen.render.docx import DocxBuilder
from brevgen.render.pdf import PdfBuilder

Progress = Callable[[str], None]


@dataclass
class Plan:
    """Everything one build will write, by round."""

    project: Project
    mailings: dict[str, list[Mailing]] = field(default_factory=dict)
    standalone: dict[str, list[View]] = field(default_factory=dict)
    pages: dict[str, list[View]] = field(default_factory=dict)  # web pages: HTML only
    brochures: dict[str, list[View]] = field(default_factory=dict)  # PDF only

    def count(self) -> int:
        files = 0
        for mailings in self.mailings.values():
            for m in mailings:
                files += 3 + 2 * len(m.appendices) if m.appendices else 2
        files += sum(2 * len(v) for v in self.standalone.values())
        files += sum(len(v) for v in self.pages.values())
        files += sum(len(v) for v in self.brochures.values())
        return files


@dataclass
class BuildResult:
    out: Path
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def plan(root: Path, only_round: str | None = None) -> Plan:
    """Load content and make every view; collect all content problems before failing."""
    project = load_project(root, only_round)
    result = Plan(project)
    problems: list[Problem] = []
    for rnd in project.rounds.values():
        result.mailings[rnd.id] = []
        enclosed: set[str] = set()
        for doc in rnd.documents.values():
            if isinstance(doc.model, Letter):
                enclosed.update(e for e in doc.model.enclosures if isinstance(e, str))
                try:
                    result.mailings[rnd.id].extend(letter_views(project, rnd, doc))
                except ContentError as exc:
                    problems.extend(exc.problems)
        result.standalone[rnd.id] = []
        for doc in rnd.documents.values():
            if isinstance(doc.model, Appendix) and doc.id not in enclosed:
                try:
                    result.standalone[rnd.id].append(_standalone(project, rnd, doc))
                except ContentError as exc:
                    problems.extend(exc.problems)
        result.pages[rnd.id] = []
        result.brochures[rnd.id] = []
        for doc in rnd.documents.values():
            try:
                if isinstance(doc.model, Page):
                    result.pages[rnd.id].append(page_view(project, rnd, doc))
                elif isinstance(doc.model, Brochure):
                    result.brochures[rnd.id].append(brochure_view(project, doc))
            except ContentError as exc:
                problems.extend(exc.problems)
    if problems:
        raise ContentError(list(dict.fromkeys(problems)))
    return result


def _standalone(project: Project, rnd: Round, doc) -> View:
    author = " og ".join(p.name for p in project.registers.parties.values())
    date = rnd.info.period.start if rnd.info.period else None
    if doc.model.date is None and date is None:
        raise ContentError([Problem(doc.source.where(), "nøglen 'dato' mangler")])
    return appendix_view(project, rnd, doc, author, doc.model.date or date)


class Renderer:
    """Renders views to PDF and DOCX bytes, each distinct view only once per run."""

    def __init__(self, templates: Path) -> None:
        self.pdf = PdfBuilder(templates)
        self.docx = DocxBuilder(templates)
        self._layouts: dict[tuple, object] = {}
        self._bytes: dict[tuple, bytes] = {}

    def _key(self, round_id: str, view: View) -> tuple:
        return (round_id, view.slug, view.title, repr(sorted(view.context.items(), key=str)))

    def layout(self, round_id: str, view: View):
        key = self._key(round_id, view)
        if key not in self._layouts:
            self._layouts[key] = self.pdf.layout(view)
        return self._layouts[key]

    def pdf_bytes(self, round_id: str, views: list[View], identity: str) -> bytes:
        key = ("pdf", identity, *(self._key(round_id, v) for v in views))
        if key not in self._bytes:
            docs = [self.layout(round_id, v) for v in views]
            self._bytes[key] = self.pdf.write(docs, identity)
        return self._bytes[key]

    def html_bytes(self, view: View) -> bytes:
        return self.pdf.html.render(view).encode("utf-8")

    def docx_bytes(self, round_id: str, view: View) -> bytes:
        key = ("docx", self._key(round_id, view))
        if key not in self._bytes:
            self._bytes[key] = self.docx.render(view)
        return self._bytes[key]


def render_plan(the_plan: Plan, templates: Path, progress: Progress | None = None):
    """Yield (relative path, bytes) for every output file of the plan."""
    renderer = Renderer(templates)
    for round_id, mailings in the_plan.mailings.items():
        for m in mailings:
            folder = f"{round_id}/{m.recipient_slug}"
            letter = m.letter
            yield (
                f"{folder}/{letter.slug}.pdf",
                renderer.pdf_bytes(
                    round_id, [letter], f"{round_id}/{m.recipient_slug}/{letter.slug}"
                ),
            )
            yield f"{folder}/{letter.slug}.docx", renderer.docx_bytes(round_id, letter)
            for app in m.appendices:
                yield (
                    f"{folder}/{app.slug}.pdf",
                    renderer.pdf_bytes(round_id, [app], f"{round_id}/{app.slug}"),
                )
                yield f"{folder}/{app.slug}.docx", renderer.docx_bytes(round_id, app)
            if m.appendices:
                yield (
                    f"{folder}/{letter.slug}-med-bilag.pdf",
                    renderer.pdf_bytes(
                        round_id,
                        [letter, *m.appendices],
                        f"{round_id}/{m.recipient_slug}/{letter.slug}-med-bilag",
                    ),
                )
    for round_id, views in the_plan.standalone.items():
        for view in views:
            yield (
                f"{round_id}/{view.slug}.pdf",
                renderer.pdf_bytes(round_id, [view], f"{round_id}/{view.slug}"),
            )
            yield f"{round_id}/{view.slug}.docx", renderer.docx_bytes(round_id, view)
    for round_id, views in the_plan.pages.items():
        for view in views:
            yield f"{round_id}/{view.slug}.html", renderer.html_bytes(view)
    for round_id, views in the_plan.brochures.items():
        for view in views:
            yield (
                f"{round_id}/{view.slug}.pdf",
                renderer.pdf_bytes(round_id, [view], f"{round_id}/{view.slug}"),
            )


def build(
    root: Path, out: Path, only_round: str | None = None, progress: Progress | None = None
) -> BuildResult:
    """Build every round (or one) from ``root`` into ``out``."""
    started = time.perf_counter()
    the_plan = plan(root, only_round)
    files = dict(render_plan(the_plan, root / "templates"))
    result = BuildResult(out)
    for relative, data in files.items():
        path = out / relative
        (result.written if write_bytes(path, data) else result.unchanged).append(path)
        if progress:
            progress(relative)
    result.seconds = time.perf_counter() - started
    return result


def check(root: Path) -> int:
    """Validate content and templates without writing; return the number of files planned."""
    the_plan = plan(root)
    renderer = Renderer(root / "templates")
    for round_id, mailings in the_plan.mailings.items():
        for m in mailings[:1]:
            for view in (m.letter, *m.appendices):
                renderer.pdf.html.render(view)
                renderer.docx_bytes(round_id, view)
    for views in (*the_plan.pages.values(), *the_plan.brochures.values()):
        for view in views:
            renderer.html_bytes(view)
    return the_plan.count()


__all__ = ["build", "check", "plan", "BuildResult", "BrevgenError"]
