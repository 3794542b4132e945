"""Many checks at once: per-host limits, streaming results, progress."""

from __future__ import annotations

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler

from verify.timeutil import fixed_clock
from verify.web.client import HttpClient
from verify.web.many import check_many

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


def test_a_retry_waits_without_holding_the_hosts_slot() -> None:
    site = Site()
    state = {"n": 0}

    def busy(h: BaseHTTPRequestHandler) -> None:
        state["n"] += 1
        if state["n"] == 1:
            send(h, 503, b"busy", {"Retry-After": "1"}, "text/plain")
        else:
            send(h, 200, page("Nu"))

    site.route("/busy", busy)
    site.fallback = lambda h: send(h, 200, page("Sida"))
    try:
        settings = make_settings(per_host=1, retries=1, deadline=5.0)
        urls = [site.url("/busy")] + [site.url(f"/ok/{i}") for i in range(4)]
        arrived: list[tuple[str, float]] = []
        with HttpClient(settings) as c:
            t0 = time.monotonic()
            for result in check_many(c, urls, None, settings, fixed_clock(CLOCK)):
                arrived.append((result.url.rsplit("/", 1)[-1], time.monotonic() - t0))
                if result.url.endswith("/busy"):
                    assert result.status == "ok" and result.retries == 1
        assert [name for name, _ in arrived][-1] == "busy" and len(arrived) == 5
        # The four others were checked while /busy waited for its second attempt.
        assert max(t for name, t in arrived if name != "busy") < 0.9, arrived
        assert dict(arrived)["busy"] >= 1.0
    finally:
        site.close()


def _two_sites(delay: float) -> tuple[Site, Site, dict[str, int], dict[str, int]]:
    a, state_a = _counting_site(delay)
    b, state_b = _counting_site(delay)
    return a, b, state_a, state_b


def test_worker_processes_check_every_url_with_per_host_limits() -> None:
    a, b, state_a, state_b = _two_sites(0.02)
    try:
        settings = make_settings(per_host=2, workers=8, processes=2)
        urls = [(f"A{i}", a.url(f"/x/{i}")) for i in range(30)]
        urls += [(f"B{i}", b.url(f"/y/{i}")) for i in range(30)]
        seen: list[int] = []
        with HttpClient(settings) as c:  # the system's clock and resolver: processes allowed
            results = list(check_many(c, urls, None, settings,
                                      progress=lambda d, t, r: seen.append(d)))  # fmt: skip
        assert sorted(r.source for r in results) == sorted(s for s, _ in urls)
        assert seen == list(range(1, 61))
        # The same outcome as in threads (a catch-all site: each page is a soft 404).
        with HttpClient(settings) as c:
            threads = {r.source: r.status for r in check_many(c, urls, None, settings,
                                                               processes=1)}  # fmt: skip
        assert {r.source: r.status for r in results} == threads
        assert set(threads.values()) == {"soft_404"}
        assert 1 <= state_a["max"] <= 2 and 1 <= state_b["max"] <= 2
        assert all(r.exchange is None for r in results)  # bodies stay in the worker
    finally:
        a.close()
        b.close()


def test_a_worker_that_dies_loses_no_url() -> None:
    import os
    import signal

    from verify.web.processes import worker_pids

    a, b, _, _ = _two_sites(0.05)
    try:
        settings = make_settings(per_host=2, workers=8, processes=2)
        urls = [(f"A{i}", a.url(f"/x/{i}")) for i in range(20)]
        urls += [(f"B{i}", b.url(f"/y/{i}")) for i in range(20)]
        results = []
        with HttpClient(settings) as c:
            for result in check_many(c, urls, None, settings):
                if not results:
                    victim = worker_pids()[0]
                    os.kill(victim, signal.SIGKILL)
                results.append(result)
        sources = [r.source for r in results]
        assert sorted(sources) == sorted(s for s, _ in urls)  # each once, none lost
    finally:
        a.close()
        b.close()


def test_an_abort_stops_the_worker_processes_at_once() -> None:
    from verify.web.processes import worker_pids

    a, b, _, _ = _two_sites(0.3)
    try:
        settings = make_settings(per_host=1, workers=4, processes=2)
        urls = [a.url(f"/x/{i}") for i in range(30)] + [b.url(f"/y/{i}") for i in range(30)]
        with HttpClient(settings) as c:
            it = check_many(c, urls, None, settings)
            next(it)
            assert len(worker_pids()) == 1  # this process checks one site, a worker the other
            c.abort()
            t0 = time.monotonic()
            rest = list(it)
            took = time.monotonic() - t0
        assert took < 3.0 and len(rest) < 58
        assert not worker_pids()
    finally:
        a.close()
        b.close()


_ORPHAN = """
import json, sys
from verify.config import Settings
from verify.web.many import check_many
from verify.web.client import HttpClient
from verify.web.processes import worker_pids
s = Settings(allow_private=True, per_host=1, workers=4, processes=2, retries=0,
             memento_timegates=())
with HttpClient(s) as c:
    for n, _ in enumerate(check_many(c, sys.argv[1:], None, s)):
        if n == 0:
            print(json.dumps(worker_pids()), flush=True)
"""


def _ended(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def test_workers_stop_when_the_process_that_started_them_is_killed() -> None:
    import json
    import os
    import signal
    import subprocess
    import sys

    import pytest

    if not os.path.isdir("/proc/self"):
        pytest.skip("needs /proc to see whether a process has ended")
    done = threading.Event()

    def slow_but_the_first(h: BaseHTTPRequestHandler) -> None:
        if not (h.path.endswith("/0") or "/verify-" in h.path or h.path == "/"):  # probes fast
            done.wait(8.0)  # far longer than the workers may outlive their parent
        send(h, 200, page("Sida"))

    a, b = Site(), Site()
    a.fallback = b.fallback = slow_but_the_first
    pids: list[int] = []
    try:
        urls = [a.url(f"/x/{i}") for i in range(5)] + [b.url(f"/y/{i}") for i in range(1, 5)]
        with subprocess.Popen([sys.executable, "-c", _ORPHAN, *urls],
                              stdout=subprocess.PIPE, text=True) as parent:  # fmt: skip
            pids = json.loads(parent.stdout.readline())  # type: ignore[union-attr]
            assert len(pids) == 1 and not any(_ended(p) for p in pids)
            os.kill(parent.pid, signal.SIGKILL)
            parent.wait(timeout=5)
            deadline = time.monotonic() + 3.0
            while time.monotonic() < deadline and not all(_ended(p) for p in pids):
                time.sleep(0.05)
            assert all(_ended(p) for p in pids), "a worker outlived the process that started it"
    finally:
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        done.set()
        a.close()
        b.close()


def test_processes_only_where_they_pay_and_the_worker_can_rebuild_the_client() -> None:
    from verify.timeutil import system_clock
    from verify.web.processes import MIN_URLS, plan_processes

    settings = make_settings()
    with HttpClient(settings) as c:
        assert plan_processes(c, 20, MIN_URLS - 1, settings, system_clock,
                              needs_exchange=False) == 1  # fmt: skip
        many = plan_processes(c, 20, MIN_URLS, settings, system_clock, needs_exchange=False)
        assert many >= 1  # one per CPU, at most 4
        assert plan_processes(c, 1, 10_000, settings, system_clock, needs_exchange=False) == 1
        assert plan_processes(c, 20, 10_000, settings, fixed_clock(CLOCK),
                              needs_exchange=False) == 1  # fmt: skip
        assert plan_processes(c, 20, 10_000, settings, system_clock, needs_exchange=True) == 1
    with HttpClient(settings, resolver=lambda host, port, timeout=None: ["127.0.0.1"]) as c:
        assert plan_processes(c, 20, 10_000, settings, system_clock,
                              needs_exchange=False) == 1  # fmt: skip
