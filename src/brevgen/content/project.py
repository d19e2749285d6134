"""Load the whole ``content/`` tree: shared registers and rounds, typed and cross-checked.

All problems of a run are collected and raised together as one :class:`ContentError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from brevgen.content import markers
from brevgen.content.messages import problems_from
from brevgen.content.models import (
    DOCUMENT_MODELS,
    REGISTERS,
    Appendix,
    Brochure,
    Contract,
    Letter,
    Mail,
    Model,
    Page,
    RoundInfo,
)
from brevgen.content.yamlfile import YamlFile, load_yaml
from brevgen.errors import ContentError, Problem

REGISTER_DIR = "registre"
ROUND_FILE = "runde.yaml"


@dataclass
class Registers:
    regions: dict[str, Any] = field(default_factory=dict)
    parties: dict[str, Any] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)
    themes: dict[str, Any] = field(default_factory=dict)
    providers: dict[str, Any] = field(default_factory=dict)
    files: dict[str, YamlFile] = field(default_factory=dict)

    _ATTR = {
        "regioner": "regions",
        "parter": "parties",
        "personer": "people",
        "temaer": "themes",
        "udbydere": "providers",
    }

    def by_key(self, key: str) -> dict[str, Any]:
        return getattr(self, self._ATTR[key])


@dataclass
class SourcedDocument:
    """A typed document and the YAML file it came from (for located messages)."""

    id: str
    model: Letter | Appendix | Page | Brochure | Contract | Mail
    source: YamlFile


@dataclass
class Round:
    id: str
    folder: Path
    info: RoundInfo
    source: YamlFile
    documents: dict[str, SourcedDocument] = field(default_factory=dict)
    # Documents that exist but failed validation: references to them are not reported again.
    invalid: set[str] = field(default_factory=set)
    # Keys of runde.yaml left out because they were wrong (reported), so the round's
    # documents could still be checked; merge fields using them are not reported twice.
    dropped: set[str] = field(default_factory=set)


@dataclass
class Project:
    root: Path
    registers: Registers
    rounds: dict[str, Round]  # the rounds to build
    # Every loaded round, also when one is built alone (a brochure reads another round's data).
    all_rounds: dict[str, Round] = field(default_factory=dict)


def load_project(root: Path, only_round: str | None = None) -> Project:
    """Load and validate all content below ``root/content``; raise ContentError on problems."""
    content = root / "content"
    if not content.is_dir():
        raise ContentError(
            f"mappen 'content' findes ikke i {root}; kør brevgen fra projektets mappe", ""
        )
    problems: list[Problem] = []
    registers = _load_registers(content, root, problems)
    registers_ok = not problems
    round_dirs = sorted(
        p
        for p in content.iterdir()
        if p.is_dir() and p.name != REGISTER_DIR and not p.name.startswith((".", "_"))
    )
    known = [p.name for p in round_dirs]
    if only_round is not None and only_round not in known:
        raise ContentError(
            f"runden '{only_round}' findes ikke under content/; gyldige: {', '.join(known)}"
        )
    rounds: dict[str, Round] = {}
    for folder in round_dirs:
        loaded = _load_round(folder, root, problems)
        if loaded:
            rounds[loaded.id] = loaded
    selected = rounds if only_round is None else {only_round: rounds[only_round]}
    project = Project(root, registers, selected, rounds)
    if registers_ok:
        # Checked also when some files were wrong, on what could be loaded, so one run
        # shows every problem: a wrong value, an unknown id and a bad merge field together.
        from brevgen.content.mergefields import project_merge_problems
        from brevgen.content.references import check_references

        problems.extend(check_references(registers, rounds))
        problems.extend(project_merge_problems(project))
    if problems:
        raise ContentError(list(dict.fromkeys(problems)))
    return project


def _validate(model: Any, source: YamlFile, base: tuple, problems: list[Problem]) -> Any:
    node: Any = source.data
    for part in base:
        node = node[part]
    try:
        return markers.validate(model, node, base, source.markers)
    except ValidationError as exc:
        problems.extend(problems_from(exc, source, model, base))
        return None


def _validate_partly(model: Any, source: YamlFile, problems: list[Problem]) -> tuple[Any, set]:
    """The model of a whole file, and the top-level keys left out to make it.

    When keys are wrong (reported in ``problems``), the model is made once more without them:
    if they were optional, the rest of the file can still be cross-checked in the same run.
    """
    try:
        return markers.validate(model, source.data, (), source.markers), set()
    except ValidationError as exc:
        problems.extend(problems_from(exc, source, model, ()))
        wrong = {e["loc"][0] for e in exc.errors() if e["loc"] and isinstance(e["loc"][0], str)}
    if not isinstance(source.data, dict) or not wrong:
        return None, wrong
    rest = {key: value for key, value in source.data.items() if key not in wrong}
    try:
        return markers.validate(model, rest, (), source.markers), wrong
    except ValidationError:
        return None, wrong


def _load_registers(content: Path, root: Path, problems: list[Problem]) -> Registers:
    registers = Registers()
    folder = content / REGISTER_DIR
    for key, model in REGISTERS.items():
        path = folder / f"{key}.yaml"
        if not path.exists():
            problems.append(Problem(f"content/{REGISTER_DIR}", f"registret {key}.yaml mangler"))
            continue
        source, errs = load_yaml(path, root)
        problems.extend(errs)
        if source is None:
            continue
        registers.files[key] = source
        if not isinstance(source.data, dict) or key not in source.data:
            problems.append(Problem(source.where(), f"filen skal starte med '{key}:'"))
            continue
        items = source.data[key]
        if not isinstance(items, list):
            problems.append(Problem(source.where((key,)), f"'{key}' skal være en liste"))
            continue
        target = registers.by_key(key)
        for index in range(len(items)):
            item = _validate(model, source, (key, index), problems)
            if item is None:
                continue
            if item.id in target:
                problems.append(
                    Problem(source.where((key, index, "id")), f"id '{item.id}' findes allerede")
                )
            target[item.id] = item
    return registers


def _load_round(folder: Path, root: Path, problems: list[Problem]) -> Round | None:
    info_path = folder / ROUND_FILE
    display = info_path.relative_to(root).as_posix()
    if not info_path.exists():
        problems.append(Problem(display, "filen mangler; hver runde skal have en runde.yaml"))
        return None
    source, errs = load_yaml(info_path, root)
    problems.extend(errs)
    info, dropped = _validate_partly(RoundInfo, source, problems) if source else (None, set())
    if source is not None and source.markers:
        # A value still to be filled in stood in for validation only: merge fields that use
        # it (or the budget years derived from the offer period) are not checked with it.
        dropped |= {loc[0] for loc in source.markers}
        if "tilbudsperiode" in dropped:
            dropped.add("ramme")
    documents: dict[str, SourcedDocument] = {}
    invalid: set[str] = set()
    for path in sorted(folder.glob("*.yaml")):
        if path.name == ROUND_FILE:
            continue
        doc_source, errs = load_yaml(path, root)
        problems.extend(errs)
        if doc_source is None:
            invalid.add(path.stem)
            continue
        if not isinstance(doc_source.data, dict):
            problems.append(Problem(doc_source.where(), "filen skal bestå af nøgler og værdier"))
            continue
        kind = doc_source.data.get("type")
        if kind not in DOCUMENT_MODELS:
            what = f"'type: {kind}' kendes ikke" if kind else "nøglen 'type' mangler"
            where = doc_source.where(("type",), value=True) if kind else doc_source.where()
            problems.append(Problem(where, f"{what}; gyldige typer: {', '.join(DOCUMENT_MODELS)}"))
            continue
        model, wrong = _validate_partly(DOCUMENT_MODELS[kind], doc_source, problems)
        if model is not None:
            documents[path.stem] = SourcedDocument(path.stem, model, doc_source)
        if model is None or wrong:
            invalid.add(path.stem)
    if info is None or source is None:
        return None
    return Round(folder.name, folder, info, source, documents, invalid, dropped)


__all__ = ["Project", "Round", "Registers", "SourcedDocument", "load_project", "Model"]
