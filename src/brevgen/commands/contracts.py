"""``brevgen contracts``: one contract per issued row of a register, and the report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from brevgen.errors import BrevgenError

from .common import (
    COMMAND,
    files_summary,
    hint_if_slow,
    out_option,
    progress_bar,
    project_option,
    show_failures,
    user_run,
    workers_option,
)

# Exit status when some rows got no contract for a reason other than the conditions of
# Bilag 1 (the run itself finished; the report says which rows and why).
EXIT_ROWS_REFUSED = 3


def contracts(
    register,
    out: Path,
    *,
    workers: int = 1,
    force: bool = False,
    progress=None,
    options=None,
):
    """Write ``register``'s contracts and report to ``out``; return the run's result.

    Rows whose files the folder's manifest records as made from the same inputs, and which
    are intact, are not rendered again (``force``: every row). The files are the same, byte
    for byte, whatever the number of ``workers``.
    """
    from brevgen.pipeline.engine import run
    from brevgen.pipeline.plan import Plan
    from brevgen.plans.contracts import ContractRun, add_register, final_outcome
    from brevgen.render import Options

    plan = Plan(register.root, options or Options())
    add_register(plan, register)
    result = run(plan, out, workers=workers, force=force, progress=progress)
    return ContractRun(**vars(result), outcome=final_outcome(register, result))


@click.command(
    "contracts",
    **COMMAND,
    help=(
        "Dan en lokal kontrakt (Word og PDF) for hver godkendt række i kontraktregistret "
        "REGNEARK og en rapport (rapport.xlsx) over alle rækker. Med --blank skrives i stedet "
        "et tomt kontraktregister til FIL med rundens udbydere, temaer og regioner som lister."
    ),
)
@click.argument("workbook", metavar="REGNEARK|FIL", type=click.Path(path_type=Path))
@click.option("--round", "-r", "round_id", metavar="RUNDE", help="Runden, fx ok15-regioner.")
@out_option("Mappen, kontrakterne skrives i (standard: build/<runde>/kontrakter/).")
@click.option(
    "--blank",
    is_flag=True,
    help="Skriv et tomt kontraktregister med rullelister til FIL i stedet for at danne kontrakter.",
)
@workers_option
@click.option(
    "--force",
    is_flag=True,
    help="Dan alle kontrakter igen, også dem hvor hverken rækken eller skabelonerne er ændret.",
)
@project_option
def command(
    workbook: Path,
    round_id: str | None,
    out: Path | None,
    blank: bool,
    workers: int | None,
    force: bool,
    root: Path,
) -> None:
    from brevgen.content.project import load_project
    from brevgen.pipeline.pool import default_workers
    from brevgen.plans.contracts import contract_round, default_out, prepare

    with user_run():
        project = load_project(root, round_id)
        round_id = contract_round(project, round_id)
        if blank:
            _write_blank(project, round_id, workbook)
            return
        register = prepare(project, round_id, workbook)
        out = out or default_out(project, round_id)
        cases = {i.slug: i.case_no for i in register.outcome.issued}

        def show(path: str | None) -> str | None:
            stem = path and Path(path).stem
            return path and (f"Sagsnr. {cases[stem]}" if stem in cases else path)

        with progress_bar("Danner kontrakter", show) as bar:
            bar.length = 2 * len(register.outcome.issued) + 1
            run = contracts(
                register,
                out,
                workers=workers or default_workers(),
                force=force,
                progress=lambda path: bar.update(1, path),
            )
    from brevgen.formatting import tal

    counts = run.outcome.counts
    click.echo(
        f"Færdig på {tal(round(run.seconds, 1))} s: udstedt {counts.issued}, "
        f"afvist {counts.rejected}, advarsler {counts.warned}, "
        f"tomme rækker sprunget over {counts.empty}."
    )
    files, what = files_summary(run, "hverken rækken eller skabelonerne er ændret")
    click.echo(f"Kontrakterne og rapport.xlsx ligger i {out}/ ({files}: {what}).")
    if counts.rejected:
        click.echo("Se begrundelserne for de afviste rækker i rapport.xlsx.")
    hint_if_slow(run)
    show_failures(run)
    correct = run.outcome.needs_correcting
    if correct:
        what = (
            "1 række kan ikke bruges, som den står,"
            if len(correct) == 1
            else (f"{len(correct)} rækker kan ikke bruges, som de står,")
        )
        click.secho(
            f"{what} og skal rettes i registret (se begrundelserne i rapport.xlsx).",
            fg="yellow",
            err=True,
        )
        sys.exit(EXIT_ROWS_REFUSED)


def _write_blank(project, round_id: str, path: Path) -> None:
    from brevgen.contracts.blank import write_blank_register
    from brevgen.contracts.round_terms import round_terms

    if path.suffix.lower() != ".xlsx":
        raise BrevgenError(f"Filnavnet skal ende på .xlsx, fx kontrakter-{round_id}.xlsx.")
    rnd = project.rounds[round_id]
    write_blank_register(path, round_terms(project, rnd), stamp=rnd.info.period.start)
    click.echo(f"Tomt kontraktregister skrevet til {path}.")
