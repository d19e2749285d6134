"""PDF builder: HTML layouts laid out by WeasyPrint, written as tagged PDF/UA-1."""

from __future__ import annotations

import hashlib
from pathlib import Path

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from brevgen.documents import View
from brevgen.render.html import HtmlBuilder


class PdfBuilder:
    def __init__(self, templates: Path, variant: str = "pdf/ua-1") -> None:
        self.html = HtmlBuilder(templates)
        self.base_url = str(self.html.folder) + "/"
        self.variant = variant
        # One font configuration for the run: fonts are loaded once, not per document.
        self.fonts = FontConfiguration()

    def layout(self, view: View):
        """The laid-out WeasyPrint document for ``view`` (pages can be combined later)."""
        source = self.html.render(view)
        return HTML(string=source, base_url=self.base_url).render(font_config=self.fonts)

    def write(self, documents: list, identity: str) -> bytes:
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
        identifier = hashlib.sha256(identity.encode()).hexdigest()[:32].encode()
        return combined.write_pdf(pdf_variant=self.variant, pdf_identifier=identifier)
