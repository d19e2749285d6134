"""The Jinja environments, made in one place (mkdocs' ``get_env``, Copier's ``jinja_env``).

All are sandboxed and strict: an undefined name is an error, never blank text.

* :func:`content_env` renders merge fields inside content text (``{{ modtager.navn }}``).
  Its ``finalize`` escapes every inserted value as Markdown literal text, so a value is
  always data: ``*``, ``<``, ``{{ }}`` in a name or a spreadsheet cell stay as typed.
* :func:`html_env` renders the HTML layouts with HTML autoescaping.
* :func:`docx_env` is handed to docxtpl, which renders the DOCX layouts with XML escaping.
* :func:`app_env` renders the workbench's pages (``brevgen serve``) with HTML autoescaping.
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


class _Missing(jinja2.UndefinedError):
    """An undefined merge field, with the object it was looked up on (for the message)."""

    def __init__(self, message: str, owner: Any, name: Any) -> None:
        super().__init__(message)
        self.owner, self.name = owner, name


class _TracingUndefined(jinja2.StrictUndefined):
    """StrictUndefined that says on what a missing name was looked up."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        raise _Missing(self._undefined_message, self._undefined_obj, self._undefined_name)

    __str__ = __iter__ = __len__ = __bool__ = __eq__ = __ne__ = __hash__ = (
        _fail_with_undefined_error
    )
    __getattr__ = _fail_with_undefined_error
    __add__ = __radd__ = __mul__ = __rmul__ = __contains__ = __getitem__ = (
        _fail_with_undefined_error
    )
    __lt__ = __le__ = __gt__ = __ge__ = __int__ = __float__ = __complex__ = (
        _fail_with_undefined_error
    )


def content_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=_TracingUndefined,
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
            [Problem(f"{yaml_file.display}:{line}", f"flettefeltet kan ikke læses: {_syntax(exc)}")]
        ) from None
    except jinja2.UndefinedError as exc:
        tpl_line = _template_line(exc, filename)
        line = first_line + tpl_line - 1 if tpl_line else yaml_file.text_start_line(loc)
        raise ContentError(
            [Problem(f"{yaml_file.display}:{line}", _undefined(exc, source, context))]
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise ContentError(
            [Problem(yaml_file.where(loc), f"flettefeltet er ikke tilladt: {exc}")]
        ) from None
    except (ArithmeticError, TypeError, ValueError, LookupError) as exc:
        # Arithmetic in a field ({{ 1/0 }}, {{ range(10**9) }}, {{ 'a' + 1 }}): content
        # fills in names; it does not calculate.
        tpl_line = _template_line(exc, filename)
        line = first_line + tpl_line - 1 if tpl_line else yaml_file.text_start_line(loc)
        raise ContentError(
            [
                Problem(
                    f"{yaml_file.display}:{line}",
                    f"flettefeltet kan ikke udfyldes (teknisk: {exc}); et flettefelt henter en "
                    "værdi, fx {{ modtager.navn }}, og regner ikke",
                )
            ]
        ) from None


def _undefined(exc: jinja2.UndefinedError, source: str, context: dict[str, Any]) -> str:
    """``flettefeltet 'runde.tilbudsperiode.fraa' findes ikke; 'runde.tilbudsperiode' har
    kun: fra, til`` (or, for an unknown first name, the names there are)."""
    owner = getattr(exc, "owner", jinja2.utils.missing)
    name = getattr(exc, "name", None)
    if name is None:
        match = _NAME.search(str(exc))
        name = next((g for g in match.groups() if g), None) if match else None
    known = ", ".join(sorted(k for k in context if not k.startswith("_")))
    if name is None:
        return f"ukendt flettefelt ({exc}); kendte navne: {known}"
    if owner is jinja2.utils.missing:
        return f"flettefeltet '{name}' findes ikke; kendte navne: {known}"
    parent = _path_to(source, name) or "feltet"
    path = f"{parent}.{name}" if parent != "feltet" else str(name)
    if isinstance(owner, dict):
        keys = ", ".join(sorted(str(k) for k in owner if not str(k).startswith("_")))
        return f"flettefeltet '{path}' findes ikke; '{parent}' har kun: {keys or '(intet)'}"
    if owner is None:
        return f"flettefeltet '{path}' findes ikke; '{parent}' er tom"
    return f"flettefeltet '{path}' findes ikke; '{parent}' er {_kind(owner)}"


def _kind(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "en liste (brug fx {% for x in … %})"
    if isinstance(value, str):
        return "en tekst"
    return "en værdi uden felter"


def _path_to(source: str, name: Any) -> str | None:
    """The dotted name a missing ``name`` was looked up on in ``source`` (first match)."""
    try:
        tree = _CONTENT_ENV.parse(source)
    except jinja2.TemplateSyntaxError:
        return None
    for node in tree.find_all((jinja2.nodes.Getattr, jinja2.nodes.Getitem)):
        key = node.attr if isinstance(node, jinja2.nodes.Getattr) else _const(node.arg)
        if key == name:
            return _dotted(node.node)
    return None


def _const(node: Any) -> Any:
    return node.value if isinstance(node, jinja2.nodes.Const) else None


def _dotted(node: Any) -> str | None:
    if isinstance(node, jinja2.nodes.Name):
        return node.name
    if isinstance(node, jinja2.nodes.Getattr):
        head = _dotted(node.node)
        return f"{head}.{node.attr}" if head else None
    if isinstance(node, jinja2.nodes.Getitem):
        head, key = _dotted(node.node), _const(node.arg)
        return f"{head}.{key}" if head and key is not None else None
    return None


# Jinja's syntax errors, in Danish (a Jinja block is what content calls a condition or loop).
_SYNTAX = [
    (
        r"Unexpected end of template\. Jinja was looking for the following tags: .*"
        r"The innermost block that needs to be closed is '(\w+)'\.",
        lambda m: (
            f"{{% {m[1]} %}} er ikke lukket; skriv {{% end{m[1]} %}} efter den tekst, "
            "den gælder for"
        ),
    ),
    (
        r"Encountered unknown tag '(\w+)'\. Jinja was looking for the following tags: .*"
        r"The innermost block that needs to be closed is '(\w+)'\.",
        lambda m: f"{{% {m[1]} %}} står, hvor {{% end{m[2]} %}} skulle lukke {{% {m[2]} %}}",
    ),
    (
        r"Encountered unknown tag '(end\w+)'\.",
        lambda m: f"{{% {m[1]} %}} lukker intet; der er ingen {{% {m[1][3:]} %}} før den",
    ),
    (
        r"Encountered unknown tag '(\w+)'\.",
        lambda m: f"{{% {m[1]} %}} kendes ikke; brug {{% if … %}} eller {{% for … in … %}}",
    ),
    (
        r"unexpected end of template, expected 'end of print statement'\.",
        lambda m: "et flettefelt er ikke lukket med }}",
    ),
    (
        r"expected token 'end of print statement', got '(.*)'",
        lambda m: f"der står '{m[1]}' for meget i flettefeltet; skriv fx {{{{ modtager.navn }}}}",
    ),
    (
        r"Expected an expression, got '(.*)'",
        lambda m: "der mangler et navn i flettefeltet eller betingelsen, fx {{ modtager.navn }}",
    ),
    (
        r"No filter named '(\w+)'\.",
        lambda m: (
            f"filteret '{m[1]}' findes ikke; kendte filtre: "
            + ", ".join(sorted(_CONTENT_ENV.filters.keys() & {*FILTERS, "email", "link"}))
        ),
    ),
    (r"unexpected '(.*)'", lambda m: f"'{m[1]}' står et sted, hvor det ikke må stå"),
]


def _syntax(exc: jinja2.TemplateSyntaxError) -> str:
    message = exc.message or str(exc)
    for pattern, danish in _SYNTAX:
        match = re.fullmatch(pattern, message, re.S)
        if match:
            return danish(match)
    return f"tjek {{{{ … }}}} og {{% … %}} (teknisk: {message})"


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
    # A web address as people write it (www.regioner.dk) as a link's target.
    env.filters["url"] = lambda address: address if "://" in address else f"https://{address}"
    return env


def app_env(folder: Path) -> SandboxedEnvironment:
    """The workbench's own pages (``brevgen serve``): HTML autoescaped like the layouts, so
    content and register values shown in a page are text, never markup."""
    return _layout_env(folder, autoescape=True)


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
