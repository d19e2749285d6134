"""Write the docxtpl layouts in templates/docx/ (run after changing this script).

The layouts are ordinary Word files that staff may also edit in Word; generating them
keeps their styles (Danish language, Lato, heading colours, page numbers) reviewable.

A Word file is the same document as its PDF: page size and margins, font sizes, line
heights, spacing, colours and the rules that keep lines together are the CSS's
(templates/html/style.css and kontrakt.css), converted here once (see :class:`Page` and
:func:`_styles`). The first page's smaller top margin (the letterhead sits high) is the
section's top margin; the later pages' larger one is an empty header of the missing height.
Blocks whose shape depends on the document (letterhead, signatures) are made when the
document is (brevgen.render.docx_blocks).

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
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from brevgen.markup import (  # noqa: E402
    AFTER_BORDERS,
    DOCX_STYLES,
    LIST_INDENT,
    QUOTE_INDENT,
    QUOTE_RULE,
    paragraph_border,
)
from brevgen.output import write_bytes, zip_entries  # noqa: E402
from brevgen.render.docx_fonts import font_element  # noqa: E402
from brevgen.render.docx_package import DocumentInfo, app_xml, core_xml  # noqa: E402

ACCENT = RGBColor(0x1F, 0x5F, 0x75)  # --accent
MUTED = RGBColor(0x5A, 0x65, 0x70)  # --muted
INK = RGBColor(0x1C, 0x23, 0x28)  # the text colour
OUT = ROOT / "templates" / "docx"
FONTS = ROOT / "templates" / "fonts"
LEADING = 1.4  # html { line-height: 1.4 }
PARAGRAPH_AFTER = 0.6  # p { margin-bottom: 0.6em }


@dataclass(frozen=True)
class Page:
    """An @page rule: margins in mm (the first page's top one apart)."""

    top: float
    right: float
    bottom: float
    left: float
    first_top: float

    @property
    def text_width(self) -> float:
        return 210 - self.left - self.right


LETTER = Page(top=28, right=22, bottom=20, left=25, first_top=16)  # style.css @page
CONTRACT = Page(top=20, right=20, bottom=20, left=22, first_top=16)  # kontrakt.css @page
REVIEW = Page(top=25, right=22, bottom=22, left=25, first_top=25)  # a tracked-changes copy


def _lang(element, value: str = "da-DK") -> None:
    rpr = element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), value)


def _lines(paragraph_format, size: float, leading: float = LEADING) -> None:
    """CSS line-height as Word's "at least" line spacing: the same height for Lato, whose
    own line is 1.2 em, and room to grow for a larger character."""
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    paragraph_format.line_spacing = Pt(round(size * leading, 2))


def _no_hyphens(paragraph_format) -> None:
    """Never hyphenate (headings, names): w:suppressAutoHyphens."""
    props = paragraph_format.element.get_or_add_pPr()
    if props.find(qn("w:suppressAutoHyphens")) is None:
        flag = OxmlElement("w:suppressAutoHyphens")
        props.insert_element_before(flag, *_AFTER_SUPPRESS)


_AFTER_SUPPRESS = tuple(
    f"w:{name}"
    for name in (
        "kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
        "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap "
        "jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr "
        "pPrChange"
    ).split()
)


def _styles(doc: Document, heading_sizes: dict[int, float]) -> None:
    """The CSS's type as Word styles (style.css: html, p, h1–h4, ul/ol, blockquote)."""
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Lato"
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = INK
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(10.5 * PARAGRAPH_AFTER)
    fmt.widow_control = True  # p { orphans: 2; widows: 2 }
    _lines(fmt, 10.5)
    # Document language for spell-checking and screen readers, in the defaults and Normal.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), "da-DK")
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:  # python-docx's default: 10 pt after, 1.15 lines
        defaults.remove(ppr_default)
    _lang(normal.element)
    # h1–h4: size, colour, weight; margin-top less the paragraph's margin-bottom above it
    # (CSS margins collapse, Word adds them); line-height 1.25; break-after: avoid.
    margins = {1: (0, 5 / 25.4 * 72), 2: (1.2, 0.4), 3: (1.1, 0.35), 4: (0.9, 0.3)}
    for level, size in heading_sizes.items():
        style = styles[f"Heading {level}"]
        style.font.name = "Lato"
        style.font.size = Pt(size)
        style.font.bold = True  # h4's 600 is Word's bold: one family, four faces
        style.font.italic = level == 4
        style.font.color.rgb = ACCENT if level < 4 else INK
        before, after = margins[level]
        fmt = style.paragraph_format
        fmt.space_before = Pt(max(before * size - 10.5 * PARAGRAPH_AFTER, 0))
        fmt.space_after = Pt(after if level == 1 else after * size)
        fmt.keep_with_next = True
        fmt.keep_together = True
        _lines(fmt, size, 1.25)
        _no_hyphens(fmt)
    for level in range(5, 7):  # never used by the layouts' CSS; as h4
        styles[f"Heading {level}"].base_style = styles["Heading 4"]
    # ul, ol { padding-left: 1.4em }, li { margin-bottom: 0.25em }
    for name in (
        "List Bullet",
        "List Bullet 2",
        "List Bullet 3",
        "List Number",
        "List Number 2",
        "List Number 3",
        "List Continue",
        "List Continue 2",
        "List Continue 3",
    ):
        style = styles[name]
        style.font.name = "Lato"
        style.paragraph_format.space_after = Pt(10.5 * 0.25)
    # blockquote { padding-left: 4mm; border-left: 2pt solid #c9d8de }
    quote = styles["Quote"]
    quote.font.name = "Lato"
    quote.font.italic = False
    quote.font.color.rgb = INK
    quote.paragraph_format.left_indent = Twips(QUOTE_INDENT)
    quote.paragraph_format.right_indent = Twips(0)
    quote.paragraph_format.space_before = Pt(0)
    quote.paragraph_format.space_after = Pt(10.5 * PARAGRAPH_AFTER)
    quote_props = quote.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    rule = OxmlElement("w:left")
    for name, value in QUOTE_RULE.items():
        rule.set(qn(name), value)
    borders.append(rule)
    quote_props.insert_element_before(borders, *AFTER_BORDERS)
    footer = styles["Footer"]
    for tabs in footer.element.findall(f"{qn('w:pPr')}/{qn('w:tabs')}"):
        tabs.getparent().remove(tabs)  # Word's centre and right stops: only ours count
    footer.font.size = Pt(8.5)
    footer.font.color.rgb = MUTED
    _lines(footer.paragraph_format, 8.5)
    footer.paragraph_format.space_after = Pt(0)


def _base(
    page: Page, heading_sizes: dict[int, float], footer: str = "{{ dokument.fod }}"
) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)
    section.bottom_margin = Mm(page.bottom)
    # The first page's top margin is the section's; a header pushes the other pages' text
    # down to their top margin. The footer is centred in the bottom margin, as the CSS's
    # margin boxes are: its line (8.5 pt × 1.4) ends 2 mm below the middle.
    section.top_margin = Mm(page.first_top)
    section.header_distance = Mm(page.first_top - 1)
    section.footer_distance = Mm(page.bottom / 2 - 2.1)
    _spacer(section.header.paragraphs[0], page.top - page.first_top + 1)
    # A first-page header and footer only where the first page differs (not a review copy).
    first = page.top != page.first_top
    if first:
        section.different_first_page_header_footer = True
        _spacer(section.first_page_header.paragraphs[0], 0.35)
    _styles(doc, heading_sizes)
    _footer(section.footer, page, footer)
    if first:
        _footer(section.first_page_footer, page, footer)
    return doc


def _spacer(paragraph, height: float) -> None:
    """An empty paragraph exactly ``height`` mm high."""
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Mm(height)


def _field(paragraph, instruction: str):
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
    return run


def _footer(footer, page: Page, left: str) -> None:
    """``left`` at the left, "Side x af y" at the right margin, in the footer's 8.5 pt."""
    paragraph = footer.paragraphs[0]
    paragraph.style = "Footer"
    tabs = paragraph.paragraph_format.tab_stops
    tabs.add_tab_stop(Mm(page.text_width), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(f"{left}\tSide ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" af ")
    _field(paragraph, "NUMPAGES")


def _p(doc, text: str, style: str | None = None, bold: bool = False, align=None):
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold = bold or None
    if align is not None:
        paragraph.alignment = align
    return paragraph


LETTER_HEADINGS = {1: 15, 2: 12, 3: 10.5, 4: 10.5}  # style.css h1–h4


def letter() -> Document:
    doc = _base(LETTER, LETTER_HEADINGS)
    _p(doc, "{{p afsendere | brevhoved }}")
    _spacer(doc.add_paragraph(), 12)  # .brevhoved { margin-bottom: 12mm }
    # .adressefelt: the recipient at the left, the date at the right, 22 mm high at least.
    address = doc.add_table(rows=1, cols=2)
    address.autofit = False
    recipient, date = address.rows[0].cells
    recipient.width, date.width = Mm(LETTER.text_width - 45), Mm(45)
    _widths(address, [LETTER.text_width - 45, 45])
    _cell_margins(address, top=0, left=0, bottom=0, right=0)
    _row_height(address.rows[0], 22)
    _cell_text(recipient, "{%p for linje in modtager.linjer %}")
    _no_hyphens(_cell_text(recipient, "{{ linje }}").paragraph_format)
    _cell_text(recipient, "{%p endfor %}")
    _cell_text(date, "{{ dato | dato }}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    heading = doc.add_paragraph(style="Heading 1")
    heading.paragraph_format.space_before = Mm(10)  # .adressefelt { margin-bottom: 10mm }
    heading.add_run("{% if emne_praefiks %}{{ emne_praefiks }} {% endif %}{{ emne }}")
    _p(doc, "{{p tekst | markdown | hold_sammen }}")
    _p(doc, "{{p hilsen | afslutning(underskrifter, bilag) }}")
    return doc


def appendix() -> Document:
    doc = _base(LETTER, LETTER_HEADINGS)
    heading = doc.add_paragraph(style="Heading 1")
    number = heading.add_run("Bilag {{ nummer }}: ")
    number.font.color.rgb = MUTED  # .bilag-titel .bilag-nummer
    heading.add_run("{{ titel }}")
    _p(doc, "{{p tekst | markdown }}")
    _p(doc, "{%p for u in udbydere %}")
    # .udbyder { break-before: page } except the first, which follows the introduction.
    _p(doc, "{%p if loop.first %}")
    _p(doc, "{{ u.nummer }}. {{ u.navn }}", "Heading 2")
    _p(doc, "{%p else %}")
    _p(doc, "{{ u.nummer }}. {{ u.navn }}", "Heading 2").paragraph_format.page_break_before = True
    _p(doc, "{%p endif %}")
    _p(doc, "{{ u.nummer }}.1. Kontaktoplysninger", "Heading 3")
    # .kontaktblok { background: #f1f5f7; padding: 3mm 4mm 0.8mm }
    block = doc.add_table(rows=1, cols=1)
    block.autofit = False
    cell = block.rows[0].cells[0]
    cell.width = Mm(LETTER.text_width)
    _widths(block, [LETTER.text_width])
    _shade(cell, "F1F5F7")
    _cell_margins(block, top=3, left=4, bottom=0.8, right=4)
    _cell_text(cell, "{{p u.kontakt_tekst | markdown }}")
    _spacer(doc.add_paragraph(), 10.5 * 0.8 / 72 * 25.4)  # .kontaktblok { margin-bottom }
    _p(doc, "{%p for a in u.afsnit %}")
    _p(doc, "{{ u.nummer }}.{{ loop.index + 1 }}. {{ a.overskrift }}", "Heading 3")
    _p(doc, "{{p a.tekst | markdown }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endfor %}")
    return doc


def _widths(table, widths: list[float]) -> None:
    """Column widths in mm in the table's grid and width (LibreOffice lays a table out by its
    grid); the cells' own widths are set where they are made."""
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(round(Mm(width).twips)))
    size = table._tbl.tblPr.find(qn("w:tblW"))
    size.set(qn("w:w"), str(round(Mm(sum(widths)).twips)))
    size.set(qn("w:type"), "dxa")


def _repeat_header(row) -> None:
    """Mark a table row as header row, repeated on each page and read as such (w:tblHeader)."""
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:tblHeader"))


def _cant_split(row) -> None:
    props = row._tr.get_or_add_trPr()
    props.insert(0, OxmlElement("w:cantSplit"))


def _row_height(row, mm: float) -> None:
    props = row._tr.get_or_add_trPr()
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(round(Mm(mm).twips)))
    height.set(qn("w:hRule"), "atLeast")
    props.append(height)


def _shade(cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _cell_margins(table, top: float, left: float, bottom: float, right: float) -> None:
    """The table's cell padding (w:tblCellMar), in mm."""
    props = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, mm in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(Mm(mm).twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    look = props.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        props.append(margins)


def _cell_border(cell, side: str, size: float, color: str) -> None:
    """A rule on one side of a cell, ``size`` in points."""
    props = cell._tc.get_or_add_tcPr()
    borders = props.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        shading = props.find(qn("w:shd"))
        if shading is not None:
            shading.addprevious(borders)
        else:
            props.append(borders)
    rule = OxmlElement(f"w:{side}")
    for name, value in (("w:val", "single"), ("w:sz", str(round(size * 8))), ("w:space", "0")):
        rule.set(qn(name), value)
    rule.set(qn("w:color"), color)
    borders.append(rule)


def _cell_text(cell, text: str, bold: bool = False, size: float | None = None):
    paragraph = cell.paragraphs[0] if not cell.paragraphs[0].text else cell.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _table(doc, headings: list[str], widths: list[float]):
    """A table with a heading row (kontrakt.css .aktiviteter, .parter): no grid lines."""
    table = doc.add_table(rows=1, cols=len(headings))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text, width in zip(table.rows[0].cells, headings, widths, strict=True):
        cell.width = Mm(width)
        _cell_text(cell, text, bold=True)
    _widths(table, widths)
    _repeat_header(table.rows[0])
    return table


CONTRACT_HEADINGS = {1: 17, 2: 11.5, 3: 10.5, 4: 10.5}  # kontrakt.css .kontrakt-titel, h2


def contract() -> Document:
    page = CONTRACT
    width = page.text_width
    doc = _base(page, CONTRACT_HEADINGS)
    # .kontrakt-hoved: round (8.5 pt, capitals, spaced), title, case number; a rule under.
    round_name = _p(doc, "{{ runde.navn }}")
    run = round_name.runs[0]
    run.font.size, run.font.color.rgb, run.font.all_caps = Pt(8.5), MUTED, True
    _spacing(run, 0.06 * 8.5)
    round_name.paragraph_format.space_after = Pt(0)
    _lines(round_name.paragraph_format, 8.5)
    title = _p(doc, "{{ titel }}", "Heading 1").paragraph_format
    title.space_before, title.space_after = Mm(1.5), Mm(1.5)
    case = _p(doc, "Sagsnr. {{ sag.sagsnr }}", bold=True)
    case.paragraph_format.space_after = Pt(0)
    rule = _spacer_rule(doc, 3)
    rule.paragraph_format.space_after = Mm(7 - 2)  # .kontrakt-hoved { margin-bottom: 7mm }
    _p(doc, "{{p indledning | markdown(1) }}")
    _parties(doc, width)
    _p(doc, "{%p for a in afsnit %}")
    _p(doc, "{{ loop.index }}. {{ a.overskrift }}", "Heading 2")
    _p(doc, "{%p if loop.last %}")
    _p(doc, "{{p a.tekst | markdown(1) | hold_sammen }}")
    _p(doc, "{%p else %}")
    _p(doc, "{{p a.tekst | markdown(1) }}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if a.tabel == 'aktiviteter' and sag.aktiviteter %}")
    _activities(doc, width)
    # .aktiviteter { margin-bottom: 4mm } collapses into the next heading's 13.8 pt, which
    # Word gives it after a table. Yet a 1 pt paragraph follows the table: LibreOffice ignores
    # "keep with next" in the paragraphs right after a table, and left "4. Pris" or "5. Frister"
    # at the foot of page 1 in 13 of the 22 sample contracts without it (none with it).
    _spacer(doc.add_paragraph(), 0.35)
    _p(doc, "{%p endif %}")
    _p(doc, "{%p endfor %}")
    # .kontrakt-underskrifter { break-inside: avoid; break-before: avoid; margin-top: 6mm }
    heading = _p(doc, "Underskrifter", "Heading 2").paragraph_format
    heading.space_before = Mm(6)
    _p(doc, "{{p underskrift | markdown(1) | hold_sammen }}")
    _signature_fields(doc, width)
    return doc


def _spacing(run, points: float) -> None:
    """letter-spacing, in points (w:spacing in twentieths)."""
    props = run._r.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(round(points * 20)))
    props.append(spacing)


def _spacer_rule(doc, padding: float):
    """The 1.2 pt accent rule under a header block, ``padding`` mm below its text."""
    paragraph = doc.add_paragraph()
    _spacer(paragraph, padding)
    paragraph_border(
        paragraph,
        "bottom",
        {"w:val": "single", "w:sz": "10", "w:space": "0", "w:color": str(ACCENT)},
    )
    return paragraph


def _parties(doc, width: float) -> None:
    """.parter: two columns under spaced capital headings with an accent rule."""
    _spacer(doc.add_paragraph(), 2)  # .parter { margin-top: 2mm }
    table = doc.add_table(rows=2, cols=2)
    table.autofit = False
    head, body = table.rows
    _cant_split(body)
    for cell, text in zip(head.cells, ("Arbejdspladsen", "Udbyderen"), strict=True):
        cell.width = Mm(width / 2)
        paragraph = _cell_text(cell, text, bold=True, size=8.5)
        run = paragraph.runs[0]
        run.font.color.rgb, run.font.all_caps = ACCENT, True
        _spacing(run, 0.06 * 8.5)
        paragraph.paragraph_format.keep_with_next = True
        _cell_border(cell, "bottom", 0.75, str(ACCENT))
    _repeat_header(head)
    _cell_margins(table, top=0, left=0, bottom=1.5, right=4)
    workplace, provider = body.cells
    for cell in body.cells:
        cell.width = Mm(width / 2)
    _widths(table, [width / 2, width / 2])
    for cell, prefix in ((workplace, "sag"), (provider, "sag.udbyder")):
        name = _cell_text(
            cell, f"{{{{ {prefix}.{'arbejdsplads' if cell is workplace else 'navn'} }}}}", bold=True
        )
        name.paragraph_format.space_before = Mm(2.5 - 1.5)
        _no_hyphens(name.paragraph_format)
        optional = ["adresse"] if cell is provider else ["enhed", "adresse"]
        for key in optional:
            for text in (
                f"{{%p if {prefix}.{key} %}}",
                f"{{{{ {prefix}.{key} }}}}",
                "{%p endif %}",
            ):
                _cell_text(cell, text)
        _cell_text(cell, f"{{%p if {prefix}.postnr or {prefix}.by %}}")
        _cell_text(cell, f"{{{{ {prefix}.postnr or '' }}}} {{{{ {prefix}.by or '' }}}}")
        _cell_text(cell, "{%p endif %}")
    for text in ("{%p if not sag.region_naevnt %}", "{{ sag.region }}", "{%p endif %}"):
        _cell_text(workplace, text)
    _cell_text(provider, "{%p if sag.udbyder.kontaktperson %}")
    contact = _cell_text(
        provider,
        "Kontaktperson: {{ sag.udbyder.kontaktperson.navn }}"
        "{% if sag.udbyder.kontaktperson.telefon %}, tlf. "
        "{{ sag.udbyder.kontaktperson.telefon | telefon }}{% endif %}"
        "{% if sag.udbyder.kontaktperson.email %}, {% endif %}",
    )
    contact.add_run("{{r sag.udbyder.kontaktperson.email | link_docx }}")
    contact.paragraph_format.space_before = Mm(1.5)
    _cell_text(provider, "{%p endif %}")
    _spacer(doc.add_paragraph(), 7)  # .parter { margin-bottom: 7mm }


# .aktiviteter th:nth-child(n) { width }: the share of the text width each column takes.
ACTIVITY_COLUMNS = (0.27, 0.21, 0.12, 0.40)


def _activities(doc, width: float) -> None:
    """.aktiviteter: 9.5 pt, a shaded heading row with an accent rule, thin rules between."""
    widths = [width * share for share in ACTIVITY_COLUMNS]
    table = _table(doc, ["Aktivitet", "Dato", "Varighed", "Sted"], widths)
    _cell_margins(table, top=1.5, left=2, bottom=1.5, right=2)
    for cell in table.rows[0].cells:
        _shade(cell, "E4EDF1")
        _cell_border(cell, "bottom", 0.75, str(ACCENT))
        run = cell.paragraphs[0].runs[0]
        run.font.size = Pt(9.5)
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    table.rows[0].cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text in ("{%tr for akt in sag.aktiviteter %}", None, "{%tr endfor %}"):
        row = table.add_row()
        cells = row.cells
        if text:
            _cell_text(cells[0], text)
            continue
        _cant_split(row)
        for cell, value in zip(
            cells,
            (
                "{{ akt.aktivitet }}",
                "{% if akt.dato %}{{ akt.dato | dato | replace(' ', '\u00a0') }}{% endif %}",
                "{% if akt.varighed is not none %}{{ akt.varighed | tal }} timer{% endif %}",
                "{{ akt.sted or '' }}",
            ),
            strict=True,
        ):
            paragraph = _cell_text(cell, value, size=9.5)
            _lines(paragraph.paragraph_format, 9.5)
            _cell_border(cell, "bottom", 0.5, "D5DEE2")
        cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _signature_fields(doc, width: float) -> None:
    """.underskriftsfelter: two sides 12 mm apart; in each field "Sted og dato" (2 parts)
    beside the signature line (3 parts), 12 mm to sign in above the lines."""
    side = (width - 12) / 2
    place, line = (side - 4) * 0.4, (side - 4) * 0.6
    table = doc.add_table(rows=3, cols=4)
    table.autofit = False
    widths = (place + 4, line + 12, place + 4, line)
    for row in table.rows:
        _cant_split(row)
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = Mm(w)
    _widths(table, list(widths))
    _cell_margins(table, top=0, left=0, bottom=0, right=0)
    names = table.rows[0].cells
    left = names[0].merge(names[1])
    right = names[2].merge(names[3])
    for cell, text in ((left, "For arbejdspladsen"), (right, "For udbyderen")):
        paragraph = _cell_text(cell, text, bold=True)
        paragraph.runs[0].font.color.rgb = ACCENT
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_before = Mm(4)
    fields = (
        (table.rows[1].cells[0:2], "{{ sag.leder }}", "Leder"),
        (
            table.rows[2].cells[0:2],
            "{{ sag.medarbejderrepraesentant }}",
            "Medarbejderrepræsentant{% if sag.repraesentantens_rolle %} "
            "({{ sag.repraesentantens_rolle }}){% endif %}",
        ),
        (
            table.rows[1].cells[2:4],
            "{% if sag.udbyder.kontaktperson %}{{ sag.udbyder.kontaktperson.navn }}{% endif %}",
            "{{ sag.udbyder.navn }}",
        ),
    )
    for (place_cell, line_cell), name, role in fields:
        _signature(place_cell, line_cell, name, role, gap=line_cell is not table.rows[1].cells[3])
    for cell in table.rows[2].cells[2:4]:
        _cell_text(cell, "")


def _signature(place_cell, line_cell, name: str, role: str, gap: bool) -> None:
    """One field: "Sted og dato" and the signature line, each with a rule above."""
    rule = {"w:val": "single", "w:sz": "6", "w:space": "1", "w:color": "1C2328"}
    label = _cell_text(place_cell, "Sted og dato", size=9)
    label.paragraph_format.right_indent = Mm(4)
    for cell, paragraph in ((place_cell, label), (line_cell, None)):
        if paragraph is None:
            paragraph = _cell_text(cell, name, bold=True, size=10)
            if gap:
                paragraph.paragraph_format.right_indent = Mm(12)
            _no_hyphens(paragraph.paragraph_format)
            role_line = _cell_text(cell, role, size=9)
            _no_hyphens(role_line.paragraph_format)
            if gap:
                role_line.paragraph_format.right_indent = Mm(12)
        paragraph.paragraph_format.space_before = Mm(12)  # .felt { margin-top: 12mm }
        paragraph.paragraph_format.keep_with_next = True
        paragraph_border(paragraph, "top", rule)


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
        # ul, ol { padding-left: 1.4em } per level; the marker hangs in it.
        depth = int(level.get(qn("w:ilvl"))) + 1
        props = level.find(qn("w:pPr"))
        if props is None:
            props = etree.SubElement(level, qn("w:pPr"))
        for old in [*props.findall(qn("w:ind")), *props.findall(qn("w:tabs"))]:
            props.remove(old)
        indent = etree.SubElement(props, qn("w:ind"))
        indent.set(qn("w:left"), str(LIST_INDENT * depth))
        indent.set(qn("w:hanging"), str(LIST_INDENT * 2 // 3))
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
    tab_stop, spacing = keep
    root.append(tab_stop)
    # hyphens: auto, as the PDF (headings and names suppress it in their paragraphs).
    etree.SubElement(root, qn("w:autoHyphenation"))
    root.extend([spacing, compat])
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
    """The layout of a Word file with tracked changes (brevgen.render.tracked): the letters'
    styles and page numbers; the builder writes the body, and Word tracks the reviewers' edits."""
    return _base(REVIEW, LETTER_HEADINGS, footer="")


def save(doc: Document, name: str, track: bool = False) -> None:
    title = f"brevgen-skabelon: {name.removesuffix('.docx')}"
    write_bytes(OUT / name, lean(doc, title, track))


if __name__ == "__main__":
    save(letter(), "brev.docx")
    save(appendix(), "bilag.docx")
    save(contract(), "kontrakt.docx")
    save(tracked(), "sporet.docx", track=True)
    print(f"skrev {OUT}/brev.docx, bilag.docx, kontrakt.docx og sporet.docx")
