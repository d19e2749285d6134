"""Every merge field of a document checked against its context, each text on its own.

Rendering a document stops at its first bad merge field; a check before rendering reports
every text that fails, so one run shows them all, together with the problems found while
loading and cross-checking the content (:func:`brevgen.content.project.load_project`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from brevgen.content.context import mail_context, merge_context, recipients
from brevgen.content.models import Appendix, Letter, Mail
from brevgen.errors import ContentError, Problem
from brevgen.templating import render_text


def text_locations(model: Any) -> Iterator[tuple]:
    """Where the merged texts of a letter or an appendix stand (keys as in the YAML)."""
    if isinstance(model, Letter | Appendix):
        yield ("titel",)
        yield ("tekst",)
    if isinstance(model, Mail):
        yield ("emne",)
        yield ("tekst",)
    if isinstance(model, Appendix):
        for i, section in enumerate(model.providers):
            for j, _ in enumerate(section.sections):
                yield ("udbydere", i, "afsnit", j, "overskrift")
                yield ("udbydere", i, "afsnit", j, "tekst")


def _text(model: Any, loc: tuple) -> Any:
    node: Any = model
    names = {"titel": "title", "tekst": "body", "overskrift": "heading", "emne": "subject"}
    for part in loc:
        if isinstance(part, int):
            node = node[part]
        else:
            node = getattr(node, {"udbydere": "providers", "afsnit": "sections"}.get(part, "")
                           or names[part])  # fmt: skip
    return node


def merge_field_problems(doc, context: dict[str, Any], locs=None) -> list[Problem]:
    """The merge-field problems of every text of ``doc`` (a SourcedDocument) in
    ``context``: each text is rendered on its own with StrictUndefined, so a bad field in
    one text does not hide another's. ``locs``: the texts to check (default: all of a
    letter's or appendix's)."""
    problems: list[Problem] = []
    for loc in text_locations(doc.model) if locs is None else locs:
        text = _text(doc.model, loc)
        if not isinstance(text, str) or "{" not in text:
            continue
        try:
            render_text(text, context, (doc.source, loc))
        except ContentError as exc:
            problems.extend(exc.problems)
    return problems


def project_merge_problems(project) -> list[Problem]:
    """Merge-field problems of every letter and appendix of the project's rounds.

    A letter is checked with its first recipient (every recipient has the same names). The
    context is the one the documents are rendered with (``brevgen.content.context``);
    contracts, pages and brochures are checked where their views are made.
    """

    problems: list[Problem] = []
    for rnd in project.rounds.values():
        dropped = getattr(rnd, "dropped", set())
        for doc in rnd.documents.values():
            if not isinstance(doc.model, Letter | Appendix | Mail):
                continue
            try:
                if isinstance(doc.model, Mail):
                    context = _mail_context(project, rnd, doc)
                else:
                    letter = doc.model if isinstance(doc.model, Letter) else None
                    people = recipients(project, letter) if letter else []
                    context = merge_context(project, rnd, people[0] if people else None)
            except (KeyError, AttributeError, TypeError, IndexError):
                continue  # an unknown id, reported by the reference check
            if context is None:
                continue

            problems.extend(
                p
                for p in merge_field_problems(doc, context)
                # A key of runde.yaml that failed to load was left out; not reported twice.
                if not any(f"'runde.{key}" in p.message for key in dropped)
            )
    return problems


def _mail_context(project, rnd, doc) -> dict[str, Any] | None:
    """A covering e-mail's names, with its letter's first recipient; None when the letter it
    names is not there (reported by the reference check)."""
    from brevgen.content.addresses import covered_letter

    letter_doc = covered_letter(rnd, doc)
    if letter_doc is None:
        return None
    letter = letter_doc.model
    people = recipients(project, letter)
    recipient = {**people[0], "email": None} if people else {}
    fields = {"titel": letter.title, "dato": letter.date, "emne_praefiks": letter.subject_prefix}
    return mail_context(project, rnd, recipient, fields, doc.model.sender)
