"""A party's logo (``logo:`` in content/registre/parter.yaml): read, checked and measured.

A logo is an SVG or PNG file beside the registers (``fil``, relative to content/registre/),
with the alternative text a screen reader reads (``alt``); it is printed 12 mm high
(``.brevhoved .logo`` in style.css), and its width follows from the file's proportions.
The PDF's letterhead shows it as a ``data:`` URI (so its bytes, not its path, are in the
document and in the view's fingerprint), the Word file as an image part
(brevgen.render.docx_images).
"""

from __future__ import annotations

import base64
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

KINDS = {".svg": "image/svg+xml", ".png": "image/png"}
HEIGHT_MM = 12  # style.css: .brevhoved .logo { height: 12mm }
_PNG = b"\x89PNG\r\n\x1a\n"
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|mm|cm|pt|in)?\s*$")
_PER_PX = {"px": 1, None: 1, "mm": 96 / 25.4, "cm": 96 / 2.54, "pt": 96 / 72, "in": 96}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class LogoImage:
    data: bytes
    mime: str
    width: float  # in the file's own units; only the ratio counts
    height: float

    def as_context(self, alt: str, height_mm: float = HEIGHT_MM) -> dict:
        """The logo as layouts use it: data URI, alt text, size in mm."""
        width_mm = height_mm * self.width / self.height
        return {
            "uri": f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}",
            "alt": alt,
            "bredde_mm": round(width_mm, 2),
            "hoejde_mm": height_mm,
            "svg": self.mime == KINDS[".svg"],
        }


def read_logo(folder: Path, name: str) -> LogoImage:
    """The logo file ``name`` in ``folder``; ValueError with a Danish reason if unusable."""
    path = folder / name
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise ValueError(f"logoet '{name}' skal være en SVG- eller PNG-fil (.svg eller .png)")
    try:
        data = path.read_bytes()
    except OSError:
        raise ValueError(
            f"logoet '{name}' findes ikke; læg filen i content/registre/ (eller skriv stien "
            "til den derfra)"
        ) from None
    width, height = _png_size(data) if kind == KINDS[".png"] else _svg_size(data)
    if not (width > 0 and height > 0):
        raise ValueError(f"logoet '{name}' har ingen bredde og højde, der kan læses")
    return LogoImage(data, kind, width, height)


def _png_size(data: bytes) -> tuple[float, float]:
    if not data.startswith(_PNG) or data[12:16] != b"IHDR":
        return 0, 0
    return struct.unpack(">II", data[16:24])


def _svg_size(data: bytes) -> tuple[float, float]:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return 0, 0
    lengths = [_LENGTH.match(root.get(a) or "") for a in ("width", "height")]
    if all(lengths):
        return tuple(float(m.group(1)) * _PER_PX[m.group(2)] for m in lengths)  # type: ignore[return-value]
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        return float(box[2]), float(box[3])
    except (IndexError, ValueError):
        return 0, 0
