"""What a send run would send, and what it did, in Danish lines (the terminal and
``post/udsendelse.txt`` say the same)."""

from __future__ import annotations

import datetime as dt

from brevgen.formatting import tidspunkt

from .log import FAILED, REFUSED, SENT
from .send import AGAIN, CHANGED, DONE, Sending, SendResult

OVERVIEW = "udsendelse.txt"


def _when(item: dict) -> str:
    return tidspunkt(dt.datetime.fromisoformat(item["tidspunkt"]))


def who(sending: Sending) -> str:
    return f"{sending.name} <{sending.address}>"


def plan_line(sending: Sending) -> str:
    """What becomes of one recipient's e-mail in a run with a server."""
    files = ", ".join(f.name for f in sending.files)
    if sending.state == DONE:
        return (
            f"{who(sending)} fik denne e-mail {_when(sending.previous)} og får den ikke igen "
            "(brug --igen for at sende den alligevel)"
        )
    if sending.state == AGAIN:
        return f"{who(sending)}: sendes igen (--igen), sendt før {_when(sending.previous)}: {files}"
    if sending.state == CHANGED:
        return (
            f"{who(sending)}: sendes og erstatter e-mailen sendt {_when(sending.previous)}, "
            f"fordi brevet er ændret: {files}"
        )
    return f"{who(sending)}: sendes: {files}"


OUTCOMES = {SENT: "sendt", REFUSED: "afvist", FAILED: "ikke sendt"}


def outcome_line(sending: Sending) -> str:
    said = "" if sending.outcome == FAILED else "serveren svarede: "
    return f"{OUTCOMES[sending.outcome]}: {who(sending)} — {said}{sending.answer}"


def plan_lines(result: SendResult) -> list[str]:
    """What ``--smtp`` would do for each recipient, and who gets no e-mail and why."""
    command = f"brevgen send --round {result.round_id} --smtp VÆRT:PORT"
    lines = [f"Med '{command}' sker dette:"]
    lines += [f"  - {plan_line(s)}" for s in result.sendings] or ["  (ingen e-mails at sende)"]
    left = result.missing + result.refused
    if left:
        lines.append(f"Får ingen e-mail ({len(left)}):")
        lines += [f"  - {problem}" for problem in left]
    return lines


def overview(result: SendResult) -> str:
    """The list of what ``--smtp`` would send (``post/udsendelse.txt``)."""
    head = (
        f"Udsendelse af runden {result.round_id}: kladderne ligger i denne mappe, én .eml-fil "
        "pr. modtager."
    )
    return "\n".join([head, "", *plan_lines(result)]) + "\n"
