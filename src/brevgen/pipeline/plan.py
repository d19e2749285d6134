"""What a run makes: a plan is a list of outputs, each knowing how it is made and where it goes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brevgen.errors import Problem
from brevgen.render import Options
from brevgen.views import View

from .fingerprint import Fingerprints


@dataclass(frozen=True)
class ViewRef:
    """A view made in the process that renders it: ``source``'s view of ``item``.

    A register of 10,000 rows is not sent to the worker processes as 10,000 merged views:
    the plan's source (the round's contract text, merged once) goes to each worker once, and
    each task carries only its rows.
    """

    source: str
    item: Any


@dataclass(frozen=True)
class Output:
    """One file a run may make: how (format, views, identity), from what, and where."""

    path: str  # relative to the run's output folder, with / between folders
    format: str  # a key of brevgen.render.FORMATS
    parts: tuple[View | ViewRef, ...]
    identity: str  # stable name of the output; seeds PDF identifiers
    fingerprint: str  # of everything the bytes depend on (pipeline.fingerprint)
    inputs: tuple[str, ...]  # project files it was made from, for the manifest
    group: str  # outputs that stand or fall together (a contract's DOCX and PDF)
    batch: str  # outputs rendered in one task, so they share layouts (a recipient's letters)


@dataclass(frozen=True)
class Final:
    """An output made after all others, from what the run did (a contracts report)."""

    path: str
    make: Callable[[Any], Output]  # RunResult -> Output; rendered in the main process


@dataclass
class Plan:
    root: Path
    options: Options
    outputs: list[Output] = field(default_factory=list)
    finals: list[Final] = field(default_factory=list)
    # Named makers of views (``.view(item)``) that ViewRefs point at; sent to workers once.
    sources: dict[str, Any] = field(default_factory=dict)
    # What the user should know but that stops nothing (a provider without contact facts):
    # located like errors, printed after the run, exit status 0.
    warnings: list[Problem] = field(default_factory=list)
    fingerprints: Fingerprints = field(init=False)

    def __post_init__(self) -> None:
        self.fingerprints = Fingerprints(self.root, self.options)

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def add(
        self,
        path: str,
        fmt: str,
        views: Sequence[View],
        identity: str,
        *,
        inputs: Sequence[str] = (),
        group: str = "",
        batch: str = "",
        parts: Sequence[View | ViewRef] | None = None,
    ) -> Output:
        """Plan one output made from ``views`` (``parts`` when it is made from references)."""
        fingerprint, layouts = self.fingerprints.of(fmt, list(views), identity)
        view_inputs = [i for v in views for i in v.inputs]
        output = Output(
            path,
            fmt,
            tuple(parts if parts is not None else views),
            identity,
            fingerprint,
            tuple(dict.fromkeys([*layouts, *view_inputs, *inputs])),
            group or path,
            batch or group or path,
        )
        self.outputs.append(output)
        return output

    def count(self) -> int:
        return len(self.outputs) + len(self.finals)
