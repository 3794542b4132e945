"""The statement's case (SOF 2024/132) end to end, on local servers only.

S1 (CLDD's survey) cannot be reached on 2024-02-02; a web search finds an article in which
CLDD's secretary general says it is not a scientific survey; the officer adds it as a finding
(checked, and archived where the archive step can archive a finding's URL); the suggested
verdict is ``not_reliable`` with its reasons, and the officer's verdict is recorded beside it.
"""

from __future__ import annotations

import json

import pytest

from .test_commands import ARTICLE, QUOTE, closed_port_url


@pytest.fixture
def statement(case_dir, run, httpserver):
    httpserver.expect_request("/artikel").respond_with_data(
        ARTICLE, content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/search").respond_with_json(
        {"results": [{"url": httpserver.url_for("/artikel"), "title": "Svalt intresse för "
                      "återvandring i kommunerna", "content": "generalsekreteraren för CLDD"}]}
    )  # fmt: skip
    toml = f'allow_private = true\nsearch_endpoint = "{httpserver.url_for("/")}"\n'
    (case_dir / "verify.toml").write_text(toml, encoding="utf-8")
    steps = [
        ("source", "add", closed_port_url(), "--org", "Centre for Local Development and Diaspora",
         "--acronym", "CLDD", "--kind", "survey",
         "--claim", "40 procent uppger att de vill återvandra direkt eller inom en snar framtid"),
        ("check", "S1"),
        ("search", "S1", "--query", "CLDD undersökning återvandring"),
        ("finding", "add", "S1", "--from-result", "R1", "--quote", QUOTE),
    ]  # fmt: skip
    for args in steps:
        result = run(*args)
        assert result.code == 0, (args, result.err)
    return case_dir


def test_suggested_verdict_is_not_reliable_with_reasons(statement, run):
    data = json.loads(run("assess", "S1", "--json").out)[0]
    assert data["source"] == "S1"
    assert data["availability"]["state"] == "unreachable"
    assert data["claims"][0]["match"] == "source_unavailable"
    assert data["suggested_verdict"] == "not_reliable"
    codes = [r["code"] for r in data["reasons"]]
    assert codes == ["non_scientific_disclaimer", "primary_unreachable_no_archive"]
    disclaimer = data["reasons"][0]["evidence"]
    assert disclaimer["claims"] == ["C1"] and "F1" in disclaimer["findings"]
    assert any("inte är en vetenskaplig undersökning" in h["sentence"] for h in disclaimer["hits"])
    unreachable = data["reasons"][1]["evidence"]
    assert unreachable["checks"] == ["K1"] and unreachable["as_of"] == "2024-02-02"
    assert data["rubric"]["independence"]["signals"][0]["code"] == "independent_coverage"
    assert data["rubric"]["independence"]["signals"][1]["evidence"]["searched_at"]
    assert data["rubric"]["tendency"]["status"] == "not_assessed"
    assert data["verdict"] is None
    finding_check = json.loads(run("check", "S1", "--json").out)  # a second check is kept too
    assert finding_check["results"][0]["status"] in ("refused", "connection_failed")

    decided = run("verdict", "S1", "not_reliable", "--because", "Inte en vetenskaplig "
                  "undersökning enligt CLDD:s generalsekreterare (Dagens Samhälle)")  # fmt: skip
    assert decided.code == 0, decided.err
    after = json.loads(run("assess", "S1", "--json").out)[0]
    assert after["verdict"]["verdict"] == "not_reliable"
    assert after["verdict"]["suggested"] == "not_reliable"


def test_the_finding_is_archived_and_its_quote_found(statement, run):
    archive = pytest.importorskip("verify.steps.archive")
    if not hasattr(archive, "archive_url_for"):
        pytest.skip("verify.steps.archive has no archive_url_for(ctx, source_id, url, finding_id)")
    data = json.loads(run("assess", "S1", "--json").out)[0]
    quote = data["finding_quotes"][0]
    assert quote["claim"] == "F1" and quote["match"] == "found" and quote["snapshot"]
    assert "vetenskaplig undersökning" in quote["passage"]["text"]
