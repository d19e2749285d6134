"""Hearing a writer save: ``watchfiles`` (the operating system's file events, Rust-backed)
on ``content/`` and ``templates/``, handed to the previews as paths in the project.

Changes are yielded :data:`STEP` ms after the last one, so an editor's save (write a temporary
file, rename it over the old one) arrives as one change; editors' swap and backup files are
ignored (watchfiles' default filter).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from .previews import Previews

FOLDERS = ("content", "templates")
STEP = 20  # ms without a new event before the changes so far are handed on


async def watch(root: Path, previews: Previews, stop: asyncio.Event) -> None:
    from watchfiles import awatch

    folders = [root / name for name in FOLDERS if (root / name).is_dir()]
    if not folders:
        return
    async for changes in awatch(*folders, step=STEP, stop_event=stop):
        paths = set()
        for _, path in changes:
            try:
                paths.add(Path(path).relative_to(root).as_posix())
            except ValueError:
                continue
        if paths:
            previews.changed(paths)
