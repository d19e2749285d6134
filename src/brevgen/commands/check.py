"""``brevgen check``: content and templates checked, nothing written."""

from __future__ import annotations

from pathlib import Path

import click

from brevgen.errors import BuildError

from .common import COMMAND, filer, project_option, show_warnings, user_run


def check(root: Path) -> tuple[int, list]:
    """Validate content and render each layout once in memory; return the files planned
    and the warnings (problems that stop nothing)."""
    from brevgen.pipeline.engine import trial
    from brevgen.plans.documents import plan_documents
    from brevgen.render import Options

    plan = plan_documents(root, Options())
    problems = trial(plan)
    if problems:
        raise BuildError(problems)
    return plan.count(), plan.warnings


@click.command("check", **COMMAND, help="Kontrollér indhold og skabeloner uden at skrive noget.")
@project_option
def command(root: Path) -> None:
    with user_run():
        count, warnings = check(root)
    click.echo(f"Alt er i orden: indholdet kan danne {filer(count)}.")
    show_warnings(warnings)
