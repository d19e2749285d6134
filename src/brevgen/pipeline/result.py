"""What a run did: files written, unchanged, skipped, and what could not be made and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from brevgen.errors import Problem


@dataclass
class Failure:
    """Why a group of outputs could not be made, in Danish, with the details for a bug."""

    problems: list[Problem]
    details: str = ""  # the traceback of an unexpected error, for whoever maintains brevgen


@dataclass
class RunResult:
    out: Path
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # rendered, same bytes as before
    skipped: list[Path] = field(default_factory=list)  # not rendered: nothing it uses changed
    failed: dict[str, Failure] = field(default_factory=dict)  # by group
    warnings: list[Problem] = field(default_factory=list)  # the plan's, or the last run's
    seconds: float = 0.0

    @property
    def problems(self) -> list[Problem]:
        return [p for failure in self.failed.values() for p in failure.problems]

    @property
    def details(self) -> list[str]:
        return [f.details for f in self.failed.values() if f.details]
