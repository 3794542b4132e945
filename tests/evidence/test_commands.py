"""`verify finding`, `search`, `verdict`, `assess` in-process, against local servers only."""

from __future__ import annotations

import json
import socket

import pytest

from verify.steps.evidence import default_query

ARTICLE = """<html><head><title>Svalt intresse för återvandring i kommunerna</title></head>
<body><article><h1>Svalt intresse för återvandring i kommunerna</h1>
<p>CLDD:s enkät har fått stor spridning. På frågan om migranterna i undersökningen utgör ett
representativt urval svarar generalsekreteraren att CLDD tror det men inte kan veta, då det
inte är en vetenskaplig undersökning.</p></article></body></html>"""
QUOTE = "CLDD tror det men inte kan veta, då det inte är en vetenskaplig undersökning"


def closed_port_url() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/undersokning"


@pytest.fixture
def cldd_case(case_dir, run):
    (case_dir / "verify.toml").write_text("allow_private = true\n", encoding="utf-8")
    result = run(
        "source", "add", closed_port_url(), "--org", "Centre for Local Development and Diaspora",
        "--acronym", "CLDD", "--kind", "survey",
        "--claim", "40 procent uppger att de vill återvandra",
    )  # fmt: skip
    assert result.code == 0, result.err
    return case_dir


def test_finding_without_url_and_list(cldd_case, run):
    result = run("finding", "add", "S1", "--text", "Ringde CLDD, inget svar", "--kind", "contact")
    assert result.code == 0, result.err
    data = json.loads(run("finding", "list", "--json").out)
    assert data[0]["id"] == "F1" and data[0]["kind"] == "contact"
    assert run("finding", "add", "S1").code == 2  # no text
    assert run("finding", "add", "S9", "--text", "x").code == 2
    assessed = json.loads(run("assess", "S1", "--json").out)[0]
    assert assessed["rubric"]["authenticity"]["officer"][0]["finding"] == "F1"


def test_verdict_is_recorded_beside_the_suggestion(cldd_case, run):
    assert json.loads(run("assess", "--json").out)[0]["verdict"] is None
    result = run("verdict", "S1", "not_reliable", "--because", "Inte vetenskaplig", "--json")
    assert result.code == 0, result.err
    record = json.loads(result.out)
    assert record["verdict"] == "not_reliable" and record["suggested"] == "cannot_be_assessed"
    assessed = json.loads(run("assess", "S1", "--json").out)[0]
    assert assessed["verdict"]["id"] == "V1"
    assert assessed["suggested_verdict"] == "cannot_be_assessed"  # never silently changed
    assert run("verdict", "S1", "maybe", "--because", "x").code == 2


def test_search_records_query_date_and_results(cldd_case, run, httpserver):
    body = {
        "query": "CLDD",
        "results": [
            {"url": "https://www.dagenssamhalle.se/a", "title": "Svalt intresse",
             "content": "generalsekreteraren ...", "engine": "bing"},
            {"url": "https://cldd.se/", "title": "CLDD", "content": "", "engines": ["ddg"]},
        ],
    }  # fmt: skip
    wanted = {"q": "CLDD återvandring", "format": "json"}
    httpserver.expect_request("/search", query_string=wanted).respond_with_json(body)
    toml = f'allow_private = true\nsearch_endpoint = "{httpserver.url_for("/")}"\n'
    (cldd_case / "verify.toml").write_text(toml, encoding="utf-8")
    result = run("search", "S1", "--query", "CLDD återvandring", "--json")
    assert result.code == 0, result.err
    search = json.loads(result.out)
    assert search["id"] == "Q1" and search["as_of"] == "2024-02-02"
    assert [r["id"] for r in search["results"]] == ["R1", "R2"]
    assert search["results"][1]["engine"] == "ddg"
    promoted = run("finding", "add", "S1", "--from-result", "R1", "--no-capture", "--json")
    assert promoted.code == 0, promoted.err
    finding = json.loads(promoted.out)["finding"]
    assert finding["url"] == "https://www.dagenssamhalle.se/a"
    assert finding["search_result_id"] == "R1"
    listed = json.loads(run("search", "S1", "--list", "--json").out)
    assert listed[0]["query"] == "CLDD återvandring"


def test_search_failure_is_recorded_and_one_line(cldd_case, run, httpserver):
    httpserver.expect_request("/search").respond_with_data("<html>no</html>", status=200)
    toml = f'allow_private = true\nsearch_endpoint = "{httpserver.url_for("/")}"\n'
    (cldd_case / "verify.toml").write_text(toml, encoding="utf-8")
    result = run("search", "S1")
    assert result.code == 5 and result.err.count("\n") == 1
    assert json.loads(run("search", "S1", "--list", "--json").out)[0]["status"] == "failed"


def test_search_without_endpoint_says_how(cldd_case, run):
    result = run("search", "S1")
    assert result.code == 2 and "search_endpoint" in result.err


def test_default_query(cldd_case):
    from verify.steps.case import open_case
    from verify.store.register import load_source

    with open_case(cldd_case) as ctx:
        query = default_query(load_source(ctx.store, "S1"))
    assert query.startswith('"Centre for Local Development and Diaspora" CLDD')


def test_finding_with_url_is_checked_and_its_quote_matched(cldd_case, run, httpserver):
    httpserver.expect_request("/artikel").respond_with_data(
        ARTICLE, content_type="text/html; charset=utf-8"
    )
    url = httpserver.url_for("/artikel")
    result = run("finding", "add", "S1", "--text", "Artikel i Dagens Samhälle", "--url", url,
                 "--quote", QUOTE, "--json")  # fmt: skip
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert out["check"]["status"] == "ok" and out["check"]["finding"] == "F1"
    assert out["quote_match"]["claim"] == "F1"
