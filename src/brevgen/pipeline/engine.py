"""The one engine every command runs on: render what is stale, write it, record it.

``run`` takes a :class:`~brevgen.pipeline.plan.Plan`: outputs whose fingerprint and file
match the folder's manifest are skipped; the rest are rendered, in this process or in worker
processes (:mod:`brevgen.pipeline.pool`, the same code either way), and each is written
atomically as it arrives and recorded in the manifest as it goes, so an interrupted run
(Ctrl-C, ``kill -9``, a power cut) keeps what it finished and the next run does the rest.
Then the plan's final outputs (a contracts report) are made from what the run did.

An output that cannot be made (a PDF that fails the accessibility check, a value no font
can print, a worker process that dies) fails its group only (a contract's DOCX and PDF stand
or fall together); the run goes on and the failures come back in the result, in Danish.
Outputs with the same fingerprint have the same bytes and are rendered once (an appendix in
every recipient's folder).
"""

from __future__ import annotations

import atexit
import gc
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from brevgen.errors import BrevgenError, Problem
from brevgen.output import write_bytes
from brevgen.render import Renderer

from . import manifest
from .lock import folder_lock
from .plan import Output, Plan, ViewRef
from .pool import CRASHED, Pool
from .result import Failure, RunResult

Progress = Callable[[str], None]  # hears the path of each output as it is done
# Below this many outputs to render, starting worker processes (about 1.5 s each, spent
# importing WeasyPrint and loading fonts) costs more than it saves.
POOL_FROM = 12
TASKS_PER_WORKER = 100  # then a fresh worker (see pool)
SAVE_SECONDS = 2.0  # the manifest is saved at most this often while a run writes


# --- rendering, the same in every process ---------------------------------------------------

_LOCAL: dict = {}  # this process's renderer and view sources


def _setup(templates: Path, options, sources: dict) -> None:
    """Make this process's renderer (a worker's first act; in-process, once per setting)."""
    if not _LOCAL:
        # Let the builders go while the interpreter is still whole: WeasyPrint's font
        # configuration removes its temporary folder when deleted, which fails once the
        # interpreter is being torn down (a traceback on screen, the folder left behind).
        atexit.register(_teardown)
    _teardown()
    _LOCAL.update(renderer=Renderer(templates, options), sources=sources)


def _teardown() -> None:
    renderer = _LOCAL.pop("renderer", None)
    if renderer is not None:
        renderer.close()
    _LOCAL.clear()
    gc.collect()


def _bug(exc: BaseException, what: str) -> Failure:
    name = type(exc).__name__
    return Failure(
        [Problem(what, f"en fejl i brevgen stoppede den (teknisk: {name}: {exc})")],
        traceback.format_exc(),
    )


def _render_group(group: tuple[Output, ...]) -> dict[str, bytes] | Failure:
    renderer, sources = _LOCAL["renderer"], _LOCAL["sources"]
    made: dict[str, bytes] = {}
    for output in group:
        try:
            views = [
                sources[p.source].view(p.item) if isinstance(p, ViewRef) else p
                for p in output.parts
            ]
            made[output.path] = renderer.render(output.format, views, output.identity)
        except BrevgenError as exc:
            return Failure(exc.problems)
        except Exception as exc:  # a bug, or a library failing on this input: this group only
            return _bug(exc, output.path)
    return made


def _render_task(task: list[tuple[Output, ...]]) -> list[dict[str, bytes] | Failure]:
    """Render a task's groups (in a worker, or in this process)."""
    return [_render_group(group) for group in task]


def _local_setup(plan: Plan) -> None:
    """This process's renderer for ``plan``: kept between runs while templates stay the same
    (a workbench rendering previews), made anew when they or the options change."""
    key = (plan.templates, plan.options, plan.fingerprints.file("templates"))
    if _LOCAL.get("key") != key:
        _setup(plan.templates, plan.options, plan.sources)
        _LOCAL["key"] = key
    _LOCAL["sources"] = plan.sources


def _crashed(group: tuple[Output, ...]) -> Failure:
    return Failure(
        [
            Problem(
                group[0].path,
                "processen, der dannede den, stoppede uventet (fx fordi der ikke var "
                "hukommelse nok)",
            )
        ]
    )


def render(
    plan: Plan, outputs: Iterable[Output], workers: int = 1
) -> Iterator[tuple[Output, bytes | Failure]]:
    """(output, bytes or Failure) for each of ``outputs``, in the order they are done."""
    originals: dict[str, Output] = {}
    copies: dict[str, list[Output]] = {}
    batches: dict[str, dict[str, list[Output]]] = {}  # batch -> group -> outputs
    for output in outputs:
        if output.fingerprint in originals:  # the same bytes: rendered once
            copies[originals[output.fingerprint].path].append(output)
            continue
        originals[output.fingerprint] = output
        copies[output.path] = []
        batches.setdefault(output.batch, {}).setdefault(output.group, []).append(output)
    tasks = [[tuple(g) for g in groups.values()] for groups in batches.values()]
    if workers > 1 and len(tasks) > 1 and len(originals) >= POOL_FROM:
        pool = Pool(
            min(workers, len(tasks)),
            _setup,
            (plan.templates, plan.options, plan.sources),
            _render_task,
            TASKS_PER_WORKER,
        )
        done: Iterator = (
            (task, [_crashed(g) for g in task] if results == CRASHED else results)
            for task, results in pool.run(tasks)
        )
    else:
        _local_setup(plan)
        done = ((task, _render_task(task)) for task in tasks)
    try:
        for task, results in done:
            for group, made in zip(task, results, strict=True):
                for output in group:
                    data = made if isinstance(made, Failure) else made[output.path]
                    yield output, data
                    for copy in copies[output.path]:
                        yield copy, data
    finally:
        close = getattr(done, "close", None)
        if close:  # stop the workers now if the caller stopped early
            close()


# --- a run ------------------------------------------------------------------------------------


def run(
    plan: Plan,
    out: Path,
    *,
    workers: int = 1,
    force: bool = False,
    progress: Progress | None = None,
    selection: str | None = None,
    state: str | None = None,
) -> RunResult:
    """Make ``plan``'s outputs in ``out``: skip what is current, render and write the rest.

    ``state`` (:meth:`Fingerprints.state`) and ``selection`` (what was asked for, e.g. one
    round) are recorded after a run without failures, so ``manifest.unchanged`` can answer
    the next identical run without planning it.
    """
    started = time.perf_counter()
    result = RunResult(out, warnings=list(plan.warnings))
    with folder_lock(out):
        recorded = manifest.load(out)
        stale = []
        for output in plan.outputs:
            known = recorded.files.get(output.path, {})
            if not force and manifest.current(known, output.fingerprint, out / output.path):
                result.skipped.append(out / output.path)
                if progress:
                    progress(output.path)
            else:
                stale.append(output)
        saved = time.monotonic()
        try:
            for output, made in render(plan, stale, workers):
                if isinstance(made, Failure):
                    result.failed.setdefault(output.group, made)
                    _forget(recorded, out, output)
                else:
                    _write(plan, recorded, out, output, made, result)
                if progress:
                    progress(output.path)
                if time.monotonic() - saved > SAVE_SECONDS:
                    manifest.save(out, recorded)
                    saved = time.monotonic()
            for final in plan.finals:
                output = final.make(result)
                _local_setup(plan)
                (made,) = _render_task([(output,)])
                if isinstance(made, Failure):
                    result.failed.setdefault(output.group, made)
                else:
                    _write(plan, recorded, out, output, made[output.path], result)
                if progress:
                    progress(output.path)
        finally:
            manifest.save(out, recorded)  # what was written is recorded, also after a stop
        if selection is not None and state is not None and not result.failed:
            paths = [o.path for o in plan.outputs] + [f.path for f in plan.finals]
            recorded.runs[selection] = {
                "tilstand": state,
                "filer": sorted(paths),
                "indhold": recorded.digest(paths),
                # Said again by a run that answers from the manifest (nothing changed).
                "advarsler": [[w.where, w.message] for w in plan.warnings],
            }
            manifest.save(out, recorded)
    result.seconds = time.perf_counter() - started
    return result


def _write(plan: Plan, recorded, out: Path, output: Output, data: bytes, result: RunResult):
    path = out / output.path
    (result.written if write_bytes(path, data) else result.unchanged).append(path)
    options = plan.options.record(output.format)
    recorded.record(output.path, data, output.inputs, output.fingerprint, options)


def _forget(recorded, out: Path, output: Output) -> None:
    """An output that failed: its file from an earlier run no longer stands for its inputs."""
    if recorded.files.pop(output.path, None) is not None:
        (out / output.path).unlink(missing_ok=True)


def remake(plan: Plan, wanted: Callable[[Output], bool], workers: int = 1) -> dict[str, str | None]:
    """The SHA-256 of each wanted output made again in memory (None: it could not be made)."""
    result = RunResult(Path())
    fresh: dict[str, str | None] = {}
    for output, made in render(plan, [o for o in plan.outputs if wanted(o)], workers):
        if isinstance(made, Failure):
            result.failed.setdefault(output.group, made)
            fresh[output.path] = None
        else:
            fresh[output.path] = manifest.sha256(made)
    for final in plan.finals:
        output = final.make(result)
        if wanted(output):
            _local_setup(plan)
            (made,) = _render_task([(output,)])
            fresh[output.path] = (
                None if isinstance(made, Failure) else manifest.sha256(made[output.path])
            )
    return fresh


def trial(plan: Plan) -> list[Problem]:
    """Render one output of each format and layout in memory, a PDF as its HTML source;
    every problem found, at once. What ``brevgen check`` runs."""
    _local_setup(plan)
    seen: set[tuple[str, str]] = set()
    problems: list[Problem] = []
    for output in plan.outputs:
        for part in output.parts:
            view = plan.sources[part.source].view(part.item) if isinstance(part, ViewRef) else part
            fmt = "html" if output.format == "pdf" else output.format
            if (fmt, view.layout) in seen:
                continue
            seen.add((fmt, view.layout))
            trial_output = Output(output.path, fmt, (view,), output.identity, "", (), "", "")
            made = _render_group((trial_output,))
            if isinstance(made, Failure):
                problems.extend(made.problems)
    return list(dict.fromkeys(problems))
