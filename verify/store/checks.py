"""Availability checks in the store: append-only, one row per check, never overwritten."""

from __future__ import annotations

import json
from typing import Any

from .db import Store, Writer

__all__ = ["insert_check", "insert_checks", "load_check", "load_checks"]


def insert_check(
    writer: Writer,
    source_id: str,
    result: dict[str, Any],
    finding_id: str | None = None,
    *,
    check_id: str | None = None,
) -> str:
    """Store one check result (its JSON form); return the check id (K1, K2, ...).
    ``check_id`` is one reserved with ``writer.next_ids("K", n)`` (see :func:`insert_checks`)."""
    check_id = check_id or writer.next_id("K")
    writer.insert(
        "checks",
        {
            "id": check_id,
            "source_id": source_id,
            "finding_id": finding_id,
            "url": result["url"],
            "method": result["method"],
            "as_of": result["as_of"],
            "checked_at": result["checked_at"],
            "status": result["status"],
            "http_status": result.get("http_status"),
            "final_url": result.get("final_url"),
            "result": json.dumps(result, ensure_ascii=False, sort_keys=True),
        },
    )
    writer.touch(source_id, check_id)
    return check_id


def insert_checks(writer: Writer, results: list[dict[str, Any]]) -> list[str]:
    """Store several check results (each with its ``source``), their ids reserved at once."""
    ids = writer.next_ids("K", len(results)) if results else []
    for check_id, result in zip(ids, results, strict=True):
        insert_check(writer, result["source"] or "", result, check_id=check_id)
    return ids


def _row(row: Any) -> dict[str, Any]:
    data = json.loads(row["result"])
    data.update({"id": row["id"], "source": row["source_id"], "finding": row["finding_id"]})
    return data


def load_checks(
    store: Store, source_id: str | None = None, finding_id: str | None = None
) -> list[dict[str, Any]]:
    """Checks oldest first, for a source (and optionally one of its findings)."""
    sql = "SELECT * FROM checks"
    where, params = [], []
    if source_id is not None:
        where.append("source_id = ?")
        params.append(source_id)
    if finding_id is not None:
        where.append("finding_id = ?")
        params.append(finding_id)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY CAST(substr(id, 2) AS INTEGER)"
    return [_row(r) for r in store.query(sql, tuple(params))]


def load_check(store: Store, check_id: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM checks WHERE id = ?", (check_id,))
    return _row(rows[0]) if rows else None
