"""The pages: the overview, one document, the files and page images, the checks before
sending, logging in and out, and the event stream the pages listen to."""

from __future__ import annotations

import asyncio
import secrets

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from brevgen.errors import BrevgenError, Problem

from .events import PREVIEWS
from .overview import Document, problem_file
from .security import (
    CSRF_REFUSED,
    SANDBOX_POLICY,
    TooLarge,
    csrf_ok,
    csrf_token,
    inside,
    limited,
    safe_next,
    same_secret,
)

FORM_LIMIT = 16 * 1024  # bytes: a login or delete form, never more
IMMUTABLE = "public, max-age=31536000, immutable"  # an image named by its PDF's SHA-256

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def workbench(request: Request):
    return request.app.state.workbench


def session_id(request: Request) -> str:
    """The session's own id (an upload belongs to the session that made it)."""
    if "id" not in request.session:
        request.session["id"] = secrets.token_urlsafe(16)
    return request.session["id"]


def page(request: Request, template: str, code: int = 200, **context) -> HTMLResponse:
    wb = workbench(request)
    base = {
        "csrf": csrf_token(request),
        "logged_in": wb.password is not None and bool(request.session.get("ind")),
        "section": "",
        "events": None,
    }
    html = wb.env.get_template(template).render({**base, **context})
    return HTMLResponse(html, code)


async def form(request: Request) -> dict:
    """A small form's fields, refused (403) without the session's CSRF token."""
    try:
        data = await limited(request, FORM_LIMIT).form(max_files=0, max_fields=10)
    except TooLarge:
        raise HTTPException(413) from None
    if not csrf_ok(request, data.get("csrf")):
        raise HTTPException(403, CSRF_REFUSED)
    return dict(data)


# --- the overview and a document --------------------------------------------------------------


def status_text(previews) -> str:
    status = previews.status
    if status.state == "starter":
        return "Værkstedet starter: det læser indholdet og danner det, der mangler i build/."
    if status.state == "venter":
        return "En anden brevgen-kørsel skriver i build/ lige nu; værkstedet prøver igen om lidt."
    if status.state == "brevgen-fejl":
        return (
            "brevgen stødte på en uventet fejl. Det er en fejl i brevgen, ikke i dit indhold. "
            + previews.details
        )
    if previews.problems:
        count = len(previews.problems)
        return (
            f"Indholdet har {count} fejl. Forhåndsvisningerne viser den sidste gode udgave, "
            "til fejlen er rettet."
        )
    if status.state == "danner":
        return f"Danner det, der er ændret … ({status.done} af {status.total} filer gennemgået)"
    if previews.failed:
        count = len(previews.failed)
        return (
            f"{count} {'fil' if count == 1 else 'filer'} kunne ikke dannes (se ved dokumenterne)."
        )
    return "Alt er dannet: forhåndsvisningerne og filerne i build/ svarer til indholdet."


def _state(request: Request) -> dict:
    previews = workbench(request).previews
    overview = previews.overview
    problems = list(previews.problems)
    failed = dict(previews.failed)
    shas = dict(previews.shas)
    return {
        "overview": overview,
        "problems": problems,
        "general_problems": overview.general_problems(problems) if overview else problems,
        "status": previews.status,
        "status_text": status_text(previews),
        "busy": previews.status.state in ("starter", "danner", "venter"),
        "sha": lambda path: shas.get(path, ""),
        "failed": lambda path: failed.get(path, []),
        "problems_for": lambda files: [p for p in problems if problem_file(p) in files],
    }


async def overview_page(request: Request) -> Response:
    return page(
        request,
        "oversigt.html",
        title="Oversigt",
        section="oversigt",
        events="/begivenheder",
        **_state(request),
    )


def _document(request: Request, path: str) -> Document:
    overview = workbench(request).previews.overview
    document = overview.documents.get(path) if overview else None
    if document is None:
        raise HTTPException(404)
    return document


async def document_page(request: Request) -> Response:
    path = request.path_params["path"]
    document = _document(request, path)
    wb = workbench(request)
    state = _state(request)
    sha = state["sha"](path)
    pages = 0
    if document.is_pdf and sha and wb.images.has(sha):
        pages = await asyncio.to_thread(wb.images.page_count, sha)
    problems = [p for p in state["problems"] if problem_file(p) in document.inputs]
    size = (wb.out / path).stat().st_size if (wb.out / path).is_file() else None
    return page(
        request,
        "dokument.html",
        title=document.heading,
        section="oversigt",
        events=f"/begivenheder?dok={path}",
        document=document,
        doc_sha=sha,
        pages=pages,
        size=size,
        doc_problems=problems + state["failed"](path),
        **state,
    )


async def events(request: Request) -> Response:
    wb = workbench(request)
    watching = request.query_params.get("dok")
    overview = wb.previews.overview
    if watching and (overview is None or watching not in overview.documents):
        watching = None
    return wb.hub.response(PREVIEWS, watching)


# --- files and images -------------------------------------------------------------------------


def download_name(path: str) -> str:
    """``ok15-regioner/region-hovedstaden/brev.pdf`` -> ``ok15-regioner-region-hovedstaden-
    brev.pdf``: a downloaded letter says whose it is."""
    return path.replace("/", "-")


async def build_file(request: Request) -> Response:
    """A file the workbench made, from the build folder: only the documents it shows."""
    path = request.path_params["path"]
    wb = workbench(request)
    overview = wb.previews.overview
    shown = set()
    if overview is not None:
        shown = {d.path for d in overview.documents.values()} | {
            d.docx for d in overview.documents.values() if d.docx
        }
    file = inside(wb.out, path) if path in shown else None
    if file is None:
        raise HTTPException(404)
    suffix = file.suffix.lower()
    attachment = request.query_params.get("hent") == "1" or suffix == ".docx"
    headers = {}
    if suffix == ".html":
        headers["Content-Security-Policy"] = SANDBOX_POLICY
    return FileResponse(
        file,
        media_type=MEDIA_TYPES.get(suffix, "application/octet-stream"),
        filename=download_name(path),
        content_disposition_type="attachment" if attachment else "inline",
        headers=headers,
    )


async def _image(request: Request, page_number: int) -> Response:
    path = request.path_params["path"]
    document = _document(request, path)
    wb = workbench(request)
    sha = wb.previews.shas.get(path, "")  # the last good version of the document
    if not document.is_pdf or not sha or not wb.images.has(sha):
        raise HTTPException(404)
    if page_number and page_number > await asyncio.to_thread(wb.images.page_count, sha):
        raise HTTPException(404)
    try:
        image = await asyncio.wrap_future(wb.images.image(sha, page_number))
    except Exception:  # pdftoppm missing or failing: no image, the page says so by its alt
        raise HTTPException(404) from None
    wb.images.served(sha, page_number)
    # Named by the PDF's SHA-256 (v=…), an image never changes; asked for by an older name,
    # the newer image is sent and not kept.
    cache = IMMUTABLE if request.query_params.get("v") == sha else "no-cache"
    kind = "image/png" if image.suffix == ".png" else "image/jpeg"
    return FileResponse(image, media_type=kind, headers={"Cache-Control": cache})


async def thumbnail(request: Request) -> Response:
    return await _image(request, 0)


async def page_image(request: Request) -> Response:
    number = request.query_params.get("nr", "1")
    if not number.isdigit() or not 1 <= int(number) <= 9999:
        raise HTTPException(404)
    return await _image(request, int(number))


# --- checks before sending --------------------------------------------------------------------


def _check(wb) -> tuple[str, list[Problem], int, list[Problem]]:
    """``brevgen check`` on the project: (heading, problems, files it can make, notes)."""
    from brevgen.commands.check import check

    try:
        with wb.previews.engine_lock:
            count, notes = check(wb.root)
            return "", [], count, list(notes)
    except BrevgenError as exc:
        return exc.title, exc.problems, 0, []


async def check_page(request: Request) -> Response:
    wb = workbench(request)
    try:
        heading, problems, count, notes = await asyncio.to_thread(_check, wb)
    except Exception:
        import traceback

        from brevgen.commands.common import save_details

        where = save_details(traceback.format_exc())
        heading, problems, count, notes = (
            "Uventet fejl",
            [Problem("", f"en fejl i brevgen. {where}")],
            0,
            [],
        )
    return page(
        request,
        "kontrol.html",
        title="Kontrol før afsendelse",
        section="kontrol",
        heading=heading,
        check_problems=problems,
        count=count,
        notes=notes,
        failed=dict(wb.previews.failed),
    )


# --- logging in and out -----------------------------------------------------------------------


async def login(request: Request) -> Response:
    wb = workbench(request)
    target = safe_next(request.query_params.get("videre"))
    if wb.password is None or request.session.get("ind"):
        return RedirectResponse(target, 303)
    if request.method == "GET":
        return page(request, "login.html", title="Log ind", target=target, error=None)
    fields = await form(request)
    target = safe_next(fields.get("videre") or target)  # kept when the page is shown again
    client = request.client.host if request.client else "?"
    if wb.throttle.blocked(client):
        error = "For mange forkerte forsøg. Vent fem minutter, og prøv igen."
        return page(request, "login.html", 429, title="Log ind", target=target, error=error)
    given = fields.get("adgangskode")
    if isinstance(given, str) and same_secret(given, wb.password):
        wb.throttle.succeeded(client)
        request.session.clear()
        request.session.update(
            ind=True, csrf=secrets.token_urlsafe(32), id=secrets.token_urlsafe(16)
        )
        return RedirectResponse(target, 303)
    wb.throttle.failed(client)
    await asyncio.sleep(0.5)
    error = "Adgangskoden er forkert. Prøv igen."
    return page(request, "login.html", 401, title="Log ind", target=target, error=error)


async def logout(request: Request) -> Response:
    await form(request)
    request.session.clear()
    return RedirectResponse("/login" if workbench(request).password else "/", 303)


# --- errors -----------------------------------------------------------------------------------

ERRORS = {
    400: ("Forkert forespørgsel", "Adressen eller formularen kan ikke bruges."),
    403: ("Ikke tilladt", CSRF_REFUSED),
    404: (
        "Siden findes ikke",
        "Der er ingen side eller fil på den adresse i værkstedet. Gå til oversigten og vælg "
        "dokumentet dér.",
    ),
    405: ("Ikke tilladt", "Adressen kan ikke bruges sådan."),
    413: ("Filen er for stor", "Filen er større, end værkstedet tager imod."),
}


async def error_page(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    heading, text = ERRORS.get(status, ("Fejl", "Noget gik galt."))
    detail = getattr(exc, "detail", None)
    if status in (403, 413) and isinstance(detail, str) and detail and detail != heading:
        text = detail if len(detail) > 20 else text
    return page(request, "fejl.html", status, title=heading, heading=heading, text=text)


async def bug_page(request: Request, exc: Exception) -> Response:
    """A bug in brevgen: a Danish page and a line in the terminal; the details to a file."""
    import sys
    import traceback

    from brevgen.commands.common import save_details

    where = save_details("".join(traceback.format_exception(exc)))
    print(f"brevgen stødte på en uventet fejl ({request.url.path}). {where}", file=sys.stderr)
    text = f"Det er en fejl i brevgen, ikke i dit indhold. {where}"
    heading = "Der skete en uventet fejl"
    return page(request, "fejl.html", 500, title=heading, heading=heading, text=text)


EXCEPTION_HANDLERS = {HTTPException: error_page, 500: bug_page}

ROUTES = [
    Route("/", overview_page),
    Route("/dokument/{path:path}", document_page),
    Route("/filer/{path:path}", build_file),
    Route("/miniature/{path:path}", thumbnail),
    Route("/side/{path:path}", page_image),
    Route("/begivenheder", events),
    Route("/kontrol", check_page),
    Route("/login", login, methods=["GET", "POST"]),
    Route("/log-ud", logout, methods=["POST"]),
]
