"""The register is a projection of the event log, and `audit` proves it (issue 11).

A direct UPDATE on any table that holds case data is caught and named (table, id, field, stored
vs recorded), although the event chain itself is intact; a log rewound behind the store's back
(the newest events deleted, the head in ``meta`` rewritten) is caught by an anchor kept in a
note, the report or a WACZ; and a store from before events carried their rows gets one backfill
event, marked as such, after which tampering is caught there too.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from verify.store.projection import PROJECTED

MOTION = """Motion om återvandring

Dnr KS 2023/1387

En undersökning från Centre for Local Development and Diaspora (CLDD) har visat att 40 procent
uppger att de vill återvandra. Enligt SCB var drygt 2,1 miljoner av Sveriges invånare födda i
ett annat land år 2023.
"""
ARTICLE = (
    "<html><head><title>Svalt intresse</title></head><body><article><h1>Svalt intresse</h1>"
    "<p>CLDD:s generalsekreterare säger att det inte är en vetenskaplig undersökning.</p>"
    + "<p>Mer text om kommunerna och återvandringen.</p>" * 20
    + "</article></body></html>"
)


def _db(case) -> sqlite3.Connection:
    return sqlite3.connect(case / "cache" / "verify.sqlite3")


def _tamper(case, *sql: str) -> None:
    conn = _db(case)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.fixture
def full_case(case_dir, run, httpserver, tmp_path):
    """A case with a row in every projected table."""
    httpserver.expect_request("/artikel").respond_with_data(ARTICLE, content_type="text/html")
    httpserver.expect_request("/search").respond_with_json(
        {"results": [{"url": httpserver.url_for("/artikel"), "title": "Svalt intresse",
                      "content": "CLDD"}]}
    )  # fmt: skip
    toml = f'allow_private = true\nsearch_endpoint = "{httpserver.url_for("/")}"\n'
    (case_dir / "verify.toml").write_text(toml, encoding="utf-8")
    motion = tmp_path / "motion.txt"
    motion.write_text(MOTION, encoding="utf-8")
    steps = [
        ("extract", str(motion), "--accept"),
        ("source", "add", httpserver.url_for("/artikel"), "--publisher", "Dagens Samhälle",
         "--kind", "article"),
        ("check",),
        ("archive",),
        ("search", "S1", "--query", "CLDD"),
        ("finding", "add", "S1", "--from-result", "R1", "--quote", "inte är en vetenskaplig"),
        ("verdict", "S1", "not_reliable", "--because", "Inte vetenskaplig enligt CLDD"),
        ("source", "edit", "S2", "--title", "SCB:s befolkningsstatistik"),
    ]  # fmt: skip
    for args in steps:
        result = run(*args)
        assert result.code == 0, (args, result.err)
    conn = _db(case_dir)
    for table in PROJECTED:
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
    conn.close()
    audit = run("audit")
    assert audit.code == 0, audit.out
    assert "Register: every row is what the events recorded." in audit.out
    return case_dir


def _audit(run) -> tuple[int, dict]:
    result = run("audit", "--json")
    return result.code, json.loads(result.out)


TAMPERING = [
    ("verdicts", "because", "UPDATE verdicts SET because = 'forged reason' WHERE id = 'V1'"),
    ("claims", "text", "UPDATE claims SET text = '99 procent vill återvandra' WHERE id = 'C1'"),
    ("sources", "url", "UPDATE sources SET url = 'https://evil.example/' WHERE id = 'S3'"),
    ("case_info", "dnr", "UPDATE case_info SET dnr = 'KS 2099/1'"),
    ("documents", "file_name", "UPDATE documents SET file_name = 'other.txt'"),
    ("mentions", "passage", "UPDATE mentions SET passage = 'x' WHERE id = 'M1'"),
    ("case_designations", "document_id", "UPDATE case_designations SET document_id = NULL"),
    ("checks", "status", "UPDATE checks SET status = 'gone' WHERE id = 'K1'"),
    ("snapshots", "title", "UPDATE snapshots SET title = 'forged' WHERE id = 'SN1'"),
    ("findings", "text", "UPDATE findings SET text = 'forged' WHERE id = 'F1'"),
    ("searches", "query", "UPDATE searches SET query = 'forged' WHERE id = 'Q1'"),
    ("search_results", "url", "UPDATE search_results SET url = 'https://x.example/'"),
]


@pytest.mark.parametrize(("table", "field", "sql"), TAMPERING, ids=[t[0] for t in TAMPERING])
def test_an_edited_row_is_named(full_case, run, table, field, sql):
    _tamper(full_case, sql)
    assert run("log", "--verify").code == 0  # the chain itself is intact ...
    code, report = _audit(run)
    assert code == 1  # ... but the register is not what the events recorded
    problems = report["register"]["problems"]
    assert problems, report
    hit = [p for p in problems if p["table"] == table and p["field"] == field]
    assert hit, problems
    assert "event" in hit[0]["problem"] and "recorded" in hit[0]["problem"]
    assert hit[0]["stored"] != hit[0]["recorded"]
    text = run("audit").out
    assert "Audit FAILED" in text and f"{table} " in text


def test_inserted_and_deleted_rows_are_named(full_case, run):
    _tamper(
        full_case,
        "INSERT INTO verdicts (id, source_id, verdict, because, decided_at, actor) "
        "VALUES ('V9', 'S1', 'reliable', 'forged', '2024-02-02T09:00:00Z', 'Mallory')",
        "DELETE FROM findings WHERE id = 'F1'",
    )
    code, report = _audit(run)
    assert code == 1
    problems = [p["problem"] for p in report["register"]["problems"]]
    assert "verdicts V9: no event records this row" in problems
    assert any(p.startswith("findings F1: the row event") and "is gone" in p for p in problems)


def test_a_rewound_log_is_caught_by_its_anchor(full_case, run):
    assert run("note").code == 0
    note = next(p for p in (full_case / "reports").glob("*.md") if "-S" not in p.stem[-4:])
    assert "verify-anchor: event" in note.read_text(encoding="utf-8")
    assert run("report").code == 0
    report_html = full_case / "reports" / "report.html"
    wacz = full_case / "reports" / "case.wacz"
    conn = _db(full_case)
    last = conn.execute("SELECT max(seq) FROM events").fetchone()[0]  # what the three anchor
    conn.close()
    assert run("export", "--wacz", str(wacz)).code == 0  # (the export is an event after it)
    for path in (note, report_html, wacz):
        checked = run("audit", "--against", str(path))
        assert checked.code == 0, checked.out
        assert "is in the log" in checked.out
    # Someone drops the triggers, deletes the newest events and rewrites the head to match.
    conn = _db(full_case)
    keep = last - 2
    new_head = conn.execute("SELECT hash FROM events WHERE seq = ?", (keep,)).fetchone()[0]
    conn.executescript(
        "DROP TRIGGER events_no_delete; "
        f"DELETE FROM events WHERE seq > {keep}; "
        f"UPDATE meta SET value = '{keep}' WHERE key = 'head_seq'; "
        f"UPDATE meta SET value = '{new_head}' WHERE key = 'head_hash';"
    )
    conn.commit()
    conn.close()
    assert run("log", "--verify").code == 0  # the chain alone cannot see it
    for path in (note, report_html, wacz):
        result = run("audit", "--against", str(path))
        assert result.code == 1, path
        assert f"names event {last}, but the log ends at event {keep}" in result.out


def test_a_rewritten_event_is_caught_by_its_anchor(full_case, run):
    assert run("note").code == 0
    note = next(p for p in (full_case / "reports").glob("*.md") if "-S" not in p.stem[-4:])
    conn = _db(full_case)
    last = conn.execute("SELECT max(seq) FROM events").fetchone()[0]
    conn.executescript(
        f"DROP TRIGGER events_no_update; UPDATE events SET hash = '{'0' * 64}' WHERE seq = {last};"
    )
    conn.commit()
    conn.close()
    result = run("audit", "--against", str(note))
    assert result.code == 1 and "does not match event" in result.out


def test_a_file_without_an_anchor_is_a_clear_error(case_dir, run, tmp_path):
    other = tmp_path / "x.txt"
    other.write_text("hello", encoding="utf-8")
    result = run("audit", "--against", str(other))
    assert result.code == 4 and "carries no verify anchor" in result.err


def test_an_old_store_gets_a_backfill_event(tmp_path, run):
    """A store written before events carried their rows (schema 4) is migrated: one event
    records every row, marked backfill; tampering afterwards is caught."""
    from verify.store.chain import GENESIS, event_hash
    from verify.store.db import _split_sql
    from verify.store.migrations import APPLICATION_ID, MIGRATIONS

    case = tmp_path / "old"
    (case / "cache").mkdir(parents=True)
    (case / "reports").mkdir()
    conn = sqlite3.connect(case / "cache" / "verify.sqlite3")
    for migration in MIGRATIONS[:4]:
        for statement in _split_sql(migration.sql):
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 4")
    at = "2024-02-02T09:00:00Z"
    conn.execute(
        "INSERT INTO case_info VALUES (1, 'Gammalt ärende', 'KS 1', '2024-02-02', 'sv', "
        f"NULL, 'Europe/Stockholm', '{at}')"
    )
    conn.execute(
        "INSERT INTO sources (id, num, kind, status, organisation, created_at) "
        f"VALUES ('S1', 1, 'survey', 'confirmed', 'CLDD', '{at}')"
    )
    digest = event_hash(seq=1, at=at, actor="old", command="init", args={}, ids=[],
                        changes=[], prev_hash=GENESIS)  # fmt: skip
    conn.execute(
        "INSERT INTO events VALUES (1, ?, 'old', 'init', '{}', '[]', '[]', ?, ?)",
        (at, GENESIS, digest),
    )
    conn.execute("INSERT INTO meta VALUES ('head_seq', '1'), ('head_hash', ?)", (digest,))
    conn.commit()
    conn.close()
    assert run("log", "--verify", "--case", str(case)).code == 0  # migrates
    events = json.loads(run("log", "--json", "--case", str(case)).out)
    assert [e["command"] for e in events] == ["init", "migrate"]
    assert events[0]["ops"] is None
    assert events[1]["args"]["backfill"] is True
    assert {op["table"] for op in events[1]["ops"]} == {"case_info", "sources"}
    assert run("audit", "--case", str(case)).code == 0
    _tamper(case, "UPDATE sources SET organisation = 'Forged' WHERE id = 'S1'")
    result = run("audit", "--case", str(case))
    assert result.code == 1 and "sources S1: organisation is 'Forged' but event 2" in result.out
