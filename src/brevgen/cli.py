"""The ``brevgen`` command: a thin group; each verb is a module in :mod:`brevgen.commands`.

A new verb is a new module there with a click command named ``command``; it is found by
its file name. Commands import what they need to do their work inside the command, so
``brevgen --help`` and a build with nothing to do start fast.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback

import click

from brevgen import cli_danish, commands
from brevgen.commands.common import COMMAND, EXIT_BUG, fail, save_details
from brevgen.errors import BrevgenError

cli_danish.install()


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
            fail(exc)
        except Exception:
            where = save_details(traceback.format_exc())
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


for _module in pkgutil.iter_modules(commands.__path__):
    _command = getattr(importlib.import_module(f"brevgen.commands.{_module.name}"), "command", None)
    if isinstance(_command, click.Command):
        main.add_command(_command)


if __name__ == "__main__":
    main()
