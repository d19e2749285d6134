"""Danish typesetting of body text: soft hyphens in recurring compounds, non-breaking spaces.

WeasyPrint hyphenates with ``hyphens: auto`` and the Danish dictionary, but breaks the long
compounds these letters are full of at poor places (``hovedud-valg``). A soft hyphen
(U+00AD) at the compound's joint shows the better break; Word honours it too. Spaces that
must not break (``kr. 900.000``, ``§ 3``, ``1. april``, ``3. kvartal``, ``6 timer``, phone
numbers) become non-breaking, and a number range before its unit gets an en dash
(``3-6 måneder`` -> ``3–6 måneder``). Headings get the spaces but no soft hyphens: a
heading is never hyphenated (``soft=False``).
"""

from __future__ import annotations

import re

SHY = "\u00ad"
NBSP = "\u00a0"

# Recurring compounds, written with "|" at the joints where a line may break.
COMPOUNDS = (
    "hoved|udvalg",
    "ekspert|råd|givning",
    "arbejds|miljø",
    "arbejds|plads",
    "tillids|repræsentant",
    "medarbejder|repræsentant",
    "overenskomst|forhandling",
    "forhandlings|fællesskab",
    "inspirations|indsats",
    "sundheds|fremme",
    "organisations|princip",
    "forsknings|center",
)

_MONTHS = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
# What follows an ordinal ("3. kvartal") or a number ("6 timer") and belongs with it.
_PERIODS = "kvartal|halvår|halvårs|måned|uge|dag|år|runde|behandling|plads"
_UNITS = (
    r"timer|time|minutter|min\.|dage|døgn|uger|måneder|år|kr\.|pct\.|procent|%|mio\.|mia\."
    r"|km|m²|personer|deltagere|medarbejdere|udbydere|sider"
)
_AFTER_WORD = r"(?![\wæøåÆØÅ])"
_NBSP_RULES = (
    # "straight" quotation marks (typed in a register cell) as the texts write them: ”…”.
    (re.compile(r'"([^"\n]+)"'), "”\\1”"),
    # 3-6 måneder, 1-2 timer: a number range gets an en dash (before the unit rule below).
    (re.compile(rf"\b(\d+) ?- ?(\d+)(?= (?:{_UNITS}){_AFTER_WORD})"), "\\1–\\2"),
    (re.compile(rf"(\d) (?=(?:{_UNITS}){_AFTER_WORD})"), r"\1" + NBSP),  # 6 timer, 25 %
    (re.compile(rf"\b(\d{{1,2}}\.) (?=(?:{_PERIODS}){_AFTER_WORD})"), r"\1" + NBSP),  # 3. kvartal
    # A spaced dash never starts a line, and a short word after it goes with the next word:
    # "inspiration – en kort præsentation".
    (re.compile(r"(?<=\S) (?=[–—] )"), NBSP),
    (re.compile(r"([–—] [\wæøåÆØÅ]{1,3}) (?=\S)"), r"\1" + NBSP),
    (re.compile(r"\b(kr\.) (?=\d)"), r"\1" + NBSP),  # kr. 900.000
    (re.compile(r"(\d) (kr\.)"), r"\1" + NBSP + r"\2"),  # 900.000 kr.
    (re.compile(r"(§§?) (?=\d)"), r"\1" + NBSP),  # § 3
    (re.compile(rf"\b(\d{{1,2}}\.) (?=(?:{_MONTHS})\b)", re.IGNORECASE), r"\1" + NBSP),
    # Danish phone numbers written in pairs or fours: 35 29 82 30, 3347 0617.
    (re.compile(r"\b(\d{2}) (\d{2}) (\d{2}) (\d{2})\b"), NBSP.join(rf"\{i}" for i in range(1, 5))),
    (re.compile(r"\b(\d{4}) (\d{4})\b"), r"\1" + NBSP + r"\2"),
)


def _compound_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {c.replace("|", ""): c.replace("|", SHY) for c in COMPOUNDS}
    pattern = re.compile("|".join(sorted(table, key=len, reverse=True)), re.IGNORECASE)
    return pattern, table


_COMPOUND, _TABLE = _compound_pattern()


def _soft(match: re.Match[str]) -> str:
    found = match.group(0)
    marked = _TABLE[found.lower()]
    # Keep the writer's capitals: copy case letter by letter, skipping the soft hyphens.
    out, i = [], 0
    for char in marked:
        if char == SHY:
            out.append(SHY)
        else:
            out.append(found[i])
            i += 1
    return "".join(out)


def typeset(text: str, soft: bool = True) -> str:
    """Body text with soft hyphens at compound joints (unless not ``soft``), non-breaking
    spaces and en dashes in number ranges."""
    if soft:
        text = _COMPOUND.sub(_soft, text)
    for pattern, replacement in _NBSP_RULES:
        text = pattern.sub(replacement, text)
    return text
