"""A round as it is now, or as it was at a revision of the project's git history.

``ok18-regioner`` is the round in the project folder; ``ok18-regioner@<revision>`` is the
round as git has it at that revision (a commit id, a tag, ``HEAD~1``): ``content/`` at that
revision is copied out with ``git archive`` into a temporary folder and loaded from there, so
the project folder and its working tree are never touched.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from brevgen.errors import ContentError, Problem

if TYPE_CHECKING:  # loading content is imported when needed: resolve() answers a no-op run
    from brevgen.content.project import Project, Round

EXAMPLE = "brevgen diff ok15-regioner ok18-regioner"


@dataclass(frozen=True)
class Revision:
    """A commit of the project's history, as git resolved the name the user gave."""

    commit: str  # the full commit id
    short: str  # as git abbreviates it
    committed: dt.date | None  # the commit date
    prefix: str  # the project folder's path inside the repository ("" at its top)


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a round, now or at a revision."""

    spec: str  # as the user wrote it: ok18-regioner@HEAD~1
    round_id: str
    project: Project
    at: Revision | None = None

    @property
    def round(self) -> Round:
        return self.project.rounds[self.round_id]

    @property
    def revision(self) -> str | None:
        return self.at.short if self.at else None

    @property
    def committed(self) -> dt.date | None:
        return self.at.committed if self.at else None

    @property
    def label(self) -> str:
        """``ok18-regioner@1a2b3c4``: the short commit id, not the name the user gave."""
        return label(self.round_id, self.at)

    def describe(self) -> str:
        """The side in a sentence: "ok18-regioner, som den er nu" …"""
        if self.at is None:
            return f"{self.round_id}, som den er nu i projektmappen"
        from brevgen.formatting import dato

        when = f" fra {dato(self.at.committed)}" if self.at.committed else ""
        return f"{self.round_id}, som den var i version {self.at.short}{when}"


def label(round_id: str, at: Revision | None) -> str:
    return f"{round_id}@{at.short}" if at else round_id


def parse(spec: str) -> tuple[str, str | None]:
    """(round, revision or None) of ``ok18-regioner@HEAD~1``."""
    round_id, sign, revision = spec.partition("@")
    if not round_id or (sign and not revision):
        raise ContentError(
            f"'{spec}' skal skrives som runde eller runde@version, fx ok18-regioner eller "
            "ok18-regioner@HEAD~1"
        )
    return round_id, revision if sign else None


def resolve(root: Path, spec: str) -> tuple[str, Revision | None]:
    """(round, the commit its revision names, or None for the project folder as it is)."""
    round_id, revision = parse(spec)
    if revision is None:
        return round_id, None
    try:
        inside = _git(root, "rev-parse", "--show-prefix")
    except FileNotFoundError:
        raise ContentError(
            f"'{spec}' er en version i git, men git er ikke installeret; installer git, eller "
            f"sammenlign to runder, som de er nu ({EXAMPLE})"
        ) from None
    if inside.returncode != 0:
        raise ContentError(
            f"projektmappen {root.resolve()} er ikke et git-arkiv, så versionen i '{spec}' kan "
            f"ikke findes; to runder, som de er nu, kan sammenlignes uden git ({EXAMPLE})"
        )
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if found.returncode != 0:
        raise ContentError(
            f"versionen '{revision}' findes ikke i projektets git-historik; brug et commit-id, "
            "et tag eller fx HEAD~1 (se 'git log')"
        )
    commit = found.stdout.decode().strip()
    short = _git(root, "rev-parse", "--short", commit).stdout.decode().strip() or commit[:7]
    stamp = _git(root, "show", "-s", "--format=%cI", commit).stdout.decode().strip()
    committed = dt.datetime.fromisoformat(stamp).date() if stamp else None
    return round_id, Revision(commit, short, committed, inside.stdout.decode().strip())


def load_sides(root: Path, specs: list[str], stack: ExitStack) -> list[Side]:
    """Each of ``specs`` loaded (once per distinct revision); temporary folders live as long
    as ``stack``."""
    from brevgen.content.project import load_project

    projects: dict[str | None, Project] = {}
    sides = []
    for spec in specs:
        round_id, at = resolve(root, spec)
        key = at.commit if at else None
        if key not in projects:
            projects[key] = _load(root, at, spec, stack) if at else load_project(root)
        project = projects[key]
        if round_id not in project.rounds:
            where = f"version {at.short}" if at else "content/"
            raise ContentError(
                f"runden '{round_id}' findes ikke i {where}; gyldige: "
                f"{', '.join(project.rounds) or '(ingen)'}"
            )
        sides.append(Side(spec, round_id, project, at))
    return sides


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    return subprocess.run(["git", *args], cwd=root, capture_output=True, env=env, check=False)


def _load(root: Path, at: Revision, spec: str, stack: ExitStack) -> Project:
    """The project's content at ``at``, copied out of git into a temporary folder."""
    archive = _git(root, "archive", "--format=tar", f"{at.commit}:{at.prefix}content")
    if archive.returncode != 0:
        raise ContentError(f"mappen content/ fandtes ikke i version {at.short} ('{spec}')")
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="brevgen-version-")))
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder / "content", filter="data")
    # The layouts and fonts are today's (what the content is shown with, not compared).
    try:
        (folder / "templates").symlink_to((root / "templates").resolve(), True)
    except OSError:
        shutil.copytree(root / "templates", folder / "templates")
    from brevgen.content.project import load_project

    try:
        return load_project(folder)
    except ContentError as exc:
        raise ContentError(
            [
                Problem(f"{at.short}:{p.where}" if p.where else at.short, p.message)
                for p in exc.problems
            ]  # fmt: skip
        ) from None
