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
from docx.shared import Twips
from markdown_it import MarkdownIt
from markdown_it.token import Token

from brevgen import internals
from brevgen.typography import SHY, typeset


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


# The class of a paragraph that introduces a list ("Der er indgået aftale med:"): it stays
# on the page of the list's first items (style.css; keep-with-next in Word).
LEADS_IN = "foer-liste"
_LISTS = ("bullet_list_open", "ordered_list_open")


# An e-mail or web address written as text: it becomes a link in the PDF and in Word.
_ADDRESS = re.compile(
    r"(?<![\w.@/-])(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://[^\s<>()\[\]]+"
    r"|www\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>()\[\]]*)?)"
    r"(?<![.,;:!?”’\"'])"
)


def _href(address: str) -> str:
    if "://" in address:
        return address
    return f"mailto:{address}" if "@" in address and "/" not in address else f"https://{address}"


def _linked(children: list[Token]) -> list[Token]:
    """Inline tokens with every address in plain text made a link (not inside a link)."""
    out: list[Token] = []
    in_link = 0
    for child in children:
        if child.type == "link_open":
            in_link += 1
        elif child.type == "link_close":
            in_link -= 1
        if child.type != "text" or in_link or not _ADDRESS.search(child.content):
            out.append(child)
            continue
        position = 0
        for match in _ADDRESS.finditer(child.content):
            if match.start() > position:
                out.append(_text(child, child.content[position : match.start()]))
            opening = Token("link_open", "a", 1)
            opening.attrSet("href", _href(match.group(0)))
            out += [opening, _text(child, match.group(0)), Token("link_close", "a", -1)]
            position = match.end()
        if position < len(child.content):
            out.append(_text(child, child.content[position:]))
    return out


def _text(like: Token, content: str) -> Token:
    token = like.copy()
    token.content = content
    return token


@lru_cache(maxsize=512)
def _tokens(text: str) -> tuple[Token, ...]:
    tokens = _parser().parse(text)
    heading = False
    for index, token in enumerate(tokens):
        heading = token.type == "heading_open" or (heading and token.type == "inline")
        if token.children:
            token.children = _linked(token.children)
        in_link = False  # an address is shown as written
        for child in token.children or []:
            in_link = child.type == "link_open" or (in_link and child.type != "link_close")
            if child.type == "text" and not in_link:
                child.content = typeset(child.content, soft=not heading)
        if (
            token.type == "paragraph_open"
            and not token.hidden
            and index + 3 < len(tokens)
            and tokens[index + 3].type in _LISTS
        ):
            token.attrSet("class", LEADS_IN)
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


# A number range ("3–6") is not broken at its dash.
_RANGE = re.compile(r"\d+–\d+")


def to_html(text: str, shift: int = 0) -> str:
    """Body text as an HTML fragment; ``shift`` moves heading levels down."""
    parser = _parser()
    html = parser.renderer.render(_shifted(_tokens(text), shift), parser.options, {})
    return _RANGE.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>', html)


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


# Word's measures of the layouts' CSS (templates/html/style.css), in twentieths of a point.
LIST_INDENT = 294  # ul, ol { padding-left: 1.4em } at 10.5 pt
LIST_END = 168  # ul, ol { margin-bottom: 0.8em }: after a list's last item
QUOTE_INDENT = 267  # blockquote { padding-left: 4mm } and its 2 pt rule
QUOTE_RULE = {"w:val": "single", "w:sz": "16", "w:space": "11", "w:color": "C9D8DE"}
# What follows w:pBdr in a paragraph's properties (CT_PPrBase, ECMA-376 Part 1 §17.3.1.26):
# Word rejects a file whose properties are out of this order.
AFTER_BORDERS = tuple(
    f"w:{name}"
    for name in (
        "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
        "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
        "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId "
        "cnfStyle rPr sectPr pPrChange"
    ).split()
)


def paragraph_border(paragraph: Any, side: str, attributes: dict[str, str]) -> None:
    """A rule on one ``side`` (top, left, bottom) of a python-docx paragraph."""
    props = internals.paragraph_element(paragraph).get_or_add_pPr()
    borders = props.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        props.insert_element_before(borders, *AFTER_BORDERS)
    rule = OxmlElement(f"w:{side}")
    for name, value in attributes.items():
        rule.set(qn(name), value)
    borders.append(rule)


def write_docx(container: Any, text: str, shift: int = 0) -> None:
    """Append body text to a python-docx container (Document or Subdoc).

    The pages break as in the PDF (style.css): a paragraph that leads into a list keeps with
    it, a list keeps its first two and its last two items together, and a list inside a
    quote keeps the quote's indent and rule.
    """
    lists: list[str] = []  # open list kinds, innermost last
    items: list[list[Any]] = []  # per open list: the last paragraph of each item so far
    quote = 0
    item_started = False
    leads_in = False
    heading: int | None = None
    for token in _shifted(_tokens(text), shift):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(kind.removesuffix("_open"))
            items.append([])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            _keep_list_together(items.pop(), outer=not lists)
        elif kind == "list_item_open":
            item_started = True
            items[-1].append(None)
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "heading_open":
            heading = int(token.tag[1])
        elif kind == "heading_close":
            heading = None
        elif kind == "paragraph_open":
            leads_in = token.attrGet("class") == LEADS_IN
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
            if lists:
                items[-1][-1] = paragraph
                if quote:
                    _quoted_item(paragraph, len(lists))
            if leads_in and not lists:
                paragraph.paragraph_format.keep_with_next = True
            _add_inline(paragraph, token.children or [])
        elif kind in ("hr",):
            container.add_paragraph("")


def _keep_list_together(items: list[Any], outer: bool) -> None:
    """A list is never cut after its first item or before its last (as ``li`` in the CSS);
    the last item of a list that is not inside another has the list's space after it."""
    items = [p for p in items if p is not None]
    if len(items) >= 2:
        items[0].paragraph_format.keep_with_next = True
        items[-2].paragraph_format.keep_with_next = True
    if items and outer:
        items[-1].paragraph_format.space_after = Twips(LIST_END)


def _quoted_item(paragraph: Any, depth: int) -> None:
    """A list item inside a quote: the list's indent inside the quote's, with its rule."""
    paragraph.paragraph_format.left_indent = Twips(QUOTE_INDENT + LIST_INDENT * depth)
    paragraph.paragraph_format.first_line_indent = Twips(-LIST_INDENT)
    paragraph_border(paragraph, "left", QUOTE_RULE)


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
