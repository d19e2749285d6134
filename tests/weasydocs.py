"""Tiny HTML documents rendered with WeasyPrint, shared by the PDF tests."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from weasyprint import HTML

FONT = Path(__file__).resolve().parents[1] / "templates" / "fonts" / "Lato-Regular.ttf"
TITLE = "Prøvebrev om psykisk arbejdsmiljø"


def png(width: int = 4, height: int = 3) -> bytes:
    """A minimal red RGB PNG, built by hand so the tests need no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def html(
    *,
    lang: str | None = "da",
    title: str | None = TITLE,
    alt: str | None = "Rød firkant",
    src: str = "firkant.png",
    head: str = "",
) -> str:
    """A letter-like page: heading, list, table and an image, in the shipped Lato font."""
    lang_attr = f' lang="{lang}"' if lang is not None else ""
    title_tag = f"<title>{title}</title>" if title is not None else ""
    alt_attr = f' alt="{alt}"' if alt is not None else ""
    return f"""<!doctype html>
<html{lang_attr}><head><meta charset="utf-8">{title_tag}{head}
<style>
@font-face {{ font-family: Lato; src: url({FONT.as_uri()}); }}
body {{ font-family: Lato; }}
h1, th {{ font-weight: normal; }}
</style></head>
<body>
<h1>Tilbud om ekspertrådgivning</h1>
<ul><li>Første punkt</li><li>Andet punkt</li></ul>
<table><thead><tr><th>År</th><th>Beløb</th></tr></thead>
<tbody><tr><td>2016</td><td>900.000 kr.</td></tr></tbody></table>
<p><img src="{src}"{alt_attr}></p>
</body></html>"""


def render(folder: Path, source: str, **options) -> bytes:
    """Render ``source`` with ``folder`` (holding firkant.png) as base URL."""
    (folder / "firkant.png").write_bytes(png())
    return HTML(string=source, base_url=str(folder) + "/").write_pdf(**options)
