"""The conditions of Bilag 1 as one plain function per rule over a typed row.

A rejection rule returns the problems that make the row ``afvist`` (empty when it passes);
a warning rule returns remarks that leave the row ``udstedt``. Every problem points at the
cell concerned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from brevgen.errors import Problem
from brevgen.fonts import unprintable
from brevgen.formatting import dato

from .characters import describe
from .columns import ACTIVITY_COLUMNS, REQUEST_COLUMNS
from .dates import deadlines
from .frame import kr
from .model import Request, Unreadable, case_key
from .terms import RoundTerms
from .text import fold

Rule = Callable[[Request, RoundTerms], list[Problem]]


def quoted_list(items: Iterable[str]) -> str:
    """``“A”, “B” og “C”`` – quoted so names that contain "og" stay readable."""
    quoted = [f"“{item}”" for item in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " og " + quoted[-1]


def check_agreement(request: Request, terms: RoundTerms) -> list[Problem]:
    """The local parties must agree (Bilag 1: "kan i enighed rekvirere")."""
    if request.agreement:
        return []
    return [
        Problem(
            request.refs("agreement"),
            "Leder og medarbejderrepræsentant er ikke enige (Enighed er Nej). "
            "Ekspertrådgivning og inspiration kan kun rekvireres i enighed.",
        )
    ]


def check_provider(request: Request, terms: RoundTerms) -> list[Problem]:
    if terms.provider(request.provider):
        return []
    valid = quoted_list(p.kortnavn for p in terms.udbydere)
    return [
        Problem(
            request.refs("provider"),
            f"Udbyderen “{request.provider}” er ikke med i denne runde. "
            f"Gyldige udbydere er {valid}.",
        )
    ]


def check_theme(request: Request, terms: RoundTerms) -> list[Problem]:
    if terms.theme(request.theme):
        return []
    valid = quoted_list(t.navn for t in terms.temaer)
    return [
        Problem(
            request.refs("theme"),
            f"Temaet “{request.theme}” er ikke med i denne runde. Gyldige temaer er {valid}.",
        )
    ]


def check_region(request: Request, terms: RoundTerms) -> list[Problem]:
    if terms.region(request.region):
        return []
    valid = quoted_list(r.navn for r in terms.regioner)
    return [
        Problem(
            request.refs("region"),
            f"Regionen “{request.region}” findes ikke. Gyldige regioner er {valid}.",
        )
    ]


def check_offer_period(request: Request, terms: RoundTerms) -> list[Problem]:
    if request.request_date in terms.tilbudsperiode:
        return []
    return [
        Problem(
            request.refs("request_date"),
            f"Henvendelsesdatoen {dato(request.request_date)} ligger uden for tilbudsperioden "
            f"{terms.tilbudsperiode.label()}.",
        )
    ]


def check_budget_year(request: Request, terms: RoundTerms) -> list[Problem]:
    """With a frame, the request date must fall in one of its budget years."""
    if terms.ramme is None or request.request_date not in terms.tilbudsperiode:
        return []  # no frame, or already rejected for the offer period
    if terms.budget_year(request.request_date):
        return []
    years = ", ".join(year.label() for year in terms.rammeaar)
    return [
        Problem(
            request.refs("request_date"),
            f"Henvendelsesdatoen {dato(request.request_date)} ligger ikke i noget budgetår for "
            f"rammen ({years}).",
        )
    ]


def check_purpose(request: Request, terms: RoundTerms) -> list[Problem]:
    """Bilag 1 excludes follow-up on an AT-påbud and crisis help or personal support."""
    if not request.occasion:
        return []
    occasion = fold(request.occasion)
    problems = []
    for purpose in terms.udelukkede_formaal:
        if occasion == fold(purpose.navn) or any(k in occasion for k in purpose.keywords):
            problems.append(
                Problem(
                    request.refs("occasion"),
                    f"Ekspertrådgivning og inspiration kan ikke rekvireres til "
                    f"“{purpose.navn}” (Bilag 1). Anledningen er “{request.occasion}”.",
                )
            )
    return problems


def check_amount(request: Request, terms: RoundTerms) -> list[Problem]:
    """The price must be positive and cannot exceed a whole yearly frame."""
    where = request.refs("amount")
    if request.amount <= 0:
        return [Problem(where, f"Beløbet {kr(request.amount)} skal være større end 0 kr.")]
    if terms.ramme is not None and request.amount > terms.ramme:
        return [
            Problem(
                where,
                f"Beløbet {kr(request.amount)} er større end hele den "
                f"årlige ramme for en udbyder på {kr(terms.ramme)}",  # "kr." ends the sentence
            )
        ]
    return []


def check_date_order(request: Request, terms: RoundTerms) -> list[Problem]:
    """Dialogue, contract and delivery cannot come before the request; delivery ends after
    it starts."""
    problems = []
    start = request.request_date
    for field_name, heading in (
        ("dialogue_started", "Dialog startet"),
        ("contract_signed", "Kontrakt indgået"),
        ("delivery_from", "Levering fra"),
    ):
        day = getattr(request, field_name)
        if day is not None and day < start:
            problems.append(
                Problem(
                    request.refs(field_name),
                    f"{heading} ({dato(day)}) ligger før Henvendelsesdato ({dato(start)}).",
                )
            )
    end = request.delivery_to
    if end is not None:
        if request.delivery_from is not None and end < request.delivery_from:
            problems.append(
                Problem(
                    request.refs("delivery_to"),
                    f"Levering til ({dato(end)}) ligger før Levering fra "
                    f"({dato(request.delivery_from)}).",
                )
            )
        elif end < start:
            problems.append(
                Problem(
                    request.refs("delivery_to"),
                    f"Levering til ({dato(end)}) ligger før Henvendelsesdato ({dato(start)}).",
                )
            )
    return problems


# The cells whose text is printed in the contract as typed (region, provider and theme are
# printed with the round's own names).
PRINTED = (
    "case_no", "workplace", "unit", "address", "postcode", "city", "requester", "manager",
    "manager_email", "representative", "representative_role", "representative_email",
    "target_group", "expected_outcome", "occasion",
)  # fmt: skip
_HEADINGS = {c.field: c.heading for c in (*REQUEST_COLUMNS, *ACTIVITY_COLUMNS)}


def check_characters(request: Request, terms: RoundTerms) -> list[Problem]:
    """Every printed character must be in the shipped fonts, or the PDF would show a box."""
    if terms.printable is None:
        return []
    cells = [(request.refs, name, getattr(request, name)) for name in PRINTED]
    for activity in request.activities:
        if activity.refs is not None:
            cells += [
                (activity.refs, name, getattr(activity, name)) for name in ("activity", "place")
            ]
    problems = []
    for refs, name, text in cells:
        char = unprintable(text, terms.printable) if text else None
        if char:
            problems.append(
                Problem(
                    refs(name),
                    f"{_HEADINGS[name]}: {describe(char)} findes ikke i skrifttyperne, så det "
                    "kan ikke skrives i kontrakten. Ret teksten i cellen.",
                )
            )
    return problems


# The rules that are the conditions of Bilag 1; the others find rows that cannot be used as
# typed (a value out of place, a character no font has). A run reports whether any row was
# refused for the second kind: that needs someone to correct the register.
CONDITION_RULES: frozenset[Rule] = frozenset(
    (
        check_agreement,
        check_provider,
        check_theme,
        check_offer_period,
        check_budget_year,
        check_purpose,
    )
)

REJECTION_RULES: tuple[Rule, ...] = (
    check_characters,
    check_agreement,
    check_region,
    check_provider,
    check_theme,
    check_offer_period,
    check_budget_year,
    check_purpose,
    check_amount,
    check_date_order,
)


def warn_late_dialogue(request: Request, terms: RoundTerms) -> list[Problem]:
    day = request.dialogue_started
    deadline = deadlines(request.request_date).dialogue
    if day is None or day <= deadline:
        return []
    return [
        Problem(
            request.refs("dialogue_started"),
            f"Dialogen blev startet {dato(day)}, {_days(day - deadline)} efter fristen "
            f"{dato(deadline)} (senest en uge efter henvendelsen).",
        )
    ]


def warn_late_contract(request: Request, terms: RoundTerms) -> list[Problem]:
    day = request.contract_signed
    deadline = deadlines(request.request_date).contract
    if day is None or day <= deadline:
        return []
    return [
        Problem(
            request.refs("contract_signed"),
            f"Kontrakten blev indgået {dato(day)}, {_days(day - deadline)} efter fristen "
            f"{dato(deadline)} (senest 4 uger efter henvendelsen).",
        )
    ]


def warn_odd_order(request: Request, terms: RoundTerms) -> list[Problem]:
    """Orders that can happen but usually mean a typing error."""
    problems = []
    signed, started = request.contract_signed, request.dialogue_started
    if signed and started and signed < started:
        problems.append(
            Problem(
                request.refs("contract_signed"),
                f"Kontrakt indgået ({dato(signed)}) ligger før Dialog startet ({dato(started)}).",
            )
        )
    begins = request.delivery_from
    if signed and begins and begins < signed:
        problems.append(
            Problem(
                request.refs("delivery_from"),
                f"Levering fra ({dato(begins)}) ligger før Kontrakt indgået ({dato(signed)}).",
            )
        )
    return problems


def _days(delta) -> str:
    return "1 dag" if delta.days == 1 else f"{delta.days} dage"


WARNING_RULES: tuple[Rule, ...] = (warn_late_dialogue, warn_late_contract, warn_odd_order)


def duplicate_case_numbers(rows: Iterable[Request | Unreadable]) -> dict[int, Problem]:
    """Every row after the first with the same Sagsnr, with the first row's number."""
    first: dict[str, int] = {}
    problems: dict[int, Problem] = {}
    for row in rows:
        if not row.case_no:
            continue
        key = case_key(row.case_no)
        if key in first:
            problems[row.row] = Problem(
                row.refs("case_no"),
                f"Sagsnr “{row.case_no}” står allerede i række {first[key]}. "
                "Et sagsnummer må kun bruges én gang.",
            )
        else:
            first[key] = row.row
    return problems
