"""Safe writing of output files.

Every file is written to a temporary name in its target folder and moved into place with
:func:`os.replace`, so an interrupted build never leaves a half-written file (the approach
of Sphinx's ``FileAvoidWrite`` and Copier's build-then-rename). Unchanged bytes are not
rewritten, which keeps modification times stable for incremental builds.

Every write goes through :func:`write_bytes`, so a file that cannot be written (open in
another program, a full or read-only drive, a file where a folder should be) gives one
Danish message with the path, never a traceback.
"""

from __future__ import annotations

import errno
import io
import os
import secrets
import struct
import sys
import zipfile
import zlib
from pathlib import Path

from brevgen.errors import BuildError, Problem

# mkstemp creates files readable by their owner only; output files get the usual mode.
_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK

# ZIP's earliest representable time: a fixed stamp so DOCX/XLSX bytes depend on content only.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_bytes(path: Path, data: bytes) -> bool:
    """Atomically write ``data`` to ``path``; return False when the file already held it.

    Raises :class:`BuildError` (in Danish, with the path) when the file cannot be written.
    """
    try:
        return _write(path, data)
    except OSError as error:
        raise BuildError([Problem(str(path), cannot_write(error))]) from None


def _write(path: Path, data: bytes) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    # The temporary file comes into being inside the try, so an interrupt (Ctrl-C, or
    # SIGTERM raised as KeyboardInterrupt) the moment after it exists still removes it;
    # with mkstemp that moment was outside, and a stopped run could leave a .tmp behind.
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


_ELSEWHERE = "Vælg en anden mappe at skrive i."
# errno -> (why, what to do)
_WHY = {
    errno.ENOSPC: ("der ikke er plads nok på drevet", "Frigør plads, og kør igen."),
    errno.EDQUOT: ("din plads på drevet er brugt op", "Frigør plads, og kør igen."),
    errno.EROFS: ("drevet er skrivebeskyttet", _ELSEWHERE),
    errno.ENOTDIR: ("en del af stien er en fil og ikke en mappe", _ELSEWHERE),
    errno.EEXIST: ("en del af stien er en fil og ikke en mappe", _ELSEWHERE),
    errno.EISDIR: ("der ligger en mappe med filens navn", "Flyt eller omdøb mappen, og kør igen."),
    errno.ENAMETOOLONG: ("stien er for lang", "Vælg en mappe med en kortere sti."),
    errno.ENOENT: ("mappen ikke kan oprettes", _ELSEWHERE),
}


def cannot_write(error: OSError) -> str:
    """Why a file could not be written, and what to do, in Danish."""
    if isinstance(error, PermissionError):
        why, todo = (
            "brevgen ikke har lov til at skrive den",
            "Er filen åben i fx Word, Excel eller en PDF-læser, så luk den, og kør igen; "
            "ellers vælg en mappe, du kan skrive i.",
        )
    else:
        why, todo = _WHY.get(
            error.errno,
            (
                "styresystemet afviste det",
                "Kør igen, og vælg en anden mappe, hvis det ikke hjælper.",
            ),
        )
    technical = f" (teknisk: {error.strerror})" if error.strerror else ""
    return f"Filen kan ikke skrives, fordi {why}{technical}. {todo}"


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


# zipfile's own record layouts, for zip_entries (Python's zipfile.py, ZIP spec 4.3.7, 4.3.12).
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20  # zipfile's DEFAULT_VERSION: deflate, no zip64
_SYSTEM = 0 if sys.platform == "win32" else 3
_DOSDATE = (FIXED_ZIP_TIME[0] - 1980) << 9 | FIXED_ZIP_TIME[1] << 5 | FIXED_ZIP_TIME[2]
_DOSTIME = FIXED_ZIP_TIME[3] << 11 | FIXED_ZIP_TIME[4] << 5 | FIXED_ZIP_TIME[5] // 2
_ZIP64_LIMIT = (1 << 31) - 1


def zip_entries(entries: dict[str, bytes], cache: dict | None = None) -> bytes:
    """The bytes :func:`normalize_zip` gives for a zip holding ``entries``, made directly.

    A renderer that has its parts in memory need not zip them first only to have them
    unzipped and zipped again. ``cache`` keeps the last compressed form of each entry name,
    so parts that are the same in every document (a layout's styles, theme, fonts) are
    compressed once, and the cache holds one entry per name however many documents are
    made. Small archives only (no zip64), as OOXML documents are.
    """
    ordered = sorted(entries, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    central = []
    for name in ordered:
        data = entries[name]
        cached = cache.get(name) if cache is not None else None
        if cached is not None and (cached[0] is data or cached[0] == data):
            _, crc, compressed = cached
        else:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            crc, compressed = zlib.crc32(data), compressor.compress(data) + compressor.flush()
            if cache is not None:
                cache[name] = (data, crc, compressed)
        try:
            filename, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            filename, flags = name.encode("utf-8"), 0x800
        offset = out.tell()
        if max(offset, len(data), len(compressed)) > _ZIP64_LIMIT:
            raise ValueError("zip_entries writes small archives only")
        out.write(
            _LOCAL.pack(
                b"PK\x03\x04",
                _VERSION,
                0,
                flags,
                zipfile.ZIP_DEFLATED,
                _DOSTIME,
                _DOSDATE,
                crc,
                len(compressed),
                len(data),
                len(filename),
                0,
            )
        )
        out.write(filename)
        out.write(compressed)
        central.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                _VERSION,
                _SYSTEM,
                _VERSION,
                0,
                flags,
                zipfile.ZIP_DEFLATED,
                _DOSTIME,
                _DOSDATE,
                crc,
                len(compressed),
                len(data),
                len(filename),
                0,
                0,
                0,
                0,
                0o644 << 16,
                offset,
            )
            + filename
        )
    start = out.tell()
    out.write(b"".join(central))
    size = out.tell() - start
    out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), size, start, 0))
    return out.getvalue()
