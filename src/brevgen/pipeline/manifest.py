"""``manifest.json`` in an output folder: every file made, its SHA-256 and what it came from.

The manifest lets staff prove that a regenerated letter is unchanged (``brevgen verify``),
tells the next run what an output depends on (its fingerprint) and with which options it
was made (so ``verify`` makes it again the same way), and remembers the state of the
project after each complete run (``kørsler``), so a run with nothing to do can say so without
reading the content. It holds no clock time, so the same run gives the same manifest.
One format for every output folder: the build's and each contracts run's.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from brevgen.errors import Problem
from brevgen.output import write_bytes

NAME = "manifest.json"
VERSION = 2


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    files: dict[str, dict] = field(default_factory=dict)  # path in the folder -> entry
    runs: dict[str, dict] = field(default_factory=dict)  # selection -> state and file digest

    def record(self, path: str, data: bytes, inputs, fingerprint: str, options: dict) -> None:
        self.files[path] = {
            "sha256": sha256(data),
            "bytes": len(data),
            "inputs": sorted(set(inputs)),
            "fingerprint": fingerprint,
            "valg": options,
        }

    def digest(self, paths) -> str:
        """One hash of the recorded contents of ``paths`` (a run's files)."""
        text = "\n".join(f"{p}={self.files.get(p, {}).get('sha256')}" for p in sorted(paths))
        return sha256(text.encode())


def load(out: Path) -> Manifest:
    """``out``'s manifest, or an empty one (none yet, unreadable, or of an older version)."""
    try:
        data = json.loads((out / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Manifest()
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return Manifest()
    return Manifest(dict(data.get("filer", {})), dict(data.get("kørsler", {})))


def save(out: Path, manifest: Manifest) -> None:
    body = {
        "version": VERSION,
        "filer": {k: manifest.files[k] for k in sorted(manifest.files)},
        "kørsler": {k: manifest.runs[k] for k in sorted(manifest.runs)},
    }
    text = json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_bytes(out / NAME, text.encode("utf-8"))


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


def warnings(out: Path, selection: str) -> list[Problem]:
    """The warnings of the last complete run of ``selection``."""
    last = load(out).runs.get(selection) or {}
    return [Problem(where, message) for where, message in last.get("advarsler", [])]


def unchanged(out: Path, selection: str, state: str) -> list[Path] | None:
    """The files of the last run of ``selection`` if nothing it used has changed since and
    every file is intact; otherwise None (the run must be planned)."""
    recorded = load(out)
    last = recorded.runs.get(selection)
    if not last or last.get("tilstand") != state:
        return None
    paths = last.get("filer", [])
    if recorded.digest(paths) != last.get("indhold"):
        return None  # another run has since made some of these files differently
    for relative in paths:
        known = recorded.files.get(relative, {})
        if not current(known, known.get("fingerprint", ""), out / relative):
            return None
    return [out / p for p in paths]
