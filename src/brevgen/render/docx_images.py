"""Pictures in a Word file: a party's logo in the letterhead, with its alternative text.

The view carries the logo as a ``data:`` URI (the PDF shows it as it is, and the view's key,
so the fingerprint, follows its bytes); here it becomes an image part of the document and an
inline picture whose ``descr`` is the alternative text a screen reader reads.
"""

from __future__ import annotations

import base64
import hashlib
from io import BytesIO
from typing import Any
from xml.sax.saxutils import quoteattr

from lxml import etree

EMU_PER_MM = 36000
_NAMESPACES = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def _data(uri: str) -> bytes:
    return base64.b64decode(uri.split(",", 1)[1])


def inline_picture(template: Any, logo: dict) -> str:
    """``<w:drawing>`` XML of ``logo`` ({uri, alt, bredde_mm, hoejde_mm}) in the body of the
    docxtpl ``template``; the image part is added to its main document part."""
    data = _data(logo["uri"])
    part = template.docx.part
    svg = ""
    if logo.get("svg"):
        # Word 2016 and later, and LibreOffice, draw the SVG (asvg:svgBlip); the picture part
        # the format requires beside it is a transparent pixel for older readers.
        svg = _svg_extension(part, data)
        data = _PIXEL
    rid, image = part.get_or_add_image(BytesIO(data))
    width = round(logo["bredde_mm"] * EMU_PER_MM)
    height = round(logo["hoejde_mm"] * EMU_PER_MM)
    # A stable id per picture: the same logo gets the same id in every document.
    shape = int(hashlib.sha256(data).hexdigest()[:6], 16) % 100000 + 1
    name = quoteattr(image.filename or "logo")
    alt = quoteattr(logo["alt"])
    declarations = " ".join(f'xmlns:{k}="{v}"' for k, v in _NAMESPACES.items())
    xml = (
        f'<wp:inline {declarations} distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:docPr id="{shape}" name={name} descr={alt}/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{shape}" name={name} descr={alt}/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}">{svg}</a:blip>'
        "<a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{width}" cy="{height}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
    )
    etree.fromstring(xml)  # well-formed, or fail here rather than in Word
    return f"<w:drawing>{xml}</w:drawing>"


# A 1×1 transparent PNG.
_PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP4//8/AwAI/AL+eMSysAAAAABJRU5ErkJggg=="
)
_SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
_ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


def _svg_extension(part: Any, data: bytes) -> str:
    """An SVG image part of ``part`` (one per distinct SVG) and the blip extension naming it."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    name = PackURI(f"/word/media/logo-{hashlib.sha256(data).hexdigest()[:12]}.svg")
    existing = next((p for p in part.package.iter_parts() if p.partname == name), None)
    svg_part = existing or Part(name, "image/svg+xml", data, part.package)
    rid = part.relate_to(svg_part, RT.IMAGE)
    return (
        f'<a:extLst><a:ext uri="{_SVG_EXTENSION}"><asvg:svgBlip xmlns:asvg="{_ASVG}" '
        f'r:embed="{rid}"/></a:ext></a:extLst>'
    )
