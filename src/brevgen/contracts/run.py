"""``brevgen contracts``: register -> decisions -> one contract (DOCX + PDF) per issued row.

Two steps so nothing is written when anything is wrong: :func:`prepare` reads the
workbook, decides every row and merges the contract text for every issued row (a register
or content error stops here); :func:`write_contracts` then renders row by row and writes
each file as soon as it is made, so memory does not grow with the register.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from brevgen.content.models import Contract
from brevgen.content.project import Project
from brevgen.errors import ContentError
from brevgen.output import write_bytes
from brevgen.render.docx import DocxBuilder
from brevgen.render.pdf import PdfBuilder

from .documents import ContractViews, contract_document
from .outcome import Outcome
from .process import process
from .round_terms import round_terms
from .slug import output_path, safe_slug

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
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    report: Path | None = None
    seconds: float = 0.0


def contract_round(project: Project, round_id: str | None) -> str:
    """The round to use: the one asked for, or the only round that has a contract."""
    with_contract = [r.id for r in project.rounds.values() if _has_contract(r)]
    if round_id is None:
        if len(with_contract) == 1:
            return with_contract[0]
        choices = ", ".join(with_contract) or "(ingen runder har en kontrakt)"
        raise ContentError(f"angiv runden med --round; runder med en kontrakt: {choices}")
    if round_id not in with_contract:
        contract_document(project.rounds[round_id])  # raises the Danish message
    return round_id


def _has_contract(rnd) -> bool:
    return any(isinstance(d.model, Contract) for d in rnd.documents.values())


def default_out(project: Project, round_id: str) -> Path:
    return project.root / "build" / round_id / FOLDER


def prepare(project: Project, round_id: str, workbook: Path) -> Prepared:
    """Read and decide the register and merge every contract; raise before any write."""
    rnd = project.rounds[round_id]
    views = ContractViews(project, rnd)
    outcome = process(Path(workbook), round_terms(project, rnd))
    for issued in outcome.issued:
        views.view(issued)  # merge-field errors surface now, not after half the files
    views.inputs = (*views.inputs, _display(project.root, Path(workbook)))
    return Prepared(round_id, Path(workbook), outcome, views, project.root / "templates")


def _display(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def contract_identity(prepared: Prepared, issued) -> str:
    """Seeds the PDF identifier: the same row gives the same PDF in any output folder."""
    return f"{prepared.round_id}/kontrakt/{issued.slug}"


def report_bytes_for(prepared: Prepared, files: dict[int, list[str]]) -> bytes:
    """The report, dated by the round (not the clock) so it is reproducible."""
    from .report import report_bytes

    stamp = prepared.views.round.info.period.start
    return report_bytes(prepared.outcome, stamp=stamp, files=files)


class ContractRenderer:
    """One PDF and one DOCX builder for every row of a run (fonts and layouts load once)."""

    def __init__(
        self,
        templates: Path,
        variant: str = "pdf/ua-1",
        pdf: PdfBuilder | None = None,
        docx: DocxBuilder | None = None,
    ) -> None:
        self.pdf = pdf or PdfBuilder(templates, variant)
        self.docx = docx or DocxBuilder(templates)

    def render(self, view, identity: str) -> tuple[bytes, bytes]:
        """(DOCX bytes, PDF bytes); ``identity`` seeds the PDF identifier."""
        document = self.pdf.layout(view, identity)
        pdf = self.pdf.write([document], identity, view.title, view.date)
        return self.docx.render(view), pdf


def render_contracts(
    prepared: Prepared,
    renderer: ContractRenderer,
    progress: Callable[[str], None] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Yield (file name, bytes) for each issued row's DOCX and PDF, then the report.

    A generator, so the caller writes each file before the next row is rendered.
    """
    files: dict[int, list[str]] = {}
    for issued in prepared.outcome.issued:
        if safe_slug(issued.slug) != issued.slug:  # never a path, whatever the Sagsnr
            raise ValueError(f"unsafe slug {issued.slug!r}")
        view = prepared.views.view(issued)
        docx, pdf = renderer.render(view, contract_identity(prepared, issued))
        names = [f"{issued.slug}.docx", f"{issued.slug}.pdf"]
        files[issued.row] = names
        yield names[0], docx
        yield names[1], pdf
        if progress:
            progress(issued.case_no)
    yield REPORT, report_bytes_for(prepared, files)


def write_contracts(
    prepared: Prepared,
    out: Path,
    *,
    renderer: ContractRenderer | None = None,
    progress: Callable[[str], None] | None = None,
    variant: str = "pdf/ua-1",
) -> ContractRun:
    """Render and write every issued row's contract, then the report; return what was done."""
    started = time.perf_counter()
    renderer = renderer or ContractRenderer(prepared.templates, variant)
    run = ContractRun(out, prepared.outcome)
    for name, data in render_contracts(prepared, renderer, progress):
        stem, suffix = name.rsplit(".", 1)
        path = output_path(out, stem, f".{suffix}")  # refuses a path outside ``out``
        (run.written if write_bytes(path, data) else run.unchanged).append(path)
    run.report = out / REPORT
    run.seconds = time.perf_counter() - started
    return run
