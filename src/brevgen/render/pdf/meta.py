"""``write_pdf`` options for accessible PDFs whose bytes depend on the content only.

Findings for WeasyPrint 70.0 / pydyf 0.13 (checked in tests/test_pdfmeta.py and by reading
``weasyprint/pdf``, ``weasyprint/images.py`` and ``pydyf``):

* Same HTML, same options -> byte-identical PDF, both twice in one process and in two
  processes (different ``PYTHONHASHSEED``). Nothing time- or random-dependent is written by
  default: the font subset tag (``CMSNYI+Lato``) is an MD5 of the Pango font description,
  object order is fixed, the only UUID is for PDF/X-4.
* ``/CreationDate`` and ``/ModDate`` are absent by default. WeasyPrint writes them (and
  ``xmp:CreateDate`` / ``xmp:ModifyDate``) only from ``<meta name="dcterms.created">`` and
  ``<meta name="dcterms.modified">`` in the HTML (W3C date, e.g. ``2016-03-14`` ->
  ``D:20160314``); an invalid date is logged and dropped. :func:`pdf_options` adds them from
  the document's own date when the template has no such meta, so they stay reproducible.
* ``/ID``: absent by default (``pdf_identifier=None`` means none) and for ``pdf/ua-1``.
  The PDF/A variants default to ``pdf_identifier=True``: ``/ID [md5 md5]`` with the MD5 hex of
  all object data, deterministic. Given bytes, pydyf writes ``/ID [<those bytes> <md5 of
  content>]``, so the first entry is ours and the second still follows the content. The
  bytes go into a literal string, so we pass 32 ASCII hex digits (raw bytes could hold
  CR/LF, which PDF readers normalise).
* Image XObject names are the MD5 of the image's absolute URL, so a ``file://`` image makes
  the bytes depend on the checkout's location (seen: same HTML under ``/tmp/a`` and
  ``/tmp/b`` gave different PDFs). Images given as ``data:`` URIs (:func:`data_uri`) make
  the name a function of the content; @font-face URLs do not reach the PDF.
* Font subsetting: with libharfbuzz-subset >= 4.1.0 (this machine: HarfBuzz 6.0.0) WeasyPrint
  subsets with HarfBuzz, deterministically. Without it, it falls back to fontTools, logs
  "Using fontTools instead of HarfBuzz-Subset ..." (turned into a build error by
  :mod:`brevgen.render.pdf.log`), and the bytes differ from the HarfBuzz ones; worse, fontTools
  stamps the subset's ``head.modified`` with the current time, so two renders a second apart
  differ, unless ``SOURCE_DATE_EPOCH`` is set. So reproducible PDFs need HarfBuzz-Subset.
* The ``Producer`` (``WeasyPrint 70.0``) is written into Info and XMP: a WeasyPrint upgrade
  changes every PDF.
* ``pdf/a-2a`` and ``pdf/a-3a`` tag like ``pdf/ua-1`` but do not write ``pdfuaid:part``;
  :func:`pdf_options` adds that claim for them, so a PDF/A file is also declared PDF/UA-1.
"""

from __future__ import annotations

import base64
import datetime
import hashlib

import pydyf

VARIANTS = ("pdf/ua-1", "pdf/a-2a", "pdf/a-3a")

_XMP_CREATED = (
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
    "<xmp:CreateDate>{date}</xmp:CreateDate></rdf:Description>"
)
_XMP_MODIFIED = (
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
    "<xmp:ModifyDate>{date}</xmp:ModifyDate></rdf:Description>"
)
_XMP_PDFUA = (
    '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" '
    'pdfuaid:part="1" />'
)


def pdf_options(
    title: str,
    created: datetime.date,
    variant: str = "pdf/ua-1",
    identifier: bytes | None = None,
    parts: list[tuple[int, str]] | None = None,
) -> dict:
    """Keyword arguments for ``HTML.write_pdf`` / ``Document.write_pdf``.

    ``identifier`` (e.g. a hash of the source content) seeds the permanent half of ``/ID``;
    without it, title and date do. ``parts`` (pages, label prefix) number the pages of a
    joined PDF per part (``/PageLabels``), which then opens with its bookmarks shown.
    ``created`` becomes the creation and modification date unless the HTML states them in
    ``dcterms.created`` / ``dcterms.modified``.
    """
    if variant not in VARIANTS:
        raise ValueError(f"unsupported PDF variant {variant!r}; use one of {', '.join(VARIANTS)}")
    seed = identifier if identifier is not None else f"{title}\n{created.isoformat()}".encode()
    return {
        "pdf_variant": variant,
        "pdf_identifier": hashlib.sha256(seed).hexdigest()[:32].encode("ascii"),
        "pdf_tags": True,
        # Explicit defaults the reproducibility depends on: subset fonts, no hinting.
        "full_fonts": False,
        "hinting": False,
        "uncompressed_pdf": False,
        "finisher": _Finisher(created, claim_pdfua=variant.startswith("pdf/a-"), parts=parts),
    }


def data_uri(data: bytes, mime_type: str) -> str:
    """An image as ``data:`` URI, so its PDF name depends on its bytes, not its path."""
    return f"data:{mime_type};base64,{base64.b64encode(data).decode('ascii')}"


def _page_labels(pdf: pydyf.PDF, parts: list[tuple[int, str]]) -> None:
    """Each part's pages numbered from 1 with its prefix (PDF 1.7, §12.4.2), so a viewer's
    page number is the printed one; and the bookmarks panel open (``/PageMode``)."""
    numbers = pydyf.Array()
    start = 0
    for pages, prefix in parts:
        label = pydyf.Dictionary({"S": "/D"})
        if prefix:
            label["P"] = pydyf.String(prefix)
        numbers.extend([start, label])
        start += pages
    pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": numbers})
    pdf.catalog["PageMode"] = "/UseOutlines"


class _Finisher:
    """Adds the dates and, for PDF/A, the PDF/UA claim to Info and XMP before writing."""

    def __init__(
        self, created: datetime.date, claim_pdfua: bool, parts: list | None = None
    ) -> None:
        self.created = created
        self.claim_pdfua = claim_pdfua
        self.parts = parts

    def __call__(self, document, pdf: pydyf.PDF) -> None:
        if self.parts:
            _page_labels(pdf, self.parts)
        metadata = document.metadata
        pdf_date = pydyf.String(f"D:{self.created:%Y%m%d}")
        extra = []
        if not metadata.created:
            pdf.info["CreationDate"] = pdf_date
            extra.append(_XMP_CREATED.format(date=self.created.isoformat()))
        if not metadata.modified:
            pdf.info["ModDate"] = pdf_date
            extra.append(_XMP_MODIFIED.format(date=self.created.isoformat()))
        if self.claim_pdfua:
            extra.append(_XMP_PDFUA)
        reference = pdf.catalog.get("Metadata")
        if not extra or reference is None:
            return
        stream = pdf.objects[int(reference.split()[0])]
        content = b"\n".join(stream.stream)
        if b"</rdf:RDF>" not in content:
            raise RuntimeError("WeasyPrint's XMP packet has no </rdf:RDF>; pdfmeta needs an update")
        stream.stream = [content.replace(b"</rdf:RDF>", "".join(extra).encode() + b"</rdf:RDF>", 1)]
