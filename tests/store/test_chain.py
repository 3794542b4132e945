"""The event chain detects edits, deletions and reordering, pure and through the CLI."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import store_dump


def _db(case):
    return sqlite3.connect(case / "cache" / "verify.sqlite3")


def _tamper(case, *statements):
    conn = _db(case)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("DROP TRIGGER events_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.fixture
def busy_case(case_dir, run):
    for n in range(3):
        assert run("source", "add", f"https://example.se/{n}", "--title", f"T{n}").code == 0
    assert run("log", "--verify").code == 0
    return case_dir


def test_events_cannot_be_changed_through_sqlite_without_dropping_the_guard(busy_case):
    conn = _db(busy_case)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE events SET actor = 'x' WHERE seq = 2")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM events WHERE seq = 2")
    conn.close()


def test_edited_event_is_named(busy_case, run):
    _tamper(busy_case, "UPDATE events SET actor = 'Mallory' WHERE seq = 2")
    result = run("log", "--verify")
    assert result.code == 1
    assert "event 2 was edited" in result.err


def test_edited_event_with_recomputed_hash_breaks_the_next(busy_case, run):
    import json

    from verify.store.chain import event_hash

    conn = _db(busy_case)
    row = conn.execute("SELECT * FROM events WHERE seq = 2").fetchone()
    conn.close()
    seq, at, actor, command, args, ids, changes, prev, _, ops = row
    forged = event_hash(
        seq=seq,
        at=at,
        actor="Mallory",
        command=command,
        args=json.loads(args),
        ids=json.loads(ids),
        changes=json.loads(changes),
        prev_hash=prev,
        ops=json.loads(ops) if ops is not None else None,
    )
    _tamper(busy_case, f"UPDATE events SET actor = 'Mallory', hash = '{forged}' WHERE seq = 2")
    result = run("log", "--verify")
    assert result.code == 1
    assert "event 3 does not follow event 2" in result.err


def test_deleted_event_is_named(busy_case, run):
    _tamper(busy_case, "DELETE FROM events WHERE seq = 3")
    result = run("log", "--verify", "--json")
    assert result.code == 1
    assert '"broken_at": 3' in result.out
    text = run("log", "--verify")
    assert "event 3 is missing (deleted)" in text.err


def test_deleting_the_newest_event_is_seen(busy_case, run):
    _tamper(busy_case, "DELETE FROM events WHERE seq = 4")
    result = run("log", "--verify")
    assert result.code == 1
    assert "event 4 is missing" in result.err


def test_reordered_events_are_seen(busy_case, run):
    _tamper(
        busy_case,
        "UPDATE events SET seq = -2 WHERE seq = 2",
        "UPDATE events SET seq = 2 WHERE seq = 3",
        "UPDATE events SET seq = 3 WHERE seq = -2",
    )
    result = run("log", "--verify")
    assert result.code == 1
    assert "event 2" in result.err


def test_log_lists_events_with_before_and_after(busy_case, run):
    assert run("source", "edit", "S1", "--title", "Ny titel").code == 0
    before = store_dump(busy_case)
    result = run("log", "--json")
    assert result.code == 0
    import json

    events = json.loads(result.out)
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    edit = events[-1]
    assert edit["command"] == "source edit"
    assert edit["actor"] == "Test Officer"
    assert edit["changes"] == [{"id": "S1", "field": "title", "before": "T0", "after": "Ny titel"}]
    assert set(edit) >= {
        "seq",
        "at",
        "actor",
        "command",
        "args",
        "ids",
        "changes",
        "prev_hash",
        "hash",
    }
    assert store_dump(busy_case) == before
