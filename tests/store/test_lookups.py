"""Adding a source looks up one with the same URL or designation through an index, not by
reading the whole table (issue 17: cases of 10^5 sources); a store made before the index gets
it when opened."""

from __future__ import annotations

import sqlite3


def _plan(db, column: str) -> str:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            f"EXPLAIN QUERY PLAN SELECT id FROM sources WHERE {column} = ? ORDER BY num LIMIT 1",
            ("x",),
        ).fetchall()
    finally:
        conn.close()
    return " ".join(str(row[-1]) for row in rows)


def test_source_lookups_use_an_index(case_dir, run) -> None:  # type: ignore[no-untyped-def]
    assert run("source", "add", "https://a.example/p1").code == 0
    db = case_dir / "cache" / "verify.sqlite3"
    assert "USING INDEX sources_url" in _plan(db, "url")
    assert "USING INDEX sources_designation" in _plan(db, "designation")
    # The lookup still finds the source: a second add of the same URL is refused, naming it.
    again = run("source", "add", "https://a.example/p1")
    assert again.code == 2 and "S1 already has the URL" in again.err
    assert run("source", "add", "https://a.example/p2").code == 0


def test_an_older_store_gets_the_index(case_dir, run) -> None:  # type: ignore[no-untyped-def]
    from verify.store.migrations import MIGRATIONS

    assert run("source", "add", "https://a.example/p1").code == 0
    db = case_dir / "cache" / "verify.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("DROP INDEX sources_url")
    conn.execute("DROP INDEX sources_designation")
    conn.execute("DELETE FROM migrations WHERE name = '0006_source_lookups'")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    conn.commit()
    conn.close()
    assert "sources_url" not in _plan(db, "url")
    assert run("log", "--verify", "--case", str(case_dir)).code == 0  # opening migrates
    assert "USING INDEX sources_url" in _plan(db, "url")
    assert run("audit", "--case", str(case_dir)).code == 0
