"""HTML builder: fills the Jinja layouts in ``templates/html`` (web pages; the PDF's source)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from brevgen.errors import ContentError
from brevgen.render import Options
from brevgen.templating import html_env, layout_error
from brevgen.views import View


class HtmlBuilder:
    def __init__(self, templates: Path, options: Options | None = None) -> None:
        self.folder = templates / "html"
        self.env = html_env(templates)

    def source(self, view: View) -> str:
        """The filled layout of ``view`` as HTML text."""
        name = f"{view.layout}.html"
        try:
            return self.env.get_template(name).render(view.template_context())
        except ContentError:
            raise
        except jinja2.TemplateError as exc:
            raise layout_error(exc, f"html/{getattr(exc, 'name', None) or name}") from None

    def render(self, views: Sequence[View], identity: str = "") -> bytes:
        return self.source(views[0]).encode("utf-8")
