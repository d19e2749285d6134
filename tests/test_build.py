"""The build: files where users expect them, same words in DOCX and PDF, byte-identical reruns."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from brevgen.cli import main
from brevgen.commands.build import build
from brevgen.commands.common import files_summary
from brevgen.commands.verify import verify
from brevgen.pipeline.result import RunResult
from brevgen.render import Options
from helpers import REPO, docx_text, make_project, pdf_text, words


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("projekt"))
    result = build(root, root / "build")
    return root, result


def test_files_per_region(built):
    root, result = built
    folder = root / "build" / "test" / "region-syddanmark"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "bilag-1.docx",
        "bilag-1.pdf",
        "brev-med-bilag.pdf",
        "brev.docx",
        "brev.pdf",
    ]
    assert len(result.written) == 5 * 5


def test_letter_is_addressed_and_merged(built):
    root, _ = built
    text = pdf_text(root / "build/test/region-syddanmark/brev.pdf")
    assert "Hovedudvalget i Region Syddanmark" in text
    assert "Damhaven 12" in text and "7100 Vejle" in text
    assert "14. marts 2016" in text.replace("\u00a0", " ")
    assert "Til Hovedudvalget i Region Syddanmark fra den 1. april 2016." in " ".join(words(text))
    assert "Anders Kühnau" in text and "Formand for Løn- og Praksisudvalget" in text


def test_docx_and_pdf_carry_the_same_words(built):
    root, _ = built
    folder = root / "build/test/region-nordjylland"
    for stem in ("brev", "bilag-1"):
        docx_words = words(docx_text(folder / f"{stem}.docx"))
        pdf_words = words(pdf_text(folder / f"{stem}.pdf"))
        # The letterhead stands in the page header in Word and atop page 1 in the PDF.
        start = pdf_words.index(docx_words[0])
        assert docx_words == pdf_words[start:]
    header = words(docx_text(folder / "brev.docx", headers=True))
    assert {"Danske", "Regioner", "Forhandlingsfællesskabet"} <= set(header)


def test_page_numbers_and_bookmarks(built):
    root, _ = built
    combined = root / "build/test/region-sjaelland/brev-med-bilag.pdf"
    text = pdf_text(combined, furniture=True)
    assert "Side 1 af 1" in text
    reader = PdfReader(str(combined))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == ["Et bedre psykisk arbejdsmiljø", "Bilag 1: Vilkår"]
    # The viewer opens with the bookmarks and numbers each part's pages as they are printed.
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    assert reader.page_labels == ["1", "Bilag 1, side 1"]


def test_rebuild_is_byte_identical_elsewhere(built, tmp_path):
    root, _ = built
    other = make_project(tmp_path / "anden")
    build(other, other / "build")
    for path in (root / "build").rglob("*.*"):
        twin = other / "build" / path.relative_to(root / "build")
        assert twin.read_bytes() == path.read_bytes(), path.name


def test_manifest_and_verify(built):
    root, _ = built
    data = json.loads((root / "build/manifest.json").read_text())
    entry = data["filer"]["test/region-syddanmark/brev.pdf"]
    assert len(entry["sha256"]) == 64
    assert "content/test/brev.yaml" in entry["inputs"]
    assert "templates/html/brev.html" in entry["inputs"]
    assert verify(root, root / "build") == []
    # A file changed by hand is reported.
    target = root / "build/test/region-syddanmark/brev.docx"
    original = target.read_bytes()
    target.write_bytes(original + b"x")
    try:
        assert verify(root, root / "build") == [
            "test/region-syddanmark/brev.docx: filen er ændret efter dannelsen"
        ]
        result = CliRunner().invoke(main, ["verify", "--projekt", str(root)])
        assert result.exit_code == 1 and "1 fil afviger:" in result.output
    finally:
        target.write_bytes(original)


def test_second_build_writes_nothing(built):
    root, _ = built
    result = build(root, root / "build")
    assert result.written == []


def test_build_says_how_many_files_before_it_reports_each(built):
    root, _ = built
    heard: list = []
    result = build(root, root / "build", planned=heard.append, progress=heard.append)
    total = len(result.written) + len(result.unchanged) + len(result.skipped)
    assert heard[0] == total == len(heard) - 1 > 0
    assert heard[1:] == [p.relative_to(root / "build").as_posix() for p in result.skipped]


def test_values_stay_data(tmp_path):
    from helpers import LETTER

    nasty = LETTER.replace(
        "modtagere: regioner",
        'modtagere:\n  - navn: "Udvalg & <Co> {{ 7*7 }} {% raw %}"\n    adresse: "Vej *1*"',
    )
    root = make_project(tmp_path, {"test/brev.yaml": nasty})
    build(root, root / "build")
    folder = root / "build/test/udvalg-co-7-7-raw"
    for text in (docx_text(folder / "brev.docx"), pdf_text(folder / "brev.pdf")):
        assert "Udvalg & <Co> {{ 7*7 }} {% raw %}" in text
        assert "Vej *1*" in text


def test_docx_is_accessible(built):
    from docx import Document
    from docx.oxml.ns import qn

    root, _ = built
    doc = Document(str(root / "build/test/region-syddanmark/brev.docx"))
    assert doc.core_properties.language == "da-DK"
    assert doc.core_properties.title == "Et bedre psykisk arbejdsmiljø"
    assert doc.core_properties.author == "Danske Regioner og Forhandlingsfællesskabet"
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "da-DK"
    levels = [
        int(p.style.name.split()[-1]) for p in doc.paragraphs if p.style.name.startswith("Heading")
    ]
    assert levels and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["organisatoriske forandringer,", "vold og trusler."]


def test_every_pdf_passes_the_accessibility_check(built):
    from brevgen.render.pdf.check import check_pdf

    root, _ = built
    for path in (root / "build").rglob("*.pdf"):
        assert check_pdf(path.read_bytes()) == [], path


def test_pdf_a_keeps_tagging(tmp_path):
    from brevgen.render.pdf.check import check_pdf

    root = make_project(tmp_path)
    build(root, root / "build", "test", options=Options(pdf="pdf/a-3a"))
    data = (root / "build/test/region-syddanmark/brev.pdf").read_bytes()
    assert check_pdf(data, variant="pdf/a-3a") == []
    assert check_pdf(data, variant="pdf/ua-1") == []


def test_image_without_alt_fails_the_build(tmp_path):
    import base64

    from brevgen.errors import BuildError

    root = make_project(tmp_path)
    layout = root / "templates/html/brev.html"
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, format="PNG")
    png = base64.b64encode(buffer.getvalue()).decode()
    layout.write_text(
        layout.read_text().replace(
            '<div class="broedtekst">',
            f'<img src="data:image/png;base64,{png}">\\n<div class="broedtekst">',
        )
    )
    result = build(root, root / "build")
    # Every letter fails the gate and is not written; the rest of the build goes on.
    failed = sorted(result.failed)
    assert len(failed) == 10 and {f.rsplit("/", 1)[1] for f in failed} == {
        "brev.pdf",
        "brev-med-bilag.pdf",
    }
    assert all("alt" in BuildError(f.problems).render().lower() for f in result.failed.values())
    assert not [p for p in (root / "build").rglob("brev*.pdf")]
    assert len(result.written) == 15
    command = CliRunner().invoke(main, ["build", "--projekt", str(root)])
    assert command.exit_code == 1 and "Fejl under dannelsen (10 fejl):" in command.output


def test_incremental_rebuilds_only_what_changed(tmp_path):
    root = make_project(tmp_path)
    out = root / "build"
    cold = build(root, out)
    assert len(cold.written) == 25
    again = build(root, out)
    assert again.written == [] and again.unchanged == [] and len(again.skipped) == 25
    # A provider's phone is not shown in these documents: nothing is re-rendered.
    registers = root / "content/registre/udbydere.yaml"
    registers.write_text(registers.read_text().replace("39 16 52 00", "39 16 52 01"))
    assert build(root, out).written == []
    # A person who signs the letter: only the five letters and five combined PDFs change.
    people = root / "content/registre/personer.yaml"
    people.write_text(people.read_text().replace("Anders Kühnau", "Anders Kühnau Jensen"))
    changed = sorted(p.name for p in build(root, out).written)
    assert changed == ["brev-med-bilag.pdf"] * 5 + ["brev.docx"] * 5 + ["brev.pdf"] * 5
    # The appendix layout: only appendices and combined PDFs (not the letters).
    layout = root / "templates/html/bilag.html"
    layout.write_text(layout.read_text().replace("<h1", "<h1 id='t'"))
    changed = sorted(p.name for p in build(root, out).written)
    assert changed == ["bilag-1.pdf"] * 5 + ["brev-med-bilag.pdf"] * 5
    # --force renders everything again (bytes are the same, so nothing is rewritten).
    forced = build(root, out, force=True)
    assert forced.skipped == [] and len(forced.unchanged) == 25


def test_interrupted_build_keeps_whole_files_and_resumes(tmp_path, monkeypatch):
    from brevgen.render.docx import DocxBuilder

    root = make_project(tmp_path)
    out = root / "build"
    original = DocxBuilder.render
    calls = {"n": 0}

    def flaky(self, views, identity=""):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return original(self, views, identity)

    monkeypatch.setattr(DocxBuilder, "render", flaky)
    with pytest.raises(KeyboardInterrupt):
        build(root, out)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert not [p for p in files if p.name.endswith(".tmp")]
    recorded = json.loads((out / "manifest.json").read_text())["filer"]
    assert all((out / rel).exists() for rel in recorded)
    monkeypatch.setattr(DocxBuilder, "render", original)
    resumed = build(root, out)
    assert len(resumed.skipped) == len(recorded)
    assert len(resumed.written) == 25 - len(recorded)


def test_layout_files_follow_links_and_imports():
    from brevgen.pipeline.fingerprint import Fingerprints
    from brevgen.render import Options

    files = Fingerprints(REPO, Options()).layout_files("html", "kontrakt")
    for name in ("kontrakt.html", "base.html", "style.css", "kontrakt.css", "fonts.css"):
        assert f"templates/html/{name}" in files
    assert "templates/html/brochure.css" not in files


def test_python_dash_m_brevgen_is_the_brevgen_command():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "brevgen", "build", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Dan alle dokumenter" in done.stdout and "--force" in done.stdout


@pytest.mark.parametrize(
    ("written", "unchanged", "skipped", "said"),
    [
        (0, 0, 0, ("0 filer", "ingen at danne")),
        (1, 0, 0, ("1 fil", "1 skrevet")),
        (0, 2, 0, ("2 filer", "alle dannet igen uden ændringer")),
        (2, 0, 3, ("5 filer", "2 skrevet, 3 sprunget over, fordi intet er ændret")),
    ],
)
def test_run_summary_names_only_what_happened(written, unchanged, skipped, said):
    run = RunResult(REPO, ["a"] * written, ["b"] * unchanged, ["c"] * skipped)
    assert files_summary(run, "intet er ændret") == said


def test_build_command_says_what_it_wrote_and_where(tmp_path):
    root = make_project(tmp_path)
    args = ["build", "--projekt", str(root)]
    cold = CliRunner().invoke(main, args)
    assert cold.exit_code == 0, cold.output
    where = f"25 filer i {root / 'build'}/ — "
    assert where + "alle skrevet." in cold.output
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0, again.output
    assert where + "alle sprunget over, fordi intet de bygger på er ændret." in again.output


def test_a_bug_is_a_danish_sentence_and_a_file_not_a_traceback(tmp_path, monkeypatch):
    import tempfile

    import brevgen.commands.check
    from brevgen.cli import EXIT_BUG

    def buggy(root):
        raise ZeroDivisionError("a bug in brevgen")

    monkeypatch.setattr(brevgen.commands.check, "check", buggy)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = CliRunner().invoke(main, ["check", "--projekt", str(tmp_path)])
    assert result.exit_code == EXIT_BUG
    log = tmp_path / "brevgen-fejl.txt"
    assert "brevgen stødte på en uventet fejl. Det er en fejl i brevgen, ikke i dit indhold." in (
        result.output
    )
    assert f"Detaljerne er gemt i {log}; send filen til den" in result.output
    assert "Traceback" not in result.output
    details = log.read_text(encoding="utf-8")
    assert details.startswith("Traceback") and "ZeroDivisionError: a bug in brevgen" in details


def test_a_user_mistake_is_never_called_a_bug(monkeypatch):
    """Outside a command's own try, a BrevgenError still gets its message, not the bug text."""
    import click

    from brevgen.errors import ContentError

    def mistaken():
        raise ContentError("runden mangler", where="content/x.yaml:1")

    monkeypatch.setitem(main.commands, "fejl", click.Command("fejl", callback=mistaken))
    result = CliRunner().invoke(main, ["fejl"])
    assert result.exit_code == 1
    assert "Fejl i indholdet:\n  - content/x.yaml:1: runden mangler" in result.output
    assert "uventet fejl" not in result.output
