"""One connection to the organisation's SMTP server, one message at a time, each with the
server's own answer.

Encrypted when the server offers it: STARTTLS on a submission or relay port, TLS from the
start on port 465; the certificate is checked against the system's trusted certificates
(``SSL_CERT_FILE`` names a file of others, such as an organisation's own). A password is
never sent unencrypted, except to a server on this machine, and it is never shown: it is
held in a :class:`Secret` and taken out of every answer brevgen prints or logs.
"""

from __future__ import annotations

import base64
import ipaddress
import smtplib
import socket
import ssl
from dataclasses import dataclass
from typing import NamedTuple

from brevgen.errors import SendError
from brevgen.formatting import tal

TIMEOUT = 30.0  # seconds a server may take to answer before the connection counts as lost


@dataclass(frozen=True)
class Server:
    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> Server:
        """``smtp.regioner.dk:587``, ``127.0.0.1:2525`` or ``[::1]:25``."""
        host, sep, port = text.strip().rpartition(":")
        host = host.removeprefix("[").removesuffix("]")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise SendError(
                f"'{text}' er ikke en SMTP-server; skriv den som VÆRT:PORT, fx "
                "smtp.regioner.dk:587 (spørg IT-afdelingen om værten og porten)"
            )
        return cls(host, int(port))

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def local(self) -> bool:
        """On this machine (a password to it never crosses a network)."""
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return self.host.lower() == "localhost"


class Secret:
    """A password that does not show itself: not in a repr, a log or a traceback's text."""

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def scrub(self, text: str, user: str = "") -> str:
        """``text`` without the password, also as AUTH LOGIN or PLAIN would have sent it."""
        if not self._value:
            return text
        raw = self._value.encode()
        forms = {self._value, base64.b64encode(raw).decode()}
        forms.add(base64.b64encode(b"\0" + user.encode() + b"\0" + raw).decode())
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, "***")
        return text


class Reply(NamedTuple):
    accepted: bool
    answer: str  # "250 2.0.0 Ok: queued as …", as the server said it


class ConnectionLost(Exception):
    """The connection broke or timed out; what was not answered may not have arrived."""

    def __init__(self, answer: str) -> None:
        super().__init__(answer)
        self.answer = answer


def _answer(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(text.split())}".strip()


class Connection:
    """``with Connection(server, user, password) as c: c.send(...)``."""

    def __init__(
        self,
        server: Server,
        user: str | None = None,
        password: Secret | None = None,
        timeout: float = TIMEOUT,
    ) -> None:
        self.server, self.user, self.timeout = server, user, timeout
        self.password = password or Secret("")
        self.smtp: smtplib.SMTP | None = None
        self.encrypted = False

    def __enter__(self) -> Connection:
        try:
            self._open()
        except SendError:
            self.close()
            raise
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            raise SendError(
                f"serveren {self.server} afviste brugernavnet eller adgangskoden "
                f"({self._scrub(_answer(exc.smtp_code, exc.smtp_error))}); intet er sendt"
            ) from None
        except ssl.SSLCertVerificationError as exc:
            self.close()
            raise SendError(
                f"serverens certifikat kunne ikke godkendes ({exc.verify_message}); intet er "
                "sendt. Er værtsnavnet rigtigt? Bruger organisationen egne certifikater, så "
                "angiv filen med dem i miljøvariablen SSL_CERT_FILE"
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise SendError(
                f"der kunne ikke oprettes forbindelse til SMTP-serveren {self.server} "
                f"({self._why(exc)}); intet er sendt. Tjek værten og porten, og at du er på "
                "organisationens net"
            ) from None
        return self

    def _open(self) -> None:
        context = ssl.create_default_context()
        if self.server.port == 465:
            self.smtp = smtplib.SMTP_SSL(
                self.server.host, self.server.port, timeout=self.timeout, context=context
            )
            self.encrypted = True
            self.smtp.ehlo()
        else:
            self.smtp = smtplib.SMTP(self.server.host, self.server.port, timeout=self.timeout)
            self.smtp.ehlo()
            if self.smtp.has_extn("starttls"):
                self.smtp.starttls(context=context)
                self.smtp.ehlo()
                self.encrypted = True
        if self.user:
            if not self.encrypted and not self.server.local:
                raise SendError(
                    f"serveren {self.server} tilbyder ikke kryptering (STARTTLS), så brevgen "
                    "sender ikke adgangskoden; intet er sendt. Spørg IT-afdelingen om den port, "
                    "der bruges til at sende med login (ofte 587)"
                )
            if not self.smtp.has_extn("auth"):
                raise SendError(
                    f"serveren {self.server} tager ikke imod login; intet er sendt. Udelad "
                    "--bruger, hvis serveren sender uden login fra organisationens net"
                )
            try:
                self.smtp.login(self.user, self.password.reveal())
            except smtplib.SMTPServerDisconnected:  # some servers hang up on a failed login
                raise SendError(
                    f"serveren {self.server} lukkede forbindelsen ved login; tjek brugernavnet og "
                    "adgangskoden; intet er sendt"
                ) from None

    def _scrub(self, text: str) -> str:
        return self.password.scrub(text, self.user or "")

    def _why(self, exc: BaseException) -> str:
        # smtplib reports a reply that does not come as the connection closing "timed out".
        if isinstance(exc, TimeoutError | socket.timeout) or "timed out" in str(exc):
            return f"serveren svarede ikke inden for {tal(self.timeout)} sekunder"
        if isinstance(exc, ConnectionRefusedError):
            return "serveren afviste forbindelsen"
        if isinstance(exc, socket.gaierror):
            return "værten findes ikke"
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return "serveren lukkede forbindelsen"
        if isinstance(exc, smtplib.SMTPResponseException):
            return self._scrub(_answer(exc.smtp_code, exc.smtp_error))
        return self._scrub(f"teknisk: {type(exc).__name__}: {exc}")

    def send(self, sender: str, recipient: str, data: bytes) -> Reply:
        """Send one message; its refusal is a Reply, a broken connection ConnectionLost."""
        smtp = self.smtp
        if smtp is None:
            raise ConnectionLost("forbindelsen er lukket")
        try:
            for step, ok in (
                (lambda: smtp.mail(sender), (250,)),
                (lambda: smtp.rcpt(recipient), (250, 251)),
                (lambda: smtp.data(data), (250,)),
            ):
                code, text = step()
                answer = self._scrub(_answer(code, text))
                if code == 421:  # the server is closing the connection
                    raise ConnectionLost(answer)
                if code not in ok:
                    self._reset()
                    return Reply(False, answer)
            return Reply(True, answer)
        except smtplib.SMTPDataError as exc:  # DATA itself refused (no 354)
            if exc.smtp_code == 421:
                raise ConnectionLost(self._why(exc)) from None
            self._reset()
            return Reply(False, self._why(exc))
        except (OSError, smtplib.SMTPException) as exc:
            raise ConnectionLost(self._why(exc)) from None

    def _reset(self) -> None:
        try:
            self.smtp.rset()
        except (OSError, smtplib.SMTPException):
            self.close()  # the next send says the connection is lost

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None

    def __exit__(self, *exc_info) -> None:
        self.close()
