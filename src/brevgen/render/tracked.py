"""Word files with tracked changes (format ``sporet``): a document before and after, as Word's
own revisions, so each party's reviewers accept or reject them in Word or LibreOffice.

The builder takes two views of layout ``sporet`` (:func:`brevgen.views.changes.tracked_views`):
the paragraphs before and after. Paragraphs are aligned and compared word by word
(:mod:`brevgen.diff.paragraphs`), and written as WordprocessingML revisions (ECMA-376 Part 1,
§17.13.5): an inserted run inside ``w:ins``, a deleted one inside ``w:del`` with its text in
``w:delText``, each with an id, the author and the date. A whole paragraph inserted or
deleted also has its paragraph mark marked so (``w:ins``/``w:del`` in the mark's run
properties, ``w:pPr/w:rPr``), as Word marks a paragraph deleted with tracking on: accepting
every change leaves exactly the paragraphs after, rejecting every change exactly those
before. The body ends with an empty paragraph that is in neither, so that the last paragraph
of either text can be inserted or deleted with its mark (a document's final paragraph mark
cannot be).

The author is ``brevgen`` and the date is the view's date (the later version's letter date,
or the commit date of a revision), never the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from lxml import etree

from brevgen.diff.paragraphs import Block, Paragraph, align
from brevgen.diff.words import DELETED, INSERTED
from brevgen.errors import TemplateError
from brevgen.formatting import shorten
from brevgen.output import zip_entries
from brevgen.render import Options
from brevgen.render.docx import _Layout
from brevgen.render.docx_package import DocumentInfo, Packager
from brevgen.views import View

AUTHOR = "brevgen"


class TrackedBuilder:
    def __init__(self, templates: Path, options: Options | None = None) -> None:
        self.folder = templates / "docx"
        self.package = Packager(templates / "fonts")
        self._layouts: dict[str, _Layout] = {}
        self._style_ids: dict[tuple[str, str], str | None] = {}

    def _layout(self, name: str) -> _Layout:
        if name not in self._layouts:
            path = self.folder / f"{name}.docx"
            if not path.exists():
                raise TemplateError(f"Word-skabelonen templates/docx/{name}.docx findes ikke")
            self._layouts[name] = _Layout(path.read_bytes())
        return self._layouts[name]

    def _style_id(self, layout: str, document, style: str) -> str | None:
        """The id of the paragraph style named ``style`` in the layout (None: Normal)."""
        key = (layout, style)
        if key not in self._style_ids:
            try:
                self._style_ids[key] = document.styles[style].style_id if style else None
            except KeyError:
                self._style_ids[key] = None
        return self._style_ids[key]

    def render(self, views: Sequence[View], identity: str = "") -> bytes:
        after = views[-1]  # one view alone (a trial render): all of it inserted
        before = views[0] if len(views) > 1 else None
        layout = self._layout(after.layout)
        document = layout.open()
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        ending = body.find(qn("w:sectPr"))
        old = [Block.from_record(r) for r in before.context["afsnit"]] if before else []
        new = [Block.from_record(r) for r in after.context["afsnit"]]
        revisions = _Revisions(after.date.isoformat() if after.context.get("har_dato") else None)
        for paragraph in align(old, new):
            style = self._style_id(after.layout, document, paragraph.style)
            element = _paragraph(paragraph, style, revisions)
            if ending is not None:
                ending.addprevious(element)
            else:
                body.append(element)
        final = etree.Element(qn("w:p"))  # in neither text: see the module docstring
        if ending is not None:
            ending.addprevious(final)
        else:
            body.append(final)
        info = DocumentInfo(
            title=shorten(after.title, 255), author=shorten(after.author, 255), date=after.date
        )
        parts = document.part.package.iter_parts()
        trees = {p.partname.membername: p.element for p in parts if isinstance(p, XmlPart)}
        entries = self.package.finish(layout.entries(document), info, trees)
        return zip_entries(entries, layout.zipped)


class _Revisions:
    """Hands out revision marks: a new id each, the same author and date."""

    def __init__(self, date: str | None) -> None:
        self.date = f"{date}T00:00:00Z" if date else None
        self.next = 0

    def mark(self, parent: etree._Element, kind: str) -> etree._Element:
        self.next += 1
        element = etree.SubElement(parent, qn(f"w:{kind}"))
        element.set(qn("w:id"), str(self.next))
        element.set(qn("w:author"), AUTHOR)
        if self.date:
            element.set(qn("w:date"), self.date)
        return element


def _run(parent: etree._Element, text: str, deleted: bool) -> None:
    run = etree.SubElement(parent, qn("w:r"))
    node = etree.SubElement(run, qn("w:delText" if deleted else "w:t"))
    node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    node.text = text


def _paragraph(paragraph: Paragraph, style: str | None, revisions: _Revisions) -> etree._Element:
    element = etree.Element(qn("w:p"))
    whole = paragraph.kind if paragraph.kind in (DELETED, INSERTED) else None
    if style or whole:
        properties = etree.SubElement(element, qn("w:pPr"))
        if style:
            etree.SubElement(properties, qn("w:pStyle")).set(qn("w:val"), style)
        if whole:  # the paragraph mark itself is inserted or deleted
            revisions.mark(etree.SubElement(properties, qn("w:rPr")), whole)
    for piece in paragraph.pieces:
        if not piece.text:
            continue
        if piece.kind == INSERTED:
            _run(revisions.mark(element, "ins"), piece.text, deleted=False)
        elif piece.kind == DELETED:
            _run(revisions.mark(element, "del"), piece.text, deleted=True)
        else:
            _run(element, piece.text, deleted=False)
    return element
