"""Two documents compared paragraph by paragraph, and changed paragraphs word by word.

A document's text is a list of :class:`Block` (a paragraph: its Word style and its text).
Equal paragraphs are matched first (difflib over whole paragraphs); in each stretch between
them, paragraphs of the same style are paired where they share enough words (the pairing
that shares the most, found by dynamic programming), and compared word by word; the rest
are deleted or inserted whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from .words import DELETED, INSERTED, SAME, Piece, compare, similarity

PAIR_FROM = 0.4  # least share of words for two paragraphs to count as one, changed
_LARGEST_STRETCH = 400 * 400  # beyond this, a stretch is paired in order, not searched


@dataclass(frozen=True)
class Block:
    """One paragraph: its Word style (``""``: Normal; ``"Heading 1"``, ``"List Bullet"`` …)
    and its text."""

    style: str
    text: str

    def record(self) -> list[str]:
        """As kept in a view's context (JSON)."""
        return [self.style, self.text]

    @classmethod
    def from_record(cls, record: list[str] | tuple[str, str]) -> Block:
        return cls(record[0], record[1])


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the comparison: unchanged, changed (word pieces), deleted or inserted."""

    kind: Literal["same", "changed", "del", "ins"]
    style: str
    pieces: tuple[Piece, ...]

    def text(self, side: Literal["a", "b"]) -> str | None:
        """The paragraph's text before (``a``) or after (``b``); None where it is not."""
        if (self.kind == INSERTED and side == "a") or (self.kind == DELETED and side == "b"):
            return None
        skip = INSERTED if side == "a" else DELETED
        return "".join(p.text for p in self.pieces if p.kind != skip)

    def counts(self) -> tuple[int, int]:
        """Words deleted and words inserted."""
        return (_words(self.pieces, DELETED), _words(self.pieces, INSERTED))


def _words(pieces: tuple[Piece, ...], kind: str) -> int:
    return sum(len(p.text.split()) for p in pieces if p.kind == kind)


def align(a: list[Block], b: list[Block]) -> list[Paragraph]:
    """The paragraphs of ``a`` turned into those of ``b``, in order."""
    keys_a = [(x.style, x.text) for x in a]
    keys_b = [(x.style, x.text) for x in b]
    out: list[Paragraph] = []
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(Paragraph(SAME, x.style, (Piece(SAME, x.text),)) for x in a[i1:i2])
        else:
            out.extend(_stretch(a[i1:i2], b[j1:j2]))
    return out


def _deleted(block: Block) -> Paragraph:
    return Paragraph(DELETED, block.style, (Piece(DELETED, block.text),))


def _inserted(block: Block) -> Paragraph:
    return Paragraph(INSERTED, block.style, (Piece(INSERTED, block.text),))


def _changed(old: Block, new: Block) -> Paragraph:
    return Paragraph("changed", new.style, tuple(compare(old.text, new.text)))


def _stretch(a: list[Block], b: list[Block]) -> list[Paragraph]:
    """A stretch without equal paragraphs: pair similar ones, delete and insert the rest."""
    pairs = _pairs(a, b)
    out: list[Paragraph] = []
    i = j = 0
    for pi, pj in pairs:
        out.extend(_deleted(x) for x in a[i:pi])
        out.extend(_inserted(x) for x in b[j:pj])
        out.append(_changed(a[pi], b[pj]))
        i, j = pi + 1, pj + 1
    out.extend(_deleted(x) for x in a[i:])
    out.extend(_inserted(x) for x in b[j:])
    return out


def _score(x: Block, y: Block) -> float:
    if x.style != y.style:
        return 0.0
    share = similarity(x.text, y.text)
    return share if share >= PAIR_FROM else 0.0


def _pairs(a: list[Block], b: list[Block]) -> list[tuple[int, int]]:
    """Indexes of the paired paragraphs, in order, sharing the most words in all."""
    if not a or not b:
        return []
    if len(a) * len(b) > _LARGEST_STRETCH:
        return [(i, i) for i in range(min(len(a), len(b))) if _score(a[i], b[i])]
    n, m = len(a), len(b)
    scores = [[_score(x, y) for y in b] for x in a]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            score = scores[i][j]
            paired = best[i + 1][j + 1] + score if score else 0.0
            best[i][j] = max(paired, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        score = scores[i][j]
        if score and best[i][j] == best[i + 1][j + 1] + score:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs
