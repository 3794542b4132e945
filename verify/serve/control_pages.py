"""3. Kontroll: run `check` and `archive` with live progress (server-sent events) and Cancel."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ..errors import UnknownIdError
from ..models import SourceStatus
from ..notes.catalog import t
from ..notes.compose import result_words
from ..steps.archive import ArchiveOutcome, archive_sources
from ..steps.case import CaseContext
from ..steps.check import check_history, check_sources
from ..steps.sources import list_sources
from ..timeutil import parse_date
from .desk import (
    Desk,
    action,
    desk_of,
    field_text,
    lang_of,
    page,
    redirect,
    render_case,
    require_case,
)
from .jobs import Job
from .words import word

__all__ = ["ROUTES", "line_text"]


def control_page(
    request: Request,
    ctx: CaseContext,
    *,
    error: str | None = None,
    form: FormData | None = None,
    status: int = 200,
) -> Response:
    lang = lang_of(request)
    targets = []
    for source in list_sources(ctx, (str(SourceStatus.CONFIRMED),)):
        if not source.url:
            continue
        checks = [c for c in check_history(ctx, source.id) if not c.get("finding")]
        targets.append({"source": source, "last": checks[-1] if checks else None})
    desk = desk_of(request)
    return render_case(
        request, ctx, "control.html.j2", current="control", title=word(lang, "page.control"),
        error=error, form=form, status=status,
        targets=targets, jobs=list(reversed(desk.jobs.all())), running=desk.jobs.running(),
    )  # fmt: skip


def job_page(
    request: Request,
    ctx: CaseContext,
    *,
    error: str | None = None,
    form: FormData | None = None,
    status: int = 200,
) -> Response:
    lang = lang_of(request)
    job = _job(request)
    return render_case(
        request, ctx, "job.html.j2", current="control", title=word(lang, "page.job", id=job.id),
        error=error, form=form, status=status,
        job=job.snapshot(), line_text=lambda line: line_text(lang, line),
    )  # fmt: skip


def _job(request: Request) -> Job:
    job_id = request.path_params["job_id"]
    job = desk_of(request).jobs.get(job_id)
    if job is None:
        raise UnknownIdError("run", job_id, "the Checks page lists the runs since the start")
    return job


def line_text(lang: str, line: dict[str, Any]) -> str:
    """One progress line in words."""
    if line["kind"] == "check":
        method = t(lang, f"method.{line['method']}") if line.get("method") else ""
        return word(lang, "job.line.check", source=line["source"],
                    result=result_words(lang, line.get("status")), method=method,
                    date=line.get("as_of") or "")  # fmt: skip
    if line.get("snapshot"):
        result = f"{line['snapshot']}: {result_words(lang, line.get('status'))}"
        return word(lang, "job.line.archive", source=line["source"], result=result)
    return word(lang, "job.line.archive_error", source=line["source"],
                error=line.get("error") or result_words(lang, line.get("status")))  # fmt: skip


def _check_work(date: str | None):
    def work(ctx: CaseContext, job: Job) -> str:
        def progress(done: int, total: int, result: dict[str, Any], pending: list[str]) -> None:
            job.update(
                done=done, total=total, pending=pending,
                line={"kind": "check", "source": result.get("source"), "id": result.get("id"),
                      "status": result.get("status"), "method": result.get("method"),
                      "as_of": result.get("as_of"), "url": result.get("url")},
            )  # fmt: skip

        run = check_sources(ctx, date=date, progress=progress)
        return " ".join(run.warnings)

    return work


def _archive_work(ctx: CaseContext, job: Job) -> str:
    total = len([s for s in list_sources(ctx, (str(SourceStatus.CONFIRMED),)) if s.url])
    job.update(total=total)

    def progress(outcome: ArchiveOutcome) -> None:
        job.update(
            done=job.done + 1,
            line={"kind": "archive", "source": outcome.source_id, "status": outcome.status,
                  "snapshot": outcome.snapshot.id if outcome.snapshot else None,
                  "error": outcome.error, "url": outcome.url},
        )  # fmt: skip

    archive_sources(ctx, progress=progress)
    return ""


@action(control_page)
def check_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    require_case(desk)
    date = field_text(form, "date")
    if date:
        date = parse_date(date).isoformat()  # a bad date is refused before the run starts
    job = desk.jobs.start("check", _check_work(date))
    return redirect(request, f"/control/jobs/{job.id}")


@action(control_page)
def archive_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    require_case(desk)
    job = desk.jobs.start("archive", _archive_work)
    return redirect(request, f"/control/jobs/{job.id}")


@action(job_page)
def cancel_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    job = _job(request)
    job.cancel.set()
    return redirect(request, f"/control/jobs/{job.id}", word(lang, "job.cancelling"))


async def job_events(request: Request) -> Response:
    """Server-sent events: ``line`` per result, ``state`` with the counts, ``end`` once."""
    lang = lang_of(request)
    try:
        job = _job(request)
    except UnknownIdError as exc:
        return Response(str(exc), status_code=404, media_type="text/plain; charset=utf-8")
    start = int(request.query_params.get("since", "0") or 0)

    async def stream() -> AsyncIterator[str]:
        seen = max(0, start)
        while True:
            snap = job.snapshot(seen)
            for line in snap["lines"]:
                yield _event("line", {"text": line_text(lang, line)})
            seen = snap["count"]
            state = {
                "state": snap["state"], "done": snap["done"], "total": snap["total"],
                "text": word(lang, "job.progress", done=snap["done"], total=snap["total"]),
                "pending": word(lang, "job.pending", urls=", ".join(snap["pending"]))
                if snap["pending"] else "",
            }  # fmt: skip
            yield _event("state", state)
            if snap["state"] != "running":
                summary = word(lang, "job.summary", kind=word(lang, f"job.{snap['kind']}"),
                               state=word(lang, f"job.state.{snap['state']}"),
                               message=snap["message"])  # fmt: skip
                yield _event(
                    "end",
                    {
                        "state": snap["state"],
                        "text": summary.strip(),
                        "state_text": word(lang, f"job.state.{snap['state']}"),
                    },
                )
                return
            if await request.is_disconnected():
                return
            await asyncio.sleep(0.2)

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"X-Accel-Buffering": "no"}
    )


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


ROUTES: list[tuple[str, Any, list[str]]] = [
    ("/control", page(control_page), ["GET"]),
    ("/control/check", check_action, ["POST"]),
    ("/control/archive", archive_action, ["POST"]),
    ("/control/jobs/{job_id}", page(job_page), ["GET"]),
    ("/control/jobs/{job_id}/cancel", cancel_action, ["POST"]),
    ("/control/jobs/{job_id}/events", job_events, ["GET"]),
]
