"""``build/manifest.json``: every written file with its SHA-256 and the inputs it came from.

The manifest lets staff prove that a regenerated letter is unchanged (``brevgen verify``)
and tells incremental builds what an output depends on. It holds no clock time, so the
same build gives the same manifest.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from brevgen.output import write_bytes

NAME = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load(out: Path) -> dict[str, dict]:
    """The files recorded in ``out``'s manifest, or an empty mapping."""
    try:
        data = json.loads((out / NAME).read_text(encoding="utf-8"))
        return dict(data.get("filer", {}))
    except (OSError, ValueError, AttributeError):
        return {}


def save(out: Path, files: dict[str, dict]) -> None:
    body = {"version": 1, "filer": {k: files[k] for k in sorted(files)}}
    text = json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_bytes(out / NAME, text.encode("utf-8"))


def entry(data: bytes, inputs: list[str], fingerprint: str) -> dict:
    return {
        "sha256": sha256(data),
        "bytes": len(data),
        "inputs": sorted(set(inputs)),
        "fingerprint": fingerprint,
    }


def current(known: dict, fingerprint: str, path: Path) -> bool:
    """True if ``path`` is recorded (``known``) as made from ``fingerprint`` and is intact.

    Intact means there and of the recorded size: cheap enough to ask of every file on every
    run; ``brevgen verify`` is the check that reads the bytes.
    """
    return (
        known.get("fingerprint") == fingerprint
        and path.is_file()
        and path.stat().st_size == known.get("bytes")
    )
