"""Captures made by other tools of a URL that redirects: wget and warcio's capture_http, run here
against a local server, and a revisit that repeats a record in the same file. The snapshot is
the final page, with the chain kept; a revisit reads its original's payload."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ..conftest import missing_tool
from .conftest import article

PAGE = article("Flyttad rapport", "Rapporten ligger nu på en ny adress.")


def _serve(site) -> str:
    site.page("/ny-adress", PAGE)
    return site.redirect("/gammal-adress", "/ny-adress")


def _check_import(run, path: Path, start: str, site) -> dict:
    run("source", "add", start)
    result = run("import", str(path), "--source", "S1", "--json")
    assert result.code == 0, result.err
    snap = json.loads(result.out)
    assert snap["url"] == start and snap["final_url"] == site.url("/ny-adress")
    assert snap["http_status"] == 200 and snap["payload_size"] == len(PAGE)
    assert snap["title"] == "Flyttad rapport"
    [hop] = snap["import"]["redirects"]
    assert hop["status"] == 301 and hop["url"] == start and hop["location"] == "/ny-adress"
    assert "Rapporten ligger nu på en ny adress." in run("snapshot", "text", "SN1").out
    text = run("import", str(path), "--source", "S1").out
    assert f"Followed the redirects in the file: {start} (301) → {site.url('/ny-adress')}." in text
    assert run("audit").code == 0
    return snap


def test_a_wget_warc_of_a_redirecting_url_gives_the_page(run, case_dir, site, tmp_path):
    wget = shutil.which("wget")
    if wget is None:
        missing_tool("wget is not installed (.ci/run installs it)")
    start = _serve(site)
    done = subprocess.run(
        [wget, "--quiet", "--no-config", f"--warc-file={tmp_path / 'wget'}", "--no-warc-keep-log",
         "-O", str(tmp_path / "page.html"), start],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    _check_import(run, tmp_path / "wget.warc.gz", start, site)


CAPTURE = """
import sys
from warcio.capture_http import capture_http
import requests  # after capture_http, which patches http.client

with capture_http(sys.argv[1]):
    requests.get(sys.argv[2], timeout=30)
"""


def test_a_capture_http_warc_of_a_redirecting_url_gives_the_page(run, case_dir, site, tmp_path):
    start = _serve(site)
    out = tmp_path / "capture.warc.gz"
    # In a process of its own: capture_http patches http.client for the whole interpreter.
    done = subprocess.run([sys.executable, "-c", CAPTURE, str(out), start], capture_output=True,
                          text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    _check_import(run, out, start, site)


def _record(writer, kind, url, body, date, **extra):
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    if kind == "revisit":
        return writer.create_revisit_record(
            url, extra.pop("digest"), extra.pop("refers_uri"), extra.pop("refers_date"),
            http_headers=http, warc_headers_dict={"WARC-Date": date, **extra},
        )  # fmt: skip
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                     length=len(body), http_headers=http,
                                     warc_headers_dict={"WARC-Date": date})  # fmt: skip


def test_a_revisit_reads_the_payload_of_the_record_it_repeats(run, case_dir, tmp_path):
    path = tmp_path / "dedup.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        original = _record(writer, "response", "http://a.example/rapport", PAGE,
                           "2024-01-10T08:00:00Z")  # fmt: skip
        writer.write_record(original)
        revisit = _record(
            writer, "revisit", "http://b.example/rapport", b"", "2024-02-01T08:00:00Z",
            digest=original.rec_headers.get_header("WARC-Payload-Digest"),
            refers_uri="http://a.example/rapport", refers_date="2024-01-10T08:00:00Z",
            **{"WARC-Refers-To": original.rec_headers.get_header("WARC-Record-ID")},
        )  # fmt: skip
        writer.write_record(revisit)
    run("source", "add", "http://b.example/rapport")
    result = run("import", str(path), "--source", "S1", "--json")
    assert result.code == 0, result.err
    snap = json.loads(result.out)
    assert snap["final_url"] == "http://b.example/rapport"
    assert snap["captured_at"] == "2024-02-01T08:00:00Z"  # when the revisit was made
    assert snap["payload_size"] == len(PAGE) and snap["title"] == "Flyttad rapport"
    taken = snap["import"]["payload_from"]
    assert taken == "record 1 (response http://a.example/rapport, offset 0)"
    assert any("repeats record 1" in note for note in snap["import"]["notes"])
    assert run("snapshot", "open", "SN1").code == 0
    assert run("audit").code == 0
