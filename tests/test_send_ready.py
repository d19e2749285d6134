"""Every document good enough to send without touching it, in PDF and in Word (issue 13).

The bundled content is built once; LibreOffice converts every Word file once, on a font
configuration without Lato (the DOCX carries it). The rules a reader would otherwise fix by
hand are checked in the files: page counts of PDF and Word alike, what each page holds,
links, bookmarks, page labels, the print brochure, warnings, the contract's wording.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from brevgen.cli import main
from brevgen.commands.build import build
from brevgen.content.project import load_project
from brevgen.errors import ContentError
from brevgen.render import Options
from brevgen.views.contracts import requester_in_sentence
from helpers import REPO, docx_text, fontconfig_without_lato, make_project
from ooxml_check import docx_problems

LIBREOFFICE = bool(shutil.which("soffice") and shutil.which("pdffonts"))
FOOTER = re.compile(r"Side \d+ af \d+\s*$")
ADDRESS = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://[^\s<>()]+|www\.[\w-]+(?:\.[\w-]+)+(?:/\S*)?"
)
LATO = {"Lato-Regular", "Lato-Bold", "Lato-Italic", "Lato-BoldItalic"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("send-ready") / "build"
    result = build(REPO, out, workers=2)
    assert not result.failed
    return out, result


@pytest.fixture(scope="module")
def rendered(built, tmp_path_factory) -> dict[Path, Path]:
    """LibreOffice's PDF of every DOCX the build made, by the DOCX's path in the build."""
    if not LIBREOFFICE:
        pytest.skip("LibreOffice (soffice) and poppler-utils (pdffonts) are not installed")
    out, _ = built
    folder = tmp_path_factory.mktemp("libreoffice")
    sources = {}
    for number, docx in enumerate(sorted(out.rglob("*.docx"))):
        copy = folder / f"{number:03d}-{docx.name}"
        shutil.copy(docx, copy)
        sources[docx.relative_to(out)] = copy
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, sources.values()),
        ],
        env=fontconfig_without_lato(folder),
        capture_output=True,
        check=True,
        timeout=1200,
    )
    return {docx: copy.with_suffix(".pdf") for docx, copy in sources.items()}


def pages(pdf: Path) -> list[list[str]]:
    """Each page's text lines in reading order (poppler's, which puts a list's bullets on
    their items' lines), without empty lines and the page furniture: "Side x af y" and the
    footer line every page repeats."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    found = [
        [line.strip() for line in page.splitlines() if line.strip() and not FOOTER.search(line)]
        for page in text.split("\f")[: len(PdfReader(str(pdf)).pages)]
    ]
    if len(found) > 1:
        furniture = set.intersection(*(set(lines) for lines in found))
        found = [[line for line in lines if line not in furniture] for lines in found]
    return found


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u00ad", "").split())


def _pdfs(out: Path) -> list[Path]:
    return sorted(out.rglob("*.pdf"))


def _letters(out: Path) -> list[Path]:
    return [p for p in _pdfs(out) if p.stem in {"brev", "statusbrev", "cirkulaere"}]


# --- Word files: the same document as the PDF --------------------------------------------


def test_libreoffice_gives_every_word_file_the_pdfs_page_count(built, rendered):
    out, _ = built
    counts = {
        str(docx): (len(PdfReader(str(out / docx.with_suffix(".pdf"))).pages), None)
        for docx in rendered
    }
    for docx, pdf in rendered.items():
        counts[str(docx)] = (counts[str(docx)][0], len(PdfReader(str(pdf)).pages))
    assert len(counts) >= 30  # letters, appendices, the status letter, circular, contracts
    assert {name: c for name, c in counts.items() if c[0] != c[1]} == {}


def test_libreoffice_draws_every_word_file_in_the_embedded_lato(rendered):
    for docx, pdf in rendered.items():
        fonts = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
        assert names and names <= LATO, (docx, fonts)


# --- pages a reader would not accept -----------------------------------------------------


def _closing_problems(pdf: Path) -> list[str]:
    for number, lines in enumerate(pages(pdf), start=1):
        if "Med venlig hilsen" in lines:
            before = lines[: lines.index("Med venlig hilsen")]
            return [] if before else [f"{pdf.name} s. {number}: hilsenen står alene"]
    return [f"{pdf.name}: ingen hilsen"]


def test_the_closing_keeps_the_last_paragraph_with_it(built, rendered):
    out, _ = built
    letters = _letters(out)
    assert len(letters) == 7
    problems = [p for pdf in letters for p in _closing_problems(pdf)]
    problems += [
        p
        for docx, pdf in rendered.items()
        if docx.stem in {"brev", "statusbrev", "cirkulaere"}
        for p in _closing_problems(pdf)
    ]
    assert problems == []


def _headings(pdf: Path) -> list[str]:
    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield flat(item.title)

    return list(walk(PdfReader(str(pdf)).outline))


def _cut_pages(pdf: Path, headings: list[str]) -> list[str]:
    """Pages that hold only a heading, end with one, or end with a list's only
    item before the list goes on."""
    problems = []
    texts = pages(pdf)
    for number, lines in enumerate(texts, start=1):
        if lines and all(any(flat(line) in h for h in headings) for line in lines):
            problems.append(f"{pdf.name} s. {number} rummer kun en overskrift")
    for number, (lines, following) in enumerate(zip(texts, texts[1:], strict=False), start=1):
        last = flat(lines[-1]) if lines else ""
        if len(last) > 6 and any(h == last or h.endswith(" " + last) for h in headings):
            problems.append(f"{pdf.name} s. {number} ender med overskriften '{last}'")
        bullets = [i for i, line in enumerate(lines) if line.startswith("•")]
        if bullets and following and following[0].startswith("•"):  # a list goes on
            last = bullets[-1]
            if len(bullets) == 1 or lines[last - 1].endswith(":"):
                problems.append(f"{pdf.name} s. {number} ender med ét punkt af en liste")
    return problems


def test_no_page_ends_with_a_heading_or_one_item_cut_from_its_list(built, rendered):
    out, _ = built
    problems = []
    for pdf in _pdfs(out):
        if pdf.stem.endswith("-med-bilag"):
            continue  # its parts are checked one by one
        problems += _cut_pages(pdf, _headings(pdf))
    # The same for LibreOffice's rendering of the Word files (it ignores "keep with next"
    # right after a table unless a paragraph stands between: the contracts have one).
    for docx, pdf in rendered.items():
        problems += _cut_pages(pdf, _headings(out / docx.with_suffix(".pdf")))
    assert problems == []


def test_a_list_stays_with_the_paragraph_that_leads_into_it(built):
    out, _ = built
    for lines in pages(out / "ok15-regioner/region-hovedstaden/brev.pdf"):
        if "Der er indgået aftale med:" in lines:
            after = lines[lines.index("Der er indgået aftale med:") + 1 :]
            assert [line for line in after if line.startswith("•")][:2] == [
                "• Det Nationale Forskningscenter for Arbejdsmiljø, NFA",
                "• Alectia",
            ]


def test_appendix_1_is_the_one_page_it_reads_as(built, rendered):
    out, _ = built
    for pdf in out.rglob("bilag-1.pdf"):
        assert len(PdfReader(str(pdf)).pages) == 1, pdf
    for docx, pdf in rendered.items():
        if docx.name == "bilag-1.docx":
            assert len(PdfReader(str(pdf)).pages) == 1, docx


def test_a_contracts_signatures_never_stand_alone(built, rendered):
    out, _ = built
    contracts = sorted((out / "ok15-regioner/kontrakter-eksempel").glob("*.pdf"))
    word = [pdf for docx, pdf in rendered.items() if "kontrakter-eksempel" in docx.parts]
    assert len(contracts) == len(word) > 20
    for pdf in contracts + word:
        for lines in pages(pdf):
            if "Underskrifter" in lines:
                assert lines.index("Underskrifter") > 0, pdf


def test_a_contract_names_the_requester_as_danish_does_and_the_region_once(built):
    out, _ = built
    sentences = []
    for pdf in (out / "ok15-regioner/kontrakter-eksempel").glob("*.pdf"):
        text = flat("\n".join("\n".join(lines) for lines in pages(pdf)))
        sentence = re.search(r"rekvireres af (.*?)\. Lederen", text).group(1)
        sentences.append(sentence)
        assert not re.match(r"(Arbejdsplads|Afdelings|Institutions|Lokal)\b", sentence), pdf
        assert len(re.findall(r"Region \w+", sentence)) == 1, sentence
    assert any(s.startswith("arbejdspladsen på ") for s in sentences)
    assert any(s.startswith("afdelings-MED på ") for s in sentences)


def test_requester_in_a_sentence():
    assert requester_in_sentence("Arbejdsplads") == "arbejdspladsen"
    assert requester_in_sentence("Afdelings-MED") == "afdelings-MED"
    assert requester_in_sentence("Lokal-MED") == "lokal-MED"
    assert requester_in_sentence("TRIO") == "TRIO"
    assert requester_in_sentence("Herlev Hospital") == "Herlev Hospital"  # a name stays


# --- typography, links, bookmarks ---------------------------------------------------------


def test_hyphenation_leaves_three_letters_each_side_and_spares_headings(built):
    out, _ = built
    short = []
    for pdf in _pdfs(out):
        for lines in pages(pdf):
            for line, following in zip(lines, lines[1:], strict=False):
                before = re.search(r"(?<![\w-])([a-zæøå]+)-$", line)
                after = re.match(r"([a-zæøå]+)", following)
                if before and after and min(len(before[1]), len(after[1])) < 3:
                    short.append(f"{pdf.name}: {before[1]}-/{after[1]}")
        assert all("\u00ad" not in h and not h.endswith("-") for h in _headings(pdf)), pdf
    assert short == []


def test_every_address_is_a_link_in_every_pdf_and_word_file(built):
    out, _ = built
    missing = []
    for pdf in _pdfs(out):
        reader = PdfReader(str(pdf))
        targets = {
            str(annotation.get_object()["/A"].get("/URI", ""))
            for page in reader.pages
            for annotation in page.get("/Annots", [])
            if "/A" in annotation.get_object()
        }
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        for address in {a.rstrip(".,") for a in ADDRESS.findall(text)}:
            if not any(target.rstrip("/").endswith(address) for target in targets):
                missing.append(f"{pdf.relative_to(out)}: {address}")
    for docx in sorted(out.rglob("*.docx")):
        xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
        linked = "".join(re.findall(r"<w:hyperlink .*?</w:hyperlink>", xml))
        text = re.sub(r"<[^>]+>", "", re.sub(r"<w:br/>|</w:p>", "\n", xml))
        for address in {a.rstrip(".,") for a in ADDRESS.findall(text)}:
            if address not in linked:
                missing.append(f"{docx.relative_to(out)}: {address}")
    assert missing == []
    appendix = PdfReader(str(out / "ok15-regioner/region-sjaelland/bilag-2.pdf"))
    # Each provider's e-mail, web site and contact person's e-mail (two links before).
    assert sum(len(page.get("/Annots", [])) for page in appendix.pages) >= 12


def test_bookmarks_are_clean_and_an_appendix_is_named_with_its_colon(built):
    out, _ = built
    for pdf in _pdfs(out):
        for heading in _headings(pdf):
            assert "\u00ad" not in heading, (pdf, heading)
    joined = _headings(out / "ok15-regioner/region-hovedstaden/brev-med-bilag.pdf")
    assert [h for h in joined if h.startswith("Bilag")] == [
        "Bilag 1: Vilkår for at rekvirere ekspertrådgivning eller inspiration",
        "Bilag 2: En kort oversigt over, hvad udbyderne kan tilbyde i forhold til "
        "ekspertrådgivning og inspiration til et bedre psykisk arbejdsmiljø",
    ]
    docx = docx_text(out / "ok15-regioner/region-hovedstaden/bilag-1.docx")
    assert docx.startswith("Bilag 1: Vilkår for at rekvirere")


def test_the_joined_pdf_opens_on_its_bookmarks_with_page_labels_per_part(built):
    out, _ = built
    reader = PdfReader(str(out / "ok15-regioner/region-hovedstaden/brev-med-bilag.pdf"))
    letter = len(PdfReader(str(out / "ok15-regioner/region-hovedstaden/brev.pdf")).pages)
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    labels = reader.page_labels
    assert labels[:letter] == [str(n) for n in range(1, letter + 1)]
    assert labels[letter] == "Bilag 1, side 1"
    assert labels[letter + 1 :] == [f"Bilag 2, side {n}" for n in range(1, len(labels) - letter)]


# --- the brochure -------------------------------------------------------------------------


def test_a_provider_without_contact_facts_is_a_located_warning(built):
    out, result = built
    register = (REPO / "content/registre/udbydere.yaml").read_text(encoding="utf-8")
    line = register.splitlines().index("  - id: niras-joblife") + 1
    where = f"content/registre/udbydere.yaml:{line}:5"
    assert [w.where for w in result.warnings] == [where]
    assert "NIRAS-Joblife har ingen kontaktoplysninger" in result.warnings[0].message
    again = build(REPO, out)  # answered from the manifest: the warning is said again
    assert not again.written and again.warnings == result.warnings
    checked = CliRunner().invoke(main, ["check", "--projekt", str(REPO)])
    assert checked.exit_code == 0
    assert "Bemærk (10):\n" in checked.output  # with the recipients without an e-mail address
    assert f"\n  - {where}: udbyderen NIRAS-Joblife" in checked.output
    # The card shows what there is, and where to ask.
    text = flat("\n".join("\n".join(lines) for lines in pages(out / "oversigt/brochure.pdf")))
    assert "NIRAS-Joblife Spørg kontaktpersonerne på bagsiden" in text


def test_the_cover_subtitle_is_set_as_a_subtitle(built):
    out, _ = built
    cover = pages(out / "oversigt/brochure.pdf")[0]
    subtitle = [line for line in cover if "tilbud om" in line or "præsentation" in line]
    assert subtitle[0].startswith("Et tilbud om")
    assert not any(re.search(r"(^–| en)$", line) for line in subtitle), subtitle


def test_build_tryk_writes_a_print_ready_brochure_beside_the_screen_one(tmp_path):
    out = tmp_path / "build"
    result = build(REPO, out, "oversigt", options=Options(tryk=True))
    assert not result.failed
    screen = PdfReader(str(out / "oversigt/brochure.pdf")).pages[0]
    printed = PdfReader(str(out / "oversigt/brochure-tryk.pdf")).pages[0]
    assert screen.mediabox == screen.trimbox
    bleed = 3 / 25.4 * 72
    for side in ("left", "bottom"):
        assert getattr(printed.trimbox, side) - getattr(printed.mediabox, side) == pytest.approx(
            bleed, abs=0.1
        )
    assert printed.trimbox.width == pytest.approx(screen.mediabox.width, abs=0.1)
    # Recorded with the option, so ``brevgen verify`` makes it again the same way.
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["filer"]
    assert files["oversigt/brochure-tryk.pdf"]["valg"] == {"pdf": "pdf/ua-1", "tryk": True}
    plain = build(REPO, tmp_path / "plain", "oversigt")
    assert not (tmp_path / "plain/oversigt/brochure-tryk.pdf").exists() and not plain.failed


# --- a party's logo -----------------------------------------------------------------------

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 20">'
    '<rect width="60" height="20"/></svg>'
)


def _with_logos(root: Path, logo: str = "logoer/dr.svg") -> Path:
    from PIL import Image

    make_project(root)
    folder = root / "content/registre/logoer"
    folder.mkdir()
    (folder / "dr.svg").write_text(SVG, encoding="utf-8")
    Image.new("RGB", (300, 100), (31, 95, 117)).save(folder / "ff.png")
    parties = root / "content/registre/parter.yaml"
    text = parties.read_text(encoding="utf-8")
    text = text.replace(
        "    web: www.regioner.dk\n  - id: forhandlingsfaellesskabet",
        f"    web: www.regioner.dk\n    logo: {{fil: {logo}, alt: Danske Regioners logo}}\n"
        "  - id: forhandlingsfaellesskabet",
        1,
    ).replace(
        "    web: www.forhandlingsfaellesskabet.dk\n",
        "    web: www.forhandlingsfaellesskabet.dk\n"
        "    logo: {fil: logoer/ff.png, alt: Forhandlingsfællesskabets logo}\n",
        1,
    )
    parties.write_text(text, encoding="utf-8")
    return root


def test_a_partys_logo_stands_in_the_letterhead_of_pdf_and_word(tmp_path):
    root = _with_logos(tmp_path / "p")
    result = build(root, root / "build", "test")
    assert not result.failed
    folder = root / "build/test/region-sjaelland"
    with pikepdf.open(folder / "brev.pdf") as pdf:
        alts = {
            str(o["/Alt"]) for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/Alt" in o
        }
    assert {"Danske Regioners logo", "Forhandlingsfællesskabets logo"} <= alts
    data = (folder / "brev.docx").read_bytes()
    assert docx_problems(data) == []
    xml = zipfile.ZipFile(folder / "brev.docx").read("word/document.xml").decode()
    assert (
        'descr="Danske Regioners logo"' in xml and 'descr="Forhandlingsfællesskabets logo"' in xml
    )
    assert "svgBlip" in xml
    names = zipfile.ZipFile(folder / "brev.docx").namelist()
    assert any(n.endswith(".svg") for n in names) and any(n.endswith(".png") for n in names)


def test_a_missing_logo_is_a_located_content_error(tmp_path):
    root = _with_logos(tmp_path / "p", logo="logoer/findes-ikke.svg")
    with pytest.raises(ContentError) as caught:
        load_project(root)
    (problem,) = caught.value.problems
    assert re.fullmatch(r"content/registre/parter\.yaml:\d+:\d+", problem.where)
    assert problem.message.startswith("logoet 'logoer/findes-ikke.svg' findes ikke")
