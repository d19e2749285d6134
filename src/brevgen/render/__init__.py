"""One builder per output format, all behind one interface (as Sphinx has one per format).

A builder is made once per process for a run (``make_builder``) and turns views into bytes::

    builder.render(views, identity) -> bytes

``views`` are :class:`brevgen.views.View` (several for a PDF that joins documents);
``identity`` names the output stably (round, recipient, document) and seeds what must be
unique but reproducible, such as a PDF's identifier. Adding a format is a module with a
builder class and one line in :data:`FORMATS`; the builder is imported only when an output
of its format is rendered, so a run with nothing to render never loads WeasyPrint.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from brevgen.views import View

_ONLY_WHEN_SET = {"tryk"}


@dataclass(frozen=True)
class Options:
    """What besides the views shapes an output's bytes; the manifest records it."""

    pdf: str = "pdf/ua-1"  # PDF variant: tagged PDF/UA-1, or PDF/A-3a for archiving
    # --tryk: each brochure also print-ready (3 mm bleed, crop marks) beside the screen one.
    tryk: bool = False

    def record(self, fmt: str) -> dict[str, str]:
        """The options that shape ``fmt``'s bytes, as the manifest records them (``tryk``
        only when set, so a build without it records and fingerprints as before)."""
        return {
            k: v
            for k, v in asdict(self).items()
            if k in FORMATS[fmt].options and (k not in _ONLY_WHEN_SET or v)
        }

    @classmethod
    def from_record(cls, record: dict) -> Options:
        return cls(**{k: v for k, v in record.items() if k in cls.__dataclass_fields__})


class Builder(Protocol):
    def render(self, views: Sequence[View], identity: str) -> bytes: ...


@dataclass(frozen=True)
class Format:
    name: str  # the file suffix, for the formats that are a file type
    builder: str  # "module:Class", imported on first use
    layouts: str  # the template family of its layouts (templates/<layouts>/): html, docx, ""
    options: tuple[str, ...] = ()  # the Options fields that shape its bytes


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("html", "brevgen.render.html:HtmlBuilder", "html"),
        Format("pdf", "brevgen.render.pdf:PdfBuilder", "html", ("pdf", "tryk")),
        Format("docx", "brevgen.render.docx:DocxBuilder", "docx"),
        Format("xlsx", "brevgen.render.xlsx:ReportBuilder", ""),
        # A covering e-mail with its files; its HTML part is a layout of templates/html.
        Format("eml", "brevgen.render.eml:EmlBuilder", "html"),
        # A Word file with tracked changes between two views (the change report's files).
        Format("sporet", "brevgen.render.tracked:TrackedBuilder", "docx"),
    )
}


def make_builder(fmt: str, templates: Path, options: Options) -> Builder:
    """A builder for ``fmt`` (imported now), for every output of that format in a run."""
    module, name = FORMATS[fmt].builder.split(":")
    return getattr(importlib.import_module(module), name)(templates, options)


class Renderer:
    """The builders of one process, each made when first needed."""

    def __init__(self, templates: Path, options: Options) -> None:
        self.templates = templates
        self.options = options
        self._builders: dict[str, Builder] = {}

    def builder(self, fmt: str) -> Builder:
        if fmt not in self._builders:
            self._builders[fmt] = make_builder(fmt, self.templates, self.options)
        return self._builders[fmt]

    def render(self, fmt: str, views: Sequence[View], identity: str) -> bytes:
        return self.builder(fmt).render(views, identity)

    def close(self) -> None:
        """Let the builders go while the interpreter is whole (see pipeline.pool)."""
        self._builders.clear()
