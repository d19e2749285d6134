"""A new round from the last: ``content/NY/`` copied from ``content/GAMMEL/`` with markers.

Every document and ``runde.yaml`` is copied as staff wrote it, except the facts that must
change each round: the round's name and agreement, the offer period, the round's dates and
each document's date become markers (:mod:`brevgen.content.markers`) that ``check`` and
``build`` report until they are filled in. The frame's budget years are removed: they follow
from the offer period. Themes and providers stay as references to the registers, for staff
to edit. Each copied document names the document it succeeds (``forgaenger``), so
``brevgen diff GAMMEL NY`` pairs them.

All files are written into a hidden folder under ``content/`` and moved into place in one
step: after an error nothing is left half-written.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode

from brevgen.content.markers import describe, marker
from brevgen.content.project import REGISTER_DIR, ROUND_FILE
from brevgen.content.yamlfile import load_yaml
from brevgen.errors import ContentError, Problem
from brevgen.output import cannot_write
from brevgen.slug import slugify

from .yamledit import Editor, compose, pairs, quoted

# A round's id names its folder, its build folder and its documents' predecessors.
_ROUND_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID = 60
_DATE = "ÅÅÅÅ-MM-DD"
PREDECESSOR_COMMENT = (
    "# Forgængeren: dokumentet i en tidligere runde, som 'brevgen diff' sammenligner dette med."
)
# A document's own date, by type: (key, what to fill in).
_DOCUMENT_DATES = {
    "brev": ("dato", "brevets dato"),
    "bilag": ("dato", "bilagets dato"),
    "brochure": ("dato", "folderens dato"),
    "side": ("sidst_opdateret", "den dag, siden sidst er opdateret"),
}


@dataclass(frozen=True)
class ToFill:
    """One marker of the new round: where (``content/x/runde.yaml:5:9``) and what."""

    where: str
    key: str
    what: str


@dataclass
class NewRound:
    folder: Path
    files: list[str] = field(default_factory=list)
    to_fill: list[ToFill] = field(default_factory=list)
    lists: dict[str, str] = field(default_factory=dict)  # 'temaer' -> where it stands
    left_out: list[str] = field(default_factory=list)  # files not copied (not YAML)
    # Places in other rounds that name the old round (a brochure's round, an overview's
    # list): perhaps they should name the new one now.
    mentions: list[str] = field(default_factory=list)


def check_round_id(name: str) -> None:
    """Raise a Danish ContentError unless ``name`` can be a round's folder name."""
    if name == REGISTER_DIR:
        raise ContentError(f"'{name}' er mappen med de fælles registre; vælg et andet navn")
    if not _ROUND_ID.fullmatch(name) or len(name) > MAX_ID:
        suggestion = slugify(name, MAX_ID, empty="ny-runde")
        raise ContentError(
            f"'{name}' kan ikke bruges som navn på en runde: navnet bliver navnet på en mappe "
            f"og må kun have små bogstaver a–z, tal og enkelte bindestreger (højst {MAX_ID} "
            f"tegn), fx '{suggestion}'"
        )


def new_round(root: Path, new: str, old: str) -> NewRound:
    """Write ``content/<new>/`` from ``content/<old>/``; raise ContentError on a mistake."""
    check_round_id(new)
    content = root / "content"
    source = content / old
    if not (source / ROUND_FILE).is_file():
        known = sorted(
            p.parent.name
            for p in content.glob(f"*/{ROUND_FILE}")
            if not p.parent.name.startswith((".", "_"))
        )
        raise ContentError(
            f"runden '{old}' findes ikke under content/ (der er ingen content/{old}/"
            f"{ROUND_FILE}); gyldige: {', '.join(known) or '(ingen)'}"
        )
    target = content / new
    if target.exists():
        raise ContentError(
            f"content/{new} findes allerede, og brevgen skriver ikke over en runde; vælg et "
            "andet navn, eller flyt mappen først"
        )
    texts, problems = {}, []
    for path in sorted(source.glob("*.yaml")):
        try:
            texts[path.name] = _copy_text(path, root, old, new)
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    result = NewRound(target, files=sorted(texts, key=lambda n: (n != ROUND_FILE, n)))
    result.left_out = sorted(
        p.name for p in source.iterdir() if p.is_file() and p.suffix != ".yaml"
    )
    _write_folder(content, target, texts)
    _describe(result, root)
    result.mentions = _mentions(content, root, old, {new, old})
    return result


def _mentions(content: Path, root: Path, old: str, skip: set[str]) -> list[str]:
    """``file:line:col (key: value)`` of each reference to round ``old`` in other rounds."""
    found = []
    for path in sorted(content.glob("*/*.yaml")):
        folder = path.parent.name
        if folder in skip or folder == REGISTER_DIR or folder.startswith((".", "_")):
            continue
        source, _ = load_yaml(path, root)
        data = source.data if source is not None else None
        if not isinstance(data, dict):
            continue
        if data.get("runde") == old:
            found.append(f"{source.where(('runde',), value=True)} (runde: {old})")
        listed = data.get("opsummerer")
        if isinstance(listed, list) and old in listed:
            index = listed.index(old)
            found.append(f"{source.where(('opsummerer', index))} (opsummerer: {old})")
    return found


def _copy_text(path: Path, root: Path, old: str, new: str) -> str:
    display = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
        node = compose(text)
    except (OSError, UnicodeDecodeError, YAMLError):
        _, problems = load_yaml(path, root)  # the located Danish message
        raise ContentError(problems or [Problem(display, "filen kan ikke læses")]) from None
    if not isinstance(node, MappingNode):
        raise ContentError("filen skal bestå af nøgler og værdier", where=display)
    editor = Editor(text)
    if path.name == ROUND_FILE:
        _round_facts(editor, node)
    else:
        _document_facts(editor, node, old, new, path.stem)
    return editor.result()


def _was(value: ScalarNode) -> str:
    return f" (var: {value.value})" if value.value else ""


def _date_marker(what: str, value: ScalarNode) -> str:
    return quoted(marker(f"{what}, {_DATE}{_was(value)}"))


def _round_facts(editor: Editor, node: MappingNode) -> None:
    entries = pairs(node)
    for key, what in (("navn", "rundens navn"), ("overenskomst", "overenskomsten")):
        if key in entries and isinstance(entries[key][1], ScalarNode):
            editor.replace(entries[key][1], quoted(marker(what + _was(entries[key][1]))))
    if "tilbudsperiode" in entries:
        key, period = entries["tilbudsperiode"]
        changes = {}
        for name, what in (("fra", "første dag i tilbudsperioden"),
                           ("til", "sidste dag i tilbudsperioden")):  # fmt: skip
            value = pairs(period).get(name, (None, None))[1]
            if isinstance(value, ScalarNode):
                changes[name] = _date_marker(what, value)
        editor.set_values(key, period, changes)
    if "ramme" in entries:
        key, frame = entries["ramme"]
        if "aar" in pairs(frame):
            if getattr(frame, "flow_style", False):
                editor.set_values(key, frame, {"aar": None})
            else:
                editor.remove(
                    *pairs(frame)["aar"],
                    comment="aar: budgetårene udledes af tilbudsperioden (1. april–31. marts)",
                )
    if "datoer" in entries:
        key, dates = entries["datoer"]
        editor.set_values(
            key,
            dates,
            {
                name: _date_marker(f"datoen '{name}'", value)
                for name, (_, value) in pairs(dates).items()
                if isinstance(value, ScalarNode)
            },
        )


def _document_facts(editor: Editor, node: MappingNode, old: str, new: str, stem: str) -> None:
    entries = pairs(node)
    kind = entries["type"][1].value if "type" in entries else None
    date_key, what = _DOCUMENT_DATES.get(kind, (None, ""))
    if date_key in entries and isinstance(entries[date_key][1], ScalarNode):
        editor.replace(entries[date_key][1], _date_marker(what, entries[date_key][1]))
    if kind == "brochure" and "runde" in entries and entries["runde"][1].value == old:
        editor.replace(entries["runde"][1], new)
    link = f"{old}/{stem}"
    if "forgaenger" in entries:
        editor.replace(entries["forgaenger"][1], link)
    else:
        anchor = entries["type"][1] if "type" in entries else node.value[0][1]
        editor.insert_after(anchor, f"{PREDECESSOR_COMMENT}\nforgaenger: {link}")


def _write_folder(content: Path, target: Path, texts: dict[str, str]) -> None:
    """Write every file into a hidden folder beside ``target``, then rename it into place."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=content))
    except OSError as exc:
        raise ContentError(cannot_write(exc), where=str(content)) from None
    try:
        for name, text in texts.items():
            (staging / name).write_text(text, encoding="utf-8")
        os.chmod(staging, 0o777 & ~_umask())
        if target.exists():  # made meanwhile by someone else: never replaced
            raise ContentError(f"content/{target.name} findes allerede", where=str(target))
        os.rename(staging, target)
    except OSError as exc:
        raise ContentError(cannot_write(exc), where=str(target)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _describe(result: NewRound, root: Path) -> None:
    """The markers of the written round in the order to fill them in, and its lists."""
    for name in result.files:
        source, _ = load_yaml(result.folder / name, root)
        if source is None:
            continue
        for loc, what in source.markers.items():
            result.to_fill.append(ToFill(source.where(loc, value=True), describe(loc), what))
        if name == ROUND_FILE:
            for key in ("temaer", "udbydere", "ramme"):
                if isinstance(source.data, dict) and key in source.data:
                    result.lists[key] = source.where((key,))


__all__ = ["NewRound", "ToFill", "check_round_id", "new_round"]
