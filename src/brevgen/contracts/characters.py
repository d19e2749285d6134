"""What a cell's characters become before anything is decided: kept, replaced, removed or
refused.

People paste into the register from e-mails, Word, PDFs, web pages and old systems, and the
paste brings characters nobody sees. Each class is handled where it is read, once, so the
rules, the report, the DOCX and the PDF all see the same text:

=============================================  ===========================================
characters                                     what brevgen does
=============================================  ===========================================
any text                                       normalised to NFC (``e`` + U+0301 is ``é``)
line breaks: CR, LF, VT, FF, NEL (U+0085),     a line break (``\\n``); in one-line values
LS (U+2028), PS (U+2029)                       (names, Sagsnr) a space
tab and the other spaces (U+2000–U+200A,       an ordinary space
U+205F, U+3000, U+1680)
no-break spaces (U+00A0, U+2007, U+202F)       kept in free text (they keep ``45.000 kr.``
                                               on one line); a space in one-line values
other C0 controls (NUL, U+0001–U+001F),        removed: invisible, carry nothing, and XML
DEL (U+007F)                                   (DOCX, XLSX) forbids most of them
zero-width space (U+200B), word joiner         removed: invisible, only steer line breaking
(U+2060), BOM (U+FEFF), soft hyphen (U+00AD),  (the layouts hyphenate by themselves)
Mongolian vowel separator (U+180E)
bidi embeddings, overrides and isolates        removed: an unclosed override reverses the
(U+202A–U+202E, U+2066–U+2069)                 rest of a contract line; the text's own
                                               direction is found without them
bidi marks (LRM, RLM, ALM), ZWJ, ZWNJ,         kept: they join Arabic and Indic letters
variation selectors, tag characters            and emoji, and need no glyph
C1 controls (U+0080–U+009F except NEL)         refused with the cell: they stand where a
                                               character was lost in a wrong conversion
                                               (often a dash or a quotation mark)
private use, unassigned code points,           refused with the cell: they mean nothing
surrogates, noncharacters, U+FFFD              outside the program they came from
=============================================  ===========================================

Anything else that remains must be printable with the shipped fonts; that is checked per
row by :func:`brevgen.contracts.rules.check_characters` against :mod:`brevgen.fonts`
(where the characters drawn as nothing, such as ZWJ and the bidi marks, are listed).
"""

from __future__ import annotations

import re
import unicodedata

from .parse import ParseError

_SPACES = "\t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"
_REMOVED = (
    "\x00-\x08\x0e-\x1f\x7f"  # C0 controls other than tab and line breaks, DEL
    "\u00ad\u180e\u200b\u2060\ufeff"  # soft hyphen and zero-width characters
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides, isolates
)
_REMOVE = re.compile(f"[{_REMOVED}]")
_SPACE = re.compile(f"[{_SPACES}]")
_BREAK = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")


def clean(text: str) -> str:
    """``text`` with every character replaced, removed or kept as the table above says.

    Raises :class:`ParseError` naming the first character that is refused.
    """
    text = _BREAK.sub("\n", text)
    text = _SPACE.sub(" ", _REMOVE.sub("", text))
    for char in text:
        reason = _refusal(char)
        if reason:
            raise ParseError(reason)
    return unicodedata.normalize("NFC", text)


def describe(char: str) -> str:
    """``“𓀀” (U+13000 EGYPTIAN HIEROGLYPH A001)``; invisible characters without the quote."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Co", "Cn") or not name:
        kind = {
            "Cc": "et styretegn",
            "Cs": "en halv UTF-16-tegnkode (surrogat)",
            "Co": "et tegn til privat brug",
        }.get(category, "en tegnkode uden tegn")
        return f"tegnet {code} ({kind})"
    return f"tegnet “{char}” ({code} {name})"


def _refusal(char: str) -> str | None:
    category = unicodedata.category(char)
    if "\x80" <= char <= "\x9f":  # the C0 controls were replaced or removed before
        return (
            f"Cellen indeholder {describe(char)}, som står i stedet for et tegn, der gik tabt, "
            "da teksten blev kopieret (fx en tankestreg eller et anførselstegn). Skriv teksten "
            "i cellen igen."
        )
    if char == "\ufffd":
        return (
            f"Cellen indeholder {describe(char)}, som står i stedet for et tegn, der gik tabt, "
            "da teksten blev kopieret eller gemt. Skriv teksten i cellen igen."
        )
    if category in ("Cs", "Co", "Cn"):
        return (
            f"Cellen indeholder {describe(char)}, som ikke betyder noget uden for det program, "
            "teksten kom fra. Skriv teksten i cellen igen."
        )
    return None


def strip_invisible(text: str) -> str:
    """Only the removals (for headings and sheet titles, which are matched, not printed)."""
    return _REMOVE.sub("", text)
