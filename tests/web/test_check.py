"""Live checks end to end against the local site: one route per status."""

from __future__ import annotations

import json
from datetime import date

import pytest

from verify.errors import InvalidDateError
from verify.timeutil import fixed_clock
from verify.web.check import CheckResult, check_url, sibling_url
from verify.web.client import HttpClient
from verify.web.many import check_many

from .conftest import CLOCK, Site, make_settings

SETTINGS = make_settings()


def run(client: HttpClient, url: str, **kw: object) -> CheckResult:
    return check_url(client, url, None, SETTINGS, fixed_clock(CLOCK), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/ok", "ok"),
        ("/", "ok"),
        ("/docs/report", "ok"),
        ("/temp", "redirected"),
        ("/404", "not_found"),
        ("/410", "gone"),
        ("/500", "server_error"),
        ("/429", "rate_limited"),
        ("/nyheter/sidan-finns-inte", "soft_404"),
        ("/nyheter/artikel", "ok"),
        ("/gammal/sida", "soft_404"),
        ("/empty/page", "soft_404"),
        ("/challenge", "blocked"),
        ("/parked", "parked"),
        ("/premium/artikel", "paywall"),
        ("/private", "paywall"),
        ("/auth", "login_required"),
        ("/login", "login_required"),
        ("/loop/a", "redirect_loop"),
        ("/chain/0", "too_many_redirects"),
        ("/bomb", "too_large"),
    ],
)
def test_status_per_route(site: Site, client: HttpClient, path: str, status: str) -> None:
    result = run(client, site.url(path))
    assert result.status == status, result.to_dict()


def test_consent_redirect(site: Site, client: HttpClient) -> None:
    result = run(client, site.url("/consent"))
    assert result.status == "consent_wall"
    assert "consent_host:consent.google.com" in result.signals
    assert site.hits.get("/ml") is None  # the consent host itself was never fetched


def test_result_json_has_the_evidence(site: Site, client: HttpClient) -> None:
    result = run(client, site.url("/temp"), source="S1")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["source"] == "S1"
    assert data["method"] == "live"
    assert data["as_of"] == "2024-03-01"
    assert data["checked_at"] == "2024-03-01T10:00:00Z"
    assert data["status"] == "redirected"
    assert data["http_status"] == 200
    assert data["final_url"] == site.url("/ok")
    assert data["redirects"] == [
        {"url": site.url("/temp"), "status": 302, "location": "/moved", "permanent": False},
        {"url": site.url("/moved"), "status": 301, "location": "/ok", "permanent": True},
    ]
    assert data["ip"] == "127.0.0.1"
    assert data["title"] == "Budget 2024"
    assert data["word_count"] > 50
    assert len(data["body_sha256"]) == 64
    assert data["headers"]["content-type"].startswith("text/html")
    assert data["user_agent"].startswith("verify/")
    assert isinstance(data["elapsed_ms"], int)
    assert "redirect_permanent" in data["signals"] and "redirect_temporary" in data["signals"]
    assert data["captures"] == [] and data["error"] is None


def test_soft_404_signals_are_recorded(site: Site, client: HttpClient) -> None:
    result = run(client, site.url("/nyheter/sidan-finns-inte"))
    assert {"notfound_title", "notfound_heading"} <= set(result.signals)
    result = run(client, site.url("/gammal/sida"))
    assert "redirect_to_home" in result.signals


def test_catchall_site_is_a_soft_404_but_its_home_is_not(
    catchall: Site, client: HttpClient
) -> None:
    deep = run(client, catchall.url("/rapporter/2023/skolan"))
    assert deep.status == "soft_404"
    assert {"sibling_same", "same_as_home"} <= set(deep.signals)
    assert [p["kind"] for p in deep.probes] == ["sibling", "home"]
    assert run(client, catchall.url("/")).status == "ok"


def test_probes_false_runs_none_and_says_so(catchall: Site, client: HttpClient) -> None:
    deep = run(client, catchall.url("/rapporter/2023/skolan"), probes=False)
    assert deep.status == "ok" and deep.probes == ()
    assert "soft404_probes_skipped" in deep.signals
    [many] = check_many(
        client, [catchall.url("/rapporter/2023/skolan")], None, SETTINGS, fixed_clock(CLOCK),
        probes=False,
    )  # fmt: skip
    assert many.probes == () and "soft404_probes_skipped" in many.signals


def test_sibling_url_is_in_the_same_directory() -> None:
    sib = sibling_url("https://x.se/a/b/page.html?q=1")
    assert sib.startswith("https://x.se/a/b/verify-") and "?" not in sib
    assert sibling_url("https://x.se/a/b/").startswith("https://x.se/a/verify-")


def test_dns_failure_and_connection_failure(client: HttpClient) -> None:
    assert run(client, "https://finns-inte.invalid/x").status == "dns_failure"
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    result = run(client, f"http://127.0.0.1:{port}/")
    assert result.status == "connection_failed" and result.error


def test_timeout(site: Site) -> None:
    settings = make_settings(deadline=1.0, read_timeout=5.0)
    with HttpClient(settings) as c:
        result = check_url(c, site.url("/drip"), None, settings, fixed_clock(CLOCK))
    assert result.status == "timeout"


def test_refused_without_allow_private(site: Site) -> None:
    settings = make_settings(allow_private=False)
    with HttpClient(settings) as c:
        result = check_url(c, site.url("/ok"), None, settings, fixed_clock(CLOCK))
    assert result.status == "refused"
    assert "non-public" in (result.error or "")


def test_invalid_url_is_a_result(client: HttpClient) -> None:
    result = run(client, "javascript:alert(1)")
    assert result.status == "invalid_url" and result.error


def test_future_date_is_an_error(client: HttpClient, site: Site) -> None:
    with pytest.raises(InvalidDateError):
        check_url(client, site.url("/ok"), date(2024, 3, 2), SETTINGS, fixed_clock(CLOCK))
    with pytest.raises(InvalidDateError):
        list(check_many(client, [site.url("/ok")], date(2030, 1, 1), SETTINGS, fixed_clock(CLOCK)))


def test_today_in_the_case_zone_is_live(client: HttpClient, site: Site) -> None:
    # 23:30 UTC on 29 Feb is already 1 March in Stockholm.
    clock = fixed_clock("2024-02-29T23:30:00Z")
    result = check_url(client, site.url("/ok"), date(2024, 3, 1), SETTINGS, clock)
    assert result.method == "live" and result.as_of == "2024-03-01"
