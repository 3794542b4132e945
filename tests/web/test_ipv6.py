"""IPv6 literals are URLs like any other, under the same address policy (issue 11)."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from verify.config import Settings
from verify.urls import normalize_url
from verify.web.check import check_url
from verify.web.client import HttpClient
from verify.web.policy import address_allowed


@pytest.mark.parametrize(
    ("ip", "allowed"),
    [
        ("2606:4700::1111", True),  # a public address
        ("::ffff:8.8.8.8", True),  # mapped, public inside
        ("2002:808:808::", True),  # 6to4 of a public address
        ("64:ff9b::808:808", True),  # NAT64 of a public address
        ("::1", False),  # loopback
        ("fd12:3456::1", False),  # unique local (ULA)
        ("fe80::1", False),  # link-local
        ("::ffff:10.0.0.1", False),  # mapped private
        ("::ffff:127.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("2002:a9fe:a9fe::", False),  # 6to4 of 169.254.169.254 (cloud metadata)
        ("2002:c0a8:101::", False),  # 6to4 of 192.168.1.1
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo to a reserved client
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
        ("64:ff9b:1::808:808", False),  # local-use NAT64
        ("::", False),
    ],
)
def test_ipv6_address_policy(ip, allowed):
    assert address_allowed(ip) is allowed


def test_ipv6_literal_urls_are_valid():
    assert normalize_url("https://[2606:4700:0:0::1111]/x") == "https://[2606:4700::1111]/x"
    assert normalize_url("http://[::1]:8080/") == "http://[::1]:8080/"
    with pytest.raises(Exception, match="IPv6"):
        normalize_url("http://[fffff::1]/")


def _ipv6_server():
    class V6(ThreadingHTTPServer):
        address_family = socket.AF_INET6

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            body = b"<html><head><title>v6</title></head><body>" + b"<p>ok text</p>" * 50
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body) + 7))
            self.end_headers()
            self.wfile.write(body + b"</body>")

    try:
        server = V6(("::1", 0), H)
    except OSError:
        pytest.skip("IPv6 loopback is not available here")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_an_ipv6_literal_is_checked_under_the_policy():
    server = _ipv6_server()
    url = f"http://[::1]:{server.server_address[1]}/page"
    try:
        refused = Settings(retries=0)
        with HttpClient(refused) as client:
            result = check_url(client, url, None, refused, probes=False)
        assert result.status == "refused" and "::1" in (result.error or "")
        allowed = Settings(retries=0, allow_private=True)
        with HttpClient(allowed) as client:
            result = check_url(client, url, None, allowed, probes=False)
        assert result.status == "ok", (result.status, result.error)
        assert result.ip == "::1"
    finally:
        server.shutdown()
        server.server_close()
