"""E-mail builder: a covering e-mail with its files as an ``.eml`` draft (RFC 5322, MIME).

``X-Unsent: 1`` makes Outlook (and Thunderbird's "Rediger som ny") open the file as a
message ready to send. The text is there twice, as plain text and as HTML (the layout
``templates/html/mail.html``), both from the one Markdown converter; the files follow as
attachments, byte for byte as the view carries them.

Same view, same bytes: the Message-ID is derived from the recipient and the files' SHA-256
(:func:`message_key`), the Date from the letter's date, and the MIME boundaries from the
Message-ID, where the email package would draw them at random. ``brevgen send`` gives a
sent copy the time of sending (``brevgen.mailing.message``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Sequence
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from brevgen.markup import to_text
from brevgen.render import Options
from brevgen.render.html import HtmlBuilder
from brevgen.typography import SHY
from brevgen.views import View

# CRLF line ends, as RFC 5322 has them on the wire and in the .eml files Outlook writes;
# the text and the files encoded in lines of 76 characters (RFC 2045).
POLICY = policy.SMTP.clone(max_line_length=76)
# Writing the message, headers are not folded at 78 characters (a SHOULD of RFC 5322; 998
# is the limit): the email package's folding of encoded words loses and doubles spaces
# ("psykisk  arbejdsmiljø– tilbud"), which a subject in Danish would show.
WRITE = policy.SMTP.clone(max_line_length=998)
MIME_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def message_key(recipient: str, address: str, hashes: Sequence[str]) -> str:
    """What makes a sending the same sending: the recipient, the address and the files
    (their SHA-256, in any order). Names the Message-ID and keys the send log."""
    text = "|".join([recipient, address.lower(), *sorted(hashes)])
    return hashlib.sha256(text.encode()).hexdigest()


def message_id(key: str, sender: str, resend: int = 0) -> str:
    """``<key@sender's domain>``; a sending again (``--igen``) gets ``.2``, ``.3`` …"""
    suffix = f".{resend + 1}" if resend else ""
    return f"<{key[:32]}{suffix}@{sender.rpartition('@')[2]}>"


def danish_time(date: dt.date, hour: int = 12) -> dt.datetime:
    """``date`` at ``hour`` o'clock Danish time (CET, or CEST from the last Sunday of March
    to the last Sunday of October), without the machine's time zone data."""

    def last_sunday(month: int) -> dt.date:
        day = dt.date(date.year, month, 31)
        return day - dt.timedelta(days=(day.weekday() + 1) % 7)

    summer = last_sunday(3) <= date < last_sunday(10)
    return dt.datetime.combine(date, dt.time(hour), dt.timezone(dt.timedelta(hours=1 + summer)))


def plain_text(view: View) -> str:
    """The e-mail's text part: the text, the closing and the signature."""
    ctx = view.context
    signature = ctx["afsender"]
    lines = [signature["navn"], *signature["linjer"]]
    if signature.get("telefon"):
        lines.append(f"Tlf.\u00a0{signature['telefon']}")
    lines.append(signature["email"])
    return f"{to_text(ctx['tekst'])}\n\n{ctx['hilsen']}\n\n" + "\n".join(lines) + "\n"


def compose(view: View, html: str) -> EmailMessage:
    """The draft as a message: headers, text and HTML, and the files in ``vedhaeftninger``
    (each ``{"fil": name, "data": bytes, "sha256": …}``)."""
    ctx = view.context
    files = ctx["vedhaeftninger"]
    sender, to = ctx["fra"], ctx["til"]
    key = message_key(view.slug, to["email"], [f["sha256"] for f in files])
    msg = EmailMessage(policy=POLICY)
    msg["From"] = Address(display_name=sender["navn"], addr_spec=sender["email"])
    msg["To"] = Address(display_name=to["navn"], addr_spec=to["email"])
    msg["Subject"] = view.title
    msg["Date"] = format_datetime(danish_time(view.date))
    msg["Message-ID"] = message_id(key, sender["email"])
    msg["X-Unsent"] = "1"
    msg.set_content(plain_text(view), charset="utf-8", cte="quoted-printable")
    html = html.replace(SHY, "")  # mail programs may show them, or break words at them
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    for item in files:
        kind = MIME_TYPES.get(Path(item["fil"]).suffix.lower())
        kind = kind or mimetypes.guess_type(item["fil"])[0] or "application/octet-stream"
        maintype, subtype = kind.split("/", 1)
        msg.add_attachment(item["data"], maintype, subtype, filename=item["fil"])
    for number, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"=_brevgen_{key[:24]}_{number}")
    for part in msg.iter_parts():  # the email package repeats it in each part it adds
        for inner in part.walk():
            del inner["MIME-Version"]
    # After the content: setting content clears every Content-* header of the message.
    msg["Content-Language"] = "da"
    return msg


class EmlBuilder:
    def __init__(self, templates: Path, options: Options | None = None) -> None:
        self.html = HtmlBuilder(templates, options)

    def render(self, views: Sequence[View], identity: str = "") -> bytes:
        view = views[0]
        return compose(view, self.html.source(view)).as_bytes(policy=WRITE)
