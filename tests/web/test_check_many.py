"""Many checks at once: per-host limits, streaming results, progress."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler

from verify.timeutil import fixed_clock
from verify.web.check import check_many
from verify.web.client import HttpClient

from .conftest import CLOCK, Site, make_settings, page, send


def _counting_site(delay: float) -> tuple[Site, dict[str, int]]:
    site = Site()
    state = {"now": 0, "max": 0}
    lock = threading.Lock()

    def handler(h: BaseHTTPRequestHandler) -> None:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(delay)
        with lock:
            state["now"] -= 1
        send(h, 200, page("Sida"))

    site.fallback = handler
    return site, state


def test_per_host_limit_and_results_as_they_finish() -> None:
    a, state_a = _counting_site(0.05)
    b, state_b = _counting_site(0.05)
    try:
        settings = make_settings(per_host=2, workers=16)
        urls = [(f"A{i}", a.url(f"/x/{i}")) for i in range(12)]
        urls += [(f"B{i}", b.url(f"/x/{i}")) for i in range(12)]
        seen: list[tuple[int, int]] = []
        with HttpClient(settings) as c:
            results = list(
                check_many(
                    c,
                    urls,
                    None,
                    settings,
                    fixed_clock(CLOCK),
                    progress=lambda d, t, r: seen.append((d, t)),
                )
            )
        assert len(results) == 24
        assert {r.source for r in results} == {u[0] for u in urls}
        assert state_a["max"] <= 2 and state_b["max"] <= 2
        assert state_a["max"] == 2  # the limit is used, not just respected
        assert seen[-1] == (24, 24)
    finally:
        a.close()
        b.close()


def test_host_delay_spaces_requests() -> None:
    site, _ = _counting_site(0.0)
    try:
        settings = make_settings(per_host=1, host_delay=0.2)
        with HttpClient(settings) as c:
            t0 = time.monotonic()
            results = list(
                check_many(
                    c, [site.url(f"/d/{i}") for i in range(4)], None, settings, fixed_clock(CLOCK)
                )
            )
            took = time.monotonic() - t0
        assert len(results) == 4
        assert took >= 0.6
    finally:
        site.close()


def test_first_result_arrives_before_the_slow_ones(site: Site) -> None:
    settings = make_settings(deadline=1.5, read_timeout=5.0, workers=4)
    with HttpClient(settings) as c:
        it = check_many(c, [site.url("/drip"), site.url("/ok")], None, settings, fixed_clock(CLOCK))
        first = next(it)
        rest = list(it)
    assert first.url.endswith("/ok")
    assert rest[0].status == "timeout"
