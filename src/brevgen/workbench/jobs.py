"""Contracts from an uploaded register: one job per upload, each in a folder and a process
of its own.

A job's folder is a new temporary folder holding the uploaded file and the run's output;
it is removed when the job is deleted, :data:`KEEP_SECONDS` after it finished, or when the
workbench stops. The run is ``brevgen contracts`` (``commands.contracts.contracts``, the one
engine) in a spawned process, so a large or hostile spreadsheet costs that process, not the
workbench, two people's uploads run side by side, and a stuck run can be ended. The process
reports each file as it is done and, at the end, the register's outcome; the workbench keeps
a job for the session that uploaded it only.
"""

from __future__ import annotations

import multiprocessing
import secrets
import shutil
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from brevgen.contracts.outcome import Outcome
from brevgen.errors import BrevgenError, Problem

from .events import Hub

KEEP_SECONDS = 3600  # a finished job's files stay this long for downloading
RUN_SECONDS = 1800  # a run still going after this is ended
RUNNING_AT_ONCE = 2  # jobs rendering at the same time; later ones wait their turn
OUT = "kontrakter"


@dataclass
class Job:
    id: str
    owner: str  # the session that uploaded it
    round_id: str
    folder: Path
    workbook: Path
    state: str = "venter"  # venter, danner, faerdig, fejl
    done: int = 0
    total: int = 0
    outcome: Outcome | None = None
    problems: list[Problem] = field(default_factory=list)  # why the register was not used
    failed: list[Problem] = field(default_factory=list)  # contracts that could not be made
    details: str = ""  # a bug's details, if brevgen failed
    finished: float | None = None
    process: multiprocessing.process.BaseProcess | None = None

    @property
    def out(self) -> Path:
        return self.folder / OUT

    def files(self) -> list[str]:
        """The contracts and the report, as the zip holds them."""
        if self.state != "faerdig" or not self.out.is_dir():
            return []
        return sorted(
            p.name for p in self.out.iterdir() if p.is_file() and p.suffix in (".docx", ".pdf")
        ) + (["rapport.xlsx"] if (self.out / "rapport.xlsx").is_file() else [])


def _same(a: str, b: str) -> bool:
    return secrets.compare_digest(a.encode(), b.encode())


def _render(root: Path, round_id: str, workbook: Path, out: Path, conn) -> None:
    """In the job's own process: decide the register and write its contracts and report."""
    try:
        from brevgen.commands.contracts import contracts
        from brevgen.content.project import load_project
        from brevgen.plans.contracts import prepare

        project = load_project(root, round_id)
        register = prepare(project, round_id, workbook)
        conn.send(("planned", 2 * len(register.outcome.issued) + 1))
        run = contracts(register, out, workers=1, progress=lambda path: conn.send(("done", path)))
        conn.send(("result", run.outcome, run.problems, run.details))
    except BrevgenError as exc:
        conn.send(("problems", exc.problems))
    except Exception:
        conn.send(("bug", traceback.format_exc()))
    finally:
        conn.close()


class Jobs:
    def __init__(self, root: Path, hub: Hub) -> None:
        self.root = root
        self.hub = hub
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._turns = threading.Semaphore(RUNNING_AT_ONCE)
        self._context = multiprocessing.get_context("spawn")

    def folder(self) -> Path:
        """A new temporary folder for one upload."""
        return Path(tempfile.mkdtemp(prefix="brevgen-kontrakter-"))

    def start(self, owner: str, round_id: str, folder: Path, workbook: Path) -> Job:
        job = Job(secrets.token_urlsafe(16), owner, round_id, folder, workbook)
        with self._lock:
            self._jobs[job.id] = job
        threading.Thread(target=self._follow, args=(job,), daemon=True).start()
        return job

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, if it exists and belongs to ``owner``'s session."""
        job = self._jobs.get(job_id)
        return job if job is not None and _same(job.owner, owner) else None

    def of(self, owner: str) -> list[Job]:
        with self._lock:
            return [j for j in self._jobs.values() if _same(j.owner, owner)]

    def delete(self, job: Job) -> None:
        with self._lock:
            self._jobs.pop(job.id, None)
        if job.process is not None and job.process.is_alive():
            job.process.kill()
        shutil.rmtree(job.folder, ignore_errors=True)

    def sweep(self, now: float | None = None) -> None:
        """Remove the jobs that finished more than :data:`KEEP_SECONDS` ago."""
        now = time.monotonic() if now is None else now
        with self._lock:
            old = [j for j in self._jobs.values() if j.finished and now - j.finished > KEEP_SECONDS]
        for job in old:
            self.delete(job)

    def close(self) -> None:
        with self._lock:
            jobs = list(self._jobs.values())
        for job in jobs:
            self.delete(job)

    def _follow(self, job: Job) -> None:
        with self._turns:
            if job.id not in self._jobs:  # deleted while waiting its turn
                return
            receiver, sender = self._context.Pipe(duplex=False)
            process = self._context.Process(
                target=_render,
                args=(self.root, job.round_id, job.workbook, job.out, sender),
                daemon=True,
                name=f"brevgen-kontrakter-{job.id[:6]}",
            )
            job.state, job.process = "danner", process
            self._tell(job)
            process.start()
            sender.close()
            ended = time.monotonic() + RUN_SECONDS
            try:
                while receiver.poll(max(ended - time.monotonic(), 0)):
                    self._heard(job, receiver.recv())
                else:
                    if process.is_alive():
                        process.kill()
                        job.problems = [Problem("", "kørslen tog for lang tid og blev stoppet")]
            except EOFError:  # the process ended
                pass
            process.join(5)
            job.finished = time.monotonic()
            if job.outcome is not None:
                job.state = "faerdig"
            elif job.state == "danner":  # ended without a word: it crashed or was killed
                job.state = "fejl"
                job.problems = job.problems or [
                    Problem("", "processen, der dannede kontrakterne, stoppede uventet")
                ]
            self._tell(job)

    def _heard(self, job: Job, message: tuple) -> None:
        kind = message[0]
        if kind == "planned":
            job.total = message[1]
        elif kind == "done":
            job.done += 1
        elif kind == "result":  # done when the process has ended (see _follow)
            job.outcome, job.failed, job.details = message[1], message[2], message[3]
        elif kind == "problems":
            job.problems, job.state = message[1], "fejl"
        elif kind == "bug":
            from brevgen.commands.common import save_details

            job.details, job.state = save_details(message[1]), "fejl"
            job.problems = [Problem("", "en fejl i brevgen stoppede kørslen")]
        self._tell(job)

    def _tell(self, job: Job) -> None:
        self.hub.publish(f"job:{job.id}", "opdatering", {"tilstand": job.state})
