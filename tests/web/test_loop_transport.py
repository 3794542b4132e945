"""The event loop's transport (verify.web.aio, issue 17) is held to the threads' one: every
route of the hostile test site gives the same exchange hop by hop (statuses, redirects, the
address reached, the bytes kept, their hash, truncation and why, the request as sent), and
the policy, DNS, TLS, IPv6, deadline and cap cases end with the same status and evidence."""

from __future__ import annotations

import contextlib
import socket
import time

import pytest

from verify.timeutil import fixed_clock
from verify.web import aio
from verify.web.check import check_url
from verify.web.client import HttpClient
from verify.web.many import check_many

from .conftest import CLOCK, Site, make_settings, send, standard_site
from .test_dns import Hanging, _missing
from .test_ipv6 import _ipv6_server
from .test_tls import Resolver, _client, ca, certs, serve  # noqa: F401 - fixtures
from .test_truncated import _chunked_cut, _liar

_SKIP_HEADERS = {"date"}  # the one header that differs between two requests


def _shape(ex):  # noqa: ANN001, ANN202
    hops = [
        (
            h.url, h.method, h.status, h.reason, h.location, h.http_version, h.ip,
            h.request_headers, h.sent,
            tuple((k.lower(), v) for k, v in h.response_headers if k.lower() not in _SKIP_HEADERS),
            h.body.size, h.body.sha256, h.body.truncated, h.body.truncated_why,
            h.body.small if h.body.stored is None else h.body.path.read_bytes(),
        )
        for h in ex.hops
    ]  # fmt: skip
    return ex.error, ex.final_url, ex.tls_detail, hops


def _stall(h) -> None:  # noqa: ANN001
    """Headers and half the body, then nothing for longer than the read timeout."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "2000")
    h.end_headers()
    h.wfile.write(b"<html><title>stall</title>" + b"x" * 900)
    h.wfile.flush()
    time.sleep(1.5)
    h.close_connection = True


def _quiet_close(h) -> None:  # noqa: ANN001
    """A redirect on a kept-alive connection the server then closes without saying so: the
    next hop must not fail on it."""
    send(h, 302, b"", {"Location": "/ok"})
    h.wfile.flush()
    h.close_connection = True


@pytest.fixture(scope="module")
def hostile() -> Site:
    site = standard_site()
    site.route("/liar", _liar)
    site.route("/cut", _chunked_cut)
    site.route("/to-ftp", lambda h: send(h, 302, b"", {"Location": "ftp://example.com/x"}))
    site.route("/to-nowhere", lambda h: send(h, 302, b"", {"Location": "http://x.invalid/"}))
    site.route("/stall", _stall)
    site.route("/quiet-close", _quiet_close)
    yield site
    site.close()


ROUTES = [
    "/", "/ok", "/docs/report", "/moved", "/temp", "/404", "/410", "/500", "/429", "/bomb",
    "/big", "/loop/a", "/chain/0", "/nyheter/sidan-finns-inte", "/challenge", "/parked",
    "/premium/artikel", "/consent", "/private", "/auth", "/gammal/sida", "/empty/page",
    "/liar", "/cut", "/to-ftp", "/to-nowhere", "/no/such/page", "/stall", "/quiet-close",
]  # fmt: skip


#: Where the loop keeps more: the bytes that arrived before a body was cut or stalled
#: (urllib3 drops the read it could not finish); the same status and truncation otherwise.
PARTIAL = {"/cut": b"<html><title>cut</title>partial ",
           "/stall": b"<html><title>stall</title>" + b"x" * 900}  # fmt: skip


@pytest.mark.parametrize("path", [p for p in ROUTES if p not in PARTIAL])
def test_every_route_gives_the_same_exchange(hostile: Site, path: str) -> None:
    with HttpClient(make_settings(), fixed_clock(CLOCK), resolver=_missing) as client:
        threads = client.fetch(hostile.url(path), retry=False)
        loop = aio.fetch(client, hostile.url(path))
        assert threads.hops or threads.error  # something to compare
        assert _shape(loop) == _shape(threads)
        assert bool(loop.error_detail) == bool(threads.error_detail)


@pytest.mark.parametrize("path", sorted(PARTIAL))
def test_a_body_cut_or_stalled_keeps_what_arrived(hostile: Site, path: str) -> None:
    """The one difference: a chunked body cut mid-way, or one that stops coming for longer
    than the read timeout (before the deadline), keeps the bytes that came; both transports
    say truncated, by a disconnect, and neither calls it a timeout."""
    with HttpClient(make_settings(), fixed_clock(CLOCK), resolver=_missing) as client:
        threads_ex = client.fetch(hostile.url(path), retry=False)
        loop_ex = aio.fetch(client, hostile.url(path))
    assert loop_ex.error == threads_ex.error is None
    threads, loop = threads_ex.hops[-1].body, loop_ex.hops[-1].body
    assert (loop.truncated, loop.truncated_why) == (threads.truncated, threads.truncated_why)
    assert loop.truncated and loop.truncated_why == "disconnect"
    assert loop.small == PARTIAL[path]
    assert loop.small.startswith(threads.small or b"")


def test_the_checks_of_the_site_come_out_the_same(hostile: Site) -> None:
    urls = [hostile.url(p) for p in ROUTES]
    out = {}
    for transport in ("threads", "loop"):
        settings = make_settings(transport=transport, workers=8)
        with HttpClient(settings, fixed_clock(CLOCK), resolver=_missing) as client:
            results = list(check_many(client, urls, None, settings, fixed_clock(CLOCK),
                                      processes=1))  # fmt: skip
        assert len(results) == len(urls)
        out[transport] = {
            r.url: (r.status, r.http_status, r.final_url, r.signals, r.title, r.word_count,
                    r.body_sha256, r.ip, r.redirects, [p["kind"] for p in r.probes],
                    {k: v for k, v in r.headers.items() if k not in _SKIP_HEADERS})
            for r in results
        }  # fmt: skip
    assert {s for s, *_ in out["loop"].values()} >= {"ok", "not_found", "soft_404", "truncated"}
    for path in PARTIAL:  # the same status; the loop also read the title that arrived
        url = hostile.url(path)
        assert out["loop"].pop(url)[:4] == out["threads"].pop(url)[:4]
    assert out["loop"] == out["threads"]


def test_the_policy_holds(hostile: Site) -> None:
    refusing = make_settings(allow_private=False)
    with HttpClient(refusing, fixed_clock(CLOCK), resolver=_missing) as client:
        ex = aio.fetch(client, hostile.url("/ok"))
        assert ex.error == "refused" and not ex.hops  # no connection to a private address
    with HttpClient(make_settings(), fixed_clock(CLOCK), resolver=_missing) as client:
        assert aio.fetch(client, "http://x.invalid/").error == "dns_failure"
        ex = aio.fetch(client, hostile.url("/to-ftp"))
        assert ex.error == "invalid_url" and len(ex.hops) == 1
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        closed.close()
        ex = aio.fetch(client, f"http://127.0.0.1:{port}/")
        assert ex.error == "connection_failed" and not ex.hops


def test_deadline_and_cap(hostile: Site) -> None:
    with HttpClient(make_settings(deadline=1.0), fixed_clock(CLOCK)) as client:
        t0 = time.monotonic()
        ex = aio.fetch(client, hostile.url("/drip"))
        took = time.monotonic() - t0
    assert ex.error == "timeout" and took < 2.0
    assert ex.hops and ex.hops[-1].body.truncated and ex.hops[-1].body.truncated_why == "time"
    with HttpClient(make_settings(max_body=100_000), fixed_clock(CLOCK)) as client:
        ex = aio.fetch(client, hostile.url("/big"))
    assert ex.error == "too_large" and ex.hops[-1].body.size == 100_000
    assert ex.hops[-1].body.truncated_why == "length"


def test_dns_a_hanging_resolver_is_bounded() -> None:
    hanging = Hanging()
    settings = make_settings(connect_timeout=0.3, deadline=5.0)
    try:
        with HttpClient(settings, fixed_clock(CLOCK), resolver=hanging) as client:
            t0 = time.monotonic()
            ex = aio.fetch(client, "http://quiet-dns.example/")
            took = time.monotonic() - t0
    finally:
        hanging.release.set()
    assert ex.error == "network_error" and "timed out" in (ex.error_detail or "")
    assert took < 1.5


def test_tls_is_verified_on_the_pinned_connection(certs, serve) -> None:  # noqa: F811
    site = serve("valid")
    with _client(certs, Resolver("localhost")) as client:
        ex = aio.fetch(client, site.url("/"))
        threads = client.fetch(site.url("/"), retry=False)
    assert ex.error is None and ex.status == 200 and ex.hops[0].ip == "127.0.0.1"
    assert site.sni and set(site.sni) == {"localhost"}
    assert site.hosts[0] == f"localhost:{site.port}"
    tls, other = ex.hops[0].tls, threads.hops[0].tls
    assert tls is not None and other is not None
    assert (tls.version, tls.cipher, tls.chain, tls.chain_kind) == (
        other.version, other.cipher, other.chain, other.chain_kind)  # fmt: skip
    assert tls.chain  # the certificates the server presented


@pytest.mark.parametrize(
    ("kind", "detail"),
    [("other_name", "wrong_host"), ("unknown_ca", "untrusted"), ("expired", "expired")],
)
def test_a_bad_certificate_is_refused_before_any_request(certs, serve, kind, detail) -> None:  # noqa: F811
    site = serve(kind)
    with _client(certs, Resolver("localhost")) as client:
        ex = aio.fetch(client, site.url("/"))
        settings = client.settings.replace(transport="loop")
        [result] = list(check_many(client, [site.url("/")], None, settings, processes=1))
        threads = check_url(client, site.url("/"), None, client.settings, fixed_clock(CLOCK))
    assert ex.error == "tls_error" and ex.tls_detail == detail
    assert (result.status, result.tls_detail) == (threads.status, threads.tls_detail)
    assert not site.hosts  # nothing was sent over an unverified connection


def test_an_ipv6_literal() -> None:
    server = _ipv6_server()
    url = f"http://[::1]:{server.server_address[1]}/page"
    try:
        with HttpClient(make_settings(allow_private=False)) as client:
            assert aio.fetch(client, url).error == "refused"
        with HttpClient(make_settings()) as client:
            ex = aio.fetch(client, url)
        assert ex.error is None and ex.status == 200 and ex.hops[0].ip == "::1"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def full_backlog():  # noqa: ANN201
    """A port whose accept queue is full: a new connection's SYN is dropped, so connecting
    times out (what a host that never answers does), without leaving 127.0.0.1."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    filled = []
    for _ in range(3):
        s = socket.socket()
        s.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            s.connect(("127.0.0.1", port))
        filled.append(s)
    time.sleep(0.1)
    probe = socket.socket()
    probe.settimeout(0.3)
    try:
        probe.connect(("127.0.0.1", port))
        pytest.skip("this system accepts connections past a full backlog: no connect timeout")
    except TimeoutError:
        pass
    finally:
        probe.close()
    yield f"http://127.0.0.1:{port}/page"
    for s in (*filled, server):
        s.close()


@pytest.mark.parametrize("transport", ["loop", "threads"])
def test_a_connect_timeout_is_retried_in_a_run(full_backlog: str, transport: str) -> None:
    """As one check retries a connection that never opened, so does a run (its attempt's
    phase reaches the retry decision): once here, then it says timeout, with the cause."""
    settings = make_settings(connect_timeout=0.3, retries=1, deadline=5.0, transport=transport)
    with HttpClient(settings, fixed_clock(CLOCK)) as client:
        [result] = list(check_many(client, [full_backlog], None, settings, processes=1))
    assert result.status == "timeout" and result.retries == 1
    assert result.error == "connect timed out: connection to 127.0.0.1 timed out"
