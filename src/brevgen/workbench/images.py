"""Page images of the PDFs the workbench shows: made by ``pdftoppm``, kept by SHA-256.

Each PDF is copied into the cache under its SHA-256 before any image is made from it, so
an image always shows the bytes it is named after (the build folder may have a newer file
by then), and the last good preview of a document stays when a new version cannot be made.
Images are made in a small thread pool; asking twice for one image waits for the same work.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

THUMBNAIL = 280  # pixels, the longer side of an overview's thumbnail
PAGE_WIDTH = 900  # pixels, a page on a document's own page
TIMEOUT = 60  # seconds for one image


def available() -> bool:
    return shutil.which("pdftoppm") is not None


class Images:
    def __init__(self, folder: Path, workers: int = 2) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._work: dict[tuple[str, int], Future] = {}
        self._pages: dict[str, int] = {}
        self._served: dict[tuple[str, int], threading.Event] = {}
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="brevgen-billeder")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    def pdf(self, sha: str) -> Path:
        return self.folder / f"{sha}.pdf"

    def keep(self, sha: str, data: bytes) -> None:
        """Keep a PDF's bytes under their SHA-256 (once)."""
        target = self.pdf(sha)
        if target.exists():
            return
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)

    def has(self, sha: str) -> bool:
        return self.pdf(sha).exists()

    def page_count(self, sha: str) -> int:
        if sha not in self._pages:
            import pikepdf

            with pikepdf.open(self.pdf(sha)) as document:
                self._pages[sha] = len(document.pages)
        return self._pages[sha]

    def image(self, sha: str, page: int) -> Future:
        """A future of the image of ``page`` of the PDF ``sha`` (JPEG), or of its thumbnail
        (page 0: page 1 small, PNG)."""
        key = (sha, page)
        with self._lock:
            future = self._work.get(key)
            if future is None or (future.done() and future.exception() is not None):
                name = f"{sha}-{page}.jpg" if page else f"{sha}-miniature.png"
                target = self.folder / name
                if target.exists():
                    future = Future()
                    future.set_result(target)
                else:
                    future = self._pool.submit(self._make, sha, page, target)
                self._work[key] = future
        return future

    def _served_event(self, sha: str, page: int) -> threading.Event:
        with self._lock:
            return self._served.setdefault((sha, page), threading.Event())

    def served(self, sha: str, page: int) -> None:
        """A page has been sent this image."""
        self._served_event(sha, page).set()

    def wait_served(self, sha: str, page: int, timeout: float) -> bool:
        """Wait until a page has been sent this image (at most ``timeout`` seconds)."""
        return self._served_event(sha, page).wait(timeout)

    def _make(self, sha: str, page: int, target: Path) -> Path:
        if page == 0:
            kind = ["-png", "-scale-to", str(THUMBNAIL)]
        else:  # JPEG: a page's PNG takes pdftoppm seven times as long to write
            kind = ["-jpeg", "-jpegopt", "quality=85", "-scale-to-x", str(PAGE_WIDTH)]
            kind += ["-scale-to-y", "-1"]
        number = str(max(page, 1))
        prefix = target.with_name(f"{target.stem}.{threading.get_ident()}.tmp")
        subprocess.run(
            ["pdftoppm", *kind, "-f", number, "-l", number, "-singlefile"]
            + [str(self.pdf(sha)), str(prefix)],
            check=True,
            capture_output=True,
            timeout=TIMEOUT,
        )
        os.replace(f"{prefix}{target.suffix}", target)  # pdftoppm adds the suffix
        return target
