"""Findings, searches with their results, and verdicts in the store (append-only rows)."""

from __future__ import annotations

import json
from typing import Any

from ..evidence.records import (
    Finding,
    FindingKind,
    Search,
    SearchResult,
    Verdict,
    VerdictRecord,
)
from .db import Store, Writer

__all__ = [
    "insert_finding",
    "insert_search",
    "insert_verdict",
    "load_findings",
    "load_search_result",
    "load_searches",
    "load_snapshots",
    "load_verdicts",
]

_ORDER = "ORDER BY CAST(substr(id, 2) AS INTEGER)"


def insert_finding(writer: Writer, fields: dict[str, Any]) -> str:
    """Add a finding (F1, F2, ...) and return its id."""
    finding_id = writer.next_id("F")
    row = {"id": finding_id, "created_at": writer.now}
    for name in ("source_id", "kind", "text", "url", "quote", "criterion", "search_result_id"):
        row[name] = fields.get(name)
    row["actor"] = fields["actor"]
    writer.insert("findings", row)
    writer.touch(fields["source_id"], finding_id)
    return finding_id


def _finding(row: Any) -> Finding:
    return Finding(
        id=row["id"],
        source_id=row["source_id"],
        kind=FindingKind(row["kind"]),
        text=row["text"],
        url=row["url"],
        quote=row["quote"],
        criterion=row["criterion"],
        search_result_id=row["search_result_id"],
        created_at=row["created_at"],
        actor=row["actor"],
        status=row["status"],
        status_reason=row["status_reason"],
    )


def load_findings(
    store: Store,
    source_id: str | None = None,
    finding_id: str | None = None,
    *,
    include_withdrawn: bool = True,
) -> list[Finding]:
    """Findings oldest first (of one source, or the one with ``finding_id``)."""
    if finding_id is not None:
        rows = store.query("SELECT * FROM findings WHERE id = ?", (finding_id,))
    elif source_id is not None:
        rows = store.query(f"SELECT * FROM findings WHERE source_id = ? {_ORDER}", (source_id,))
    else:
        rows = store.query(f"SELECT * FROM findings {_ORDER}")
    found = [_finding(r) for r in rows]
    return found if include_withdrawn else [f for f in found if f.status != "withdrawn"]


def insert_search(
    writer: Writer, search: dict[str, Any], results: list[dict[str, Any]]
) -> tuple[str, list[str]]:
    """Add a search (Q1, ...) and its results (R1, ...); return their ids."""
    search_id = writer.next_id("Q")
    row = {"id": search_id, "searched_at": writer.now}
    for name in ("source_id", "query", "endpoint", "as_of", "status", "error", "response_sha256"):
        row[name] = search.get(name)
    writer.insert("searches", row)
    ids = []
    for rank, result in enumerate(results, start=1):
        result_id = writer.next_id("R")
        writer.insert(
            "search_results",
            {
                "id": result_id,
                "search_id": search_id,
                "rank": rank,
                "url": result["url"],
                "title": result.get("title"),
                "snippet": result.get("snippet"),
                "engine": result.get("engine"),
                "published": result.get("published"),
            },
        )
        ids.append(result_id)
    writer.touch(search["source_id"], search_id)
    return search_id, ids


def _result(row: Any) -> SearchResult:
    return SearchResult(
        id=row["id"],
        search_id=row["search_id"],
        rank=row["rank"],
        url=row["url"],
        title=row["title"],
        snippet=row["snippet"],
        engine=row["engine"],
        published=row["published"],
    )


def load_searches(store: Store, source_id: str | None = None) -> list[Search]:
    """Searches oldest first, each with its results in rank order."""
    if source_id is None:
        rows = store.query(f"SELECT * FROM searches {_ORDER}")
    else:
        rows = store.query(f"SELECT * FROM searches WHERE source_id = ? {_ORDER}", (source_id,))
    out = []
    for row in rows:
        results = store.query(
            "SELECT * FROM search_results WHERE search_id = ? ORDER BY rank", (row["id"],)
        )
        out.append(
            Search(
                id=row["id"],
                source_id=row["source_id"],
                query=row["query"],
                endpoint=row["endpoint"],
                searched_at=row["searched_at"],
                as_of=row["as_of"],
                status=row["status"],
                error=row["error"],
                response_sha256=row["response_sha256"],
                results=tuple(_result(r) for r in results),
            )
        )
    return out


def load_search_result(store: Store, result_id: str) -> tuple[SearchResult, str] | None:
    """A search result and the source its search was for."""
    rows = store.query(
        "SELECT r.*, s.source_id AS source_id FROM search_results r "
        "JOIN searches s ON s.id = r.search_id WHERE r.id = ?",
        (result_id,),
    )
    return (_result(rows[0]), rows[0]["source_id"]) if rows else None


def insert_verdict(writer: Writer, fields: dict[str, Any]) -> str:
    """Record the officer's verdict (V1, ...) with the suggestion in force at that moment."""
    verdict_id = writer.next_id("V")
    writer.insert(
        "verdicts",
        {
            "id": verdict_id,
            "source_id": fields["source_id"],
            "verdict": fields["verdict"],
            "because": fields["because"],
            "suggested": fields.get("suggested"),
            "reasons": json.dumps(list(fields.get("reasons") or []), ensure_ascii=False),
            "decided_at": writer.now,
            "actor": fields["actor"],
        },
    )
    writer.touch(fields["source_id"], verdict_id)
    return verdict_id


def load_verdicts(store: Store, source_id: str) -> list[VerdictRecord]:
    """The officer's verdicts on a source, oldest first (the last one is in force)."""
    rows = store.query(f"SELECT * FROM verdicts WHERE source_id = ? {_ORDER}", (source_id,))
    return [
        VerdictRecord(
            id=r["id"],
            source_id=r["source_id"],
            verdict=Verdict(r["verdict"]),
            because=r["because"],
            suggested=r["suggested"],
            reasons=tuple(json.loads(r["reasons"])),
            decided_at=r["decided_at"],
            actor=r["actor"],
        )
        for r in rows
    ]


def load_snapshots(store: Store, source_id: str) -> list[dict[str, Any]]:
    """The snapshot rows of a source (its own and its findings'), oldest first."""
    rows = store.query(
        "SELECT * FROM snapshots WHERE source_id = ? ORDER BY captured_at, rowid", (source_id,)
    )
    return [dict(r) for r in rows]
