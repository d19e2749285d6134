"""Word blocks whose shape depends on the document, made as the PDF's CSS makes them.

A DOCX layout is a fixed Word file; the PDF's letterhead and signatures are flex boxes that
take the width of their text (``.brevhoved``, ``.underskrifter`` in style.css). Word has no
such boxes, so these filters build them as tables whose columns are measured here, with
Lato's advance widths, and the template places them with ``{{p … }}``:

* ``brevhoved``: the senders side by side at the right margin (name, address, web, and a
  logo above the name when the party has one), a rule under them;
* ``afslutning``: the greeting, the signatures (one column per sending party) and the list
  of appendices, kept together on one page;
* ``hold_sammen``: a Markdown field whose last paragraph keeps with what follows (the
  letter's last paragraph goes with the closing, as ``.afslutning`` takes it in the PDF).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import jinja2
from markupsafe import Markup

from brevgen.render import docx_images

TWIPS_PER_MM = 1440 / 25.4
ACCENT, MUTED, INK = "1F5F75", "5A6570", "1C2328"
TEXT_WIDTH = 163  # mm between the letter's margins (210 - 25 - 22)
GAP = 9  # .brevhoved { gap: 9mm }
SIGNATURE_COLUMN, SIGNATURE_GAP = 62, 12  # .underskriftskolonne { flex: 0 1 62mm }, gap 12mm
_KEEP = "<w:keepNext/><w:keepLines/>"


@cache
def _advances(path: Path) -> tuple[dict[int, int], float]:
    from fontTools.ttLib import TTFont

    from brevgen.render.fontconfig import quiet_font_tools

    quiet_font_tools()  # fontTools finds Lato's creation date odd and says so
    font = TTFont(path, lazy=True)
    metrics = font["hmtx"].metrics
    cmap = {code: metrics[name][0] for code, name in font.getBestCmap().items()}
    return cmap, font["head"].unitsPerEm


def text_mm(fonts: Path, text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` set in Lato (from ``fonts``) at ``size`` points, in mm."""
    advances, units = _advances(fonts / ("Lato-Bold.ttf" if bold else "Lato-Regular.ttf"))
    width = sum(advances.get(ord(c), units // 2) for c in text)
    return width / units * size * 25.4 / 72


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def _run(text: str, size: float, color: str, bold: bool = False) -> str:
    props = (
        ("<w:b/>" if bold else "") + f'<w:color w:val="{color}"/>'
        f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    )
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _paragraph(content: str, size: float, before: float = 0, keep: bool = False) -> str:
    """A paragraph without spacing after, lines of ``size`` × 1.4 as the CSS sets them."""
    line = round(size * 1.4 * 20)
    spacing = f'<w:spacing w:before="{round(before * 20)}" w:after="0" w:line="{line}" '
    spacing += 'w:lineRule="atLeast"/>'
    return (
        f"<w:p><w:pPr>{_KEEP if keep else ''}<w:suppressAutoHyphens/>{spacing}</w:pPr>"
        f"{content}</w:p>"
    )


def _table(widths: list[float], cells: list[str], props: str, margins: list[float]) -> str:
    """One row of cells with the given widths (mm) and left cell margins (mm)."""
    grid = "".join(f'<w:gridCol w:w="{_twips(w)}"/>' for w in widths)
    row = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{_twips(w)}" w:type="dxa"/>'
        f'<w:tcMar><w:left w:w="{_twips(m)}" w:type="dxa"/></w:tcMar></w:tcPr>'
        f"{cell or _paragraph('', 1)}</w:tc>"
        for w, m, cell in zip(widths, margins, cells, strict=True)
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{_twips(sum(widths))}" w:type="dxa"/>{props}'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000" '
        'w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" '
        'w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>{row}</w:tr>"
        "</w:tbl>"
    )


def letterhead(template: Any, senders: list[dict], fonts: Path) -> Markup:
    """The senders at the right margin over a rule in the accent colour (``.brevhoved``)."""
    widths, cells = [], []
    for sender in senders:
        lines = [sender.get("adresse_linje"), sender.get("web")]
        lines = [line for line in lines if line]
        width = max(
            [text_mm(fonts, sender["navn"], 11, bold=True)]
            + [text_mm(fonts, line, 8.5) for line in lines]
        )
        content = ""
        logo = sender.get("logo")
        if logo:
            picture = docx_images.inline_picture(template, logo)
            width = max(width, logo["bredde_mm"])
            content += (
                f'<w:p><w:pPr><w:spacing w:before="0" w:after="{_twips(2)}"/></w:pPr>'
                f"<w:r>{picture}</w:r></w:p>"
            )
        content += _paragraph(_run(sender["navn"], 11, ACCENT, bold=True), 11)
        if sender.get("adresse_linje"):
            content += _paragraph(_run(sender["adresse_linje"], 8.5, MUTED), 8.5)
        if sender.get("web"):
            rid = template.build_url_id(_url(sender["web"]))
            link = f'<w:hyperlink r:id="{rid}">{_run(sender["web"], 8.5, MUTED)}</w:hyperlink>'
            content += _paragraph(link, 8.5)
        widths.append(width + 1)  # a millimetre for kerning and rounding
        cells.append(content)
    gaps = [GAP if i else 0 for i in range(len(widths))]
    widths = [w + g for w, g in zip(widths, gaps, strict=True)]
    spacer = max(TEXT_WIDTH - sum(widths), 0)
    rule = (
        '<w:tblBorders><w:bottom w:val="single" w:sz="10" w:space="0" '
        f'w:color="{ACCENT}"/></w:tblBorders>'
    )
    table = _table([spacer, *widths], ["", *cells], rule, [0, *gaps])
    # .brevhoved { padding-bottom: 3mm }: the cells' bottom margin, above the rule.
    table = table.replace(
        '<w:bottom w:w="0" w:type="dxa"/>', f'<w:bottom w:w="{_twips(3)}" w:type="dxa"/>', 1
    )
    return Markup(table)


def closing(greeting: str, columns: list[list[dict]], enclosures: list[str]) -> Markup:
    """The greeting, the signatures (one column per party, ``.underskrifter``) and the list
    of appendices, as one block that is never split (``.afslutning``, ``.bilagsliste``).

    One table cell that may not break across pages holds it all, the signatures as a table
    inside it: LibreOffice does not keep a table with the paragraph after it, as Word does
    when its paragraphs keep with the next, and a screen reader reads each signatory whole.
    """
    count = max(len(columns), 1)
    column = min(SIGNATURE_COLUMN, (TEXT_WIDTH - SIGNATURE_GAP * (count - 1)) / count)
    cells = []
    for people in columns:
        content = ""
        for index, person in enumerate(people):
            before = 34 if index else 0  # .underskrift { margin-bottom: 12mm }
            content += _paragraph(_run(person["navn"], 10.5, INK, bold=True), 10.5, before)
            content += "".join(_paragraph(_run(line, 10.5, INK), 10.5) for line in person["linjer"])
        cells.append(content)
    gaps = [SIGNATURE_GAP if i else 0 for i in range(len(cells))]
    signatures = _table([column + g for g in gaps], cells, "", gaps)
    # .afslutning { margin-top: 8mm } (less the paragraph above's 0.6 em), .hilsen 14mm under
    content = _paragraph(_run(greeting, 10.5, INK), 10.5, before=8 / 25.4 * 72 - 6.3)
    content = content.replace('w:after="0"', f'w:after="{_twips(14)}"', 1)
    content += signatures
    if enclosures:
        # .bilagsliste { margin-top: 8mm }, .bilag-overskrift, li { margin-bottom: 0.25em }
        content += _paragraph(_run("Bilag", 10.5, INK, bold=True), 10.5, before=8 / 25.4 * 72)
        content += "".join(_paragraph(_run(line, 10.5, INK), 10.5) for line in enclosures)
    else:
        content += _paragraph("", 1)  # a cell ends with a paragraph
    return Markup(_table([TEXT_WIDTH], [content], "", [0]))


def keep_last(xml: Any) -> Markup:
    """A Markdown field whose last paragraph keeps with the next and is not split."""
    text = str(xml)
    start = text.rfind("<w:p>")
    if start < 0:
        return Markup(text)
    head, tail = text[:start], text[start + len("<w:p>") :]
    if tail.startswith("<w:pPr>"):
        props = tail[len("<w:pPr>") :]
        if props.startswith("<w:pStyle "):
            end = props.index("/>") + 2
            tail = "<w:pPr>" + props[:end] + _KEEP + props[end:]
        else:
            tail = "<w:pPr>" + _KEEP + props
    else:
        tail = f"<w:pPr>{_KEEP}</w:pPr>" + tail
    return Markup(head + "<w:p>" + tail)


def _url(address: str) -> str:
    if "@" in address and "://" not in address:
        return f"mailto:{address}"
    return address if "://" in address else f"https://{address}"


def link(template: Any, address: str | None) -> Any:
    """An e-mail or web address as a Word hyperlink run (``{{r … | link_docx }}``)."""
    from docxtpl import RichText

    if not address:
        return ""
    return RichText(address, url_id=template.build_url_id(_url(address)), style="Hyperlink")


def install(env: jinja2.Environment, fonts: Path) -> None:
    """Add the filters to a DOCX layout environment (``fonts``: where Lato is)."""
    env.filters["brevhoved"] = jinja2.pass_context(
        lambda context, senders: letterhead(context["_docx"], senders, fonts)
    )
    env.filters["afslutning"] = closing
    env.filters["link_docx"] = jinja2.pass_context(
        lambda context, address: link(context["_docx"], address)
    )
    env.filters["hold_sammen"] = keep_last
