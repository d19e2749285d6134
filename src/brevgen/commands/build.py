"""``brevgen build``: every round's documents into ``build/``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from brevgen.render import Options

from .common import (
    COMMAND,
    files_summary,
    hint_if_slow,
    out_option,
    progress_bar,
    project_option,
    show_failures,
    show_warnings,
    user_run,
    workers_option,
)


def build(
    root: Path,
    out: Path,
    only_round: str | None = None,
    *,
    options: Options | None = None,
    force: bool = False,
    workers: int = 1,
    progress=None,
    planned=None,
):
    """Build every round (or one) from ``root`` into ``out``; return the run's result.

    A run whose inputs are all as the last complete run of the same selection left them
    answers from the manifest without reading the content; otherwise the content is planned
    and only outputs whose fingerprint changed are rendered (``force``: all of them).
    ``planned`` hears the number of files first, ``progress`` each file's path as it is done.
    """
    from brevgen.pipeline.fingerprint import Fingerprints
    from brevgen.pipeline.manifest import unchanged, warnings
    from brevgen.pipeline.result import RunResult

    started = time.perf_counter()
    options = options or Options()
    selection = only_round or "*"
    state = Fingerprints(root, options).state(selection)
    files = None if force else unchanged(out, selection, state)
    if files is not None:
        if planned:
            planned(len(files))
        result = RunResult(out, skipped=files, warnings=warnings(out, selection))
        if progress:
            for path in files:
                progress(path.relative_to(out).as_posix())
    else:
        from brevgen.pipeline.engine import run
        from brevgen.plans.documents import plan_documents

        plan = plan_documents(root, options, only_round)
        if planned:
            planned(plan.count())
        result = run(
            plan,
            out,
            workers=workers,
            force=force,
            progress=progress,
            selection=selection,
            state=state,
        )
    result.seconds = time.perf_counter() - started
    return result


@click.command("build", **COMMAND, help="Dan alle dokumenter for alle runder (eller én).")
@click.option(
    "--round", "-r", "round_id", metavar="RUNDE", help="Dan kun denne runde, fx ok15-regioner."
)
@out_option("Mappen, filerne skrives i (standard: build/ i projektmappen).")
@click.option(
    "--pdf-a",
    "pdf_a",
    is_flag=True,
    help="Skriv PDF/A-3a til arkivering (stadig tilgængelig: mærket og PDF/UA).",
)
@click.option(
    "--tryk",
    is_flag=True,
    help="Skriv også hver brochure trykklar (fx brochure-tryk.pdf): 3 mm udfald og skæremærker.",
)
@click.option("--force", is_flag=True, help="Dan alle filer igen, også dem hvor intet er ændret.")
@workers_option
@project_option
def command(
    round_id: str | None,
    out: Path | None,
    pdf_a: bool,
    tryk: bool,
    force: bool,
    workers: int | None,
    root: Path,
) -> None:
    from brevgen.pipeline.pool import default_workers

    out = out or root / "build"
    with user_run(), progress_bar("Danner dokumenter") as bar:
        result = build(
            root,
            out,
            round_id,
            options=Options(pdf="pdf/a-3a" if pdf_a else "pdf/ua-1", tryk=tryk),
            force=force,
            workers=workers or default_workers(),
            progress=lambda path: bar.update(1, path),
            planned=lambda files: setattr(bar, "length", files),
        )
    from brevgen.formatting import tal

    files, what = files_summary(result, "intet de bygger på er ændret")
    click.echo(f"Færdig på {tal(round(result.seconds, 1))} s: {files} i {out}/ — {what}.")
    hint_if_slow(result)
    show_warnings(result.warnings)
    show_failures(result)
    if result.failed:
        sys.exit(1)
