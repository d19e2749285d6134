"""Texts compared word by word and documents paragraph by paragraph (brevgen.diff), and the
paragraphs read from a rendered document (brevgen.render.text)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from brevgen.diff.paragraphs import Block, align
from brevgen.diff.words import Piece, compare, text_of
from brevgen.render.text import blocks

REPO = Path(__file__).resolve().parents[1]
# Few words, so that two texts share some and differ in some.
WORDS = st.sampled_from(
    ["Alectia", "og", "CBS", "NIRAS-Joblife", "1.\u00a0april", "2016,", "arbejds\u00admiljø", "."]
)
TEXTS = st.lists(st.one_of(WORDS, st.sampled_from([" ", "  ", "\n"])), max_size=12).map("".join)
STYLES = st.sampled_from(["", "Heading 1", "List Bullet", "Quote"])
BLOCKS = st.lists(st.builds(Block, STYLES, TEXTS.filter(bool)), max_size=8)


@given(TEXTS, TEXTS)
@example("Alectia og CBS samt RUC", "NIRAS-Joblife samt RUC")
@example("", "ny")
def test_the_pieces_give_both_texts_back(a, b):
    pieces = compare(a, b)
    assert text_of(pieces, "a") == a
    assert text_of(pieces, "b") == b
    assert all(p.text for p in pieces)


def test_a_change_reads_as_whole_words():
    assert compare("Alectia og CBS samt RUC", "NIRAS-Joblife samt RUC") == [
        Piece("del", "Alectia og CBS"),
        Piece("ins", "NIRAS-Joblife"),
        Piece("same", " samt RUC"),
    ]
    pieces = compare(
        "fra 1. april 2016 til 31. marts 2018.", "fra 7. januar 2019 til 31. marts 2021."
    )
    assert [p.text for p in pieces if p.kind == "del"] == ["1. april 2016", "2018"]
    assert [p.text for p in pieces if p.kind == "ins"] == ["7. januar 2019", "2021"]


@given(BLOCKS, BLOCKS)
@example([Block("", "a")], [])
@example([], [Block("List Bullet", "b")])
def test_aligned_paragraphs_give_both_documents_back(a, b):
    paragraphs = align(a, b)
    # A changed paragraph pairs two of one style, so every paragraph has one style.
    before = [Block(p.style, p.text("a")) for p in paragraphs if p.text("a") is not None]
    after = [Block(p.style, p.text("b")) for p in paragraphs if p.text("b") is not None]
    assert before == a
    assert after == b


def test_similar_paragraphs_pair_and_others_do_not():
    a = [Block("", "Vi har aftaler med fire udbydere."), Block("List Bullet", "Alectia")]
    b = [Block("", "Vi har aftaler med tre udbydere."), Block("List Bullet", "NIRAS-Joblife")]
    kinds = [p.kind for p in align(a, b)]
    assert kinds == ["changed", "del", "ins"]


def test_a_rendered_letter_reads_as_its_paragraphs_with_their_styles():
    html = """<html><head><title>t</title><style>p{}</style></head><body>
    <header><p>Forhandlingsfællesskabet</p></header>
    <address>Hovedudvalget<br>Kongens Vænge 2</address>
    <h1>Vedr.: <span>Et bedre</span> arbejdsmiljø</h1>
    <p>Tekst med <strong>fed</strong>
       og et linjeskift.</p>
    <ul><li>Organisatoriske forandringer<ul><li>under</li></ul></li></ul>
    <ol><li><p>nummer</p></li></ol>
    <blockquote><p>citat</p></blockquote>
    <p>a <span aria-hidden="true">·</span> b</p>
    </body></html>"""
    assert blocks(html) == [
        Block("", "Forhandlingsfællesskabet"),
        Block("", "Hovedudvalget"),
        Block("", "Kongens Vænge 2"),
        Block("Heading 1", "Vedr.: Et bedre arbejdsmiljø"),
        Block("", "Tekst med fed og et linjeskift."),
        Block("List Bullet", "Organisatoriske forandringer"),
        Block("List Bullet 2", "under"),
        Block("List Number", "nummer"),
        Block("Quote", "citat"),
        Block("", "a b"),
    ]
