"""``brevgen build``: content -> views -> bytes -> files, in three phases.

1. Plan: load and validate all content and fill every merge field (all problems at once).
2. Render: every output file's bytes in memory (a template error stops before any write).
3. Write: each file atomically; unchanged files are left alone.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from brevgen import manifest
from brevgen.content.models import REGISTERS, Appendix, Brochure, Contract, Letter, Page
from brevgen.content.project import Project, Round, load_project
from brevgen.contracts.run import Prepared, contract_identity, prepare, report_bytes_for
from brevgen.documents import Mailing, View, appendix_view, letter_views
from brevgen.errors import BrevgenError, ContentError, Problem
from brevgen.fingerprint import Fingerprints
from brevgen.output import write_bytes
from brevgen.publications import brochure_view, page_view

Progress = Callable[[str], None]
# A round's sample contracts register: every build runs it, so the contract layout is
# exercised and staff can see what a run gives. Its output folder is not the one
# ``brevgen contracts`` uses by default, so a real run is never overwritten by the sample.
SAMPLE_REGISTER = "kontrakter-eksempel.xlsx"
SAMPLE_FOLDER = "kontrakter-eksempel"


@dataclass
class Plan:
    """Everything one build will write, by round."""

    project: Project
    mailings: dict[str, list[Mailing]] = field(default_factory=dict)
    standalone: dict[str, list[View]] = field(default_factory=dict)
    pages: dict[str, list[View]] = field(default_factory=dict)  # web pages: HTML only
    brochures: dict[str, list[View]] = field(default_factory=dict)  # PDF only
    contracts: dict[str, Prepared] = field(default_factory=dict)  # sample registers

    def count(self) -> int:
        files = 0
        for mailings in self.mailings.values():
            for m in mailings:
                files += 3 + 2 * len(m.appendices) if m.appendices else 2
        files += sum(2 * len(v) for v in self.standalone.values())
        files += sum(len(v) for v in self.pages.values())
        files += sum(len(v) for v in self.brochures.values())
        files += sum(2 * len(p.outcome.issued) + 1 for p in self.contracts.values())
        return files


@dataclass
class BuildResult:
    out: Path
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # rendered, same bytes as before
    skipped: list[Path] = field(default_factory=list)  # not rendered: nothing it uses changed
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
        sample = rnd.folder / SAMPLE_REGISTER
        if sample.is_file() and any(isinstance(d.model, Contract) for d in rnd.documents.values()):
            try:
                result.contracts[rnd.id] = prepare(project, rnd.id, sample)
            except BrevgenError as exc:
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
    """Renders views to PDF and DOCX bytes; a view shared by many outputs is laid out once."""

    def __init__(self, templates: Path, variant: str = "pdf/ua-1") -> None:
        # Imported here: WeasyPrint and docxtpl take a second to load, and a build in which
        # nothing changed never needs them.
        from brevgen.render.docx import DocxBuilder
        from brevgen.render.pdf import PdfBuilder

        self.pdf = PdfBuilder(templates, variant)
        self.docx = DocxBuilder(templates)
        self._layouts: dict[int, object] = {}

    def layout(self, view: View):
        if id(view) not in self._layouts:
            self._layouts[id(view)] = self.pdf.layout(view)
        return self._layouts[id(view)]

    def pdf_bytes(self, views: list[View], identity: str) -> bytes:
        docs = [self.layout(v) for v in views]
        return self.pdf.write(docs, identity, views[0].title, views[0].date)

    def docx_bytes(self, view: View) -> bytes:
        return self.docx.render(view)

    def html_bytes(self, view: View) -> bytes:
        return self.pdf.html.render(view).encode("utf-8")


@dataclass
class Output:
    """One file a build may write, and what it depends on; ``make`` renders it."""

    path: str
    fingerprint: str
    inputs: list[str]
    make: Callable[[], bytes]


def outputs(the_plan: Plan, root: Path, variant: str = "pdf/ua-1") -> list[Output]:
    """Every output file of the plan, not yet rendered."""
    renderer: list[Renderer] = []  # made on first use

    def render() -> Renderer:
        if not renderer:
            renderer.append(Renderer(root / "templates", variant))
        return renderer[0]

    prints = Fingerprints(root, variant)
    registers = [f"content/registre/{name}.yaml" for name in REGISTERS]
    result: list[Output] = []

    def pdf(rel: str, views: list[View], identity: str) -> None:
        fingerprint, layouts = prints.of("html", views, identity)
        inputs = [*layouts, *(i for v in views for i in v.inputs), *registers]
        result.append(Output(rel, fingerprint, inputs, lambda: render().pdf_bytes(views, identity)))

    def html(rel: str, view: View) -> None:
        fingerprint, layouts = prints.of("html", [view], "")
        inputs = [*layouts, *view.inputs, *registers]
        result.append(Output(rel, fingerprint, inputs, lambda: render().html_bytes(view)))

    def docx(rel: str, view: View) -> None:
        fingerprint, layouts = prints.of("docx", [view], "")
        inputs = [*layouts, *view.inputs, *registers]
        result.append(Output(rel, fingerprint, inputs, lambda: render().docx_bytes(view)))

    for round_id, mailings in the_plan.mailings.items():
        for m in mailings:
            folder = f"{round_id}/{m.recipient_slug}"
            pdf(f"{folder}/{m.letter.slug}.pdf", [m.letter], f"{folder}/{m.letter.slug}")
            docx(f"{folder}/{m.letter.slug}.docx", m.letter)
            for view in m.appendices:
                # The same appendix in every recipient's folder: the same bytes.
                pdf(f"{folder}/{view.slug}.pdf", [view], f"{round_id}/{view.slug}")
                docx(f"{folder}/{view.slug}.docx", view)
            if m.appendices:
                combined = f"{folder}/{m.letter.slug}-med-bilag"
                pdf(f"{combined}.pdf", [m.letter, *m.appendices], combined)
    for round_id, views in the_plan.standalone.items():
        for view in views:
            pdf(f"{round_id}/{view.slug}.pdf", [view], f"{round_id}/{view.slug}")
            docx(f"{round_id}/{view.slug}.docx", view)
    for round_id, views in the_plan.pages.items():
        for view in views:
            html(f"{round_id}/{view.slug}.html", view)
    for round_id, views in the_plan.brochures.items():
        for view in views:
            pdf(f"{round_id}/{view.slug}.pdf", [view], f"{round_id}/{view.slug}")
    for round_id, prepared in the_plan.contracts.items():
        folder = f"{round_id}/{SAMPLE_FOLDER}"
        files: dict[int, list[str]] = {}
        for issued in prepared.outcome.issued:
            view = prepared.views.view(issued)
            pdf(f"{folder}/{issued.slug}.pdf", [view], contract_identity(prepared, issued))
            docx(f"{folder}/{issued.slug}.docx", view)
            files[issued.row] = [f"{issued.slug}.docx", f"{issued.slug}.pdf"]
        register = f"content/{round_id}/{SAMPLE_REGISTER}"
        digest = hashlib.sha256(f"{prints.code}|{files}|{prints.file(register)}".encode())
        digest.update(repr(prepared.outcome.rows()).encode())
        result.append(
            Output(
                f"{folder}/rapport.xlsx",
                digest.hexdigest(),
                [register, *prepared.views.inputs, *registers],
                lambda p=prepared, f=files: report_bytes_for(p, f),
            )
        )
    return result


def build(
    root: Path,
    out: Path,
    only_round: str | None = None,
    progress: Progress | None = None,
    variant: str = "pdf/ua-1",
    force: bool = False,
    planned: Callable[[int], None] | None = None,
) -> BuildResult:
    """Build every round (or one) from ``root`` into ``out``.

    An output whose fingerprint matches the manifest and whose file is intact is skipped
    without rendering; ``force`` renders everything. ``planned`` hears the number of files
    once the content is planned, ``progress`` the path of each file as it is done.
    """
    started = time.perf_counter()
    the_plan = plan(root, only_round)
    todo = outputs(the_plan, root, variant)
    if planned:
        planned(len(todo))
    result = BuildResult(out)
    recorded = manifest.load(out)
    for output in todo:
        path = out / output.path
        known = recorded.get(output.path, {})
        if not force and manifest.current(known, output.fingerprint, path):
            result.skipped.append(path)
        else:
            data = output.make()
            written = write_bytes(path, data)
            (result.written if written else result.unchanged).append(path)
            recorded[output.path] = manifest.entry(data, output.inputs, output.fingerprint)
            # Record as we go: an interrupted build keeps what it finished.
            if written:
                manifest.save(out, recorded)
        if progress:
            progress(output.path)
    manifest.save(out, recorded)
    result.seconds = time.perf_counter() - started
    return result


def verify(root: Path, out: Path) -> list[str]:
    """Rebuild in memory and list (in Danish) every file that differs from the manifest.

    Nothing is written: the fresh bytes are only hashed and compared.
    """
    recorded = manifest.load(out)
    if not recorded:
        return [f"{out}/{manifest.NAME} findes ikke; kør 'brevgen build' først"]
    differences = []
    fresh = {o.path: manifest.sha256(o.make()) for o in outputs(plan(root), root)}
    for relative, info in sorted(recorded.items()):
        path = out / relative
        if relative not in fresh:
            differences.append(f"{relative}: dannes ikke længere af indholdet")
        elif not path.exists():
            differences.append(f"{relative}: filen mangler i {out}")
        elif manifest.sha256(path.read_bytes()) != info["sha256"]:
            differences.append(f"{relative}: filen er ændret efter dannelsen")
        elif fresh[relative] != info["sha256"]:
            differences.append(f"{relative}: indholdet eller skabelonerne giver nu en anden fil")
    for relative in sorted(set(fresh) - set(recorded)):
        differences.append(f"{relative}: ny fil, som ikke er dannet endnu")
    return differences


def check(root: Path) -> int:
    """Validate content and templates without writing; return the number of files planned."""
    the_plan = plan(root)
    renderer = Renderer(root / "templates")
    for mailings in the_plan.mailings.values():
        for m in mailings[:1]:
            for view in (m.letter, *m.appendices):
                renderer.pdf.html.render(view)
                renderer.docx_bytes(view)
    for views in the_plan.standalone.values():
        for view in views:
            renderer.pdf.html.render(view)
            renderer.docx_bytes(view)
    for views in (*the_plan.pages.values(), *the_plan.brochures.values()):
        for view in views:
            renderer.html_bytes(view)
    for prepared in the_plan.contracts.values():
        for issued in prepared.outcome.issued[:1]:
            view = prepared.views.view(issued)
            renderer.pdf.html.render(view)
            renderer.docx_bytes(view)
    return the_plan.count()


__all__ = ["build", "check", "plan", "BuildResult", "BrevgenError"]
