"""A body shorter than its Content-Length, or cut mid-body, is `truncated`, never `ok`."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

from verify.timeutil import fixed_clock
from verify.web.check import check_url
from verify.web.client import HttpClient

from .conftest import CLOCK, Site, make_settings


def _liar(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", str(10 * 1024**3))
    h.end_headers()
    h.wfile.write(b"<html><title>short</title>hi</html>")
    h.wfile.flush()
    h.close_connection = True


def _chunked_cut(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    h.wfile.write(b"20\r\n<html><title>cut</title>partial ")
    h.wfile.flush()
    h.close_connection = True


def test_a_body_shorter_than_declared_is_truncated(site: Site) -> None:
    site.route("/liar", _liar)
    site.route("/cut", _chunked_cut)
    settings = make_settings()
    with HttpClient(settings, fixed_clock(CLOCK)) as client:
        for path in ("/liar", "/cut"):
            result = check_url(client, site.url(path), None, settings, fixed_clock(CLOCK))
            assert result.status == "truncated", (path, result.status, result.signals)
            final = result.exchange.final
            assert final.body.truncated and final.body.truncated_why == "disconnect"
        ok = check_url(client, site.url("/ok"), None, settings, fixed_clock(CLOCK))
        assert ok.status == "ok" and not ok.exchange.final.body.truncated


def test_the_warc_says_truncated(case_dir, run, tmp_path) -> None:
    import json

    site = Site()
    site.route("/liar", _liar)
    try:
        (case_dir / "verify.toml").write_text("allow_private = true\n", encoding="utf-8")
        assert run("source", "add", site.url("/liar"), "--kind", "report").code == 0
        archived = json.loads(run("archive", "--json").out)[0]
        assert archived["status"] == "truncated"
        snap = archived["snapshot"]
        assert snap is not None and snap["status"] == "truncated"
        warc = case_dir / "cache" / "objects" / "sha256" / snap["warc_sha256"][:2]
        data = (warc / snap["warc_sha256"][2:]).read_bytes()
        import gzip

        assert b"WARC-Truncated: disconnect" in gzip.decompress(data)
        assessed = json.loads(run("assess", "S1", "--json").out)[0]
        assert assessed["availability"]["state"] == "restricted"
        assert run("audit").code == 0
    finally:
        site.close()
