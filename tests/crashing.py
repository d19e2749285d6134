"""Work that kills its own process, for tests of worker crashes (imported by the workers)."""

from __future__ import annotations

import multiprocessing
import os
import signal

from brevgen.views.contracts import ContractViews


def setup(*args) -> None:
    pass


def work(task: list) -> list:
    """Each item doubled; the item "boom" kills the worker, as the OOM killer would."""
    if "boom" in task:
        os.kill(os.getpid(), signal.SIGKILL)
    return [item * 2 for item in task]


class KillingViews(ContractViews):
    """A round's contract views whose row ``target`` kills the worker process making it."""

    def __init__(self, project, rnd, target: str) -> None:
        super().__init__(project, rnd)
        self.target = target

    def view(self, issued):
        if issued.slug == self.target and multiprocessing.parent_process() is not None:
            os.kill(os.getpid(), signal.SIGKILL)
        return super().view(issued)
