"""A contracts register as outputs: a DOCX and a PDF per issued row, then ``rapport.xlsx``.

:func:`prepare` reads the workbook, decides every row and merges the contract text for every
issued row, so a register or content error stops the run before anything is written.
:func:`add_register` plans the files: each row's two files are one group (they stand or fall
together) and rows go to the renderer in batches of :data:`CHUNK`. The report is the plan's
final output: it is made after the rows, so a row whose contract could not be made is
reported as refused, with why.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from brevgen.content.models import REGISTERS, Contract
from brevgen.content.project import Project
from brevgen.contracts.outcome import Outcome
from brevgen.contracts.process import process
from brevgen.contracts.round_terms import round_terms
from brevgen.errors import ContentError, Problem
from brevgen.pipeline.plan import Final, Output, Plan, ViewRef
from brevgen.pipeline.result import RunResult
from brevgen.slug import safe_slug
from brevgen.views import View
from brevgen.views.contracts import ContractViews, contract_document

REPORT = "rapport.xlsx"
FOLDER = "kontrakter"
CHUNK = 4  # rows per task sent to a worker
REGISTER_FILES = tuple(f"content/registre/{name}.yaml" for name in REGISTERS)


@dataclass
class ContractRun(RunResult):
    """A contracts run's result, with every row's decision after it."""

    outcome: Outcome | None = None


@dataclass
class Register:
    """A decided register and the means to make each issued row's document."""

    root: Path  # the project's
    round_id: str
    workbook: Path
    outcome: Outcome
    views: ContractViews
    inputs: tuple[str, ...]  # the round's files, its contract and the workbook


def contract_round(project: Project, round_id: str | None) -> str:
    """The round to use: the one asked for, or the only round that has a contract."""
    with_contract = [r.id for r in project.rounds.values() if has_contract(r)]
    if round_id is None:
        if len(with_contract) == 1:
            return with_contract[0]
        choices = ", ".join(with_contract) or "(ingen runder har en kontrakt)"
        raise ContentError(f"angiv runden med --round; runder med en kontrakt: {choices}")
    if round_id not in with_contract:
        contract_document(project.rounds[round_id])  # raises the Danish message
    return round_id


def has_contract(rnd) -> bool:
    return any(isinstance(d.model, Contract) for d in rnd.documents.values())


def default_out(project: Project, round_id: str) -> Path:
    return project.root / "build" / round_id / FOLDER


def prepare(project: Project, round_id: str, workbook: Path) -> Register:
    """Read and decide the register and merge every contract; raise before any write."""
    rnd = project.rounds[round_id]
    views = ContractViews(project, rnd)
    outcome = process(Path(workbook), round_terms(project, rnd))
    for issued in outcome.issued:
        views.view(issued)  # merge-field errors surface now, not after half the files
    inputs = (*views.inputs, _display(project.root, Path(workbook)))
    return Register(project.root, round_id, Path(workbook), outcome, views, inputs)


def _display(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def identity(round_id: str, issued) -> str:
    """Seeds the PDF identifier: the same row gives the same PDF in any output folder."""
    return f"{round_id}/kontrakt/{issued.slug}"


def add_register(plan: Plan, register: Register, folder: str = "") -> None:
    """Plan every issued row's contract and the report, in ``folder`` of the run's output
    (``folder`` ends in ``/`` or is empty)."""
    source = f"kontrakter:{register.round_id}:{folder}"
    plan.sources[source] = register.views
    inputs = (*register.inputs, *REGISTER_FILES)
    names: dict[int, list[str]] = {}
    for index, issued in enumerate(register.outcome.issued):
        if safe_slug(issued.slug) != issued.slug:  # never a path, whatever the Sagsnr
            raise ValueError(f"unsafe slug {issued.slug!r}")
        view = register.views.view(issued)
        ref = ViewRef(source, issued)
        group, batch = f"{folder}{issued.slug}", f"{folder}#{index // CHUNK}"
        for fmt, seed in (("docx", ""), ("pdf", identity(register.round_id, issued))):
            plan.add(
                f"{folder}{issued.slug}.{fmt}",
                fmt,
                [view],
                seed,
                inputs=inputs,
                group=group,
                batch=batch,
                parts=[ref],
            )
        names[issued.row] = [f"{issued.slug}.docx", f"{issued.slug}.pdf"]

    def report(result: RunResult) -> Output:
        outcome = final_outcome(register, result, folder)
        issued = {i.row for i in outcome.issued}
        files = {row: names[row] for row in names if row in issued}
        return report_output(plan, register, outcome, files, f"{folder}{REPORT}", inputs)

    plan.finals.append(Final(f"{folder}{REPORT}", report))


def final_outcome(register: Register, result: RunResult, folder: str = "") -> Outcome:
    """The register's outcome after the run: a row whose contract could not be made is
    refused, with why."""
    failed = {
        i.row: [
            Problem("", f"kontrakten kunne ikke dannes: {p.message}")
            for p in result.failed[f"{folder}{i.slug}"].problems
        ]
        for i in register.outcome.issued
        if f"{folder}{i.slug}" in result.failed
    }
    return register.outcome.refuse(failed)


def report_output(
    plan: Plan,
    register: Register,
    outcome: Outcome,
    files: dict[int, list[str]],
    path: str,
    inputs: tuple[str, ...],
) -> Output:
    """The report as an output: dated by the round (not the clock) so it is reproducible."""
    stamp = register.views.round.info.period.start
    context = {"udfald": outcome, "filer": files}
    view = View("rapport", "rapport", f"Rapport over {outcome.source}", stamp, "", context)
    digest = hashlib.sha256(f"{plan.fingerprints.code}|{stamp}|{files}|{outcome!r}".encode())
    return Output(path, "xlsx", (view,), path, digest.hexdigest(), inputs, path, path)
