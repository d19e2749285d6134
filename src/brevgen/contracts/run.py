"""``brevgen contracts``: register -> decisions -> one contract (DOCX + PDF) per issued row.

Two steps so nothing is written when anything is wrong: :func:`prepare` reads the
workbook, decides every row and merges the contract text for every issued row (a register
or content error stops here); :func:`write_contracts` then renders row by row and writes
each file as soon as it is made, so memory does not grow with the register.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from brevgen.content.project import Project
from brevgen.output import write_bytes
from brevgen.render.docx import DocxBuilder
from brevgen.render.pdf import PdfBuilder

from .documents import ContractViews
from .outcome import Outcome
from .process import process
from .round_terms import round_terms
from .slug import output_path

REPORT = "rapport.xlsx"
FOLDER = "kontrakter"


@dataclass
class Prepared:
    """A decided register and the means to make each issued row's document."""

    round_id: str
    workbook: Path
    outcome: Outcome
    views: ContractViews
    templates: Path


@dataclass
class ContractRun:
    out: Path
    outcome: Outcome
    files: dict[int, list[str]] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    report: Path | None = None
    seconds: float = 0.0


def default_out(project: Project, round_id: str) -> Path:
    return project.root / "build" / round_id / FOLDER


def prepare(project: Project, round_id: str, workbook: Path) -> Prepared:
    """Read and decide the register and merge every contract; raise before any write."""
    rnd = project.rounds[round_id]
    views = ContractViews(project, rnd)
    outcome = process(Path(workbook), round_terms(project, rnd))
    for issued in outcome.issued:
        views.view(issued)  # merge-field errors surface now, not after half the files
    return Prepared(round_id, Path(workbook), outcome, views, project.root / "templates")


class ContractRenderer:
    """One PDF and one DOCX builder for every row of a run (fonts and layouts load once)."""

    def __init__(self, templates: Path, variant: str = "pdf/ua-1") -> None:
        self.pdf = PdfBuilder(templates, variant)
        self.docx = DocxBuilder(templates)

    def render(self, view, identity: str) -> tuple[bytes, bytes]:
        """(DOCX bytes, PDF bytes); ``identity`` seeds the PDF identifier."""
        document = self.pdf.layout(view, identity)
        pdf = self.pdf.write([document], identity, view.title, view.date)
        return self.docx.render(view), pdf


def write_contracts(
    prepared: Prepared,
    out: Path,
    *,
    renderer: ContractRenderer | None = None,
    progress: Callable[[str], None] | None = None,
    variant: str = "pdf/ua-1",
) -> ContractRun:
    """Render and write every issued row's contract, then the report; return what was done."""
    from .report import write_report

    started = time.perf_counter()
    renderer = renderer or ContractRenderer(prepared.templates, variant)
    run = ContractRun(out, prepared.outcome)
    for issued in prepared.outcome.issued:
        view = prepared.views.view(issued)
        identity = f"{prepared.round_id}/{FOLDER}/{issued.slug}"
        docx, pdf = renderer.render(view, identity + ".pdf")
        names = []
        for suffix, data in ((".docx", docx), (".pdf", pdf)):
            path = output_path(out, issued.slug, suffix)  # refuses a path outside ``out``
            (run.written if write_bytes(path, data) else run.unchanged).append(path)
            names.append(path.name)
        run.files[issued.row] = names
        if progress:
            progress(issued.case_no)
    run.report = out / REPORT
    stamp = prepared.views.round.info.period.start
    changed = write_report(run.report, prepared.outcome, stamp=stamp, files=run.files)
    (run.written if changed else run.unchanged).append(run.report)
    run.seconds = time.perf_counter() - started
    return run
