"""The documents of a case (the motion, its attachments): list them, withdraw one.

Withdrawing is an event, nothing is deleted: the document stays in the store with the reason;
candidate sources found only in it leave the register (status ``withdrawn``), while confirmed
sources stay, since the officer accepted them, and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..models import Document, SourceStatus
from ..store.register import load_document_by_id, load_documents, load_sources
from .case import CaseContext

__all__ = ["WithdrawReport", "list_documents", "withdraw_document"]


@dataclass
class WithdrawReport:
    """What withdrawing a document did to the sources found in it."""

    document: Document
    withdrawn_sources: list[str] = field(default_factory=list)
    kept_sources: list[str] = field(default_factory=list)  # confirmed: they stay

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_dict(),
            "withdrawn_sources": self.withdrawn_sources,
            "kept_sources": self.kept_sources,
        }


def list_documents(ctx: CaseContext) -> list[Document]:
    """Every document of the case, oldest first (withdrawn ones too, marked)."""
    return load_documents(ctx.store)


def withdraw_document(ctx: CaseContext, document_id: str, because: str) -> WithdrawReport:
    """Withdraw a document read by mistake (a wrong file, a duplicate)."""
    document = load_document_by_id(ctx.store, document_id)
    reason = " ".join((because or "").split())
    if not reason:
        raise InputError('say why the document is withdrawn: --because "..."')
    if document.status == "withdrawn":
        raise InputError(f"{document.id} is already withdrawn ({document.status_reason})")
    withdrawn: list[str] = []
    kept: list[str] = []
    for source in load_sources(ctx.store):
        docs = {m.document_id for m in source.mentions}
        if document.id not in docs:
            continue
        others = docs - {document.id, None}
        live_others = [
            d for d in others if d and load_document_by_id(ctx.store, d).status != "withdrawn"
        ]
        if source.status == SourceStatus.CANDIDATE and not live_others:
            withdrawn.append(source.id)
        elif source.status == SourceStatus.CONFIRMED:
            kept.append(source.id)
    args = {"document": document.id, "because": reason, "sources": withdrawn}
    with ctx.store.write(ctx.actor, "document withdraw", args) as writer:
        writer.update(
            "documents", "id", document.id, {"status": "withdrawn", "status_reason": reason}
        )
        for source_id in withdrawn:
            writer.update(
                "sources",
                "id",
                source_id,
                {
                    "status": str(SourceStatus.WITHDRAWN),
                    "status_reason": f"found only in {document.id}, which was withdrawn: {reason}",
                },
            )
    return WithdrawReport(load_document_by_id(ctx.store, document.id), withdrawn, kept)
