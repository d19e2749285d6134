"""Merge fields: the names content may use, and content texts with them filled."""

from __future__ import annotations

from typing import Any

from brevgen.content.project import Project, Round, SourcedDocument
from brevgen.markup import inline_plain
from brevgen.templating import render_text
from brevgen.typography import SHY


def dump(model: Any) -> Any:
    """A content model as a dict of its Danish keys (None stays None)."""
    return model.model_dump(by_alias=True, mode="python") if model is not None else None


def merge_context(project: Project, rnd: Round, recipient: dict | None) -> dict[str, Any]:
    """The names a merge field in content may use."""
    reg = project.registers
    providers = {}
    for ref in rnd.info.providers:
        data = dump(reg.providers[ref.id])
        if ref.name:
            data["navn"] = ref.name
        data["listenavn"] = ref.list_name or data["navn"]
        providers[ref.id] = data
    themes = [{"id": t.id, "navn": t.name or reg.themes[t.id].name} for t in rnd.info.themes]
    context = {
        "runde": {
            **dump(rnd.info),
            "id": rnd.id,
            "temaer": themes,
            "udbydere": list(providers.values()),
        },
        "personer": {k: dump(v) for k, v in reg.people.items()},
        "parter": {k: dump(v) for k, v in reg.parties.items()},
        "regioner": {k: dump(v) for k, v in reg.regions.items()},
        "udbydere": providers,
        "temaer": themes,
    }
    if recipient is not None:
        context["modtager"] = recipient
    return context


def merge_text(text: str, context: dict, doc: SourcedDocument, loc: tuple) -> str:
    """A content text (Markdown) with its merge fields filled; errors point at ``loc``."""
    return render_text(text, context, (doc.source, loc))


def merge_line(text: str, context: dict, doc: SourcedDocument, loc: tuple) -> str:
    """A merged one-line text (title, heading) as plain text for any format.

    Plain means no Markdown and no soft hyphens: a title also names the file, the PDF's
    bookmarks and the Word document's properties.
    """
    return inline_plain(merge_text(text, context, doc, loc)).replace(SHY, "")
