"""What the commands share: click settings, options, progress bars and the summary lines."""

from __future__ import annotations

import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from brevgen.errors import BrevgenError, BuildError

CONTEXT = {"help_option_names": ["-h", "--help"]}
# Every command: -h as well as --help, and the usage line's "[OPTIONS]" in Danish.
COMMAND = {"context_settings": CONTEXT, "options_metavar": "[VALG]"}

# The exit status of a run stopped by a bug in brevgen (sysexits' EX_SOFTWARE).
EXIT_BUG = 70

project_option = click.option(
    "--projekt",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="MAPPE",
    default=".",
    show_default=True,
    help="Projektmappen med content/ og templates/.",
)


def out_option(what: str):
    """``--out``/``-o``: the folder a command writes in or reads from, described by ``what``."""
    return click.option(
        "--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None, help=what
    )


workers_option = click.option(
    "--workers",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    metavar="ANTAL",
    help="Antal processer, der danner filer samtidig (standard: én pr. processorkerne).",
)


def filer(count: int) -> str:
    """'1 fil', '45 filer'."""
    return f"{count} {'fil' if count == 1 else 'filer'}"


def files_summary(run, why_skipped: str) -> tuple[str, str]:
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
    return filer(total), what or "ingen at danne"


def fail(exc: BrevgenError) -> None:
    click.secho(exc.render(), fg="red", err=True)
    sys.exit(1)


@contextmanager
def progress_bar(label: str, show: Callable[[str | None], str | None] = lambda p: p) -> Iterator:
    """A bar on stderr whose length the run sets once it knows it (``bar.length``)."""
    with click.progressbar(
        length=0,
        label=label,
        file=sys.stderr,
        show_eta=False,  # click's estimate counts the workers' start-up: minutes off at first
        show_pos=True,
        item_show_func=show,
    ) as bar:
        yield bar


@contextmanager
def user_run() -> Iterator[None]:
    """Around a command's work: the user's mistakes as Danish messages, Ctrl-C and SIGTERM as
    a clean stop (worker processes stopped, what was written recorded)."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        previous = None
    try:
        yield
    except BrevgenError as exc:
        fail(exc)
    except KeyboardInterrupt:
        click.secho("Afbrudt. Filer, der nåede at blive skrevet, er hele; kør igen.", err=True)
        sys.exit(130)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def save_details(details: str) -> str:
    """Keep a bug's details (a traceback) for the maintainer; say where, in Danish."""
    log = Path(tempfile.gettempdir()) / "brevgen-fejl.txt"
    try:
        log.write_text(details, encoding="utf-8")
    except OSError:  # nowhere to keep them: show them, to be copied
        return f"Send teksten herunder til den, der vedligeholder brevgen.\n\n{details}"
    return f"Detaljerne er gemt i {log}; send filen til den, der vedligeholder brevgen."


def hint_if_slow(result) -> None:
    """After a run that rendered files: what to install if PDFs are made the slow way."""
    if not (result.written or result.unchanged):
        return
    from brevgen.render.fontconfig import harfbuzz_subset_hint

    hint = harfbuzz_subset_hint()
    if hint:
        click.secho(f"Bemærk: {hint}", fg="yellow", err=True)


def show_warnings(warnings) -> None:
    """What the user should look at, though nothing stopped (yellow, on stderr)."""
    if not warnings:
        return
    count = len(warnings)
    head = f"Bemærk ({count}):" if count > 1 else "Bemærk:"
    lines = [head, *(f"  - {w}" for w in warnings)]
    click.secho("\n".join(lines), fg="yellow", err=True)


def show_failures(result) -> None:
    """The outputs a run could not make, in Danish (and where a bug's details are kept)."""
    if not result.failed:
        return
    click.secho(BuildError(result.problems).render(), fg="red", err=True)
    if result.details:
        click.secho(save_details("\n\n".join(result.details)), fg="red", err=True)
