"""ASCII file-name slugs from Danish text (``Region Sjælland`` -> ``region-sjaelland``)."""

from __future__ import annotations

import re
import unicodedata

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def slugify(text: str, max_length: int = 60) -> str:
    """Lower-case ASCII letters, digits and single hyphens; never empty, never a path."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_DANISH)).encode("ascii", "ignore").decode()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "uden-navn"
