"""Every Word file brevgen makes is correct, lean and self-contained.

Correct: Word opens it without a repair prompt (the ECMA-376 schemas and Word's own rules,
tests/ooxml_check.py). Lean: a letter carries the styles it uses, not python-docx's whole
default template. Self-contained: Lato is embedded, so a PC without Lato shows the letter in
Lato, and no font comes from a theme. Honest: the metadata names brevgen and counts nothing
it did not count.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from brevgen.markup import DOCX_STYLES
from brevgen.output import zip_entries
from brevgen.pipeline.plan import ViewRef
from brevgen.plans.documents import plan_documents
from brevgen.render import Options
from brevgen.render.docx import DocxBuilder
from brevgen.render.docx_package import app_version
from helpers import REPO, fontconfig_without_lato
from ooxml_check import CORE, R, W, docx_problems, parts, schema_problems, word_problems

FONTS = REPO / "templates" / "fonts"
LAYOUTS = sorted((REPO / "templates" / "docx").glob("*.docx"))
THEME_FONTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
EMBEDS = {
    "embedRegular": "Lato-Regular.ttf",
    "embedBold": "Lato-Bold.ttf",
    "embedItalic": "Lato-Italic.ttf",
    "embedBoldItalic": "Lato-BoldItalic.ttf",
}
# Markdown with everything brevgen.markup turns into Word styles and run properties.
EVERYTHING = """\
Brødtekst med **fed**, *kursiv*, ***begge***, [et link](https://www.regioner.dk) og
[**et fedt link**](mailto:info@regioner.dk).

# Overskrift 1
## Overskrift 2
### Overskrift 3
#### Overskrift 4
##### Overskrift 5
###### Overskrift 6

- punkt
  - underpunkt
    - under-underpunkt

    fortsat afsnit i punktet
1. første
   1. indrykket
      1. mere indrykket

> Et citat med *kursiv*.
"""


def docx_views(round_id: str | None = None) -> dict[str, list]:
    """The views of every DOCX the build makes, by its path without ``.docx``."""
    plan = plan_documents(REPO, Options(), round_id)
    found = {}
    for output in plan.outputs:
        if output.format == "docx":
            found[output.path.removesuffix(".docx")] = [
                plan.sources[p.source].view(p.item) if isinstance(p, ViewRef) else p
                for p in output.parts
            ]
    return found


@pytest.fixture(scope="module")
def documents() -> dict[str, bytes]:
    """Every DOCX of the bundled content, by a readable name: the letters and appendices of
    every round (OK15 regions, the OK18 circular, the KL status letter) and the contracts
    of the sample register."""
    builder = DocxBuilder(REPO / "templates")
    return {name: builder.render(views) for name, views in docx_views().items()}


@pytest.fixture(scope="module")
def everything() -> dict[str, bytes]:
    """Each layout with every Markdown feature in each of its Markdown fields."""
    views = docx_views("ok15-regioner")
    chosen = {
        "brev": views["ok15-regioner/region-hovedstaden/brev"][0],
        "bilag": views["ok15-regioner/region-hovedstaden/bilag-2"][0],
        "kontrakt": next(v[0] for n, v in views.items() if "/kontrakter-eksempel/" in n),
    }
    builder = DocxBuilder(REPO / "templates")
    found = {}
    for name, view in chosen.items():
        context = dict(view.context)
        for key in ("tekst", "indledning", "underskrift"):
            if key in context:
                context[key] = EVERYTHING
        for section in context.get("afsnit", []):
            if isinstance(section, dict) and "tekst" in section:
                section["tekst"] = EVERYTHING
        found[name] = builder.render([dataclasses.replace(view, context=context)])
    return found


def _unique(documents: dict[str, bytes]) -> dict[str, bytes]:
    """One name per distinct file (the five regions' appendices are the same bytes)."""
    seen: dict[bytes, str] = {}
    for name, data in documents.items():
        seen.setdefault(hashlib.sha256(data).digest(), name)
    return {name: documents[name] for name in seen.values()}


def _xml(data: bytes) -> dict[str, etree._Element]:
    return {
        name: etree.fromstring(blob)
        for name, blob in parts(data).items()
        if name.endswith((".xml", ".rels"))
    }


def test_the_bundled_content_gives_every_kind_of_word_file(documents):
    names = list(documents)
    assert sum("/kontrakter-eksempel/" in n for n in names) == 22
    assert any(n.startswith("ok18-regioner/") and n.endswith("/cirkulaere") for n in names)
    assert any(n.startswith("ok15-kl/") and n.endswith("/statusbrev") for n in names)
    assert {n.rsplit("/", 1)[1] for n in names} >= {"brev", "bilag-1", "bilag-2"}


def test_word_opens_every_file_without_repairing_it(documents, everything):
    problems = {
        name: docx_problems(data) for name, data in {**_unique(documents), **everything}.items()
    }
    assert {name: p for name, p in problems.items() if p} == {}


def test_every_layout_is_a_correct_lean_word_file_with_the_styles_markdown_names():
    for path in LAYOUTS:
        data = path.read_bytes()
        assert docx_problems(data) == [], path.name
        # python-docx's default template: 38 kB; a layout has four small headers and footers
        assert len(data) < 12_000, path.name
        styles = _xml(data)["word/styles.xml"]
        names = {s.find(f"{{{W}}}name").get(f"{{{W}}}val") for s in styles.iter(f"{{{W}}}style")}
        # Word stores built-in names in lower case ("heading 1") and shows them capitalized.
        assert {n.lower() for n in DOCX_STYLES} <= {n.lower() for n in names}, path.name
        assert len(names) < 40, path.name  # the default template has 164
        settings = _xml(data)["word/settings.xml"]
        assert settings.find(f"{{{W}}}embedTrueTypeFonts") is not None


def test_no_font_comes_from_the_theme_and_every_font_is_lato(documents, everything):
    for name, data in {**_unique(documents), **everything}.items():
        theme = _xml(data)["word/theme/theme1.xml"]
        a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
        typefaces = {f.get("typeface") for f in theme.iter(f"{a}latin", f"{a}font")}
        assert typefaces == {"Lato"}, name
        for part, root in _xml(data).items():
            for element in root.iter(f"{{{W}}}rFonts"):
                for attribute in THEME_FONTS:
                    assert element.get(f"{{{W}}}{attribute}") is None, (name, part, attribute)
                named = {v for k, v in element.attrib.items() if k != f"{{{W}}}hint"}
                assert named <= {"Lato"}, (name, part, named)
        table = _xml(data)["word/fontTable.xml"]
        assert [f.get(f"{{{W}}}name") for f in table.iter(f"{{{W}}}font")] == ["Lato"], name


def _embedded(data: bytes) -> dict[str, bytes]:
    """The embedded fonts by embed element, de-obfuscated per ECMA-376 Part 1 §17.8.1:
    the fontKey GUID's 32 hex digits read as 16 bytes from the last pair to the first,
    XORed into the font's first 32 bytes (twice over)."""
    entries = parts(data)
    table = etree.fromstring(entries["word/fontTable.xml"])
    rels = etree.fromstring(entries["word/_rels/fontTable.xml.rels"])
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    fonts = {}
    for embed in table.iter():
        local = etree.QName(embed).localname
        if not local.startswith("embed"):
            continue
        key = embed.get(f"{{{W}}}fontKey").strip("{}").replace("-", "")
        secret = [int(key[i : i + 2], 16) for i in range(30, -1, -2)]
        blob = bytearray(entries["word/" + targets[embed.get(f"{{{R}}}id")]])
        for i in range(32):
            blob[i] ^= secret[i % 16]
        fonts[local] = bytes(blob)
    return fonts


def test_the_faces_a_document_uses_are_embedded_and_read_back_as_lato(documents, everything):
    originals = {element: (FONTS / name).read_bytes() for element, name in EMBEDS.items()}
    letter = documents["ok15-regioner/region-syddanmark/brev"]
    contract = next(d for n, d in documents.items() if "/kontrakter-eksempel/" in n)
    # Headings and signatures are bold; nothing in the letter or a contract is italic.
    assert set(_embedded(letter)) == {"embedRegular", "embedBold"}
    assert set(_embedded(contract)) == {"embedRegular", "embedBold"}
    # Appendix 2 has "####" headings, which are bold italic, and no plain italic.
    appendix = documents["ok15-regioner/region-syddanmark/bilag-2"]
    assert set(_embedded(appendix)) == {"embedRegular", "embedBold", "embedBoldItalic"}
    for name, data in {**_unique(documents), **everything}.items():
        stored = {n: blob for n, blob in parts(data).items() if n.startswith("word/fonts/")}
        for element, font in _embedded(data).items():
            assert font == originals[element], (name, element)
        # Stored obfuscated (Word ignores a plain font part), the rest of the bytes as they are.
        assert stored and not set(stored.values()) & set(originals.values()), name
        content_types = parts(data)["[Content_Types].xml"]
        assert b"application/vnd.openxmlformats-officedocument.obfuscatedFont" in content_types
    for name, data in everything.items():
        assert set(_embedded(data)) == set(EMBEDS), name


def test_same_input_gives_the_same_bytes(documents):
    builder = DocxBuilder(REPO / "templates")  # a new builder: fonts read and keyed anew
    name = "ok15-regioner/region-sjaelland/brev"
    again = builder.render(docx_views("ok15-regioner")[name])
    assert again == documents[name]


def test_metadata_names_brevgen_and_nothing_made_up(documents):
    for name, data in _unique(documents).items():
        entries = parts(data)
        assert not [n for n in entries if n.startswith(("docProps/thumbnail", "customXml/"))]
        assert not [n for n in entries if n.endswith(("stylesWithEffects.xml", "webSettings.xml"))]
        app = etree.fromstring(entries["docProps/app.xml"])
        assert [(etree.QName(e).localname, e.text) for e in app] == [
            ("Application", "brevgen"),
            ("AppVersion", app_version()),
        ], name
        core = etree.fromstring(entries["docProps/core.xml"])
        tags = [etree.QName(e) for e in core]
        assert len({t.localname for t in tags}) == len(tags), name  # nothing twice
        assert {t.namespace for t in tags} <= {
            CORE,
            "http://purl.org/dc/elements/1.1/",
            "http://purl.org/dc/terms/",
        }, name
        assert b"python-docx" not in entries["docProps/core.xml"], name
        values = {t.localname: e.text for t, e in zip(tags, core, strict=True)}
        assert values["language"] == "da-DK" and values["title"] and values["creator"], name
    letter = parts(documents["ok15-regioner/region-syddanmark/brev"])
    core = etree.fromstring(letter["docProps/core.xml"])
    assert {etree.QName(e).localname: e.text for e in core} == {
        "title": "Et bedre psykisk arbejdsmiljø – tilbud om ekspertrådgivning og inspiration",
        "creator": "Danske Regioner og Forhandlingsfællesskabet",
        "lastModifiedBy": "Danske Regioner og Forhandlingsfællesskabet",
        "revision": "1",
        "created": "2016-03-14T00:00:00Z",
        "modified": "2016-03-14T00:00:00Z",
        "language": "da-DK",
    }


def test_app_version_is_what_word_expects():
    assert app_version("0.1.0") == "00.0100"
    assert app_version("1.12.3") == "01.1203"
    assert app_version("2.0") == "02.0000"


def test_a_letter_is_lean(documents):
    data = documents["ok15-regioner/region-syddanmark/brev"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = [i for i in archive.infolist() if not i.filename.startswith("word/fonts/")]
    fonts = len(data) - sum(i.compress_size for i in infos)  # what the fonts take up
    assert len(data) - fonts < 15_000  # file size without the fonts (was 40 kB)
    assert sum(i.file_size for i in infos) < 60_000  # unpacked (was 840 kB)


def _rezip(data: bytes, change) -> bytes:
    entries = parts(data)
    change(entries)
    return zip_entries(entries)


def test_the_checker_finds_what_makes_word_repair_a_file(documents):
    """The checker itself: each fault Word reported in earlier files is found again."""
    letter = documents["ok15-regioner/region-syddanmark/brev"]
    document = "word/document.xml"

    def replace(part: str, old: bytes, new: bytes):
        def change(entries):
            assert old in entries[part]
            entries[part] = entries[part].replace(old, new, 1)

        return change

    # A paragraph border after the spacing (the contracts' signature lines).
    border = b'<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="1C2328"/></w:pBdr>'
    bad = _rezip(
        letter, replace(document, b'<w:spacing w:after="0"/>', b'<w:spacing w:after="0"/>' + border)
    )
    assert any("pBdr" in p and "not expected" in p for p in schema_problems(bad))
    # A style that styles.xml does not define (the letters' Hyperlink).
    bad = _rezip(letter, replace("word/styles.xml", b'w:styleId="Hyperlink"', b'w:styleId="Link"'))
    assert "word/document.xml: <rStyle> refers to undefined style 'Hyperlink'" in word_problems(bad)
    # A second revision in a foreign namespace (python-docx's core properties).
    custom = b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    foreign = b'<cp:revision xmlns:cp="' + custom + b'">1</cp:revision>'
    bad = _rezip(
        letter,
        replace("docProps/core.xml", b"</cp:coreProperties>", foreign + b"</cp:coreProperties>"),
    )
    assert any(p.startswith("docProps/core.xml") for p in schema_problems(bad))
    # A relationship to a part that is not there, and a part no relationship reaches.
    bad = _rezip(letter, lambda e: e.pop("word/fonts/lato-bold.odttf"))
    assert any("points to missing part word/fonts/lato-bold.odttf" in p for p in word_problems(bad))
    bad = _rezip(letter, lambda e: e.update({"docProps/thumbnail.jpeg": b"\xff\xd8"}))
    assert "docProps/thumbnail.jpeg: no content type" in word_problems(bad)
    assert "docProps/thumbnail.jpeg: no relationship leads to this part" in word_problems(bad)
    # A numbering id that numbering.xml does not define.
    bad = _rezip(
        letter, replace("word/styles.xml", b'<w:numId w:val="1"/>', b'<w:numId w:val="77"/>')
    )
    assert "word/styles.xml: numId 77 is not defined in numbering" in word_problems(bad)


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdffonts")),
    reason="LibreOffice (soffice) and poppler-utils (pdffonts) are not installed",
)
def test_libreoffice_without_lato_shows_the_letter_in_the_embedded_lato(documents, tmp_path):
    env = fontconfig_without_lato(tmp_path)
    if shutil.which("fc-list"):
        listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True, check=True)
        assert listed.stdout.strip() and "lato" not in listed.stdout.lower()
    source = tmp_path / "brev.docx"
    source.write_bytes(documents["ok15-regioner/region-syddanmark/brev"])
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        env=env,
        capture_output=True,
        check=True,
        timeout=180,
    )
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "brev.pdf")], capture_output=True, text=True, check=True
    ).stdout
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    assert names == {"Lato-Regular", "Lato-Bold"}, fonts
