"""Views: every document brevgen makes, as the one model all builders take.

A :class:`View` is a layout name, metadata and a context of Danish keys in which every
content text has had its merge fields filled. The view builders live beside it, one module
per kind of document: ``letters`` (letters and their appendices), ``publications`` (web page,
brochure), ``contracts`` (one contract per register row). ``merge`` fills merge fields and
``contacts`` formats the address and contact lines they share.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class View:
    """One document to render: layout, metadata and template context."""

    layout: str  # template base name: brev, bilag, kontrakt, side, brochure, rapport
    slug: str  # file stem: brev, bilag-1
    title: str
    date: dt.date
    author: str
    context: dict[str, Any] = field(compare=False)
    inputs: tuple[str, ...] = ()  # content files it was made from (for the manifest)

    def template_context(self) -> dict[str, Any]:
        meta = {
            "titel": self.title,
            "dato": self.date,
            "forfatter": self.author,
            "art": self.layout,
            "fod": self.context.get("_fod", self.author),
        }
        return {**self.context, "dokument": meta}

    @cached_property
    def key(self) -> str:
        """SHA-256 of everything a layout can show: equal keys render alike.

        Computed once (and carried along when the view is sent to a worker process).
        """
        context = json.dumps(
            self.template_context(), sort_keys=True, default=str, ensure_ascii=False
        )
        return hashlib.sha256(f"{self.layout}|{context}".encode()).hexdigest()


@dataclass(frozen=True)
class Mailing:
    """One recipient's letter with the appendices that go with it."""

    recipient_slug: str
    letter: View
    appendices: tuple[View, ...]


__all__ = ["Mailing", "View"]
