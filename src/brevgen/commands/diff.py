"""``brevgen diff A B``: what changed between two rounds, or one round at two points of its
history, as a report (HTML and PDF) and Word files with tracked changes."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .common import COMMAND, files_summary, out_option, project_option, show_failures, user_run

FOLDER = "aendringer"  # build/aendringer/<A>--<B>/


def diff(root: Path, spec_a: str, spec_b: str, out: Path | None = None, *, force: bool = False):
    """Make the comparison of ``spec_a`` and ``spec_b``; return (result, comparison or None).

    The comparison is None when nothing it reads has changed since the last run into the
    same folder (the files are current and not planned again).
    """
    from brevgen.pipeline.fingerprint import Fingerprints
    from brevgen.pipeline.manifest import unchanged
    from brevgen.pipeline.result import RunResult
    from brevgen.render import Options
    from brevgen.rounds.revision import label, resolve

    started = time.perf_counter()
    options = Options()
    resolved = [resolve(root, spec) for spec in (spec_a, spec_b)]
    labels = [label(round_id, at) for round_id, at in resolved]
    out = out or root / "build" / FOLDER / "--".join(labels)
    # Everything the comparison reads: the project folder and the commits it names.
    selection = "diff " + " ".join(
        f"{round_id}@{at.commit}" if at else round_id for round_id, at in resolved
    )
    state = Fingerprints(root, options).state(selection)
    files = None if force else unchanged(out, selection, state)
    if files is not None:
        result, comparison = RunResult(out, skipped=files), None
    else:
        from brevgen.pipeline.engine import run
        from brevgen.plans.changes import plan_changes

        plan, comparison = plan_changes(root, spec_a, spec_b, options)
        result = run(plan, out, force=force, selection=selection, state=state)
    result.seconds = time.perf_counter() - started
    return result, comparison


@click.command(
    "diff",
    **COMMAND,
    help=(
        "Vis, hvad der er ændret fra runde A til runde B: en rapport (HTML og PDF) med "
        "fakta og tekst, og en Word-fil med sporede ændringer for hvert dokument. A og B er "
        "to runder (ok15-regioner ok18-regioner) eller én runde i en tidligere version fra "
        "git og nu (ok18-regioner@HEAD~3 ok18-regioner)."
    ),
)
@click.argument("spec_a", metavar="A")
@click.argument("spec_b", metavar="B")
@out_option("Mappen, filerne skrives i (standard: build/aendringer/A--B/ i projektmappen).")
@click.option("--force", is_flag=True, help="Dan alle filer igen, også når intet er ændret.")
@project_option
def command(spec_a: str, spec_b: str, out: Path | None, force: bool, root: Path) -> None:
    from brevgen.formatting import tal

    with user_run():
        result, comparison = diff(root, spec_a, spec_b, out, force=force)
    files, what = files_summary(result, "intet, de bygger på, er ændret")
    seconds = tal(round(result.seconds, 1))
    click.echo(f"Færdig på {seconds} s: {files} i {result.out}/ — {what}.")
    if comparison is not None:
        _tell(comparison)
    show_failures(result)
    if result.failed:
        sys.exit(1)


def _tell(comparison) -> None:
    """What changed, in a few lines: the report first, then each document's Word file."""
    a, b = comparison.sides
    click.echo(f"Rapporten: aendringer.html og aendringer.pdf ({a.label} → {b.label}).")
    for item in comparison.compared:
        pair = item.pair
        if pair.a is None:
            state = f"nyt i {b.label}"
        elif pair.b is None:
            state = f"findes ikke i {b.label}"
        elif item.a == item.b:
            state = "uændret"
        else:
            deleted = sum(p.counts()[0] for p in item.paragraphs)
            inserted = sum(p.counts()[1] for p in item.paragraphs)
            state = f"{deleted} ord slettet, {inserted} ord indsat"
        click.echo(f"  {item.docx}: {pair.label}, {state}")
