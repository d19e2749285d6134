"""Checks that the content keeps the sources' wording, corrected only as the list says.

Each transcription is rendered with a minimal merge context and compared, word for word, with
the verbatim source text in tests/sources/ after the corrections listed for it in
tests/sources/rettelser.yaml. Extraction artefacts (line-break hyphens, bullets, "./." margin
markers, spacing) are normalised away on both sides, so only wording can differ. Every listed
correction must be made: its old text in the source, gone from the content, its new text there.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt
from ruamel.yaml import YAML

from corrections import CORRECTIONS, Correction
from helpers import assert_same_words, corrected_source, normalise, source

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"

try:
    from brevgen.content.budget_years import budget_years
    from brevgen.formatting import dato, tal, telefon
except ImportError:  # package not installed: use the source tree
    sys.path.insert(0, str(ROOT / "src"))
    from brevgen.content.budget_years import budget_years
    from brevgen.formatting import dato, tal, telefon


def load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def register(name: str) -> dict[str, dict]:
    entries = load(CONTENT / "registre" / f"{name}.yaml")[name]
    return {entry["id"]: entry for entry in entries}


def item_id(item: str | dict) -> str:
    return item if isinstance(item, str) else item["id"]


def overlay(item: str | dict, reg: dict[str, dict]) -> dict:
    """Register entry with the round's overrides; listenavn defaults to navn."""
    merged = dict(reg[item_id(item)])
    if isinstance(item, dict):
        merged.update(item)
    merged.setdefault("listenavn", merged["navn"])
    return merged


def context(runde: dict) -> dict:
    temaer = register("temaer")
    udbydere = register("udbydere")
    overrides = {item_id(u): u for u in runde.get("udbydere", [])}
    frame, period = runde.get("ramme"), runde.get("tilbudsperiode")
    if frame and "aar" not in frame and period:  # derived from the offer period, as brevgen does
        years = budget_years(period["fra"], period["til"])
        runde = {**runde, "ramme": {**frame, "aar": [{"fra": a, "til": b} for a, b in years]}}
    return {
        "runde": runde,
        "temaer": [overlay(t, temaer) for t in runde.get("temaer", [])],
        "udbydere": {key: overlay(overrides.get(key, key), udbydere) for key in udbydere},
        "personer": register("personer"),
    }


ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
ENV.filters.update(dato=dato, tal=tal, telefon=telefon, email=str, link=str)


def render(text: str, ctx: dict) -> str:
    return ENV.from_string(text).render(ctx)


def markdown_text(text: str) -> str:
    """The words of a Markdown text: headings, paragraphs and list items in order; a link
    counts with its text only, as a reader sees it."""
    blocks = [tok.children or [] for tok in MarkdownIt().parse(text) if tok.type == "inline"]
    return " ".join(
        "".join(" " if t.type in ("softbreak", "hardbreak") else t.content for t in children)
        for children in blocks
    )


def letter_text(folder: str, document: str) -> tuple[dict, str]:
    runde = load(CONTENT / folder / "runde.yaml")
    brev = load(CONTENT / folder / f"{document}.yaml")
    personer = register("personer")
    names = " ".join(personer[u["person"]]["navn"] for u in brev["underskrivere"])
    body = markdown_text(render(brev["tekst"], context(runde)))
    return brev, f"{body} {brev['hilsen']} {names}"


def test_ok18_circular_keeps_the_source_wording():
    brev, text = letter_text("ok18-regioner", "cirkulaere")
    assert_same_words(corrected_source("ok18-cirkulaere.txt"), text)


def test_ok18_circular_subject_and_enclosures():
    brev = load(CONTENT / "ok18-regioner" / "cirkulaere.yaml")
    runde = load(CONTENT / "ok18-regioner" / "runde.yaml")
    subject = f"{brev['emne_praefiks']} {render(brev['titel'], context(runde))}"
    assert normalise(subject) == (
        "Vedr.: Et bedre psykisk arbejdsmiljø – tilbud om ekspertrådgivning og inspiration "
        "i regionerne åbner 7. januar 2019"
    )
    # Numbers are kept as strings exactly as written, dots and dashes included.
    assert [b["nummer"] for b in brev["bilag"]] == ["18-0388.7", "18.0355.8", "18.0355.7"]
    assert brev["modtagere"] == [{"navn": "Forhandlingsfællesskabets medlemsorganisationer"}]


def test_ok15_kl_status_letter_keeps_the_source_wording():
    brev, text = letter_text("ok15-kl", "statusbrev")
    assert_same_words(corrected_source("ok15-kl-statusbrev.txt"), text)
    assert brev["bilag"] == [{"titel": "Opslag af stillingen som sekretariatsleder"}]


def test_ok15_kl_dates_precede_the_deadline():
    runde = load(CONTENT / "ok15-kl" / "runde.yaml")
    brev = load(CONTENT / "ok15-kl" / "statusbrev.yaml")
    assert runde["datoer"] == {
        "styregruppemoede": dt.date(2015, 10, 8),
        "ansoegningsfrist": dt.date(2015, 11, 12),
    }
    assert runde["datoer"]["styregruppemoede"] < brev["dato"] < runde["datoer"]["ansoegningsfrist"]


def model_lines(model: dict, modelvalg: dict[str, dict], regioner: dict[str, dict]) -> list[str]:
    """One model of the page: its text, then the regions that chose it (see side.yaml)."""
    chosen = [(key, valg) for key, valg in modelvalg.items() if valg["model"] == model["nummer"]]
    lines = [f"{model['nummer']}. {model['tekst']}"]
    for key, valg in chosen:
        line = regioner[key]["navn"] + (" har valgt denne model" if len(chosen) == 1 else "")
        if valg.get("bemaerkning"):
            line += f", {valg['bemaerkning']}"
        lines.append(line)
    return lines


def section_text(afsnit: dict, side: dict) -> list[str]:
    temaer, udbydere, regioner = register("temaer"), register("udbydere"), register("regioner")
    parts = [afsnit["overskrift"], markdown_text(afsnit.get("tekst", ""))]
    parts += [overlay(t, temaer)["navn"] for t in afsnit.get("temaer", [])]
    parts += [overlay(u, udbydere)["listenavn"] for u in afsnit.get("udbydere", [])]
    for model in afsnit.get("modeller", []):
        parts += model_lines(model, side["modelvalg"], regioner)
    parts.append(markdown_text(afsnit.get("efter", "")))
    for sub in afsnit.get("afsnit", []):
        parts += section_text(sub, side)
    return parts


def overview_text() -> str:
    """The overview page's words in page order, as the web page's text extraction has them:
    without the state section's tab heading, which the extraction lost."""
    side = load(CONTENT / "oversigt" / "side.yaml")
    parts = [side["titel"], markdown_text(side["intro"])]
    for sektion in side["sektioner"]:
        parts += section_text(sektion, side)
    parts += ["Sidst opdateret", dato(side["sidst_opdateret"], "kort")]
    return " ".join(parts).replace(" Statslige arbejdspladser ", " ", 1)


def overview_source() -> str:
    """The web page's text, corrected, without its breadcrumb."""
    return corrected_source("oversigt.txt").removeprefix("Hjem > Støtte til psykisk arbejdsmiljø ")


def test_overview_page_keeps_the_source_wording():
    assert_same_words(overview_source(), overview_text())


def test_overview_model_choice_sentences():
    side = load(CONTENT / "oversigt" / "side.yaml")
    regional = next(s for s in side["sektioner"] if s["overskrift"] == "Regionale arbejdspladser")
    modeller = next(a for a in regional["afsnit"] if "modeller" in a)["modeller"]
    regioner = register("regioner")
    assert set(side["modelvalg"]) == set(regioner)
    assert model_lines(modeller[0], side["modelvalg"], regioner)[1:] == [
        "Region Hovedstaden har valgt denne model"
    ]
    assert model_lines(modeller[1], side["modelvalg"], regioner)[-1] == (
        "Region Midtjylland, der dog vil anvende model 1 i forbindelse med en enkelt aktivitet"
    )


def test_brochure_lists_exactly_its_rounds_themes_and_providers():
    brochure = load(CONTENT / "oversigt" / "brochure.yaml")
    runde = load(CONTENT / brochure["runde"] / "runde.yaml")
    themes = [item_id(t) for s in brochure["sektioner"] for t in s.get("temaer", [])]
    providers = [item_id(u) for s in brochure["sektioner"] for u in s.get("udbydere", [])]
    assert themes == [item_id(t) for t in runde["temaer"]]
    assert providers == [item_id(u) for u in runde["udbydere"]]
    offer = render(brochure["sektioner"][0]["tekst"], context(runde))
    assert "Fra den 7.\u00a0januar 2019 kan" in offer
    assert "frem til den 31.\u00a0marts 2021." in offer


def test_all_ids_exist_in_the_registers():
    refs = {"temaer": set(), "udbydere": set(), "personer": set(), "parter": set()}
    for path in [*CONTENT.glob("ok18-regioner/*.yaml"), *CONTENT.glob("ok15-kl/*.yaml")]:
        doc = load(path)
        refs["temaer"] |= {item_id(t) for t in doc.get("temaer", [])}
        refs["udbydere"] |= {item_id(u) for u in doc.get("udbydere", [])}
        refs["personer"] |= {u["person"] for u in doc.get("underskrivere", [])}
        refs["parter"] |= set(doc.get("afsendere", []))
    side = load(CONTENT / "oversigt" / "side.yaml")
    brochure = load(CONTENT / "oversigt" / "brochure.yaml")
    stack = [*side["sektioner"], *brochure["sektioner"]]
    while stack:
        afsnit = stack.pop()
        refs["temaer"] |= {item_id(t) for t in afsnit.get("temaer", [])}
        refs["udbydere"] |= {item_id(u) for u in afsnit.get("udbydere", [])}
        stack += afsnit.get("afsnit", [])
    refs["personer"] |= set(brochure["bagside"]["kontakter"])
    refs["parter"] |= set(brochure["afsendere"])
    for name, ids in refs.items():
        assert ids <= set(register(name)), f"{name}: {sorted(ids - set(register(name)))}"
    assert set(side["modelvalg"]) <= set(register("regioner"))


# --- the list of corrections ---------------------------------------------------------------


def appendix_2_text() -> str:
    """Bilag 2's own words: the introduction, then each provider's headings and texts."""
    runde = load(CONTENT / "ok15-regioner" / "runde.yaml")
    bilag = load(CONTENT / "ok15-regioner" / "bilag-2.yaml")
    parts = [bilag["titel"], markdown_text(render(bilag["tekst"], context(runde)))]
    for udbyder in bilag["udbydere"]:
        for afsnit in udbyder["afsnit"]:
            parts += [afsnit["overskrift"], markdown_text(afsnit["tekst"])]
    return " ".join(parts)


def appendix_1_text() -> str:
    runde = load(CONTENT / "ok15-regioner" / "runde.yaml")
    bilag = load(CONTENT / "ok15-regioner" / "bilag-1.yaml")
    return f"{bilag['titel']} {markdown_text(render(bilag['tekst'], context(runde)))}"


# The content's words for each source, merge fields filled: what a correction must be in.
CONTENT_TEXTS = {
    "ok15-brev.txt": lambda: letter_text("ok15-regioner", "brev")[1],
    "ok15-bilag-1.txt": appendix_1_text,
    "ok15-bilag-2.txt": appendix_2_text,
    "ok15-kl-statusbrev.txt": lambda: letter_text("ok15-kl", "statusbrev")[1],
    "ok18-cirkulaere.txt": lambda: letter_text("ok18-regioner", "cirkulaere")[1],
    "oversigt.txt": overview_text,
}


@pytest.mark.parametrize(
    "correction", CORRECTIONS, ids=[f"{c.file}:{c.old[:40]}" for c in CORRECTIONS]
)
def test_each_listed_correction_is_made_in_content(correction: Correction):
    old, new = normalise(correction.old), normalise(correction.new)
    assert old != new and old not in new, "the old text needs enough context to be gone"
    file = CONTENT / correction.file
    raw = normalise(file.read_text(encoding="utf-8"))
    assert old not in raw, f"{correction.file} still has {correction.old!r}"
    if correction.source is None:
        assert new in raw, f"{correction.file} lacks {correction.new!r}"
        return
    assert old in normalise(source(correction.source)), f"not in {correction.source}"
    text = normalise(CONTENT_TEXTS[correction.source]())
    assert old not in text, f"the content still has {correction.old!r}"
    assert new in text, f"the content lacks {correction.new!r}"


def test_appendix_1_keeps_the_source_wording():
    """Bilag 1 from its content, without building (test_ok15_output compares the built
    files of both appendices)."""
    assert_same_words(corrected_source("ok15-bilag-1.txt"), f"Bilag 1 {appendix_1_text()}")
