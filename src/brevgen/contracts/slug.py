"""File names from Sagsnr: safe on every file system and never outside the output folder."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

MAX_LENGTH = 60
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "AE", "Ø": "OE", "Å": "AA"})
_UNSAFE = re.compile(r"[^a-z0-9]+")
# Names Windows refuses whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}


def safe_slug(case_no: str, max_length: int = MAX_LENGTH) -> str:
    """``2016-R-014`` -> ``2016-r-014``; only a–z, 0–9 and single hyphens, never empty.

    Lower case because Windows and macOS treat ``R`` and ``r`` as the same file.
    """
    text = unicodedata.normalize("NFKD", case_no.translate(_DANISH))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = _UNSAFE.sub("-", text).strip("-")[:max_length].rstrip("-")
    if not text:
        return "sag"
    if text in _RESERVED:
        return f"sag-{text}"
    return text


class SlugBook:
    """Hands out unique slugs in row order; a later collision gets ``-2``, ``-3`` …

    Slugs are given to every row with a Sagsnr, issued or not, so fixing an earlier
    rejected row later does not take the file name of a contract already written.
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def allocate(self, case_no: str) -> str:
        base = safe_slug(case_no)
        slug, number = base, 1
        while slug in self._taken:
            number += 1
            suffix = f"-{number}"
            slug = base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        self._taken.add(slug)
        return slug


def output_path(folder: Path, slug: str, suffix: str) -> Path:
    """``folder/slug.suffix``, refusing anything that would land elsewhere."""
    if safe_slug(slug) != slug:
        raise ValueError(f"not a safe slug: {slug!r}")
    path = Path(folder) / f"{slug}{suffix}"
    if path.resolve().parent != Path(folder).resolve():
        raise ValueError(f"{path} is outside {folder}")
    return path
