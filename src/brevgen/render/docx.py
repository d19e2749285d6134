"""DOCX builder: docxtpl layouts in ``templates/docx`` filled with the same context.

docxtpl's obvious use (``DocxTemplate(path)`` per document) re-reads and re-parses the
layout, cleans its XML with a few dozen regular expressions, compiles the result as a Jinja
template, opens python-docx's default document for every Markdown field, looks each
paragraph style up by name in the layout's styles (350 kB of XML), zips the document, and
then :func:`brevgen.output.normalize_zip` unzips and zips it again. Most of that gives the
same result for every row, so a builder does it once per layout (:class:`_Layout`):

* the layout is opened once; each render works on a copy that shares the parts a render
  only reads (styles, settings, numbering) and their serialized bytes;
* the cleaned XML (``patch_xml``) is kept by its source text, and the compiled Jinja
  template by the cleaned text (:func:`brevgen.templating.docx_env` caches ``from_string``);
* a Markdown field's subdocument is an empty copy of python-docx's default document element
  (parsed once) attached to the layout's part, exactly what docxtpl's ``new_subdoc()`` gives
  after opening the default document anew; style names resolve to ids once per layout;
* a Markdown text seen before in the run (most of a contract's sections read the same for
  every row) reuses the XML made then, once its hyperlinks get the same ids again;
* the parts are written straight into the normalized zip (:func:`brevgen.output.zip_entries`),
  and a part that is the same in every document is compressed once.

The bytes are the same as with a fresh ``DocxTemplate(path)`` and ``normalize_zip``
(tests/test_render_cache.py compares them), once both are finished the same way: brevgen's
metadata and the embedded fonts (:mod:`brevgen.render.docx_package`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.parts.numbering import NumberingPart
from docx.parts.settings import SettingsPart
from docx.parts.styles import StylesPart
from markupsafe import Markup

from brevgen import internals
from brevgen.errors import TemplateError
from brevgen.formatting import shorten
from brevgen.output import zip_entries
from brevgen.render import Options, docx_blocks
from brevgen.render.docx_package import DocumentInfo, Packager
from brevgen.templating import docx_env, layout_error
from brevgen.views import View

# docxtpl's patch_xml is a pure function of the XML text: kept by the text (internals).
_PATCHED: dict[str, str] = {}
_BLANK: list[Any] = []  # python-docx's default document element, parsed on first use
# Parts a render reads but never changes: one copy serves every render of a layout.
_SHARED_PARTS = (StylesPart, SettingsPart, NumberingPart)
_SUBDOC_LIMIT = 2048  # Markdown texts kept per layout (a few MB at most)
_RELATION = re.compile(r'\br:(\w+)="([^"]*)"')


def _blank_document_element() -> Any:
    if not _BLANK:
        _BLANK.append(docx.Document().element)
    return copy.deepcopy(_BLANK[0])


class _Layout:
    """One DOCX layout, opened once for a builder's whole run."""

    def __init__(self, source: bytes) -> None:
        self.pristine = docx.Document(BytesIO(source))
        package = self.pristine.part.package
        self.shared = [p for p in package.iter_parts() if isinstance(p, _SHARED_PARTS)]
        self.shared_blobs = {p.partname.membername: p.blob for p in self.shared}
        self.style_ids: dict[tuple[str, Any], str | None] = {}
        self.zipped: dict = {}  # entry name -> (bytes, crc, compressed), the last one made
        # (Markdown text, heading shift) -> (subdocument XML, its hyperlinks (id, URL))
        self.subdocs: dict[tuple[str, int], tuple[str, tuple[tuple[str, str], ...]]] = {}

    def open(self) -> Any:
        """A fresh document of the layout, as ``docx.Document(path)`` would give it."""
        return copy.deepcopy(self.pristine, {id(p): p for p in self.shared})

    def entries(self, document: Any) -> dict[str, bytes]:
        """The document's zip entries, as python-docx's ``save`` writes them.

        Shared parts give the bytes serialized when the layout was opened: python-docx would
        serialize the styles again for every document to get the same bytes.
        """
        shared = {id(p): self.shared_blobs[p.partname.membername] for p in self.shared}
        return internals.package_entries(document, shared)

    def check_shared(self) -> None:
        """Raise if a render changed a shared part (the tests call this after renders)."""
        for part in self.shared:
            if part.blob != self.shared_blobs[part.partname.membername]:
                raise RuntimeError(f"DOCX layout part {part.partname} changed while rendering")


class _StyleIds:
    """The layout's document part, resolving each style name once per layout.

    python-docx looks a paragraph style up by name with an XPath over all styles for every
    paragraph; the answer is the same for every render of the layout.
    """

    def __init__(self, part: Any, cache: dict) -> None:
        self._part = part
        self._cache = cache

    def get_style_id(self, style_or_name: Any, style_type: Any) -> str | None:
        if not isinstance(style_or_name, str):
            return self._part.get_style_id(style_or_name, style_type)
        key = (style_or_name, style_type)
        if key not in self._cache:
            self._cache[key] = self._part.get_style_id(style_or_name, style_type)
        return self._cache[key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._part, name)


class _Template:
    """A rendering of one layout: docxtpl's template over a fresh copy of the opened layout,
    sharing work between renders (cleaned XML, subdocuments without a document file)."""

    def __init__(self, layout: _Layout) -> None:
        self.layout = layout
        self.docxtpl = internals.template_on(layout.open(), _PATCHED, self._body_subdoc)
        self.docx = self.docxtpl.docx

    def _body_subdoc(self, template: Any) -> Any:
        """What docxtpl's ``new_subdoc()`` gives (python-docx's default document pointed at
        the layout's part), without opening the default document each time."""
        part = _StyleIds(internals.document_part(self.docx), self.layout.style_ids)
        return internals.subdoc_on(template, _blank_document_element(), part)

    def render(self, context: dict[str, Any], env: Any) -> None:
        self.docxtpl.render({**context, "_docx": self}, jinja_env=env, autoescape=True)

    def new_subdoc(self) -> Any:
        return self.docxtpl.new_subdoc()

    def build_url_id(self, url: str) -> str:
        """The relationship id of a hyperlink to ``url`` (for links the layout's filters add)."""
        return self.docxtpl.build_url_id(url)

    def to_bytes(self, finish: Callable[[dict[str, bytes]], dict[str, bytes]]) -> bytes:
        """The rendered document as normalized DOCX bytes (docxtpl's save, ``finish`` on
        the zip entries, then normalize_zip, in one step)."""
        self.docxtpl.check_no_media()
        return zip_entries(finish(self.layout.entries(self.docx)), self.layout.zipped)

    def trees(self) -> dict[str, Any]:
        """The document's XML parts as python-docx holds them parsed, by zip entry name."""
        parts = self.docx.part.package.iter_parts()
        return {p.partname.membername: p.element for p in parts if isinstance(p, XmlPart)}


def _subdoc_xml(template: _Template, text: str, shift: int, make: Any) -> Markup:
    """The XML of the Markdown field ``text``, from the layout's cache when it can be.

    A cached subdocument is reused only if each of its hyperlinks gets the relationship id it
    had then (python-docx reuses the id of a URL already related, so asking again is what a
    fresh render does as well); otherwise, and for anything but hyperlinks, it is made anew.
    """
    layout = template.layout
    part = internals.document_part(template.docx)
    key = (text, shift)
    cached = layout.subdocs.get(key)
    if cached is not None:
        xml, links = cached
        if all(part.relate_to(url, RT.HYPERLINK, is_external=True) == rid for rid, url in links):
            return Markup(xml)
    xml = str(make())
    relations = _RELATION.findall(xml)
    if cached is None and all(kind == "id" for kind, _ in relations):
        links = []
        for _, rid in relations:
            rel = part.rels.get(rid)
            if rel is None or not rel.is_external or rel.reltype != RT.HYPERLINK:
                return Markup(xml)
            if (rid, rel.target_ref) not in links:
                links.append((rid, rel.target_ref))
        if len(layout.subdocs) >= _SUBDOC_LIMIT:
            layout.subdocs.clear()
        layout.subdocs[key] = (xml, tuple(links))
    return Markup(xml)


class DocxBuilder:
    def __init__(self, templates: Path, options: Options | None = None) -> None:
        self.folder = templates / "docx"
        self.env = docx_env()
        self._layouts: dict[str, _Layout] = {}  # by file name, opened once
        self.package = Packager(templates / "fonts")  # metadata and fonts of every document
        markdown = self.env.filters["markdown"]

        @jinja2.pass_context
        def cached_markdown(context: Any, text: str, level: int = 0) -> Any:
            template = context["_docx"]
            if not isinstance(template, _Template):
                return markdown(context, text, level)
            return _subdoc_xml(template, text, level, lambda: markdown(context, text, level))

        self.env.filters["markdown"] = cached_markdown
        docx_blocks.install(self.env, templates / "fonts")  # letterhead, signatures, links

    def _layout(self, name: str) -> _Layout:
        if name not in self._layouts:
            path = self.folder / name
            if not path.exists():
                raise TemplateError(f"Word-skabelonen templates/docx/{name} findes ikke")
            self._layouts[name] = _Layout(path.read_bytes())
        return self._layouts[name]

    def render(self, views: Sequence[View], identity: str = "") -> bytes:
        view = views[0]
        name = f"{view.layout}.docx"
        template = _Template(self._layout(name))
        try:
            template.render(view.template_context(), self.env)
        except jinja2.TemplateError as exc:
            raise layout_error(exc, f"docx/{name}") from None
        # Core properties are one-line metadata with a limit in Word (255 characters); the
        # document's own text is never shortened.
        info = DocumentInfo(
            title=shorten(view.title, 255), author=shorten(view.author, 255), date=view.date
        )
        return template.to_bytes(
            lambda entries: self.package.finish(entries, info, template.trees())
        )
