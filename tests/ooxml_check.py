"""Checks a DOCX the way Word reads it, so a file that fails here would get a repair prompt.

Two layers, each returning plain sentences (an empty list is a clean file):

* :func:`schema_problems`: every XML part against the ECMA-376 transitional schemas in
  ``tests/ooxml/schemas`` (see the README there), chosen by the part's root namespace, after
  markup compatibility (ECMA-376 Part 3) has dropped what ``mc:Ignorable`` lets a reader
  ignore. The schemas fix, among other things, the order of a paragraph's properties.
* :func:`word_problems`: what Word resolves beyond the schemas: the package (content types,
  relationships and their targets, no stray parts), every relationship id a part uses,
  every style a paragraph, run, table, numbering or style refers to (and of the right type),
  every numbering id and abstract numbering, the embedded fonts, and the core properties'
  rules from OPC (ECMA-376 Part 2, §9.1.1: no markup compatibility, ``xsi:type`` only on the
  two dates, which must say ``dcterms:W3CDTF``).
"""

from __future__ import annotations

import functools
import io
import posixpath
import zipfile
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "ooxml" / "schemas"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
DCTERMS = "http://purl.org/dc/terms/"
FONT_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_REL = f"{R}/font"
HYPERLINK_REL = f"{R}/hyperlink"

# Root namespace of a part -> the schema that describes it.
SCHEMA_FOR = {
    W: "wml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "dml-main.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties": (
        "shared-documentPropertiesExtended.xsd"
    ),
    CORE: "opc-coreProperties.xsd",
    CT: "opc-contentTypes.xsd",
    PKG_REL: "opc-relationships.xsd",
}
# Elements whose w:val names a style, and the type that style must have.
STYLE_REFERENCES = {
    "pStyle": "paragraph",
    "rStyle": "character",
    "tblStyle": "table",
    "numStyleLink": "numbering",
    "styleLink": "numbering",
}


class _LocalSchemas(etree.Resolver):
    """Every schema location (a URL or a relative name) resolves to the vendored file."""

    def resolve(self, url, public_id, context):  # noqa: ANN001, ANN201 (lxml's signature)
        path = SCHEMAS / posixpath.basename(url or "")
        if path.is_file():
            return self.resolve_filename(str(path), context)
        raise LookupError(f"schema {url} is not in {SCHEMAS}")


@functools.cache
def schema(name: str) -> etree.XMLSchema:
    """The compiled schema ``name`` from tests/ooxml/schemas (never from the network)."""
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas())
    target = etree.parse(str(SCHEMAS / name), parser).getroot().get("targetNamespace")
    # Some schemas import the xml: namespace without a location; import it first, here.
    driver = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
      <xsd:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>
      <xsd:import namespace="{target}" schemaLocation="{name}"/>
    </xsd:schema>"""
    root = etree.fromstring(driver, parser, base_url=str(SCHEMAS / "driver.xsd"))
    return etree.XMLSchema(root)


def parts(data: bytes) -> dict[str, bytes]:
    """The DOCX's zip entries by name, in archive order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _xml_parts(entries: dict[str, bytes]) -> dict[str, etree._Element]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return {
        name: etree.fromstring(blob, parser)
        for name, blob in entries.items()
        if name.endswith((".xml", ".rels"))
    }


def _without_ignorables(root: etree._Element) -> etree._Element:
    """The part as a reader sees it after markup compatibility processing (Part 3, §10).

    Elements and attributes in namespaces that ``mc:Ignorable`` lists are dropped with the
    attribute itself; anything else of markup compatibility stays and fails the schema.
    """
    root = etree.fromstring(etree.tostring(root))
    ignorable: set[str] = set()
    for element in root.iter():
        prefixes = element.get(f"{{{MC}}}Ignorable")
        if prefixes is None:
            continue
        ignorable.update(element.nsmap[p] for p in prefixes.split() if p in element.nsmap)
        del element.attrib[f"{{{MC}}}Ignorable"]
    if not ignorable:
        return root
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace in ignorable and element.getparent() is not None:
            element.getparent().remove(element)
            continue
        for attribute in list(element.attrib):
            if attribute.startswith("{") and attribute[1:].split("}")[0] in ignorable:
                del element.attrib[attribute]
    return root


def schema_problems(data: bytes) -> list[str]:
    """Every XML part of the DOCX that does not validate against its ECMA-376 schema."""
    problems = []
    for name, root in _xml_parts(parts(data)).items():
        namespace = etree.QName(root).namespace
        if namespace not in SCHEMA_FOR:
            problems.append(f"{name}: root {root.tag} has no ECMA-376 schema")
            continue
        checked = root if namespace == CORE else _without_ignorables(root)
        validator = schema(SCHEMA_FOR[namespace])
        if not validator.validate(checked):
            for error in validator.error_log:
                problems.append(f"{name}:{error.line}: {error.message}")
    return problems


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _target(part: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target)).lstrip("/")


def word_problems(data: bytes) -> list[str]:
    """What Word resolves beyond the schemas; see the module docstring."""
    entries = parts(data)
    problems: list[str] = []
    names = list(entries)
    if not names or names[0] != "[Content_Types].xml":
        problems.append("[Content_Types].xml is not the first entry of the zip")
    xml = _xml_parts(entries)

    # Content types: every part has one, every override names a part.
    types = xml["[Content_Types].xml"]
    defaults = {
        d.get("Extension").lower(): d.get("ContentType") for d in types.iter(f"{{{CT}}}Default")
    }
    overrides = {
        o.get("PartName").lstrip("/"): o.get("ContentType") for o in types.iter(f"{{{CT}}}Override")
    }
    for name in overrides:
        if name not in entries:
            problems.append(f"[Content_Types].xml: override for missing part /{name}")

    def content_type(name: str) -> str | None:
        extension = posixpath.basename(name).rpartition(".")[2].lower()
        return overrides.get(name) or defaults.get(extension)

    for name in names[1:]:
        if content_type(name) is None:
            problems.append(f"{name}: no content type")

    # Relationships: unique ids, internal targets exist, every part is reached.
    relations: dict[str, dict[str, etree._Element]] = {}
    reached = {"[Content_Types].xml"}
    for source in ["", *names]:
        rels_name = "_rels/.rels" if source == "" else _rels_name(source)
        if rels_name not in xml:
            continue
        reached.add(rels_name)
        by_id: dict[str, etree._Element] = {}
        for rel in xml[rels_name].iter(f"{{{PKG_REL}}}Relationship"):
            rid = rel.get("Id")
            if rid in by_id:
                problems.append(f"{rels_name}: relationship id {rid} twice")
            by_id[rid] = rel
            if rel.get("TargetMode") == "External":
                continue
            target = _target(source or "/", rel.get("Target"))
            if target not in entries:
                problems.append(f"{rels_name}: {rid} points to missing part {target}")
            reached.add(target)
        relations[source] = by_id
    for name in names:
        if name not in reached:
            problems.append(f"{name}: no relationship leads to this part")

    # Relationship ids used in a part exist in its relationships.
    for name, root in xml.items():
        if name.endswith(".rels") or name == "[Content_Types].xml":
            continue
        for element in root.iter():
            for attribute, value in element.attrib.items():
                if not attribute.startswith(f"{{{R}}}"):
                    continue
                rel = relations.get(name, {}).get(value)
                if rel is None:
                    local = etree.QName(element).localname
                    problems.append(f"{name}: <{local}> refers to undefined relationship {value}")
                elif (
                    etree.QName(element).localname == "hyperlink"
                    and rel.get("Type") != HYPERLINK_REL
                ):
                    problems.append(f"{name}: hyperlink {value} is not a hyperlink relationship")

    document = _main_document(xml, relations)
    if document is None:
        problems.append("no main document part")
        return problems
    problems += _style_problems(xml, relations, document)
    problems += _numbering_problems(xml, relations, document)
    problems += _font_problems(xml, relations, document, content_type)
    problems += _core_problems(xml)
    return problems


def _main_document(xml: dict, relations: dict) -> str | None:
    for rel in relations.get("", {}).values():
        if rel.get("Type").endswith("/officeDocument"):
            return _target("/", rel.get("Target"))
    return None


def _related(relations: dict, document: str, kind: str) -> str | None:
    for rel in relations.get(document, {}).values():
        if rel.get("Type") == f"{R}/{kind}":
            return _target(document, rel.get("Target"))
    return None


def _wml_parts(xml: dict, relations: dict, document: str) -> list[str]:
    """The main document and the parts it relates to that hold WordprocessingML."""
    found = [document]
    for rel in relations.get(document, {}).values():
        if rel.get("TargetMode") == "External":
            continue
        target = _target(document, rel.get("Target"))
        if target in xml and etree.QName(xml[target]).namespace == W:
            found.append(target)
    return found


def _val(element: etree._Element) -> str | None:
    return element.get(f"{{{W}}}val")


def _style_problems(xml: dict, relations: dict, document: str) -> list[str]:
    problems: list[str] = []
    styles_name = _related(relations, document, "styles")
    if styles_name is None or styles_name not in xml:
        return ["the document has no styles part"]
    types: dict[str, str] = {}
    for style in xml[styles_name].iter(f"{{{W}}}style"):
        sid = style.get(f"{{{W}}}styleId")
        if sid in types:
            problems.append(f"{styles_name}: style id {sid} twice")
        types[sid] = style.get(f"{{{W}}}type", "paragraph")

    def check(part: str, element: etree._Element, expected: str | None) -> None:
        value = _val(element)
        local = etree.QName(element).localname
        if value not in types:
            problems.append(f"{part}: <{local}> refers to undefined style {value!r}")
        elif expected and types[value] != expected:
            problems.append(f"{part}: <{local}> refers to {types[value]} style {value!r}")

    for part in _wml_parts(xml, relations, document):
        for local, expected in STYLE_REFERENCES.items():
            for element in xml[part].iter(f"{{{W}}}{local}"):
                check(part, element, expected)
    linked = {"paragraph": "character", "character": "paragraph"}
    for style in xml[styles_name].iter(f"{{{W}}}style"):
        kind = style.get(f"{{{W}}}type", "paragraph")
        for child, expected in (
            ("basedOn", kind),
            ("next", "paragraph" if kind == "paragraph" else None),
            ("link", linked.get(kind)),
        ):
            for element in style.findall(f"{{{W}}}{child}"):
                check(styles_name, element, expected)
    return problems


def _numbering_problems(xml: dict, relations: dict, document: str) -> list[str]:
    problems: list[str] = []
    numbering_name = _related(relations, document, "numbering")
    numbering = xml.get(numbering_name) if numbering_name else None
    nums: set[str] = set()
    if numbering is not None:
        abstract = {a.get(f"{{{W}}}abstractNumId") for a in numbering.iter(f"{{{W}}}abstractNum")}
        for num in numbering.iter(f"{{{W}}}num"):
            nums.add(num.get(f"{{{W}}}numId"))
            for ref in num.iter(f"{{{W}}}abstractNumId"):
                if _val(ref) not in abstract:
                    problems.append(
                        f"{numbering_name}: num {num.get(f'{{{W}}}numId')} "
                        f"refers to undefined abstractNum {_val(ref)}"
                    )
    wml = _wml_parts(xml, relations, document)
    for part in wml:
        for element in xml[part].iter(f"{{{W}}}numId"):
            if _val(element) != "0" and _val(element) not in nums:
                problems.append(f"{part}: numId {_val(element)} is not defined in numbering")
    return problems


def _font_problems(xml: dict, relations: dict, document: str, content_type) -> list[str]:
    problems: list[str] = []
    table_name = _related(relations, document, "fontTable")
    if table_name is None:
        return problems
    rels = relations.get(table_name, {})
    for embed in xml[table_name].iter():
        local = etree.QName(embed).localname
        if not local.startswith("embed"):
            continue
        rel = rels.get(embed.get(f"{{{R}}}id"))
        if rel is None:
            continue  # reported with the other relationship ids
        target = _target(table_name, rel.get("Target"))
        if rel.get("Type") != FONT_REL or content_type(target) != FONT_TYPE:
            problems.append(f"{table_name}: <{local}> is not an obfuscated font part")
        if embed.get(f"{{{W}}}fontKey") is None:
            problems.append(f"{table_name}: <{local}> has no fontKey to read the font with")
    return problems


def _core_problems(xml: dict) -> list[str]:
    problems: list[str] = []
    for name, root in xml.items():
        if etree.QName(root).namespace != CORE:
            continue
        for element in root.iter():
            qname = etree.QName(element)
            if any(k.startswith(f"{{{MC}}}") for k in element.attrib) or qname.namespace == MC:
                problems.append(f"{name}: markup compatibility is not allowed in core properties")
            kind = element.get(f"{{{XSI}}}type")
            dated = qname.namespace == DCTERMS and qname.localname in ("created", "modified")
            prefix, _, local = (kind or "").rpartition(":")
            if dated and (element.nsmap.get(prefix or None) != DCTERMS or local != "W3CDTF"):
                problems.append(f"{name}: dcterms:{qname.localname} without xsi:type W3CDTF")
            if not dated and kind is not None:
                problems.append(f"{name}: xsi:type on {qname.localname}")
    return problems


def docx_problems(data: bytes) -> list[str]:
    """Both layers: a DOCX that Word opens without repairing gives an empty list."""
    return schema_problems(data) + word_problems(data)
