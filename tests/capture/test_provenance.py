"""Provenance of a capture: the request record is what we sent, and an https capture keeps the
certificates the server presented (PEM in the WARC, described in the snapshot and the report)."""

from __future__ import annotations

import gzip
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import trustme

from verify.capture.warc import scan_warc

from .conftest import article
from .test_archive import obj, show

PAGE = article("Proveniens", "Sidan hämtades över TLS.")


def _server(protocol: str, received: list[bytes], tls: ssl.SSLContext | None = None):
    class H(BaseHTTPRequestHandler):
        protocol_version = protocol

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            lines = [self.raw_requestline.rstrip(b"\r\n")]
            lines += [f"{k}: {v}".encode("latin-1") for k, v in self.headers.items()]
            received.append(b"\r\n".join(lines) + b"\r\n\r\n")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

    server = ThreadingHTTPServer(("127.0.0.1", 0), H)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _records(path):
    raw = gzip.decompress(path.read_bytes())
    return [b"WARC/1.1\r\n" + part for part in raw.split(b"WARC/1.1\r\n")[1:]]


def test_the_request_record_is_the_request_we_sent_to_an_http_1_0_server(run, case_dir):
    received: list[bytes] = []
    server = _server("HTTP/1.0", received)
    try:
        url = f"http://127.0.0.1:{server.server_port}/old?a=1"
        run("source", "add", url)
        assert run("archive", "--allow-private").code == 0
        snap = show(run, "SN1")
        records = _records(obj(case_dir, snap["warc_sha256"]))
        request = next(r for r in records if b"WARC-Type: request" in r)
        block = request[request.index(b"\r\n\r\n") + 4 :]
        assert block.startswith(b"GET /old?a=1 HTTP/1.1\r\n")  # not the server's HTTP/1.0
        [sent] = [r for r in received if r.startswith(b"GET /old?a=1 ")]  # not the 404 probes
        assert block == sent + b"\r\n\r\n"  # the head, then the end of the record
        response = next(r for r in records if b"WARC-Type: response" in r)
        assert b"\r\n\r\nHTTP/1.0 200 OK\r\n" in response
        hops = snap["provenance"]["hops"]
        assert hops[0]["request"].startswith("GET /old?a=1 HTTP/1.1\r\nHost: 127.0.0.1:")
        assert hops[0]["ip"] == "127.0.0.1" and "tls" not in hops[0]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def tls_site(tmp_path, case_dir):
    ca = trustme.CA()
    intermediate = ca.create_child_ca()
    leaf = intermediate.issue_cert("127.0.0.1")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf.configure_cert(context)  # the server presents the leaf and the intermediate
    bundle = tmp_path / "test-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    (case_dir / "verify.toml").write_text(f'ca_bundle = "{bundle}"\n', encoding="utf-8")
    received: list[bytes] = []
    server = _server("HTTP/1.1", received, context)
    yield f"https://127.0.0.1:{server.server_port}/tls", leaf, intermediate
    server.shutdown()
    server.server_close()


def test_an_https_capture_keeps_the_presented_chain(run, case_dir, tls_site):
    from cryptography import x509

    url, leaf, intermediate = tls_site
    run("source", "add", url)
    result = run("archive", "--allow-private", "--json")
    assert result.code == 0, result.err
    snap = show(run, "SN1")
    warc = obj(case_dir, snap["warc_sha256"])
    scan = scan_warc(warc)
    assert scan.ok, scan.problems
    [pem_record] = [r for r in scan.records if r.type == "resource"]
    port = url.split(":")[2].split("/")[0]
    assert pem_record.target_uri == f"file:///tls-certificates/127.0.0.1-{port}.pem"
    records = _records(warc)
    resource = next(r for r in records if b"WARC-Type: resource" in r)
    assert b"Content-Type: application/x-pem-file" in resource
    assert b"WARC-Concurrent-To: " + snap["record_id"].encode() in resource
    pem = resource[resource.index(b"\r\n\r\n") + 4 :]
    certs = x509.load_pem_x509_certificates(pem.strip())
    expected = [x509.load_pem_x509_certificate(b.bytes()) for b in leaf.cert_chain_pems[:2]]
    assert certs == expected  # leaf first, then the intermediate, as the server sent them
    assert intermediate is not None
    info = next(r for r in records if b"WARC-Type: warcinfo" in r)
    assert b"tls-certificates: 127.0.0.1:" + port.encode() + b": the chain as presented, 2" in info
    tls = snap["provenance"]["hops"][0]["tls"]
    assert tls["chain"] == "presented" and tls["version"].startswith("TLS")
    first = tls["certificates"][0]
    assert first["names"] == ["127.0.0.1"] and first["issuer"] == tls["certificates"][1]["subject"]
    assert first["not_before"].endswith("Z") and len(first["sha256"].split(":")) == 32
    assert run("audit").code == 0
    assert run("report").code == 0
    html = (case_dir / "reports" / "report.html").read_text(encoding="utf-8")
    assert first["sha256"] in html and "certifikatkedjan som servern visade den" in html
    assert "GET /tls HTTP/1.1" in html
