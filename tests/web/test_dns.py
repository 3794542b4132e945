"""DNS lookups have their own bound: a resolver that hangs gives ``dns_error`` in time."""

from __future__ import annotations

import threading
import time

import pytest

from verify.timeutil import fixed_clock
from verify.web.check import check_url
from verify.web.client import HttpClient
from verify.web.policy import BoundedResolver, ResolveTimeout, resolve_checked

from .conftest import CLOCK, Site, make_settings


class Hanging:
    """A resolver that answers only once ``release`` is set (like a DNS server gone quiet)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls = 0

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls += 1
        self.release.wait(10)
        return ["127.0.0.1"]


def _lookup_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("verify-dns-")]


def _wait_gone(seconds: float = 2.0) -> bool:
    end = time.monotonic() + seconds
    while _lookup_threads() and time.monotonic() < end:
        time.sleep(0.01)
    return not _lookup_threads()


def test_a_hanging_resolver_is_dns_error_within_connect_timeout() -> None:
    hanging = Hanging()
    settings = make_settings(connect_timeout=0.3, deadline=5.0, retries=2)
    try:
        with HttpClient(settings, fixed_clock(CLOCK), resolver=hanging) as client:
            t0 = time.monotonic()
            ex = client.fetch("http://quiet-dns.example/")
            took = time.monotonic() - t0
            result = check_url(
                client, "http://quiet-dns.example/", None, settings, fixed_clock(CLOCK)
            )
    finally:
        hanging.release.set()
    # The control name hangs too: DNS is down here, so nothing is known about the source.
    assert ex.error == "network_error" and "timed out" in (ex.error_detail or "")
    assert not ex.hops and ex.retries == 0  # not retried like a connect timeout
    assert 0.25 <= took < 1.0
    assert result.status == "network_error"
    assert _wait_gone()  # the abandoned lookups end once the resolver answers


def test_the_lookup_never_waits_past_the_deadline() -> None:
    hanging = Hanging()
    settings = make_settings(connect_timeout=5.0, deadline=0.3)
    try:
        with HttpClient(settings, fixed_clock(CLOCK), resolver=hanging) as client:
            t0 = time.monotonic()
            ex = client.fetch("http://quiet-dns.example/")
            took = time.monotonic() - t0
    finally:
        hanging.release.set()
    assert ex.error in ("dns_error", "network_error") and took < 1.0
    assert _wait_gone()


def test_a_lookup_that_hangs_while_dns_works_is_dns_error() -> None:
    hanging = Hanging()

    def partly(host: str, port: int) -> list[str]:
        return ["93.184.215.14"] if host == "example.com" else hanging(host, port)

    settings = make_settings(connect_timeout=0.3, deadline=5.0)
    try:
        with HttpClient(settings, fixed_clock(CLOCK), resolver=partly) as client:
            ex = client.fetch("http://quiet-dns.example/")
    finally:
        hanging.release.set()
    assert ex.error == "dns_error" and "timed out" in (ex.error_detail or "")
    assert _wait_gone()


def test_pending_lookups_are_capped() -> None:
    hanging = Hanging()
    resolver = BoundedResolver(hanging, max_pending=1)
    try:
        with pytest.raises(ResolveTimeout):
            resolver("a.example", 80, 0.05)
        t0 = time.monotonic()
        with pytest.raises(ResolveTimeout, match="no free DNS lookup slot"):
            resolver("b.example", 80, 0.05)
        assert time.monotonic() - t0 < 0.5
        assert hanging.calls == 1 and len(_lookup_threads()) == 1  # no second thread
    finally:
        hanging.release.set()
    assert _wait_gone()
    assert resolver("c.example", 80, 1.0) == ["127.0.0.1"]  # the slot is free again


def test_resolver_errors_keep_their_status() -> None:
    import socket

    def missing(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    def broken(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    bounded = BoundedResolver(missing)
    decision = resolve_checked(
        "http://gone.example/", False, lambda h, p: bounded(h, p, timeout=1.0)
    )
    assert decision.status == "dns_failure"
    assert resolve_checked("http://x.example/", False, broken).status == "dns_error"
    assert resolve_checked("http://x.example/", False, lambda h, p: []).status == "dns_failure"


def test_ip_literals_need_no_lookup(site: Site) -> None:
    def never(host: str, port: int) -> list[str]:
        raise AssertionError("an IP address was looked up")

    with HttpClient(make_settings(), fixed_clock(CLOCK), resolver=never) as client:
        assert client.fetch(site.url("/ok")).status == 200


def _missing(host: str, port: int) -> list[str]:
    import socket

    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


def test_no_such_name_while_no_name_resolves_is_not_evidence_the_domain_is_gone() -> None:
    with HttpClient(make_settings(), fixed_clock(CLOCK), resolver=_missing) as client:
        ex = client.fetch("http://gone-or-offline.example/")
    assert ex.error == "network_error"
    assert "no working network" in (ex.error_detail or "")


def test_no_such_name_while_dns_works_is_dns_failure() -> None:
    def only_control(host: str, port: int) -> list[str]:
        if host == "example.com":
            return ["93.184.215.14"]
        return _missing(host, port)

    with HttpClient(make_settings(), fixed_clock(CLOCK), resolver=only_control) as client:
        ex = client.fetch("http://really-gone.example/")
    assert ex.error == "dns_failure"
    # .invalid names never exist, whatever DNS does
    with HttpClient(make_settings(), fixed_clock(CLOCK), resolver=_missing) as client:
        assert client.fetch("http://x.invalid/").error == "dns_failure"
