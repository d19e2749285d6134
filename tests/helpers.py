"""Small fixture projects built from dicts, and text extraction from DOCX and PDF."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from docx import Document
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]

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


def docx_text(path: Path) -> str:
    """All body text of a DOCX in reading order (paragraphs and table cells)."""
    doc = Document(str(path))
    parts: list[str] = []
    for block in doc.element.body.iter():
        if block.tag.endswith("}p"):
            text = "".join(node.text or "" for node in block.iter() if node.tag.endswith("}t"))
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


def words(text: str) -> list[str]:
    """Words for comparing formats: spaces unified, soft hyphens and bullets dropped."""
    text = text.replace("\u00ad", "").replace("\u00a0", " ")
    text = re.sub(r"[•◦▪]", " ", text)
    return text.split()
