"""A store that is damaged, foreign, newer, busy or read-only is refused with one line."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import textwrap

from tests.conftest import store_dump
from verify.store.migrations import MIGRATIONS


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_corrupt_store_file(tmp_path, run):
    case = tmp_path / "case"
    (case / "cache").mkdir(parents=True)
    db = case / "cache" / "verify.sqlite3"
    db.write_bytes(b"this is not a database at all" * 100)
    before = _digest(db)
    result = run("--case", str(case), "source", "list")
    assert result.code == 3
    assert "is damaged (not an SQLite database)" in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert _digest(db) == before


def test_store_with_damaged_pages(case_dir, run):
    db = case_dir / "cache" / "verify.sqlite3"
    data = bytearray(db.read_bytes())
    for i in range(len(data) // 2, len(data)):  # overwrite the second half with junk
        data[i] = 0xAB
    db.write_bytes(bytes(data))
    result = run("source", "list")
    assert result.code == 3
    assert "damaged" in result.err and "Traceback" not in result.err


def test_some_other_sqlite_database(tmp_path, run):
    case = tmp_path / "case"
    (case / "cache").mkdir(parents=True)
    db = case / "cache" / "verify.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('kanelbulle')")
    conn.commit()
    conn.close()
    before = _digest(db)
    result = run("--case", str(case), "source", "list")
    assert result.code == 3
    assert "is an SQLite database but not a verify store" in result.err
    assert _digest(db) == before


def test_store_written_by_a_newer_version_is_not_touched(case_dir, run):
    db = case_dir / "cache" / "verify.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.commit()
    conn.close()
    files = {p.name: _digest(p) for p in db.parent.iterdir() if p.is_file()}
    result = run("source", "add", "https://example.se/", "--title", "x")
    assert result.code == 3
    assert "written by a newer version of verify" in result.err
    assert f"schema {len(MIGRATIONS) + 5}" in result.err
    assert {p.name: _digest(p) for p in db.parent.iterdir() if p.is_file()} == files


def test_no_case_here(tmp_path, run, monkeypatch):
    monkeypatch.delenv("VERIFY_CASE", raising=False)
    monkeypatch.chdir(tmp_path)
    result = run("source", "list")
    assert result.code == 3
    assert "no case in" in result.err and "verify init" in result.err


def test_case_folder_that_cannot_be_written(tmp_path, run):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = run("init", str(blocker / "case"))
    assert result.code == 3
    assert "cannot write to" in result.err
    assert blocker.read_text(encoding="utf-8") == "x"


def test_init_twice_changes_nothing(case_dir, run):
    before = store_dump(case_dir)
    result = run("init", str(case_dir), "--title", "Other")
    assert result.code == 3
    assert "already holds a case" in result.err
    assert store_dump(case_dir) == before


def test_busy_store_fails_clearly_and_changes_nothing(case_dir, run):
    (case_dir / "verify.toml").write_text("lock_timeout = 0.3\n", encoding="utf-8")
    before = store_dump(case_dir)
    holder = sqlite3.connect(case_dir / "cache" / "verify.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run("source", "add", "https://example.se/", "--title", "x")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 3
    assert "another verify process is writing" in result.err
    assert store_dump(case_dir) == before


def test_two_processes_writing_at_once(case_dir, run):
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from verify import add_source, open_case
        case, tag = Path(sys.argv[1]), sys.argv[2]
        for n in range(15):
            with open_case(case, officer=tag) as ctx:
                add_source(ctx, url=f"https://example.se/{tag}/{n}", title=f"{tag} {n}")
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(case_dir), tag], stderr=subprocess.PIPE, text=True
        )
        for tag in ("a", "b", "c")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    result = run("source", "list", "--json")
    import json

    sources = json.loads(result.out)
    assert len(sources) == 45
    assert sorted(s["id"] for s in sources) == sorted(f"S{n}" for n in range(1, 46))
    check = run("log", "--verify")
    assert check.code == 0, check.err
    assert "46 events" in check.out
