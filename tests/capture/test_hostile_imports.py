"""Hostile archive files are refused or bounded, with one clear line (issue 11).

The bombs are generated here, small on disk: a WARC whose record is gzip of gzip of zeros,
a WACZ with an unlisted member of zeros, a pages.jsonl line of many megabytes, a WARC header
line without end, a record that declares 10 GiB and holds 200 bytes. Time and memory against
bomb size are measured in benchmarks/bench_import.py.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.conftest import store_dump


def _gzip_member(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6)


def zeros_deflated(size: int) -> bytes:
    """``size`` zero bytes, deflated (gzip), made without holding them in memory."""
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    block = b"\0" * (1 << 20)
    out = []
    for _ in range(size >> 20):
        out.append(comp.compress(block))
    out.append(comp.flush())
    return b"".join(out)


def _warc_record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    lines = ["WARC/1.1", *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def _response(url: str, http: bytes, declared: int | None = None) -> bytes:
    return _warc_record(
        [
            ("WARC-Type", "response"),
            ("WARC-Record-ID", "<urn:uuid:00000000-0000-0000-0000-000000000001>"),
            ("WARC-Date", "2024-02-02T09:00:00Z"),
            ("WARC-Target-URI", url),
            ("Content-Type", "application/http; msgtype=response"),
            ("Content-Length", str(declared if declared is not None else len(http))),
        ],
        http,
    )


URL = "https://cldd.se/undersokning"


@pytest.fixture
def source(case_dir, run):
    assert run("source", "add", URL, "--org", "CLDD").code == 0
    return case_dir


def _refused(run, case_dir, path: Path, *wanted: str) -> str:
    before = store_dump(case_dir)
    result = run("import", str(path), "--source", "S1")
    assert result.code == 4, (result.out, result.err)
    assert result.err.startswith("Error: ") and len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    for text in wanted:
        assert text in result.err, result.err
    assert store_dump(case_dir) == before
    tmp = case_dir / "cache" / "tmp"
    assert not tmp.exists() or not [p for p in tmp.iterdir() if p.is_file()]
    return result.err


def test_a_chunked_gzip_bomb_is_bounded(source, run, tmp_path):
    """The record's body is chunked, and what it carries is gzip of 64 MB of zeros: the
    payload is kept as transferred (small), its text is decoded at most up to a limit."""
    body = zeros_deflated(64 << 20)
    chunked = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Encoding: gzip\r\n\r\n" + chunked
    )
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(_gzip_member(_response(URL, http)))
    assert path.stat().st_size < 200_000
    result = run("import", str(path), "--source", "S1", "--json")
    assert result.code == 0, result.err
    snap = json.loads(result.out)
    assert snap["payload_size"] == len(body)  # as transferred, not 64 MB decoded to disk
    assert run("audit").code == 0


def test_a_warc_that_decompresses_beyond_reason_is_refused(source, run, tmp_path):
    """One small gzip member holding 64 MB of zeros after the record: a bomb."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>hi</html>"
    record = _response(URL, http)
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    data = comp.compress(record)
    block = b"\0" * (1 << 20)
    for _ in range(64):
        data += comp.compress(block)
    data += comp.flush()
    path = tmp_path / "zeros.warc.gz"
    path.write_bytes(data)
    _refused(run, source, path, "cannot be read")


def test_an_endless_header_line_is_refused(source, run, tmp_path):
    path = tmp_path / "line.warc.gz"
    path.write_bytes(
        _gzip_member(b"WARC/1.1\r\nWARC-Type: response\r\nX-Long: " + b"A" * (16 << 20))
    )
    _refused(run, source, path, "longer than 65536 bytes")


def test_a_record_that_declares_10_gib_and_holds_200_bytes_is_refused(source, run, tmp_path):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + b"x" * 150
    path = tmp_path / "liar.warc"
    path.write_bytes(_response(URL, http, declared=10 * 1024**3))
    _refused(run, source, path, "declares 10737418240 bytes")


def test_a_record_shorter_than_it_declares_is_refused(source, run, tmp_path):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + b"x" * 150
    path = tmp_path / "short.warc"
    path.write_bytes(_response(URL, http, declared=10_000)[:-4])
    _refused(run, source, path, "holds", "of the 10000 bytes it declares")


def _wacz(path: Path, members: list[tuple[str, bytes, int]], listed: list[str]) -> None:
    warc = _response(URL, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>ok</html>")
    resources = []
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("archive/data.warc", warc, compress_type=zipfile.ZIP_STORED)
        import hashlib

        resources.append({"name": "data.warc", "path": "archive/data.warc",
                          "hash": "sha256:" + hashlib.sha256(warc).hexdigest()})  # fmt: skip
        for name, data, method in members:
            zf.writestr(name, data, compress_type=method)
            if name in listed:
                digest = "sha256:" + hashlib.sha256(data).hexdigest()
                resources.append({"name": name, "path": name, "hash": digest})
        package = {"profile": "data-package", "wacz_version": "1.1.1", "resources": resources}
        zf.writestr("datapackage.json", json.dumps(package))


def test_an_unlisted_zero_member_is_refused_fast(source, run, tmp_path):
    path = tmp_path / "zeros.wacz"
    _wacz(path, [("archive/zeros.warc", b"\0" * (64 << 20), zipfile.ZIP_DEFLATED)], [])
    _refused(run, source, path, "archive/zeros.warc", "decompression bomb")


def test_a_stored_zero_member_is_read_in_linear_time(source, run, tmp_path):
    path = tmp_path / "stored.wacz"
    _wacz(path, [("archive/zeros.warc", b"\0" * (16 << 20), zipfile.ZIP_STORED)], [])
    _refused(run, source, path, "archive/zeros.warc")


def test_a_huge_pages_line_is_skipped_not_held(source, run, tmp_path):
    line = b'{"url": "' + b"a" * (20 << 20) + b'"}\n'
    ok = json.dumps({"url": URL, "ts": "2024-02-02T09:00:00Z"}).encode() + b"\n"
    header = b'{"format": "json-pages-1.0", "id": "pages"}\n'
    path = tmp_path / "pages.wacz"
    _wacz(path, [("pages/pages.jsonl", header + line + ok, zipfile.ZIP_STORED)],
          ["pages/pages.jsonl"])  # fmt: skip
    result = run("import", str(path), "--source", "S1", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["final_url"] == URL


def test_broken_zip_and_cut_gzip(source, run, tmp_path):
    cut = tmp_path / "cut.warc.gz"
    whole = _gzip_member(_response(URL, b"HTTP/1.1 200 OK\r\n\r\n" + b"x" * 5000))
    cut.write_bytes(whole[: len(whole) // 2])
    _refused(run, source, cut, "cut.warc.gz")
    bad = tmp_path / "bad.wacz"
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        zf.writestr("datapackage.json", "{not json")
    bad.write_bytes(data.getvalue())
    _refused(run, source, bad, "datapackage.json")
