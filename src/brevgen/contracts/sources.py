"""What kind of file a register is, decided from its bytes before anything parses it.

* An Excel workbook, ``.xlsx`` or ``.xlsm`` (macros are never run, only the cells read):
  first its zip directory is checked, so a file that would unpack to something absurd (a
  zip bomb) is refused before openpyxl fills the memory with it.
* A CSV as Danish Excel saves it (``.csv`` or ``.txt``): semicolons between the cells
  (tabs or commas also work), UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252;
  it is read as the sheet ``Henvendelser``, so messages still say ``Henvendelser!P14``. Its
  cells are text and read by the same Danish parsers as typed cells (``45.000,00``,
  ``07-01-2019``, ``07.01.2019``); nothing in it is ever evaluated (``=1+1`` stays text).
* Anything else, each with one Danish sentence on what to do: the old ``.xls`` format, a
  workbook protected with a password (an OLE file holding an ``EncryptedPackage``), an
  OpenDocument spreadsheet (``.ods``), and a file that is not a spreadsheet at all.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from brevgen.errors import RegisterError
from brevgen.formatting import tal

XLSX, CSV = "xlsx", "csv"
CSV_SUFFIXES = (".csv", ".txt")

# A 10,000-row register unpacks to some 15 MB and compresses 10–30 times; these are far
# beyond any register, and far below what would fill the memory.
MAX_UNPACKED = 256 * 2**20  # bytes, all parts of the workbook together
MAX_RATIO = 500  # unpacked : packed, for a part of more than 10 MB
MAX_PARTS = 10_000

NOT_A_WORKBOOK = (
    "Filen er ikke en Excel-projektmappe (.xlsx). Gem regnearket i Excel som "
    "“Excel-projektmappe (*.xlsx)”, og prøv igen."
)
OLD_XLS = (
    "Filen er i det gamle Excel-format (.xls). Åbn den i Excel, gem den som "
    "“Excel-projektmappe (*.xlsx)” (Filer > Gem som), og prøv igen."
)
ENCRYPTED = (
    "Filen er beskyttet med en adgangskode, så den kan ikke læses. Åbn den i Excel, fjern "
    "adgangskoden (Filer > Oplysninger > Beskyt projektmappe > Krypter med adgangskode), gem "
    "den, og prøv igen."
)
ODS = (
    "Filen er et OpenDocument-regneark (.ods). Gem den som “Excel 2007-365 (.xlsx)” (i "
    "LibreOffice: Filer > Gem som) eller som “Excel-projektmappe (*.xlsx)” i Excel, og prøv "
    "igen."
)
NOT_TEXT = (
    "Filen kan ikke læses som tekst (hverken UTF-8 eller Windows-1252). Gem regnearket i Excel "
    "som “CSV UTF-8 (kommasepareret) (*.csv)” eller som “Excel-projektmappe (*.xlsx)”, og prøv "
    "igen."
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and encrypted .xlsx alike
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def kind_of(handle, path: Path) -> str:
    """:data:`XLSX` or :data:`CSV`; a RegisterError with what to do for anything else."""
    file = path.name
    start = handle.read(8)
    handle.seek(0)
    if start == _OLE_MAGIC:
        encrypted = any(_ENCRYPTED_STREAM in chunk for chunk in _chunks(handle))
        handle.seek(0)
        raise RegisterError(ENCRYPTED if encrypted else OLD_XLS, where=file)
    if start.startswith(_ZIP_MAGIC):
        _check_archive(handle, file)
        return XLSX
    suffix = path.suffix.lower()
    if suffix == ".xls":  # "XML Spreadsheet 2003" or a web page saved with .xls
        raise RegisterError(OLD_XLS, where=file)
    if suffix == ".ods":
        raise RegisterError(ODS, where=file)
    if suffix in CSV_SUFFIXES:
        head = handle.read(4096)
        handle.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" not in head:
            return CSV
    raise RegisterError(NOT_A_WORKBOOK, where=file)


def _chunks(handle, size: int = 1 << 20) -> Iterator[bytes]:
    tail = b""
    while chunk := handle.read(size):
        yield tail + chunk
        tail = chunk[-len(_ENCRYPTED_STREAM) :]


def _check_archive(handle, file: str) -> None:
    """Refuse an OpenDocument file, and a zip that would unpack to something absurd."""
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        handle.seek(0)
        raise RegisterError(NOT_A_WORKBOOK, where=file) from None
    with archive:
        parts = archive.infolist()
        if any(p.filename == "mimetype" for p in parts):
            kind = archive.read("mimetype")[:80]
            if kind.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
                handle.seek(0)
                raise RegisterError(ODS, where=file)
        unpacked = sum(p.file_size for p in parts)
        bomb = len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED
        bomb = bomb or any(
            p.file_size > 10 * 2**20 and p.file_size > MAX_RATIO * max(p.compress_size, 1)
            for p in parts
        )
    handle.seek(0)
    if bomb:
        size = tal(round(unpacked / 2**20))
        raise RegisterError(
            f"Filen pakker sig ud til {size} MB i {tal(len(parts))} dele, langt mere end et "
            "kontraktregister fylder, så den læses ikke. Den er beskadiget eller ikke et "
            "almindeligt regneark; gem registret igen i Excel som “Excel-projektmappe (*.xlsx)”, "
            "og prøv igen.",
            where=file,
        )


def _encoding(handle) -> str:
    """UTF-8 (with or without BOM) or UTF-16 by their marks, else Windows-1252."""
    start = handle.read(4)
    handle.seek(0)
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        handle.seek(0)


def csv_cells(handle, file: str) -> Iterator[tuple[int, list]]:
    """Rows of a CSV as (row number, [text | None]), numbered from 1 as Excel shows them."""
    encoding = _encoding(handle)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    try:
        first = text.readline()
        text.seek(0)
        delimiter = max(";\t,", key=first.count) if any(d in first for d in ";\t,") else ";"
        reader = csv.reader(text, delimiter=delimiter)
        for number, row in enumerate(reader, start=1):
            yield number, [cell if cell.strip() else None for cell in row]
    except UnicodeDecodeError:
        raise RegisterError(NOT_TEXT, where=file) from None
    except csv.Error:
        raise RegisterError(
            "Filen kan ikke læses som CSV: en celle er længere end et regneark tillader, eller "
            "et anførselstegn er ikke lukket. Gem regnearket igen fra Excel, og prøv igen.",
            where=file,
        ) from None
    finally:
        text.detach()
