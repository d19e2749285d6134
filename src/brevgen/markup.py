"""Body text markup (CommonMark via markdown-it-py) rendered to HTML and to DOCX.

This is the one place that converts body text; documents never carry their own converter.
Both outputs walk the same token stream, so a list, a heading or a link is the same thing
in the PDF and in the Word file. Raw HTML in content is shown as text, never interpreted.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from markdown_it import MarkdownIt
from markdown_it.token import Token

from brevgen import internals
from brevgen.typography import SHY, typeset


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


@lru_cache(maxsize=512)
def _tokens(text: str) -> tuple[Token, ...]:
    tokens = _parser().parse(text)
    for token in tokens:
        for child in token.children or []:
            if child.type == "text":
                child.content = typeset(child.content)
    return tuple(tokens)


def _shifted(tokens: tuple[Token, ...], shift: int) -> list[Token]:
    if not shift:
        return list(tokens)
    out = []
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token = token.copy()
            token.tag = f"h{min(6, int(token.tag[1]) + shift)}"
        out.append(token)
    return out


def to_html(text: str, shift: int = 0) -> str:
    """Body text as an HTML fragment; ``shift`` moves heading levels down."""
    parser = _parser()
    return parser.renderer.render(_shifted(_tokens(text), shift), parser.options, {})


def to_plain(text: str) -> str:
    """Body text as plain text, one block per line (for tests and metadata)."""
    lines: list[str] = []
    for token in _tokens(text):
        if token.type == "inline":
            lines.append(
                "".join(
                    c.content if c.type in ("text", "code_inline") else " "
                    for c in token.children or []
                    if c.type in ("text", "code_inline", "softbreak", "hardbreak")
                )
            )
    return "\n".join(lines)


def inline_plain(text: str) -> str:
    """A one-line text (title, heading) as plain text: Markdown escapes undone, no block syntax.

    Merge fields insert values escaped for Markdown (``7\\. januar``); a title is shown as
    text, so it is read as inline Markdown only, where ``1. `` or ``- `` cannot start a list.
    """
    parts: list[str] = []
    for token in _parser().parseInline(text):
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
    return "".join(parts).strip()


def to_text(text: str) -> str:
    """Body text as plain text for reading (an e-mail's text part): blocks apart, list
    items with ``-`` or their number, quotes with ``>``, a link's address after its text.

    Without soft hyphens: a plain-text reader shows them, or breaks a word at them.
    """
    out: list[str] = []
    quote = quoted = 0  # quote levels now and of the block before
    items: list[int] = []  # the indent of each open list item's text
    marker: str | None = None  # of a list item whose first block is next
    tight = in_list = False
    for token in _tokens(text):
        kind = token.type
        if kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind in ("bullet_list_open", "ordered_list_open") and not items:
            in_list = False  # a list of its own: a blank line before it
        elif kind == "list_item_open":
            marker = f"{token.info}{token.markup}" if token.info else "-"
            items.append(len(marker) + 1)
        elif kind == "list_item_close":
            items.pop()
            marker = None
        elif kind in ("paragraph_open", "heading_open"):
            tight = token.hidden  # a paragraph of a tight list: no blank line before it
        elif kind == "inline":
            lead = "> " * quote + " " * sum(items[:-1])
            hang = " " * items[-1] if items else ""
            if out and not (tight and in_list and items):
                out.append(("> " * min(quote, quoted)).rstrip())
            lines = _inline_text(token.children or []).split("\n")
            first = f"{marker} " if marker else hang
            out.append(lead + first + lines[0])
            out.extend(lead + hang + line for line in lines[1:])
            marker, in_list, quoted = None, bool(items), quote
    return "\n".join(out).replace(SHY, "")


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    link: str | None = None
    label: list[str] = []
    for child in children:
        kind = child.type
        if kind == "link_open":
            link, label = str(child.attrs.get("href", "")), []
        elif kind == "link_close":
            shown = "".join(label)
            if link and link not in (shown, f"mailto:{shown}") and _bare(link) != shown:
                parts.append(f" ({link.removeprefix('mailto:')})")
            link = None
        elif kind in ("text", "code_inline", "softbreak", "hardbreak"):
            piece = {"softbreak": " ", "hardbreak": "\n"}.get(kind, child.content)
            parts.append(piece)
            if link is not None:
                label.append(piece)
    return "".join(parts)


def _bare(url: str) -> str:
    return re.sub(r"^https?://", "", url).rstrip("/")


# --- DOCX ----------------------------------------------------------------------------------

_LIST_STYLES = {"bullet_list": "List Bullet", "ordered_list": "List Number"}
_BREAKS = re.compile(r"[\t\n\r]")  # what python-docx turns into w:tab and w:br
# Every style write_docx can give a paragraph or a run: each DOCX layout defines them all
# (scripts/make_docx_templates.py keeps them when it trims the layouts' styles).
DOCX_STYLES = (
    *(f"Heading {level}" for level in range(1, 7)),
    *(f"List {kind}{n}" for kind in ("Bullet", "Number", "Continue") for n in ("", " 2", " 3")),
    "Quote",
    "Hyperlink",
)


def to_subdoc(template: Any, text: str, shift: int = 0) -> Any:
    """Body text as a docxtpl Subdoc of ``template``, using the template's own styles."""
    subdoc = template.new_subdoc()
    write_docx(subdoc, text, shift)
    return subdoc


def write_docx(container: Any, text: str, shift: int = 0) -> None:
    """Append body text to a python-docx container (Document or Subdoc)."""
    lists: list[str] = []  # open list kinds, innermost last
    quote = 0
    item_started = False
    heading: int | None = None
    for token in _shifted(_tokens(text), shift):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(kind.removesuffix("_open"))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_started = True
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "heading_open":
            heading = int(token.tag[1])
        elif kind == "heading_close":
            heading = None
        elif kind == "inline":
            if heading:
                style = f"Heading {heading}"
            elif lists:
                base = _LIST_STYLES[lists[-1]]
                depth = len(lists)
                style = (
                    (base if depth == 1 else f"{base} {min(depth, 3)}")
                    if item_started
                    else ("List Continue" if depth == 1 else f"List Continue {min(depth, 3)}")
                )
                item_started = False
            elif quote:
                style = "Quote"
            else:
                style = None
            paragraph = container.add_paragraph(style=style)
            _add_inline(paragraph, token.children or [])
        elif kind in ("hr",):
            container.add_paragraph("")


def _add_inline(paragraph: Any, children: list[Token]) -> None:
    bold = italic = False
    link: str | None = None
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind == "link_open":
            link = str(child.attrs.get("href", ""))
        elif kind == "link_close":
            link = None
        elif kind in ("text", "code_inline", "softbreak", "hardbreak"):
            if kind == "hardbreak":
                paragraph.add_run().add_break()
                continue
            content = " " if kind == "softbreak" else child.content
            if link:
                _add_hyperlink(paragraph, link, content, bold, italic)
            else:
                run = _add_run(paragraph, content)
                run.bold = bold or None
                run.italic = italic or None


def _add_run(paragraph: Any, text: str) -> Any:
    """``paragraph.add_run(text)``, the same XML: python-docx walks the text character by
    character for tabs and line breaks; a text without them is one ``w:t`` (a tenth of the
    time of a Markdown field, which is most of a contract's body)."""
    run = paragraph.add_run()
    if _BREAKS.search(text):
        run.text = text
    elif text:
        run.element.add_t(text)
    return run


def _add_hyperlink(paragraph: Any, url: str, text: str, bold: bool, italic: bool) -> None:
    """A real Word hyperlink (python-docx has no public API for one)."""
    rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    for flag, tag in ((bold, "w:b"), (italic, "w:i")):
        if flag:
            props.append(OxmlElement(tag))
    run.append(props)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    hyperlink.append(run)
    internals.paragraph_element(paragraph).append(hyperlink)
