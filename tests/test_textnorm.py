"""The normaliser removes extraction artefacts and nothing that belongs to the wording."""

from pathlib import Path

from textnorm import source_text, words

SOURCES = Path(__file__).resolve().parent / "sources"


def test_line_break_hyphenation_is_undone():
    assert words("overenskomst-\nforhandlingerne 2015") == ["overenskomstforhandlingerne", "2015"]
    assert words("arbejdsmiljø-\nrepræsentanter og MED-udvalg") == [
        "arbejdsmiljørepræsentanter",
        "og",
        "MED-udvalg",
    ]


def test_hyphenation_across_a_blank_line_and_a_page_number():
    assert words("Center for sundheds-\n\nfremme") == ["Center", "for", "sundhedsfremme"]
    assert words("indsats-\n 13 \n\nområder") == ["indsatsområder"]


def test_real_hyphens_at_a_line_end_are_kept():
    assert words("ekspertrådgivnings-\nog inspirations-\nindsatsen") == [
        "ekspertrådgivnings-",
        "og",
        "inspirationsindsatsen",
    ]
    assert words("afdelings-MED eller institutions-\nMED") == [
        "afdelings-MED",
        "eller",
        "institutions-MED",
    ]
    assert words("et AT-\npåbud, TR/AMR/HR/-\nkonsulenter") == [
        "et",
        "AT-påbud,",
        "TR/AMR/HR/-konsulenter",
    ]
    assert words("en bindestreg -\nog mere") == ["en", "bindestreg", "-", "og", "mere"]


def test_a_hyphen_before_a_new_bullet_is_not_joined():
    assert words("ledelses-\n• organisation") == ["ledelses-", "organisation"]


def test_bullets_numbers_page_numbers_and_link_targets_are_dropped():
    text = (
        "• organisatoriske forandringer,\n"
        "– vold og trusler.\n"
        "12\n"
        "mailto:ltc@regioner.dk\n"
        "http://www.cbs.dk/\n"
        "1.1. Kontaktoplysninger\n"
        "2.  Copenhagen Business School (CBS)\n"
        "www.cbs.dk\n"
    )
    assert words(text) == [
        "organisatoriske",
        "forandringer,",
        "vold",
        "og",
        "trusler.",
        "Kontaktoplysninger",
        "Copenhagen",
        "Business",
        "School",
        "(CBS)",
        "www.cbs.dk",
    ]


def test_a_date_opening_a_line_is_not_a_list_number():
    assert words("1. april 2016 –\n31. marts 2017") == [
        "1.",
        "april",
        "2016",
        "–",
        "31.",
        "marts",
        "2017",
    ]
    assert words("3. kvartal 2016") == ["3.", "kvartal", "2016"]


def test_spaces_quotes_dashes_and_soft_hyphens_have_one_form():
    assert words("”først til mølle-princippet”") == words('"først til mølle-princippet"')
    assert words("NFA’s kompetencer") == words("NFA's kompetencer")
    assert words("2016 — 2017") == words("2016 – 2017") == ["2016", "–", "2017"]
    assert words("900.000\u00a0kr.\u202finkl.") == ["900.000", "kr.", "inkl."]
    assert words("arbejds\u00admiljø") == ["arbejdsmiljø"]
    assert words("arbejds\u00ad\nmiljø") == ["arbejdsmiljø"]
    assert words("MED\u2010udvalg og arbejds\u2010\nmiljø") == ["MED-udvalg", "og", "arbejdsmiljø"]


def test_source_text_skips_the_comment_line():
    text = source_text(SOURCES / "ok15-bilag-1.txt")
    assert not text.startswith("#")
    assert words(text)[:4] == ["Bilag", "1", "Vilkår", "for"]
    assert words(text)[-3:] == ["foregår", "i", "dag."]


def test_the_letter_source_reads_as_the_parties_wrote_it():
    found = words(source_text(SOURCES / "ok15-brev.txt"))
    assert found[:9] == [
        "Danske",
        "Regioner",
        "og",
        "Forhandlingsfællesskabet",
        "blev",
        "ved",
        "overenskomstforhandlingerne",
        "2015",
        "enige",
    ]
    assert "sundhedsfremme" in found
    assert "arbejdsmiljørepræsentanter" in found
    assert "vælger" in found and "væl-" not in found
