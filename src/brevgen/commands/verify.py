"""``brevgen verify``: everything made again in memory and compared with ``build/``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import COMMAND, filer, out_option, project_option, user_run, workers_option


def verify(root: Path, out: Path, workers: int = 1) -> list[str]:
    """Rebuild in memory and list (in Danish) every file that differs from the manifest.

    Each file is made again with the options it was made with (a PDF/A build is verified as
    PDF/A). Nothing is written: the fresh bytes are only hashed and compared.
    """
    from brevgen.pipeline import manifest
    from brevgen.pipeline.engine import remake
    from brevgen.plans.documents import plan_documents
    from brevgen.render import Options

    recorded = manifest.load(out)
    if not recorded.files:
        return [f"{out}/{manifest.NAME} findes ikke; kør 'brevgen build' først"]
    fresh: dict[str, str | None] = {}
    variants = sorted(
        {Options.from_record(e.get("valg", {})) for e in recorded.files.values()} | {Options()},
        key=lambda o: o != Options(),  # the default first: it also makes files new since
    )
    for number, options in enumerate(variants):
        plan = plan_documents(root, options)

        def wanted(output, options=options, first=number == 0) -> bool:
            known = recorded.files.get(output.path)
            if known is None:
                return first
            return known.get("valg", {}) == options.record(output.format)

        fresh.update(remake(plan, wanted, workers))
    differences = []
    for relative, info in sorted(recorded.files.items()):
        path = out / relative
        if relative not in fresh:
            differences.append(f"{relative}: dannes ikke længere af indholdet")
        elif not path.exists():
            differences.append(f"{relative}: filen mangler i {out}")
        elif manifest.sha256(path.read_bytes()) != info["sha256"]:
            differences.append(f"{relative}: filen er ændret efter dannelsen")
        elif fresh[relative] is None:
            differences.append(f"{relative}: kan ikke længere dannes (kør 'brevgen build')")
        elif fresh[relative] != info["sha256"]:
            differences.append(f"{relative}: indholdet eller skabelonerne giver nu en anden fil")
    for relative in sorted(set(fresh) - set(recorded.files)):
        differences.append(f"{relative}: ny fil, som ikke er dannet endnu")
    return differences


@click.command(
    "verify",
    **COMMAND,
    help=(
        "Dan alt igen i hukommelsen og kontrollér, at filerne i build/ er uændrede "
        "(efter build/manifest.json)."
    ),
)
@out_option("Mappen med de dannede filer (standard: build/ i projektmappen).")
@workers_option
@project_option
def command(out: Path | None, workers: int | None, root: Path) -> None:
    from brevgen.pipeline.pool import default_workers

    out = out or root / "build"
    with user_run():
        differences = verify(root, out, workers or default_workers())
    if differences:
        click.secho(f"{filer(len(differences))} afviger:", fg="red", err=True)
        for line in differences:
            click.echo(f"  - {line}", err=True)
        sys.exit(1)
    click.echo(f"Alle filer i {out}/ er uændrede.")
