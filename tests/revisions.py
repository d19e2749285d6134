"""Word's "Accept All Changes" and "Reject All Changes" on a DOCX's XML, for the tests.

ECMA-376 Part 1, §17.13.5: accepting keeps the content of ``w:ins`` and drops ``w:del``
(with its ``w:delText``); rejecting does the opposite. A paragraph whose mark is inserted
(``w:pPr/w:rPr/w:ins``) loses its mark on rejection, and one whose mark is deleted loses it
on acceptance: what is left of its text joins the paragraph after it, which keeps its own
properties. The result is the body's paragraphs as (style id, text).
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def paragraphs(data: bytes, accept: bool) -> list[tuple[str, str]]:
    """The body's paragraphs (style id or "", text) after accepting or rejecting all."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    body = root.find(_q("body"))
    keep, drop = ("ins", "del") if accept else ("del", "ins")
    out: list[tuple[str, str]] = []
    carried = ""
    for p in body.iter(_q("p")):
        text = carried + _text(p, keep, drop)
        properties = p.find(_q("pPr"))
        mark = properties.find(f"{_q('rPr')}/{_q(drop)}") if properties is not None else None
        if mark is not None:  # the paragraph mark goes: its text joins the next paragraph
            carried = text
            continue
        carried = ""
        style = properties.find(_q("pStyle")) if properties is not None else None
        out.append((style.get(_q("val")) if style is not None else "", text))
    assert not carried, "text left after the last paragraph mark"
    return out


def _text(p, keep: str, drop: str) -> str:
    parts = []
    for node in p.iter(_q("t"), _q("delText")):
        wrapper = next((a for a in node.iterancestors() if a.tag in (_q("ins"), _q("del"))), None)
        kind = None if wrapper is None else etree.QName(wrapper).localname
        if kind == drop:
            continue
        parts.append(node.text or "")
    return "".join(parts)


def revisions(data: bytes) -> list[dict[str, str]]:
    """Every revision mark's attributes (id, author, date), in document order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return [
        {etree.QName(k).localname: v for k, v in e.attrib.items()}
        for e in root.iter(_q("ins"), _q("del"))
    ]
