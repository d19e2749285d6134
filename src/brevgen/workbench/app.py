"""The workbench application: Starlette routes behind the session and guard middleware, and
the threads and tasks it runs while it is up (previews, file watching, old uploads swept)."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from brevgen.templating import app_env

from . import contract_pages, pages
from .events import Hub
from .images import Images
from .jobs import Jobs
from .previews import Previews
from .security import SESSION_COOKIE, SESSION_SECONDS, Guard, LoginThrottle

HERE = Path(__file__).parent
SWEEP_SECONDS = 60.0


@dataclass
class Workbench:
    """What the routes share (``request.app.state.workbench``)."""

    root: Path
    out: Path
    password: str | None
    hub: Hub
    images: Images
    previews: Previews
    jobs: Jobs
    env: object  # the Jinja environment of the pages
    throttle: LoginThrottle = field(default_factory=LoginThrottle)


def create_app(
    root: Path,
    out: Path | None = None,
    *,
    password: str | None = None,
    loopback: bool = True,
    watch: bool = True,
    workers: int = 1,
) -> Starlette:
    """The workbench for the project in ``root``, rendering into ``out`` (``root/build``).

    ``password``: required of every visitor (on loopback too, if given). ``loopback``: the
    server listens on this machine only, so requests must name it (see security.Guard).
    ``watch``: follow changes under content/ and templates/. ``workers``: processes for the
    first run, when much may be missing in the build folder.
    """
    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / "build"
    hub = Hub()
    images = Images(Path(tempfile.mkdtemp(prefix="brevgen-billeder-")))
    previews = Previews(root, out, hub, images, workers=workers)
    workbench = Workbench(
        root, out, password, hub, images, previews, Jobs(root, hub), app_env(HERE / "templates")
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        hub.start(asyncio.get_running_loop())
        previews.start()
        stop = asyncio.Event()
        tasks = [asyncio.create_task(_sweep(workbench.jobs, stop))]
        if watch:
            from .watcher import watch as watch_files

            tasks.append(asyncio.create_task(watch_files(root, previews, stop)))
        try:
            yield
        finally:
            stop.set()
            hub.close()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await asyncio.to_thread(previews.stop)
            workbench.jobs.close()
            images.close()

    app = Starlette(
        routes=[
            *pages.ROUTES,
            *contract_pages.ROUTES,
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[
            Middleware(
                SessionMiddleware,
                secret_key=secrets.token_urlsafe(32),
                session_cookie=SESSION_COOKIE,
                max_age=SESSION_SECONDS,
                same_site="strict",
            ),
            Middleware(Guard, password=password, loopback=loopback),
        ],
        exception_handlers=pages.EXCEPTION_HANDLERS,
        lifespan=lifespan,
    )
    app.state.workbench = workbench
    return app


async def _sweep(jobs: Jobs, stop: asyncio.Event) -> None:
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SWEEP_SECONDS)
        await asyncio.to_thread(jobs.sweep)
