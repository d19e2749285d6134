"""Every use of a library's private internals, in one place, tested in tests/test_internals.py.

brevgen relies on a few things python-docx, docxtpl, WeasyPrint and openpyxl do not offer
publicly, to make documents fast and reproducible. They live here, each with why, so an
upgrade that changes them breaks one module and its tests, not the pipeline; the versions
they are tested with are bounded in pyproject.toml.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

# --- python-docx ---------------------------------------------------------------------------


def package_entries(document: Any, shared: dict[int, bytes]) -> dict[str, bytes]:
    """The zip entries python-docx's ``Document.save`` would write, by entry name.

    ``shared``: bytes already serialized for parts (by ``id(part)``) that are the same in
    every document of a layout, so their XML is not serialized again for every document.
    Uses ``Part.before_marshal`` and ``PackageWriter``'s private stream writers.
    """
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    entries = _Entries()
    PackageWriter._write_content_types_stream(entries, parts)
    PackageWriter._write_pkg_rels(entries, package.rels)
    for part in parts:  # as PackageWriter._write_parts
        name = part.partname.membername
        entries[name] = shared[id(part)] if id(part) in shared else part.blob
        if len(part.rels):
            entries[part.partname.rels_uri.membername] = part.rels.xml
    return dict(entries)


class _Entries(dict):
    """Stands in for python-docx's zip writer: keeps each part's bytes by entry name."""

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self[pack_uri.membername] = blob


def document_on(element: Any, part: Any) -> Any:
    """A python-docx Document of ``element`` (a ``w:document``) whose styles, numbering and
    relationships are ``part``'s: what docxtpl builds a subdocument on."""
    from docx.document import Document

    return Document(element, part)


def document_part(document: Any) -> Any:
    """The document part of a python-docx Document (styles, relationships)."""
    return document._part


def paragraph_element(paragraph: Any) -> Any:
    """The ``w:p`` element of a python-docx Paragraph, to add what python-docx cannot
    (a hyperlink)."""
    return paragraph._p


# --- docxtpl -------------------------------------------------------------------------------


def template_on(document: Any, patch_cache: dict, subdoc: Callable[[Any], Any]) -> Any:
    """A docxtpl template over an already opened python-docx ``document``.

    docxtpl opens a file for every template; brevgen opens each layout once and renders a
    copy. Its XML clean-up (``patch_xml``, a pure function of the text) is kept in
    ``patch_cache``, and ``new_subdoc()`` is ``subdoc(template)``. Picture and media
    replacement, which need docxtpl's own save, are refused (``check_no_media``).
    """
    return _template_class()(document, patch_cache, subdoc)


@functools.cache
def _template_class() -> type:
    from docxtpl import DocxTemplate  # here: a run with nothing to render never loads it

    class TemplateOn(DocxTemplate):
        def __init__(self, document: Any, patch_cache: dict, subdoc: Callable) -> None:
            super().__init__(None)  # docxtpl opens nothing for None
            self.docx = document
            self._patch_cache = patch_cache
            self._subdoc = subdoc

        def patch_xml(self, src_xml: str) -> str:
            patched = self._patch_cache.get(src_xml)
            if patched is None:
                if len(self._patch_cache) >= 64:  # the parts of a few layouts
                    self._patch_cache.clear()
                patched = self._patch_cache[src_xml] = super().patch_xml(src_xml)
            return patched

        def new_subdoc(self, docpath: Any = None) -> Any:
            if docpath is not None:
                raise NotImplementedError("subdocuments from files are not used by brevgen")
            return self._subdoc(self)

        def check_no_media(self) -> None:
            if self.pics_to_replace or self.crc_to_new_media or self.crc_to_new_embedded:
                raise NotImplementedError("picture and media replacement is not used by brevgen")

    return TemplateOn


def subdoc_on(template: Any, body: Any, part: Any) -> Any:
    """A docxtpl Subdoc of ``template`` writing into ``body`` (an empty ``w:document``) with
    ``part``'s styles: what ``Subdoc(template, None)`` makes after opening python-docx's
    default document, without opening it."""
    from docxtpl.subdoc import Subdoc

    subdoc = Subdoc.__new__(Subdoc)
    subdoc.tpl = template
    subdoc.docx = template.get_docx()
    subdoc.subdocx = document_on(body, part)
    return subdoc


# --- WeasyPrint ----------------------------------------------------------------------------


def stylesheet_url(href: str, base_url: str) -> str:
    """The URL WeasyPrint resolves a ``<link rel="stylesheet" href>`` to."""
    from weasyprint.html import parse_url
    from weasyprint.urls import ensure_url

    return parse_url(href, ensure_url(base_url))


def linked_stylesheet(url: str, font_config: Any) -> Any:
    """A stylesheet parsed exactly as WeasyPrint parses a linked one (``find_stylesheets``:
    its MIME type checked), to be handed to ``render`` once for many documents."""
    from weasyprint import CSS

    return CSS(url=url, font_config=font_config, _check_mime_type=True)


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (fast, reproducible) or fontTools."""
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None and bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0))


def font_files(font_config: Any) -> list[str]:
    """The files of every font a WeasyPrint ``FontConfiguration`` can choose from."""
    from weasyprint.text.ffi import ffi, fontconfig

    config = font_config._config  # kept alive by the font map it was set on
    files: list[str] = []
    for kind in (fontconfig.FcSetSystem, fontconfig.FcSetApplication):
        fonts = fontconfig.FcConfigGetFonts(config, kind)
        if fonts == ffi.NULL:
            continue
        string = ffi.new("FcChar8 **")
        for index in range(fonts.nfont):
            if fontconfig.FcPatternGetString(fonts.fonts[index], b"file", 0, string) == 0:
                files.append(ffi.string(string[0]).decode())
    return files


# --- openpyxl ------------------------------------------------------------------------------


def worksheet_xml(sheet: Any) -> Any:
    """A context manager giving a read-only worksheet's XML stream in the open archive
    (openpyxl reads cells from it; brevgen scans it once for formulas without results)."""
    return sheet._get_source()
