"""`verify run`: from a motion to the note and the report in one command."""

from __future__ import annotations

import json
from pathlib import Path

MOTION = """Motion om frivillig återvandring

Dnr KS 2023/1387

En undersökning från Centre for Local Development and Diaspora (CLDD) har visat att
40 procent uppger att de vill återvandra direkt eller inom en snar framtid. Undersökningen
finns på {url}.

Enligt {report_url} har antalet ansökningar ökat med drygt 9 228 sedan 2020.
"""


def test_run_makes_the_case_and_ends_with_the_note_and_report(tmp_path, run, httpserver):
    httpserver.expect_request("/statistik").respond_with_data(
        "<html><head><title>Statistik</title></head><body><h1>Ansökningar</h1>"
        "<p>Antalet ansökningar har ökat med drygt 9 228 sedan 2020, visar statistiken.</p>"
        + "<p>Mer text om ansökningarna och deras utveckling över tid.</p>" * 20
        + "</body></html>",
        content_type="text/html; charset=utf-8",
    )
    httpserver.expect_request("/cdx").respond_with_json([])
    motion = tmp_path / "motion.txt"
    motion.write_text(
        MOTION.format(url="http://cldd.invalid/enkat", report_url=httpserver.url_for("/statistik")),
        encoding="utf-8",
    )
    case = tmp_path / "ärende"
    case.mkdir()
    (case / "verify.toml").write_text(
        "retries = 0\nhost_delay = 0.0\nmemento_timegates = []\n"
        f'cdx_endpoint = "{httpserver.url_for("/cdx")}"\n',
        encoding="utf-8",
    )
    result = run(
        "run", str(motion), "--case", str(case), "--date", "2024-01-15", "--allow-private", "--json"
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    note = Path(data["note"])
    assert note.name == "kallgranskning-KS-2023-1387-2024-01-15.md"
    assert Path(data["report"]).is_file() and Path(data["note_docx"]).is_file()
    assert len(data["snapshots"]) == 1
    methods = {(c["source"], c["method"]) for c in data["checks"]}
    assert ("S1", "live") in methods and ("S1", "archive") in methods
    text = note.read_text(encoding="utf-8")
    assert "domänen cldd.invalid finns inte" in text
    assert "ska skrivas här" in text  # no verdict yet: a placeholder, never the suggestion
    assert "Verktygets förslag" in text  # ... which the bilaga lists with its reasons
    assert "drygt 9 228" in text

    again = run(
        "run", str(motion), "--case", str(case), "--date", "2024-01-15", "--allow-private", "--json"
    )
    assert again.code == 0, again.err
    sources = json.loads(run("--case", str(case), "source", "list", "--json").out)
    assert len(sources) == len(json.loads(again.out)["sources"])
    assert run("--case", str(case), "log", "--verify").code == 0


def test_run_on_a_missing_motion_is_one_line(tmp_path, run):
    result = run("run", str(tmp_path / "nope.txt"), "--case", str(tmp_path / "c"))
    assert result.code == 4
    assert "no such file" in result.err and "Traceback" not in result.err
