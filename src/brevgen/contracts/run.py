"""``brevgen contracts``: register -> decisions -> one contract (DOCX + PDF) per issued row.

Two steps so nothing is written when anything is wrong: :func:`prepare` reads the
workbook, decides every row and merges the contract text for every issued row (a register
or content error stops here); :func:`write_contracts` then renders row by row and writes
each file as soon as it is made, so memory does not grow with the register.

With more than one worker, rows are rendered in worker processes (each builds its renderer
once) and come back in register order; the parent writes each file as its row arrives, and
only a few rows are under way at a time. A stop part-way (Ctrl-C, a failing row) leaves
the files of the rows before it whole (each is written to a temporary name and moved into
place) and no report; the report comes last and lists only files that are there.

The output folder keeps a ``manifest.json`` as the build does: each file's SHA-256 and the
fingerprint of what it was made from (the row, the round's contract text, the layouts,
brevgen's code). A row whose files are recorded with today's fingerprint and are intact is
not rendered again, so a run that was stopped picks up where it stopped, and a register that
grew by ten rows costs ten rows.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from brevgen import manifest
from brevgen.content.models import Contract
from brevgen.content.project import Project
from brevgen.errors import BuildError, ContentError
from brevgen.fingerprint import Fingerprints
from brevgen.output import write_bytes

from .documents import ContractViews, contract_document
from .outcome import Outcome
from .process import process
from .round_terms import round_terms
from .slug import output_path, safe_slug

REPORT = "rapport.xlsx"
FOLDER = "kontrakter"
MAX_WORKERS = 8  # beyond this, writing and the parent's bookkeeping are the limit
CHUNK = 4  # rows per task sent to a worker
AHEAD = 2  # tasks under way per worker: keeps workers busy, bounds what waits in memory
# A worker's memory creeps up as it renders (about 80 kB a contract, mostly heap that
# WeasyPrint, Pango and lxml do not hand back); a fresh worker after this many tasks (400
# rows, some 30 MB of growth) keeps a 10,000-row run well within bounds for the cost of a
# start-up (about 2.5 s of one core: imports, fonts, layouts) every 400 rows.
TASKS_PER_WORKER = 100


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
    skipped: list[Path] = field(default_factory=list)  # recorded, intact, nothing changed
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
    return _identity(prepared.round_id, issued)


def _identity(round_id: str, issued) -> str:
    return f"{round_id}/kontrakt/{issued.slug}"


def report_bytes_for(prepared: Prepared, files: dict[int, list[str]]) -> bytes:
    """The report, dated by the round (not the clock) so it is reproducible."""
    from .report import report_bytes

    stamp = prepared.views.round.info.period.start
    return report_bytes(prepared.outcome, stamp=stamp, files=files)


class ContractRenderer:
    """One PDF and one DOCX builder for every row of a run (fonts and layouts load once)."""

    def __init__(self, templates: Path, variant: str = "pdf/ua-1") -> None:
        # Imported here: WeasyPrint takes most of a second to load, and a build in which
        # nothing changed plans the sample contracts without rendering any.
        from brevgen.render.docx import DocxBuilder
        from brevgen.render.pdf import PdfBuilder

        self.pdf = PdfBuilder(templates, variant)
        self.docx = DocxBuilder(templates)

    def render(self, view, identity: str) -> tuple[bytes, bytes]:
        """(DOCX bytes, PDF bytes); ``identity`` seeds the PDF identifier."""
        document = self.pdf.layout(view, identity)
        pdf = self.pdf.write([document], identity, view.title, view.date)
        return self.docx.render(view), pdf


def _names(issued) -> list[str]:
    if safe_slug(issued.slug) != issued.slug:  # never a path, whatever the Sagsnr
        raise ValueError(f"unsafe slug {issued.slug!r}")
    return [f"{issued.slug}.docx", f"{issued.slug}.pdf"]


def render_contracts(
    prepared: Prepared,
    renderer: ContractRenderer,
    progress: Callable[[str], None] | None = None,
    rows: list | None = None,
    done: dict[int, list[str]] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Yield (file name, bytes) for each row's DOCX and PDF, then the report.

    ``rows``: the issued rows to render (default: all); ``done``: the files of issued rows
    that are already in place, for the report. A generator, so the caller writes each file
    before the next row is rendered.
    """
    todo = prepared.outcome.issued if rows is None else rows

    def rendered() -> Iterator[tuple[object, bytes, bytes]]:
        for issued in todo:
            _names(issued)
            view = prepared.views.view(issued)
            yield issued, *renderer.render(view, contract_identity(prepared, issued))

    return _files(prepared, rendered(), progress, done)


def _files(
    prepared: Prepared,
    rendered: Iterable[tuple[object, bytes, bytes]],
    progress: Callable[[str], None] | None,
    done: dict[int, list[str]] | None = None,
) -> Iterator[tuple[str, bytes]]:
    files: dict[int, list[str]] = dict(done or {})
    try:
        for issued, docx, pdf in rendered:
            names = _names(issued)
            files[issued.row] = names
            yield names[0], docx
            yield names[1], pdf
            if progress:
                progress(issued.case_no)
    finally:
        close = getattr(rendered, "close", None)
        if close:  # a generator: stop its work (and its worker processes) now
            close()
    yield REPORT, report_bytes_for(prepared, files)


def default_workers() -> int:
    """One worker per core this process may use, at most :data:`MAX_WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


# --- worker processes --------------------------------------------------------------------

_WORKER: dict = {}  # the worker process's views, round and renderer, set once


def _start_worker(views: ContractViews, round_id: str, templates: Path, variant: str) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the run, workers just end.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER.update(views=views, round_id=round_id, renderer=ContractRenderer(templates, variant))
    # Let the renderer go while the interpreter is still whole: WeasyPrint's font
    # configuration removes its temporary font folder when it is deleted, which fails once
    # the interpreter is being torn down (a traceback on the user's screen, the folder left
    # in the temporary directory).
    atexit.register(_stop_worker)


def _stop_worker() -> None:
    _WORKER.clear()
    gc.collect()


def _render_rows(rows: list) -> list[tuple[bytes, bytes]]:
    views, round_id, renderer = _WORKER["views"], _WORKER["round_id"], _WORKER["renderer"]
    return [renderer.render(views.view(issued), _identity(round_id, issued)) for issued in rows]


def render_contracts_parallel(
    prepared: Prepared,
    workers: int,
    variant: str = "pdf/ua-1",
    progress: Callable[[str], None] | None = None,
    rows: list | None = None,
    done: dict[int, list[str]] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """As :func:`render_contracts`, with the rows rendered by ``workers`` processes.

    Rows go out in chunks of :data:`CHUNK` and come back in register order; at most
    ``AHEAD`` chunks per worker are under way, so a slow consumer never makes rendered
    rows pile up in memory. Workers are started with ``spawn`` (a fresh interpreter: no
    state inherited from the caller), build their renderer once, and are replaced after
    :data:`TASKS_PER_WORKER` tasks. As with any use of ``spawn``, a script calling this
    must keep its top-level code under ``if __name__ == "__main__":``.
    """
    issued = prepared.outcome.issued if rows is None else rows
    for row in issued:
        _names(row)  # refuse an unsafe slug before starting anything
    chunks = [issued[i : i + CHUNK] for i in range(0, len(issued), CHUNK)]
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(prepared.views, prepared.round_id, prepared.templates, variant),
        max_tasks_per_child=TASKS_PER_WORKER,
    )

    def rendered() -> Iterator[tuple[object, bytes, bytes]]:
        pending: deque[tuple[list, Future]] = deque()
        todo = iter(chunks)
        try:
            while True:
                while len(pending) < workers * AHEAD:
                    chunk = next(todo, None)
                    if chunk is None:
                        break
                    pending.append((chunk, executor.submit(_render_rows, chunk)))
                if not pending:
                    break
                chunk, future = pending.popleft()
                try:
                    results = future.result()
                except BrokenProcessPool:
                    raise BuildError(
                        "En af de processer, der danner kontrakterne, stoppede uventet "
                        "(fx fordi der ikke var hukommelse nok). Filerne, der nåede at blive "
                        "skrevet, er hele; kør igen, evt. med --workers 1."
                    ) from None
                for row, (docx, pdf) in zip(chunk, results, strict=True):
                    yield row, docx, pdf
        finally:
            # Done, failed or abandoned (Ctrl-C, the consumer stopped): stop the workers.
            for _, future in pending:
                future.cancel()
            executor.shutdown(wait=True, cancel_futures=True)

    return _files(prepared, rendered(), progress, done)


def write_contracts(
    prepared: Prepared,
    out: Path,
    *,
    renderer: ContractRenderer | None = None,
    progress: Callable[[str], None] | None = None,
    variant: str = "pdf/ua-1",
    workers: int | None = None,
    force: bool = False,
) -> ContractRun:
    """Render and write every issued row's contract, then the report; return what was done.

    Rows whose files ``out``'s manifest records as made from the same inputs, and which are
    intact, are skipped (``force``: render every row). ``workers``: processes rendering
    rows (default :func:`default_workers`); 1, a given ``renderer``, or a single row to
    render work in this process. The files are the same, byte for byte, whatever the number
    of workers.
    """
    started = time.perf_counter()
    run = ContractRun(out, prepared.outcome)
    book = _Book(prepared, out, variant, force)
    todo, done = [], {}
    for issued in prepared.outcome.issued:
        names = _names(issued)
        if book.intact(issued, names):
            done[issued.row] = names
            run.skipped.extend(out / name for name in names)
            if progress:
                progress(issued.case_no)
        else:
            todo.append(issued)
    workers = min(default_workers() if workers is None else max(1, workers), len(todo))
    if renderer is not None or workers <= 1:
        if todo:
            renderer = renderer or ContractRenderer(prepared.templates, variant)
        files = render_contracts(prepared, renderer, progress, todo, done)  # type: ignore[arg-type]
    else:
        files = render_contracts_parallel(prepared, workers, variant, progress, todo, done)
    try:
        for name, data in files:
            stem, suffix = name.rsplit(".", 1)
            path = output_path(out, stem, f".{suffix}")  # refuses a path outside ``out``
            (run.written if write_bytes(path, data) else run.unchanged).append(path)
            book.record(name, data)
    finally:
        files.close()  # stops the workers at once if writing failed or was interrupted
        book.save()  # what was written is recorded, also after a stop part-way
    run.report = out / REPORT
    run.seconds = time.perf_counter() - started
    return run


class _Book:
    """The output folder's manifest: which rows' files can be kept as they are.

    Each contract file is recorded with its fingerprint (:class:`Fingerprints`, as in the
    build) once it is written; the report is not recorded, as it is made anew every run.
    """

    SAVE_EVERY = 50  # files; a stop in between costs at most that many renders next time

    def __init__(self, prepared: Prepared, out: Path, variant: str, force: bool) -> None:
        self.prepared, self.out, self.force = prepared, out, force
        self.prints = Fingerprints(prepared.templates.parent, variant)
        self.recorded = manifest.load(out)
        self.expected: dict[str, tuple[str, list[str]]] = {}  # file name -> fingerprint, inputs
        self.unsaved = 0

    def _expect(self, issued, names: list[str]) -> None:
        view = self.prepared.views.view(issued)
        inputs = list(self.prepared.views.inputs)
        docx, docx_layouts = self.prints.of("docx", [view], "")
        pdf, pdf_layouts = self.prints.of("html", [view], contract_identity(self.prepared, issued))
        self.expected[names[0]] = (docx, [*docx_layouts, *inputs])
        self.expected[names[1]] = (pdf, [*pdf_layouts, *inputs])

    def intact(self, issued, names: list[str]) -> bool:
        """True if both files of the row are recorded with today's fingerprint and intact."""
        self._expect(issued, names)
        if self.force:
            return False
        return all(
            manifest.current(self.recorded.get(name, {}), self.expected[name][0], self.out / name)
            for name in names
        )

    def record(self, name: str, data: bytes) -> None:
        if name not in self.expected:  # the report
            return
        fingerprint, inputs = self.expected[name]
        self.recorded[name] = manifest.entry(data, inputs, fingerprint)
        self.unsaved += 1
        if self.unsaved >= self.SAVE_EVERY:
            self.save()

    def save(self) -> None:
        if self.unsaved and self.out.is_dir():
            manifest.save(self.out, self.recorded)
        self.unsaved = 0
