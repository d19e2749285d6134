"""The shipped fonts and the characters they can print.

The fonts are the files ``templates/html/fonts.css`` declares (``templates/fonts/``); the PDF
uses those and no others (:mod:`brevgen.render.fontconfig`). What they can print is the union
of their character maps, read with fontTools once per run (cached by file, size and time),
so a register row can be refused for a character before anything is rendered.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
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
    # Reading the character maps costs about a second (fontTools and 14 fonts); a build in
    # which nothing changed must stay fast, so the result is kept on disk by the files'
    # names, sizes and times, as ranges ("32 126").
    key = hashlib.sha256(repr(files).encode()).hexdigest()[:16]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    cache = Path(tempfile.gettempdir()) / f"brevgen-{uid}-glyphs-{key}.txt"
    try:
        pairs = [line.split() for line in cache.read_text(encoding="ascii").splitlines()]
        return frozenset(p for a, b in pairs for p in range(int(a), int(b) + 1))
    except (OSError, ValueError):
        pass
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for name, _, _ in files:
        with TTFont(name, lazy=True) as font:
            points.update(font.getBestCmap() or {})
    try:
        handle, partial = tempfile.mkstemp(prefix=cache.name, dir=cache.parent)
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.writelines(f"{a} {b}\n" for a, b in _ranges(sorted(points)))
        os.replace(partial, cache)
    except OSError:
        pass  # no cache, then: the next run reads the fonts again
    return frozenset(points)


def _ranges(points: list[int]):
    start = previous = None
    for point in points:
        if previous is not None and point == previous + 1:
            previous = point
            continue
        if start is not None:
            yield start, previous
        start = previous = point
    if start is not None:
        yield start, previous


def unprintable(text: str, covered: frozenset[int]) -> str | None:
    """The first character of ``text`` that no shipped font can print, or None."""
    for char in text:
        point = ord(char)
        if point not in covered and point not in NO_GLYPH:
            return char
    return None
