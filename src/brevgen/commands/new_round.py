"""``brevgen new-round NY --from GAMMEL``: a new round's folder from the last round's."""

from __future__ import annotations

from pathlib import Path

import click

from .common import COMMAND, filer, project_option, user_run

_LISTS = {
    "temaer": "temaerne (navnene står i content/registre/temaer.yaml)",
    "udbydere": "udbyderne (navne og kontaktoplysninger står i content/registre/udbydere.yaml)",
    "ramme": "rammebeløbet (budgetårene udledes af tilbudsperioden)",
}


@click.command(
    "new-round",
    **COMMAND,
    help=(
        "Opret en ny runde (mappen content/NY/) ud fra en tidligere runde. Alle dokumenter "
        "kopieres; det, der skal ændres hver runde (tilbudsperioden og datoerne), står som "
        "UDFYLD-felter, som 'brevgen check' viser, til de er udfyldt."
    ),
)
@click.argument("new", metavar="NY")
@click.option(
    "--from",
    "old",
    required=True,
    metavar="GAMMEL",
    help="Runden, der kopieres, fx ok15-regioner.",
)
@project_option
def command(new: str, old: str, root: Path) -> None:
    from brevgen.rounds.new import new_round

    with user_run():
        made = new_round(root, new, old)
    shown = made.folder.relative_to(root) if made.folder.is_relative_to(root) else made.folder
    click.echo(f"Runden {new} er oprettet i {shown}/ ud fra {old} ({filer(len(made.files))}).")
    if made.to_fill:
        click.echo("\nUdfyld nu, i denne rækkefølge:")
        for number, item in enumerate(made.to_fill, start=1):
            click.echo(f"  {number}. {item.where}  {item.key}: {item.what}")
    if made.lists:
        click.echo(f"\nRet derefter, hvis de er ændret siden {old}:")
        for key, where in made.lists.items():
            click.echo(f"  - {_LISTS[key]}: {where}")
    if made.mentions:
        click.echo(f"\nDisse steder nævner {old}; skal de nu nævne {new}?")
        for where in made.mentions:
            click.echo(f"  - {where}")
    if made.left_out:
        names = ", ".join(made.left_out)
        click.echo(f"\nIkke kopieret (hører til {old}): {names}.")
    click.echo(
        f"\nKør 'brevgen check', når felterne er udfyldt; den viser dem, der mangler. "
        f"'brevgen diff {old} {new}' viser, hvad der er ændret."
    )
