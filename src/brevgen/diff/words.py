"""Two texts compared word by word: what stays, what is deleted, what is inserted.

A text is split into words, runs of spaces and single punctuation marks (``2016,`` is a word
and a comma), and difflib matches the two token lists. A change reads as whole words: a
space or a punctuation mark alone between two changes is folded into them, so "Alectia og
CBS" against "NIRAS-Joblife" is one deletion and one insertion, not a patchwork.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

# A word keeps its soft hyphens (typography puts them inside compounds).
_TOKEN = re.compile(r"[\w\u00ad]+|\s+|[^\w\s\u00ad]")
SAME, DELETED, INSERTED = "same", "del", "ins"


@dataclass(frozen=True)
class Piece:
    kind: Literal["same", "del", "ins"]
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _is_glue(text: str) -> bool:
    """A stretch too small to stand between two changes: spaces or one mark."""
    return not text.strip() or (len(text.strip()) == 1 and not text.strip().isalnum())


def compare(a: str, b: str) -> list[Piece]:
    """The pieces that turn ``a`` into ``b``: joined, the same and deleted pieces give ``a``,
    the same and inserted pieces give ``b``."""
    ta, tb = tokens(a), tokens(b)
    segments: list[list[str]] = []  # [kind, a text, b text]; kind "same" or "change"
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        old, new = "".join(ta[i1:i2]), "".join(tb[j1:j2])
        kind = SAME if op == "equal" else "change"
        if segments and segments[-1][0] == kind == "change":
            segments[-1][1] += old
            segments[-1][2] += new
        else:
            segments.append([kind, old, new])
    # Fold glue between two changes into them, then join the neighbours.
    merged: list[list[str]] = []
    for index, segment in enumerate(segments):
        between = 0 < index < len(segments) - 1
        if segment[0] == SAME and between and _is_glue(segment[1]):
            segment = ["change", segment[1], segment[2]]
        if merged and merged[-1][0] == segment[0] == "change":
            merged[-1][1] += segment[1]
            merged[-1][2] += segment[2]
        else:
            merged.append(list(segment))
    pieces: list[Piece] = []
    for kind, old, new in merged:
        if kind == SAME:
            pieces.append(Piece(SAME, old))
            continue
        if old:
            pieces.append(Piece(DELETED, old))
        if new:
            pieces.append(Piece(INSERTED, new))
    return pieces


def similarity(a: str, b: str) -> float:
    """0–1: how much of two texts' words they share (difflib's ratio over word tokens, a
    capital letter or not)."""
    if a == b:
        return 1.0
    ta = [t.casefold() for t in tokens(a) if not t.isspace()]
    tb = [t.casefold() for t in tokens(b) if not t.isspace()]
    if not ta or not tb:
        return 0.0
    matcher = SequenceMatcher(None, ta, tb, autojunk=False)
    if matcher.real_quick_ratio() < 0.3 or matcher.quick_ratio() < 0.3:
        return matcher.quick_ratio()
    return matcher.ratio()


def text_of(pieces: list[Piece], side: Literal["a", "b"]) -> str:
    """The text on one side of ``pieces`` (``a``: before, ``b``: after)."""
    skip = INSERTED if side == "a" else DELETED
    return "".join(p.text for p in pieces if p.kind != skip)
