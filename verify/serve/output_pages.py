"""5. Anteckning (the note previewed and downloaded, the report) and 6. Granskning (the
audit, the event log, the WACZ export)."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ..errors import InvalidValueError, VerifyError
from ..notes.model import PARTS
from ..notes.render import FORMATS, render
from ..steps.audit import audit_case
from ..steps.case import CaseContext, event_log, verify_log
from ..steps.note import build_note, note_file_stem, write_notes
from ..steps.report import write_report
from ..steps.wacz import export_wacz
from .desk import desk_of, lang_of, message_for, page, render_case, require_case, show, status_for
from .security import VIEW_CSP
from .words import word

__all__ = ["ROUTES"]

#: The formats an officer downloads (json is for programs: `verify note --format json`).
DOWNLOADS = ("docx", "md", "txt", "html")
MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}
VIEW_HEADERS = {"Content-Security-Policy": VIEW_CSP, "X-Frame-Options": "SAMEORIGIN"}


def _choice(request: Request, name: str, choices: tuple[str, ...], default: str) -> str:
    value = request.query_params.get(name) or default
    if value not in choices:
        raise InvalidValueError(name, value, f"choose one of {', '.join(choices)}")
    return value


def note_page(
    request: Request,
    ctx: CaseContext,
    *,
    error: str | None = None,
    form: FormData | None = None,
    status: int = 200,
) -> Response:
    lang = lang_of(request)
    note_lang = _choice(request, "lang", ("sv", "en"), ctx.case.lang or "sv")
    part = _choice(request, "part", PARTS, "both")
    return render_case(
        request, ctx, "note.html.j2", current="note", title=word(lang, "page.note"),
        error=error, form=form, status=status, note_lang=note_lang,
        part=part, parts=PARTS, downloads=DOWNLOADS,
    )  # fmt: skip


def note_preview(request: Request) -> Response:
    desk = desk_of(request)
    require_case(desk)
    with desk.open() as ctx:
        lang = _choice(request, "lang", ("sv", "en"), ctx.case.lang or "sv")
        part = _choice(request, "part", PARTS, "both")
        body = render(build_note(ctx, lang=lang), "html", part)
    return Response(body, media_type=MEDIA["html"], headers=VIEW_HEADERS)


def note_download(request: Request) -> Response:
    """The note written into reports/ by the same step as `verify note`, then sent."""
    desk = desk_of(request)
    require_case(desk)
    with desk.open() as ctx:
        lang = _choice(request, "lang", ("sv", "en"), ctx.case.lang or "sv")
        part = _choice(request, "part", PARTS, "both")
        fmt = _choice(request, "fmt", FORMATS, "docx")
        files = write_notes(ctx, lang=lang, fmt=fmt, part=part)
    return FileResponse(files.combined, media_type=MEDIA[fmt], filename=files.combined.name)


def report(request: Request) -> Response:
    """The auditor's report (`verify report`), shown on its own or downloaded."""
    desk = desk_of(request)
    require_case(desk)
    with desk.open() as ctx:
        lang = _choice(request, "lang", ("sv", "en"), ctx.case.lang or "sv")
        out = ctx.reports_dir / ("report.html" if lang == (ctx.case.lang or "sv")
                                 else f"report-{lang}.html")  # fmt: skip
        path = write_report(ctx, out, lang=lang)
    if request.query_params.get("download"):
        return FileResponse(path, media_type=MEDIA["html"], filename=path.name)
    return Response(path.read_bytes(), media_type=MEDIA["html"], headers=VIEW_HEADERS)


def audit_page(
    request: Request,
    ctx: CaseContext,
    *,
    error: str | None = None,
    form: FormData | None = None,
    status: int = 200,
) -> Response:
    lang = lang_of(request)
    audit = audit_case(ctx).to_dict()
    return render_case(
        request, ctx, "audit.html.j2", current="audit", title=word(lang, "page.audit"),
        error=error, form=form, status=status, audit=audit,
        chain=verify_log(ctx).to_dict(), events=[e.to_dict() for e in event_log(ctx)],
    )  # fmt: skip


def wacz(request: Request) -> Response:
    """Every snapshot as one WACZ (`verify export --wacz`), into reports/, then sent."""
    desk = desk_of(request)
    require_case(desk)
    with desk.open() as ctx:
        stem = note_file_stem(ctx, ctx.case.date or "case", ctx.case.lang or "sv")
        out = ctx.reports_dir / f"{stem}.wacz"
        export_wacz(ctx, out)
    return FileResponse(out, media_type="application/wacz", filename=out.name)


def _file_route(func: Any, back: Any) -> Any:
    """A GET route that makes a file; an error shows the page ``back`` with the message."""

    async def endpoint(request: Request) -> Response:
        try:
            return await run_in_threadpool(func, request)
        except VerifyError as exc:
            message = message_for(exc, lang_of(request))
            return await run_in_threadpool(
                show, request, back, error=message, status=status_for(exc)
            )

    return endpoint


ROUTES: list[tuple[str, Any, list[str]]] = [
    ("/note", page(note_page), ["GET"]),
    ("/note/preview", _file_route(note_preview, note_page), ["GET"]),
    ("/note/download", _file_route(note_download, note_page), ["GET"]),
    ("/report", _file_route(report, note_page), ["GET"]),
    ("/audit", page(audit_page), ["GET"]),
    ("/audit/wacz", _file_route(wacz, audit_page), ["GET"]),
]
