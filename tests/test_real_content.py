"""The real content (issue 3) built end to end: the OK18 circular and the KL status letter keep
the sources' words in PDF and DOCX, the brochure is an A5 PDF with every provider's contact
details, the overview page is one accessible HTML file, and a broken copy of each round is
refused by ``brevgen check`` with a located Danish message.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from docx import Document
from markdown_it import MarkdownIt
from pypdf import PdfReader
from ruamel.yaml import YAML

from brevgen.cli import main
from brevgen.commands.build import build
from brevgen.content.project import load_project
from brevgen.formatting import dato, telefon
from brevgen.markup import inline_plain
from brevgen.views.letters import letter_views
from helpers import (
    REPO,
    assert_same_words,
    corrected_source,
    docx_text,
    make_project,
    normalise,
    pdf_text,
    source,
)
from html_audit import audit, problems

RECIPIENT = "forhandlingsfaellesskabets-medlemsorganisationer"
PARTY = "Forhandlingsfællesskabet"
PAGE = "oversigt/stoette-til-psykisk-arbejdsmiljoe.html"


def register(name: str) -> dict[str, dict]:
    data = YAML(typ="safe").load((REPO / "content" / "registre" / f"{name}.yaml").read_text())
    return {entry["id"]: entry for entry in data[name]}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The real content and templates, built once into <project>/build."""
    root = make_project(tmp_path_factory.mktemp("projekt"), real_content=True)
    build(root, root / "build")
    return root


# --- letters -------------------------------------------------------------------------------

LETTERS = {
    "ok18-cirkulaere": {
        "round": "ok18-regioner",
        "doc": "cirkulaere",
        "subject": "Vedr.: Et bedre psykisk arbejdsmiljø – tilbud om ekspertrådgivning og "
        "inspiration i regionerne åbner 7. januar 2019",
        "dates": ["10. december 2018", "7. januar 2019", "31. marts 2021"],
        "enclosures": [
            "Fælles brev fra Danske Regioner og Forhandlingsfællesskabet til hovedudvalgene i "
            "regionerne (bilag 18-0388.7)",
            "Oversigten ”Et godt psykisk arbejdsmiljø – Et tilbud om ekspertrådgivning og "
            "inspiration” (bilag 18.0355.8)",
            "Folderen ”Et godt psykisk arbejdsmiljø – Et tilbud om ekspertrådgivning og "
            "inspiration – En kort præsentation” (bilag 18.0355.7)",
        ],
    },
    "ok15-kl-statusbrev": {
        "round": "ok15-kl",
        "doc": "statusbrev",
        "subject": "Vedr.: Status for arbejdspladsrettet indsats om psykisk arbejdsmiljø – KL, "
        "herunder opslag af stilling som sekretariatsleder for rejsehold",
        "dates": ["28. oktober 2015", "8. oktober 2015", "12. november 2015"],
        "enclosures": ["Opslag af stillingen som sekretariatsleder"],
    },
}


def letter_files(project: Path, name: str) -> dict[str, str]:
    spec = LETTERS[name]
    stem = project / "build" / spec["round"] / RECIPIENT / spec["doc"]
    return {
        "pdf": pdf_text(stem.with_suffix(".pdf")),
        "docx": docx_text(stem.with_suffix(".docx")),
    }


def signed_text(text: str, first_words: str) -> str:
    """The letter from its first words to the signatories' names, as the sources have it.

    The sources show the names only; the letters add the party under each name, so those
    organisation lines are left out here.
    """
    lines = [line.strip() for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if normalise(line).startswith(first_words))
    closing = lines.index("Med venlig hilsen", start)
    end = lines.index("Bilag", closing) if "Bilag" in lines[closing:] else len(lines)
    names = [line for line in lines[closing + 1 : end] if line and line != PARTY]
    return "\n".join(lines[start : closing + 1] + names)


def list_items(project: Path, name: str) -> list[str]:
    """The list items of the letter's body as written in the content (merge fields filled)."""
    spec = LETTERS[name]
    loaded = load_project(project, spec["round"])
    rnd = loaded.rounds[spec["round"]]
    letter = letter_views(loaded, rnd, rnd.documents[spec["doc"]])[0].letter
    tokens = MarkdownIt("commonmark").parse(letter.context["tekst"])
    depth, items = 0, []
    for token in tokens:
        depth += {"list_item_open": 1, "list_item_close": -1}.get(token.type, 0)
        if token.type == "inline" and depth:
            items.append(inline_plain(token.content))
    return items


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("name", LETTERS)
def test_letter_keeps_the_source_words(project, name, fmt):
    text = letter_files(project, name)[fmt]
    expected = corrected_source(f"{name}.txt")
    first_words = " ".join(expected.split()[:4])
    assert_same_words(expected, signed_text(text, first_words))
    # The recipient, then the subject line, with no Markdown escapes left by merge fields.
    flat = normalise(text)
    assert flat.index("Forhandlingsfællesskabets medlemsorganisationer") < flat.index(
        LETTERS[name]["subject"]
    )
    assert "\\" not in text


@pytest.mark.parametrize("name", LETTERS)
def test_letter_has_every_list_item_date_and_enclosure(project, name):
    items = list_items(project, name)
    # As many items as bullets in the source, so no item was merged into another.
    assert len(items) == source(f"{name}.txt").count("•")
    files = letter_files(project, name)
    pdf_lines = [normalise(line) for line in files["pdf"].splitlines()]
    for item in items:
        for fmt, text in files.items():
            assert normalise(item) in normalise(text), (fmt, item)
        # Each item begins a line of its own in the PDF.
        assert any(line.startswith(normalise(item)[:25]) for line in pdf_lines), item
    # In Word they are real list paragraphs, in order.
    stem = project / "build" / LETTERS[name]["round"] / RECIPIENT / LETTERS[name]["doc"]
    paragraphs = Document(str(stem.with_suffix(".docx"))).paragraphs
    # Soft hyphens (typography) are invisible break points, not text.
    listed = [p.text.replace("\u00ad", "") for p in paragraphs if p.style.name.startswith("List")]
    assert listed == items
    for fmt, text in files.items():
        flat = normalise(text)
        for date in LETTERS[name]["dates"]:
            assert date in flat, (fmt, date)
        enclosures = flat[flat.rindex(" Bilag ") :]
        for enclosure in LETTERS[name]["enclosures"]:
            assert normalise(enclosure) in enclosures, (fmt, enclosure)


def test_letter_pdfs_are_pdf_ua(project):
    for spec in LETTERS.values():
        path = project / "build" / spec["round"] / RECIPIENT / f"{spec['doc']}.pdf"
        with pikepdf.open(path) as pdf:
            assert pdf.open_metadata()["pdfuaid:part"] == "1"
            assert str(pdf.Root.Lang) == "da"


# --- brochure ------------------------------------------------------------------------------

A5 = (419.5, 595.3)  # points


def brochure_pages(project: Path) -> list[str]:
    reader = PdfReader(str(project / "build" / "oversigt" / "brochure.pdf"))
    return [page.extract_text() or "" for page in reader.pages]


def test_brochure_is_a5_pdf_ua_with_page_numbers_but_not_on_the_cover(project):
    path = project / "build" / "oversigt" / "brochure.pdf"
    with pikepdf.open(path) as pdf:
        assert pdf.open_metadata()["pdfuaid:part"] == "1"
        assert str(pdf.Root.Lang) == "da"
        assert len(pdf.pages) >= 3
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            assert (x1 - x0, y1 - y0) == pytest.approx(A5, abs=0.5)
    pages = brochure_pages(project)
    assert not re.search(r"(?m)^\s*\d+\s*$|\b1\s*$", pages[0]), pages[0]
    assert "Et godt psykisk arbejdsmiljø" in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert re.search(rf"(^|\s){number}(\s|$)", text), f"page {number} has no number"


def test_brochure_has_every_provider_contact_block_and_the_themes(project):
    text = normalise("\n".join(brochure_pages(project)))
    runde = YAML(typ="safe").load((REPO / "content" / "ok18-regioner" / "runde.yaml").read_text())
    providers = register("udbydere")
    positions = []
    for ref in runde["udbydere"]:
        entry = providers[ref["id"]]
        person = entry.get("kontaktperson") or {}
        web = entry.get("web") and re.sub(r"^https?://", "", entry["web"]).rstrip("/")
        values = [
            entry["navn"],
            entry.get("adresse"),
            entry.get("postnr") and f"{entry['postnr']} {entry['by']}",
            entry.get("telefon") and telefon(entry["telefon"]),
            entry.get("email"),
            web,
            person.get("navn"),
            person.get("telefon") and telefon(person["telefon"]),
            person.get("email"),
        ]
        for value in filter(None, values):
            assert normalise(value) in text, (ref["id"], value)
        positions.append(text.index(normalise(entry["navn"])))
    assert positions == sorted(positions), "providers are not in the round's order"
    themes = register("temaer")
    for theme in runde["temaer"]:
        assert normalise(themes[theme]["navn"]) in text
    # The back page: the contact people from the register.
    back = normalise(brochure_pages(project)[-1])
    for person in ("ltc", "hc"):
        entry = register("personer")[person]
        for value in (entry["navn"], telefon(entry["telefon"]), entry["email"]):
            assert normalise(value) in back, value


# --- overview page -------------------------------------------------------------------------


def page_html(project: Path) -> str:
    return (project / "build" / PAGE).read_text(encoding="utf-8")


def test_page_passes_the_accessibility_audit(project):
    html = page_html(project)
    assert problems(html) == []
    page = audit(html)
    assert page.title == "Støtte til psykisk arbejdsmiljø"
    assert [level for level, _ in page.headings][:4] == [1, 2, 3, 4]
    # Self-contained: the stylesheet is inlined.
    assert page.styles == 1 and page.external == []


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<h1>T</h1><h2>A</h2><h4>B</h4>", "h2 is followed by h4 ('B'): a level is skipped"),
        ("<h1>T</h1><h1>U</h1>", "2 h1 headings, not exactly one"),
        ('<h1>T</h1><p>Læs om de fire udbydere <a href="u.html">her</a>.</p>', "says only 'her'"),
        ('<h1>T</h1><a href="https://etf.dk">https://etf.dk</a>', "bare address"),
        ('<h1>T</h1><a href="#mangler">Til afsnittet</a>', "points to no element"),
        ('<h1>T</h1><img src="logo.png">', "has no alt attribute"),
        ('<h1>T</h1><a href="/"><img src="logo.png" alt=""></a>', "has no text"),
        ("<h1>T</h1><p>Du kan læse om de fire udbydere her.</p>", "says 'her' but has no link"),
        (
            '<h1>T</h1><section aria-labelledby="a"><h2 id="a">Formål</h2></section>'
            '<section aria-labelledby="b"><h2 id="b">Formål</h2></section>',
            "two region landmarks are both named 'Formål'",
        ),
        ('<h1>T</h1><nav></nav><nav aria-label="">x</nav>', "two navigation landmarks"),
        ('<h1>T</h1><section aria-labelledby="x"><h2>A</h2></section>', "x points to no element"),
    ],
)
def test_the_audit_catches_what_it_should(html, expected):
    page = f'<html lang="da"><head><title>Side</title></head><body><main>{html}</main></body>'
    assert any(expected in problem for problem in problems(page)), problems(page)


def test_the_audit_lets_distinct_landmarks_and_linked_calls_to_action_pass():
    body = (
        '<h1>T</h1><nav aria-label="Indhold"><a href="#a">Til A</a></nav>'
        '<section aria-labelledby="a"><h2 id="a">Kommunale</h2>'
        '<section aria-labelledby="a c"><h3 id="c">Formål</h3></section></section>'
        '<section aria-labelledby="b"><h2 id="b">Regionale</h2>'
        '<section aria-labelledby="b d"><h3 id="d">Formål</h3></section></section>'
        "<header><p>Læs om projekterne nedenfor.</p></header><footer>Her på siden</footer>"
    )
    page = f'<html lang="da"><head><title>Side</title></head><body><main>{body}</main></body>'
    assert problems(page) == []


def test_page_links_each_provider_to_its_web_site(project):
    page = audit(page_html(project))
    providers = register("udbydere")
    hrefs = {link.content: link.attrs["href"] for link in page.links}
    for key, name in (
        ("nfa", "Det Nationale Forskningscenter for Arbejdsmiljø, NFA"),
        ("ruc", "RUC, Center for Arbejdslivsforskning og Center for Sundhedsfremmeforskning"),
        ("cbs", "CBS, Institut for Ledelse, Politik og Filosofi"),
        ("alectia", "ALECTIA, Arbejdsmiljørådgiver"),
    ):
        assert hrefs[name] == providers[key]["web"]
    # The call to action after the "Søg" section points to the list in the page.
    assert hrefs["listen over udbydere"] == "#fire-udbydere-af-ekspertraadgivning-og-inspiration"


def test_the_audit_wants_language_title_and_main():
    found = problems("<html><head><title> </title></head><body><h1>T</h1></body></html>")
    assert found == [
        "<html lang> is None, not 'da'",
        "<title> is missing or empty",
        "0 <main> elements, not exactly one",
    ]


def test_page_keeps_the_source_words_and_lists(project):
    html = page_html(project)
    page = audit(html)
    six = next(items for heading, cls, items in page.lists if heading == "Seks temaer")
    themes = register("temaer")
    assert six == [
        themes[t]["navn"]
        for t in (
            "forandringer-og-omstillinger",
            "samarbejde",
            "vold-og-trusler",
            "arbejdets-indhold",
            "chikane",
            "alenearbejde",
        )
    ]
    models = next(items for _, cls, items in page.lists if cls == "modeller")
    assert models[0].endswith("Region Hovedstaden har valgt denne model")
    assert models[1].endswith(
        "Region Sjælland Region Syddanmark Region Nordjylland Region Midtjylland, "
        "der dog vil anvende model 1 i forbindelse med en enkelt aktivitet"
    )
    # The page's words, without the in-page navigation, against the web page's text. The
    # web page's text extraction lost the state section's tab heading and has a breadcrumb.
    main = html.split("<main", 1)[1].split(">", 1)[1].split("</main>")[0]
    main = re.sub(r'<li value="(\d+)">', r"\1. ", main)  # numbered models show their number
    main = re.sub(r"(?s)<nav.*?</nav>|<[^>]+>", " ", main)
    text = unescape(main).replace(" Statslige arbejdspladser ", " ", 1)
    expected = corrected_source("oversigt.txt").removeprefix(
        "Hjem > Støtte til psykisk arbejdsmiljø "
    )
    assert_same_words(expected, text)
    assert f"Sidst opdateret {dato(dt.date(2018, 10, 1), 'kort')}" in normalise(text)


# --- broken content ------------------------------------------------------------------------


def located(path: str, line_text: str, token: str | None = None) -> str:
    """``content/<path>:<line>[:<column of token>]`` of the line containing ``line_text``."""
    lines = (REPO / "content" / path).read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if line_text in line)
    column = f":{lines[number - 1].index(token) + 1}" if token else ""
    return f"content/{path}:{number}{column}"


def check_broken(tmp_path, path: str, old: str, new: str) -> list[str]:
    make_project(tmp_path, real_content=True)
    file = tmp_path / "content" / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    file.write_text(text.replace(old, new), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--projekt", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return [line.strip().removeprefix("- ") for line in result.output.splitlines()[1:]]


def test_broken_ok18_circular_is_refused(tmp_path):
    found = check_broken(
        tmp_path,
        "ok18-regioner/cirkulaere.yaml",
        "afsendere: [forhandlingsfaellesskabet]",
        "afsendere: [forhandlingsfællesskabet]",
    )
    where = located("ok18-regioner/cirkulaere.yaml", "afsendere: [", "forhandlingsfaellesskabet")
    assert found == [
        f"{where}: afsenderen 'forhandlingsfællesskabet' findes ikke; gyldige: danske-regioner, "
        "forhandlingsfaellesskabet, kl, rltn"
    ]


def test_broken_kl_status_letter_is_refused(tmp_path):
    found = check_broken(
        tmp_path,
        "ok15-kl/statusbrev.yaml",
        "{{ runde.datoer.ansoegningsfrist | dato }}",
        "{{ runde.datoer.ansøgningsfrist | dato }}",
    )
    where = located("ok15-kl/statusbrev.yaml", "ansoegningsfrist | dato")
    assert len(found) == 1
    missing = "flettefeltet 'runde.datoer.ansøgningsfrist' findes ikke; "
    assert found[0].startswith(f"{where}: {missing}")


def test_broken_overview_is_refused(tmp_path):
    choice = "region-sjaelland: {model: 2}"
    found = check_broken(tmp_path, "oversigt/side.yaml", choice, choice.replace("2", "3"))
    where = located("oversigt/side.yaml", choice, "2")
    assert found == [f"{where}: modellen 3 findes ikke; gyldige: 1, 2"]


def test_broken_brochure_round_is_refused(tmp_path):
    found = check_broken(
        tmp_path, "oversigt/brochure.yaml", "runde: ok18-regioner", "runde: ok18-regionerne"
    )
    where = located("oversigt/brochure.yaml", "runde: ok18-regioner", "ok18")
    assert found == [
        f"{where}: runden 'ok18-regionerne' findes ikke; "
        "gyldige: ok15-kl, ok15-regioner, ok18-regioner"
    ]


def test_page_sections_nest_at_most_three_levels(tmp_path):
    formaal = "          - overskrift: Formål\n"
    found = check_broken(
        tmp_path,
        "oversigt/side.yaml",
        formaal,
        formaal + "            afsnit:\n              - overskrift: For dybt\n",
    )
    lines = (REPO / "content" / "oversigt" / "side.yaml").read_text(encoding="utf-8").splitlines()
    added = lines.index(formaal.rstrip("\n")) + 2  # the new 'afsnit:' line, 12 spaces in
    assert found == [
        f"content/oversigt/side.yaml:{added}:13: afsnit kan højst ligge 3 niveauer inde "
        "(overskrifterne h2, h3 og h4); flyt disse afsnit et niveau op"
    ]


# --- the sample contracts register ---------------------------------------------------------


def test_build_runs_the_sample_register_into_its_own_folder(project):
    from brevgen.render.pdf.check import check_pdf

    out = project / "build" / "ok15-regioner" / "kontrakter-eksempel"
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 22 and len(list(out.glob("*.docx"))) == 22
    assert (out / "rapport.xlsx").exists()
    assert not (project / "build" / "ok15-regioner" / "kontrakter").exists()  # the CLI's folder
    for path in pdfs:
        assert check_pdf(path.read_bytes()) == [], path.name
    doc = Document(str(out / pdfs[0].with_suffix(".docx").name))
    assert doc.core_properties.language == "da-DK"
    assert doc.core_properties.title.startswith("Lokal kontrakt om ekspertrådgivning")


def test_every_pdf_of_the_real_build_passes_the_accessibility_check(project):
    from brevgen.render.pdf.check import check_pdf

    paths = sorted((project / "build").rglob("*.pdf"))
    assert len(paths) > 40
    for path in paths:
        assert check_pdf(path.read_bytes()) == [], path.relative_to(project)
