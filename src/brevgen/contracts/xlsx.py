"""Writing workbooks whose bytes depend on their content only, and text cells that stay text."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

from brevgen.output import normalize_zip

MAX_CELL_TEXT = 32767  # Excel's limit per cell
AMOUNT_FORMAT = '#,##0 "kr."'
AMOUNT_FORMAT_OERE = '#,##0.00 "kr."'
DATE_FORMAT = "dd-mm-yyyy"


def workbook_bytes(workbook: Workbook, stamp: dt.date, title: str) -> bytes:
    """The XLSX bytes, stamped with ``stamp`` instead of the current time.

    ``openpyxl.Workbook.save`` sets the modified time to now; calling its writer directly
    keeps the given stamp, and :func:`normalize_zip` fixes the zip entry times.
    """
    when = stamp if isinstance(stamp, dt.datetime) else dt.datetime.combine(stamp, dt.time())
    props = workbook.properties
    props.creator = "brevgen"
    props.lastModifiedBy = "brevgen"
    props.title = title
    props.language = "da-DK"
    props.created = when
    props.modified = when
    if workbook.write_only and not workbook.worksheets:
        workbook.create_sheet()
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()
    return normalize_zip(buffer.getvalue())


_SURROGATE = re.compile("[\ud800-\udfff]")


def text_value(text: str) -> str:
    """Text Excel accepts: no control characters, no half characters (a lone surrogate
    cannot be written as UTF-8), within the cell limit."""
    text = _SURROGATE.sub("\ufffd", ILLEGAL_CHARACTERS_RE.sub("", text))
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


def put(sheet, row: int, column: int, value):
    """Set a cell; text is always stored as text, so ``=SUM(A1)`` or ``#N/A`` is never
    read as a formula or an error by the spreadsheet program."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = text_value(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell
