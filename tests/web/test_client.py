"""The HTTP client against real local servers: policy, limits, evidence."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

import pytest

from verify.timeutil import fixed_clock
from verify.web.client import BROWSER_USER_AGENT, HttpClient
from verify.web.policy import address_allowed, resolve_checked

from .conftest import CLOCK, Site, make_settings, page, send


def test_evidence_of_a_redirect_chain(site: Site, client: HttpClient) -> None:
    ex = client.fetch(site.url("/temp"))
    assert ex.error is None
    assert [h.status for h in ex.hops] == [302, 301, 200]
    assert ex.final_url == site.url("/ok")
    first = ex.hops[0]
    assert first.location == "/moved"
    assert first.ip == "127.0.0.1"
    assert first.http_version == "HTTP/1.1"
    assert ("Host", site.base.removeprefix("http://")) in first.request_headers
    assert dict(first.request_headers)["User-Agent"] == ex.user_agent
    assert ex.user_agent.startswith("verify/") and "source-claim verification" in ex.user_agent
    last = ex.hops[-1]
    data = last.body.read()
    assert last.body.sha256 == hashlib.sha256(data).hexdigest()
    assert last.body.size == len(data) and not last.body.truncated
    assert last.response_headers[0][0] == "Server"  # raw, in order, original case


def test_close_removes_spooled_bodies(site: Site) -> None:
    c = HttpClient(make_settings(), fixed_clock(CLOCK))
    ex = c.fetch(site.url("/ok"))
    path = ex.hops[0].body.path
    assert path is not None and path.exists()
    c.close()
    assert not path.exists()


def test_browser_user_agent(site: Site) -> None:
    with HttpClient(make_settings(browser_user_agent=True)) as c:
        ex = c.fetch(site.url("/ok"))
    assert ex.user_agent == BROWSER_USER_AGENT


def test_loopback_is_refused_by_default(site: Site) -> None:
    with HttpClient(make_settings(allow_private=False)) as c:
        ex = c.fetch(site.url("/ok"))
        assert ex.error == "refused" and not ex.hops
        hits = site.hits.get("/ok", 0)
        ex2 = c.fetch(site.base.replace("127.0.0.1", "localhost") + "/ok")
        assert ex2.error == "refused"
        assert site.hits.get("/ok", 0) == hits  # nothing was sent


def test_every_redirect_hop_is_checked_again(site: Site, client: HttpClient) -> None:
    site.route("/to-nowhere", lambda h: send(h, 302, b"", {"Location": "http://gone.invalid/x"}))
    site.route("/to-ftp", lambda h: send(h, 302, b"", {"Location": "ftp://example.com/x"}))
    ex = client.fetch(site.url("/to-nowhere"))
    assert ex.error == "dns_failure" and [h.status for h in ex.hops] == [302]
    ex = client.fetch(site.url("/to-ftp"))
    assert ex.error == "invalid_url"


def test_policy_refuses_inside_addresses() -> None:
    assert resolve_checked("http://10.0.0.1/secret", False).status == "refused"
    assert resolve_checked("http://[::1]/", False).status == "refused"
    assert resolve_checked("http://169.254.169.254/", False).status == "refused"
    assert resolve_checked("http://0.0.0.0/", False).status == "refused"
    assert resolve_checked("ftp://example.com/", False).status == "invalid_url"
    assert resolve_checked("http://10.0.0.1/", True).ip == "10.0.0.1"
    assert address_allowed("93.184.216.34") and not address_allowed("192.168.1.1")
    assert not address_allowed("::ffff:127.0.0.1")


def test_dns_failure_for_invalid_names(client: HttpClient) -> None:
    ex = client.fetch("http://no-such-host.invalid/page")
    assert ex.error == "dns_failure"


def test_connection_refused_on_closed_port(client: HttpClient) -> None:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    ex = client.fetch(f"http://127.0.0.1:{port}/")
    assert ex.error == "connection_failed"


def test_slow_drip_is_stopped_by_the_deadline(site: Site) -> None:
    with HttpClient(make_settings(deadline=1.5, read_timeout=5.0)) as c:
        t0 = time.monotonic()
        ex = c.fetch(site.url("/drip"))
        took = time.monotonic() - t0
    assert ex.error == "timeout"
    assert took < 4.0
    assert ex.hops and ex.hops[0].body.truncated  # what arrived is kept as evidence


def test_body_cap_streams_and_stops(site: Site) -> None:
    with HttpClient(make_settings(max_body=100_000)) as c:
        ex = c.fetch(site.url("/big"))
    assert ex.error == "too_large"
    body = ex.hops[-1].body
    assert body.truncated and body.size == 100_000


def test_gzip_body_is_kept_as_transferred(site: Site, client: HttpClient) -> None:
    ex = client.fetch(site.url("/bomb"))
    assert ex.error is None
    raw = ex.hops[0].body.read()
    assert raw[:2] == b"\x1f\x8b"  # not decoded
    assert ex.hops[0].header("content-encoding") == "gzip"


def test_redirect_loop_and_too_many(site: Site, client: HttpClient) -> None:
    ex = client.fetch(site.url("/loop/a"))
    assert ex.error == "redirect_loop" and len(ex.hops) == 2
    with HttpClient(make_settings(max_redirects=5)) as c:
        ex = c.fetch(site.url("/chain/0"))
    assert ex.error == "too_many_redirects"
    assert len(ex.hops) == 6


def test_retry_honours_retry_after(site: Site) -> None:
    with HttpClient(make_settings(retries=2)) as c:
        t0 = time.monotonic()
        ex = c.fetch(site.url("/retry"))
        took = time.monotonic() - t0
    assert ex.status == 200 and ex.retries == 1
    assert took >= 0.9


def test_retry_after_beyond_the_cap_is_not_waited_for(site: Site) -> None:
    with HttpClient(make_settings(retries=2, retry_after_cap=2.0)) as c:
        t0 = time.monotonic()
        ex = c.fetch(site.url("/429"))
    assert ex.status == 429 and ex.retries == 0
    assert time.monotonic() - t0 < 1.0


def test_no_retry_for_404(site: Site) -> None:
    with HttpClient(make_settings(retries=3)) as c:
        before = site.hits.get("/404", 0)
        ex = c.fetch(site.url("/404"))
    assert ex.status == 404 and ex.retries == 0
    assert site.hits["/404"] == before + 1


def test_client_is_shared_between_threads(site: Site, client: HttpClient) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: client.fetch(site.url("/ok")).status, range(40)))
    assert results == [200] * 40


def test_large_bodies_stream_to_disk_small_ones_on_demand(site: Site, client: HttpClient) -> None:
    big = client.fetch(site.url("/big")).hops[-1].body
    assert big.stored is not None and big.stored.stat().st_size == 300_000
    small = client.fetch(site.url("/ok")).hops[-1].body
    assert small.stored is None and small.kept
    path = small.path
    assert path is not None and path.read_bytes() == small.read()


def test_tls_error_detail_names_the_fault() -> None:
    import ssl

    from verify.web.client import tls_detail

    def err(code: int, text: str) -> Exception:
        inner = ssl.SSLCertVerificationError(1, f"[SSL: CERTIFICATE_VERIFY_FAILED] {text}")
        inner.verify_code = code
        outer = OSError("wrapped")
        outer.__cause__ = inner
        return outer

    assert tls_detail(err(10, "certificate has expired")) == "expired"
    assert tls_detail(err(62, "Hostname mismatch")) == "wrong_host"
    assert tls_detail(err(19, "self-signed certificate in chain")) == "untrusted"
    assert tls_detail(OSError("handshake failure")) == "other"


def _status_then_ok(status: int) -> Callable[[BaseHTTPRequestHandler], None]:
    state = {"n": 0}

    def handler(h: BaseHTTPRequestHandler) -> None:
        state["n"] += 1
        if state["n"] == 1:
            send(h, status, b"not now", ctype="text/plain")
        else:
            send(h, 200, page("Nu går det"))

    return handler


@pytest.mark.parametrize(("status", "retried"), [(500, False), (501, False), (502, True),
                                                 (503, True), (504, True)])  # fmt: skip
def test_only_transient_server_errors_are_retried(site: Site, status: int, retried: bool) -> None:
    path = f"/flaky-{status}"
    site.route(path, _status_then_ok(status))
    with HttpClient(make_settings(retries=2, deadline=5.0)) as c:
        ex = c.fetch(site.url(path))
    assert (ex.status, ex.retries) == ((200, 1) if retried else (status, 0))
    assert site.hits[path] == (2 if retried else 1)
