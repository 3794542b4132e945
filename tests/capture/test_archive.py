"""`verify archive` and the snapshot commands, against local servers."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from verify.capture.pagetext import extract_html
from verify.capture.warc import scan_warc

from ..conftest import shared_path
from .conftest import article, objects_of, reply

BIN = Path(sys.executable).parent


def obj(case: Path, digest: str) -> Path:
    return case / "cache" / "objects" / "sha256" / digest[:2] / digest[2:]


def show(run, snap: str) -> dict:
    result = run("snapshot", "show", snap, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def warcio(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "warcio"), *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_archive_writes_a_checkable_warc_with_every_hop(run, case_dir, site):
    site.page("/report", article("Rapport om återvandring", "Fyrtio procent vill återvandra."))
    start = site.redirect("/r", "/report")
    assert run("source", "add", start, "--claim", "40 procent vill återvandra").code == 0
    result = run("archive", "--allow-private", "--json")
    assert result.code == 0, result.err
    [outcome] = json.loads(result.out)
    snap = outcome["snapshot"]
    assert snap["id"] == "SN1" and snap["http_status"] == 200
    assert snap["final_url"] == site.url("/report") and snap["status"] == "redirected"
    assert snap["captured_at"].endswith("Z") and snap["language"] == "sv"
    warc = obj(case_dir, snap["warc_sha256"])
    checked = warcio("check", "-v", str(warc))
    assert checked.returncode == 0 and "failed" not in checked.stdout, checked.stdout
    assert checked.stdout.count("digest pass") == 6
    index = warcio("index", "-f", "warc-type,warc-target-uri,http:status", str(warc))
    lines = [json.loads(x) for x in index.stdout.splitlines()]
    assert [x["warc-type"] for x in lines] == [
        "warcinfo", "request", "response", "request", "response", "metadata",
    ]  # fmt: skip
    assert [x.get("http:status") for x in lines if x["warc-type"] == "response"] == ["301", "200"]
    raw = gzip.decompress(warc.read_bytes())
    assert b"WARC/1.1" in raw and b"WARC-Block-Digest: sha256:" in raw
    assert b"WARC-Payload-Digest: sha256:" in raw and b"Accept-Encoding: identity" in raw
    meta = raw[raw.rindex(b"WARC/1.1\r\n") :]
    assert b"WARC-Concurrent-To: " + snap["record_id"].encode() in meta
    assert b"Content-Type: application/warc-fields\r\n" in meta  # replay tools skip it
    fields = dict(
        line.split(": ", 1) for line in meta[meta.index(b"\r\n\r\n") + 4 :].decode().splitlines()
        if ": " in line
    )  # fmt: skip
    assert fields["source"] == "S1" and fields["check-status"] == "redirected"
    body = json.loads(fields["json-metadata"])
    assert body["source"]["id"] == "S1" and body["claims"][0]["id"] == "C1"
    assert body["check"]["status"] == "redirected" and body["text"]["sha256"] == snap["text_sha256"]
    text = run("snapshot", "text", "SN1").out
    assert "Fyrtio procent vill återvandra." in text
    shown = show(run, "SN1")
    assert shown["page"]["author"] == "Anna Andersson" and shown["page"]["date"] == "2023-05-04"
    listed = json.loads(run("snapshot", "list", "S1", "--json").out)
    assert [s["id"] for s in listed] == ["SN1"]
    assert run("audit").code == 0


def test_same_inputs_give_byte_identical_warcs(run, tmp_path, site, monkeypatch, clock):
    from verify.cli import main
    from verify.timeutil import fixed_clock

    url = site.page("/a", article("Samma sida", "Exakt samma innehåll."))
    blobs = []
    for name in ("one", "two"):
        case = tmp_path / name
        c = fixed_clock("2024-02-02T09:00:00Z", step_seconds=1)
        assert main(["init", str(case), "--officer", "T"], clock=c) == 0
        assert main(["--case", str(case), "source", "add", url], clock=c) == 0
        assert main(["--case", str(case), "archive", "--allow-private"], clock=c) == 0
        warcs = [p for p in objects_of(case) if p.read_bytes()[:2] == b"\x1f\x8b"]
        assert len(warcs) == 1
        blobs.append(warcs[0].read_bytes())
    assert blobs[0] == blobs[1]


def test_same_payload_again_is_a_revisit_without_a_second_copy(run, case_dir, site):
    body = article("Oförändrad", "Sidan ändras inte.") * 20
    url = site.page("/same", body)
    run("source", "add", url)
    assert run("archive", "--allow-private").code == 0
    assert run("archive", "--allow-private").code == 0
    one, two = show(run, "SN1"), show(run, "SN2")
    assert two["revisit_of"] == "SN1" and one["captured_at"] != two["captured_at"]
    assert one["payload_sha256"] == two["payload_sha256"]
    assert two["warc_size"] < len(body) / 4  # the bytes are stored once
    assert one["text_sha256"] == two["text_sha256"]
    scan = scan_warc(obj(case_dir, two["warc_sha256"]))
    assert scan.ok and [r.type for r in scan.records].count("revisit") == 1
    diff = json.loads(run("snapshot", "diff", "SN1", "SN2", "--json").out)
    assert diff["same_payload"] and not diff["drifted"]
    assert Path(run("snapshot", "open", "SN2").out.strip()).is_file()
    assert run("audit").code == 0


def test_diff_reports_drift(run, case_dir, site):
    versions = [article("Sida", "Första versionen."), article("Sida", "Andra versionen.")]
    served = []

    def route(h):
        served.append(1)
        reply(h, 200, versions[min(len(served), 2) - 1])

    site.routes["/page"] = route
    run("source", "add", site.url("/page"))
    run("archive", "--allow-private")
    run("archive", "--allow-private")
    result = run("snapshot", "diff", "SN1", "SN2")
    assert result.code == 0
    assert "the text has drifted" in result.out
    assert "+Andra versionen." in result.out and "-Första versionen." in result.out
    data = json.loads(run("snapshot", "diff", "SN1", "SN2", "--json").out)
    assert data["drifted"] and not data["same_payload"] and 0 < data["similarity"] < 1


def test_open_writes_a_page_without_scripts_or_external_loads(run, case_dir, site):
    hostile = (
        b"<html><head><script src='https://evil.example/x.js'></script>"
        b"<link rel=stylesheet href='https://evil.example/a.css'>"
        b"<meta http-equiv='refresh' content='0;url=https://evil.example'></head>"
        b"<body onload='steal()'><h1>Rubrik</h1><p>Text om budgeten.</p>"
        b"<a href='javascript:alert(1)'>klick</a><img src=x onerror='steal()'>"
        b"<iframe src='https://evil.example'></iframe><object data='x.swf'></object>"
        b"<embed src='x.swf'><svg><script>alert(2)</script></svg>"
        b"<form action='https://evil.example/post'><button formaction='javascript:x'>b</button>"
        b"</form></body></html>"
    )
    url = site.page("/hostile", hostile)
    run("source", "add", url)
    run("archive", "--allow-private")
    result = run("snapshot", "open", "SN1")
    assert result.code == 0
    page = Path(result.out.strip()).read_text(encoding="utf-8")
    low = page.lower()
    for bad in ("<script", "onload", "onerror", "javascript:", "<iframe", "<object", "<embed",
                "<link", "evil.example", "http-equiv=\"refresh\""):  # fmt: skip
        assert bad not in low, bad
    assert "default-src 'none'; img-src data:; style-src 'unsafe-inline'" in page
    assert "Content-Security-Policy" in page and url in page and "2024-02-02T" in page
    assert "Text om budgeten." in page


def test_gzip_body_when_the_server_ignores_identity(run, case_dir, site):
    url = site.page("/gz", article("Packad", "Servern packar ändå."), gzipped=True)
    run("source", "add", url)
    assert run("archive", "--allow-private").code == 0
    snap = show(run, "SN1")
    assert "Servern packar ändå." in run("snapshot", "text", "SN1").out
    assert warcio("check", str(obj(case_dir, snap["warc_sha256"]))).returncode == 0
    assert "Servern packar" in Path(run("snapshot", "open", "SN1").out.strip()).read_text("utf-8")


def test_too_large_stops_at_the_cap(run, case_dir, site):
    (case_dir / "verify.toml").write_text("max_body = 100000\n", encoding="utf-8")
    site.routes["/big"] = lambda h: reply(h, 200, b"x" * 2_000_000, "application/octet-stream")
    run("source", "add", site.url("/big"))
    outcome = json.loads(run("archive", "--allow-private", "--json").out)[0]
    assert outcome["status"] == "too_large"
    snap = outcome["snapshot"]
    assert snap["payload_size"] == 100000 and snap["status"] == "too_large"
    warc = obj(case_dir, snap["warc_sha256"])
    assert b"WARC-Truncated: length" in gzip.decompress(warc.read_bytes())
    assert warcio("check", str(warc)).returncode == 0
    assert run("audit").code == 0


def test_pdf_source_gives_text_per_page(run, case_dir, site, tmp_path):
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    pdf = tmp_path / "survey.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(72, 720, "Enkaten visar att fyrtio procent vill flytta.")
    c.showPage()
    c.drawString(72, 720, "Metod: 1200 svarande i tre kommuner.")
    c.save()
    url = site.page("/survey.pdf", pdf.read_bytes(), "application/pdf")
    run("source", "add", url, "--kind", "survey")
    assert run("archive", "--allow-private").code == 0
    text = run("snapshot", "text", "SN1").out
    assert "fyrtio procent" in text and "1200 svarande" in text
    assert show(run, "SN1")["page"]["pages"] == 2
    page = Path(run("snapshot", "open", "SN1").out.strip()).read_text(encoding="utf-8")
    assert "1200 svarande" in page and "<script" not in page


def test_save_page_now_is_recorded_as_a_second_witness(run, case_dir, site):
    url = site.page("/witness", article("Vittne", "Andra vittnet."))
    site.routes["/save"] = lambda h: reply(
        h, 200, json.dumps({"url": url, "job_id": "spn2-abc"}).encode(), "application/json"
    )
    site.routes["/save/status/spn2-abc"] = lambda h: reply(
        h,
        200,
        json.dumps(
            {"status": "success", "timestamp": "20240202090105", "original_url": url}
        ).encode(),
        "application/json",
    )
    (case_dir / "verify.toml").write_text(
        f'spn_endpoint = "{site.url("/save")}"\n', encoding="utf-8"
    )
    run("source", "add", url)
    outcome = json.loads(run("archive", "--allow-private", "--spn", "--json").out)[0]
    snap = outcome["snapshot"]
    assert snap["witness_url"] == f"https://web.archive.org/web/20240202090105/{url}"
    assert snap["witness_at"] == "2024-02-02T09:01:05Z"
    assert outcome["witness"]["job_id"] == "spn2-abc"


def test_unknown_snapshot_is_one_line(run, case_dir):
    result = run("snapshot", "show", "SN9")
    assert result.code == 2 and "SN9" in result.err and result.err.count("\n") == 1


def _corpus_pages(count: int) -> list[tuple[str, bytes, str]]:
    out = []
    readability = shared_path("corpus", "pages-readability")
    index = json.loads((readability / "index.json").read_text(encoding="utf-8"))
    for item in index[: count // 2]:
        page = readability / "pages" / item["page"]
        html = (page / "source.html").read_bytes()
        from bs4 import BeautifulSoup

        expected = BeautifulSoup((page / "expected.html").read_text("utf-8"), "html.parser")
        out.append((item["page"], html, expected.get_text("\n")))
    zyte = shared_path("corpus", "pages-scrapinghub")
    truth = json.loads((zyte / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth)[: count - len(out)]:
        html = gzip.decompress((zyte / "html" / f"{key}.html.gz").read_bytes())
        out.append((key, html, truth[key]["articleBody"]))
    return out


def _sentences(text: str) -> tuple[str, str]:
    lines = [x.strip() for x in text.splitlines() if len(x.strip()) > 30]
    first = lines[0].split(". ")[0] if lines else ""
    last = lines[-1].split(". ")[-1] if lines else ""
    return first, last


def test_corpus_pages_keep_their_text(run, case_dir, site):
    pages = _corpus_pages(16)
    for i, (name, html, _) in enumerate(pages):
        site.page(f"/p{i}/{name[:20]}", html, gzipped=i % 3 == 0)
        run("source", "add", site.url(f"/p{i}/{name[:20]}"))
    result = run("archive", "--allow-private", "--json")
    assert result.code == 0, result.err
    outcomes = json.loads(result.out)
    assert all(o["snapshot"] for o in outcomes)
    found = 0
    for outcome, (_, html, truth) in zip(outcomes, pages, strict=True):
        snap = outcome["snapshot"]
        archived = run("snapshot", "text", snap["id"]).out
        alone = extract_html(html, snap["url"]).text
        for sentence in _sentences(truth):
            if sentence and sentence in alone:
                found += 1
                assert sentence in archived
        check = warcio("check", str(obj(case_dir, snap["warc_sha256"])))
        assert check.returncode == 0, check.stdout
    assert found >= len(pages)  # most first/last sentences are found
    assert run("audit").code == 0
