"""Accessibility checks of a written PDF, so a build never ships an untagged or unreadable file.

WeasyPrint's own logging catches most faults while rendering (see :mod:`brevgen.render.pdf.log`);
these checks look at the finished bytes instead, which also catches faults a template
change or a WeasyPrint upgrade could bring in silently. They cover the machine-checkable
parts of PDF/UA-1 that brevgen controls: language, tagging, structure tree, title and its
display, the XMP conformance claim, embedded fonts with Unicode maps, and alternative text
on figures. They are no substitute for veraPDF, but need no Java.

Finding about PDF/A with WeasyPrint 70 (checked in tests/test_pdfcheck.py): both
``pdf/a-2a`` and ``pdf/a-3a`` keep tagging. WeasyPrint's variant table sets
``pdf_tags=True`` for all level-A variants (``pdf/a-1a``, ``-2a``, ``-3a``); the files have
``/MarkInfo``, ``/StructTreeRoot`` (same tree as ``pdf/ua-1``), ``/Lang``, ``/DisplayDocTitle``,
an sRGB output intent and an automatic ``/ID``. The level-B/U variants (``-2b``, ``-3u``, ...)
and ``pdf/a-4*`` do not tag. Neither A variant writes ``pdfuaid:part`` into XMP, so a
PDF/A-3a file is not declared PDF/UA unless brevgen adds that claim itself (see
:mod:`brevgen.render.pdf.meta`). ``pdf/a-3a`` is the one to offer: PDF/A-3 also allows embedded
source files, and it has the same tagging as ``pdf/a-2a``.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pikepdf

NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
NS_PDFAID = "http://www.aiim.org/pdfa/ns/id/"

# Variant -> (namespace, part, conformance) expected in XMP.
VARIANTS = {
    "pdf/ua-1": (NS_PDFUAID, "1", None),
    "pdf/a-2a": (NS_PDFAID, "2", "A"),
    "pdf/a-3a": (NS_PDFAID, "3", "A"),
}
VARIANT_LABELS = {"pdf/ua-1": "PDF/UA-1", "pdf/a-2a": "PDF/A-2a", "pdf/a-3a": "PDF/A-3a"}

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def check_pdf(
    path_or_bytes: str | Path | bytes, expect_title: str | None = None, variant: str = "pdf/ua-1"
) -> list[str]:
    """Return Danish descriptions of every accessibility fault found; empty means fine."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown PDF variant {variant!r}; known: {', '.join(VARIANTS)}")
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    try:
        pdf = pikepdf.open(source)
    except (pikepdf.PdfError, OSError) as error:
        return [f"Filen kan ikke læses som PDF: {error}"]
    with pdf:
        faults: list[str] = []
        faults += _check_lang(pdf.Root)
        faults += _check_tagging(pdf.Root)
        xmp = _read_xmp(pdf.Root, faults)
        if xmp is not None:
            faults += _check_conformance(xmp, variant)
        faults += _check_title(pdf, xmp, expect_title)
        faults += _check_fonts(pdf)
        faults += _check_figures(pdf)
        return faults


def _check_lang(root: pikepdf.Dictionary) -> list[str]:
    lang = str(root.get("/Lang", "")).strip()
    if not lang:
        return ["Dokumentsproget (/Lang) mangler, men skal være 'da'."]
    if lang.lower() != "da" and not lang.lower().startswith("da-"):
        return [f"Dokumentsproget (/Lang) er '{lang}', men skal være 'da'."]
    return []


def _check_tagging(root: pikepdf.Dictionary) -> list[str]:
    faults = []
    mark_info = root.get("/MarkInfo")
    if not isinstance(mark_info, pikepdf.Dictionary) or mark_info.get("/Marked") is not True:
        faults.append("PDF-filen er ikke angivet som tagget PDF (/MarkInfo /Marked er ikke sand).")
    tree = root.get("/StructTreeRoot")
    if not isinstance(tree, pikepdf.Dictionary):
        faults.append(
            "PDF-filen har intet strukturtræ (/StructTreeRoot), så skærmlæsere kan ikke finde "
            "overskrifter, lister og tabeller."
        )
    elif not _kids(tree):
        faults.append("Strukturtræet (/StructTreeRoot) er tomt.")
    prefs = root.get("/ViewerPreferences")
    if not isinstance(prefs, pikepdf.Dictionary) or prefs.get("/DisplayDocTitle") is not True:
        faults.append(
            "PDF-læseren er ikke sat til at vise dokumentets titel i stedet for filnavnet "
            "(/ViewerPreferences /DisplayDocTitle er ikke sand)."
        )
    return faults


def _read_xmp(root: pikepdf.Dictionary, faults: list[str]) -> ET.Element | None:
    stream = root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        faults.append("PDF-filen har ingen XMP-metadata (/Metadata).")
        return None
    try:
        return ET.fromstring(stream.read_bytes())
    except (ET.ParseError, pikepdf.PdfError) as error:
        faults.append(f"XMP-metadata i PDF-filen kan ikke læses: {error}")
        return None


def _xmp_property(xmp: ET.Element, namespace: str, name: str) -> str | None:
    """Value of a simple XMP property, written as attribute or element of rdf:Description."""
    key = f"{{{namespace}}}{name}"
    for description in xmp.iter(f"{{{NS_RDF}}}Description"):
        if key in description.attrib:
            return description.attrib[key].strip()
        element = description.find(key)
        if element is not None and element.text:
            return element.text.strip()
    return None


def _xmp_title(xmp: ET.Element) -> str | None:
    """dc:title, preferring the x-default alternative."""
    items = xmp.findall(f".//{{{NS_DC}}}title//{{{NS_RDF}}}li")
    lang_key = "{http://www.w3.org/XML/1998/namespace}lang"
    items.sort(key=lambda item: item.get(lang_key) != "x-default")
    return (items[0].text or "").strip() if items else None


def _check_conformance(xmp: ET.Element, variant: str) -> list[str]:
    namespace, part, conformance = VARIANTS[variant]
    label = VARIANT_LABELS[variant]
    prefix = "pdfuaid" if namespace == NS_PDFUAID else "pdfaid"
    faults = []
    found = _xmp_property(xmp, namespace, "part")
    if found is None:
        faults.append(f"XMP-metadata mangler {prefix}:part = {part}, som erklærer {label}.")
    elif found != part:
        faults.append(
            f"XMP-metadata erklærer {prefix}:part = {found}, men skal være {part} ({label})."
        )
    if conformance is not None:
        level = _xmp_property(xmp, namespace, "conformance")
        if level is None:
            faults.append(
                f"XMP-metadata mangler {prefix}:conformance = {conformance}, som erklærer {label}."
            )
        elif level.upper() != conformance:
            faults.append(
                f"XMP-metadata erklærer {prefix}:conformance = {level}, "
                f"men skal være {conformance} ({label})."
            )
    return faults


def _check_title(pdf: pikepdf.Pdf, xmp: ET.Element | None, expect: str | None) -> list[str]:
    info = pdf.trailer.get("/Info")
    titles = {}
    if isinstance(info, pikepdf.Dictionary) and str(info.get("/Title", "")).strip():
        titles["/Title"] = str(info["/Title"]).strip()
    if xmp is not None and _xmp_title(xmp):
        titles["dc:title"] = _xmp_title(xmp)
    if not titles:
        return ["Dokumentet har ingen titel (hverken /Title eller dc:title i XMP)."]
    if expect is None:
        return []
    return [
        f"Dokumentets titel ({key}) er '{title}', men skal være '{expect}'."
        for key, title in titles.items()
        if title != expect.strip()
    ]


def _check_fonts(pdf: pikepdf.Pdf) -> list[str]:
    faults = []
    for font in _fonts(pdf):
        name = _font_name(font)
        subtype = font.get("/Subtype")
        if subtype == "/Type3":
            embedded = True  # glyphs are content streams inside the file
        elif subtype == "/Type0":
            descendants = font.get("/DescendantFonts") or []
            embedded = bool(descendants) and all(_has_font_file(d) for d in descendants)
        else:
            embedded = _has_font_file(font)
        if not embedded:
            faults.append(f"Skrifttypen '{name}' er ikke indlejret i PDF-filen.")
        if not isinstance(font.get("/ToUnicode"), pikepdf.Stream):
            faults.append(
                f"Skrifttypen '{name}' har ingen /ToUnicode-tabel, så teksten kan ikke "
                "kopieres eller læses op korrekt."
            )
    return faults


def _has_font_file(font: pikepdf.Dictionary) -> bool:
    descriptor = font.get("/FontDescriptor")
    return isinstance(descriptor, pikepdf.Dictionary) and any(
        isinstance(descriptor.get(key), pikepdf.Stream) for key in FONT_FILES
    )


def _font_name(font: pikepdf.Dictionary) -> str:
    """BaseFont without the six-letter subset tag (``ABCDEF+Lato`` -> ``Lato``)."""
    name = str(font.get("/BaseFont", font.get("/Name", "(uden navn)"))).lstrip("/")
    tag, plus, rest = name.partition("+")
    return rest if plus and len(tag) == 6 and tag.isupper() else name


def _fonts(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every distinct font used by pages, form XObjects, patterns, Type3 fonts, annotations."""
    seen: set[tuple[int, int]] = set()
    fonts: list[pikepdf.Dictionary] = []

    def visit_resources(resources) -> None:
        if not isinstance(resources, pikepdf.Dictionary) or not _first_visit(resources, seen):
            return
        font_dict = resources.get("/Font")
        if isinstance(font_dict, pikepdf.Dictionary):
            for font in font_dict.values():
                if isinstance(font, pikepdf.Dictionary) and _first_visit(font, seen):
                    fonts.append(font)
                    visit_resources(font.get("/Resources"))  # Type3 glyph procedures
        for group in ("/XObject", "/Pattern"):
            entries = resources.get(group)
            if isinstance(entries, pikepdf.Dictionary):
                for entry in entries.values():
                    visit_resources(entry.get("/Resources") if entry is not None else None)

    for page in pdf.pages:
        visit_resources(page.obj.get("/Resources"))
        for annotation in page.obj.get("/Annots") or []:
            appearance = annotation.get("/AP") if annotation is not None else None
            if isinstance(appearance, pikepdf.Dictionary):
                for stream in appearance.values():
                    if isinstance(stream, pikepdf.Stream):
                        visit_resources(stream.get("/Resources"))
    return iter(fonts)


def _first_visit(obj: pikepdf.Object, seen: set[tuple[int, int]]) -> bool:
    """True the first time an indirect object is met (guards against cycles); direct: always."""
    if not obj.is_indirect:
        return True
    if obj.objgen in seen:
        return False
    seen.add(obj.objgen)
    return True


def _kids(element: pikepdf.Dictionary) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _check_figures(pdf: pikepdf.Pdf) -> list[str]:
    tree = pdf.Root.get("/StructTreeRoot")
    if not isinstance(tree, pikepdf.Dictionary):
        return []
    role_map = tree.get("/RoleMap")
    roles = {str(k): str(v) for k, v in role_map.items()} if role_map is not None else {}
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    faults = []
    seen: set[tuple[int, int]] = set()
    stack = list(reversed(_kids(tree)))
    while stack:
        element = stack.pop()
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            continue  # marked-content ids, MCR and OBJR references
        if not _first_visit(element, seen):
            continue
        stack.extend(reversed(_kids(element)))
        kind = str(element.S)
        if roles.get(kind, kind) != "/Figure":
            continue
        text = str(element.get("/Alt", "")).strip() or str(element.get("/ActualText", "")).strip()
        if not text:
            page = element.get("/Pg")
            number = pages.get(page.objgen) if isinstance(page, pikepdf.Dictionary) else None
            where = f" på side {number}" if number else ""
            faults.append(
                f"Et billede (strukturelement /Figure){where} har ingen alternativ tekst (/Alt)."
            )
    return faults
