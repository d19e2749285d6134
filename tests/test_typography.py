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
    # A number keeps its unit, an ordinal its period ("3. kvartal", "4 uger")...
    assert typeset("i 3 uger") == f"i 3{NBSP}uger"
    assert typeset("i 3. kvartal") == f"i 3.{NBSP}kvartal"
    assert typeset("højst 25 % af 6 timer") == f"højst 25{NBSP}% af 6{NBSP}timer"
    # ...but a number that is no date, amount or measure keeps its ordinary space.
    assert typeset("de 3 temaer") == "de 3 temaer"
    assert typeset("Region 2 og 3") == "Region 2 og 3"


def test_number_ranges_get_an_en_dash_before_their_unit():
    assert typeset("igen 3-6 måneder efter") == f"igen 3–6{NBSP}måneder efter"
    assert typeset("1 - 2 timer") == f"1–2{NBSP}timer"
    # A case number, a phone number, an address or a date is no range.
    for text in ("sag 18-0388.7", "Nordre Ringvej 29-67", "2016-03-14", "tlf. 3347-0617"):
        assert typeset(text) == text


def test_straight_quotation_marks_become_the_danish_ones_the_texts_use():
    assert typeset('kaldet "forandringsagent" her') == "kaldet ”forandringsagent” her"
    assert typeset("et ”citat”") == "et ”citat”"


def test_a_short_word_after_a_dash_stays_with_the_next():
    assert typeset("inspiration – en kort præsentation") == (
        f"inspiration{NBSP}– en{NBSP}kort præsentation"
    )
    assert typeset("2016 – 31. marts") == f"2016{NBSP}– 31.{NBSP}marts"


def test_headings_get_no_soft_hyphens_and_ranges_do_not_break():
    html = to_html("## Hovedudvalget og arbejdsmiljøet\n\nHovedudvalget i 3-6 måneder")
    heading, body = html.split("</h2>")
    assert SHY not in heading and NBSP not in heading.replace("Hovedudvalget og", "")
    assert f"Hoved{SHY}udvalget" in body
    assert '<span class="nobr">3–6</span>' in body


def test_addresses_in_text_become_links():
    html = to_html(
        "Skriv til nfa@arbejdsmiljoforskning.dk eller se www.ruc.dk/om. Eller [her](mailto:a@b.dk)."
    )
    assert '<a href="mailto:nfa@arbejdsmiljoforskning.dk">nfa@arbejdsmiljoforskning.dk</a>' in html
    assert '<a href="https://www.ruc.dk/om">www.ruc.dk/om</a>.' in html
    assert html.count("<a ") == 3
    assert "<a" not in to_html("KL's hjemmeside, www.personaleweb, samt jobportaler")


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
