from __future__ import annotations

import json

import pytest

from tests.conftest import store_dump

SOURCE_FIELDS = {
    "id",
    "kind",
    "status",
    "organisation",
    "acronym",
    "title",
    "publisher",
    "author",
    "url",
    "domain",
    "designation",
    "published",
    "note",
    "status_reason",
    "merged_into",
    "vague",
    "created_at",
    "mentions",
    "claims",
}


def _add(run, *args):
    result = run("source", "add", *args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_add_list_show(case_dir, run):
    s1 = _add(
        run,
        "https://www.cldd.se/survey",
        "--org",
        "Centre for Local Development and Diaspora",
        "--acronym",
        "CLDD",
        "--kind",
        "survey",
        "--claim",
        "40 procent vill återvandra",
    )
    assert set(s1) == SOURCE_FIELDS
    assert s1["id"] == "S1" and s1["status"] == "confirmed" and s1["domain"] == "cldd.se"
    claim = s1["claims"][0]
    assert claim["id"] == "C1" and claim["text"] == "40 procent vill återvandra"
    assert claim["quantities"][0]["value"] == 40 and claim["quantities"][0]["unit"] == "percent"
    s2 = _add(run, "--designation", "SOU 2019:30", "--kind", "official_publication")
    assert s2["id"] == "S2"
    listed = json.loads(run("source", "list", "--json").out)
    assert [s["id"] for s in listed] == ["S1", "S2"]
    shown = run("source", "show", "s1")
    assert shown.code == 0 and "40 procent vill återvandra" in shown.out
    table = run("source", "list")
    assert "CLDD" in table.out and "SOU 2019:30" in table.out


def test_edit_keeps_the_old_value_in_the_log(case_dir, run):
    _add(run, "https://example.se/a", "--title", "Gammal")
    result = run("source", "edit", "S1", "--title", "Ny", "--url", "example.org/b")
    assert result.code == 0 and "Changed 3 value(s)" in result.out
    shown = json.loads(run("source", "show", "S1", "--json").out)
    assert shown["title"] == "Ny" and shown["url"] == "https://example.org/b"
    assert shown["domain"] == "example.org"
    event = json.loads(run("log", "--json").out)[-1]
    assert {"id": "S1", "field": "title", "before": "Gammal", "after": "Ny"} in event["changes"]
    before = store_dump(case_dir)
    same = run("source", "edit", "S1", "--title", "Ny")
    assert same.code == 0 and "Nothing changed" in same.out
    assert store_dump(case_dir) == before


def test_confirm_and_reject(case_dir, run):
    _add(run, "https://example.se/a")
    rejected = run("source", "reject", "S1", "--because", "Inte en källa", "--json")
    data = json.loads(rejected.out)
    assert data["status"] == "rejected" and data["status_reason"] == "Inte en källa"
    confirmed = json.loads(run("source", "confirm", "S1", "--json").out)
    assert confirmed[0]["status"] == "confirmed" and confirmed[0]["status_reason"] is None
    assert run("source", "confirm", "--all").out.strip() == "There were no candidates to confirm."
    assert json.loads(run("source", "list", "--json").out)[0]["id"] == "S1"


BAD = [
    (["source", "show", "S99"], 2, "no source 'S99' in this case"),
    (["source", "edit", "S99", "--title", "x"], 2, "no source 'S99'"),
    (["source", "confirm", "S1", "S99"], 2, "no source 'S99'"),
    (["source", "reject", "S99", "--because", "x"], 2, "no source 'S99'"),
    (["source", "add", "htp://x"], 2, "only http and https links can be checked, not htp:"),
    (["source", "add", "javascript:alert(1)"], 2, "not javascript:"),
    (["source", "add", "file:///etc/passwd"], 2, "not file:"),
    (["source", "add", "https://x.se/a b"], 2, "contains spaces"),
    (["source", "add", "https://x.se/" + "a" * 10_000], 2, "longer than 4096 characters"),
    (
        ["source", "add", "--title", "x", "--published", "2024-02-30"],
        2,
        "invalid date '2024-02-30'",
    ),
    (["source", "add", "--note", "only a note"], 2, "a source needs at least"),
    (["source", "add", "https://example.se/a"], 2, "S1 already has the URL"),
    (["source", "edit", "S1", "--url", "htp://x"], 2, "only http and https"),
    (["source", "edit", "S1"], 2, "say what to change"),
    (["source", "reject", "S1", "--because", "  "], 2, "say why"),
    (["source", "add", "--title", "x", "--kind", "rumour"], 2, "Invalid value for '--kind'"),
]


@pytest.mark.parametrize(("args", "code", "says"), BAD, ids=[" ".join(b[0])[:40] for b in BAD])
def test_bad_input_changes_nothing(case_dir, run, args, code, says):
    _add(run, "https://example.se/a", "--title", "A")
    before = store_dump(case_dir)
    result = run(*args)
    assert result.code == code
    assert says in result.err
    assert "Traceback" not in result.err
    assert store_dump(case_dir) == before
