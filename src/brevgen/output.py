"""Safe writing of output files.

Every file is written to a temporary name in its target folder and moved into place with
:func:`os.replace`, so an interrupted build never leaves a half-written file (the approach
of Sphinx's ``FileAvoidWrite`` and Copier's build-then-rename). Unchanged bytes are not
rewritten, which keeps modification times stable for incremental builds.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

# mkstemp creates files readable by their owner only; output files get the usual mode.
_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK

# ZIP's earliest representable time: a fixed stamp so DOCX/XLSX bytes depend on content only.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_bytes(path: Path, data: bytes) -> bool:
    """Atomically write ``data`` to ``path``; return False when the file already held it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def normalize_zip(data: bytes) -> bytes:
    """Rewrite an OOXML zip (DOCX, XLSX) with fixed timestamps and a stable entry order.

    python-docx and openpyxl stamp entries with the current time; this makes the bytes a
    function of the content alone. ``[Content_Types].xml`` stays first as OOXML requires.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    ordered = sorted(names, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()
