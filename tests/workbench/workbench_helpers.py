"""What the workbench's tests share: the sample register, CSRF tokens from a page, and the
real ``brevgen serve`` in a process of its own."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx

from helpers import REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SAMPLE = REPO / "content" / "ok15-regioner" / "kontrakter-eksempel.xlsx"


def copy_project(built: Path, target: Path) -> Path:
    shutil.copytree(built, target, symlinks=True)
    return target


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``brevgen serve`` in a process of its own, as a user starts it."""

    def __init__(self, root: Path, *args: str, env: dict | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {k: v for k, v in os.environ.items() if k != "BREVGEN_ADGANGSKODE"}
        environment.update(env or {})
        environment["PYTHONPATH"] = str(REPO / "src")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "brevgen", "serve", "--port", str(self.port), *args],
            cwd=root,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def wait_ready(self, headers: dict | None = None, timeout: float = 180.0) -> None:
        """Until the overview says everything is made (the first run is done)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"brevgen serve stopped: {self.process.stdout.read()}")
            try:
                page = httpx.get(self.url + "/", headers=headers, timeout=5)
                if "status-klar" in page.text:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise AssertionError("brevgen serve did not get ready")

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.stdout.read()
