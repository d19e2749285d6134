"""Danish typesetting: soft hyphens at compound joints, non-breaking spaces, Babel formats."""

from __future__ import annotations

import datetime as dt

from brevgen.formatting import beloeb, dato, tal, telefon
from brevgen.markup import to_html
from brevgen.typography import typeset

SHY, NBSP = "\u00ad", "\u00a0"


def test_soft_hyphens_keep_capitals():
    assert typeset("Hovedudvalget") == f"Hoved{SHY}udvalget"
    assert typeset("ekspertrådgivning") == f"ekspert{SHY}råd{SHY}givning"
    assert typeset("ARBEJDSMILJØ") == f"ARBEJDS{SHY}MILJØ"


def test_non_breaking_spaces():
    assert typeset("kr. 900.000 inkl. moms") == f"kr.{NBSP}900.000 inkl. moms"
    assert typeset("efter § 3") == f"efter §{NBSP}3"
    assert typeset("den 1. april 2016") == f"den 1.{NBSP}april 2016"
    assert typeset("tlf. 35 29 82 30") == f"tlf. 35{NBSP}29{NBSP}82{NBSP}30"
    # A number that is no date or amount keeps its ordinary space.
    assert typeset("i 3 uger") == "i 3 uger"


def test_markup_typesets_text_but_not_addresses():
    html = to_html("Hovedudvalget skriver til [hc@forhandlingsfaellesskabet.dk](mailto:x).")
    assert f"Hoved{SHY}udvalget" in html
    assert ">hc@forhandlingsfaellesskabet.dk<" in html


def test_babel_formats():
    assert dato(dt.date(2019, 1, 7)) == f"7.{NBSP}januar 2019"
    assert dato(dt.date(2019, 1, 7), "kort") == "07.01.2019"
    assert beloeb(900000) == f"900.000{NBSP}kr."
    assert beloeb(45000.5, decimals=True) == f"45.000,50{NBSP}kr."
    assert tal(1234.5) == "1.234,5"
    assert telefon("3347 0617") == f"33{NBSP}47{NBSP}06{NBSP}17"
    assert telefon("+45 6093 5069") == f"60{NBSP}93{NBSP}50{NBSP}69"
    assert telefon("ukendt") == "ukendt"


def test_shorten_metadata_at_a_word():
    from brevgen.formatting import shorten

    assert (
        shorten("Lokal kontrakt, sagsnr. 2016-R-014", 255) == "Lokal kontrakt, sagsnr. 2016-R-014"
    )
    assert (
        shorten("Rigshospitalet og Det Nationale Forskningscenter", 30) == "Rigshospitalet og Det…"
    )
    assert shorten("x" * 300, 255) == "x" * 254 + "…"
    assert len(shorten("Kaffe & Kage " * 40, 255)) <= 255
    assert shorten("a  b\nc", 10) == "a  b\nc"  # fits: unchanged
    assert shorten("ord\n" * 10, 10) == "ord ord…"
