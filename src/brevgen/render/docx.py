"""DOCX builder: docxtpl layouts in ``templates/docx`` filled with the same context."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate

from brevgen.documents import View
from brevgen.errors import TemplateError
from brevgen.output import normalize_zip
from brevgen.templating import docx_env, layout_error


class DocxBuilder:
    def __init__(self, templates: Path) -> None:
        self.folder = templates / "docx"
        self.env = docx_env()

    def render(self, view: View) -> bytes:
        path = self.folder / f"{view.layout}.docx"
        if not path.exists():
            raise TemplateError(f"Word-skabelonen templates/docx/{path.name} findes ikke")
        template = DocxTemplate(path)
        try:
            template.render(
                {**view.template_context(), "_docx": template},
                jinja_env=self.env,
                autoescape=True,
            )
        except jinja2.TemplateError as exc:
            raise layout_error(exc, f"docx/{path.name}") from None
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
