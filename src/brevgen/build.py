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

from brevgen import manifest
from brevgen.content.models import REGISTERS, Appendix, Contract, Letter
from brevgen.content.project import Project, Round, load_project
from brevgen.contracts.run import FOLDER as CONTRACTS_FOLDER
from brevgen.contracts.run import ContractRenderer, Prepared, prepare, render_contracts
from brevgen.documents import Mailing, View, appendix_view, letter_views
from brevgen.errors import BrevgenError, ContentError, Problem
from brevgen.output import write_bytes
from brevgen.render.docx import DocxBuilder
from brevgen.render.pdf import PdfBuilder

Progress = Callable[[str], None]
# A round's sample contracts register, run by every build so the contract layout is seen.
SAMPLE_REGISTER = "kontrakter-eksempel.xlsx"


@dataclass
class Plan:
    """Everything one build will write, by round."""

    project: Project
    mailings: dict[str, list[Mailing]] = field(default_factory=dict)
    standalone: dict[str, list[View]] = field(default_factory=dict)
    contracts: dict[str, Prepared] = field(default_factory=dict)  # sample registers

    def count(self) -> int:
        files = 0
        for mailings in self.mailings.values():
            for m in mailings:
                files += 3 + 2 * len(m.appendices) if m.appendices else 2
        files += sum(2 * len(v) for v in self.standalone.values())
        files += sum(2 * len(p.outcome.issued) + 1 for p in self.contracts.values())
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
        sample = rnd.folder / SAMPLE_REGISTER
        if sample.is_file() and any(isinstance(d.model, Contract) for d in rnd.documents.values()):
            try:
                result.contracts[rnd.id] = prepare(project, rnd.id, sample)
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

    def __init__(self, templates: Path, variant: str = "pdf/ua-1") -> None:
        self.pdf = PdfBuilder(templates, variant)
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
            first = views[0]
            self._bytes[key] = self.pdf.write(docs, identity, first.title, first.date)
        return self._bytes[key]

    def docx_bytes(self, round_id: str, view: View) -> bytes:
        key = ("docx", self._key(round_id, view))
        if key not in self._bytes:
            self._bytes[key] = self.docx.render(view)
        return self._bytes[key]


# Layout files every PDF depends on, besides its own layout.
_PDF_INPUTS = ("templates/html/base.html", "templates/html/style.css", "templates/fonts")


def render_plan(the_plan: Plan, templates: Path, variant: str = "pdf/ua-1"):
    """Yield (relative path, bytes, inputs) for every output file of the plan."""
    renderer = Renderer(templates, variant)

    def pdf(round_id: str, rel: str, views: list[View]):
        inputs = [f"templates/html/{v.layout}.html" for v in views] + list(_PDF_INPUTS)
        inputs += [i for v in views for i in v.inputs]
        return rel, renderer.pdf_bytes(round_id, views, rel), inputs

    def docx(round_id: str, rel: str, view: View):
        inputs = [f"templates/docx/{view.layout}.docx", *view.inputs]
        return rel, renderer.docx_bytes(round_id, view), inputs

    for round_id, mailings in the_plan.mailings.items():
        for m in mailings:
            folder = f"{round_id}/{m.recipient_slug}"
            for view in (m.letter, *m.appendices):
                yield pdf(round_id, f"{folder}/{view.slug}.pdf", [view])
                yield docx(round_id, f"{folder}/{view.slug}.docx", view)
            if m.appendices:
                combined = f"{folder}/{m.letter.slug}-med-bilag.pdf"
                yield pdf(round_id, combined, [m.letter, *m.appendices])
    for round_id, views in the_plan.standalone.items():
        for view in views:
            yield pdf(round_id, f"{round_id}/{view.slug}.pdf", [view])
            yield docx(round_id, f"{round_id}/{view.slug}.docx", view)
    contracts = ContractRenderer(templates, variant, pdf=renderer.pdf, docx=renderer.docx)
    for round_id, prepared in the_plan.contracts.items():
        inputs = [
            f"content/{round_id}/{SAMPLE_REGISTER}",
            *prepared.views.inputs,
            "templates/html/kontrakt.html",
            "templates/docx/kontrakt.docx",
            *_PDF_INPUTS,
        ]
        for name, data in render_contracts(prepared, contracts):
            yield f"{round_id}/{CONTRACTS_FOLDER}/{name}", data, inputs


def build(
    root: Path,
    out: Path,
    only_round: str | None = None,
    progress: Progress | None = None,
    variant: str = "pdf/ua-1",
) -> BuildResult:
    """Build every round (or one) from ``root`` into ``out``."""
    started = time.perf_counter()
    the_plan = plan(root, only_round)
    files = list(render_plan(the_plan, root / "templates", variant))
    result = BuildResult(out)
    recorded = manifest.load(out)
    registers = [f"content/registre/{name}.yaml" for name in REGISTERS]
    for relative, data, inputs in files:
        path = out / relative
        (result.written if write_bytes(path, data) else result.unchanged).append(path)
        recorded[relative] = manifest.entry(data, [*inputs, *registers])
        if progress:
            progress(relative)
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
    fresh = {
        rel: manifest.sha256(data) for rel, data, _ in render_plan(plan(root), root / "templates")
    }
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
    for round_id, mailings in the_plan.mailings.items():
        for m in mailings[:1]:
            for view in (m.letter, *m.appendices):
                renderer.pdf.html.render(view)
                renderer.docx_bytes(round_id, view)
    return the_plan.count()


__all__ = ["build", "check", "plan", "BuildResult", "BrevgenError"]
