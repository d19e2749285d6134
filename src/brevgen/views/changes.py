"""The change report between two versions of a round, and the views of its Word files.

The report (layout ``aendringer``) puts the facts table first and then, document by document,
the paragraphs that changed with their words deleted and inserted; runs of unchanged
paragraphs are folded, keeping one on each side of a change. Each pair of documents also
becomes two views of layout ``sporet`` (the text before and after, paragraph by paragraph),
which the tracked-changes builder turns into one Word file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from brevgen.diff.facts import Fact
from brevgen.diff.pairing import Pair
from brevgen.diff.paragraphs import Block, Paragraph, align

from . import View

REPORT_LAYOUT = "aendringer"
TRACKED_LAYOUT = "sporet"
AUTHOR = "brevgen"
SHOWN_AROUND = 1  # unchanged paragraphs shown on each side of a change
_STYLE_CLASSES = (("Heading", "overskrift"), ("List Bullet", "punkt"),
                  ("List Number", "tal"), ("Quote", "citat"))  # fmt: skip


@dataclass(frozen=True)
class Compared:
    """One pair of documents with their texts and the comparison."""

    pair: Pair
    title: str  # the document's title (B's, or A's when it is gone)
    a: tuple[Block, ...]
    b: tuple[Block, ...]
    docx: str  # the Word file's name in the report's folder

    @property
    def paragraphs(self) -> list[Paragraph]:
        return align(list(self.a), list(self.b))


def tracked_views(item: Compared, sides: tuple[str, str], date: dt.date | None) -> list[View]:
    """The before and after views of one Word file with tracked changes."""
    title = f"Ændringer i {item.title} ({sides[0]} → {sides[1]})"
    return [
        View(
            TRACKED_LAYOUT,
            item.pair.name,
            title,
            date or dt.date(1980, 1, 1),
            AUTHOR,
            {"side": side, "afsnit": [x.record() for x in blocks], "har_dato": date is not None},
        )
        for side, blocks in zip(sides, (item.a, item.b), strict=True)
    ]


def _style_class(style: str) -> str:
    return next((css for prefix, css in _STYLE_CLASSES if style.startswith(prefix)), "")


def _paragraph(p: Paragraph) -> dict[str, Any]:
    return {
        "art": p.kind,
        "stil": _style_class(p.style),
        "dele": [{"art": piece.kind, "tekst": piece.text} for piece in p.pieces],
    }


def folded(paragraphs: list[Paragraph]) -> list[dict[str, Any]]:
    """The paragraphs for the report: changes with a paragraph of context on each side, each
    longer run of unchanged paragraphs as one fold, and paragraphs deleted or inserted one
    after the other as one group."""
    changed = [i for i, p in enumerate(paragraphs) if p.kind != "same"]
    shown = {j for i in changed for j in range(i - SHOWN_AROUND, i + SHOWN_AROUND + 1)}
    out: list[dict[str, Any]] = []
    run: list[dict[str, Any]] = []

    def close() -> None:
        if len(run) == 1:
            out.append(run[0])
        elif run:
            out.append({"art": "fold", "antal": len(run), "afsnit": list(run)})
        run.clear()

    for index, paragraph in enumerate(paragraphs):
        if index not in shown:
            run.append(_paragraph(paragraph))
            continue
        close()
        item = _paragraph(paragraph)
        last = out[-1] if out else None
        if paragraph.kind in ("del", "ins"):
            if last and last["art"] == "gruppe" and last["slags"] == paragraph.kind:
                last["afsnit"].append(item)
            else:
                out.append({"art": "gruppe", "slags": paragraph.kind, "afsnit": [item]})
        else:
            out.append(item)
    close()
    return out


def _status(item: Compared, paragraphs: list[Paragraph]) -> str:
    if item.pair.a is None:
        return "ny"
    if item.pair.b is None:
        return "udgået"
    return "ændret" if any(p.kind != "same" for p in paragraphs) else "uændret"


def _document(index: int, item: Compared, sides: tuple[str, str]) -> dict[str, Any]:
    paragraphs = item.paragraphs
    deleted = sum(p.counts()[0] for p in paragraphs)
    inserted = sum(p.counts()[1] for p in paragraphs)
    pair = item.pair
    how = {"forgænger": "efter forgængeren, dokumentet selv angiver", "navn": "efter navn"}
    return {
        "anker": f"dokument-{index}",
        "navn": pair.label,
        "titel": item.title,
        "status": _status(item, paragraphs),
        "a": f"{sides[0]}/{pair.a.id}" if pair.a else None,
        "b": f"{sides[1]}/{pair.b.id}" if pair.b else None,
        "parret": how.get(pair.how, ""),
        "docx": item.docx,
        "slettet": deleted,
        "indsat": inserted,
        "afsnit": len(item.b or item.a),
        "ord": sum(len(x.text.split()) for x in (item.b or item.a)),
        "tekst": folded(paragraphs) if pair.a and pair.b else [],
    }


def _fact(fact: Fact) -> dict[str, Any]:
    return {
        "hvad": fact.what,
        "a": list(fact.a),
        "b": list(fact.b),
        "aendring": fact.change.split("\n") if fact.change else [],
        "udgaaet": list(fact.gone),
        "ny": list(fact.came),
    }


def report_view(
    sides: tuple[str, str],
    descriptions: tuple[str, str],
    facts: list[Fact],
    compared: list[Compared],
    notes: list[str],
    date: dt.date | None,
    inputs: tuple[str, ...] = (),
) -> View:
    """The change report of ``sides`` (labels such as ``ok15-regioner``)."""
    title = f"Ændringer fra {sides[0]} til {sides[1]}"
    documents = [_document(i, item, sides) for i, item in enumerate(compared, start=1)]
    context = {
        "titel": title,
        "a": {"navn": sides[0], "beskrivelse": descriptions[0]},
        "b": {"navn": sides[1], "beskrivelse": descriptions[1]},
        "fakta": [_fact(f) for f in facts],
        "dokumenter": documents,
        "noter": notes,
        "_fod": title,
    }
    return View(
        REPORT_LAYOUT, REPORT_LAYOUT, title, date or dt.date(1980, 1, 1), AUTHOR, context, inputs
    )
