"""The register as a projection of the event log.

Every change to a table that holds case data is made through :class:`~verify.store.db.Writer`,
which records it as an *op* in the event it belongs to: ``insert`` (the whole row), ``update``
(the key and the new values) or ``insert_or_ignore``. The ops are part of the event's hash, so
they are as tamper-evident as the rest of the chain.

:func:`replay` applies the ops of every event, in order, to a fresh in-memory database with the
same schema; :func:`compare` names every row of the store that differs from that replay (table,
id, field, stored value and recorded value), every row no event records, and every recorded
row that is gone. A row edited behind verify's back (``UPDATE verdicts SET because = ...``)
therefore fails the audit even though the event chain itself is intact.

Events written before events carried their rows (before migration 0005) have no ops; that
migration appended one event that records every row as it was then, marked ``backfill``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "KEYS",
    "PROJECTED",
    "Difference",
    "Replay",
    "apply_op",
    "compare",
    "current_rows",
    "replay",
]

#: Tables that hold case data, in an order that respects their references, with their keys.
KEYS: dict[str, str] = {
    "case_info": "one",
    "documents": "id",
    "sources": "id",
    "mentions": "id",
    "claims": "id",
    "case_designations": "designation",
    "checks": "id",
    "snapshots": "id",
    "findings": "id",
    "searches": "id",
    "search_results": "id",
    "verdicts": "id",
}
PROJECTED = tuple(KEYS)


@dataclass(frozen=True)
class Difference:
    """One way the stored register differs from what the events record."""

    table: str
    id: Any
    field: str | None  # None: the whole row
    stored: Any
    recorded: Any
    problem: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "id": self.id,
            "field": self.field,
            "stored": self.stored,
            "recorded": self.recorded,
            "problem": self.problem,
        }


def _quoted(names: Iterable[str]) -> list[str]:
    return [f'"{n}"' for n in names]


def apply_op(conn: sqlite3.Connection, op: Mapping[str, Any]) -> None:
    """Apply one recorded op to ``conn`` (tables and columns come from the op, checked)."""
    table = op["table"]
    if table not in KEYS:
        raise ValueError(f"an op on {table!r}, which is not a projected table")
    kind = op["op"]
    if kind in ("insert", "insert_or_ignore"):
        row = dict(op["row"])
        verb = "INSERT OR IGNORE" if kind == "insert_or_ignore" else "INSERT"
        cols = ", ".join(_quoted(row))
        marks = ", ".join("?" for _ in row)
        conn.execute(f"{verb} INTO {table} ({cols}) VALUES ({marks})", tuple(row.values()))
    elif kind == "update":
        values = dict(op["set"])
        if not values:
            return
        sets = ", ".join(f"{c} = ?" for c in _quoted(values))
        key = op.get("key") or KEYS[table]
        conn.execute(f'UPDATE {table} SET {sets} WHERE "{key}" = ?', (*values.values(), op["id"]))
    else:
        raise ValueError(f"unknown op {kind!r}")


class Replay:
    """The register rebuilt from the events, and which event last wrote each value."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.writers: dict[tuple[str, Any], dict[str, int]] = {}

    def note(self, op: Mapping[str, Any], seq: int) -> None:
        table = op["table"]
        if op["op"] == "update":
            key, fields = op["id"], op["set"]
        else:
            key, fields = op["row"].get(KEYS[table]), op["row"]
        slot = self.writers.setdefault((table, key), {})
        for name in fields:
            slot[name] = seq
        slot.setdefault("", seq)

    def writer(self, table: str, key: Any, field: str | None) -> int | None:
        slot = self.writers.get((table, key), {})
        return slot.get(field or "") or slot.get("")

    def close(self) -> None:
        self.conn.close()


def replay(schema: Iterable[str], events: Iterable[Any]) -> Replay:
    """A fresh in-memory database with ``schema`` (SQL statements) and every event's ops."""
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    for statement in schema:
        conn.execute(statement)
    result = Replay(conn)
    for event in events:
        for op in event.ops or ():
            apply_op(conn, op)
            result.note(op, event.seq)
    return result


def current_rows(conn: sqlite3.Connection, table: str) -> dict[Any, dict[str, Any]]:
    """Every row of ``table`` by its key."""
    key = KEYS[table]
    rows = conn.execute(f"SELECT * FROM {table}").fetchall()
    return {row[key]: dict(row) for row in rows}


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > 120:
        return value[:117] + "..."
    return value


def compare(stored: sqlite3.Connection, recorded: Replay) -> list[Difference]:
    """Every difference between the store's rows and the replayed ones, table by table."""
    out: list[Difference] = []
    for table in PROJECTED:
        mine = current_rows(stored, table)
        theirs = current_rows(recorded.conn, table)
        for key in sorted(mine.keys() | theirs.keys(), key=_sort_key):
            row, want = mine.get(key), theirs.get(key)
            if want is None:
                shown = _short(json.dumps(row, default=str))
                problem = f"{table} {key}: no event records this row"
                out.append(Difference(table, key, None, shown, None, problem))
                continue
            if row is None:
                shown = _short(json.dumps(want, default=str))
                seq = recorded.writer(table, key, None)
                problem = f"{table} {key}: the row event {seq} recorded is gone"
                out.append(Difference(table, key, None, None, shown, problem))
                continue
            for field in sorted(row.keys() | want.keys()):
                before, after = row.get(field), want.get(field)
                if before != after:
                    seq = recorded.writer(table, key, field)
                    problem = (
                        f"{table} {key}: {field} is {_short(before)!r} but event {seq} "
                        f"recorded {_short(after)!r}"
                    )
                    out.append(
                        Difference(table, key, field, _short(before), _short(after), problem)
                    )
    return out


def _sort_key(value: Any) -> tuple[str, int, str]:
    text = str(value)
    digits = "".join(ch for ch in text if ch.isdigit())
    prefix = "".join(ch for ch in text if not ch.isdigit())
    return (prefix, int(digits) if digits and len(digits) < 18 else 0, text)
