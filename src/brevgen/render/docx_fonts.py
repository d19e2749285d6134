"""Lato embedded in every Word file, the way Word embeds TrueType fonts.

A PC without Lato would show a Word file in some other font; so each DOCX carries the Lato
faces its text uses (regular, bold, italic, bold italic) as obfuscated font parts
(ECMA-376 Part 1, §17.8.1 and §17.8.3.3): the font table names each face with a
relationship to its part and the key (``w:fontKey``, a GUID) that undoes the obfuscation,
which XORs the first 32 bytes of the font with the key's 16 bytes. Lato's licence (SIL OFL
1.1) allows embedding it; the fonts go in whole and unmodified, so no modified version
carries the reserved name "Lato".

The key is derived from the font's bytes (not random), so the same input gives the same
DOCX. A :class:`FontEmbedder` reads and obfuscates each face once; a document only costs
finding which faces its runs use and a font table with those faces.
"""

from __future__ import annotations

import hashlib
import struct
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
FONT_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_RELATIONSHIP = f"{R}/font"
FONT_TABLE = "word/fontTable.xml"
FONT_TABLE_RELS = "word/_rels/fontTable.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"

# The faces Word can embed, in the font table's order, as (bold, italic) -> element name.
FACES = {
    (False, False): "embedRegular",
    (True, False): "embedBold",
    (False, True): "embedItalic",
    (True, True): "embedBoldItalic",
}
# Family name in the document -> (bold, italic) -> font file in templates/fonts.
FAMILIES = {
    "Lato": {
        (False, False): "Lato-Regular.ttf",
        (True, False): "Lato-Bold.ttf",
        (False, True): "Lato-Italic.ttf",
        (True, True): "Lato-BoldItalic.ttf",
    },
    "Lato Semibold": {(False, False): "Lato-Semibold.ttf"},
}
# The parts whose text is shown: the main document, headers and footers (by name prefix).
_TEXT_PARTS = ("word/document", "word/header", "word/footer")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_LIMIT = 16  # entries kept in each cache: a few layouts and face sets


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def font_key(data: bytes) -> str:
    """The GUID that obfuscates ``data`` in a DOCX: derived from the font's bytes."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """``data`` with its first 32 bytes XORed with ``key`` (§17.8.1); undoes itself.

    The key's 16 bytes are the GUID's hexadecimal digits read from the last pair to the
    first, and they are applied twice, to bytes 0-15 and 16-31.
    """
    secret = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ secret[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


@dataclass(frozen=True)
class FontFacts:
    """What a font table says of a font: PANOSE, and its Unicode and code page ranges."""

    panose: str
    unicode_ranges: tuple[int, int, int, int]
    code_pages: tuple[int, int]

    @classmethod
    def of(cls, data: bytes) -> FontFacts:
        """The facts from the font's OS/2 table (OpenType spec, "OS/2 — OS/2 and Windows
        Metrics Table": PANOSE at byte 32, ulUnicodeRange1-4 at 42, ulCodePageRange1-2 at
        78)."""
        (tables,) = struct.unpack_from(">H", data, 4)
        for index in range(tables):
            tag, _, offset, _ = struct.unpack_from(">4sLLL", data, 12 + 16 * index)
            if tag == b"OS/2":
                break
        else:
            raise ValueError("the font has no OS/2 table")
        return cls(
            panose=data[offset + 32 : offset + 42].hex().upper(),
            unicode_ranges=struct.unpack_from(">4L", data, offset + 42),
            code_pages=struct.unpack_from(">2L", data, offset + 78),
        )


def font_element(fonts: etree._Element, family: str, data: bytes) -> etree._Element:
    """A ``w:font`` for ``family`` added to the font table ``fonts`` (Lato is a sans serif
    of variable pitch)."""
    facts = FontFacts.of(data)
    font = etree.SubElement(fonts, _w("font"))
    font.set(_w("name"), family)
    for name, value in (
        ("panose1", facts.panose),
        ("charset", "00"),
        ("family", "swiss"),
        ("pitch", "variable"),
    ):
        etree.SubElement(font, _w(name)).set(_w("val"), value)
    sig = etree.SubElement(font, _w("sig"))
    for i, value in enumerate(facts.unicode_ranges):
        sig.set(_w(f"usb{i}"), f"{value:08X}")
    for i, value in enumerate(facts.code_pages):
        sig.set(_w(f"csb{i}"), f"{value:08X}")
    return font


@dataclass(frozen=True)
class EmbeddedFace:
    family: str
    face: tuple[bool, bool]  # (bold, italic)
    part: str  # zip entry name, e.g. word/fonts/lato-bold.odttf
    key: str
    data: bytes  # obfuscated


_P, _PPR, _PSTYLE, _R, _RPR, _RSTYLE, _T = (
    _w(name) for name in ("p", "pPr", "pStyle", "r", "rPr", "rStyle", "t")
)
_B, _I, _RFONTS, _VAL, _ASCII = (_w(name) for name in ("b", "i", "rFonts", "val", "ascii"))
_UNSET = (None, None, None, None)
Face = tuple[str, tuple[bool, bool]]  # (family, (bold, italic))


def _overrides(rpr: etree._Element | None) -> tuple:
    """(character style, family, bold, italic) that run properties set; None where not."""
    style = family = bold = italic = None
    for child in () if rpr is None else rpr:
        tag = child.tag
        if tag == _RSTYLE:
            style = child.get(_VAL)
        elif tag == _RFONTS:
            family = child.get(_ASCII)
        elif tag == _B:
            bold = child.get(_VAL, "true") not in ("0", "false", "off")
        elif tag == _I:
            italic = child.get(_VAL, "true") not in ("0", "false", "off")
    return (style, family, bold, italic)


def _over(top: tuple, base: tuple) -> tuple:
    return tuple(b if t is None else t for t, b in zip(top, base, strict=True))


class _Styles:
    """The face each paragraph style and run properties give, worked out once for a layout.

    Direct values win over inherited ones (``w:basedOn``, then the document defaults). Bold
    and italic are toggle properties (§17.7.3), which Word flips when both a paragraph and a
    character style set them; brevgen's layouts never set one in both, so the value set
    last decides.
    """

    def __init__(self, styles_xml: bytes) -> None:
        root = etree.fromstring(styles_xml, _PARSER)
        defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_RPR}")
        self.default = _overrides(defaults)[1:]
        self.raw: dict[str, tuple[str | None, tuple]] = {}
        self.default_paragraph: str | None = None
        for style in root.iter(_w("style")):
            sid = style.get(_w("styleId"))
            based = style.find(_w("basedOn"))
            own = _overrides(style.find(_RPR))[1:]
            self.raw[sid] = (based.get(_VAL) if based is not None else None, own)
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true"):
                self.default_paragraph = sid
        self.resolved: dict[str, tuple] = {}
        self.faces: dict[tuple, Face] = {}

    def props(self, sid: str | None) -> tuple:
        """(family, bold, italic) that style ``sid`` sets or inherits; None where open."""
        if sid is None or sid not in self.raw:
            return (None, None, None)
        if sid not in self.resolved:
            self.resolved[sid] = (None, None, None)  # a basedOn loop ends here
            based, own = self.raw[sid]
            self.resolved[sid] = _over(own, self.props(based))
        return self.resolved[sid]

    def face(self, paragraph_style: str | None, overrides: tuple = _UNSET) -> Face:
        """The face of text in a paragraph of ``paragraph_style`` with run ``overrides``."""
        key = (paragraph_style, overrides)
        if key not in self.faces:
            props = _over(self.props(paragraph_style or self.default_paragraph), self.default)
            if overrides[0] is not None:
                props = _over(self.props(overrides[0]), props)
            family, bold, italic = _over(overrides[1:], props)
            self.faces[key] = (family, (bool(bold), bool(italic)))
        return self.faces[key]


def _has_text(run: etree._Element) -> bool:
    return any(t.text for t in run.iter(_T))


def _paragraph_style(paragraph: etree._Element) -> str | None:
    """The paragraph's style id (the schema puts w:pPr first, and w:pStyle first in it)."""
    if len(paragraph) and paragraph[0].tag == _PPR:
        properties = paragraph[0]
        if len(properties) and properties[0].tag == _PSTYLE:
            return properties[0].get(_VAL)
    return None


def faces_used(
    entries: dict[str, bytes], styles: _Styles, trees: dict[str, etree._Element] | None = None
) -> set[Face]:
    """(family, (bold, italic)) of every run with visible text in the document's parts.

    ``trees`` may hold parts already parsed (by entry name), which are then not parsed again.
    """
    found: set[Face] = set()
    for name, blob in entries.items():
        if name.startswith(_TEXT_PARTS) and name.endswith(".xml"):
            root = (trees or {}).get(name)
            _faces_in(etree.fromstring(blob, _PARSER) if root is None else root, styles, found)
    return found


def _faces_in(root: etree._Element, styles: _Styles, found: set[Face]) -> None:
    """Add the faces of one part's text to ``found``.

    Most runs only carry text and take their face from their paragraph's style, so each
    styled paragraph is looked at once, and only the few runs with their own bold, italic,
    style or font one by one; lxml finds those by tag without Python walking the tree.
    """
    own: dict[etree._Element, etree._Element] = {}  # run -> its properties
    for element in root.iter(_B, _I, _RSTYLE, _RFONTS):
        properties = element.getparent()
        if properties.tag == _RPR and properties.getparent().tag == _R:
            own[properties.getparent()] = properties
    for run, properties in own.items():
        if _has_text(run):
            paragraph = next(run.iterancestors(_P))
            found.add(styles.face(_paragraph_style(paragraph), _overrides(properties)))
    for style in root.iter(_PSTYLE):
        if style.getparent().tag == _PPR and _plain_text(style.getparent().getparent(), own):
            found.add(styles.face(style.get(_VAL)))
    for paragraph in root.iter(_P):  # the default style: the first plain paragraph does
        if _paragraph_style(paragraph) is None and _plain_text(paragraph, own):
            found.add(styles.face(None))
            break


def _plain_text(paragraph: etree._Element, own: dict) -> bool:
    """Whether the paragraph has text in runs that take its style's face."""
    return any(run not in own and _has_text(run) for run in paragraph.iter(_R))


class FontEmbedder:
    """The fonts in ``folder``, read and obfuscated once, embedded into documents."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._faces: dict[tuple[str, tuple[bool, bool]], EmbeddedFace | None] = {}
        self._styles: dict[bytes, _Styles] = {}
        self._tables: dict[tuple[bytes, frozenset], bytes] = {}
        self._types: dict[bytes, bytes] = {}

    def face(self, family: str, face: tuple[bool, bool]) -> EmbeddedFace | None:
        """The embedded form of one face, or None when brevgen has no file for it."""
        key = (family, face)
        if key not in self._faces:
            name = FAMILIES.get(family, {}).get(face)
            if name is None:
                self._faces[key] = None
            else:
                data = (self.folder / name).read_bytes()
                guid = font_key(data)
                part = f"word/fonts/{Path(name).stem.lower()}.odttf"
                self._faces[key] = EmbeddedFace(family, face, part, guid, obfuscate(data, guid))
        return self._faces[key]

    def embed(self, entries: dict[str, bytes], trees: dict | None = None) -> None:
        """Add the faces the document's text uses to ``entries`` (a DOCX's zip entries);
        ``trees`` may hold its parts already parsed (see :func:`faces_used`)."""
        styles_xml = entries["word/styles.xml"]
        if styles_xml not in self._styles:
            _bounded(self._styles)[styles_xml] = _Styles(styles_xml)
        used = faces_used(entries, self._styles[styles_xml], trees)
        faces = sorted(
            (f for f in (self.face(family, face) for family, face in used) if f is not None),
            key=lambda f: (f.family, list(FACES).index(f.face)),
        )
        if not faces:
            return
        for face in faces:
            entries[face.part] = face.data
        table_key = (entries[FONT_TABLE], frozenset(f.part for f in faces))
        if table_key not in self._tables:
            _bounded(self._tables)[table_key] = self._font_table(entries[FONT_TABLE], faces)
        entries[FONT_TABLE] = self._tables[table_key]
        entries[FONT_TABLE_RELS] = _relationships(faces)
        types = entries[CONTENT_TYPES]
        if types not in self._types:
            _bounded(self._types)[types] = _with_font_type(types)
        entries[CONTENT_TYPES] = self._types[types]

    def _font_table(self, table_xml: bytes, faces: Iterable[EmbeddedFace]) -> bytes:
        """The layout's font table naming ``faces`` (and no face it named before)."""
        root = etree.fromstring(table_xml, _PARSER)
        fonts = {f.get(_w("name")): f for f in root.iter(_w("font"))}
        for font in fonts.values():
            for embedded in font.findall(_w("*")):
                if etree.QName(embedded).localname in FACES.values():
                    font.remove(embedded)
        for index, face in enumerate(faces, start=1):
            font = fonts.get(face.family)
            if font is None:
                data = (self.folder / FAMILIES[face.family][(False, False)]).read_bytes()
                font = fonts[face.family] = font_element(root, face.family, data)
            embed = etree.SubElement(font, _w(FACES[face.face]))
            embed.set(f"{{{R}}}id", f"rId{index}")
            embed.set(_w("fontKey"), face.key)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _bounded(cache: dict) -> dict:
    if len(cache) >= _LIMIT:
        cache.clear()
    return cache


def _relationships(faces: Iterable[EmbeddedFace]) -> bytes:
    root = etree.Element(f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
    for index, face in enumerate(faces, start=1):
        rel = etree.SubElement(root, f"{{{PKG_REL}}}Relationship")
        rel.set("Id", f"rId{index}")
        rel.set("Type", FONT_RELATIONSHIP)
        rel.set("Target", face.part.removeprefix("word/"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_font_type(types_xml: bytes) -> bytes:
    """The content types with the obfuscated font type for ``.odttf`` parts."""
    root = etree.fromstring(types_xml, _PARSER)
    if any(d.get("Extension") == "odttf" for d in root.iter(f"{{{CT}}}Default")):
        return types_xml
    default = etree.Element(f"{{{CT}}}Default")
    default.set("Extension", "odttf")
    default.set("ContentType", FONT_CONTENT_TYPE)
    root.insert(0, default)  # Defaults come before Overrides
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
