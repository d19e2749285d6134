"""Merge fields filled: a content text with the values of its context (names: content.context)."""

from __future__ import annotations

from brevgen.content.project import SourcedDocument
from brevgen.markup import inline_plain
from brevgen.templating import render_text
from brevgen.typography import SHY


def merge_text(text: str, context: dict, doc: SourcedDocument, loc: tuple) -> str:
    """A content text (Markdown) with its merge fields filled; errors point at ``loc``."""
    return render_text(text, context, (doc.source, loc))


def merge_line(text: str, context: dict, doc: SourcedDocument, loc: tuple) -> str:
    """A merged one-line text (title, heading) as plain text for any format.

    Plain means no Markdown and no soft hyphens: a title also names the file, the PDF's
    bookmarks and the Word document's properties.
    """
    return inline_plain(merge_text(text, context, doc, loc)).replace(SHY, "")
