"""Write the docxtpl layouts in templates/docx/ (run after changing this script).

The layouts are ordinary Word files that staff may also edit in Word; generating them
keeps their styles (Danish language, Lato, heading colours, page numbers) reviewable.

python-docx starts every document from its default template: 164 styles twice over (Word
2010's ``stylesWithEffects.xml`` beside ``styles.xml``, 790 kB), headings in the theme's
Calibri and Cambria, web settings, a bibliography, a thumbnail and "Microsoft Macintosh
Word" as the application. :func:`lean` keeps what a layout uses: the styles its paragraphs
and brevgen's Markdown (``brevgen.markup.DOCX_STYLES``) can name, with the styles they are
based on or linked to, and their numbering; Lato as the one font, named directly and never
through the theme (whose fonts are Lato as well); settings that ask Word to embed the fonts;
and brevgen as the application. The documents get the fonts themselves
(brevgen.render.docx_fonts).
Usage: python scripts/make_docx_templates.py
"""

from __future__ import annotations

import io
import sys
import zipfile
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from brevgen.markup import DOCX_STYLES  # noqa: E402
from brevgen.output import write_bytes, zip_entries  # noqa: E402
from brevgen.render.docx_fonts import font_element  # noqa: E402
from brevgen.render.docx_package import DocumentInfo, app_xml, core_xml  # noqa: E402

ACCENT = RGBColor(0x1F, 0x5F, 0x75)
OUT = ROOT / "templates" / "docx"
FONTS = ROOT / "templates" / "fonts"


def _lang(element, value: str = "da-DK") -> None:
    rpr = element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), value)


def _base() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.left_margin, section.right_margin = Mm(25), Mm(22)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Lato"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    # Document language for spell-checking and screen readers, in the defaults and Normal.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), "da-DK")
    _lang(normal.element)
    for level, size in ((1, 15), (2, 12), (3, 10.5), (4, 10.5)):
        style = styles[f"Heading {level}"]
        style.font.name = "Lato"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = level == 4
        style.font.color.rgb = ACCENT if level < 4 else RGBColor(0x1C, 0x23, 0x28)
        style.paragraph_format.space_before = Pt(12 if level < 3 else 9)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
    for name in (
        "List Bullet",
        "List Bullet 2",
        "List Bullet 3",
        "List Number",
        "List Number 2",
        "List Continue",
        "List Continue 2",
        "Quote",
    ):
        styles[name].font.name = "Lato"
        styles[name].paragraph_format.space_after = Pt(3)
    styles["Quote"].font.italic = False
    return doc


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        (None, instruction),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            node = OxmlElement("w:t")
            node.text = text
            run._r.append(node)


def _footer(doc: Document) -> None:
    footer = doc.sections[0].footer
    paragraph = footer.paragraphs[0]
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(163), WD_TAB_ALIGNMENT.RIGHT)
    run = paragraph.add_run("{{ dokument.fod }}\tSide ")
    run.font.size = Pt(8.5)
    _field(paragraph, "PAGE")
    paragraph.add_run(" af ").font.size = Pt(8.5)
    _field(paragraph, "NUMPAGES")


def _p(doc, text: str, style: str | None = None, bold: bool = False, align=None):
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold = bold or None
    if align is not None:
        paragraph.alignment = align
    return paragraph


def letter() -> Document:
    doc = _base()
    header = doc.sections[0].header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run(
        "{% for a in afsendere %}{{ a.navn }}{% if not loop.last %}   ·   {% endif %}{% endfor %}"
    )
    run.bold = True
    run.font.color.rgb = ACCENT
    _footer(doc)
    _p(doc, "{%p for linje in modtager.linjer %}")
    _p(doc, "{{ linje }}").paragraph_format.space_after = Pt(0)
    _p(doc, "{%p endfor %}")
    _p(doc, "{{ dato | dato }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _p(doc, "{% if emne_praefiks %}{{ emne_praefiks }} {% endif %}{{ emne }}", "Heading 1")
    _p(doc, "{{p tekst | markdown }}")
    _p(doc, "{{ hilsen }}").paragraph_format.space_before = Pt(12)
    _p(doc, "{%p for kolonne in underskrifter %}")
    _p(doc, "{%p for u in kolonne %}")
    signature = _p(doc, "{{ u.navn }}", bold=True)
    signature.paragraph_format.space_before = Pt(24)
    signature.paragraph_format.space_after = Pt(0)
    signature.paragraph_format.keep_with_next = True
    _p(doc, "{%p for linje in u.linjer %}")
    _p(doc, "{{ linje }}").paragraph_format.space_after = Pt(0)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p if bilag %}")
    _p(doc, "Bilag", bold=True).paragraph_format.space_before = Pt(18)
    _p(doc, "{%p for b in bilag %}")
    _p(doc, "{{ b }}").paragraph_format.space_after = Pt(0)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    return doc


def appendix() -> Document:
    doc = _base()
    _footer(doc)
    _p(doc, "Bilag {{ nummer }} {{ titel }}", "Heading 1")
    _p(doc, "{{p tekst | markdown }}")
    _p(doc, "{%p for u in udbydere %}")
    _p(doc, "{{ u.nummer }}. {{ u.navn }}", "Heading 2").paragraph_format.page_break_before = True
    _p(doc, "{{ u.nummer }}.1. Kontaktoplysninger", "Heading 3")
    _p(doc, "{%p for linje in u.kontakt %}")
    _p(doc, "{{ linje }}").paragraph_format.space_after = Pt(0)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p for a in u.afsnit %}")
    _p(doc, "{{ u.nummer }}.{{ loop.index + 1 }}. {{ a.overskrift }}", "Heading 3")
    _p(doc, "{{p a.tekst | markdown }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endfor %}")
    return doc


def _repeat_header(row) -> None:
    """Mark a table row as header row, repeated on each page and read as such (w:tblHeader)."""
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:tblHeader"))


def _shade(cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


# What follows w:pBdr in a paragraph's properties (CT_PPrBase, ECMA-376 Part 1 §17.3.1.26):
# Word rejects a file whose properties are out of this order.
_AFTER_BORDERS = tuple(
    f"w:{name}"
    for name in (
        "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
        "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
        "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId "
        "cnfStyle rPr sectPr pPrChange"
    ).split()
)


def _rule_above(paragraph) -> None:
    """A signature line: a thin border above the paragraph."""
    props = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for attr, value in (
        ("w:val", "single"),
        ("w:sz", "6"),
        ("w:space", "1"),
        ("w:color", "1C2328"),
    ):
        top.set(qn(attr), value)
    borders.append(top)
    props.insert_element_before(borders, *_AFTER_BORDERS)


def _cell_text(cell, text: str, bold: bool = False, size: float | None = None):
    paragraph = cell.paragraphs[0] if not cell.paragraphs[0].text else cell.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _table(doc, headings: list[str], widths: list[float]):
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for cell, text, width in zip(table.rows[0].cells, headings, widths, strict=True):
        cell.width = Mm(width)
        _cell_text(cell, text, bold=True)
        _shade(cell, "E4EDF1")
    _repeat_header(table.rows[0])
    return table


def _signature(cell, name: str, role: str) -> None:
    for label in ("Sted og dato", None):
        spacer = _cell_text(cell, "")
        spacer.paragraph_format.space_before = Pt(22)
        line = _cell_text(cell, label or name, bold=label is None)
        _rule_above(line)
    _cell_text(cell, role, size=9)


def contract() -> Document:
    doc = _base()
    _footer(doc)
    _p(doc, "{{ runde.navn }}").runs[0].font.color.rgb = RGBColor(0x5A, 0x65, 0x70)
    _p(doc, "{{ titel }}", "Heading 1").paragraph_format.space_before = Pt(0)
    _p(doc, "Sagsnr. {{ sag.sagsnr }}", bold=True)
    _p(doc, "{{p indledning | markdown(1) }}")
    parties = _table(doc, ["Arbejdspladsen", "Udbyderen"], [80, 83])
    workplace, provider = parties.add_row().cells
    _cell_text(workplace, "{{ sag.arbejdsplads }}", bold=True)
    _cell_text(workplace, "{%p if sag.enhed %}")
    _cell_text(workplace, "{{ sag.enhed }}")
    _cell_text(workplace, "{%p endif %}")
    _cell_text(workplace, "{%p if sag.adresse %}")
    _cell_text(workplace, "{{ sag.adresse }}")
    _cell_text(workplace, "{%p endif %}")
    _cell_text(workplace, "{%p if sag.postnr or sag.by %}")
    _cell_text(workplace, "{{ sag.postnr or '' }} {{ sag.by or '' }}")
    _cell_text(workplace, "{%p endif %}")
    _cell_text(workplace, "{{ sag.region }}")
    _cell_text(provider, "{{ sag.udbyder.navn }}", bold=True)
    _cell_text(provider, "{%p if sag.udbyder.adresse %}")
    _cell_text(provider, "{{ sag.udbyder.adresse }}")
    _cell_text(provider, "{%p endif %}")
    _cell_text(provider, "{{ sag.udbyder.postnr or '' }} {{ sag.udbyder.by or '' }}")
    _cell_text(provider, "{%p if sag.udbyder.kontaktperson %}")
    _cell_text(
        provider,
        "Kontaktperson: {{ sag.udbyder.kontaktperson.navn }}"
        "{% if sag.udbyder.kontaktperson.telefon %}, tlf. "
        "{{ sag.udbyder.kontaktperson.telefon | telefon }}{% endif %}"
        "{% if sag.udbyder.kontaktperson.email %}, {{ sag.udbyder.kontaktperson.email }}"
        "{% endif %}",
    ).paragraph_format.space_before = Pt(4)
    _cell_text(provider, "{%p endif %}")
    _p(doc, "{%p for a in afsnit %}")
    _p(doc, "{{ loop.index }}. {{ a.overskrift }}", "Heading 2")
    _p(doc, "{{p a.tekst | markdown(1) }}")
    _p(doc, "{%p if a.tabel == 'aktiviteter' and sag.aktiviteter %}")
    activities = _table(doc, ["Aktivitet", "Dato", "Varighed", "Sted"], [50, 38, 22, 53])
    for text in ("{%tr for akt in sag.aktiviteter %}", None, "{%tr endfor %}"):
        cells = activities.add_row().cells
        if text:
            _cell_text(cells[0], text)
            continue
        _cell_text(cells[0], "{{ akt.aktivitet }}")
        _cell_text(cells[1], "{% if akt.dato %}{{ akt.dato | dato }}{% endif %}")
        _cell_text(
            cells[2], "{% if akt.varighed is not none %}{{ akt.varighed | tal }} timer{% endif %}"
        )
        _cell_text(cells[3], "{{ akt.sted or '' }}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p endfor %}")
    _p(doc, "Underskrifter", "Heading 2")
    _p(doc, "{{p underskrift | markdown(1) }}")
    signatures = doc.add_table(rows=1, cols=2)
    signatures.autofit = False
    left, right = signatures.rows[0].cells
    left.width, right.width = Mm(80), Mm(83)
    _cell_text(left, "For arbejdspladsen", bold=True)
    _signature(left, "{{ sag.leder }}", "Leder")
    _signature(
        left,
        "{{ sag.medarbejderrepraesentant }}",
        "Medarbejderrepræsentant{% if sag.repraesentantens_rolle %} "
        "({{ sag.repraesentantens_rolle }}){% endif %}",
    )
    _cell_text(right, "For udbyderen", bold=True)
    _signature(
        right,
        "{% if sag.udbyder.kontaktperson %}{{ sag.udbyder.kontaktperson.navn }}{% endif %}",
        "{{ sag.udbyder.navn }}",
    )
    return doc


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# The relationships a layout keeps, from its main document and from the package.
_DOCUMENT_KEEPS = {"styles", "numbering", "settings", "fontTable", "theme", "header", "footer"}
_PACKAGE_KEEPS = {"officeDocument", "core-properties", "extended-properties"}
# Attributes that take a font or a colour from the theme: the layouts have no theme.
_THEME_ATTRIBUTES = {
    qn(f"w:{name}")
    for name in (
        "asciiTheme hAnsiTheme eastAsiaTheme cstheme "
        "themeColor themeTint themeShade themeFill themeFillTint themeFillShade"
    ).split()
}
BULLET = "\u2022"  # in Lato; python-docx's bullets are a private-use character of Symbol


def lean(doc: Document, title: str, track: bool = False) -> bytes:
    """The layout as a lean, self-contained DOCX (see the module docstring)."""
    for rels, keeps in ((doc.part.rels, _DOCUMENT_KEEPS), (doc.part.package.rels, _PACKAGE_KEEPS)):
        for rid, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[1] not in keeps:
                del rels[rid]
    _trim_styles(doc)
    _trim_numbering(doc)
    _settings(doc, track)
    _theme(doc)
    table = etree.Element(qn("w:fonts"), nsmap={"w": W, "r": R})
    font_element(table, "Lato", (FONTS / "Lato-Regular.ttf").read_bytes())
    doc.part.part_related_by(f"{R}/fontTable")._blob = etree.tostring(
        table, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    buffer = BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries["docProps/app.xml"] = app_xml()
    entries["docProps/core.xml"] = core_xml(DocumentInfo(title=title, author="brevgen"))
    for name in entries:
        if name.startswith("word/") and name.endswith(".xml"):
            entries[name] = _tidy(entries[name])
    return zip_entries(entries)


def _content_parts(doc: Document):
    """The parts with paragraphs: the main document, its headers and footers."""
    for part in doc.part.package.iter_parts():
        if part.partname.startswith(("/word/document", "/word/header", "/word/footer")):
            yield part


def _trim_styles(doc: Document) -> None:
    """Keep the styles the layout and the Markdown use, and those they are based on or
    linked to (python-docx's default template has 164), with Lato as the default font."""
    root = doc.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in root.iter(qn("w:style"))}
    wanted = {sid for sid, style in by_id.items() if style.get(qn("w:default")) == "1"}
    wanted |= {doc.styles[name].style_id for name in DOCX_STYLES if name != "Hyperlink"}
    for part in _content_parts(doc):
        for ref in part.element.iter(qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle")):
            wanted.add(ref.get(qn("w:val")))
    queue = list(wanted)
    while queue:
        for ref in by_id[queue.pop()].iter(qn("w:basedOn"), qn("w:next"), qn("w:link")):
            if ref.get(qn("w:val")) not in wanted:
                wanted.add(ref.get(qn("w:val")))
                queue.append(ref.get(qn("w:val")))
    for sid, style in by_id.items():
        if sid not in wanted:
            root.remove(style)
    for element in [*root.iter(qn("w:latentStyles"), qn("w:rsid"))]:
        element.getparent().remove(element)
    _hyperlink_style(root)
    defaults = root.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), "Lato")


def _hyperlink_style(root) -> None:
    """The character style of links (brevgen.markup names it): the accent colour, underlined
    so that a link is not told by its colour alone."""
    style = OxmlElement("w:style")
    style.set(qn("w:type"), "character")
    style.set(qn("w:styleId"), "Hyperlink")
    for name, value in (("name", "Hyperlink"), ("basedOn", "DefaultParagraphFont")):
        etree.SubElement(style, qn(f"w:{name}")).set(qn("w:val"), value)
    etree.SubElement(style, qn("w:uiPriority")).set(qn("w:val"), "99")
    etree.SubElement(style, qn("w:unhideWhenUsed"))
    props = etree.SubElement(style, qn("w:rPr"))
    etree.SubElement(props, qn("w:color")).set(qn("w:val"), str(ACCENT))
    etree.SubElement(props, qn("w:u")).set(qn("w:val"), "single")
    root.append(style)


def _trim_numbering(doc: Document) -> None:
    """Keep the numbering the remaining styles use; bullets are Lato's, not Symbol's."""
    root = doc.part.numbering_part.element
    used = {ref.get(qn("w:val")) for ref in doc.styles.element.iter(qn("w:numId"))}
    for part in _content_parts(doc):
        used |= {ref.get(qn("w:val")) for ref in part.element.iter(qn("w:numId"))}
    for num in root.findall(qn("w:num")):
        if num.get(qn("w:numId")) not in used:
            root.remove(num)
    abstract = {
        num.find(qn("w:abstractNumId")).get(qn("w:val")) for num in root.findall(qn("w:num"))
    }
    for definition in root.findall(qn("w:abstractNum")):
        if definition.get(qn("w:abstractNumId")) not in abstract:
            root.remove(definition)
    for level in root.iter(qn("w:lvl")):
        if level.find(qn("w:numFmt")).get(qn("w:val")) != "bullet":
            continue
        level.find(qn("w:lvlText")).set(qn("w:val"), BULLET)
        props = level.find(qn("w:rPr"))
        if props is not None:
            level.remove(props)  # only named the Symbol font


def _settings(doc: Document, track: bool = False) -> None:
    """Settings without leftovers (revision ids, theme mapping, a preview picture), asking
    Word to keep the fonts embedded, with Danish decimal and list separators; ``track``:
    Word tracks a reviewer's own edits too (the layout of the files with tracked changes)."""
    root = doc.settings.element
    keep = [root.find(qn(f"w:{name}")) for name in ("defaultTabStop", "characterSpacingControl")]
    compat = root.find(qn("w:compat"))
    for child in list(root):
        root.remove(child)
    etree.SubElement(root, qn("w:zoom")).set(qn("w:percent"), "100")
    etree.SubElement(root, qn("w:embedTrueTypeFonts"))
    if track:
        etree.SubElement(root, qn("w:trackRevisions"))
    root.extend([*keep, compat])
    etree.SubElement(root, qn("w:decimalSymbol")).set(qn("w:val"), ",")
    etree.SubElement(root, qn("w:listSeparator")).set(qn("w:val"), ";")


def _theme(doc: Document) -> None:
    """A theme whose heading and body fonts are Lato, without fonts for other scripts.

    No style or run takes a font from the theme, but Word lists the theme's fonts first
    ("+Headings", "+Body") to staff who edit a letter, and some readers expect a theme.
    """
    part = doc.part.part_related_by(f"{R}/theme")
    root = etree.fromstring(part.blob)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    root.set("name", "brevgen")
    scheme = root.find(f"{a}themeElements/{a}fontScheme")
    scheme.set("name", "Lato")
    for kind in ("majorFont", "minorFont"):
        fonts = scheme.find(f"{a}{kind}")
        fonts.find(f"{a}latin").set("typeface", "Lato")
        for other in fonts.findall(f"{a}font"):
            fonts.remove(other)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _tidy(blob: bytes) -> bytes:
    """A part without theme fonts or colours, empty font choices, markup compatibility or
    unused namespace declarations (w: and r: stay: docxtpl's fields use them)."""
    root = etree.fromstring(blob)
    for element in list(root.iter()):
        for attribute in _THEME_ATTRIBUTES.intersection(element.attrib):
            del element.attrib[attribute]
        if element.tag == qn("w:rFonts") and not element.attrib:
            element.getparent().remove(element)
    root.attrib.pop(f"{{{MC}}}Ignorable", None)
    etree.cleanup_namespaces(root, keep_ns_prefixes=["w", "r"])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def tracked() -> Document:
    """The layout of a Word file with tracked changes (brevgen.render.tracked): the styles
    and page numbers; the builder writes the body, and Word tracks the reviewers' edits."""
    doc = _base()
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Side ").font.size = Pt(8.5)
    _field(paragraph, "PAGE")
    paragraph.add_run(" af ").font.size = Pt(8.5)
    _field(paragraph, "NUMPAGES")
    return doc


def save(doc: Document, name: str, track: bool = False) -> None:
    title = f"brevgen-skabelon: {name.removesuffix('.docx')}"
    write_bytes(OUT / name, lean(doc, title, track))


if __name__ == "__main__":
    save(letter(), "brev.docx")
    save(appendix(), "bilag.docx")
    save(contract(), "kontrakt.docx")
    save(tracked(), "sporet.docx", track=True)
    print(f"skrev {OUT}/brev.docx, bilag.docx, kontrakt.docx og sporet.docx")
