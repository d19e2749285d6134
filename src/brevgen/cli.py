"""The ``brevgen`` command: a thin layer that parses arguments and calls one function a verb."""

from __future__ import annotations

import signal
import sys
import tempfile
import traceback
from pathlib import Path

import click

from brevgen import cli_danish
from brevgen.errors import BrevgenError
from brevgen.formatting import tal

cli_danish.install()
CONTEXT = {"help_option_names": ["-h", "--help"]}
# Every command: -h as well as --help, and the usage line's "[OPTIONS]" in Danish.
COMMAND = {"context_settings": CONTEXT, "options_metavar": "[VALG]"}


def _filer(count: int) -> str:
    """'1 fil', '45 filer'."""
    return f"{count} {'fil' if count == 1 else 'filer'}"


def _files(run, why_skipped: str) -> tuple[str, str]:
    """("45 filer", "2 skrevet, 43 sprunget over, …"): what a run did, in the same words.

    Only the kinds that happened are named; "alle" when every file went the same way.
    """
    kinds = [
        (len(run.written), "skrevet"),
        (len(run.unchanged), "dannet igen uden ændringer"),
        (len(run.skipped), f"sprunget over, fordi {why_skipped}"),
    ]
    total = sum(count for count, _ in kinds)
    what = ", ".join(
        f"{'alle' if count == total > 1 else count} {kind}" for count, kind in kinds if count
    )
    return _filer(total), what or "ingen at danne"


def _fail(exc: BrevgenError) -> None:
    click.secho(exc.render(), fg="red", err=True)
    sys.exit(1)


# The exit status of a run stopped by a bug in brevgen (sysexits' EX_SOFTWARE).
EXIT_BUG = 70


class _Brevgen(click.Group):
    """The command group, with a last net under every command.

    Mistakes in the user's input are :class:`BrevgenError` and get their Danish message
    (the commands catch them around what they call; this catches any that surface
    elsewhere). Anything else is a bug in brevgen: the user gets a Danish sentence saying so
    and where the details are; the details (the traceback) go to a file for whoever
    maintains brevgen, not onto the screen.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrevgenError as exc:  # the user's mistake, wherever it surfaced
            _fail(exc)
        except Exception:
            details = traceback.format_exc()
            log = Path(tempfile.gettempdir()) / "brevgen-fejl.txt"
            try:
                log.write_text(details, encoding="utf-8")
                where = (
                    f"Detaljerne er gemt i {log}; send filen til den, der vedligeholder brevgen."
                )
            except OSError:  # nowhere to keep them: show them, to be copied
                where = f"Send teksten herunder til den, der vedligeholder brevgen.\n\n{details}"
            click.secho(
                "brevgen stødte på en uventet fejl. Det er en fejl i brevgen, ikke i dit "
                f"indhold. Filer, der nåede at blive skrevet, er hele. {where}",
                fg="red",
                err=True,
            )
            sys.exit(EXIT_BUG)


@click.group(
    "brevgen",
    cls=_Brevgen,
    **COMMAND,
    subcommand_metavar="KOMMANDO [ARGUMENTER]...",
    help=(
        "brevgen danner breve, bilag, brochurer og lokale kontrakter som Word- og PDF-filer "
        "ud fra indholdet i mappen content/ og skabelonerne i templates/."
    ),
)
@click.version_option(package_name="brevgen", message="brevgen %(version)s")
def main() -> None:
    pass


_ROOT = click.option(
    "--projekt",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Projektmappen med content/ og templates/.",
)


@main.command(**COMMAND, help="Dan alle dokumenter for alle runder (eller én).")
@click.option(
    "--round", "-r", "round_id", metavar="RUNDE", help="Dan kun denne runde, fx ok15-regioner."
)
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Mappen, filerne skrives i (standard: build/ i projektmappen).",
)
@click.option(
    "--pdf-a",
    "pdf_a",
    is_flag=True,
    help="Skriv PDF/A-3a til arkivering (stadig tilgængelig: mærket og PDF/UA).",
)
@click.option("--force", is_flag=True, help="Dan alle filer igen, også dem hvor intet er ændret.")
@_ROOT
def build(round_id: str | None, out: Path | None, pdf_a: bool, force: bool, root: Path) -> None:
    from brevgen.build import build as run_build

    out = out or root / "build"
    try:
        with click.progressbar(
            length=0,  # set when the content is planned
            label="Danner dokumenter",
            file=sys.stderr,
            show_eta=False,
            show_pos=True,
            item_show_func=lambda path: path,
        ) as bar:
            result = run_build(
                root,
                out,
                round_id,
                progress=lambda path: bar.update(1, path),
                planned=lambda files: setattr(bar, "length", files),
                variant="pdf/a-3a" if pdf_a else "pdf/ua-1",
                force=force,
            )
    except BrevgenError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        click.secho("Afbrudt. Filer, der nåede at blive skrevet, er hele; kør igen.", err=True)
        sys.exit(130)
    files, what = _files(result, "intet de bygger på er ændret")
    click.echo(f"Færdig på {tal(round(result.seconds, 1))} s: {files} i {out}/ — {what}.")


@main.command(**COMMAND, help="Kontrollér indhold og skabeloner uden at skrive noget.")
@_ROOT
def check(root: Path) -> None:
    from brevgen.build import check as run_check

    try:
        count = run_check(root)
    except BrevgenError as exc:
        _fail(exc)
    click.echo(f"Alt er i orden: indholdet kan danne {_filer(count)}.")


@main.command(
    **COMMAND,
    help=(
        "Dan alt igen i hukommelsen og kontrollér, at filerne i build/ er uændrede "
        "(efter build/manifest.json)."
    ),
)
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Mappen med de dannede filer (standard: build/ i projektmappen).",
)
@_ROOT
def verify(out: Path | None, root: Path) -> None:
    from brevgen.build import verify as run_verify

    out = out or root / "build"
    try:
        differences = run_verify(root, out)
    except BrevgenError as exc:
        _fail(exc)
    if differences:
        click.secho(f"{_filer(len(differences))} afviger:", fg="red", err=True)
        for line in differences:
            click.echo(f"  - {line}", err=True)
        sys.exit(1)
    click.echo(f"Alle filer i {out}/ er uændrede.")


@main.command(
    **COMMAND,
    help=(
        "Dan en lokal kontrakt (Word og PDF) for hver godkendt række i kontraktregistret "
        "REGNEARK og en rapport (rapport.xlsx) over alle rækker. Med --blank skrives i stedet "
        "et tomt kontraktregister til FIL med rundens udbydere, temaer og regioner som lister."
    ),
)
@click.argument("workbook", metavar="REGNEARK|FIL", type=click.Path(path_type=Path))
@click.option("--round", "-r", "round_id", metavar="RUNDE", help="Runden, fx ok15-regioner.")
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Mappen, kontrakterne skrives i (standard: build/<runde>/kontrakter/).",
)
@click.option(
    "--blank",
    is_flag=True,
    help="Skriv et tomt kontraktregister med rullelister til FIL i stedet for at danne kontrakter.",
)
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    metavar="ANTAL",
    help="Antal processer, der danner kontrakter samtidig (standard: én pr. processorkerne).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Dan alle kontrakter igen, også dem hvor hverken rækken eller skabelonerne er ændret.",
)
@_ROOT
def contracts(
    workbook: Path,
    round_id: str | None,
    out: Path | None,
    blank: bool,
    workers: int | None,
    force: bool,
    root: Path,
) -> None:
    from brevgen.content.project import load_project
    from brevgen.contracts.run import contract_round, default_out

    previous = _stop_on_sigterm()
    try:
        project = load_project(root, round_id)
        round_id = contract_round(project, round_id)
        if blank:
            _write_blank(project, round_id, workbook)
            return
        _run_contracts(
            project, round_id, workbook, out or default_out(project, round_id), workers, force
        )
    except BrevgenError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        click.secho("Afbrudt. Filer, der nåede at blive skrevet, er hele; kør igen.", err=True)
        sys.exit(130)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stop_on_sigterm():
    """Make SIGTERM (a scheduler, ``kill``, a closed session) stop a run as Ctrl-C does.

    By default SIGTERM ends the process at once, and its worker processes are left running
    on their own; as KeyboardInterrupt it stops the workers and records what was written.
    Returns the handler to restore (None where signals cannot be set, off the main thread).
    """

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except ValueError:
        return None


def _write_blank(project, round_id: str, path: Path) -> None:
    from brevgen.contracts.blank import write_blank_register
    from brevgen.contracts.round_terms import round_terms

    if path.suffix.lower() != ".xlsx":
        raise BrevgenError(f"Filnavnet skal ende på .xlsx, fx kontrakter-{round_id}.xlsx.")
    rnd = project.rounds[round_id]
    write_blank_register(path, round_terms(project, rnd), stamp=rnd.info.period.start)
    click.echo(f"Tomt kontraktregister skrevet til {path}.")


def _run_contracts(
    project,
    round_id: str,
    workbook: Path,
    out: Path,
    workers: int | None = None,
    force: bool = False,
) -> None:
    from brevgen.contracts.run import prepare, write_contracts

    prepared = prepare(project, round_id, workbook)
    issued = len(prepared.outcome.issued)
    with click.progressbar(
        length=issued,
        label="Danner kontrakter",
        file=sys.stderr,
        show_eta=False,  # click's estimate counts the workers' start-up: minutes off at first
        show_pos=True,
        item_show_func=lambda case: case and f"Sagsnr. {case}",
    ) as bar:
        run = write_contracts(
            prepared, out, progress=lambda case: bar.update(1, case), workers=workers, force=force
        )
    counts = prepared.outcome.counts
    click.echo(
        f"Færdig på {tal(round(run.seconds, 1))} s: udstedt {counts.issued}, "
        f"afvist {counts.rejected}, advarsler {counts.warned}, "
        f"tomme rækker sprunget over {counts.empty}."
    )
    files, what = _files(run, "hverken rækken eller skabelonerne er ændret")
    click.echo(f"Kontrakterne og rapport.xlsx ligger i {out}/ ({files}: {what}).")
    if counts.rejected:
        click.echo("Se begrundelserne for de afviste rækker i rapport.xlsx.")


if __name__ == "__main__":
    main()
