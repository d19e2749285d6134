"""The previews: the last good plan, the files it made, and a thread that keeps them current.

One thread does the rendering, through the engine, into the build folder (as ``brevgen
build`` does: what is current by fingerprint is skipped, every file is written atomically and
recorded in ``manifest.json``). On a change under ``content/`` or ``templates/`` it

1. loads the content; if it has problems, they are kept to be shown on the documents they
   concern, and the last good plan and files stay as they were;
2. plans the rounds' documents and renders what changed, most wanted first: the documents
   open in a page, then the PDFs the overview shows, then DOCX files and the rest; each
   output is a task of its own, so every file is written (and its page told) as soon as it
   is made rather than with its recipient's other files;
3. then plans the sample contracts too and runs the whole plan as ``brevgen build`` would,
   so a build from a terminal afterwards finds nothing to do.

A newer change stops the run at the next finished file (the engine keeps what it wrote) and
starts again from the top. The renderer stays warm in this process between runs.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from brevgen.errors import BrevgenError, BuildError, ContentError, Problem
from brevgen.render import Options

from .events import PREVIEWS, Hub
from .images import Images
from .overview import Overview, arrange

LOCK_RETRY_SECONDS = 2.0  # another brevgen run holds the build folder: try again after this
STATUS_EVERY = 0.5  # seconds between progress events while files are skipped or rendered
WATCHED_SECONDS = 1.5  # at most this long for an open page to show a document's new pages


class Superseded(Exception):
    """A newer change arrived while rendering: stop, and start again with it."""


@dataclass
class Status:
    state: str  # starter, danner, klar, indholdsfejl, venter, brevgen-fejl
    done: int = 0
    total: int = 0


class Previews:
    def __init__(
        self,
        root: Path,
        out: Path,
        hub: Hub,
        images: Images,
        *,
        workers: int = 1,
        options: Options | None = None,
    ) -> None:
        self.root, self.out = root, out
        self.hub, self.images = hub, images
        self.workers = workers
        self.options = options or Options()
        self.project = None  # the last content that loaded without problems
        self.overview: Overview | None = None  # and its plan, as the pages show it
        self.problems: list[Problem] = []  # the content's problems now ([] when it is fine)
        self.failed: dict[str, list[Problem]] = {}  # output path -> why it was not made
        self.shas: dict[str, str] = {}  # output path -> SHA-256 of the file made (PDF, HTML)
        self.status = Status("starter")
        self.details = ""  # where a bug's details are kept, if brevgen itself failed
        self.runs = 0  # finished rebuilds, for whoever waits for one
        self.engine_lock = threading.Lock()  # one user of the in-process renderer at a time
        self._wake = threading.Condition()
        self._dirty = True  # the first run brings build/ up to date
        self._warmed = False
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._hasher = ThreadPoolExecutor(1, thread_name_prefix="brevgen-tilstand")
        self._last_status = 0.0

    # --- the thread -------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="brevgen-previews", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
        self._hasher.shutdown(wait=False)

    def changed(self, paths: set[str]) -> None:
        """Files under content/ or templates/ changed (called by the watcher): all is
        planned again, so which ones does not matter."""
        with self._wake:
            self._dirty = True
            self._wake.notify_all()

    def wait(self, runs: int, timeout: float) -> bool:
        """Wait until ``runs`` rebuilds have finished (tests, the benchmark)."""
        deadline = time.monotonic() + timeout
        with self._wake:
            while self.runs < runs:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._wake.wait(left)
        return True

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._dirty and not self._stopping:
                    self._wake.wait()
                if self._stopping:
                    return
                self._dirty = False
            try:
                self._rebuild()
            except Superseded:
                continue
            except BuildError as exc:
                if not _locked_out(exc):
                    self._bug()
                else:  # a `brevgen build` from a terminal: wait for it, then go on
                    self._set_status("venter")
                    time.sleep(LOCK_RETRY_SECONDS)
                    with self._wake:
                        self._dirty = True
                    continue
            except Exception:  # a bug: said in the page, kept for the maintainer
                self._bug()
            with self._wake:
                self.runs += 1
                self._wake.notify_all()

    def _bug(self) -> None:
        from brevgen.commands.common import save_details

        self.details = save_details(traceback.format_exc())
        self._set_status("brevgen-fejl")

    # --- one rebuild ------------------------------------------------------------------------

    def _rebuild(self) -> None:
        from brevgen.content.project import load_project
        from brevgen.pipeline.fingerprint import Fingerprints
        from brevgen.plans.documents import add_sample, plan_project

        self._set_status("danner")
        # The state of the files, as `brevgen build` records it with a run: taken before the
        # content is read (as build does), in a thread of its own, so hashing the fonts and
        # layouts (0.1–0.2 s) does not hold up the previews.
        state = self._hasher.submit(lambda: Fingerprints(self.root, self.options).state("*"))
        try:
            project = load_project(self.root)
            plan = plan_project(project, self.options, samples=False)
        except ContentError as exc:
            self.problems = exc.problems
            self._set_status("indholdsfejl")
            return
        self.problems = []
        self.project, self.overview = project, arrange(project, plan)
        self._publish(plan=True)
        # The documents in this process, one by one, so each preview comes as soon as it is
        # made (starting worker processes takes longer than a letter takes to render).
        self._run(plan, 1)
        full = copy.copy(plan)
        full.outputs, full.finals, full.sources = list(plan.outputs), [], dict(plan.sources)
        problems: list[Problem] = []
        for rnd in project.rounds.values():
            try:
                add_sample(full, project, rnd)
            except BrevgenError as exc:
                problems.extend(exc.problems)
        if problems:
            self.problems = problems
            self._set_status("indholdsfejl")
            return
        self._run(full, self.workers, selection="*", state=state.result())
        if not self._warmed:
            self._warm(plan)
            self._warmed = True
        self.status = Status("klar", len(full.outputs), len(full.outputs))
        self._publish()

    def _run(self, plan, workers: int, **record) -> None:
        from brevgen.pipeline.engine import run

        ordered = self._ordered(plan)
        self.status = Status("danner", 0, plan.count())
        with self.engine_lock:
            result = run(ordered, self.out, workers=workers, progress=self._progress, **record)
        failed = dict(self.failed)
        for output in plan.outputs:
            failure = result.failed.get(output.group)
            if failure is not None:
                failed[output.path] = failure.problems
            else:
                failed.pop(output.path, None)
        self.failed = failed

    def _ordered(self, plan):
        """``plan`` with its outputs in the order they are wanted, each a task of its own."""
        watched = self.hub.watched()
        shown = self.overview.documents if self.overview else {}

        def rank(item: tuple[int, object]) -> tuple[int, int]:
            index, output = item
            if output.path in watched:
                return 0, index
            if output.path in shown:
                return 1, index
            return (2 if output.format in ("pdf", "html") else 3), index

        ordered = copy.copy(plan)
        ordered.outputs = [
            dataclasses.replace(output, batch=output.group)
            for _, output in sorted(enumerate(plan.outputs), key=rank)
        ]
        return ordered

    def _progress(self, path: str) -> None:
        if self._dirty or self._stopping:
            raise Superseded
        self.status.done += 1
        made = self._made(path) if path.endswith((".pdf", ".html")) else None
        if made is not None:
            self._publish(filer=[path])
            if made:
                # A page shows this document: let it have the machine until it has its new
                # first page. Rendering on meanwhile would take a core and the interpreter
                # from the server answering it.
                wait(made, timeout=WATCHED_SECONDS)
                self.images.wait_served(self.shas[path], 1, timeout=WATCHED_SECONDS)
        elif time.monotonic() - self._last_status > STATUS_EVERY:
            self._publish()

    def _made(self, path: str) -> list | None:
        """Note the file now at ``path`` and start its images: None if it is not new, else
        the images an open page is waiting for."""
        try:
            data = (self.out / path).read_bytes()
        except OSError:
            return None
        sha = hashlib.sha256(data).hexdigest()
        if self.shas.get(path) == sha and (not path.endswith(".pdf") or self.images.has(sha)):
            return None
        waited = []
        if path.endswith(".pdf"):
            self.images.keep(sha, data)
            if path in self.hub.watched():  # open in a page: its pages first
                count = self.images.page_count(sha)
                waited = [self.images.image(sha, page) for page in range(1, count + 1)]
            self.images.image(sha, 0)
        self.shas[path] = sha
        return waited

    def _warm(self, plan) -> None:
        """Render a letter in memory, so the first change is not the one that loads the
        renderer (fonts, stylesheets: a few seconds)."""
        from brevgen.pipeline.engine import render

        wanted = [o for o in plan.outputs if o.format in ("pdf", "docx")][:1]
        wanted += [o for o in plan.outputs if o.format == "docx"][:1]
        with self.engine_lock:
            for _ in render(plan, wanted):
                pass

    # --- telling the pages ------------------------------------------------------------------

    def _set_status(self, state: str) -> None:
        self.status.state = state
        self._publish()

    def _publish(self, **data) -> None:
        self._last_status = time.monotonic()
        self.hub.publish(PREVIEWS, "opdatering", {"tilstand": self.status.state, **data})


def _locked_out(exc: BuildError) -> bool:
    """True if the build folder is being written by another brevgen run."""
    return any("en anden brevgen-kørsel" in p.message for p in exc.problems)
