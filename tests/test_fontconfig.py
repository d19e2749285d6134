"""The PDF uses the shipped fonts and no font of the machine; right-to-left names come out
right; without HarfBuzz-Subset brevgen says once what to install."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pikepdf
import pytest

from brevgen.fonts import font_files
from brevgen.internals import font_files as known_font_files
from brevgen.render import fontconfig
from brevgen.render.fontconfig import shipped_fonts_only
from brevgen.render.pdf import PdfBuilder
from helpers import REPO

TEMPLATES = REPO / "templates"
NAMES = {
    "workplace": "مستشفى الملك فهد",  # Arabic
    "manager": "דוד כהן",  # Hebrew
    "unit": "Ωμέγα Жизнь ★ ⠿ 😀 Łódź",  # Greek, Cyrillic, symbols, Braille, emoji, Polish
}
# Renders one contract with the names above to argv[2], in a process of its own, so that
# fontconfig starts from the FONTCONFIG_FILE the test gives it.
RENDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path[:0] = [sys.argv[3] + "/contracts", sys.argv[3]]
    from register_rows import good_row, write_workbook
    from brevgen.content.project import load_project
    from brevgen.plans.contracts import identity, prepare
    from brevgen.render import Options, Renderer
    root = Path(sys.argv[1])
    workbook = write_workbook(root / "r.xlsx", [good_row(**NAMES)])
    prepared = prepare(load_project(root, "ok15-regioner"), "ok15-regioner", workbook)
    (issued,) = prepared.outcome.issued
    renderer = Renderer(root / "templates", Options())
    view = prepared.views.view(issued)
    pdf = renderer.render("pdf", [view], identity("ok15-regioner", issued))
    Path(sys.argv[2]).write_bytes(pdf)
    """
).replace("NAMES", repr(NAMES))


def test_the_pdf_font_configuration_knows_only_the_shipped_fonts():
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = shipped_fonts_only()
    assert known_font_files(fonts) == []  # nothing of the machine's
    CSS(filename=str(TEMPLATES / "html" / "style.css"), font_config=fonts)
    known = known_font_files(fonts)
    assert len(known) == len(font_files(TEMPLATES)) == 14
    assert {Path(f).parent for f in known} == {fonts._folder}  # the @font-face copies
    if not known_font_files(FontConfiguration()):
        pytest.skip("this machine has no fonts of its own to hide")


def test_the_environment_is_put_back(monkeypatch):
    monkeypatch.setenv("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    shipped_fonts_only()
    assert os.environ["FONTCONFIG_FILE"] == "/etc/fonts/fonts.conf"
    monkeypatch.delenv("FONTCONFIG_FILE")
    shipped_fonts_only()
    assert "FONTCONFIG_FILE" not in os.environ


def impostor(folder: Path) -> None:
    """A machine font that claims to be Lato and Noto Sans Arabic (Hebrew glyphs inside)."""
    from fontTools.ttLib import TTFont

    for family in ("Lato", "Noto Sans Arabic"):
        font = TTFont(TEMPLATES / "fonts" / "NotoSansHebrew-Bold.ttf")
        for record in font["name"].names:
            if record.nameID in (1, 4, 16):
                record.string = family
            elif record.nameID == 6:
                record.string = family.replace(" ", "") + "-Regular"
        font.save(folder / f"{family.replace(' ', '')}-Impostor.ttf")


def render(tmp_path: Path, name: str, machine_fonts: list[Path]) -> Path:
    """A contract PDF made where fontconfig's own setup sees ``machine_fonts`` folders."""
    dirs = "".join(f"<dir>{folder}</dir>" for folder in machine_fonts)
    conf = tmp_path / f"{name}.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig>{dirs}<cachedir>{tmp_path}/cache</cachedir>'
        "<alias><family>sans-serif</family><prefer><family>Lato</family></prefer></alias>"
        "</fontconfig>",
        encoding="utf-8",
    )
    out = tmp_path / f"{name}.pdf"
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    subprocess.run(
        [sys.executable, "-c", RENDER, str(tmp_path / "projekt"), str(out), str(REPO / "tests")],
        check=True,
        env=env,
        cwd=REPO,
    )
    return out


def embedded_fonts(path: Path) -> set[str]:
    with pikepdf.open(path) as pdf:
        return {
            str(font.BaseFont).split("+", 1)[-1]
            for page in pdf.pages
            for font in page.Resources.Font.values()
        }


def test_same_pdf_bytes_whatever_fonts_the_machine_has(tmp_path):
    root = tmp_path / "projekt"
    root.mkdir()
    shutil.copytree(TEMPLATES, root / "templates")
    shutil.copytree(REPO / "content", root / "content")
    (tmp_path / "maskine").mkdir()
    impostor(tmp_path / "maskine")
    bare = render(tmp_path, "uden", [])
    crowded = render(tmp_path, "med", [tmp_path / "maskine", Path("/usr/share/fonts")])
    assert bare.read_bytes() == crowded.read_bytes()
    assert embedded_fonts(bare) <= {
        "Lato", "Lato-Bold", "Lato-Semi-Bold", "Lato-Italic", "Noto-Sans", "Noto-Sans-Bold",
        "Noto-Sans-Arabic", "Noto-Sans-Arabic-Bold", "Noto-Sans-Hebrew",
        "Noto-Sans-Hebrew-Bold", "Noto-Sans-Symbols", "Noto-Sans-Symbols-2,", "Noto-Emoji",
    }  # fmt: skip
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(bare), "-"], capture_output=True, text=True, check=True
    ).stdout
    # Right-to-left names in their reading order (pdftotext marks the direction with
    # U+202B … U+202C), the rest as typed.
    plain = text.replace("\u202b", "").replace("\u202c", "")
    assert "Lederen, דוד כהן, og medarbejderrepræsentanten" in plain
    assert "rekvireres af afdelings-MED på مستشفى الملك فهد, Ωμέγα Жизнь ★ ⠿ 😀 Łódź" in " ".join(
        plain.split()
    )


def test_without_harfbuzz_subset_one_danish_hint_and_no_font_tools_warnings(monkeypatch):
    from weasyprint.text import ffi

    logger = logging.getLogger("fontTools")
    monkeypatch.setattr(logger, "level", logger.level)
    assert fontconfig.harfbuzz_subset_hint() is None  # installed here (and in CI)
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    assert fontconfig.harfbuzz_subset_hint() == (
        "HarfBuzz-Subset er ikke installeret, så PDF-filerne dannes omkring fire gange "
        "langsommere. Installér det (Debian/Ubuntu: apt-get install libharfbuzz-subset0), og "
        "kør igen."
    )
    logger.setLevel(logging.NOTSET)
    PdfBuilder(REPO / "templates")  # every process that makes PDFs
    assert logger.level == logging.ERROR


def test_a_run_that_makes_pdfs_without_harfbuzz_subset_says_so_once(tmp_path, monkeypatch):
    from click.testing import CliRunner
    from weasyprint.text import ffi

    from brevgen.cli import main
    from helpers import make_project

    root = make_project(tmp_path, {"test/brev.yaml": None})  # one appendix: two files
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    args = ["build", "--projekt", str(root), "-j", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("HarfBuzz-Subset er ikke installeret") == 1
    again = CliRunner().invoke(main, args)  # nothing made: nothing said
    assert "HarfBuzz" not in again.stderr
