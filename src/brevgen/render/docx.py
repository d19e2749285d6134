"""DOCX builder: docxtpl layouts in ``templates/docx`` filled with the same context.

docxtpl's obvious use (``DocxTemplate(path)`` per document) re-reads the layout, cleans its
XML with a few dozen regular expressions, compiles the result as a Jinja template, and
opens python-docx's default document for every Markdown field. All of that gives the same
result for every row, so a builder does it once:

* the layout's bytes are read once; each render opens them from memory;
* the cleaned XML (``patch_xml``) is kept by its source text, and the compiled Jinja
  template by the cleaned text (:func:`brevgen.templating.docx_env` caches ``from_string``);
* a Markdown field's subdocument is an empty copy of python-docx's default document element
  (parsed once) attached to the layout's part, exactly what docxtpl's ``new_subdoc()`` gives
  after opening the default document anew.

The bytes written are the same as with a fresh ``DocxTemplate(path)``
(tests/test_docx_cache.py compares them).
"""

from __future__ import annotations

import copy
import datetime as dt
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import jinja2
from docx.document import Document as _Document
from docxtpl import DocxTemplate
from docxtpl.subdoc import Subdoc

from brevgen.documents import View
from brevgen.errors import TemplateError
from brevgen.output import normalize_zip
from brevgen.templating import docx_env, layout_error

# patch_xml is a pure function of the XML text; the texts are the parts of a few layouts.
_PATCHED: dict[str, str] = {}
_PATCHED_LIMIT = 64
_BLANK: list[Any] = []  # python-docx's default document element, parsed on first use


def _blank_document_element() -> Any:
    if not _BLANK:
        _BLANK.append(docx.Document().element)
    return copy.deepcopy(_BLANK[0])


class _BodySubdoc(Subdoc):
    """docxtpl's Subdoc without a document file: what ``Subdoc(tpl, None)`` makes, cheaper.

    docxtpl opens python-docx's default document and then points it at the layout's part
    (styles, numbering and hyperlinks are the layout's); only its empty body is used.
    """

    def __init__(self, tpl: DocxTemplate) -> None:
        self.tpl = tpl
        self.docx = tpl.get_docx()
        self.subdocx = _Document(_blank_document_element(), self.docx._part)


class _Template(DocxTemplate):
    """A DocxTemplate opened from the layout's bytes, sharing the cleaned XML between renders."""

    def __init__(self, source: bytes) -> None:
        super().__init__(BytesIO(source))

    def patch_xml(self, src_xml: str) -> str:
        patched = _PATCHED.get(src_xml)
        if patched is None:
            if len(_PATCHED) >= _PATCHED_LIMIT:
                _PATCHED.clear()
            patched = _PATCHED[src_xml] = super().patch_xml(src_xml)
        return patched

    def new_subdoc(self, docpath: Any = None) -> Subdoc:
        if docpath is not None:
            return super().new_subdoc(docpath)
        self.init_docx()
        return _BodySubdoc(self)


class DocxBuilder:
    def __init__(self, templates: Path) -> None:
        self.folder = templates / "docx"
        self.env = docx_env()
        self._sources: dict[str, bytes] = {}  # layout bytes by file name, read once

    def _source(self, name: str) -> bytes:
        if name not in self._sources:
            path = self.folder / name
            if not path.exists():
                raise TemplateError(f"Word-skabelonen templates/docx/{name} findes ikke")
            self._sources[name] = path.read_bytes()
        return self._sources[name]

    def render(self, view: View) -> bytes:
        name = f"{view.layout}.docx"
        template = _Template(self._source(name))
        try:
            template.render(
                {**view.template_context(), "_docx": template},
                jinja_env=self.env,
                autoescape=True,
            )
        except jinja2.TemplateError as exc:
            raise layout_error(exc, f"docx/{name}") from None
        props = template.docx.core_properties
        stamp = dt.datetime.combine(view.date, dt.time(), tzinfo=dt.UTC)
        props.title = view.title
        props.author = view.author
        props.last_modified_by = view.author
        props.language = "da-DK"
        props.created = props.modified = stamp
        props.revision = 1
        buffer = BytesIO()
        template.save(buffer)
        return normalize_zip(buffer.getvalue())
