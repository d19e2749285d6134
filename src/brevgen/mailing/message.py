"""A draft made ready to send: the moment of sending as its Date, no ``X-Unsent``.

What is sent is the draft in ``post/`` that the engine has just made from the build, with
these headers changed and nothing else: the text and the files are the draft's, byte for
byte.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime

from brevgen.render.eml import POLICY, WRITE


def for_sending(draft: bytes, when: dt.datetime, message_id: str) -> bytes:
    """The draft's bytes as sent at ``when`` under ``message_id``."""
    message: EmailMessage = BytesParser(policy=POLICY).parsebytes(draft)  # type: ignore[assignment]
    del message["X-Unsent"]
    message.replace_header("Date", format_datetime(when))
    message.replace_header("Message-ID", message_id)
    return message.as_bytes(policy=WRITE)
