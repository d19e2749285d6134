"""ASCII file-name slugs from Danish text, safe on every file system.

``Region Sjælland`` -> ``region-sjaelland``, Sagsnr. ``2016-R-014`` -> ``2016-r-014``: only
a–z, 0–9 and single hyphens, lower case (Windows and macOS treat ``R`` and ``r`` as the same
file), never empty, never a name Windows refuses, never a path.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

MAX_LENGTH = 60
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
_UNSAFE = re.compile(r"[^a-z0-9]+")
# Names Windows refuses whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}


def slugify(text: str, max_length: int = MAX_LENGTH, empty: str = "uden-navn") -> str:
    """The slug of ``text``; ``empty`` when nothing of it is left, prefixed if reserved."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_DANISH)).encode("ascii", "ignore").decode()
    )
    slug = _UNSAFE.sub("-", ascii_text.lower()).strip("-")[:max_length].rstrip("-")
    if not slug:
        return empty
    if slug in _RESERVED:
        return f"{empty}-{slug}"
    return slug


def safe_slug(case_no: str, max_length: int = MAX_LENGTH) -> str:
    """A contract's file stem from its Sagsnr (``sag`` when the Sagsnr has no letters)."""
    return slugify(case_no, max_length, empty="sag")


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
