"""YAML files that remember where each key and value stands.

ruamel.yaml's round-trip loader keeps line and column of every key and item, which lets
every validation message point at ``content/ok15-regioner/brev.yaml:42:5``.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from brevgen.content import markers as _markers
from brevgen.errors import Problem

# ruamel's English problem texts for the mistakes people make most, in Danish.
_YAML_PROBLEMS = {
    "mapping values are not allowed here": "et kolon står et sted, hvor det ikke må stå "
    "(sæt teksten i anførselstegn, hvis den indeholder ': ')",
    "could not find expected ':'": "der mangler et kolon efter en nøgle",
    "found character '\\t' that cannot start any token": "tabulatortegn må ikke bruges til "
    "indrykning; brug mellemrum",
    "expected <block end>, but found": "indrykningen passer ikke med linjerne ovenover",
    "found undefined alias": "en henvisning med * peger på et anker, der ikke findes",
    "while scanning a quoted scalar": "et anførselstegn er ikke lukket",
}


# The last texts parsed, and what they parsed to. A workbench (``brevgen serve``) loads the
# content again on every save; the files that did not change are not parsed again. Keyed by
# the text itself, so a hit is always right; the parsed data is only ever read.
_PARSED: OrderedDict[str, Any] = OrderedDict()
_PARSED_KEPT = 64


@dataclass
class YamlFile:
    """A loaded YAML document with its path relative to the project, for messages."""

    path: Path
    display: str
    data: Any
    # Values still to be filled in (brevgen.content.markers): location -> what to write.
    markers: dict[tuple[str | int, ...], str] = field(default_factory=dict)

    def where(self, loc: tuple[str | int, ...] = (), *, value: bool = False) -> str:
        """``file:line:col`` of the key (or value) at ``loc``, or of its nearest parent."""
        line, col = locate(self.data, loc, value=value)
        return f"{self.display}:{line}:{col}" if line else self.display

    def text_start_line(self, loc: tuple[str | int, ...]) -> int:
        """The file line on which the text at ``loc`` starts (block scalars: the next line)."""
        line, _ = locate(self.data, loc, value=True)
        node = _get(self.data, loc)
        if isinstance(node, LiteralScalarString | FoldedScalarString):
            line += 1
        return line


def _get(data: Any, loc: tuple[str | int, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def locate(data: Any, loc: tuple[str | int, ...], *, value: bool = False) -> tuple[int, int]:
    """1-based (line, column) of ``loc`` in ``data``; the deepest existing parent wins."""
    line = col = 0
    node = data
    for index, part in enumerate(loc):
        lc = getattr(node, "lc", None)
        try:
            if isinstance(part, int) and isinstance(node, list):
                pos = lc.item(part) if lc else None
                node = node[part]
            elif isinstance(node, dict) and part in node:
                last = index == len(loc) - 1
                pos = (lc.value(part) if value and last else lc.key(part)) if lc else None
                node = node[part]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
        if pos:
            line, col = pos[0] + 1, pos[1] + 1
    if not line and getattr(data, "lc", None) is not None:
        line, col = data.lc.line + 1, data.lc.col + 1
    return line, col


class _ValueProblem(ConstructorError):
    """A value the YAML names a type for (``!!int abc``) that is not of that type."""


class _Constructor(RoundTripConstructor):
    """ruamel's round-trip constructor, for values people type.

    A date that does not exist (``2016-02-30``) stays text, so the model reports it with its
    place like any other wrong date; any other value a constructor cannot make (``!!int
    abc``) becomes a located YAML error instead of a bare ValueError.
    """

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, KeyError, OverflowError, RecursionError) as exc:
            if isinstance(exc, YAMLError):
                raise
            value = node.value if isinstance(node.value, str) else ""
            tag = str(getattr(node.tag, "value", node.tag)).replace("tag:yaml.org,2002:", "!!")
            raise _ValueProblem(
                None,
                None,
                f"værdien '{value}' passer ikke til mærket {tag} (teknisk: {exc}); ret værdien, "
                "eller fjern mærket",
                node.start_mark,
            ) from None


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def load_yaml(path: Path, root: Path) -> tuple[YamlFile | None, list[Problem]]:
    """Load ``path``; on a syntax error return the located Danish problem instead."""
    display = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(display, "filen er ikke gemt som UTF-8; gem den igen som UTF-8")]
    except OSError as exc:
        why = f"filen kan ikke læses (teknisk: {exc.strerror or exc}); "
        return None, [Problem(display, why + "tjek, at den findes og ikke er låst, og kør igen")]
    data = _PARSED.get(text)
    if data is not None:
        _PARSED.move_to_end(text)
        return _loaded(path, display, data)
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        data = yaml.load(text)
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        key = str(exc.problem).split('"')[1] if '"' in str(exc.problem) else ""
        where = f"{display}:{mark.line + 1}:{mark.column + 1}"
        return None, [Problem(where, f"nøglen '{key}' står to gange; slet den ene")]
    except _ValueProblem as exc:
        mark = exc.problem_mark
        where = f"{display}:{mark.line + 1}:{mark.column + 1}"
        return None, [Problem(where, str(exc.problem))]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{display}:{mark.line + 1}:{mark.column + 1}" if mark else display
        problem = str(exc.problem or exc.context or "")
        danish = next((d for en, d in _YAML_PROBLEMS.items() if en in problem), None)
        message = "filen kan ikke læses som YAML: " + (
            danish or "tjek indrykning, kolon og anførselstegn"
        )
        return None, [Problem(where, message + (f" (teknisk: {problem})" if problem else ""))]
    except YAMLError as exc:  # a character YAML forbids (ReaderError), and the like
        position = getattr(exc, "position", None)
        where = display
        if isinstance(position, int):
            line = text.count("\n", 0, position) + 1
            where = f"{display}:{line}:{position - text.rfind(chr(10), 0, position)}"
        char = getattr(exc, "character", None)
        what = f"tegnet U+{ord(char):04X}" if isinstance(char, str) and char else "et tegn"
        if isinstance(char, int):
            what = f"tegnet U+{char:04X}"
        return None, [
            Problem(where, f"filen indeholder {what}, som ikke må stå i en YAML-fil; slet det")
        ]
    if data is None:
        return None, [Problem(display, "filen er tom")]
    _PARSED[text] = data
    if len(_PARSED) > _PARSED_KEPT:
        _PARSED.popitem(last=False)
    return _loaded(path, display, data)


def _loaded(path: Path, display: str, data: Any) -> tuple[YamlFile, list[Problem]]:
    """The file, and a located problem for every UDFYLD marker still in it."""
    source = YamlFile(path, display, data, dict(_markers.find(data)))
    return source, [
        _markers.problem(source.where(loc, value=True), loc, what)
        for loc, what in source.markers.items()
    ]
