"""What keeps the workbench to the people meant to use it.

* It listens on loopback unless told otherwise; on any other address it starts only with a
  password (``BREVGEN_ADGANGSKODE``), asked for on a login page (a signed session cookie) or
  sent as ``Authorization: Bearer …`` by a script.
* On loopback it answers only requests addressed to a loopback name, so a web page elsewhere
  cannot reach it through a name that resolves to 127.0.0.1 (DNS rebinding).
* Every POST carries the session's CSRF token; a POST from another origin is refused.
* A file is served only by a path that stays in its folder once resolved (no ``..``, no
  absolute path, no symlink out) and that the workbench itself made.
* An upload is cut off at a size limit while it arrives.
* Every response says what the browser may load (Content-Security-Policy): the pages' own
  CSS and JavaScript, nothing from elsewhere, nothing inline.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import time
from collections import defaultdict, deque
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse

from brevgen.errors import BrevgenError

PASSWORD_VARIABLE = "BREVGEN_ADGANGSKODE"
MIN_PASSWORD = 8
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
PUBLIC_PATHS = ("/login", "/static/")  # reachable without logging in
SESSION_COOKIE = "brevgen_session"
SESSION_SECONDS = 12 * 3600

# The pages load their own stylesheet, script, images and frames, and nothing else.
PAGE_POLICY = (
    "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; frame-src 'self'; frame-ancestors 'self'; "
    "base-uri 'none'; form-action 'self'"
)
# A generated web page shown from the build folder: no scripts, no forms, its own origin.
SANDBOX_POLICY = "sandbox; frame-ancestors 'self'"


def is_loopback(host: str) -> bool:
    """True for names and addresses that reach only this machine."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def start_check(host: str, password: str | None) -> None:
    """Refuse, in Danish, to listen beyond this machine without a password."""
    if is_loopback(host):
        if password is not None and len(password) < MIN_PASSWORD:
            raise BrevgenError(_short(password))
        return
    if not password:
        raise BrevgenError(
            f"--host {host} gør værkstedet tilgængeligt fra andre maskiner, og det kræver en "
            f"adgangskode. Sæt miljøvariablen {PASSWORD_VARIABLE} til en adgangskode på mindst "
            f"{MIN_PASSWORD} tegn (fx {PASSWORD_VARIABLE}='…' brevgen serve --host {host}), "
            "og giv den til kollegerne; eller udelad --host, så kun denne maskine kan bruge "
            "værkstedet."
        )
    if len(password) < MIN_PASSWORD:
        raise BrevgenError(_short(password))


def _short(password: str) -> str:
    return (
        f"Adgangskoden i {PASSWORD_VARIABLE} har {len(password)} tegn; den skal have mindst "
        f"{MIN_PASSWORD}."
    )


def same_secret(given: str, password: str) -> bool:
    """Compare in constant time (hashed first, so the length does not show either)."""
    a = hashlib.sha256(given.encode()).digest()
    b = hashlib.sha256(password.encode()).digest()
    return hmac.compare_digest(a, b)


def inside(base: Path, relative: str) -> Path | None:
    """``base/relative`` if it is a file that stays inside ``base`` once resolved, else None.

    Refuses an empty path, ``..`` or ``.`` parts (also after percent-decoding, which the
    server has done), an absolute path, a backslash or NUL, and a symlink that leads out.
    """
    if not relative or "\x00" in relative or "\\" in relative:
        return None
    pure = PurePosixPath(relative)
    if pure.is_absolute() or any(part in ("..", ".") for part in relative.split("/")):
        return None
    root = base.resolve()
    try:
        path = (root / pure).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


# --- CSRF -------------------------------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def csrf_ok(request: Request, given: object) -> bool:
    expected = request.session.get("csrf")
    if not expected or not isinstance(given, str):
        return False
    return hmac.compare_digest(given.encode(), expected.encode())  # bytes: any text given


CSRF_REFUSED = (
    "Formularen kunne ikke godkendes (den mangler sit sikkerhedsmærke eller er for gammel). "
    "Gå tilbage, genindlæs siden, og prøv igen."
)


# --- uploads ----------------------------------------------------------------------------------


class TooLarge(Exception):
    """An upload beyond the limit: it is cut off while it arrives."""


def limited(request: Request, limit: int) -> Request:
    """``request`` with a body that raises :class:`TooLarge` past ``limit`` bytes."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise TooLarge
    received = 0

    async def receive():
        nonlocal received
        message = await request.receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise TooLarge
        return message

    return Request(request.scope, receive)


# --- middleware -------------------------------------------------------------------------------


class Guard:
    """ASGI middleware around the whole application: host names, origins, login, headers.

    Sits inside the session middleware (it reads the session) and outside the routes.
    """

    def __init__(self, app, *, password: str | None, loopback: bool) -> None:
        self.app = app
        self.password = password
        self.loopback = loopback

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    # Not no-referrer: with it, a browser sends "Origin: null" on the
                    # pages' own forms, which the origin check refuses.
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", PAGE_POLICY.encode()))
                if b"cache-control" not in present:
                    extra.append((b"cache-control", b"no-store"))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope, headers: Headers):
        host = headers.get("host", "")
        if self.loopback and not is_loopback(_hostname(host)):
            return PlainTextResponse(
                "Værkstedet svarer kun på adresser på denne maskine (fx 127.0.0.1).", 400
            )
        if scope["method"] not in ("GET", "HEAD"):
            origin = headers.get("origin")  # "null" from a sandboxed frame or a file
            if origin and (origin == "null" or urlsplit(origin).netloc != host):
                return PlainTextResponse("Forespørgslen kommer fra en anden side.", 403)
        if self.password is None or scope["path"].startswith(PUBLIC_PATHS):
            return None
        if scope.get("session", {}).get("ind"):
            return None
        auth = headers.get("authorization", "")
        if auth.startswith("Bearer ") and same_secret(auth[7:], self.password):
            return None
        if scope["method"] == "GET" and "text/html" in headers.get("accept", ""):
            target = scope["path"] + (
                f"?{scope['query_string'].decode()}" if scope.get("query_string") else ""
            )
            return RedirectResponse(f"/login?videre={quote(target, safe='')}", 303)
        return PlainTextResponse("Log ind først (adgangskoden fra BREVGEN_ADGANGSKODE).", 401)


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def safe_next(target: str | None) -> str:
    """A redirect target after logging in: a path on this site, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


class LoginThrottle:
    """At most ``attempts`` wrong passwords from one address in ``seconds``."""

    def __init__(self, attempts: int = 5, seconds: float = 300.0) -> None:
        self.attempts, self.seconds = attempts, seconds
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def blocked(self, client: str) -> bool:
        failures = self._failures[client]
        now = time.monotonic()
        while failures and now - failures[0] > self.seconds:
            failures.popleft()
        return len(failures) >= self.attempts

    def failed(self, client: str) -> None:
        self._failures[client].append(time.monotonic())

    def succeeded(self, client: str) -> None:
        self._failures.pop(client, None)
