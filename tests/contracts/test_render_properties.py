"""Property-based, rendered: an issued row with any characters the fonts cover renders to a
DOCX that opens and a PDF that passes the check (no missing glyph, no WeasyPrint warning).

A handful of examples only (each renders a contract); the lead's engine adds more.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from hypothesis import example, given, settings
from hypothesis import strategies as st

from brevgen.content.project import load_project
from brevgen.contracts import process
from brevgen.fonts import NO_GLYPH
from brevgen.plans.contracts import identity, prepare
from brevgen.render import Options, Renderer
from helpers import REPO
from register_rows import good_row, write_workbook

ROUND = "ok15-regioner"
PROJECT = load_project(REPO, ROUND)


@pytest.fixture(scope="module")
def renderer():
    return Renderer(REPO / "templates", Options())


def printable_text():
    from brevgen.contracts.round_terms import round_terms

    covered = sorted(round_terms(PROJECT, PROJECT.rounds[ROUND]).printable | NO_GLYPH)
    chars = st.sampled_from(covered).map(chr).filter(lambda c: c.isprintable() or c in "\u200d")
    return st.text(chars, min_size=1, max_size=40).filter(lambda t: t.strip())


def render(tmp_path: Path, renderer, **cells) -> None:
    path = write_workbook(tmp_path / "r.xlsx", [good_row(**cells)])
    prepared = prepare(PROJECT, ROUND, path)
    (issued,) = prepared.outcome.issued
    view = prepared.views.view(issued)
    docx = renderer.render("docx", [view], "")
    pdf = renderer.render("pdf", [view], identity(ROUND, issued))  # checked inside
    Document(io.BytesIO(docx))  # opens
    assert pdf.startswith(b"%PDF-")  # and passed brevgen.pdfcheck inside render()


@settings(max_examples=5)
@given(workplace=printable_text(), manager=printable_text(), goal=printable_text())
@example(
    workplace="مستشفى \u200cالملك\u200d فهد",
    manager="\u200fדוד כהן\u200e 👩\u200d⚕️ 👍🏽",
    goal="Ωμέγα Жизнь ★ ⠿ ♟ ǅ Łódź Nguyễn 45.000\u00a0kr. 3\u202f000",
)
def test_printable_rows_render(tmp_path_factory, renderer, workplace, manager, goal):
    tmp_path = tmp_path_factory.mktemp("render")
    cells = {"workplace": workplace, "manager": manager, "expected_outcome": goal}
    path = write_workbook(tmp_path / "r.xlsx", [good_row(**cells)])
    if process(path, _terms()).counts.issued != 1:
        return  # a value the register refuses (e.g. a formula-looking text) is not rendered
    render(tmp_path, renderer, **cells)


def _terms():
    from brevgen.contracts.round_terms import round_terms

    return round_terms(PROJECT, PROJECT.rounds[ROUND])
