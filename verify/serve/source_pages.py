"""2. Källor: the register (confirm, reject with a reason, add by hand) and each source's page
(mentions, claims, checks, saved copies in a safe view, findings, searches, the assessment in
words, edit, merge, and the verdict form)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from ..errors import InputError, VerifyError
from ..evidence.records import Verdict
from ..models import INACTIVE_STATUSES, SOURCE_EDITABLE_FIELDS, SourceKind, SourceStatus
from ..notes.catalog import t
from ..steps.case import CaseContext
from ..steps.check import check_history
from ..steps.documents import list_documents
from ..steps.evidence import assess, list_findings, list_searches, record_verdict
from ..steps.report import SAFE_VIEW_LIMIT
from ..steps.snapshots import ViewTooLarge, list_snapshots, open_snapshot, snapshot_text
from ..steps.sources import (
    add_source,
    confirm_sources,
    edit_source,
    get_source,
    list_sources,
    merge_sources,
    reject_source,
)
from ..tempdirs import temporary_dir
from .desk import (
    Desk,
    Stale,
    action,
    desk_of,
    field_text,
    lang_of,
    message_for,
    page,
    redirect,
    render_case,
    run_locked,
    status_for,
)
from .security import VIEW_CSP
from .words import word

__all__ = ["ROUTES", "seen_status"]

KINDS = tuple(k.value for k in SourceKind)
VERDICTS = tuple(v.value for v in Verdict)


def sources_page(
    request: Request,
    ctx: CaseContext,
    *,
    error: str | None = None,
    form: FormData | None = None,
    status: int = 200,
) -> Response:
    lang = lang_of(request)
    sources = list_sources(ctx)
    verdicts = {a.source.id: a.verdict for a in assess(ctx)}
    return render_case(
        request, ctx, "sources.html.j2", current="sources", title=word(lang, "page.sources"),
        error=error, form=form, status=status,
        sources=sources, verdicts=verdicts, kinds=KINDS,
        candidates=[s.id for s in sources if s.status == SourceStatus.CANDIDATE],
    )  # fmt: skip


def source_page(
    request: Request,
    ctx: CaseContext,
    *,
    error: str | None = None,
    form: FormData | None = None,
    status: int = 200,
) -> Response:
    lang = lang_of(request)
    source = get_source(ctx, request.path_params["source_id"])
    documents = {d.id: d.file_name for d in list_documents(ctx)}
    checks = check_history(ctx, source.id)
    findings = list_findings(ctx, source.id)
    assessment = None
    if source.status != SourceStatus.MERGED:
        assessment = assess(ctx, [source.id])[0].to_dict()
    others = [s for s in list_sources(ctx)
              if s.id != source.id and str(s.status) not in INACTIVE_STATUSES]  # fmt: skip
    return render_case(
        request, ctx, "source.html.j2", current="sources",
        title=word(lang, "page.source", id=source.id), error=error, form=form, status=status,
        s=source, documents=documents,
        checks=[c for c in checks if not c.get("finding")],
        finding_checks=[c for c in checks if c.get("finding")],
        snapshots=list_snapshots(ctx, source.id), findings=findings,
        searches=list_searches(ctx, source.id), a=assessment, others=others, kinds=KINDS,
        verdicts=VERDICTS, fields=SOURCE_EDITABLE_FIELDS,
    )  # fmt: skip


def seen_status(ctx: CaseContext, source_id: str, form: FormData, lang: str) -> None:
    """Refuse a form made while the source had another status than it has now."""
    seen = form.get("was_status")
    source = get_source(ctx, source_id)
    if seen is not None and seen != str(source.status):
        status = word_status(lang, str(source.status))
        raise Stale(
            word(lang, "what.source", id=source.id), word(lang, "msg.stale.status", status=status)
        )


def word_status(lang: str, status: str) -> str:
    return t(lang, f"status.{status}")


@action(sources_page)
def add_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    claim = field_text(form, "claim")
    values = {name: field_text(form, name) for name in SOURCE_EDITABLE_FIELDS}
    source = run_locked(
        desk,
        lambda ctx: add_source(
            ctx,
            url=values["url"],
            title=values["title"],
            organisation=values["organisation"],
            acronym=values["acronym"],
            kind=values["kind"],
            designation=values["designation"],
            publisher=values["publisher"],
            author=values["author"],
            published=values["published"],
            note=values["note"],
            claims=[claim] if claim else [],
        ),  # fmt: skip
    )
    return redirect(request, f"/sources/{source.id}", word(lang, "src.added", id=source.id))


@action(sources_page)
def confirm_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    source_id = request.path_params["source_id"]

    def work(ctx: CaseContext) -> Any:
        seen_status(ctx, source_id, form, lang)
        return confirm_sources(ctx, [source_id])

    done = run_locked(desk, work)
    ids = ", ".join(s.id for s in done)
    return redirect(request, _back(form, "/sources"), word(lang, "src.confirmed", ids=ids))


@action(sources_page)
def confirm_all_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    seen = [i for i in str(form.get("was_candidates") or "").split() if i]

    def work(ctx: CaseContext) -> Any:
        now = [s.id for s in list_sources(ctx, (str(SourceStatus.CANDIDATE),))]
        if now != seen:
            raise Stale(word(lang, "page.sources"), ", ".join(now) or "–")
        return confirm_sources(ctx, all_candidates=True)

    done = run_locked(desk, work)
    ids = ", ".join(s.id for s in done) or "–"
    return redirect(request, "/sources", word(lang, "src.confirmed", ids=ids))


@action(sources_page)
def reject_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    source_id = request.path_params["source_id"]
    because = field_text(form, "because") or ""

    def work(ctx: CaseContext) -> Any:
        seen_status(ctx, source_id, form, lang)
        return reject_source(ctx, source_id, because)

    source = run_locked(desk, work)
    return redirect(request, _back(form, "/sources"), word(lang, "src.rejected", id=source.id))


@action(source_page)
def edit_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    source_id = request.path_params["source_id"]

    def work(ctx: CaseContext) -> Any:
        current = get_source(ctx, source_id).to_dict()
        changes: dict[str, Any] = {}
        for name in SOURCE_EDITABLE_FIELDS:
            if name not in form:
                continue
            seen = form.get(f"was_{name}")
            if seen is not None and str(current.get(name) or "") != seen:
                detail = word(lang, "msg.stale.changed", field=word(lang, f"src.field.{name}"),
                              value=current.get(name) or "")  # fmt: skip
                raise Stale(word(lang, "what.source", id=source_id), detail)
            value = field_text(form, name)
            if (value or None) != (current.get(name) or None):
                changes[name] = value
        if not changes:
            return None, 0
        return edit_source(ctx, source_id, changes)

    _, count = run_locked(desk, work)
    text = word(lang, "src.edited", id=source_id, n=count) if count else word(lang, "src.unchanged")
    return redirect(request, f"/sources/{source_id}", text)


@action(source_page)
def merge_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    source_id = request.path_params["source_id"]
    into = field_text(form, "into")
    if not into:
        raise InputError(word(lang, "msg.need_into"))

    def work(ctx: CaseContext) -> Any:
        seen_status(ctx, source_id, form, lang)
        return merge_sources(ctx, source_id, into)

    target = run_locked(desk, work)
    return redirect(
        request, f"/sources/{target.id}", word(lang, "src.merged", id=source_id, into=target.id)
    )


@action(source_page)
def verdict_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    source_id = request.path_params["source_id"]
    chosen = field_text(form, "verdict") or ""
    because = field_text(form, "because") or ""
    seen = str(form.get("was_verdict") or "")

    def work(ctx: CaseContext) -> Any:
        current = assess(ctx, [source_id])[0].verdict
        if (current.id if current else "") != seen:
            assert current is not None
            detail = word(lang, "msg.stale.verdict",
                          verdict=t(lang, f"verdict.label.{current.verdict}"),
                          by=current.actor)  # fmt: skip
            raise Stale(word(lang, "what.source", id=source_id), detail)
        return record_verdict(ctx, source_id, chosen, because)

    run_locked(desk, work)
    return redirect(
        request, f"/sources/{source_id}#verdict", word(lang, "src.verdict.saved", id=source_id)
    )


def snapshot_view(request: Request) -> Response:
    """An archived page, cleaned (no scripts, nothing external), for a sandboxed frame only."""
    desk = desk_of(request)
    snapshot_id = request.path_params["snapshot_id"]
    headers = {"Content-Security-Policy": VIEW_CSP, "X-Frame-Options": "SAMEORIGIN"}
    with desk.open() as ctx, temporary_dir("view") as tmp:
        try:
            path = open_snapshot(ctx, snapshot_id, Path(tmp) / "view.html",
                                 max_html=SAFE_VIEW_LIMIT)  # fmt: skip
        except ViewTooLarge:
            text = snapshot_text(ctx, snapshot_id)
            return Response(text, media_type="text/plain; charset=utf-8", headers=headers)
        body = path.read_bytes()
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)


def _back(form: FormData, default: str) -> str:
    """Where to go after an action: a page of the desk the form named, else ``default``."""
    target = str(form.get("back") or "")
    return target if target.startswith("/") and not target.startswith("//") else default


async def _snapshot_view(request: Request) -> Response:
    try:
        return await run_in_threadpool(snapshot_view, request)
    except VerifyError as exc:
        return Response(message_for(exc, lang_of(request)), status_code=status_for(exc),
                        media_type="text/plain; charset=utf-8")  # fmt: skip


ROUTES: list[tuple[str, Any, list[str]]] = [
    ("/sources", page(sources_page), ["GET"]),
    ("/sources", add_action, ["POST"]),
    ("/sources/confirm-all", confirm_all_action, ["POST"]),
    ("/sources/{source_id}", page(source_page), ["GET"]),
    ("/sources/{source_id}/confirm", confirm_action, ["POST"]),
    ("/sources/{source_id}/reject", reject_action, ["POST"]),
    ("/sources/{source_id}/edit", edit_action, ["POST"]),
    ("/sources/{source_id}/merge", merge_action, ["POST"]),
    ("/sources/{source_id}/verdict", verdict_action, ["POST"]),
    ("/snapshots/{snapshot_id}/view", _snapshot_view, ["GET"]),
]
