"""Small fixture projects built from dicts, text extraction from DOCX and PDF, and the one
normalisation used to compare texts with the verbatim sources in tests/sources/ (corrected
through tests/sources/rettelser.yaml)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

import corrections

REPO = Path(__file__).resolve().parents[1]
SOURCES = Path(__file__).resolve().parent / "sources"

ROUND = """\
navn: Testrunde
overenskomst: OK15
tilbudsperiode: {fra: 2016-04-01, til: 2018-03-31}
temaer: [organisatoriske-forandringer, faglige-forandringer]
udbydere: [nfa, ruc]
"""

LETTER = """\
type: brev
titel: Et bedre psykisk arbejdsmiljø
dato: 2016-03-14
afsendere: [danske-regioner, forhandlingsfaellesskabet]
modtagere: regioner
tekst: |
  Til {{ modtager.navn }} fra den {{ runde.tilbudsperiode.fra | dato }}.

  - organisatoriske forandringer,
  - vold og trusler.
underskrivere:
  - person: ak
bilag: [bilag-1]
"""

APPENDIX = """\
type: bilag
nummer: 1
titel: Vilkår
tekst: |
  De lokale parter kan i enighed rekvirere ekspertrådgivning.
"""


def make_project(root: Path, files: dict[str, str] | None = None, *, real_content=False) -> Path:
    """A project in ``root`` with the real registers and templates plus ``files``.

    ``files`` maps paths below content/ to YAML text; ``None`` as text deletes the file.
    """
    shutil.copytree(REPO / "templates", root / "templates")
    if real_content:
        shutil.copytree(REPO / "content", root / "content")
    else:
        shutil.copytree(REPO / "content" / "registre", root / "content" / "registre")
        base = {"test/runde.yaml": ROUND, "test/brev.yaml": LETTER, "test/bilag-1.yaml": APPENDIX}
        files = {**base, **(files or {})}
    for name, text in (files or {}).items():
        path = root / "content" / name
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def docx_text(path: Path, headers: bool = False) -> str:
    """All body text of a DOCX in reading order (paragraphs and table cells)."""
    doc = Document(str(path))
    parts: list[str] = []
    roots = [doc.element.body]
    if headers:
        roots = [s.header._element for s in doc.sections] + roots
    for block in (node for root in roots for node in root.iter()):
        if block.tag.endswith("}p"):
            # A line break (w:br) inside a paragraph (a contact block's lines) reads as a space;
            # paragraphs are lines.
            text = "".join(
                node.text or "" if node.tag.endswith("}t") else " "
                for node in block.iter()
                if node.tag.endswith(("}t", "}br"))
            )
            if text:
                parts.append(text)
    return "\n".join(parts)


def pdf_text(path: Path, furniture: bool = False) -> str:
    """Text of a PDF; without ``furniture``, the page-number and footer lines are dropped."""
    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    if not furniture:
        text = "\n".join(
            line for line in text.splitlines() if not re.search(r"Side \d+ af \d+\s*$", line)
        )
    return text


def normalise(text: str) -> str:
    """Text with extraction artefacts removed, so that only wording can differ.

    Line-break hyphens, bullets, "./." margin markers, soft hyphens, U+2010 hyphens, any run
    of spaces (also non-breaking) and the grouping of phone digits are normalised away.
    """
    text = text.replace("\u00ad", "").replace("\u2010", "-")
    text = re.sub(r"-[ \t]*\n\s*(?=[a-zæøå])", "", text)  # "ar-\nbejdsmiljø" -> "arbejdsmiljø"
    text = re.sub(r"-[ \t]*\n\s*(?=[A-ZÆØÅ])", "-", text)  # "institutions-\nMED" keeps its hyphen
    text = text.replace("./.", " ").replace("•", " ")
    text = re.sub(r"\s+", " ", text)  # also non-breaking spaces
    text = re.sub(r"(?<=\d) (?=\d)", "", text)  # phone groups: "3347 0617" == "33 47 06 17"
    return re.sub(r" ([.,:;])", r"\1", text).strip()


def words(text: str) -> list[str]:
    """Words for comparing formats (see :func:`normalise`)."""
    return normalise(text).split()


def source(name: str) -> str:
    """A verbatim source text from tests/sources/ without its header line."""
    lines = (SOURCES / name).read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0].startswith("# Transcribed from the source")
    return "".join(lines[1:])


def corrected_source(name: str) -> str:
    """A verbatim source, normalised, with the corrections listed for it in rettelser.yaml."""
    return corrections.apply(normalise(source(name)), name, normalise)


def assert_same_words(expected_source: str, transcription: str) -> None:
    """Fail with the first difference unless both texts have the same words in order."""
    expected, actual = normalise(expected_source), normalise(transcription)
    if expected != actual:
        prefix = 0
        while prefix < min(len(expected), len(actual)) and expected[prefix] == actual[prefix]:
            prefix += 1
        start = max(0, prefix - 60)
        pytest.fail(
            f"first difference at {prefix}:\n source: …{expected[start : prefix + 60]}\n"
            f" content: …{actual[start : prefix + 60]}"
        )


def fontconfig_without_lato(folder: Path) -> dict[str, str]:
    """An environment whose fontconfig sees the system fonts but never a font named Lato."""
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        "  <dir>/usr/share/fonts</dir>\n"
        f"  <cachedir>{folder / 'fontcache'}</cachedir>\n"
        '  <selectfont><rejectfont><pattern><patelt name="family"><string>Lato</string>'
        "</patelt></pattern></rejectfont></selectfont>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return {
        **os.environ,
        "HOME": str(folder / "home"),
        "FONTCONFIG_FILE": str(config),
        "FONTCONFIG_PATH": str(folder),
    }
