"""4. Underlag: add a finding (URL, quote, text), record a manual search, withdraw a finding."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from ..errors import InputError
from ..evidence.records import FindingKind
from ..models import INACTIVE_STATUSES
from ..notes.catalog import t
from ..notes.compose import result_words
from ..steps.case import CaseContext
from ..steps.evidence import (
    add_finding,
    list_findings,
    list_searches,
    record_manual_search,
    withdraw_finding,
)
from ..steps.sources import list_sources
from .desk import (
    Desk,
    Stale,
    action,
    field_text,
    lang_of,
    page,
    redirect,
    render_case,
    run_locked,
)
from .words import word

__all__ = ["ROUTES"]

FINDING_KINDS = tuple(k.value for k in FindingKind)


def evidence_page(
    request: Request,
    ctx: CaseContext,
    *,
    error: str | None = None,
    form: FormData | None = None,
    status: int = 200,
) -> Response:
    lang = lang_of(request)
    sources = [s for s in list_sources(ctx) if str(s.status) not in INACTIVE_STATUSES]
    chosen = (form.get("source") if form else None) or request.query_params.get("source")
    return render_case(
        request, ctx, "evidence.html.j2", current="evidence", title=word(lang, "page.evidence"),
        error=error, form=form, status=status,
        sources=sources, chosen=chosen, findings=list_findings(ctx),
        searches=list_searches(ctx), finding_kinds=FINDING_KINDS,
    )  # fmt: skip


def _source(form: FormData, lang: str) -> str:
    source_id = field_text(form, "source")
    if not source_id:
        raise InputError(word(lang, "msg.need_source"))
    return source_id


@action(evidence_page)
def add_finding_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    source_id = _source(form, lang)
    kind = field_text(form, "kind")
    out = run_locked(
        desk,
        lambda ctx: add_finding(
            ctx,
            source_id,
            field_text(form, "text"),
            url=field_text(form, "url"),
            quote=field_text(form, "quote"),
            kind=kind,
        ),  # fmt: skip
    )
    finding = out["finding"]
    parts = [word(lang, "ev.added", id=finding["id"])]
    if out.get("check"):
        parts.append(
            word(lang, "ev.added.check", result=result_words(lang, out["check"]["status"]))
        )
    if out.get("snapshot"):
        parts.append(word(lang, "ev.added.snapshot", id=out["snapshot"]["id"]))
    elif out.get("not_archived"):
        parts.append(word(lang, "ev.added.noarchive", why=out["not_archived"]))
    match = out.get("quote_match")
    if match:
        parts.append(word(lang, "ev.added.quote", match=t(lang, f"match.{match['match']}")))
    return redirect(request, f"/evidence?source={source_id}", " ".join(parts))


@action(evidence_page)
def search_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    source_id = _source(form, lang)
    found = [u.strip() for u in str(form.get("found") or "").splitlines() if u.strip()]
    search = run_locked(
        desk,
        lambda ctx: record_manual_search(
            ctx,
            source_id,
            engine=field_text(form, "engine") or "",
            query=field_text(form, "query") or "",
            found=found,
            date=field_text(form, "date"),
        ),  # fmt: skip
    )
    return redirect(request, f"/evidence?source={source_id}",
                    word(lang, "ev.searched", id=search.id))  # fmt: skip


@action(evidence_page)
def withdraw_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    finding_id = request.path_params["finding_id"]
    because = field_text(form, "because") or ""

    def work(ctx: CaseContext) -> Any:
        current = next((f for f in list_findings(ctx) if f.id == finding_id.upper()), None)
        seen = form.get("was_status")
        if current is not None and seen is not None and current.status != seen:
            raise Stale(
                word(lang, "what.finding", id=current.id),
                word(lang, "ev.status.withdrawn", reason=current.status_reason or ""),
            )
        return withdraw_finding(ctx, finding_id, because)

    finding = run_locked(desk, work)
    return redirect(request, f"/evidence?source={finding.source_id}",
                    word(lang, "ev.withdrawn", id=finding.id))  # fmt: skip


ROUTES: list[tuple[str, Any, list[str]]] = [
    ("/evidence", page(evidence_page), ["GET"]),
    ("/findings", add_finding_action, ["POST"]),
    ("/searches", search_action, ["POST"]),
    ("/findings/{finding_id}/withdraw", withdraw_action, ["POST"]),
]
