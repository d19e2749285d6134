"""Reduce extracted PDF text and generated text to comparable words.

The source letters exist only as PDF text extractions, with line-break hyphenation, page
numbers, link targets and bullet glyphs mixed into the wording. ``words()`` removes those
artefacts from both sides, so a test can compare transcribed content word for word.
"""

from __future__ import annotations

import re
from pathlib import Path

_CHAR_MAP = str.maketrans(
    {
        # Spaces of every width become a plain space.
        **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007", " "),
        **dict.fromkeys("\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v", " "),
        # Invisible characters and soft hyphens vanish.
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", None),
        # One form of each quote and dash.
        **dict.fromkeys('”“„‟«»"', '"'),
        **dict.fromkeys("’‘‚‛'´`", "'"),
        **dict.fromkeys("–—‒―", "–"),
        **dict.fromkeys("\u2010\u2011", "-"),  # typographic and non-breaking hyphens
        # Ligatures some PDF fonts extract as single glyphs.
        "ﬁ": "fi",
        "ﬂ": "fl",
        "ﬀ": "ff",
        "ﬃ": "ffi",
        "ﬄ": "ffl",
    }
)

_MONTHS = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
_PAGE_NUMBER = re.compile(r"(?i)(side\s+)?\d{1,3}(\s*(af|/)\s*\d{1,3})?")
_LINK_TARGET = re.compile(r"(mailto:|https?://)\S*")
_BULLET = re.compile(r"[•·▪◦‣⁃●○■□➢►–]\s+")
# "1." or "1.1." opening a line is list or section numbering, but "1. april" is a date.
_NUMBER = re.compile(
    rf"\d{{1,2}}(\.\d{{1,2}})*\.(?!\s*({_MONTHS}|kvartal)\b)(\s+|$)", re.IGNORECASE
)
# Words after a hyphen that show it ends a suspended compound: "ledelses- og organisation".
_SUSPENDED = {"og", "eller", "samt", "el.", "versus", "&"}


def words(text: str) -> list[str]:
    """The words of ``text`` with extraction artefacts removed, for word-for-word comparison."""
    # A soft hyphen at a line end is a hyphenation point: the word continues on the next line.
    text = re.sub(r"\u00ad[ \t]*\r?\n[ \t]*", "", text).translate(_CHAR_MAP)
    lines: list[tuple[str, bool]] = []  # (line, opened with a bullet or a number)
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _PAGE_NUMBER.fullmatch(line) or _LINK_TARGET.fullmatch(line):
            continue
        marker = _BULLET.match(line) or _NUMBER.match(line)
        if marker:
            line = line[marker.end() :]
        lines.append((line, bool(marker)))

    joined: list[str] = []
    for line, marked in lines:
        how = _continuation(joined[-1], line, marked) if joined else None
        if how == "drop":
            joined[-1] = joined[-1][:-1] + line
        elif how == "keep":
            joined[-1] += line
        else:
            joined.append(line)
    return " ".join(joined).split()


def _continuation(previous: str, line: str, marked: bool) -> str | None:
    """How ``previous`` ends into ``line``: hyphen dropped, hyphen kept, or not joined."""
    if previous.endswith("/") and line and not marked:
        return "keep"  # "afdelings-MED/\ninstitutions-MED": a break after a slash
    if len(previous) < 2 or not previous.endswith("-") or previous[-2].isspace() or marked:
        return None
    if not line or line.split()[0].lower() in _SUSPENDED or line[0] in ",;:":
        return None
    before, first = previous[-2], line[0]
    if before == "/" or before.isupper() or before.isdigit():
        return "keep"  # "HR/-konsulenter", "AT-påbud", "3-6"
    if first.islower():
        return "drop"  # "overenskomst-\nforhandlingerne"
    if first.isupper() or first.isdigit():
        return "keep"  # "institutions-\nMED"
    return None


def source_text(path: Path) -> str:
    """A transcribed source file without its leading ``#`` comment lines."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    while lines and lines[0].startswith("# "):
        lines.pop(0)
    return "".join(lines)
