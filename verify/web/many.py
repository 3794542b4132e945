"""Many checks at once (:func:`check_many`): per-host limits, politeness, retries, streaming.

The worker threads take their own work: each, when it is free, takes the next URL of the next
host that may start one (a ring of such hosts, round robin), checks it, and hands the result
to the consumer through one queue. No dispatcher thread stands between them, so a check costs
one hand-over between threads, not three, and finding work costs the same with 20 hosts or
20,000 (a host is in the ring only while it has work and a free slot).

A host's slot that has finished rests ``host_delay`` seconds before its next check; a retry
(:class:`~verify.web.check.RetryLater`) frees its slot at once and waits on a timer, then goes
first on its host. Many URLs on several hosts go to worker processes instead
(:mod:`verify.web.processes`), each of which runs this same function in threads.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import date
from urllib.parse import urlsplit

from ..config import Settings
from ..timeutil import Clock, format_instant, system_clock
from .check import (
    CheckAborted,
    CheckResult,
    ProbeCache,
    ProgressCallback,
    RetryLater,
    check_url,
    resolve_as_of,
)
from .client import HttpClient
from .processes import check_in_processes, plan_processes
from .status import CheckStatus

__all__ = ["check_many"]

log = logging.getLogger(__name__)

#: How long the consumer sleeps when no result is waiting: it looks at the queue, rather than
#: waiting on it, so that a check's result does not wake it (two thread switches per check).
_POLL = 0.05
_Item = tuple[str | None, str, int]  # (source, url, attempts made before)


def _host_key(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower() or url
    except ValueError:
        return url


class _Hosts:
    """The shared state of a run's checks, under one condition: what each host has left,
    its free slots, the ring of hosts that may start a check now, and the timers (resting
    slots, retries)."""

    def __init__(self, by_host: dict[str, list[int]], items: list[tuple[str | None, str]],
                 settings: Settings) -> None:  # fmt: skip
        self.cond = threading.Condition()
        self.pending: dict[str, deque[_Item]] = {
            host: deque((*items[i], 0) for i in indices) for host, indices in by_host.items()
        }
        per_host = max(1, settings.per_host)
        self.free = {host: per_host for host in self.pending}
        self.ring: deque[str] = deque(self.pending)
        self.in_ring = set(self.pending)
        self.timers: list[tuple[float, int, str, _Item | None]] = []  # item None: a slot
        self.order = itertools.count()
        self.delay = settings.host_delay
        self.open = len(items)  # results not yet given (retries not counted)
        self.stopped = False

    def _offer(self, host: str) -> None:
        if host not in self.in_ring and self.free[host] > 0 and self.pending.get(host):
            self.ring.append(host)
            self.in_ring.add(host)

    def _fire(self, now: float) -> None:
        while self.timers and self.timers[0][0] <= now:
            _, _, host, item = heapq.heappop(self.timers)
            if item is None:
                self.free[host] += 1  # a rested slot
            else:
                self.pending.setdefault(host, deque()).appendleft(item)  # a retry goes first
            self._offer(host)

    def take(self) -> tuple[str, _Item] | None:
        """The next check to run, waiting until one may start; None when nothing is left."""
        with self.cond:
            while True:
                if self.stopped or self.open <= 0:
                    return None
                self._fire(time.monotonic())
                if self.ring:
                    host = self.ring.popleft()
                    self.in_ring.discard(host)
                    work = self.pending[host]
                    item = work.popleft()
                    if not work:
                        del self.pending[host]
                    self.free[host] -= 1
                    self._offer(host)  # back to the end of the ring if it can start another
                    if self.ring:
                        self.cond.notify()  # more may start: let a waiting thread take one
                    return host, item
                wait = 0.2  # short steps, so that a stop is seen at once
                if self.timers:
                    wait = min(wait, max(0.0, self.timers[0][0] - time.monotonic()))
                self.cond.wait(wait)

    def done(self, host: str, retry: _Item | None = None, wait: float = 0.0) -> None:
        """A check on ``host`` ended; ``retry`` is to run again after ``wait`` seconds."""
        with self.cond:
            now = time.monotonic()
            if retry is not None:
                heapq.heappush(self.timers, (now + wait, next(self.order), host, retry))
            else:
                self.open -= 1
            if self.delay > 0 and (self.pending.get(host) or retry is not None):
                heapq.heappush(self.timers, (now + self.delay, next(self.order), host, None))
            else:
                self.free[host] += 1
                self._offer(host)
            if self.open <= 0:
                self.cond.notify_all()  # the end: every thread may go
            # Otherwise no one is woken: the thread that called this takes the next check
            # itself, and wakes another when it leaves more in the ring.

    def stop(self) -> None:
        with self.cond:
            self.stopped = True
            self.cond.notify_all()


def check_many(
    client: HttpClient,
    urls: Iterable[str | tuple[str, str]],
    as_of: date | None,
    settings: Settings,
    clock: Clock = system_clock,
    *,
    progress: ProgressCallback | None = None,
    probes: bool = True,
    in_flight: set[str] | None = None,
    processes: int | None = None,
) -> Iterator[CheckResult]:
    """Check many URLs concurrently; yield each result as soon as it is ready.

    ``urls`` are URLs or ``(source_id, url)`` pairs (the id is copied into the result).
    At most ``settings.workers`` checks run at once, at most ``settings.per_host`` per host
    (host and port), and a host's slot rests ``settings.host_delay`` seconds between two
    checks. ``progress(done, total, result)`` is called for every result. ``probes=False``
    runs no soft-404 probes (see :func:`~verify.web.check.check_url`). ``in_flight``, when
    given, holds the URLs being checked at each moment (for a progress display; not in worker
    processes).

    Many URLs on several hosts are checked in worker processes
    (:mod:`verify.web.processes`, ``settings.processes``); ``processes=1`` keeps every check in
    this process, as a caller that needs each result's ``exchange`` (its bodies) must.

    When the consumer stops early, or an exception such as KeyboardInterrupt arrives while
    the generator waits, the client is aborted: every fetch in flight ends at once and no
    further result is yielded.
    """
    resolve_as_of(as_of, settings, clock)  # a future date fails before any work
    items: list[tuple[str | None, str]] = [
        (u[0], u[1]) if isinstance(u, tuple) else (None, u) for u in urls
    ]
    total = len(items)
    if total == 0:
        return
    by_host: dict[str, list[int]] = {}
    for index, (_source, url) in enumerate(items):
        by_host.setdefault(_host_key(url), []).append(index)
    parts = processes or plan_processes(client, len(by_host), total, settings, clock,
                                        needs_exchange=False)  # fmt: skip
    if parts > 1:
        yield from check_in_processes(
            client, items, by_host, as_of, settings, parts, probes=probes, progress=progress,
            in_threads=lambda left: check_many(client, left, as_of, settings, clock,
                                               probes=probes, processes=1),
        )  # fmt: skip
        return
    yield from _in_threads(client, items, by_host, as_of, settings, clock, progress=progress,
                           probes=probes, in_flight=in_flight)  # fmt: skip


def _in_threads(
    client: HttpClient,
    items: list[tuple[str | None, str]],
    by_host: dict[str, list[int]],
    as_of: date | None,
    settings: Settings,
    clock: Clock,
    *,
    progress: ProgressCallback | None,
    probes: bool,
    in_flight: set[str] | None,
) -> Iterator[CheckResult]:
    total = len(items)
    hosts = _Hosts(by_host, items, settings)
    del by_host
    results: queue.SimpleQueue[CheckResult | None] = queue.SimpleQueue()
    cache: ProbeCache | bool = ProbeCache() if probes else False
    flying = in_flight if in_flight is not None else set()
    slots = sum(min(max(1, settings.per_host), len(work)) for work in hosts.pending.values())

    def one(source: str | None, url: str, attempt: int) -> CheckResult | RetryLater | None:
        try:
            return check_url(client, url, as_of, settings, clock, probes=cache, source=source,
                             attempt=attempt)  # fmt: skip
        except RetryLater as later:
            later.item = (source, url, attempt + 1)
            return later
        except CheckAborted:
            return None
        except Exception as exc:  # noqa: BLE001 - one bad check must not stop the run
            log.exception("check of %s failed", url)
            return CheckResult(
                url=url,
                method="live",
                as_of="",
                checked_at=format_instant(clock()),
                status=str(CheckStatus.CONNECTION_FAILED),
                error=f"internal error: {exc}",
                source=source,
            )

    def work() -> None:
        while True:
            job = hosts.take()
            if job is None:
                return
            host, (source, url, attempt) = job
            flying.add(url)
            res = one(source, url, attempt)
            flying.discard(url)
            if isinstance(res, RetryLater):
                hosts.done(host, res.item, res.wait)
                continue
            hosts.done(host)
            results.put(res)  # None: aborted, counted but not given

    threads = [
        threading.Thread(target=work, name=f"verify-check-{n}", daemon=True)
        for n in range(max(1, min(settings.workers, slots)))
    ]  # daemon threads never hold the interpreter at exit (after Ctrl-C, say)
    for thread in threads:
        thread.start()
    finished = 0
    try:
        while finished < total:
            try:
                res = results.get_nowait()
            except queue.Empty:
                if client.aborted:
                    break
                time.sleep(_POLL)
                continue
            finished += 1
            if res is None:  # aborted
                continue
            if progress is not None:
                progress(finished, total, res)
            yield res
    except BaseException:
        client.abort()
        raise
    finally:
        if finished < total:
            client.abort()
        hosts.stop()
