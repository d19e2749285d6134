"""Surgical edits of a YAML file's text: one value replaced, one key removed or added, and
everything else (comments, quoting, line breaks, the order of keys) left as staff wrote it.

ruamel.yaml's composer gives every node its start and end in the text; an edit replaces
exactly that span. Dumping the loaded data again would re-wrap long lines and move comments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode


def compose(text: str) -> Node | None:
    """The node tree of ``text`` (raises ruamel's YAMLError on a syntax error)."""
    return YAML(typ="rt").compose(text)


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def pairs(node: Node | None) -> dict[str, tuple[ScalarNode, Node]]:
    """A mapping node's entries by key (empty for anything else)."""
    if not isinstance(node, MappingNode):
        return {}
    return {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}


@dataclass
class Editor:
    """Edits of one text, made on the original positions and applied together."""

    text: str
    _edits: list[tuple[int, int, str]] = field(default_factory=list)

    def result(self) -> str:
        out = self.text
        for start, end, new in sorted(self._edits, reverse=True):
            out = out[:start] + new + out[end:]
        return out

    def _line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def _line_end(self, index: int) -> int:
        end = self.text.find("\n", index)
        return len(self.text) if end < 0 else end + 1

    def replace(self, node: Node, new: str) -> None:
        self._edits.append((node.start_mark.index, node.end_mark.index, new))

    def set_values(self, key: ScalarNode, mapping: Node, changes: dict[str, str | None]) -> None:
        """In the mapping under ``key``: each value in ``changes`` becomes the given YAML text
        (``None`` removes the entry). A one-line ``{fra: …, til: …}`` becomes a block, so
        each new value stands on its own line."""
        entries = pairs(mapping)
        wanted = {k: v for k, v in changes.items() if k in entries}
        if not wanted:
            return
        if getattr(mapping, "flow_style", False) and key.start_mark.column is not None:
            indent = " " * (key.start_mark.column + 2)
            lines = [
                f"{indent}{k}: {wanted.get(k, self.text[v.start_mark.index : v.end_mark.index])}"
                for k, (_, v) in entries.items()
                if not (k in wanted and wanted[k] is None)
            ]
            self._edits.append(
                (key.end_mark.index, mapping.end_mark.index, ":\n" + "\n".join(lines))
            )
            return
        for k, new in wanted.items():
            k_node, v_node = entries[k]
            if new is not None:
                self.replace(v_node, new)
            else:
                self.remove(k_node, v_node)

    def remove(self, key: Node, value: Node, comment: str = "") -> None:
        """Remove a block mapping's entry (its lines), leaving ``comment`` in its place."""
        start = self._line_start(key.start_mark.index)
        end_mark = value.end_mark
        end = end_mark.index if end_mark.column == 0 else self._line_end(end_mark.index)
        indent = " " * key.start_mark.column
        self._edits.append((start, end, f"{indent}# {comment}\n" if comment else ""))

    def insert_after(self, node: Node, line: str) -> None:
        """A new line after the line on which ``node`` ends, indented like ``node``'s key."""
        index = self._line_end(node.end_mark.index - 1 if node.end_mark.column == 0 else
                               node.end_mark.index)  # fmt: skip
        self._edits.append((index, index, line if line.endswith("\n") else line + "\n"))
