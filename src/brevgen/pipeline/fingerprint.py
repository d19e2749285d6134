"""What an output depends on, reduced to one hash, so unchanged outputs are not re-rendered.

An output's bytes are a function of (a) its views' merged context — every fact the layout
can show, already taken from the registers — (b) the layout files it uses, found by
following ``{% extends %}``, ``{% include %}`` and stylesheet links from its own layout,
(c) brevgen's own code and the renderer versions, (d) the options that shape the format's bytes
(the PDF variant). If the hash of all
that equals the one in the manifest, the file on disk is still right. So changing one
provider's phone number re-renders only the documents that show that provider, and editing
``brochure.css`` re-renders only the brochure.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path

import brevgen
from brevgen.render import FORMATS, Options

# A template a layout extends or includes, a stylesheet it links, or one a stylesheet imports.
_REFERENCE = re.compile(
    r"""\{%-?\s*(?:extends|include|import)\s+["']([^"']+)["']"""
    r"""|href=["']([^"':]+\.css)["']"""
    r"""|@import\s+(?:url\()?["']([^"':]+\.css)["']"""
)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Fingerprints:
    """The fingerprints of one run's outputs; files and layouts are read once."""

    def __init__(self, root: Path, options: Options) -> None:
        self.root = root
        self.options = options
        self._files: dict[str, str] = {}
        self._layouts: dict[tuple[str, str], list[str]] = {}
        package = Path(brevgen.__file__).parent
        code = hashlib.sha256()
        for path in sorted(package.rglob("*.py")):
            code.update(path.relative_to(package).as_posix().encode())
            code.update(path.read_bytes())
        for name in ("weasyprint", "docxtpl", "python-docx", "markdown-it-py", "babel"):
            code.update(f"{name}={version(name)}".encode())
        self.code = code.hexdigest()

    def file(self, relative: str) -> str:
        """SHA-256 of a project file or folder (a folder: all files in it, by name)."""
        if relative not in self._files:
            path = self.root / relative
            if path.is_dir():
                digest = hashlib.sha256()
                for child in sorted(p for p in path.rglob("*") if p.is_file()):
                    digest.update(child.relative_to(path).as_posix().encode())
                    digest.update(child.read_bytes())
                self._files[relative] = digest.hexdigest()
            else:
                self._files[relative] = _sha(path.read_bytes()) if path.exists() else "-"
        return self._files[relative]

    def layout_files(self, family: str, layout: str) -> list[str]:
        """The template files one layout uses (``family``: ``html``, ``docx`` or none)."""
        key = (family, layout)
        if key in self._layouts:
            return self._layouts[key]
        if not family:
            found = []
        elif family == "docx":
            found = [f"templates/docx/{layout}.docx", "templates/fonts"]  # fonts are embedded
        else:
            found, queue = [], [f"{layout}.html"]
            while queue:
                name = queue.pop()
                relative = f"templates/html/{name}"
                if relative in found:
                    continue
                found.append(relative)
                path = self.root / relative
                if path.exists():
                    text = path.read_text(encoding="utf-8")
                    queue.extend(next(filter(None, groups)) for groups in _REFERENCE.findall(text))
            found.append("templates/fonts")
        self._layouts[key] = found
        return found

    def of(self, fmt: str, views: list, identity: str) -> tuple[str, list[str]]:
        """(fingerprint, layout files) of an output of format ``fmt`` made from ``views``."""
        family = FORMATS[fmt].layouts
        files = sorted({f for v in views for f in self.layout_files(family, v.layout)})
        digest = hashlib.sha256()
        digest.update(f"{self.code}|{self.options.record(fmt)}|{fmt}|{identity}".encode())
        for relative in files:
            digest.update(f"{relative}={self.file(relative)}".encode())
        for view in views:
            digest.update(view.key.encode())
        return digest.hexdigest(), files

    def state(self, selection: str, extra: Sequence[Path] = ()) -> str:
        """One hash of everything a run reads: brevgen, the options, what was asked for, every
        file under content/ and templates/, and ``extra`` files (a register). Equal states
        make equal outputs."""
        digest = hashlib.sha256(f"{self.code}|{asdict(self.options)}|{selection}".encode())
        for folder in ("content", "templates"):
            digest.update(f"{folder}={self.file(folder)}".encode())
        for path in extra:
            digest.update(f"{path.name}={_sha(path.read_bytes())}".encode())
        return digest.hexdigest()
