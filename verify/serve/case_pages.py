"""1. Ärendet: the case details, the motion read by upload, its text with every mention
highlighted and linked to its source."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from ..errors import InputError
from ..steps.case import CaseContext, init_case, update_case
from ..steps.documents import list_documents, withdraw_document
from ..steps.extract import extract_document, read_motion
from ..steps.sources import list_sources
from ..tempdirs import temporary_dir
from .desk import (
    MAX_UPLOAD,
    Desk,
    Stale,
    action,
    field_text,
    lang_of,
    page,
    redirect,
    render,
    render_case,
    require_case,
    run_locked,
    without_case,
)
from .words import word

__all__ = ["ROUTES"]

CASE_FIELDS = ("title", "dnr", "date")


@without_case
def case_page(
    request: Request,
    ctx: CaseContext | None,
    *,
    error: str | None = None,
    form: FormData | None = None,
    status: int = 200,
) -> Response:
    lang = lang_of(request)
    if ctx is None:
        return render(request, "case_new.html.j2", current="case",
                      title=word(lang, "page.case"), error=error, form=form,
                      status=status)  # fmt: skip
    documents = list_documents(ctx)
    sources = list_sources(ctx)
    texts = []
    for doc in documents:
        if doc.status == "withdrawn" or not doc.text_sha256:
            continue
        text = ctx.store.objects.read_bytes(doc.text_sha256).decode("utf-8", "replace")
        marks = [
            (m.start, m.end, m.id, s.id, str(s.status))
            for s in sources
            for m in s.mentions
            if m.document_id == doc.id and m.start is not None and m.end is not None
        ]
        texts.append({"document": doc, "segments": segments(text, marks)})
    return render_case(
        request, ctx, "case.html.j2", current="case", title=word(lang, "page.case"),
        error=error, form=form, status=status,
        documents=documents, texts=texts, max_mb=MAX_UPLOAD // (1024 * 1024),
    )  # fmt: skip


def segments(text: str, marks: list[tuple[int, int, str, str, str]]) -> list[dict[str, Any]]:
    """The text cut into plain pieces and mentions (``start``/``end`` offsets); a mention that
    overlaps an earlier one is left out of the highlighting (it is still on its source's
    page)."""
    out: list[dict[str, Any]] = []
    at = 0
    for start, end, mention_id, source_id, status in sorted(marks):
        if start < at or end <= start or end > len(text):
            continue
        if start > at:
            out.append({"text": text[at:start]})
        out.append({"text": text[start:end], "mention": mention_id, "source": source_id,
                    "status": status})  # fmt: skip
        at = end
    if at < len(text):
        out.append({"text": text[at:]})
    return out


@action(case_page)
def init_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    if desk.has_case():
        raise InputError(f"{desk.case_path} already holds a case")
    with desk.lock:
        ctx = init_case(
            desk.case_path,
            title=field_text(form, "title"),
            dnr=field_text(form, "dnr"),
            date=field_text(form, "date"),
            lang=field_text(form, "lang"),
            officer=field_text(form, "officer") or desk.officer,
            clock=desk.clock,
            resolver=desk.resolver,
        )
        ctx.close()
    return redirect(request, "/case", word(lang, "case.created"))


@action(case_page)
def update_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    def work(ctx: CaseContext) -> int:
        current = ctx.case.to_dict()
        for name in CASE_FIELDS:
            seen = form.get(f"was_{name}")
            if seen is not None and (current.get(name) or "") != seen:
                detail = word(lang, "msg.stale.changed", field=word(lang, f"field.{name}"),
                              value=current.get(name) or "")  # fmt: skip
                raise Stale(word(lang, "what.case"), detail)
        changes = {n: field_text(form, n) for n in CASE_FIELDS if n in form}
        changes = {n: v for n, v in changes.items() if v is not None}
        return update_case(ctx, "case edit", **changes)

    count = run_locked(desk, work)
    text = word(lang, "case.saved", n=count) if count else word(lang, "case.unchanged")
    return redirect(request, "/case", text)


_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


def _upload_name(name: str | None) -> str:
    """The uploaded file's own name, without folders or characters a file system refuses."""
    base = Path((name or "").replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).strip(" .")
    return cleaned[:120] or "motion.txt"


@action(case_page)
def upload_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    require_case(desk)
    upload = form.get("document")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InputError(word(lang, "msg.nofile"))
    name = _upload_name(upload.filename)
    with temporary_dir("upload") as tmp:
        path = Path(tmp) / name
        with path.open("wb") as out:
            upload.file.seek(0)
            while chunk := upload.file.read(1024 * 1024):
                out.write(chunk)
        doc = read_motion(path, require_text=True)
        report = run_locked(desk, lambda ctx: extract_document(ctx, path, doc=doc))
    text = word(lang, "doc.read", file=name, n=len(report.new_sources))
    if report.warnings:
        text += " " + " ".join(report.warnings)
    return redirect(request, "/case", text)


@action(case_page)
def withdraw_document_action(request: Request, desk: Desk, form: FormData, lang: str) -> Response:
    document_id = request.path_params["document_id"]
    because = field_text(form, "because") or ""
    run_locked(desk, lambda ctx: withdraw_document(ctx, document_id, because))
    return redirect(request, "/case", word(lang, "doc.withdrawn", id=document_id))


ROUTES: list[tuple[str, Any, list[str]]] = [
    ("/case", page(case_page), ["GET"]),
    ("/case/init", init_action, ["POST"]),
    ("/case/edit", update_action, ["POST"]),
    ("/documents", upload_action, ["POST"]),
    ("/documents/{document_id}/withdraw", withdraw_document_action, ["POST"]),
]
