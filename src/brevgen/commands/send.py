"""``brevgen send``: a round's letters as e-mail drafts in ``build/<runde>/post/``, and with
``--smtp`` sent through the organisation's mail server, each recipient once."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .common import COMMAND, filer, out_option, project_option, user_run

PASSWORD_VARIABLE = "BREVGEN_SMTP_ADGANGSKODE"
# Exit status when the run went through but some recipients got no e-mail (no address, a
# wrong one, a refusal or a broken connection); what and why is printed.
EXIT_NOT_ALL_SERVED = 3


def mail_round(root: Path, round_id: str | None) -> str:
    """The round to send: the one asked for, or the only round with a covering e-mail."""
    from brevgen.content.addresses import mail_document
    from brevgen.content.project import load_project
    from brevgen.errors import ContentError

    if round_id is not None:
        return round_id
    project = load_project(root)
    with_mail = [r.id for r in project.rounds.values() if mail_document(r)]
    if len(with_mail) == 1:
        return with_mail[0]
    choices = ", ".join(with_mail) or "(ingen runder har en mail.yaml)"
    raise ContentError(f"angiv runden med --round; runder med en mail: {choices}")


def password(user: str | None):
    """The SMTP password from the environment or a hidden prompt (never an option)."""
    from brevgen.errors import SendError
    from brevgen.mailing.smtp import Secret

    if not user:
        return None
    value = os.environ.get(PASSWORD_VARIABLE)
    if value is None:
        if not sys.stdin.isatty():
            raise SendError(
                f"adgangskoden til SMTP-serveren mangler; sæt miljøvariablen {PASSWORD_VARIABLE}, "
                "eller kør kommandoen i et vindue, hvor brevgen kan spørge om den"
            )
        value = click.prompt(f"Adgangskode for {user}", hide_input=True, err=True)
    return Secret(value)


@click.command(
    "send",
    **COMMAND,
    help=(
        "Dan rundens brev som e-mailkladder (én .eml-fil pr. modtager i build/RUNDE/post/, "
        "som Outlook og Thunderbird åbner klar til at sende) og en liste over, hvad der "
        "ville blive sendt. Med --smtp sendes e-mailsene gennem organisationens mailserver; "
        "hvad serveren har modtaget, står i post/sendelog.xlsx og sendes ikke igen. "
        f"Adgangskoden til --bruger tages fra miljøvariablen {PASSWORD_VARIABLE}, eller "
        "brevgen spørger om den."
    ),
)
@click.option("--round", "-r", "round_id", metavar="RUNDE", help="Runden, fx ok15-regioner.")
@click.option(
    "--smtp",
    "smtp",
    metavar="VÆRT:PORT",
    help="Send gennem denne SMTP-server, fx smtp.regioner.dk:587. Uden den sendes intet.",
)
@click.option("--bruger", "user", metavar="NAVN", help="Brugernavn, hvis serveren kræver login.")
@click.option(
    "--igen",
    "again",
    is_flag=True,
    help="Send også til modtagere, der allerede har fået den samme e-mail.",
)
@out_option("Mappen med de dannede filer (standard: build/ i projektmappen).")
@project_option
def command(
    round_id: str | None,
    smtp: str | None,
    user: str | None,
    again: bool,
    out: Path | None,
    root: Path,
) -> None:
    from brevgen.mailing.overview import OVERVIEW, outcome_line, plan_line, plan_lines
    from brevgen.mailing.send import DONE, send_round
    from brevgen.mailing.smtp import Server

    out = out or root / "build"
    with user_run():
        round_id = mail_round(root, round_id)
        server = Server.parse(smtp) if smtp else None
        secret = password(user) if server else None

        def progress(sending) -> None:
            click.echo(f"  {outcome_line(sending)}")

        def drafted(result) -> None:
            written = len(result.drafts.written)
            what = f"{written} skrevet" if written else "uændrede"
            click.echo(f"Kladder: {filer(len(result.sendings))} i {result.folder}/ ({what}).")
            if server is None:
                return
            for sending in result.sendings:
                if sending.state == DONE:
                    click.echo(plan_line(sending) + ".")
            pending = sum(1 for s in result.sendings if s.state != DONE)
            if pending:
                click.echo(f"Sender {pending} e-mail{'s' * (pending > 1)} gennem {server}:")

        result = send_round(
            root,
            round_id,
            out,
            server=server,
            user=user,
            password=secret,
            again=again,
            progress=progress,
            drafted=drafted,
        )
    folder = result.folder
    if server is None:
        click.echo("\n".join(plan_lines(result)))
        click.echo(
            f"Listen står også i {folder / OVERVIEW}. Intet er sendt; brug --smtp VÆRT:PORT "
            "for at sende."
        )
    else:
        _summary(result)
    for note in result.notes:
        click.secho(f"Bemærk: {note}", fg="yellow", err=True)
    if result.unserved:
        sys.exit(EXIT_NOT_ALL_SERVED)


def _summary(result) -> None:
    from brevgen.mailing.log import FAILED, REFUSED, SENT, XLSX_NAME
    from brevgen.mailing.send import DONE

    counts = {k: sum(1 for s in result.sendings if s.outcome == k) for k in (SENT, REFUSED)}
    untried = [s for s in result.sendings if s.state != DONE and s.outcome is None]
    click.echo(
        f"Færdig: {counts[SENT]} sendt, {counts[REFUSED]} afvist af serveren. "
        f"Sendeloggen: {result.folder / XLSX_NAME} (og sendelog.json)."
    )
    if result.lost:
        failed = [s for s in result.sendings if s.outcome == FAILED] + untried
        names = ", ".join(s.name for s in failed)
        click.secho(
            f"Forbindelsen til serveren blev afbrudt ({result.lost}); ikke sendt: {names}. "
            "Kør kommandoen igen for at sende dem; de sendte sendes ikke igen.",
            fg="red",
            err=True,
        )
    if counts[REFUSED]:
        click.secho(
            "Serveren afviste nogle e-mails (se svaret ovenfor); kør igen, når årsagen er "
            "rettet: kun de afviste sendes.",
            fg="red",
            err=True,
        )
    left = result.missing + result.refused
    if left:
        click.secho(f"Får ingen e-mail ({len(left)}):", fg="yellow", err=True)
        for problem in left:
            click.secho(f"  - {problem}", fg="yellow", err=True)
