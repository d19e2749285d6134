"""``brevgen serve``: the workbench in the browser (see :mod:`brevgen.workbench`)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import click

from brevgen.errors import BrevgenError

from .common import COMMAND, out_option, project_option, user_run, workers_option

DEFAULT_PORT = 8000


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``; a Danish message if that cannot be done."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise BrevgenError(
            f"Adressen '{host}' kendes ikke på denne maskine; tjek --host."
        ) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise BrevgenError(
            f"Værkstedet kan ikke lytte på {host}:{port} (teknisk: {exc.strerror or exc}). "
            "Kører det allerede, eller bruger et andet program porten? Vælg en anden med "
            "--port, fx --port 8001."
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def address(host: str, port: int) -> str:
    shown = socket.gethostname() if host in ("0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/"


@click.command(
    "serve",
    **COMMAND,
    help=(
        "Start værkstedet: en side i browseren med alle runder og dokumenter, "
        "forhåndsvisninger, der opdateres, når du gemmer, kontrakter fra et kontraktregister "
        "og kontrollen før afsendelse. Som standard kan kun denne maskine bruge det; med "
        "--host kan andre også, og så kræves en adgangskode i miljøvariablen "
        "BREVGEN_ADGANGSKODE."
    ),
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="ADRESSE",
    help="Adressen, værkstedet lytter på; fx 0.0.0.0 for alle netværk (kræver adgangskode).",
)
@click.option(
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(1, 65535),
    metavar="PORT",
    help="Porten, værkstedet lytter på.",
)
@out_option("Mappen, dokumenterne dannes i (standard: build/ i projektmappen).")
@workers_option
@project_option
def command(host: str, port: int, out: Path | None, workers: int | None, root: Path) -> None:
    from brevgen.pipeline.pool import default_workers
    from brevgen.workbench import images
    from brevgen.workbench.security import PASSWORD_VARIABLE, is_loopback, start_check

    password = os.environ.get(PASSWORD_VARIABLE) or None
    with user_run():
        start_check(host, password)
        if not (root / "content").is_dir():
            raise BrevgenError(
                f"Mappen 'content' findes ikke i {root.resolve()}; start værkstedet fra "
                "projektets mappe, eller angiv den med --projekt."
            )
        sock = listening_socket(host, port)
    import uvicorn

    from brevgen.workbench.app import create_app

    app = create_app(
        root,
        out,
        password=password,
        loopback=is_loopback(host),
        workers=workers or default_workers(),
    )
    click.echo(f"Værkstedet kører på {address(host, port)} — åbn adressen i en browser.")
    if password:
        click.echo(f"Adgangskoden er den i {PASSWORD_VARIABLE}.")
    if not images.available():
        click.secho(
            "Bemærk: pdftoppm findes ikke, så siderne vises ikke som billeder. Installér "
            "poppler-utils (fx apt-get install poppler-utils).",
            fg="yellow",
            err=True,
        )
    click.echo("Stop det med Ctrl-C.")
    config = uvicorn.Config(
        app,
        log_level="critical",  # a bug on a page is said in Danish (workbench.pages.bug_page)
        access_log=False,
        timeout_graceful_shutdown=2,
        proxy_headers=False,
        server_header=False,
    )
    hub = app.state.workbench.hub

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            # End the pages' event streams first: uvicorn waits for open responses.
            if hub.loop is not None:
                hub.loop.call_soon_threadsafe(hub.close)
            super().handle_exit(sig, frame)

    Server(config).run(sockets=[sock])
    click.echo("Værkstedet er stoppet.")
