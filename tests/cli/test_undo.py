"""Undo as events, nothing deleted: withdraw or edit a finding, withdraw a document, merge a
duplicate source. Notes and assessments leave withdrawn things out; `log` shows them."""

from __future__ import annotations

import json

from tests.conftest import store_dump

MOTION = """Motion om återvandring

En undersökning från Centre for Local Development and Diaspora (CLDD) har visat att 40 procent
uppger att de vill återvandra. Enligt SCB var drygt 2,1 miljoner av Sveriges invånare födda i
ett annat land år 2023.
"""
OTHER = """Fel dokument

Enligt Brottsförebyggande rådet (Brå) har anmälningarna ökat med 12 procent.
"""


def _note(case_dir, run) -> str:
    """The text to paste of the combined note."""
    result = run("note", "--part", "text")
    assert result.code == 0, result.err
    path = next(p for p in (case_dir / "reports").glob("*-text.md") if "-S" not in p.stem[-4:])
    text = path.read_text(encoding="utf-8")
    assert text.strip()
    return text


def test_finding_withdraw_and_edit(case_dir, run):
    assert run("source", "add", "--org", "CLDD", "--kind", "survey").code == 0
    for text in ("Ringde CLDD utan svar", "Ringde CLDD utan svar", "Mejlade CLDD"):
        assert run("finding", "add", "S1", "--text", text, "--kind", "contact").code == 0
    assert _note(case_dir, run).count("Ringde CLDD utan svar") == 1  # said once, not twice
    before = store_dump(case_dir)
    assert run("finding", "withdraw", "F9", "--because", "x").code == 2
    assert run("finding", "withdraw", "F2", "--because", "").code == 2
    assert store_dump(case_dir) == before
    done = run("finding", "withdraw", "F2", "--because", "Dubblett av F1")
    assert done.code == 0 and "Withdrew F2" in done.out
    assert run("finding", "withdraw", "F2", "--because", "igen").code == 2
    edited = run("finding", "edit", "F3", "--text", "Mejlade CLDD den 2 februari, inget svar")
    assert edited.code == 0 and "Changed 1" in edited.out
    shown = json.loads(run("finding", "show", "F2", "--json").out)
    assert shown["finding"]["status"] == "withdrawn"
    assert shown["finding"]["status_reason"] == "Dubblett av F1"
    assessed = json.loads(run("assess", "S1", "--json").out)[0]
    assert [f["id"] for f in assessed["findings"]] == ["F1", "F3"]
    note = _note(case_dir, run)
    assert "Mejlade CLDD den 2 februari, inget svar" in note and "Mejlade CLDD." not in note
    log = json.loads(run("log", "--json").out)
    commands = [e["command"] for e in log]
    assert "finding withdraw" in commands and "finding edit" in commands
    edit = next(e for e in log if e["command"] == "finding edit")
    assert edit["changes"][0]["before"] == "Mejlade CLDD"
    assert run("finding", "list").out.count("withdrawn") == 1
    assert run("log", "--verify").code == 0 and run("audit").code == 0


def test_document_withdraw(case_dir, run, tmp_path):
    motion, wrong = tmp_path / "motion.txt", tmp_path / "fel.txt"
    motion.write_text(MOTION, encoding="utf-8")
    wrong.write_text(OTHER, encoding="utf-8")
    assert run("extract", str(motion), "--accept").code == 0
    assert run("extract", str(wrong)).code == 0
    sources = json.loads(run("source", "list", "--json").out)
    bra = next(s for s in sources if s["acronym"] in ("Brå", "BRÅ"))
    assert bra["status"] == "candidate"
    documents = json.loads(run("document", "list", "--json").out)
    assert [d["id"] for d in documents] == ["D1", "D2"]
    result = run("document", "withdraw", "D2", "--because", "Fel fil")
    assert result.code == 0, result.err
    assert bra["id"] in result.out
    after = {s["id"]: s for s in json.loads(run("source", "list", "--json").out)}
    assert after[bra["id"]]["status"] == "withdrawn"
    assert "D2" in after[bra["id"]]["status_reason"]
    assert all(s["status"] == "confirmed" for i, s in after.items() if i != bra["id"])
    assert json.loads(run("document", "list", "--json").out)[1]["status"] == "withdrawn"
    assert bra["organisation"] not in _note(case_dir, run)
    # D1 withdrawn too: its sources are confirmed, so they stay and the output says so
    kept = run("document", "withdraw", "D1", "--because", "Prov")
    assert kept.code == 0 and "stay in the register" in kept.out
    # reading D2 again brings it and its source back
    assert run("extract", str(wrong)).code == 0
    back = {s["id"]: s for s in json.loads(run("source", "list", "--json").out)}
    assert back[bra["id"]]["status"] == "candidate"
    assert run("log", "--verify").code == 0


def test_source_merge(case_dir, run):
    steps = [
        ("source", "add", "https://cldd.se/a", "--org", "CLDD", "--kind", "survey",
         "--claim", "40 procent vill återvandra"),
        ("source", "add", "https://cldd.se/b", "--org", "Centre for Local Development and "
         "Diaspora", "--kind", "survey", "--claim", "40 procent vill återvandra direkt"),
        ("finding", "add", "S2", "--text", "Ringde CLDD", "--kind", "contact"),
    ]  # fmt: skip
    for args in steps:
        assert run(*args).code == 0, args
    assert run("source", "merge", "S2", "--into", "S2").code == 2
    assert run("source", "merge", "S2", "--into", "S9").code == 2
    merged = run("source", "merge", "S2", "--into", "S1")
    assert merged.code == 0, merged.err
    s1 = json.loads(run("source", "show", "S1", "--json").out)
    assert [c["id"] for c in s1["claims"]] == ["C1", "C2"]
    s2 = json.loads(run("source", "show", "S2", "--json").out)
    assert s2["status"] == "merged" and s2["merged_into"] == "S1" and s2["claims"] == []
    assert json.loads(run("finding", "list", "S1", "--json").out)[0]["id"] == "F1"
    assert run("verdict", "S2", "reliable", "--because", "x").code == 2  # use S1
    assert [a["source"] for a in json.loads(run("assess", "--json").out)] == ["S1"]
    note = _note(case_dir, run)
    assert note.count("I motionen refereras till") == 1  # S2 is no source of its own now
    event = next(e for e in json.loads(run("log", "--json").out) if e["command"] == "source merge")
    moved = {c["id"] for c in event["changes"] if c["field"] == "source_id"}
    assert {"C2", "F1"} <= moved
    assert run("log", "--verify").code == 0 and run("audit").code == 0
