"""The contracts pages: upload a register, follow the run, read the report, download."""

from __future__ import annotations

import re
import shutil

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from brevgen.errors import BrevgenError
from brevgen.output import zip_entries

from .jobs import Job
from .pages import MEDIA_TYPES, form, page, session_id, workbench
from .security import CSRF_REFUSED, TooLarge, csrf_ok, inside, limited

UPLOAD_LIMIT = 20 * 2**20  # bytes; a register of 10,000 rows is 1–2 MB
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def _rounds(request: Request) -> list:
    """The rounds with a contract text, of the last content that loaded."""
    from brevgen.plans.contracts import has_contract

    project = workbench(request).previews.project
    return [r for r in project.rounds.values() if has_contract(r)] if project else []


def upload_name(filename: str | None) -> str:
    """The uploaded file's own name (its messages name it), made safe as a file name."""
    name = re.split(r"[/\\]", filename or "")[-1]
    return _UNSAFE_NAME.sub("_", name).strip(" .")[-100:] or "register.xlsx"


def _contracts_page(request: Request, code: int = 200, error: str | None = None) -> Response:
    wb = workbench(request)
    jobs = wb.jobs.of(session_id(request))
    return page(
        request,
        "kontrakter.html",
        code,
        title="Kontrakter",
        section="kontrakter",
        rounds=_rounds(request),
        jobs=jobs,
        error=error,
        limit_mb=UPLOAD_LIMIT // 2**20,
    )


async def contracts_page(request: Request) -> Response:
    if request.method == "POST":
        return await _upload(request)
    return _contracts_page(request)


async def _upload(request: Request) -> Response:
    from brevgen.contracts.sources import kind_of

    wb = workbench(request)
    try:
        data = await limited(request, UPLOAD_LIMIT).form(max_files=1, max_fields=5)
    except TooLarge:
        return _contracts_page(
            request,
            413,
            f"Filen er større end {UPLOAD_LIMIT // 2**20} MB. Et kontraktregister fylder "
            "sjældent mere end et par MB; gem det igen i Excel, og prøv igen.",
        )
    if not csrf_ok(request, data.get("csrf")):
        raise HTTPException(403, CSRF_REFUSED)
    rounds = {r.id: r for r in _rounds(request)}
    round_id = data.get("runde")
    upload = data.get("register")
    if round_id not in rounds:
        return _contracts_page(request, 400, "Vælg en runde med en kontrakttekst.")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _contracts_page(request, 400, "Vælg kontraktregistret (en .xlsx-fil), og prøv igen.")
    folder = wb.jobs.folder()
    workbook = folder / upload_name(upload.filename)
    try:
        with workbook.open("wb") as target:
            shutil.copyfileobj(upload.file, target)
        with workbook.open("rb") as handle:
            kind_of(handle, workbook)  # a spreadsheet, and no zip bomb, before any parsing
    except BrevgenError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return _contracts_page(request, 422, str(exc.problems[0]))
    finally:
        await upload.close()
    job = wb.jobs.start(session_id(request), round_id, folder, workbook)
    return RedirectResponse(f"/kontrakter/{job.id}", 303)


async def blank_register(request: Request) -> Response:
    from brevgen.contracts.blank import blank_register_bytes
    from brevgen.contracts.round_terms import round_terms

    rounds = {r.id: r for r in _rounds(request)}
    rnd = rounds.get(request.path_params["round_id"])
    if rnd is None:
        raise HTTPException(404)
    project = workbench(request).previews.project
    data = blank_register_bytes(round_terms(project, rnd), stamp=rnd.info.period.start)
    return Response(
        data,
        media_type=MEDIA_TYPES[".xlsx"],
        headers={"Content-Disposition": f'attachment; filename="kontraktregister-{rnd.id}.xlsx"'},
    )


def _job(request: Request) -> Job:
    job = workbench(request).jobs.get(request.path_params["job_id"], session_id(request))
    if job is None:
        raise HTTPException(404)
    return job


async def job_page(request: Request) -> Response:
    job = _job(request)
    return page(
        request,
        "kontraktjob.html",
        title=f"Kontrakter fra {job.workbook.name}",
        section="kontrakter",
        events=f"/kontrakter/{job.id}/begivenheder",
        job=job,
        report=report(job),
    )


def report(job: Job) -> dict | None:
    """The outcome as the page shows it: every row, the frames, the counts."""
    from brevgen.contracts.frame import kr
    from brevgen.contracts.outcome import Issued

    outcome = job.outcome
    if outcome is None:
        return None
    files = set(job.files())
    rows = []
    for result in outcome.rows():
        request = result.request
        issued = isinstance(result, Issued)
        amount = getattr(request, "amount", None)
        rows.append(
            {
                "row": result.row,
                "case": result.case_no or "",
                "status": result.status,
                "provider": result.provider.kortnavn
                if issued
                else getattr(request, "provider", ""),
                "year": result.budget_year.short_label() if issued and result.budget_year else "",
                "amount": kr(amount) if amount is not None else "",
                "reasons": [] if issued else [str(p) for p in result.reasons],
                "warnings": [str(p) for p in result.warnings],
                "files": [f"{result.slug}{s}" for s in (".pdf", ".docx")] if issued else [],
            }
        )
    for row in rows:
        row["files"] = [name for name in row["files"] if name in files]
    frames = [
        {
            "provider": f.provider.kortnavn,
            "year": f.year.short_label(),
            "period": f.year.label(),
            "frame": kr(f.frame),
            "committed": kr(f.committed),
            "used": kr(f.used),
            "remaining": kr(f.remaining),
            "warning": f.warning or "",
        }
        for f in outcome.frames
    ]
    return {"rows": rows, "frames": frames, "counts": outcome.counts, "notes": outcome.notes}


async def job_events(request: Request) -> Response:
    job = _job(request)
    return workbench(request).hub.response(f"job:{job.id}")


async def job_zip(request: Request) -> Response:
    job = _job(request)
    names = job.files()
    if not names:
        raise HTTPException(404)
    data = zip_entries({name: (job.out / name).read_bytes() for name in names})
    return Response(
        data,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="kontrakter-{job.round_id}.zip"',
        },
    )


async def job_file(request: Request) -> Response:
    job = _job(request)
    name = request.path_params["name"]
    file = inside(job.out, name) if name in job.files() else None
    if file is None:
        raise HTTPException(404)
    return FileResponse(
        file, media_type=MEDIA_TYPES.get(file.suffix, "application/octet-stream"), filename=name
    )


async def job_delete(request: Request) -> Response:
    await form(request)
    job = _job(request)
    workbench(request).jobs.delete(job)
    return RedirectResponse("/kontrakter", 303)


ROUTES = [
    Route("/kontrakter", contracts_page, methods=["GET", "POST"]),
    Route("/kontrakter/tomt-register/{round_id}", blank_register),
    Route("/kontrakter/{job_id}", job_page),
    Route("/kontrakter/{job_id}/begivenheder", job_events),
    Route("/kontrakter/{job_id}/kontrakter.zip", job_zip),
    Route("/kontrakter/{job_id}/fil/{name}", job_file),
    Route("/kontrakter/{job_id}/slet", job_delete, methods=["POST"]),
]
