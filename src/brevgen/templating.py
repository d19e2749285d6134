"""The Jinja environments, made in one place (mkdocs' ``get_env``, Copier's ``jinja_env``).

All are sandboxed and strict: an undefined name is an error, never blank text.

* :func:`content_env` renders merge fields inside content text (``{{ modtager.navn }}``).
  Its ``finalize`` escapes every inserted value as Markdown literal text, so a value is
  always data: ``*``, ``<``, ``{{ }}`` in a name or a spreadsheet cell stay as typed.
* :func:`html_env` renders the HTML layouts with HTML autoescaping.
* :func:`docx_env` is handed to docxtpl, which renders the DOCX layouts with XML escaping.
"""

from __future__ import annotations

import functools
import re
import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from brevgen.errors import ContentError, Problem, TemplateError
from brevgen.formatting import FILTERS

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&\"'$^:;=])")
_NAME = re.compile(r"'(?:[^']*)' (?:object )?has no attribute '([^']+)'|'([^']+)' is undefined")


def markdown_literal(value: Any) -> str:
    """``value`` as Markdown that renders to exactly its text (backslash-escaped)."""
    if isinstance(value, Markup):
        return str(value)
    text = "" if value is None else str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A line break inside a value is a hard break, not a new paragraph or list item.
    return re.sub(r"\s*\n\s*", "\\\n", text)


def _strict(function: Any) -> Any:
    """A filter that treats an undefined value as the error it is.

    StrictUndefined fails when printed, but passed on to a Python filter such as ``dato`` it
    would reach Babel and crash; here it raises Jinja's own UndefinedError instead.
    """

    @functools.wraps(function)
    def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return function(value, *args, **kwargs)

    return checked


def _filters(**extra: Any) -> dict[str, Any]:
    return {name: _strict(f) for name, f in {**FILTERS, **extra}.items()}


def _email(value: str) -> Markup:
    return Markup(f"[{markdown_literal(value)}](mailto:{value})")


def _link(value: str) -> Markup:
    href = value if "://" in value else f"https://{value}"
    return Markup(f"[{markdown_literal(value)}]({href})")


def content_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=markdown_literal,
        keep_trailing_newline=True,
    )
    env.filters.update(_filters(email=_email, link=_link))
    return env


_CONTENT_ENV = content_env()


def render_text(source: str, context: dict[str, Any], where: tuple[Any, tuple]) -> str:
    """Render merge fields in one content text; errors point at the YAML line.

    ``where`` is ``(yaml_file, loc)`` of the text, used to turn a template line number into
    a file line number.
    """
    if "{" not in source:
        return source
    yaml_file, loc = where
    first_line = yaml_file.text_start_line(loc)
    filename = f"<{yaml_file.display}>"
    try:
        return _content_template(source, filename).render(context)
    except jinja2.TemplateSyntaxError as exc:
        line = first_line + (exc.lineno or 1) - 1
        raise ContentError(
            [Problem(f"{yaml_file.display}:{line}", f"flettefeltet kan ikke læses: {exc.message}")]
        ) from None
    except jinja2.UndefinedError as exc:
        tpl_line = _template_line(exc, filename)
        line = first_line + tpl_line - 1 if tpl_line else yaml_file.text_start_line(loc)
        match = _NAME.search(str(exc))
        name = next((g for g in match.groups() if g), None) if match else None
        known = ", ".join(sorted(k for k in context if not k.startswith("_")))
        what = f"flettefeltet '{name}' findes ikke" if name else f"ukendt flettefelt ({exc})"
        raise ContentError(
            [Problem(f"{yaml_file.display}:{line}", f"{what}; kendte navne: {known}")]
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise ContentError(
            [Problem(yaml_file.where(loc), f"flettefeltet er ikke tilladt: {exc}")]
        ) from None


@functools.lru_cache(maxsize=1024)
def _content_template(source: str, filename: str) -> jinja2.Template:
    """The compiled merge fields of one content text.

    A contracts run merges the same texts for every row of the register; compiling them
    once per run instead of once per row. A text that does not compile raises and is not
    kept; the filename stays in the code, so errors still point at the YAML line.
    """
    code = _CONTENT_ENV.compile(source, filename=filename)
    return _CONTENT_ENV.template_class.from_code(
        _CONTENT_ENV, code, _CONTENT_ENV.make_globals(None)
    )


def _template_line(exc: BaseException, filename: str) -> int | None:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == filename:
            return frame.lineno
    return None


def _layout_env(folder: Path, autoescape: bool) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(_filters())
    return env


def html_env(templates: Path) -> SandboxedEnvironment:
    from brevgen.markup import to_html

    env = _layout_env(templates / "html", autoescape=True)
    env.filters["markdown"] = lambda text, level=0: Markup(to_html(text, shift=level))
    return env


class _DocxEnvironment(SandboxedEnvironment):
    """docxtpl compiles a layout's XML with ``from_string`` on every render; the XML is the
    same for every row, so the compiled template is kept (by its source text)."""

    LIMIT = 64  # a few layouts, each a body and a few headers, footers and properties

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if len(self._compiled) >= self.LIMIT:
                self._compiled.clear()
            template = self._compiled[source] = super().from_string(source)
        return template


def docx_env() -> SandboxedEnvironment:
    from brevgen.markup import to_subdoc

    env = _DocxEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(_filters())
    env.filters["markdown"] = jinja2.pass_context(
        lambda ctx, text, level=0: to_subdoc(ctx["_docx"], text, shift=level)
    )
    return env


def layout_error(exc: Exception, template: str) -> TemplateError:
    """A template problem as a located Danish error (template name and line)."""
    line = getattr(exc, "lineno", None)
    where = f"templates/{template}" + (f":{line}" if line else "")
    message = getattr(exc, "message", None) or str(exc)
    return TemplateError([Problem(where, f"skabelonen kan ikke bruges: {message}")])
