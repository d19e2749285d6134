"""What brevgen relies on in the libraries' private internals (brevgen.internals).

If an upgrade of python-docx, docxtpl, WeasyPrint or openpyxl changes one of these, these
tests say which, before a document comes out wrong.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import openpyxl
from docxtpl import DocxTemplate

from brevgen import internals
from brevgen.render import docx_blocks
from brevgen.templating import docx_env
from helpers import REPO

LAYOUT = REPO / "templates" / "docx" / "brev.docx"


def test_package_entries_are_what_python_docx_saves():
    document = docx.Document(str(LAYOUT))
    document.add_paragraph("Æble & <pære>")
    saved = io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as archive:
        expected = {name: archive.read(name) for name in archive.namelist()}
    assert internals.package_entries(document, {}) == expected
    styles = next(p for p in document.part.package.iter_parts() if "styles" in str(p.partname))
    shared = internals.package_entries(document, {id(styles): b"<kept/>"})
    assert shared["word/styles.xml"] == b"<kept/>"


def test_a_document_on_another_documents_part_uses_its_styles():
    layout = docx.Document(str(LAYOUT))
    part = internals.document_part(layout)
    assert part is layout.part
    body = docx.Document().element
    paragraph = internals.document_on(body, part).add_paragraph("x", style="List Bullet")
    element = internals.paragraph_element(paragraph)
    assert element.tag.endswith("}p") and element.style == part.get_style_id(
        paragraph.style, paragraph.style.type
    )


def test_a_template_over_an_opened_document_renders_as_docxtpl_does():
    made: list = []
    cache: dict = {}

    def subdoc(template):
        made.append(template)
        return internals.subdoc_on(template, docx.Document().element, template.docx.part)

    ours = internals.template_on(docx.Document(str(LAYOUT)), cache, subdoc)
    theirs = DocxTemplate(str(LAYOUT))
    context = {
        "modtager": {"linjer": ["Hovedudvalget"]},
        "emne": "Emne",
        "emne_praefiks": None,
        "dato": dt.date(2016, 3, 14),
        "tekst": "",
        "hilsen": "Med venlig hilsen",
        "underskrifter": [],
        "bilag": [],
        "afsendere": [{"navn": "Danske Regioner"}],
        "dokument": {"fod": "fod", "titel": "t"},
    }
    sub = ours.new_subdoc()
    sub.add_paragraph("Brødtekst")
    assert made == [ours] and "Brødtekst" in str(sub)
    env = docx_env()
    docx_blocks.install(env, REPO / "templates" / "fonts")  # letterhead, signatures, links
    for template in (ours, theirs):
        template.render({**context, "_docx": template}, jinja_env=env, autoescape=True)
    assert ours.docx.element.xml == theirs.docx.element.xml
    assert cache  # the cleaned XML is kept by its text
    ours.check_no_media()


def test_stylesheet_links_resolve_and_parse_as_weasyprint_does(tmp_path):
    (tmp_path / "style.css").write_text("p { color: red }", encoding="utf-8")
    url = internals.stylesheet_url("style.css", str(tmp_path) + "/")
    assert url == (tmp_path / "style.css").as_uri()
    from brevgen.render.fontconfig import shipped_fonts_only

    fonts = shipped_fonts_only()
    sheet = internals.linked_stylesheet(url, fonts)
    assert sheet.base_url == url
    assert internals.font_files(fonts) == []  # the shipped fonts come by @font-face only


def test_harfbuzz_subsetting_is_known():
    assert internals.harfbuzz_subset_available() in (True, False)


def test_a_read_only_sheets_xml_stream(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "=1+1"
    workbook.save(tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx", read_only=True).active
    with internals.worksheet_xml(sheet) as source:
        xml = source.read()
    assert b"<sheetData" in xml and b"<f>1+1</f>" in xml
