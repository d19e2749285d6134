"""A round's covering e-mails as outputs: one ``.eml`` draft per recipient, for
``build/<runde>/post/`` (what ``brevgen send`` makes before it sends anything).

The files an e-mail carries are the build's own: the recipient's letter as one PDF (with
its appendices: ``brev-med-bilag.pdf``, or the letter alone when it has none) and, where
the mail says so, the recipient's Word files, plus files from the round's folder. They are
taken only when ``build/manifest.json`` records them as made from the content and
templates as they are now (a fresh plan of the round gives the same fingerprints) and
each file still has the recorded SHA-256; otherwise the plan says "byg først".

The drafts' views carry the files' names and SHA-256 only (so their fingerprints are cheap
and do not depend on where the build is); the bytes are read where the draft is rendered
(:class:`AttachedFiles`, a plan source) and checked against those hashes once more.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from brevgen.content.project import Project, load_project
from brevgen.errors import BuildError, Problem
from brevgen.pipeline import manifest
from brevgen.pipeline.plan import Output, Plan, ViewRef
from brevgen.render import Options
from brevgen.views import View
from brevgen.views.mail import Draft, MailViews, mail_views

from .contracts import REGISTER_FILES
from .documents import plan_project

POST = "post"  # build/<runde>/post/: the drafts, the send log and what would be sent
SOURCE = "mail:vedhaeftninger"


@dataclass(frozen=True)
class Attachment:
    name: str  # the file's name in the e-mail
    path: str  # below its root, with /
    root: str  # "build" (a file the build made) or "projekt" (a file of content/)
    sha256: str
    size: int


@dataclass
class MailPlan:
    plan: Plan  # the drafts, relative to ``folder``
    views: MailViews
    folder: Path  # build/<runde>/post
    attachments: dict[str, list[Attachment]] = field(default_factory=dict)  # by recipient
    stale: list[Problem] = field(default_factory=list)  # "byg først", one per file

    def draft_path(self, draft: Draft) -> Path:
        return self.folder / f"{draft.addressee.slug}.eml"


class AttachedFiles:
    """A draft's view with its files' bytes, made in the process that renders it."""

    def __init__(self, build: Path, root: Path) -> None:
        self.roots = {"build": build, "projekt": root}

    def view(self, light: View) -> View:
        files = []
        for item in light.context["vedhaeftninger"]:
            path = self.roots[item["rod"]] / item["sti"]
            try:
                data = path.read_bytes()
            except OSError:
                data = None
            if data is None or manifest.sha256(data) != item["sha256"]:
                raise BuildError(
                    [Problem(str(path), "byg først: filen er ændret eller fjernet under kørslen")]
                )
            files.append({**item, "data": data})
        return dataclasses.replace(light, context={**light.context, "vedhaeftninger": files})


def plan_mail(root: Path, round_id: str, build: Path, project: Project | None = None) -> MailPlan:
    """Plan the round's drafts from the build in ``build``; stale files come back in
    ``stale`` (nothing may be drafted or sent from them)."""
    project = project or load_project(root, round_id)
    rnd = project.rounds[round_id]
    views = mail_views(project, rnd)
    mail = views.mail.model
    check = _BuildCheck(root, round_id, build, project)
    plan = Plan(root, Options())
    plan.sources[SOURCE] = AttachedFiles(build, root)
    result = MailPlan(plan, views, build / round_id / POST)
    for draft in views.drafts:
        files = check.files(draft, mail.attach_docx)
        for name in mail.attach_files:
            relative = (rnd.folder / name).relative_to(root).as_posix()
            data = (root / relative).read_bytes()
            files.append(
                Attachment(Path(name).name, relative, "projekt", manifest.sha256(data), len(data))
            )
        result.attachments[draft.addressee.slug] = files
        items = [
            {"fil": a.name, "sti": a.path, "rod": a.root, "sha256": a.sha256, "bytes": a.size}
            for a in files
        ]
        light = dataclasses.replace(
            draft.view, context={**draft.view.context, "vedhaeftninger": items}
        )
        inputs = [*REGISTER_FILES, *(_shown(root, build, a) for a in files)]
        plan.add(
            f"{draft.addressee.slug}.eml",
            "eml",
            [light],
            f"{round_id}/{POST}/{draft.addressee.slug}",
            inputs=inputs,
            parts=[ViewRef(SOURCE, light)],
        )
    result.stale = check.problems()
    return result


def _shown(root: Path, build: Path, attachment: Attachment) -> str:
    if attachment.root == "projekt":
        return attachment.path
    return shown(root, build / attachment.path)


def shown(root: Path, path: Path) -> str:
    """``path`` as the user sees it: relative to the project when it is inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


class _BuildCheck:
    """Which of the build's files a draft carries, and whether each is current."""

    def __init__(self, root: Path, round_id: str, build: Path, project: Project) -> None:
        self.root, self.round_id, self.build, self.project = root, round_id, build, project
        self.recorded = manifest.load(build)
        self.plans: dict[Options, dict[str, Output]] = {}
        self.stale: dict[str, list[str]] = {}  # why -> the files
        command = f"brevgen build --round {round_id}"
        if build.resolve() != (root / "build").resolve():
            command += f" --out {build}"
        self.command = command

    def outputs(self, options: Options) -> dict[str, Output]:
        """The round's outputs as the content plans them now, with ``options``."""
        if options not in self.plans:
            plan = plan_project(self.project, options)
            self.plans[options] = {o.path: o for o in plan.outputs}
        return self.plans[options]

    def files(self, draft: Draft, docx: bool) -> list[Attachment]:
        """The recipient's combined PDF (and Word files), each checked against the build."""
        folder = f"{self.round_id}/{draft.addressee.slug}/"
        mine = [o for o in self.outputs(Options()).values() if o.path.startswith(folder)]
        pdfs = [o for o in mine if o.format == "pdf"]
        # The PDF with the letter and all its appendices: brev-med-bilag.pdf, or brev.pdf.
        chosen = [max(pdfs, key=lambda o: len(o.parts))] if pdfs else []
        if docx:
            chosen += [o for o in mine if o.format == "docx"]
        return [a for a in (self._checked(o) for o in chosen) if a is not None]

    def _checked(self, output: Output) -> Attachment | None:
        path = self.build / output.path
        known = self.recorded.files.get(output.path)
        if known is None or not path.is_file():
            return self._stale(path, f"byg først: {{files}} er ikke dannet; kør '{self.command}'")
        options = Options.from_record(known.get("valg", {}))
        fresh = self.outputs(options).get(output.path, output)
        if known.get("fingerprint") != fresh.fingerprint:
            return self._stale(
                path,
                "byg først: indholdet eller skabelonerne er ændret, siden {files} blev dannet; "
                f"kør '{self.command}'",
            )
        data = path.read_bytes()
        if manifest.sha256(data) != known.get("sha256"):
            return self._stale(
                path,
                "byg først: {files} er ændret, efter at brevgen dannede {it}; kør "
                f"'{self.command} --force'",
            )
        return Attachment(path.name, output.path, "build", known["sha256"], len(data))

    def _stale(self, path: Path, why: str) -> None:
        self.stale.setdefault(why, []).append(shown(self.root, path))
        return None

    def problems(self) -> list[Problem]:
        """One problem per reason, at its first file: a change to a register makes every
        recipient's files stale, and one line says so."""
        problems = []
        for why, paths in self.stale.items():
            others = len(paths) - 1
            files = f"filen og {others} andre fil{'er' * (others > 1)}" if others else "filen"
            problems.append(
                Problem(paths[0], why.format(files=files, it="dem" if others else "den"))
            )
        return problems
