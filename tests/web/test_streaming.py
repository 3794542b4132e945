"""Checks read their URLs as they go: a window ahead of the results, never the whole list."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from verify.web import many
from verify.web.client import HttpClient
from verify.web.many import check_many

from .conftest import Site, make_settings, page, send


@pytest.fixture
def catch_all() -> Iterator[Site]:
    site = Site()

    def ok(h: BaseHTTPRequestHandler) -> None:
        send(h, 200, page("Sida", h1="Sida"))

    site.fallback = ok
    yield site
    site.close()


class _Counted:
    """An iterable of URLs that counts how many were taken from it."""

    def __init__(self, urls: list[tuple[str, str]]) -> None:
        self.urls = urls
        self.taken = 0

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for item in self.urls:
            self.taken += 1
            yield item


def test_a_run_reads_at_most_a_window_ahead_of_its_results(
    catch_all: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(many, "WINDOW", 20)
    total = many.MIN_URLS + 300  # the first MIN_URLS are read at once, to plan the run
    urls = _Counted([(f"S{i}", catch_all.url(f"/d{i % 7}/p{i}")) for i in range(total)])
    settings = make_settings(per_host=4, workers=8, processes=1)
    taken: list[int] = []
    seen = []
    with HttpClient(settings) as client:
        for result in check_many(client, urls, None, settings):
            taken.append(urls.taken)
            seen.append(result.source)
    assert sorted(seen) == sorted(s for s, _ in urls.urls)  # every URL, once
    assert urls.taken == total
    # Never more in hand than the window (beyond the first MIN_URLS read to plan).
    over = [(n, t) for n, t in enumerate(taken, start=1) if t > max(many.MIN_URLS, n + 20)]
    assert not over, over[:5]
    assert taken[-1] == total and taken[many.MIN_URLS + 50] < total  # read as it went


def test_a_generator_of_urls_is_checked_in_worker_processes_too(catch_all: Site) -> None:
    other = Site()
    other.fallback = catch_all.fallback
    try:

        def urls() -> Iterator[tuple[str, str]]:  # no length: read as the run goes
            for i in range(400):
                site = catch_all if i % 2 else other
                yield f"S{i}", site.url(f"/d{i % 5}/p{i}")

        settings = make_settings(per_host=4, workers=16, processes=2)
        with HttpClient(settings) as client:
            results = list(check_many(client, urls(), None, settings))
        assert sorted(r.source for r in results) == sorted(f"S{i}" for i in range(400))
        assert {r.status for r in results} == {"soft_404"}  # a catch-all site
        assert all(r.exchange is None for r in results)
    finally:
        other.close()


def test_store_gives_the_hosts_in_turn(case_dir, run) -> None:  # type: ignore[no-untyped-def]
    from verify.steps.case import open_case
    from verify.store.register import iter_source_addresses

    for i in range(6):
        assert run("source", "add", f"https://a.example/p{i}").code == 0
    for i in range(2):
        assert run("source", "add", f"https://b.example/p{i}").code == 0
    assert run("source", "add", "https://c.example:8443/x").code == 0
    with open_case(case_dir) as ctx:
        rows = list(iter_source_addresses(ctx.store, ("confirmed",)))
    hosts = [url.split("/")[2] for _id, url, _status in rows]
    assert len(rows) == 9
    # Each host's first URL, then each one's second, ...: a window of 3 holds all three hosts.
    assert set(hosts[:3]) == {"a.example", "b.example", "c.example:8443"}
    assert hosts[3:5] == ["a.example", "b.example"]
    assert hosts[5:] == ["a.example"] * 4
    ids = [int(i[1:]) for i, _u, _s in rows if _u.startswith("https://a.")]
    assert ids == sorted(ids)  # within a host, in the order the sources were added


def test_an_error_reading_the_urls_reaches_the_caller_as_itself(catch_all: Site) -> None:
    from verify.errors import StoreBusyError

    def urls() -> Iterator[tuple[str, str]]:
        for i in range(400):
            yield f"S{i}", catch_all.url(f"/d/{i}") if i % 2 else f"http://127.0.0.2:1/{i}"
        raise StoreBusyError(catch_all.url("/store"), 1.0)  # as the store's stream would

    settings = make_settings(per_host=4, workers=8, processes=2)
    with HttpClient(settings) as client, pytest.raises(StoreBusyError):
        list(check_many(client, urls(), None, settings))
