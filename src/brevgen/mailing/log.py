"""A round's send log: every e-mail brevgen tried to send, to whom, when, with which files
(their SHA-256) and the server's answer — ``post/sendelog.json`` for brevgen and
``post/sendelog.xlsx`` for people.

Both are written atomically after each message, so a stop at any moment (a dropped
connection, Ctrl-C, a power cut) leaves a log that says what the server accepted, and the
next run sends only the rest. The JSON is the record brevgen reads; the workbook is made
from it each time and may be open in Excel without holding up the sending.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from brevgen.contracts.xlsx import put, workbook_bytes
from brevgen.errors import BrevgenError, Problem, SendError
from brevgen.output import write_bytes

JSON_NAME = "sendelog.json"
XLSX_NAME = "sendelog.xlsx"
VERSION = 1

SENT = "sendt"  # the server accepted the message: it is not sent again
REFUSED = "afvist"  # the server answered no; the next run tries again
FAILED = "ikke sendt"  # the connection broke (or timed out) during the message

COLUMNS = (
    ("Tidspunkt", 18),
    ("Modtager", 30),
    ("E-mailadresse", 28),
    ("Emne", 36),
    ("Status", 10),
    ("Serverens svar", 30),
    ("Vedhæftede filer", 20),
    ("SHA-256", 66),
    ("Message-ID", 36),
    ("Bemærkning", 36),
)
LINE_HEIGHT = 15  # points per line of a wrapped cell (Calibri 11)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
FILLS = {
    SENT: PatternFill("solid", fgColor="E3F1E3"),
    REFUSED: PatternFill("solid", fgColor="FCE4E4"),
    FAILED: PatternFill("solid", fgColor="FFF4CE"),
}
TIME_FORMAT = "dd-mm-yyyy hh:mm:ss"
# What brevgen reads of each entry (a log edited by hand is checked for them).
KEYS = (
    "tidspunkt",
    "modtager",
    "navn",
    "adresse",
    "emne",
    "message_id",
    "vedhaeftninger",
    "noegle",
    "status",
    "svar",
)


@dataclass
class SendLog:
    folder: Path  # build/<runde>/post
    round_id: str
    entries: list[dict] = field(default_factory=list)
    # Why sendelog.xlsx could not be written (open in Excel), said once at the end.
    workbook_problem: Problem | None = None

    @property
    def json_path(self) -> Path:
        return self.folder / JSON_NAME

    @property
    def xlsx_path(self) -> Path:
        return self.folder / XLSX_NAME

    @classmethod
    def load(cls, folder: Path, round_id: str) -> SendLog:
        """The log in ``folder`` (an empty one when there is none yet).

        A log that cannot be read stops the run: without it, brevgen cannot know what was
        sent, and would send it again.
        """
        path = folder / JSON_NAME
        if not path.exists():
            return cls(folder, round_id)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["forsendelser"]
            if data.get("version") != VERSION or not isinstance(entries, list):
                raise ValueError("ukendt version")
            for item in entries:
                missing = [k for k in KEYS if not isinstance(item, dict) or k not in item]
                if missing:
                    raise ValueError(f"en forsendelse mangler {', '.join(missing)}")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SendError(
                [
                    Problem(
                        str(path),
                        f"sendeloggen kan ikke læses (teknisk: {exc}), så brevgen kan ikke vide, "
                        "hvad der allerede er sendt; intet er sendt. Hent filen fra en "
                        "sikkerhedskopi, eller flyt den væk, hvis intet er sendt endnu",
                    )
                ]
            ) from None
        return cls(folder, round_id, entries)

    def accepted(self, key: str) -> list[dict]:
        """The sendings of the same e-mail (``key``) the server accepted, oldest first."""
        return [e for e in self.entries if e["noegle"] == key and e["status"] == SENT]

    def last_accepted_to(self, recipient: str) -> dict | None:
        """The last e-mail the server accepted for ``recipient`` (a slug), whatever it held."""
        sent = [e for e in self.entries if e["modtager"] == recipient and e["status"] == SENT]
        return sent[-1] if sent else None

    def add(self, entry: dict) -> None:
        """Record one attempt and write the log at once (JSON first: it is the record)."""
        self.entries.append(entry)
        self.save()

    def save(self) -> None:
        body = {"version": VERSION, "runde": self.round_id, "forsendelser": self.entries}
        text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
        try:
            write_bytes(self.json_path, text.encode("utf-8"))
        except BrevgenError as exc:
            raise SendError(
                [
                    Problem(
                        p.where,
                        f"{p.message} Afsendelsen er stoppet, så intet sendes uden at blive "
                        "skrevet i sendeloggen.",
                    )
                    for p in exc.problems
                ]
            ) from None
        try:
            write_bytes(self.xlsx_path, workbook(self.entries, self.round_id))
        except BrevgenError as exc:  # open in Excel: the JSON holds the record
            self.workbook_problem = Problem(
                exc.problems[0].where,
                f"{exc.problems[0].message} Loggen står i {JSON_NAME}; {XLSX_NAME} skrives "
                "igen ved næste kørsel.",
            )
        else:
            self.workbook_problem = None


def entry(
    *,
    when: dt.datetime,
    recipient: str,
    name: str,
    address: str,
    subject: str,
    message_id: str,
    files: list[tuple[str, str]],
    key: str,
    server: str,
    status: str,
    answer: str,
    replaces: str | None = None,
    again: bool = False,
) -> dict:
    """One attempt as the log keeps it (Danish keys, as the user may read the JSON)."""
    return {
        "tidspunkt": when.isoformat(timespec="seconds"),
        "modtager": recipient,
        "navn": name,
        "adresse": address,
        "emne": subject,
        "message_id": message_id,
        "vedhaeftninger": [{"fil": n, "sha256": h} for n, h in files],
        "noegle": key,
        "server": server,
        "status": status,
        "svar": answer,
        "erstatter": replaces,
        "igen": again,
    }


def remark(item: dict) -> str:
    parts = []
    if item.get("erstatter"):
        parts.append(f"Brevet er ændret; erstatter {item['erstatter']}")
    if item.get("igen"):
        parts.append("Sendt igen med --igen")
    return ". ".join(parts)


def workbook(entries: list[dict], round_id: str) -> bytes:
    """sendelog.xlsx: one line per attempt, oldest first; dated by the last attempt."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sendelog"
    for index, (heading, width) in enumerate(COLUMNS, start=1):
        put(sheet, 1, index, heading).font = BOLD
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    stamp = dt.datetime(1980, 1, 1)
    for line, item in enumerate(entries, start=2):
        when = dt.datetime.fromisoformat(item["tidspunkt"]).replace(tzinfo=None)
        stamp = max(stamp, when)
        files = item["vedhaeftninger"]
        values = (
            when,
            item["navn"],
            item["adresse"],
            item["emne"],
            item["status"],
            item["svar"],
            "\n".join(f["fil"] for f in files),
            "\n".join(f["sha256"] for f in files),
            item["message_id"],
            remark(item),
        )
        for column, value in enumerate(values, start=1):
            cell = put(sheet, line, column, value)
            cell.alignment = WRAP
        sheet.cell(row=line, column=1).number_format = TIME_FORMAT
        # Rows as high as their lines: not every spreadsheet program sizes them on opening.
        sheet.row_dimensions[line].height = LINE_HEIGHT * max(len(files), 1)
        sheet.cell(row=line, column=5).fill = FILLS.get(item["status"], PatternFill())
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{max(len(entries) + 1, 2)}"
    # Printed for the archive: landscape, one page wide, the headings on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    return workbook_bytes(book, stamp, f"Sendelog for runden {round_id}")
