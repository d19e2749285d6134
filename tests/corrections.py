"""The list of corrections (tests/sources/rettelser.yaml): where content/ deliberately departs
from a source's wording, with the file and the old and new text.

The transcription tests compare content with its source *through* this list: ``apply`` puts
the corrections into a source text after normalisation, so a line break or hyphenation in the
source never hides an old text. ``test_content_transcriptions`` checks that each correction is
really made in content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

LIST = Path(__file__).resolve().parent / "sources" / "rettelser.yaml"


@dataclass(frozen=True)
class Correction:
    file: str  # below content/
    source: str | None  # below tests/sources/; None when no test compares the file word by word
    old: str
    new: str


def load() -> list[Correction]:
    entries = YAML(typ="safe").load(LIST.read_text(encoding="utf-8"))["rettelser"]
    return [Correction(e["fil"], e.get("kilde"), e["gammel"], e["ny"]) for e in entries]


CORRECTIONS = load()


def for_source(name: str) -> list[Correction]:
    return [c for c in CORRECTIONS if c.source == name]


def apply(text: str, name: str, norm: Callable[[str], str]) -> str:
    """``text`` (already passed through ``norm``) with every correction listed for source
    ``name``; ``norm`` is the normalisation the calling test compares with."""
    for correction in for_source(name):
        text = text.replace(norm(correction.old), norm(correction.new))
    return text
