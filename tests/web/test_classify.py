"""Classification rules on crafted exchanges (pure: no server)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from verify.web.classify import (
    CONSENT_HOSTS,
    PARKING_HOSTS,
    PageFingerprint,
    classify,
    host_matches,
    is_home_url,
    is_login_url,
    near_identical,
    notfound_text,
)
from verify.web.exchange import Body, Exchange, Hop
from verify.web.page import PageInfo, parse_page
from verify.web.status import CheckStatus

T0 = datetime(2024, 3, 1, tzinfo=UTC)


def hop(url: str, status: int = 200, headers: dict[str, str] | None = None) -> Hop:
    return Hop(
        url,
        "GET",
        (),
        "HTTP/1.1",
        status,
        "",
        tuple((headers or {}).items()),
        Body(None, 0, ""),
        "93.184.216.34",
        T0,
        0.01,
    )


def chain(*hops: Hop, error: str | None = None) -> Exchange:
    return Exchange(hops[0].url, hops, hops[-1].url, "ua", error=error)


def redirect(url: str, to: str, status: int = 302) -> Hop:
    return hop(url, status, {"Location": to})


ARTICLE = parse_page(
    b"<html><head><title>Budget</title></head><body><h1>Budget</h1><p>"
    + b"ord " * 200
    + b"</p></body></html>"
)


@pytest.mark.parametrize(
    "host",
    [
        "sedo.com",
        "www.bodis.com",
        "parkingcrew.net",
        "dan.com",
        "afternic.com",
        "www.hugedomains.com",
    ],
)
def test_redirect_to_a_parking_host(host: str) -> None:
    ex = chain(
        redirect("https://gammal.se/", f"https://{host}/lander"), hop(f"https://{host}/lander")
    )
    result = classify(ex, ARTICLE)
    assert result.status == CheckStatus.PARKED
    assert result.signals[0].startswith("parking_host:")


@pytest.mark.parametrize(
    "host", ["consent.google.com", "consent.yahoo.com", "guce.yahoo.com", "cmp.quantcast.com"]
)
def test_redirect_to_a_consent_host(host: str) -> None:
    ex = chain(
        redirect("https://news.example/a/1", f"https://{host}/?continue=x"),
        hop(f"https://{host}/?continue=x"),
    )
    assert classify(ex, ARTICLE).status == CheckStatus.CONSENT_WALL


def test_consent_redirect_counts_even_if_the_consent_host_failed() -> None:
    ex = chain(
        redirect("https://news.example/a/1", "https://consent.yahoo.com/v2"), error="dns_failure"
    )
    assert classify(ex, None).status == CheckStatus.CONSENT_WALL


def test_fingerprint_lists_are_data() -> None:
    assert "sedo.com" in PARKING_HOSTS and "consent.google.com" in CONSENT_HOSTS
    assert host_matches("a.b.sedo.com", PARKING_HOSTS) == "sedo.com"
    assert host_matches("notsedo.com", PARKING_HOSTS) is None


def test_blocked_variants() -> None:
    h = hop("https://x.se/a", 403, {"cf-mitigated": "challenge"})
    assert classify(chain(h), None).status == CheckStatus.BLOCKED
    assert classify(chain(hop("https://x.se/a", 999)), None).status == CheckStatus.BLOCKED
    title = parse_page(b"<html><head><title>Just a moment...</title></head></html>")
    r = classify(chain(hop("https://x.se/a", 503)), title)
    assert r.status == CheckStatus.BLOCKED and r.signals[0].startswith("challenge_title")
    datadome = parse_page(b"<html><script src='https://geo.captcha-delivery.com/c.js'></script>")
    assert classify(chain(hop("https://x.se/a", 403)), datadome).status == CheckStatus.BLOCKED
    # a plain 503 without challenge markers is a server error
    assert classify(chain(hop("https://x.se/a", 503)), None).status == CheckStatus.SERVER_ERROR


def test_error_statuses_map_directly() -> None:
    for name in ("dns_failure", "dns_error", "timeout", "refused", "too_large"):
        ex = Exchange("https://x.se/", (), "https://x.se/", "ua", error=name)
        assert classify(ex).status == name
    ex = Exchange(
        "https://x.se/", (), "https://x.se/", "ua", error="tls_error", tls_detail="expired"
    )
    assert classify(ex).signals == ("error:tls_error", "tls:expired")


@pytest.mark.parametrize(
    "text",
    [
        "Sidan kunde inte hittas",
        "Sidan hittades inte - Stockholms stad",
        "Sidan du söker finns inte | Region Skåne",
        "Tyvärr kunde vi inte hitta sidan",
        "Page not found",
        "404",
        "404 - Sidan finns inte",
        "Oops! That page can’t be found.",
        "Error 404 | Example",
    ],
)
def test_not_found_phrases(text: str) -> None:
    assert notfound_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Missing plane still not found after search in the Baltic",
        "Kommunens budget 2024",
        "Så hittades inte pengarna – granskning av regionens ekonomi under tio år",
        "",
        None,
    ],
)
def test_not_found_phrases_do_not_match_news(text: str | None) -> None:
    assert not notfound_text(text)


def test_home_page_is_never_soft_404() -> None:
    page = parse_page(b"<html><head><title>404</title></head><body><h1>404</h1></body></html>")
    assert classify(chain(hop("https://x.se/")), page).status == CheckStatus.OK
    assert classify(chain(hop("https://x.se/a/b")), page).status == CheckStatus.SOFT_404


def test_one_signal_is_not_enough() -> None:
    page = parse_page(
        b"<html><head><title>Page not found</title></head><body><p>"
        + b"text " * 100
        + b"</p></body></html>"
    )
    assert classify(chain(hop("https://x.se/a/b")), page).status == CheckStatus.OK


def test_paywall_and_login_pages() -> None:
    paywalled = PageInfo(title="Skatt", word_count=300, accessible_for_free=False)
    assert classify(chain(hop("https://x.se/a")), paywalled).status == CheckStatus.PAYWALL
    ex = chain(
        redirect("https://x.se/a", "https://x.se/login?next=/a"), hop("https://x.se/login?next=/a")
    )
    assert classify(ex, ARTICLE).status == CheckStatus.PAYWALL
    login = PageInfo(title="Logga in", word_count=20, has_password_field=True)
    assert classify(chain(hop("https://x.se/a")), login).status == CheckStatus.LOGIN_REQUIRED
    assert is_login_url("https://login.example.com/x") and is_login_url("https://x.se/logga-in")
    assert not is_login_url("https://x.se/nyheter/authors-corner")


def test_parking_text_on_own_domain() -> None:
    page = parse_page(
        b"<html><head><title>gammal.se</title></head><body>"
        b"<script>window.park = 'abc';</script></body></html>"
    )
    assert classify(chain(hop("https://gammal.se/")), page).status == CheckStatus.PARKED


def test_sibling_and_home_comparison() -> None:
    mine = chain(hop("https://x.se/a/b"))
    page = PageInfo(title="Hem", word_count=100, words=frozenset({"hem", "välkommen", "nyheter"}))
    fp = PageFingerprint("https://x.se/a/zz", "https://x.se/a/zz", 200, "", "Hem", page.words)
    r = classify(mine, page, sibling=fp, home=fp)
    assert r.status == CheckStatus.SOFT_404 and r.signals == ("sibling_same", "same_as_home")
    other = PageFingerprint("u", "u", 200, "", "Annat", frozenset({"x"}))
    assert not near_identical(fp, other)
    assert classify(mine, page, sibling=other).status == CheckStatus.OK


def test_is_home_url() -> None:
    assert is_home_url("https://x.se/") and is_home_url("https://x.se/index.html")
    assert not is_home_url("https://x.se/?p=12") and not is_home_url("https://x.se/a")


def test_redirects_marked_permanent_or_temporary() -> None:
    ex = chain(redirect("https://x.se/a", "https://x.se/b", 301), hop("https://x.se/b"))
    r = classify(ex, ARTICLE)
    assert r.status == CheckStatus.REDIRECTED and "redirect_permanent" in r.signals
