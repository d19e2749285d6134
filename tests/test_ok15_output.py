"""The OK15 regional round built from the real content: the generated files say what the
parties' letter and appendices said, word for word, in both PDF and DOCX (with the
corrections listed in tests/sources/rettelser.yaml)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

import corrections
from brevgen.commands.build import build
from helpers import REPO, docx_text, make_project, pdf_text
from textnorm import source_text, words

SOURCES = REPO / "tests" / "sources"
REGIONS = {
    "region-hovedstaden": (
        "Hovedudvalget i Region Hovedstaden",
        "Kongens Vænge 2",
        "3400 Hillerød",
    ),
    "region-sjaelland": ("Hovedudvalget i Region Sjælland", "Alléen 15", "4180 Sorø"),
    "region-syddanmark": ("Hovedudvalget i Region Syddanmark", "Damhaven 12", "7100 Vejle"),
    "region-midtjylland": ("Hovedudvalget i Region Midtjylland", "Skottenborg 26", "8800 Viborg"),
    "region-nordjylland": (
        "Hovedudvalget i Region Nordjylland",
        "Niels Bohrs Vej 30",
        "9220 Aalborg Øst",
    ),
}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("ok15"), real_content=True)
    build(root, root / "build", "ok15-regioner")
    return root / "build" / "ok15-regioner"


def texts(path_without_suffix: Path) -> dict[str, str]:
    """PDF and DOCX text of one document, soft hyphens and list glyphs removed."""
    found = {
        "pdf": pdf_text(path_without_suffix.with_suffix(".pdf")),
        "docx": docx_text(path_without_suffix.with_suffix(".docx")),
    }
    return {
        k: v.replace("\u00ad", "").replace("•", " ").replace("◦", " ") for k, v in found.items()
    }


def source_words(name: str) -> str:
    """A source's words, one space apart, with the corrections listed for it."""
    joined = " ".join(words(source_text(SOURCES / name)))
    return corrections.apply(joined, name, lambda text: " ".join(words(text)))


def differences(source: str, generated: str) -> list[tuple[str, str]]:
    a, b = source.split(), words(generated)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [
        (" ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def test_every_region_gets_its_letter_and_appendices(out):
    for slug, (committee, street, town) in REGIONS.items():
        folder = out / slug
        assert sorted(p.name for p in folder.iterdir()) == [
            "bilag-1.docx",
            "bilag-1.pdf",
            "bilag-2.docx",
            "bilag-2.pdf",
            "brev-med-bilag.pdf",
            "brev.docx",
            "brev.pdf",
        ]
        for text in texts(folder / "brev").values():
            head = text.split("Et bedre psykisk")[0]
            assert [committee, street, town] == [
                line.strip()
                for line in head.splitlines()
                if line.strip() in (committee, street, town)
            ]
            assert "14. marts 2016" in text.replace("\u00a0", " ")


def test_letter_body_matches_the_source_word_for_word(out):
    source = source_words("ok15-brev.txt").split("Med venlig hilsen")[0]
    for fmt, text in texts(out / "region-syddanmark" / "brev").items():
        body = text.split("Med venlig hilsen")[0]
        body = body[body.index("Danske Regioner og Forhandlingsfællesskabet blev") :]
        assert differences(source, body) == [], fmt


def test_letter_signatures_contacts_and_enclosures(out):
    for fmt, text in texts(out / "region-midtjylland" / "brev").items():
        closing = words(text.split("Med venlig hilsen")[1])
        assert " ".join(closing) == (
            "Anders Kühnau Danske Regioner Formand for Løn- og Praksisudvalget "
            "Anders Bondo Christensen Forhandlingsfællesskabet Formand "
            "Grete Christensen Forhandlingsfællesskabet Forhandlingsleder på det regionale område "
            "Bilag "
            "Bilag 1: Vilkår for at rekvirere ekspertrådgivning eller inspiration "
            "Bilag 2: En kort oversigt over, hvad udbyderne kan tilbyde i forhold til "
            "ekspertrådgivning og inspiration til et bedre psykisk arbejdsmiljø"
        ), fmt
        flat = " ".join(words(text))
        assert (
            "Laura Thors Calaña, Danske Regioner, tlf. 35 29 82 30, e-mail: ltc@regioner.dk" in flat
        )
        assert "tlf. 33 47 06 17, e-mail: hc@forhandlingsfaellesskabet.dk" in flat


def test_appendix_1_matches_the_source_word_for_word(out):
    source = source_words("ok15-bilag-1.txt")
    for fmt, text in texts(out / "region-sjaelland" / "bilag-1").items():
        # The title reads "Bilag 1: Vilkår …", as the letter lists it and the bookmark says.
        assert differences(source, text) == [("1", "1:")], fmt


def test_appendix_2_differs_from_the_source_only_in_contact_formatting(out):
    source = source_words("ok15-bilag-2.txt")
    expected = [
        ("2 -", "2:"),  # "Bilag 2 - En kort oversigt": the title reads "Bilag 2: En kort …"
        ("105,", "105"),
        ("Telefon:39", "Telefon: 39"),
        # The extraction took NFA's web line for a link target and dropped it.
        ("", "www.arbejdsmiljoforskning.dk/da"),
        ("3916 5330,", "39 16 53 30,"),
        ("Telefon.: 3815 3815", "Telefon: 38 15 38 15"),
        ("CBS er", ""),
        ("tlf. 3815 3656,", "38 15 36 56,"),
        ("Søllerød", ""),
        ("Telefon", "Telefon:"),
        ("mobil", ""),
        ("109 709, mail:", "10 97 09,"),
        ("Telefon", "Telefon:"),
        ("Kontakt:", "Kontaktperson:"),
        ("hh@ruc.dk. Mobil: +45 6093 5069", "60 93 50 69, hh@ruc.dk"),
    ]
    for fmt, text in texts(out / "region-hovedstaden" / "bilag-2").items():
        assert differences(source, text) == expected, fmt


def test_appendix_2_names_every_provider_with_contact_block(out):
    for text in texts(out / "region-nordjylland" / "bilag-2").values():
        flat = " ".join(text.replace("\u00a0", " ").split())
        for heading, contact in (
            (
                "1. Det Nationale Forskningscenter for Arbejdsmiljø, NFA",
                "Kontaktperson: Rikki Hørsted, 39 16 53 30, rih@vfa.dk",
            ),
            (
                "2. Copenhagen Business School (CBS)",
                "Kontaktperson: Henrik Hermansen, 38 15 36 56, heh.mpp@cbs.dk",
            ),
            ("3. Alectia A/S", "Kontaktperson: Mette Skau, 30 10 97 09, mesk@alectia.com"),
            ("4. Roskilde Universitet, RUC", "Kontaktperson: Helge Hvid, 60 93 50 69, hh@ruc.dk"),
        ):
            assert heading in flat and contact in flat


def test_combined_pdf_has_all_pages_and_bookmarks(out):
    from pypdf import PdfReader

    folder = out / "region-syddanmark"
    pages = {
        stem: len(PdfReader(str(folder / f"{stem}.pdf")).pages)
        for stem in ("brev", "bilag-1", "bilag-2", "brev-med-bilag")
    }
    assert pages["brev-med-bilag"] == pages["brev"] + pages["bilag-1"] + pages["bilag-2"]
    outline = PdfReader(str(folder / "brev-med-bilag.pdf")).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top[0].startswith("Et bedre psykisk arbejdsmiljø")
    assert any(t.startswith("Bilag 1") for t in top) and any(t.startswith("Bilag 2") for t in top)
