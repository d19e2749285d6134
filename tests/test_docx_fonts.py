"""Which Lato faces a document's text uses, and how they go into the file."""

from __future__ import annotations

import re

import pytest

from brevgen.render.docx_fonts import FontEmbedder, FontFacts, _Styles, faces_used, font_key
from brevgen.render.docx_fonts import obfuscate as obfuscated
from helpers import REPO

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STYLES = f"""<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Lato" w:hAnsi="Lato"/></w:rPr>
</w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>
  <w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading4"><w:name w:val="heading 4"/>
  <w:basedOn w:val="Heading1"/><w:rPr><w:i/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/>
  <w:basedOn w:val="Normal"/><w:rPr><w:i w:val="0"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Semi"><w:name w:val="Semi"/>
  <w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii="Lato Semibold"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr>
</w:style>
</w:styles>""".encode()
REGULAR, BOLD, ITALIC, BOLD_ITALIC = (False, False), (True, False), (False, True), (True, True)


def faces(body: str, footer: str | None = None) -> set:
    document = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    entries = {"word/document.xml": document.encode()}
    if footer is not None:
        entries["word/footer1.xml"] = f'<w:ftr xmlns:w="{W}">{footer}</w:ftr>'.encode()
    entries["word/styles.xml"] = STYLES  # not a text part: its example runs are not counted
    return faces_used(entries, _Styles(STYLES))


def p(text: str = "tekst", style: str | None = None, rpr: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else "<w:rPr/>"
    return f"<w:p>{ppr}<w:r>{props}<w:t>{text}</w:t></w:r></w:p>"


def test_plain_text_takes_its_paragraph_styles_face():
    assert faces(p()) == {("Lato", REGULAR)}
    assert faces(p(style="Heading1")) == {("Lato", BOLD)}
    assert faces(p(style="Heading4")) == {("Lato", BOLD_ITALIC)}  # italic over a bold base
    assert faces(p(style="Quote")) == {("Lato", REGULAR)}  # w:val="0" switches italic off
    assert faces(p(style="Semi")) == {("Lato Semibold", REGULAR)}


def test_a_runs_own_properties_and_character_style_win():
    assert faces(p(rpr="<w:b/>")) == {("Lato", BOLD)}
    assert faces(p(rpr="<w:i/>") + p(rpr="<w:b/><w:i/>")) == {
        ("Lato", ITALIC),
        ("Lato", BOLD_ITALIC),
    }
    assert faces(p(style="Heading1", rpr='<w:b w:val="0"/>')) == {("Lato", REGULAR)}
    assert faces(p(rpr='<w:rStyle w:val="Strong"/>')) == {("Lato", BOLD)}
    assert faces(p(style="Heading1", rpr='<w:b w:val="false"/><w:i/>')) == {("Lato", ITALIC)}


def test_only_visible_text_counts():
    assert faces(p(style="Heading1", text="") + p()) == {("Lato", REGULAR)}
    assert faces(p(rpr="<w:i/>", text="") + p(style="Heading1")) == {("Lato", BOLD)}
    # The paragraph mark's own run properties are not text.
    mark = "<w:p><w:pPr><w:rPr><w:i/></w:rPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"
    assert faces(mark) == {("Lato", REGULAR)}
    assert faces("", footer=p(rpr="<w:b/>")) == {("Lato", BOLD)}


def test_obfuscation_undoes_itself_and_changes_only_the_first_32_bytes():
    data = bytes(range(256)) * 4
    key = font_key(data)
    assert re.fullmatch(r"\{[0-9A-F]{8}-([0-9A-F]{4}-){3}[0-9A-F]{12}\}", key)
    assert key == font_key(bytes(data)) and key != font_key(data[1:])
    hidden = obfuscated(data, key)
    assert hidden[32:] == data[32:] and hidden[:32] != data[:32]
    assert obfuscated(hidden, key) == data
    # §17.8.1: byte 0 is XORed with the GUID's last hex pair, byte 15 with its first, and
    # bytes 16-31 again with the same 16 (LibreOffice reads the fonts back: test_docx_files).
    zero = obfuscated(bytes(32), "{01020304-0506-0708-090A-0B0C0D0E0F10}")
    assert zero == bytes(range(16, 0, -1)) * 2


def test_font_facts_come_from_the_fonts_os2_table():
    facts = FontFacts.of((REPO / "templates/fonts/Lato-Regular.ttf").read_bytes())
    assert facts.panose == "020F0502020204030203"  # sans serif (2), book weight (5)
    assert facts.unicode_ranges[0] & 1 and facts.code_pages[0] & 1  # Basic Latin, Latin 1


@pytest.mark.parametrize("family", ["Lato", "Lato Semibold"])
def test_each_face_is_read_once_and_named_by_its_file(family):
    embedder = FontEmbedder(REPO / "templates" / "fonts")
    face = embedder.face(family, REGULAR)
    assert embedder.face(family, REGULAR) is face
    stem = "lato-regular" if family == "Lato" else "lato-semibold"
    assert face.part == f"word/fonts/{stem}.odttf"
    assert embedder.face("Lato Semibold", BOLD) is None  # no such file: nothing embedded
    assert embedder.face("Calibri", REGULAR) is None
