"""``brevgen check``: content and templates checked, nothing written."""

from __future__ import annotations

from pathlib import Path

import click

from brevgen.errors import BuildError

from .common import COMMAND, filer, project_option, show_warnings, user_run


def check(root: Path) -> tuple[int, list]:
    """Validate content and render each layout once in memory; return the files planned
    and what the user should look at though nothing stops (warnings: a provider card with no
    contact facts; recipients of a round with a covering e-mail that have no address).

    An e-mail address that is not one is an error here, though ``brevgen build`` does not
    stop for it (the letters do not print it): ``brevgen send`` would leave the recipient
    out.
    """
    from brevgen.content.addresses import mail_document, mail_problems
    from brevgen.content.project import load_project
    from brevgen.errors import ContentError
    from brevgen.pipeline.engine import trial
    from brevgen.plans.documents import plan_project
    from brevgen.render import Options

    project = load_project(root)
    plan = plan_project(project, Options())
    notes, wrong = mail_problems(project)
    mails = [r for r in project.rounds.values() if mail_document(r)]
    problems = trial(plan) + (_trial_mails(project, mails) if not wrong else [])
    if problems:
        raise BuildError(problems + wrong)
    if wrong:
        raise ContentError(wrong)
    return plan.count(), [*plan.warnings, *notes]


def _trial_mails(project, rounds) -> list:
    """Each round's covering e-mail rendered once in memory, without its files, so a fault
    in its merge fields or in templates/html/mail.html shows before anything is sent.

    A round whose recipients have no address yet is tried on its first recipient with a
    stand-in address.
    """
    import dataclasses

    from brevgen.pipeline.engine import trial
    from brevgen.pipeline.plan import Plan
    from brevgen.render import Options
    from brevgen.views.mail import mail_views

    plan = Plan(project.root, Options())
    for rnd in rounds:
        views = mail_views(project, rnd, stand_in=True)
        draft = views.drafts[0] if views.drafts else None
        if draft is None:
            continue
        view = dataclasses.replace(draft.view, context={**draft.view.context, "vedhaeftninger": []})
        plan.add(f"{rnd.id}/post/{draft.addressee.slug}.eml", "eml", [view], "")
    return trial(plan)


@click.command("check", **COMMAND, help="Kontrollér indhold og skabeloner uden at skrive noget.")
@project_option
def command(root: Path) -> None:
    with user_run():
        count, warnings = check(root)
    click.echo(f"Alt er i orden: indholdet kan danne {filer(count)}.")
    show_warnings(warnings)
