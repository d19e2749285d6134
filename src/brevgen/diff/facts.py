"""The facts of two versions of a round side by side: what changed, in Danish.

The period, the themes and providers in and out, the frame, and for each pair of letters
the recipients, senders, signatories and date; and every register entry whose details
changed (a new phone number), since those show in every document that prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from brevgen.content.context import recipients
from brevgen.content.models import Letter, Model
from brevgen.content.project import Project, Round
from brevgen.formatting import beloeb, dato

from .pairing import Pair

NONE = "(ingen)"
# Register -> an entry of it, in a sentence.
_REGISTERS = {
    "regioner": "regionen",
    "parter": "parten",
    "personer": "personen",
    "temaer": "temaet",
    "udbydere": "udbyderen",
}


@dataclass(frozen=True)
class Fact:
    """One row: what, its value in A and in B (lines), and the change in words ("" = none)."""

    what: str
    a: tuple[str, ...]
    b: tuple[str, ...]
    change: str
    gone: tuple[str, ...] = ()  # lines of ``a`` that are not in ``b`` (a list's items)
    came: tuple[str, ...] = ()  # lines of ``b`` that are new

    @property
    def changed(self) -> bool:
        return bool(self.change)


def _value(what: str, a: str | None, b: str | None) -> Fact:
    a_text, b_text = a or NONE, b or NONE
    change = "" if a_text == b_text else "ændret"
    return Fact(what, (a_text,), (b_text,), change)


def _names(kind: str, a: dict[str, str], b: dict[str, str]) -> Fact:
    """A list compared by id: what came in, what went out (and, in the same ids, a new order
    or wording)."""
    came = [b[k] for k in b if k not in a]
    went = [a[k] for k in a if k not in b]
    parts = []
    if came:
        parts.append(f"Ny: {_joined(came)}.")
    if went:
        parts.append(f"Udgået: {_joined(went)}.")
    if not parts and list(a.values()) != list(b.values()):
        parts.append("Samme, men i en anden rækkefølge eller med en anden ordlyd.")
    return Fact(
        kind,
        tuple(a.values()) or (NONE,),
        tuple(b.values()) or (NONE,),
        " ".join(parts),
        tuple(went),
        tuple(came),
    )


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def _period(rnd: Round) -> str | None:
    period = rnd.info.period
    return f"{dato(period.start)} – {dato(period.end)}" if period else None


def _frame(rnd: Round) -> str | None:
    frame = rnd.info.frame
    if frame is None:
        return None
    years = ", ".join(f"{dato(y.start)} – {dato(y.end)}" for y in frame.years)
    return f"{beloeb(frame.amount)} pr. udbyder pr. budgetår ({years})"


def _themes(project: Project, rnd: Round) -> dict[str, str]:
    themes = project.registers.themes
    return {t.id: t.name or themes[t.id].name for t in rnd.info.themes}


def _providers(project: Project, rnd: Round) -> dict[str, str]:
    providers = project.registers.providers
    return {p.id: p.name or providers[p.id].name for p in rnd.info.providers}


def round_facts(pa: Project, ra: Round, pb: Project, rb: Round, pairs: list[Pair]) -> list[Fact]:
    """The facts table of A (``pa``, ``ra``) against B, with rows for each pair of letters."""
    facts = [
        _value("Rundens navn", ra.info.name, rb.info.name),
        _value("Overenskomst", ra.info.agreement, rb.info.agreement),
        _value("Tilbudsperiode", _period(ra), _period(rb)),
        _names("Udbydere", _providers(pa, ra), _providers(pb, rb)),
        _names("Temaer", _themes(pa, ra), _themes(pb, rb)),
        _value("Ramme", _frame(ra), _frame(rb)),
    ]
    if ra.info.dates or rb.info.dates:
        facts.append(
            _names(
                "Rundens datoer",
                {k: f"{k}: {dato(v)}" for k, v in ra.info.dates.items()},
                {k: f"{k}: {dato(v)}" for k, v in rb.info.dates.items()},
            )
        )
    for pair in pairs:
        letters = [
            d.model if d is not None and isinstance(d.model, Letter) else None
            for d in (pair.a, pair.b)
        ]
        if not any(letters):
            continue
        facts.extend(_letter_facts(pair, pa, letters[0], pb, letters[1]))
    facts.append(_register_changes(pa, pb))
    return facts


def _letter_facts(pair: Pair, pa: Project, la: Letter | None, pb: Project, lb: Letter | None):
    label = f"({pair.label})"

    def people(project: Project, letter: Letter | None) -> dict[str, str]:
        if letter is None:
            return {}
        reg = project.registers.people
        return {s.person: reg[s.person].name for s in letter.signatories}

    def senders(project: Project, letter: Letter | None) -> dict[str, str]:
        if letter is None:
            return {}
        return {p: project.registers.parties[p].name for p in letter.senders}

    def addressees(project: Project, letter: Letter | None) -> dict[str, str]:
        if letter is None:
            return {}
        return {
            r.get("id") or r["navn"]: r["navn"] for r in map(_dict, recipients(project, letter))
        }

    return [
        _names(f"Modtagere {label}", addressees(pa, la), addressees(pb, lb)),
        _names(f"Afsendere {label}", senders(pa, la), senders(pb, lb)),
        _names(f"Underskrivere {label}", people(pa, la), people(pb, lb)),
        _value(f"Dato {label}", dato(la.date) if la else None, dato(lb.date) if lb else None),
    ]


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else value.model_dump(by_alias=True)


def _register_changes(pa: Project, pb: Project) -> Fact:
    """Register entries in both versions whose details differ, field by field."""
    lines: list[str] = []
    for key, noun in _REGISTERS.items():
        a_entries, b_entries = pa.registers.by_key(key), pb.registers.by_key(key)
        for entry_id, new in b_entries.items():
            old = a_entries.get(entry_id)
            if old is None:
                continue
            changes = _field_changes(old, new)
            if changes:
                lines.append(f"{noun.capitalize()} {new.name}: {'; '.join(changes)}")
    return Fact("Oplysninger i registrene", ("—",), ("—",), "\n".join(lines))


def _field_changes(old: Model, new: Model) -> list[str]:
    a, b = old.model_dump(by_alias=True), new.model_dump(by_alias=True)
    out = []
    for key in dict.fromkeys([*a, *b]):
        if key == "id" or a.get(key) == b.get(key):
            continue
        before, after = a.get(key), b.get(key)
        if isinstance(before, dict) and isinstance(after, dict):
            for sub in dict.fromkeys([*before, *after]):
                if before.get(sub) != after.get(sub):
                    out.append(f"{key} {sub}: {before.get(sub) or NONE} → {after.get(sub) or NONE}")
            continue
        out.append(f"{key}: {before or NONE} → {after or NONE}")
    return out
