"""PDF builder: HTML layouts laid out by WeasyPrint, written as tagged PDF/UA-1.

Every PDF is a build gate: WeasyPrint's warnings (missing alt text, missing images, CSS it
ignores) fail the build, and the written bytes are checked with :mod:`brevgen.render.pdf.check`.

One builder serves a whole run, so what is the same for every document is done once: the
fonts (one ``FontConfiguration``) and the stylesheets; and a document that goes into several
PDFs (a letter alone and with its appendices) is laid out once. WeasyPrint fetches and parses a
``<link rel="stylesheet">`` for every document; the builder parses each linked stylesheet
once and hands the parsed sheet to WeasyPrint instead of the link (see :meth:`_stylesheets`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from weasyprint import CSS, HTML

from brevgen import internals
from brevgen.errors import BuildError, Problem
from brevgen.render import Options
from brevgen.render.fontconfig import quiet_font_tools, shipped_fonts_only
from brevgen.render.html import HtmlBuilder
from brevgen.render.pdf.check import check_pdf
from brevgen.render.pdf.log import fail_on_weasyprint_warnings
from brevgen.render.pdf.meta import pdf_options
from brevgen.views import View

# fontTools (the fallback without HarfBuzz-Subset) stamps fonts with the clock unless this is
# set; 1980-01-01 matches the fixed time in DOCX/XLSX zip entries.
os.environ.setdefault("SOURCE_DATE_EPOCH", "315532800")

# The form base.html and brochure.html write their stylesheet link in.
_LINK = re.compile(r'<link rel="stylesheet" href="([^"<>]+)">')


# Laid-out documents kept for reuse: a round's letter and appendices (bilag 2 has 16 pages).
_LAYOUTS_KEPT = 8


def part_label(view: View) -> str:
    """The page label prefix of ``view``'s pages in a joined PDF: "Bilag 2, side " for an
    appendix (its pages say "Side 1 af 16"), none for the letter."""
    if view.layout == "bilag":
        return f"Bilag {view.context['nummer']}, side "
    return ""


class PdfBuilder:
    def __init__(self, templates: Path, options: Options | None = None) -> None:
        self.html = HtmlBuilder(templates)
        self.base_url = str(self.html.folder) + "/"
        self.variant = (options or Options()).pdf
        self._layouts: OrderedDict[str, object] = OrderedDict()  # by View.key, newest last
        # One font configuration for the run: fonts are loaded once, not per document. It
        # knows the shipped fonts only, never the machine's (render/fontconfig.py).
        self.fonts = shipped_fonts_only()
        quiet_font_tools()
        self._parsed: dict[str, CSS] = {}  # linked stylesheets by URL, parsed once

    def render(self, views: Sequence[View], identity: str) -> bytes:
        """One PDF of ``views`` in order: a document, or a letter with its appendices."""
        documents = [self._laid_out(view, identity) for view in views]
        parts = None
        if len(documents) > 1:  # a letter with its appendices: pages numbered per part
            parts = [
                (len(doc.pages), part_label(view))
                for doc, view in zip(documents, views, strict=True)
            ]
        return self.write(documents, identity, views[0].title, views[0].date, parts)

    def _laid_out(self, view: View, identity: str):
        """``view`` laid out, or the layout of an equal view made shortly before."""
        document = self._layouts.get(view.key)
        if document is None:
            document = self.layout(view, view.title)
            self._layouts[view.key] = document
            if len(self._layouts) > _LAYOUTS_KEPT:
                self._layouts.popitem(last=False)
        else:
            self._layouts.move_to_end(view.key)
        return document

    def layout(self, view: View, name: str | None = None):
        """The laid-out WeasyPrint document for ``view`` (pages can be combined later)."""
        source = self.html.source(view)
        with fail_on_weasyprint_warnings(name or view.title) as warnings:
            source, sheets = self._stylesheets(source, warnings)
            return HTML(string=source, base_url=self.base_url).render(
                font_config=self.fonts, stylesheets=sheets
            )

    def _stylesheets(self, source: str, warnings: list) -> tuple[str, list[CSS]]:
        """``source`` without its stylesheet links, and those stylesheets parsed (once).

        WeasyPrint gives stylesheets passed to ``render`` the user origin instead of the
        author origin of linked ones. That changes nothing when the links are the document's
        only author styles: user declarations still beat the browser defaults, in the same
        order. So this applies only then; a document with a ``<style>`` element, a ``style``
        attribute, a ``<base>`` or any other link is laid out as it is. The sheets must not
        hold ``@counter-style`` or ``@color-profile`` rules (ours do not): WeasyPrint keeps
        those per document. A sheet WeasyPrint warned about is not kept, so every document
        that links it fails the gate as before.
        """
        links = _LINK.findall(source)
        rest = _LINK.sub("", source)
        if not links or any(mark in rest for mark in ("<style", " style=", "<link", "<base")):
            return source, []
        sheets = []
        for href in links:
            url = internals.stylesheet_url(href, self.base_url)
            sheet = self._parsed.get(url)
            if sheet is None:
                before = len(warnings)
                # As WeasyPrint loads a link (find_stylesheets), with the run's fonts.
                sheet = internals.linked_stylesheet(url, self.fonts)
                if len(warnings) == before:
                    self._parsed[url] = sheet
            sheets.append(sheet)
        return rest, sheets

    def write(
        self,
        documents: list,
        identity: str,
        title: str,
        date: dt.date,
        parts: list[tuple[int, str]] | None = None,
    ) -> bytes:
        """PDF bytes of the pages of ``documents`` in order (the first gives the metadata).

        ``identity`` (round, recipient, document) seeds the PDF identifier, so the same
        input always gives the same bytes. ``parts`` (pages, label prefix) of a joined PDF
        give its page labels, and the PDF opens with its bookmarks shown.
        """
        first = documents[0]
        combined = (
            first
            if len(documents) == 1
            else first.copy([page for doc in documents for page in doc.pages])
        )
        options = pdf_options(title, date, self.variant, identifier=identity.encode(), parts=parts)
        with fail_on_weasyprint_warnings(identity):
            data = combined.write_pdf(**options)
        faults = check_pdf(data, expect_title=title, variant=self.variant)
        if faults:
            raise BuildError([Problem(identity, fault) for fault in faults])
        return data
