"""The source register: add, list, show, edit, confirm and reject sources.

Nothing is deleted or silently overwritten: rejecting is a status with a reason, and every edit
is an event that keeps the old value.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError, InvalidValueError
from ..models import SOURCE_EDITABLE_FIELDS, Source, SourceKind, SourceStatus
from ..quantities import parse_quantities
from ..store.register import (
    find_source_by,
    insert_claim,
    insert_source,
    load_source,
    load_sources,
)
from ..timeutil import parse_date
from ..urls import domain_of, normalize_url
from .case import CaseContext

__all__ = [
    "active_source",
    "add_source",
    "merge_sources",
    "confirm_sources",
    "edit_source",
    "get_source",
    "list_sources",
    "reject_source",
]


def _kind(value: str | None) -> SourceKind | None:
    if value is None:
        return None
    try:
        return SourceKind(value.strip().lower())
    except ValueError:
        choices = ", ".join(k.value for k in SourceKind)
        raise InvalidValueError("kind", value, f"choose one of {choices}") from None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _checked_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise user-given source fields (only those present)."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in SOURCE_EDITABLE_FIELDS:
            raise InvalidValueError("field", name, "this field cannot be set")
        if name == "kind":
            out["kind"] = str(_kind(value)) if value is not None else None
        elif name == "url":
            if value is None or not str(value).strip():
                out["url"] = None
                out["domain"] = None
            else:
                out["url"] = normalize_url(value)
                out["domain"] = domain_of(out["url"])
        elif name == "published":
            out["published"] = parse_date(value).isoformat() if value else None
        else:
            out[name] = _clean(value)
    return out


def add_source(
    ctx: CaseContext,
    *,
    url: str | None = None,
    title: str | None = None,
    organisation: str | None = None,
    acronym: str | None = None,
    kind: str | None = None,
    designation: str | None = None,
    publisher: str | None = None,
    author: str | None = None,
    published: str | None = None,
    claims: list[str] | tuple[str, ...] = (),
    note: str | None = None,
) -> Source:
    """Record a source by hand (status confirmed: the officer added it)."""
    given = {
        "url": url,
        "title": title,
        "organisation": organisation,
        "acronym": acronym,
        "kind": kind,
        "designation": designation,
        "publisher": publisher,
        "author": author,
        "published": published,
        "note": note,
    }
    fields = _checked_fields({k: v for k, v in given.items() if v is not None})
    if not any(fields.get(k) for k in ("url", "title", "organisation", "designation", "acronym")):
        raise InputError("a source needs at least a URL, a title, an organisation or a designation")
    claim_texts = [_clean(c) for c in claims]
    if any(not c for c in claim_texts):
        raise InvalidValueError("claim", "", "a claim cannot be empty")
    if fields.get("url"):
        existing = find_source_by(ctx.store, "url", fields["url"])
        if existing:
            raise InputError(
                f"{existing} already has the URL {fields['url']}; "
                f"use `verify source edit {existing}` to change it"
            )
    fields.setdefault("kind", str(SourceKind.OTHER))
    fields["status"] = str(SourceStatus.CONFIRMED)
    args = {k: v for k, v in given.items() if v is not None}
    if claims:
        args["claims"] = list(claims)
    with ctx.store.write(ctx.actor, "source add", args) as writer:
        source_id = insert_source(writer, fields)
        for text in claim_texts:
            assert text is not None
            insert_claim(writer, source_id, text, tuple(parse_quantities(text)))
    return load_source(ctx.store, source_id)


def list_sources(ctx: CaseContext, statuses: tuple[str, ...] | None = None) -> list[Source]:
    """Every source in id order (or only those with the given statuses)."""
    return load_sources(ctx.store, statuses)


def get_source(ctx: CaseContext, source_id: str) -> Source:
    return load_source(ctx.store, source_id)


def edit_source(ctx: CaseContext, source_id: str, changes: dict[str, Any]) -> tuple[Source, int]:
    """Change fields of a source; return it and how many values changed (0: no event)."""
    source = load_source(ctx.store, source_id)
    if not changes:
        raise InputError('say what to change, e.g. --title "..."; see `verify source edit --help`')
    fields = _checked_fields(changes)
    if fields.get("url") and fields["url"] != source.url:
        existing = find_source_by(ctx.store, "url", fields["url"])
        if existing and existing != source.id:
            raise InputError(f"{existing} already has the URL {fields['url']}")
    current = source.to_dict()
    if all(current.get(k) == v for k, v in fields.items()):
        return source, 0
    with ctx.store.write(ctx.actor, "source edit", {"source": source.id, **changes}) as writer:
        writer.update("sources", "id", source.id, fields)
        count = len(writer.changes)
    return load_source(ctx.store, source.id), count


def _set_status(
    ctx: CaseContext, ids: list[str], status: SourceStatus, reason: str | None, command: str
) -> list[Source]:
    sources = [load_source(ctx.store, i) for i in ids]
    args: dict[str, Any] = {"sources": [s.id for s in sources]}
    if reason is not None:
        args["because"] = reason
    with ctx.store.write(ctx.actor, command, args) as writer:
        for source in sources:
            writer.update(
                "sources", "id", source.id, {"status": str(status), "status_reason": reason}
            )
            writer.touch(source.id)
    return [load_source(ctx.store, s.id) for s in sources]


def confirm_sources(
    ctx: CaseContext, ids: list[str] | None = None, *, all_candidates: bool = False
) -> list[Source]:
    """Confirm the named sources, or every candidate with ``all_candidates``."""
    if all_candidates:
        if ids:
            raise InputError("name sources or use --all, not both")
        ids = [s.id for s in load_sources(ctx.store, (str(SourceStatus.CANDIDATE),))]
        if not ids:
            return []
    if not ids:
        raise InputError("name the sources to confirm (e.g. S1 S2) or use --all")
    return _set_status(ctx, ids, SourceStatus.CONFIRMED, None, "source confirm")


def reject_source(ctx: CaseContext, source_id: str, because: str) -> Source:
    """Mark a source rejected with the reason; it stays in the register."""
    reason = _clean(because)
    if not reason:
        raise InputError('say why the source is rejected: --because "..."')
    return _set_status(ctx, [source_id], SourceStatus.REJECTED, reason, "source reject")[0]


def active_source(ctx: CaseContext, source_id: str) -> Source:
    """The source with this id, refusing one that was merged into another."""
    source = load_source(ctx.store, source_id)
    if source.status == SourceStatus.MERGED:
        raise InputError(
            f"{source.id} was merged into {source.merged_into}; use {source.merged_into}"
        )
    return source


#: Tables whose rows belong to a source and move with it when it is merged.
_MOVING = ("mentions", "claims", "checks", "snapshots", "findings", "searches")


def merge_sources(ctx: CaseContext, source_id: str, into: str) -> Source:
    """Merge ``source_id`` into ``into`` (the same work cited twice).

    Its mentions, claims, checks, snapshots, findings and searches move to ``into``; the
    merged source stays in the register with status ``merged`` and a pointer to ``into``.
    Its verdicts stay with it, as history. Nothing is deleted.
    """
    source = active_source(ctx, source_id)
    target = active_source(ctx, into)
    if source.id == target.id:
        raise InputError("a source cannot be merged into itself")
    args = {"source": source.id, "into": target.id}
    with ctx.store.write(ctx.actor, "source merge", args) as writer:
        for table in _MOVING:
            rows = writer.execute(
                f"SELECT id FROM {table} WHERE source_id = ? "
                "ORDER BY CAST(substr(id, 2) AS INTEGER)",
                (source.id,),
            ).fetchall()
            for row in rows:
                writer.update(table, "id", row["id"], {"source_id": target.id})
        writer.update(
            "sources",
            "id",
            source.id,
            {
                "status": str(SourceStatus.MERGED),
                "status_reason": f"the same source as {target.id}",
                "merged_into": target.id,
            },
        )
        writer.touch(source.id, target.id)
    return load_source(ctx.store, target.id)
