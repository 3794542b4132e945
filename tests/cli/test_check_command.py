"""`verify check` stores each result, keeps the history, and looks in archives for past dates."""

from __future__ import annotations

import json

import pytest
from werkzeug import Response

from tests.conftest import store_dump


@pytest.fixture
def served(httpserver):
    httpserver.expect_request("/report").respond_with_data(
        "<html><head><title>Rapport om återvandring</title></head><body><h1>Rapport</h1>"
        + "<p>Text om undersökningen och dess resultat. </p>" * 30
        + "</body></html>",
        content_type="text/html; charset=utf-8",
    )
    httpserver.expect_request("/gone").respond_with_data("Not here", status=404)
    return httpserver


def _settings(case_dir, extra=""):
    (case_dir / "verify.toml").write_text(
        "connect_timeout = 2.0\nread_timeout = 2.0\ndeadline = 5.0\nretries = 0\n"
        "host_delay = 0.0\n" + extra,
        encoding="utf-8",
    )


def test_live_check_is_stored_and_kept_in_history(case_dir, run, served):
    _settings(case_dir)
    assert run("source", "add", served.url_for("/report"), "--title", "Rapport").code == 0
    assert run("source", "add", served.url_for("/gone"), "--title", "Borta").code == 0
    result = run("check", "--allow-private", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["method"] == "live" and data["as_of"] == "2024-02-02"
    by_source = {r["source"]: r for r in data["results"]}
    assert by_source["S1"]["status"] == "ok" and by_source["S1"]["http_status"] == 200
    assert by_source["S1"]["title"] == "Rapport om återvandring"
    assert by_source["S2"]["status"] == "not_found"
    for record in data["results"]:
        assert {
            "source",
            "url",
            "method",
            "as_of",
            "checked_at",
            "status",
            "http_status",
            "final_url",
            "redirects",
            "signals",
        } <= set(record)
    first_id = by_source["S2"]["id"]
    again = json.loads(run("check", "S2", "--allow-private", "--json").out)
    assert again["results"][0]["id"] == "K3"
    shown = json.loads(run("source", "show", "S2", "--json").out)
    assert [c["id"] for c in shown["checks"]] == [first_id, "K3"]
    text = run("source", "show", "S2")
    assert "not_found; HTTP 404" in text.out
    log = json.loads(run("log", "--json").out)
    checks = [i for e in log if e["command"] == "check" for i in e["ids"] if i.startswith("K")]
    assert checks == ["K1", "K2", "K3"]  # stored in batches: every check is in an event
    assert run("log", "--verify").code == 0


def test_private_addresses_are_refused_by_default(case_dir, run, served):
    _settings(case_dir)
    run("source", "add", served.url_for("/report"), "--title", "Rapport")
    data = json.loads(run("check", "--json").out)
    assert data["results"][0]["status"] == "refused"


CDX_FIELDS = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
CDX_ROWS = [
    ["se,cldd)/", "20240110120000", "https://cldd.se/", "text/html", "200", "AAA", "100"],
    ["se,cldd)/", "20240301120000", "https://cldd.se/", "text/html", "404", "BBB", "100"],
]


def cdx_server(request):
    """A CDX server answering as the Wayback CDX API documents: from/to, fl, limit."""
    args = request.args
    rows = [dict(zip(CDX_FIELDS, r, strict=True)) for r in CDX_ROWS]
    lo = args.get("from", "0").ljust(14, "0")
    hi = args.get("to", "9").ljust(14, "9")
    rows = [r for r in rows if lo <= r["timestamp"] <= hi]
    limit = int(args.get("limit", "0") or 0)
    if limit > 0:
        rows = rows[:limit]
    elif limit < 0:
        rows = rows[limit:]
    fields = args.get("fl", ",".join(CDX_FIELDS)).split(",")
    table = [fields] + [[r[f] for f in fields] for r in rows] if rows else []
    return Response(json.dumps(table), content_type="application/json")


def test_past_date_uses_the_web_archives(case_dir, run, httpserver):
    httpserver.expect_request("/cdx").respond_with_handler(cdx_server)
    _settings(case_dir, f'cdx_endpoint = "{httpserver.url_for("/cdx")}"\nmemento_timegates = []\n')
    run("source", "add", "https://cldd.se/", "--org", "CLDD")
    result = run("check", "--date", "2024-02-01", "--allow-private", "--json")
    assert result.code == 0, result.err
    record = json.loads(result.out)["results"][0]
    assert record["method"] == "archive" and record["status"] == "archived"
    assert record["as_of"] == "2024-02-01"
    relations = {c["relation"]: c for c in record["captures"]}
    assert relations["before"]["timestamp"].startswith("2024-01-10")
    assert relations["after"]["http_status"] == 404


def test_archive_that_fails_is_reported(case_dir, run, httpserver):
    httpserver.expect_request("/cdx").respond_with_response(Response("busy", status=503))
    _settings(case_dir, f'cdx_endpoint = "{httpserver.url_for("/cdx")}"\nmemento_timegates = []\n')
    run("source", "add", "https://cldd.se/", "--org", "CLDD")
    record = json.loads(run("check", "--date", "2024-02-01", "--allow-private", "--json").out)
    assert record["results"][0]["status"] == "archive_unreachable"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--date", "2024-02-03"], "it is after today (2024-02-02)"),
        (["--date", "2024-02-30"], "invalid date '2024-02-30'"),
        (["S9"], "no source 'S9'"),
        (["S2"], "none of the named sources has a URL"),
    ],
)
def test_check_bad_input(case_dir, run, args, says):
    run("source", "add", "https://example.se/", "--title", "x")
    run("source", "add", "--designation", "SOU 2019:30")
    before = store_dump(case_dir)
    result = run("check", *args)
    assert result.code == 2
    assert says in result.err
    assert store_dump(case_dir) == before


def test_an_interrupted_run_keeps_what_was_done(case_dir, run, served):
    from verify import open_case
    from verify.steps.check import check_sources

    _settings(case_dir, "allow_private = true\nper_host = 1\nworkers = 1\n")
    for n in range(3):
        run("source", "add", served.url_for("/report") + f"?n={n}", "--title", f"R{n}")

    def stop_after_first(done, total, result, pending):
        raise KeyboardInterrupt

    with open_case(case_dir) as ctx:
        with pytest.raises(KeyboardInterrupt):
            check_sources(ctx, progress=stop_after_first)
    checks = [json.loads(run("source", "show", f"S{n}", "--json").out)["checks"] for n in (1, 2, 3)]
    assert 1 <= sum(len(c) for c in checks) < 6  # what arrived was stored; not all were made
    assert run("log", "--verify").code == 0


def test_json_and_jsonl_stream(case_dir, run, served):
    _settings(case_dir, "allow_private = true\n")
    for n in range(3):
        assert (
            run("source", "add", served.url_for("/report") + f"?n={n}", "--title", f"R{n}").code
            == 0
        )
    lines = run("check", "--jsonl").out.strip().splitlines()
    items = [json.loads(line) for line in lines]
    assert [i["id"] for i in items[:-1]] == ["K1", "K2", "K3"]
    assert items[-1]["summary"]["stored"] == 3 and "results" not in items[-1]["summary"]
    document = json.loads(run("check", "--json").out)
    assert [r["id"] for r in document["results"]] == ["K4", "K5", "K6"]
    assert document["stored"] == 3 and document["method"] == "live"


def test_a_sink_keeps_no_results_in_memory(case_dir, run, served):
    from verify import open_case
    from verify.steps.check import check_sources

    _settings(case_dir, "allow_private = true\n")
    for n in range(4):
        run("source", "add", served.url_for("/report") + f"?n={n}", "--title", f"R{n}")
    seen = []
    with open_case(case_dir) as ctx:
        result = check_sources(ctx, date=ctx.case.date, sink=seen.append)
    assert result.results == [] and result.stored == len(seen) == 4
