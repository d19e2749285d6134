"""HTML builder: fills the Jinja layouts in ``templates/html``."""

from __future__ import annotations

from pathlib import Path

import jinja2

from brevgen.documents import View
from brevgen.errors import ContentError
from brevgen.templating import html_env, layout_error


class HtmlBuilder:
    def __init__(self, templates: Path) -> None:
        self.folder = templates / "html"
        self.env = html_env(templates)

    def render(self, view: View) -> str:
        name = f"{view.layout}.html"
        try:
            return self.env.get_template(name).render(view.template_context())
        except ContentError:
            raise
        except jinja2.TemplateError as exc:
            raise layout_error(exc, f"html/{getattr(exc, 'name', None) or name}") from None
