"""Worker processes for a run: each renders one task at a time; a death costs only its task.

A task is a list of items (a contract row, a recipient's letters). A worker that dies while
rendering one (killed, out of memory, a crash in a C library) is replaced; its task is tried
again item by item, each alone in a fresh worker, so only the item that kills a worker on
its own is lost, and it is reported as such (:data:`CRASHED`). Workers are started with
``spawn`` (a fresh interpreter, nothing inherited from the caller), set up once, and replaced
after ``tasks_per_worker`` tasks, as the memory WeasyPrint and Pango do not hand back grows
with every document.

As with any use of ``spawn``, a script using this keeps its top level under
``if __name__ == "__main__":``.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import wait
from typing import Any

MAX_WORKERS = 8  # beyond this, writing and the parent's bookkeeping are the limit
CRASHED = "crashed"  # the result of an item whose worker died rendering it alone
STOP_SECONDS = 10  # how long a stopping worker may take to finish its task


def default_workers() -> int:
    """One worker per core this process may use, at most :data:`MAX_WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def _serve(conn: Any, setup: Callable, args: tuple, work: Callable, limit: int) -> None:
    """A worker's life: set up, then answer tasks until told to stop or ``limit`` is reached."""
    # Ctrl-C reaches the whole process group: the parent stops the run; workers are told.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Terminated (the parent gave up waiting): end through SystemExit, so clean-up runs.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    setup(*args)
    for _ in range(limit):
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        result = work(task)
        try:
            conn.send(result)
        except (BrokenPipeError, OSError):  # the parent is gone
            return


class _Worker:
    def __init__(self, context: Any, target: tuple) -> None:
        self.conn, child = context.Pipe(duplex=True)
        setup, args, work, limit = target
        self.process = context.Process(
            target=_serve, args=(child, setup, args, work, limit), daemon=True
        )
        self.process.start()
        child.close()
        self.left = limit
        self.task: tuple[int, list] | None = None  # (index, items) being rendered


class Pool:
    """``workers`` processes running ``work(task)`` after ``setup(*args)`` in each."""

    def __init__(
        self,
        workers: int,
        setup: Callable,
        args: tuple,
        work: Callable,
        tasks_per_worker: int = 100,
    ) -> None:
        self.size = max(1, workers)
        self.target = (setup, args, work, tasks_per_worker)
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []

    def run(self, tasks: list[list]) -> Iterator[tuple[list, Any]]:
        """Yield (items, result) for every task, as they finish.

        A task whose worker died is yielded again as its items one by one; an item whose
        worker died with it alone is yielded with the result :data:`CRASHED`.
        """
        queue: deque[tuple[list, bool]] = deque((task, False) for task in tasks)  # (items, alone)
        try:
            while queue or any(w.task for w in self.workers):
                self._assign(queue)
                busy = [w for w in self.workers if w.task]
                ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
                for worker in busy:
                    items, alone = worker.task
                    result = self._result(worker, ready)
                    if result is None:
                        continue  # still working
                    worker.task = None
                    if result is not CRASHED:
                        yield items, result
                    elif alone or len(items) == 1:
                        yield items, CRASHED
                    else:  # which item killed it? try each on its own
                        queue.extendleft(([item], True) for item in reversed(items))
        finally:
            self.close()

    def _assign(self, queue: deque) -> None:
        # A worker that has done its share, or died idle, makes room for a fresh one.
        for worker in list(self.workers):
            if not worker.task and (worker.left == 0 or not worker.process.is_alive()):
                self._stop(worker)
        while queue:
            idle = [w for w in self.workers if not w.task]
            if not idle:
                if len(self.workers) >= self.size:
                    return
                idle = [self._start()]
            worker = idle[0]
            items, alone = queue.popleft()
            worker.task = (items, alone)
            worker.left -= 1
            try:
                worker.conn.send(items)
            except (OSError, ValueError):  # died between tasks: its sentinel tells
                pass

    def _result(self, worker: _Worker, ready: list) -> Any:
        if worker.conn in ready or worker.conn.poll():
            try:
                return worker.conn.recv()
            except (EOFError, OSError):
                pass
        elif worker.process.sentinel not in ready:
            return None
        self._stop(worker)
        return CRASHED

    def _start(self) -> _Worker:
        worker = _Worker(self.context, self.target)
        self.workers.append(worker)
        return worker

    def _stop(self, worker: _Worker) -> None:
        """Stop ``worker``: told to end when idle, terminated (it cleans up) when busy."""
        self.workers.remove(worker)
        if worker.task is None:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
            worker.process.join(STOP_SECONDS)
        if worker.process.is_alive():
            worker.process.terminate()
            worker.process.join(STOP_SECONDS)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()

    def close(self) -> None:
        """Stop every worker (a run that ends, fails or is interrupted)."""
        for worker in list(self.workers):
            self._stop(worker)
