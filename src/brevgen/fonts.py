"""The shipped fonts and the characters they can print.

The fonts are the files ``templates/html/fonts.css`` declares (``templates/fonts/``); the PDF
uses those and no others (:mod:`brevgen.render.fontconfig`). What they can print is the union
of their character maps, read with fontTools once per run (cached by file, size and time),
so a register row can be refused for a character before anything is rendered.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

FONTS_CSS = Path("html") / "fonts.css"
# Characters that are drawn as nothing: no font needs a glyph for them.
NO_GLYPH = frozenset(
    [0x200C, 0x200D, 0x200E, 0x200F, 0x061C, *range(0xFE00, 0xFE10)]
    + [*range(0xE0000, 0xE0080), *range(0xE0100, 0xE01F0)]
    + [ord(c) for c in "\n \u00a0\u2007\u202f"]
)
_SOURCE = re.compile(r"""url\(\s*["']?([^"')]+?)["']?\s*\)""")


def font_files(templates: Path) -> list[Path]:
    """The font files fonts.css declares, in its order; [] if there is no fonts.css."""
    css = Path(templates) / FONTS_CSS
    if not css.is_file():
        return []
    found = dict.fromkeys(
        (css.parent / url).resolve() for url in _SOURCE.findall(css.read_text("utf-8"))
    )
    return [path for path in found if path.is_file()]


def coverage(templates: Path) -> frozenset[int] | None:
    """Code points some shipped font has a glyph for; None if no fonts are declared."""
    files = font_files(templates)
    if not files:
        return None
    return _coverage(tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files))


@functools.lru_cache(maxsize=4)
def _coverage(files: tuple[tuple[str, int, int], ...]) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # imported when first needed: about 0.1 s

    points: set[int] = set()
    for name, _, _ in files:
        with TTFont(name, lazy=True) as font:
            points.update(font.getBestCmap() or {})
    return frozenset(points)


def unprintable(text: str, covered: frozenset[int]) -> str | None:
    """The first character of ``text`` that no shipped font can print, or None."""
    for char in text:
        point = ord(char)
        if point not in covered and point not in NO_GLYPH:
            return char
    return None
