"""PDF builder: HTML layouts laid out by WeasyPrint, written as tagged PDF/UA-1.

Every PDF is a build gate: WeasyPrint's warnings (missing alt text, missing images, CSS it
ignores) fail the build, and the written bytes are checked with :mod:`brevgen.pdfcheck`.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from brevgen.documents import View
from brevgen.errors import BuildError, Problem
from brevgen.pdfcheck import check_pdf
from brevgen.pdfmeta import pdf_options
from brevgen.render.html import HtmlBuilder
from brevgen.weasylog import fail_on_weasyprint_warnings

# fontTools (the fallback without HarfBuzz-Subset) stamps fonts with the clock unless this is
# set; 1980-01-01 matches the fixed time in DOCX/XLSX zip entries.
os.environ.setdefault("SOURCE_DATE_EPOCH", "315532800")


class PdfBuilder:
    def __init__(self, templates: Path, variant: str = "pdf/ua-1") -> None:
        self.html = HtmlBuilder(templates)
        self.base_url = str(self.html.folder) + "/"
        self.variant = variant
        # One font configuration for the run: fonts are loaded once, not per document.
        self.fonts = FontConfiguration()

    def layout(self, view: View, name: str | None = None):
        """The laid-out WeasyPrint document for ``view`` (pages can be combined later)."""
        source = self.html.render(view)
        with fail_on_weasyprint_warnings(name or view.title):
            return HTML(string=source, base_url=self.base_url).render(font_config=self.fonts)

    def write(self, documents: list, identity: str, title: str, date: dt.date) -> bytes:
        """PDF bytes of the pages of ``documents`` in order (the first gives the metadata).

        ``identity`` (round, recipient, document) seeds the PDF identifier, so the same
        input always gives the same bytes.
        """
        first = documents[0]
        combined = (
            first
            if len(documents) == 1
            else first.copy([page for doc in documents for page in doc.pages])
        )
        options = pdf_options(title, date, self.variant, identifier=identity.encode())
        with fail_on_weasyprint_warnings(identity):
            data = combined.write_pdf(**options)
        faults = check_pdf(data, expect_title=title, variant=self.variant)
        if faults:
            raise BuildError([Problem(identity, fault) for fault in faults])
        return data
