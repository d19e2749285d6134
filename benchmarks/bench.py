"""The speed benchmark: brevgen against the obvious way, in one process run.

``python benchmarks/bench.py [--rows 1000] [--memory-rows 10000] [--quick]`` (or ``nox -s
bench``) generates sample registers for the OK15 round deterministically in a temporary
folder and prints one line per figure, the last line a summary of the targets:

* the reference ("the obvious way" a user writes in an afternoon): per row a fresh
  ``DocxTemplate(path)`` load/render/save, and a fresh WeasyPrint
  ``HTML(string=...).write_pdf()`` of the same HTML (same templates, same content, same
  PDF/UA-1 options). It is measured on an evenly spread sample of the rows, interleaved
  with brevgen's own DOCX builder on the same rows, after the same warm-up; half of the
  sample before brevgen's contracts run and half after it, so drift in the machine's speed
  weighs on both sides;
* brevgen: a contracts run (``brevgen.commands.contracts.contracts``) over the whole register
  (DOCX + PDF + report, written to disk) with two worker processes, and its DOCX builder
  alone, in this process;
* LibreOffice converting the same DOCX files to PDF in one batch (skipped without
  ``soffice``);
* peak memory of a contracts run over a 10,000-row register, in a process of its own;
* byte identity of the files made with one and with two workers;
* a cold ``brevgen build`` of the bundled content with one worker and with two, a second one
  with nothing changed (in this process, and as a command from the shell);
* the workbench (``brevgen serve``, in a process of its own): from saving a change to a
  letter's text to the open letter's refreshed first page, as a page gets it (the event,
  the page fetched again, the new page image).

Timings are wall-clock (``time.perf_counter``). The figures are this machine's: the README
records them with the machine they came from.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from importlib.metadata import version
from pathlib import Path

# The sample-register generator is a development tool beside this one, not in the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

SEED = 6  # the registers' seed: the same rows on every run
WARM_UP = 3  # rows each side renders before it is timed

TARGET_TOTAL = 5.0  # contracts (DOCX + PDF + report), both cores, against the reference
TARGET_DOCX = 10.0  # DOCX alone against a fresh docxtpl load/render/save
TARGET_LIBREOFFICE = 3.0  # brevgen's DOCX + PDF against LibreOffice's conversion alone
TARGET_MEMORY_MB = 500.0  # peak memory for a 10,000-row register
TARGET_NOOP = 0.05  # a build with nothing changed, as a share of the cold build
TARGET_NOOP_SHELL = 0.6  # seconds: the same, as a command from the shell
TARGET_PARALLEL = 0.65  # a cold build on every core, as a share of one worker's
TARGET_PREVIEW = 1.0  # seconds from saving a letter to its refreshed preview (median)


def fmt(value: float, decimals: int = 1) -> str:
    from brevgen.formatting import tal

    return tal(round(value, decimals))


class Report:
    """Prints the figures as they come and keeps score of the targets."""

    def __init__(self) -> None:
        self.missed: list[str] = []
        self.met: list[str] = []

    def line(self, text: str) -> None:
        print(text, flush=True)

    def target(self, name: str, ok: bool, text: str) -> None:
        (self.met if ok else self.missed).append(name)
        self.line(f"{text} — {'nået' if ok else 'IKKE NÅET'}")

    def summary(self) -> None:
        total = len(self.met) + len(self.missed)
        if not self.missed:
            self.line(f"Resultat: alle {total} mål er nået.")
        else:
            self.line(
                f"Resultat: {len(self.met)} af {total} mål er nået; ikke nået: "
                f"{', '.join(self.missed)}."
            )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        ram = f"{fmt(pages / 2**30, 0)} GiB RAM"
    except (ValueError, OSError):
        ram = "RAM ukendt"
    return f"{os.cpu_count()} kerner ({cpu}), {ram}"


def per_row(seconds: float, rows: int) -> str:
    return f"{fmt(seconds / rows * 1000)} ms/række, {fmt(rows / seconds)} rækker/s"


# --- the reference -----------------------------------------------------------------------


class Reference:
    """The obvious loop: everything loaded, parsed and set up anew for each row."""

    def __init__(self, templates: Path) -> None:
        import jinja2
        from jinja2.sandbox import SandboxedEnvironment

        from brevgen.render import docx_blocks
        from brevgen.render.html import HtmlBuilder
        from brevgen.templating import docx_env

        # A plain environment with the same filters (incl. Markdown as subdocuments, and the
        # letterhead, closing and link filters DocxBuilder adds).
        self.env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
        self.env.filters.update(docx_env().filters)
        docx_blocks.install(self.env, templates / "fonts")
        self.docx_folder = templates / "docx"
        self.html = HtmlBuilder(templates)
        self.base_url = str(self.html.folder) + "/"

    def docx(self, view) -> bytes:
        from docxtpl import DocxTemplate

        template = DocxTemplate(self.docx_folder / f"{view.layout}.docx")
        template.render(
            {**view.template_context(), "_docx": template}, jinja_env=self.env, autoescape=True
        )
        buffer = io.BytesIO()
        template.save(buffer)
        return buffer.getvalue()

    def pdf(self, view, identity: str) -> bytes:
        from weasyprint import HTML

        from brevgen.render.pdf.meta import pdf_options

        options = pdf_options(view.title, view.date, "pdf/ua-1", identifier=identity.encode())
        source = self.html.source(view)
        return HTML(string=source, base_url=self.base_url).write_pdf(**options)


class ReferenceTiming:
    """The reference and brevgen's DOCX builder timed on the same rows, summed over calls."""

    def __init__(self, prepared, templates: Path) -> None:
        from brevgen.render.docx import DocxBuilder

        self.prepared = prepared
        self.reference = Reference(templates)
        self.docx = DocxBuilder(templates)
        self.ref_docx = self.ref_pdf = self.ours_docx = 0.0
        self.pdf_times: list[float] = []

    @property
    def rows(self) -> int:
        return len(self.pdf_times)

    def warm_up(self, rows: list) -> None:
        from brevgen.plans.contracts import identity

        for row in rows:
            view = self.prepared.views.view(row)
            self.reference.docx(view)
            self.reference.pdf(view, identity(self.prepared.round_id, row))
            self.docx.render([view])

    def measure(self, rows: list) -> None:
        from brevgen.plans.contracts import identity

        for row in rows:
            view = self.prepared.views.view(row)
            t0 = time.perf_counter()
            self.reference.docx(view)
            t1 = time.perf_counter()
            self.docx.render([view])
            t2 = time.perf_counter()
            self.reference.pdf(view, identity(self.prepared.round_id, row))
            t3 = time.perf_counter()
            self.ref_docx += t1 - t0
            self.ours_docx += t2 - t1
            self.ref_pdf += t3 - t2
            self.pdf_times.append(t3 - t2)

    def pdf_row(self, since: int = 0) -> float:
        """Mean seconds of a reference PDF over the rows measured from ``since`` on."""
        times = self.pdf_times[since:]
        return sum(times) / max(len(times), 1)


# --- memory, in a process of its own -----------------------------------------------------


def _tree_rss_mb(pid: int) -> float:
    """Memory of ``pid`` and all its descendants, summed (Linux /proc).

    Each process counts its proportional set size (PSS: its own pages plus its share of
    pages shared with others, such as the libraries every worker maps), so the sum is the
    memory the run occupies; plain RSS where the kernel gives no PSS.
    """
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup")
            if rollup.exists():
                lines, key = rollup.read_text().splitlines(), "Pss:"
            else:
                lines, key = Path(f"/proc/{current}/status").read_text().splitlines(), "VmRSS:"
            total += next((int(line.split()[1]) for line in lines if line.startswith(key)), 0)
        except (OSError, ValueError):
            continue
    return total / 1024


def memory_child(root: Path, register: Path, out: Path, workers: int, render: int | None) -> None:
    """Prepare and write a contracts run; print its peak memory as JSON (one line)."""
    from brevgen.commands.contracts import contracts
    from brevgen.content.project import load_project
    from brevgen.plans.contracts import prepare

    peak = [0.0]
    done = threading.Event()
    sampled = Path("/proc/self/status").exists()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], _tree_rss_mb(os.getpid()))

    sampler = threading.Thread(target=sample, daemon=True)
    if sampled:
        sampler.start()
    started = time.perf_counter()
    project = load_project(root, "ok15-regioner")
    prepared = prepare(project, "ok15-regioner", register)
    issued = len(prepared.outcome.issued)
    if render is not None and render < issued:
        outcome = dataclasses.replace(prepared.outcome, issued=prepared.outcome.issued[:render])
        prepared = dataclasses.replace(prepared, outcome=outcome)
    run = contracts(prepared, out, workers=workers)
    done.set()
    if sampled:
        sampler.join()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "rows": prepared.outcome.counts.rows,
        "issued": issued,
        "rendered": len(prepared.outcome.issued),
        "files": len(run.written) + len(run.unchanged),
        "seconds": time.perf_counter() - started,
        "parent_mb": own,
        "tree_mb": max(peak[0], own),
        "sampled": sampled,
    }
    print(json.dumps(result))


# --- the benchmark -----------------------------------------------------------------------


def spread(items: list, count: int) -> list:
    """``count`` items evenly spread over ``items`` (all of them if there are fewer)."""
    if count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def run(args: argparse.Namespace) -> int:
    from brevgen.commands.contracts import contracts
    from brevgen.content.project import load_project
    from brevgen.contracts.round_terms import round_terms
    from brevgen.pipeline.pool import default_workers
    from brevgen.plans.contracts import prepare
    from sample_register import make_register

    root = args.root.resolve()
    report = Report()
    report.line(
        f"brevgen-benchmark: {machine()}; Python {platform.python_version()}, "
        f"WeasyPrint {version('weasyprint')}, docxtpl {version('docxtpl')}"
    )
    project = load_project(root, "ok15-regioner")
    rnd = project.rounds["ok15-regioner"]
    terms = round_terms(project, rnd)
    templates = root / "templates"
    with tempfile.TemporaryDirectory(prefix="brevgen-bench-") as folder:
        tmp = Path(folder)
        register = make_register(tmp / "register.xlsx", terms, rows=args.rows, seed=SEED)
        started = time.perf_counter()
        prepared = prepare(project, "ok15-regioner", register)
        issued = list(prepared.outcome.issued)
        report.line(
            f"Register: {fmt(args.rows, 0)} rækker, {fmt(len(issued), 0)} udstedte kontrakter "
            f"(seed {SEED}); læst, afgjort og flettet på {fmt(time.perf_counter() - started)} s"
        )

        # The reference and brevgen's DOCX builder, interleaved row by row on the same rows:
        # half of the sample before brevgen's contracts run and half after it, so a machine
        # that speeds up or slows down during the run weighs on both sides alike.
        sample = spread(issued, args.reference_rows)
        before, after = sample[0::2], sample[1::2]
        timing = ReferenceTiming(prepared, templates)
        timing.warm_up(issued[:WARM_UP])
        timing.measure(before)

        # brevgen's contracts run over the whole register, with both cores.
        workers = args.workers or default_workers()
        out = tmp / "kontrakter"
        started = time.perf_counter()
        result = contracts(prepared, out, workers=workers)
        seconds = time.perf_counter() - started
        first_half = timing.pdf_row()
        timing.measure(after)

        n = timing.rows
        report.line(
            f"Referencen er målt på {n} af de {len(issued)} rækker (jævnt fordelt, efter "
            f"{WARM_UP} rækkers opvarmning på begge sider; halvdelen før og halvdelen efter "
            f"brevgens kørsel: PDF {fmt(first_half * 1000)} og "
            f"{fmt(timing.pdf_row(since=len(before)) * 1000)} ms/række); tallene er pr. række"
        )
        report.line(
            f"Reference DOCX (ny DocxTemplate: load/render/save): {per_row(timing.ref_docx, n)}"
        )
        report.line(f"Reference PDF (ny WeasyPrint HTML().write_pdf): {per_row(timing.ref_pdf, n)}")
        ref_total = timing.ref_docx + timing.ref_pdf
        report.line(f"Reference i alt (DOCX + PDF, 1 kerne): {per_row(ref_total, n)}")
        docx_ratio = timing.ref_docx / timing.ours_docx
        report.target(
            "DOCX ≥ 10×",
            docx_ratio >= TARGET_DOCX,
            f"brevgen DOCX alene (1 proces, samme rækker): {per_row(timing.ours_docx, n)}; "
            f"{fmt(docx_ratio)}× referencen (mål ≥ {fmt(TARGET_DOCX, 0)}×)",
        )
        files = len(result.written) + len(result.unchanged)
        ours_row = seconds / len(issued)
        total_ratio = (ref_total / n) / ours_row
        report.target(
            "kontrakter ≥ 5×",
            total_ratio >= TARGET_TOTAL,
            f"brevgen kontrakter (DOCX + PDF + rapport skrevet, {workers} processer, alle "
            f"{len(issued)} rækker, {files} filer): {per_row(seconds, len(issued))}; "
            f"{fmt(total_ratio)}× referencen (mål ≥ {fmt(TARGET_TOTAL, 0)}×)",
        )

        libreoffice(report, tmp, out, sample[: args.libreoffice_rows], ours_row)
        identical(report, tmp, project, terms, args.identity_rows)
        memory(report, root, tmp, terms, args)
        builds(report, root, tmp, workers, "oversigt" if args.quick else None)
        changes(report, root, tmp)
        workbench(report, root, tmp, args.edits, args.quick)
    report.summary()
    return 0  # figures, not a test: the summary line says which targets were missed


def libreoffice(report: Report, tmp: Path, out: Path, rows: list, ours_row: float) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        report.line("LibreOffice: sprunget over, soffice findes ikke på denne maskine")
        return
    batch = tmp / "lo-docx"
    pdfs = tmp / "lo-pdf"
    batch.mkdir()
    for row in rows:
        shutil.copy(out / f"{row.slug}.docx", batch / f"{row.slug}.docx")
    profile = (tmp / "lo-profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    # Warm-up: the first start creates the profile; convert one file then.
    first = sorted(batch.glob("*.docx"))[0]
    subprocess.run([*command, "--outdir", str(tmp / "lo-warm"), str(first)],
                   capture_output=True, check=False, timeout=600)  # fmt: skip
    files = sorted(str(p) for p in batch.glob("*.docx"))
    started = time.perf_counter()
    subprocess.run([*command, "--outdir", str(pdfs), *files],
                   capture_output=True, check=False, timeout=3600)  # fmt: skip
    seconds = time.perf_counter() - started
    made = len(list(pdfs.glob("*.pdf")))
    if made != len(files):
        report.line(f"LibreOffice: kun {made} af {len(files)} filer blev konverteret")
    lo_row = seconds / max(made, 1)
    ratio = lo_row / ours_row
    report.line(
        f"LibreOffice (soffice --headless --convert-to pdf, {len(files)} "
        f"DOCX-fil{'er' if len(files) != 1 else ''} i én kørsel): "
        f"{per_row(seconds, max(made, 1))}"
    )
    report.target(
        "LibreOffice ≥ 3×",
        ratio >= TARGET_LIBREOFFICE,
        f"brevgen DOCX + PDF mod LibreOffices konvertering alene: {fmt(ratio)}× "
        f"(mål ≥ {fmt(TARGET_LIBREOFFICE, 0)}×)",
    )


def identical(report: Report, tmp: Path, project, terms, rows: int) -> None:
    from brevgen.commands.contracts import contracts
    from brevgen.plans.contracts import prepare
    from sample_register import make_register

    register = make_register(tmp / "identity.xlsx", terms, rows=rows, seed=SEED + 1)
    prepared = prepare(project, "ok15-regioner", register)
    one, two = tmp / "ens-1", tmp / "ens-2"
    contracts(prepared, one, workers=1)
    contracts(prepared, two, workers=2)
    names = sorted(p.name for p in one.iterdir())
    same = names == sorted(p.name for p in two.iterdir()) and all(
        (one / name).read_bytes() == (two / name).read_bytes() for name in names
    )
    report.target(
        "ens bytes",
        same,
        f"Ens bytes med 1 og 2 processer ({rows} rækker, {len(names)} filer): "
        f"{'alle ens' if same else 'FORSKELLIGE'}",
    )


def memory(report: Report, root: Path, tmp: Path, terms, args: argparse.Namespace) -> None:
    from sample_register import make_register

    register = make_register(tmp / "memory.xlsx", terms, rows=args.memory_rows, seed=SEED)
    command = [
        sys.executable, __file__, "--memory-child", str(register),
        "--projekt", str(root), "--out", str(tmp / "memory-out"),
        "--workers", str(args.workers or 2),
    ]  # fmt: skip
    if args.memory_render is not None:
        command += ["--memory-render", str(args.memory_render)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        report.target("hukommelse < 500 MB", False, f"Hukommelse: kørslen fejlede\n{done.stderr}")
        return
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    peak = figures["tree_mb"]
    what = (
        f"alle {figures['issued']} udstedte"
        if figures["rendered"] == figures["issued"]
        else f"de første {figures['rendered']} af {figures['issued']} udstedte"
    )
    how = (
        "hovedproces + arbejdsprocesser lagt sammen (PSS)"
        if figures["sampled"]
        else "hovedprocessen"
    )
    report.target(
        "hukommelse < 500 MB",
        peak < TARGET_MEMORY_MB,
        f"Hukommelse, {fmt(figures['rows'], 0)} rækker ({what} dannet, {figures['files']} "
        f"filer, {fmt(figures['seconds'], 0)} s): højeste forbrug {fmt(peak, 0)} MB ({how}; "
        f"hovedprocessens højeste RSS {fmt(figures['parent_mb'], 0)} MB) "
        f"(mål < {fmt(TARGET_MEMORY_MB, 0)} MB)",
    )


def builds(report: Report, root: Path, tmp: Path, workers: int, only: str | None) -> None:
    from brevgen.commands.build import build

    what = f"runden {only}" if only else "det medfølgende indhold"
    serial = tmp / "build-1"
    started = time.perf_counter()
    build(root, serial, only, workers=1)
    serial_s = time.perf_counter() - started
    out = tmp / "build"
    started = time.perf_counter()
    cold = build(root, out, only, workers=workers)
    cold_s = time.perf_counter() - started
    started = time.perf_counter()
    again = build(root, out, only, workers=workers)
    noop_s = time.perf_counter() - started
    command = [sys.executable, "-m", "brevgen", "build", "--projekt", str(root), "--out", str(out)]
    if only:
        command += ["--round", only]
    shell = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        shell.append(time.perf_counter() - started)
    shell_s = sorted(shell)[len(shell) // 2]
    report.line(
        f"Build af {what} (i processen): kold med 1 proces {fmt(serial_s)} s, med {workers} "
        f"processer {fmt(cold_s)} s ({len(cold.written)} filer skrevet), igen uden ændringer "
        f"{fmt(noop_s, 2)} s ({len(again.skipped)} sprunget over)"
    )
    report.target(
        "build med alle kerner ≤ 0,65 × én",
        cold_s <= TARGET_PARALLEL * serial_s,
        f"Kold build med {workers} processer: {fmt(cold_s / serial_s, 2)} × tiden med 1 "
        f"(mål ≤ {fmt(TARGET_PARALLEL, 2)} ×)",
    )
    share = noop_s / cold_s
    report.target(
        "build uden ændringer < 5 %",
        share < TARGET_NOOP,
        f"Build uden ændringer: {fmt(share * 100)} % af den kolde (mål < "
        f"{fmt(TARGET_NOOP * 100, 0)} %)",
    )
    report.target(
        "build uden ændringer < 0,6 s fra kommandolinjen",
        shell_s < TARGET_NOOP_SHELL,
        f"Build uden ændringer som kommando (brevgen build, median af 5): {fmt(shell_s, 2)} s "
        f"(mål < {fmt(TARGET_NOOP_SHELL, 1)} s)",
    )


def changes(report: Report, root: Path, tmp: Path) -> None:
    """``brevgen diff`` on the real case, OK15 against OK18: made from nothing (the report's
    HTML and PDF and the Word files), then again with nothing changed; in this process and
    as the command staff type."""
    from brevgen.commands.diff import diff

    rounds = ("ok15-regioner", "ok18-regioner")
    out = tmp / "aendringer"
    started = time.perf_counter()
    cold, _ = diff(root, *rounds, out)
    cold_s = time.perf_counter() - started
    started = time.perf_counter()
    again, _ = diff(root, *rounds, out)
    warm_s = time.perf_counter() - started
    shell = []
    for folder in (tmp / "aendringer-kommando", tmp / "aendringer-kommando"):
        command = [sys.executable, "-m", "brevgen", "diff", *rounds, "--projekt", str(root)]
        started = time.perf_counter()
        subprocess.run([*command, "--out", str(folder)], capture_output=True, check=True)
        shell.append(time.perf_counter() - started)
    report.line(
        f"brevgen diff {' '.join(rounds)}: kold {fmt(cold_s)} s i processen "
        f"({len(cold.written)} filer skrevet), {fmt(shell[0])} s som kommando; igen uden "
        f"ændringer {fmt(warm_s, 2)} s i processen ({len(again.skipped)} sprunget over), "
        f"{fmt(shell[1], 2)} s som kommando"
    )


# --- the workbench ---------------------------------------------------------------------------

PREVIEWED = "ok15-regioner/region-hovedstaden/brev.pdf"


class _Events(threading.Thread):
    """The events a page on the workbench hears, with the time each arrived."""

    def __init__(self, port: int, watching: str) -> None:
        super().__init__(daemon=True)
        import http.client

        self.heard: list[tuple[float, dict]] = []
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=None)
        self.connection.request("GET", f"/begivenheder?dok={watching}")
        self.response = self.connection.getresponse()

    def run(self) -> None:
        try:
            for line in self.response:
                if line.startswith(b"data:"):
                    self.heard.append((time.perf_counter(), json.loads(line[5:])))
        except (OSError, ValueError):
            pass

    def wait(self, since: int, wanted, timeout: float = 120.0) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for heard, data in self.heard[since:]:
                if wanted(data):
                    return heard
            time.sleep(0.002)
        raise TimeoutError("the workbench said nothing")


def _get(port: int, path: str) -> bytes:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path)
    body = connection.getresponse().read()
    connection.close()
    return body


def workbench(report: Report, root: Path, tmp: Path, edits: int, quick: bool = False) -> None:
    """Median time from saving a letter's text to its open preview's new first page.

    ``quick``: the OK15 round's letters only (no other rounds, no sample contracts).
    """
    import re
    import socket
    import statistics

    from brevgen.commands.build import build

    project = tmp / "vaerksted"
    shutil.copytree(root / "templates", project / "templates")
    if quick:
        for folder in ("registre", "ok15-regioner"):
            shutil.copytree(
                root / "content" / folder,
                project / "content" / folder,
                ignore=shutil.ignore_patterns("*.xlsx"),
            )
    else:
        shutil.copytree(root / "content", project / "content")
    build(project, project / "build", workers=2)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "brevgen", "serve", "--port", str(port)],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    letter = project / "content" / "ok15-regioner" / "brev.yaml"
    text = letter.read_text(encoding="utf-8")
    times = []
    try:
        deadline = time.monotonic() + 180
        while b"status-klar" not in _safe_get(port, "/"):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("brevgen serve did not start")
            time.sleep(0.3)
        events = _Events(port, PREVIEWED)
        events.start()
        time.sleep(1.0)
        for number in range(edits):
            since = len(events.heard)
            changed = text.replace("Af forliget fremgår:", f"Af forliget fremgår ({number}):")
            letter.write_text(changed, encoding="utf-8")
            saved = time.perf_counter()
            events.wait(since, lambda data: PREVIEWED in data.get("filer", ()))
            page = _get(port, f"/dokument/{PREVIEWED}").decode()
            image = re.search(r'src="(/side/[^"]*nr=1[^"]*)"', page).group(1)
            assert _get(port, image.replace("&amp;", "&"))[:2] == b"\xff\xd8"  # a JPEG
            times.append(time.perf_counter() - saved)
            events.wait(since, lambda data: data.get("tilstand") == "klar" and "filer" not in data)
            time.sleep(0.5)
    finally:
        letter.write_text(text, encoding="utf-8")
        server.terminate()
        server.wait(30)
    median = statistics.median(times)
    report.target(
        "forhåndsvisning < 1 s",
        median < TARGET_PREVIEW,
        f"Værkstedet (brevgen serve): fra gemt ændring i brev.yaml til det åbne brevs nye "
        f"side 1, median af {len(times)} ændringer: {fmt(median, 2)} s (hurtigst "
        f"{fmt(min(times), 2)}, langsomst {fmt(max(times), 2)} s; mål < "
        f"{fmt(TARGET_PREVIEW, 0)} s)",
    )


def _safe_get(port: int, path: str) -> bytes:
    try:
        return _get(port, path)
    except OSError:
        return b""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/bench.py",
        description="brevgen's speed benchmark against the obvious docxtpl/WeasyPrint loop.",
    )
    parser.add_argument("--rows", type=int, default=1000, help="rows of the main register")
    parser.add_argument("--memory-rows", type=int, default=10_000, help="rows for memory")
    parser.add_argument(
        "--memory-render",
        type=int,
        default=None,
        help="render only the first N issued rows of the memory register (default: all)",
    )
    parser.add_argument("--reference-rows", type=int, default=100, help="rows for the reference")
    parser.add_argument("--libreoffice-rows", type=int, default=100, help="DOCX files for soffice")
    parser.add_argument("--identity-rows", type=int, default=30, help="rows for the byte check")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for brevgen")
    parser.add_argument("--edits", type=int, default=10, help="saved changes for the workbench")
    parser.add_argument(
        "--only-workbench", action="store_true", help="measure the workbench (brevgen serve) only"
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny row counts: checks the benchmark runs"
    )
    parser.add_argument("--projekt", dest="root", type=Path, default=Path("."))
    parser.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        memory_child(args.root, args.memory_child, args.out, args.workers, args.memory_render)
        return 0
    if args.quick:
        args.rows, args.memory_rows, args.memory_render = 12, 40, 6
        args.reference_rows, args.libreoffice_rows, args.identity_rows = 3, 2, 6
        args.edits = 3
    if not (args.root / "content" / "ok15-regioner").is_dir():
        parser.error(f"{args.root}/content/ok15-regioner findes ikke; angiv --projekt")
    if args.only_workbench:
        report = Report()
        report.line(f"brevgen-benchmark: {machine()}; Python {platform.python_version()}")
        with tempfile.TemporaryDirectory(prefix="brevgen-bench-") as folder:
            workbench(report, args.root.resolve(), Path(folder), args.edits, args.quick)
        report.summary()
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
