"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), which keeps what it accepts and
can be told to refuse, drop the connection or stall on its Nth message."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return BytesParser(policy=policy.default).parsebytes(self.data)


@dataclass
class Inbox:
    """The server's handler: what it accepted, and how it should misbehave."""

    received: list[Received] = field(default_factory=list)
    fail_on: int | None = None  # the Nth message (counting every DATA) fails
    mode: str = "refuse"  # refuse (554), drop (close the connection), stall (past a timeout)
    stall: float = 3.0
    attempts: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.attempts += 1
        if self.attempts == self.fail_on:
            if self.mode == "refuse":
                return "554 5.7.1 Afvist af testserveren"
            if self.mode == "drop":
                server.transport.close()
                return "421 4.3.0 lukker"
            await asyncio.sleep(self.stall)
            return "451 4.3.0 for sent"
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content)
        )
        return "250 2.0.0 Modtaget"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.recipients]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def smtp_server(inbox: Inbox | None = None, *, password: str | None = None, **smtp) -> Iterator:
    """(inbox, "127.0.0.1:PORT") while a server runs; ``password``: AUTH required with it."""
    inbox = inbox or Inbox()
    if password is not None:

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.password == password.encode()
            if ok:
                inbox.logins.append((auth_data.login.decode(), mechanism))
            return AuthResult(success=ok, handled=False)  # False: the server answers 535

        smtp = {"authenticator": authenticator, "auth_required": True, **smtp}
        smtp.setdefault("auth_require_tls", False)
    port = free_port()
    controller = Controller(inbox, hostname=HOST, port=port, **smtp)
    controller.start()
    try:
        yield inbox, f"{HOST}:{port}"
    finally:
        controller.stop()
