"""``brevgen send``'s work: drafts from a current build, what to send, and the sending.

1. The build folder is locked for the whole run (no build changes a file while it is
   drafted or sent) and the drafts are planned; a file the build has not made from the
   content as it is now stops the run ("byg først").
2. The engine writes one ``.eml`` draft per recipient with an address in ``post/``.
3. The send log decides: an e-mail the server has accepted for the same recipient, address
   and files (:func:`~brevgen.render.eml.message_key`) is not sent again unless asked
   (``again``); a recipient whose letter has changed since gets the new one, which the log
   says replaces the old.
   Without a server, ``post/udsendelse.txt`` lists what a run with one would do.
4. With a server, each e-mail is sent as its draft, and logged at once. A refusal is
   logged and the run goes on; a broken connection ends it, and the next run sends only
   what the server has not accepted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from brevgen.errors import BuildError, Problem, SendError
from brevgen.output import write_bytes
from brevgen.pipeline.result import RunResult
from brevgen.plans.mail import Attachment, MailPlan
from brevgen.render.eml import message_id
from brevgen.views.mail import Draft

from .log import FAILED, REFUSED, SENT, SendLog, entry
from .smtp import TIMEOUT, Connection, ConnectionLost, Secret, Server

NEW, CHANGED, AGAIN, DONE = "ny", "ændret", "igen", "sendt"


@dataclass
class Sending:
    """One recipient's e-mail in this run: what it is, and what became of it."""

    draft: Draft
    path: Path  # its draft in post/
    files: list[Attachment]
    key: str
    state: str  # NEW, CHANGED (replaces an earlier e-mail), AGAIN (--igen) or DONE
    previous: dict | None = None  # the log's entry: the same e-mail sent, or the one replaced
    resend: int = 0  # how often the server has accepted this same e-mail before
    outcome: str | None = None  # SENT, REFUSED or FAILED; None: not tried
    answer: str = ""  # the server's
    message_id: str = ""

    @property
    def name(self) -> str:
        return self.draft.addressee.name

    @property
    def address(self) -> str:
        return self.draft.address


@dataclass
class SendResult:
    round_id: str
    folder: Path  # build/<runde>/post
    drafts: RunResult
    sendings: list[Sending]
    missing: list[Problem]  # recipients without an address
    refused: list[Problem]  # addresses that are not ones
    log: SendLog
    server: Server | None = None
    lost: str | None = None  # why the connection broke, if it did
    notes: list[Problem] = field(default_factory=list)

    @property
    def unserved(self) -> int:
        """Recipients that have not got their e-mail (nor a draft, without a server)."""
        left = len(self.missing) + len(self.refused)
        if self.server is None:
            return left
        return left + sum(1 for s in self.sendings if s.state != DONE and s.outcome != SENT)


def send_round(
    root: Path,
    round_id: str,
    out: Path,
    *,
    server: Server | None = None,
    user: str | None = None,
    password: Secret | None = None,
    again: bool = False,
    timeout: float = TIMEOUT,
    progress: Callable[[Sending], None] | None = None,
    drafted: Callable[[SendResult], None] | None = None,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now().astimezone(),
) -> SendResult:
    """Draft the round's e-mails from the build in ``out``; send them through ``server``.

    ``drafted`` hears the result once the drafts are written and before anything is sent,
    ``progress`` each e-mail as the server has answered it.
    """
    from brevgen.pipeline.engine import run
    from brevgen.pipeline.lock import folder_lock
    from brevgen.plans.mail import plan_mail

    with folder_lock(out):
        mail_plan = plan_mail(root, round_id, out)
        if mail_plan.stale:
            raise SendError(mail_plan.stale)
        drafts = run(mail_plan.plan, mail_plan.folder, force=True)
        if drafts.failed:
            raise BuildError(drafts.problems)
        log = SendLog.load(mail_plan.folder, round_id)
        sendings = decide(mail_plan, log, again)
        views = mail_plan.views
        result = SendResult(
            round_id, mail_plan.folder, drafts, sendings, views.missing, views.refused, log, server
        )
        result.notes.extend(views.notes)
        if drafted:
            drafted(result)
        if server is None:
            from .overview import OVERVIEW, overview

            write_bytes(result.folder / OVERVIEW, overview(result).encode("utf-8"))
            return result
        pending = [s for s in sendings if s.state != DONE]
        if pending:
            with Connection(server, user, password, timeout) as connection:
                deliver = Delivery(views.sender, connection, log, server, clock, progress)
                result.lost = deliver.each(pending)
        if log.workbook_problem:
            result.notes.append(log.workbook_problem)
    return result


def decide(mail_plan: MailPlan, log: SendLog, again: bool) -> list[Sending]:
    """What becomes of each draft: sent (new or changed), sent again, or left (sent)."""
    from brevgen.render.eml import message_key

    sendings = []
    for draft in mail_plan.views.drafts:
        slug = draft.addressee.slug
        files = mail_plan.attachments[slug]
        key = message_key(slug, draft.address, [f.sha256 for f in files])
        sending = Sending(draft, mail_plan.draft_path(draft), files, key, NEW)
        accepted = log.accepted(key)
        last = log.last_accepted_to(slug)
        if accepted:
            sending.state = AGAIN if again else DONE
            sending.previous, sending.resend = accepted[-1], len(accepted)
        elif last is not None:
            sending.state, sending.previous = CHANGED, last
        sending.message_id = message_id(key, mail_plan.views.sender, sending.resend)
        sendings.append(sending)
    return sendings


@dataclass
class Delivery:
    """The sending of one run: through one connection, into one log."""

    sender: str
    connection: Connection
    log: SendLog
    server: Server
    clock: Callable[[], dt.datetime]
    progress: Callable[[Sending], None] | None

    def each(self, pending: list[Sending]) -> str | None:
        """Send each e-mail and log it at once; why the connection broke, if it did."""
        for sending in pending:
            lost = self.one(sending)
            if lost is not None:
                return lost
        return None

    def one(self, sending: Sending) -> str | None:
        from .message import for_sending

        when = self.clock()
        data = for_sending(sending.path.read_bytes(), when, sending.message_id)
        lost = None
        try:
            reply = self.connection.send(self.sender, sending.address, data)
            sending.outcome = SENT if reply.accepted else REFUSED
            sending.answer = reply.answer
        except ConnectionLost as exc:
            lost = exc.answer
            sending.outcome, sending.answer = FAILED, exc.answer
        self.log.add(
            entry(
                when=when,
                recipient=sending.draft.addressee.slug,
                name=sending.name,
                address=sending.address,
                subject=sending.draft.view.title,
                message_id=sending.message_id,
                files=[(f.name, f.sha256) for f in sending.files],
                key=sending.key,
                server=str(self.server),
                status=sending.outcome,
                answer=sending.answer,
                replaces=sending.previous["message_id"] if sending.state == CHANGED else None,
                again=sending.state == AGAIN,
            )
        )
        if self.progress:
            self.progress(sending)
        return lost
