"""The OK15 content says, word for word, what the parties' letter and appendices said.

Each text is filled with its merge fields, reduced to plain text and compared with the
transcribed source extraction. Only the provider contact blocks may differ, and only in how
the register writes the same facts (phone grouping, labels).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt
from ruamel.yaml import YAML

from brevgen.formatting import FILTERS, telefon
from textnorm import source_text, words

REPO = Path(__file__).resolve().parents[1]
ROUND = REPO / "content" / "ok15-regioner"
SOURCES = REPO / "tests" / "sources"


def _load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _register(name: str) -> dict[str, dict]:
    return {
        item["id"]: item for item in _load(REPO / "content" / "registre" / f"{name}.yaml")[name]
    }


PEOPLE = _register("personer")
PROVIDERS = _register("udbydere")
PARTIES = _register("parter")


def _plain(text: str) -> str:
    """Merge fields filled, Markdown reduced to one line per block."""
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS, email=str, link=str)
    runde = _load(ROUND / "runde.yaml")
    filled = env.from_string(text).render(
        runde=runde, personer=PEOPLE, udbydere=PROVIDERS, modtager={"navn": "Hovedudvalget"}
    )
    lines = []
    for token in MarkdownIt("commonmark").parse(filled):
        if token.type == "inline":
            kept = ("text", "code_inline", "softbreak", "hardbreak")
            children = [c for c in token.children or [] if c.type in kept]
            lines.append("".join(c.content if c.content else " " for c in children))
    return "\n".join(lines)


def _differences(source: str, content: str) -> list[tuple[str, str]]:
    a, b = words(source), words(content)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [
        (" ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def test_letter_body_matches_the_source():
    letter = _load(ROUND / "brev.yaml")
    source = source_text(SOURCES / "ok15-brev.txt").split("Med venlig hilsen")[0]
    assert _differences(source, _plain(letter["tekst"])) == []


def test_letter_signatures_match_the_source():
    letter = _load(ROUND / "brev.yaml")
    source = source_text(SOURCES / "ok15-brev.txt").split("Med venlig hilsen")[1]
    blocks = []
    for signatory in letter["underskrivere"]:
        person = PEOPLE[signatory["person"]]
        organisation = PARTIES[person["organisation"]]["navn"]
        blocks += [person["navn"], organisation, signatory.get("titel") or person["titel"]]
    # The source sets the blocks side by side, so compare the words, not their order.
    found = sorted(word.rstrip(",") for word in words(source))
    assert found == sorted(words("\n".join(blocks)))


def test_appendix_1_matches_the_source():
    appendix = _load(ROUND / "bilag-1.yaml")
    content = f"Bilag 1 {appendix['titel']}\n{_plain(appendix['tekst'])}"
    assert _differences(source_text(SOURCES / "ok15-bilag-1.txt"), content) == []


def test_appendix_2_matches_the_source_apart_from_contact_formatting():
    appendix = _load(ROUND / "bilag-2.yaml")
    parts = [f"Bilag 2 - {appendix['titel']}", _plain(appendix["tekst"])]
    for number, section in enumerate(appendix["udbydere"], 1):
        p = PROVIDERS[section["udbyder"]]
        c = p["kontaktperson"]
        parts += [
            f"{number}. {p['navn']}",
            f"{number}.1. Kontaktoplysninger",
            f"{p['navn']}\n{p['adresse']}\n{p['postnr']} {p['by']}",
            f"Telefon: {telefon(p['telefon'])}\nE-mail: {p['email']}\n{p['web']}",
            f"Kontaktperson: {c['navn']}, {telefon(c['telefon'])}, {c['email']}",
        ]
        for sub, part in enumerate(section["afsnit"], 2):
            parts += [f"{number}.{sub}. {part['overskrift']}", _plain(part["tekst"])]
    differences = _differences(source_text(SOURCES / "ok15-bilag-2.txt"), "\n".join(parts))
    assert differences == [
        ("105,", "105"),
        ("Telefon:39", "Telefon: 39"),
        ("3916 5330,", "39 16 53 30,"),
        ("Telefon.: 3815 3815", "Telefon: 38 15 38 15"),
        ("www.cbs.dk", ""),  # the register's web address is the link target, http://...
        ("CBS er", ""),
        ("tlf. 3815 3656,", "38 15 36 56,"),
        ("Søllerød", ""),
        ("Telefon", "Telefon:"),
        ("www.alectia.com", ""),
        ("mobil", ""),
        ("109 709, mail:", "10 97 09,"),
        ("Telefon", "Telefon:"),
        ("www.ruc.dk Kontakt:", "Kontaktperson:"),
        ("hh@ruc.dk. Mobil: +45 6093 5069", "60 93 50 69, hh@ruc.dk"),
    ]
