"""One run at a time in an output folder: a second run stops with a Danish message.

The lock is an advisory lock on the folder itself, held by an open handle, so the operating
system lets go of it when the process ends however it ends (``kill -9`` included): there is
never a stale lock to remove by hand, and no lock file among the user's files. (Where
folders cannot be locked, on Windows, a hidden ``.brevgen.lock`` file in it is.)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from brevgen.errors import BuildError, Problem
from brevgen.output import cannot_write

NAME = ".brevgen.lock"

try:
    import fcntl

    def _open(out: Path) -> int:
        return os.open(out, os.O_RDONLY)

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

except ImportError:  # Windows
    import msvcrt

    def _open(out: Path) -> int:
        return os.open(out / NAME, os.O_RDWR | os.O_CREAT, 0o666)

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True


@contextlib.contextmanager
def folder_lock(out: Path) -> Iterator[None]:
    """Hold ``out``'s lock for the block; raise :class:`BuildError` if another run holds it."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = _open(out)
    except OSError as error:
        raise BuildError([Problem(f"{out}/", cannot_write(error))]) from None
    try:
        if not _try_lock(fd):
            raise BuildError(
                [
                    Problem(
                        f"{out}/",
                        "en anden brevgen-kørsel skriver allerede i mappen. Vent, til den er "
                        "færdig, og kør så igen (eller skriv i en anden mappe med --out).",
                    )
                ]
            )
        yield
    finally:
        os.close(fd)
