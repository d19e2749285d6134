"""The text of a rendered document, paragraph by paragraph, as a reader sees it.

A document's HTML (the same the PDF is laid out from) is read into :class:`Block` s: each
paragraph, heading, list item, table cell or address line with its text, and the Word style
that says what it is (``Heading 2``, ``List Bullet``…). Reading the filled layout rather
than the view's data makes every kind of document comparable the same way, with exactly the
words its PDF prints: letterhead, address, date, body, signatures, enclosures.
"""

from __future__ import annotations

import re

import lxml.html

from brevgen.diff.paragraphs import Block

# Elements that start and end a paragraph of their own.
_BLOCKS = set(
    "address article aside blockquote body dd details div dl dt figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary table tbody "
    "td tfoot th thead tr ul caption".split()
)
_SKIP = {"head", "script", "style", "template", "title", "meta", "link"}
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space (a non-breaking space stays)
_LEVELS = 3  # Word's list styles go three deep: List Bullet, List Bullet 2, List Bullet 3


def blocks(source: str) -> list[Block]:
    """The paragraphs of an HTML document's body, in reading order."""
    root = lxml.html.document_fromstring(source)
    body = root.find("body")
    reader = _Reader()
    reader.element(body if body is not None else root, "")
    reader.flush()
    return reader.out


def _style(element, inherited: str) -> str:
    tag = element.tag
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return f"Heading {tag[1]}"
    if tag == "li":
        lists = [a.tag for a in element.iterancestors() if a.tag in ("ul", "ol")]
        kind = "List Number" if lists and lists[0] == "ol" else "List Bullet"
        depth = min(len(lists), _LEVELS)
        return kind if depth <= 1 else f"{kind} {depth}"
    if tag == "blockquote":
        return "Quote"
    return inherited


class _Reader:
    def __init__(self) -> None:
        self.out: list[Block] = []
        self.buffer: list[str] = []
        self.style = ""

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.buffer)).strip(" ")
        self.buffer = []
        if text:
            self.out.append(Block(self.style, text))

    def element(self, element, inherited: str) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in _SKIP or element.get("aria-hidden") == "true":
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCKS
        outer = self.style
        if block:
            self.flush()
            self.style = _style(element, inherited)
        if element.text:
            self.buffer.append(element.text)
        for child in element:
            self.element(child, self.style)
            if child.tail:
                self.buffer.append(child.tail)
        if block:
            self.flush()
            self.style = outer
