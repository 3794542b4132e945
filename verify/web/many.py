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
from collections.abc import Callable, Iterable, Iterator, Sized
from datetime import date

from ..config import Settings
from ..timeutil import Clock, format_instant, system_clock
from ..urls import host_key
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
from .processes import MIN_URLS, check_in_processes, plan_processes
from .status import CheckStatus

__all__ = ["WINDOW", "Feed", "check_batches", "check_many"]

log = logging.getLogger(__name__)

#: URLs read ahead of their results at most (the rest wait in the store or the caller's
#: iterable): enough to keep every host of a large run busy, ~1 KB each.
WINDOW = 5000
#: How long the consumer sleeps when no result is waiting: it looks at the queue, rather than
#: waiting on it, so that a check's result does not wake it (two thread switches per check).
_POLL = 0.05
#: Results given at a time at most (see :func:`check_batches`).
_BATCH = 256
_Item = tuple[str | None, str, int]  # (source, url, attempts made before)


class _Hosts:
    """The shared state of a run's checks, under one condition: what each host has left,
    its free slots, the ring of hosts that may start a check now, and the timers (resting
    slots, retries). URLs are added as the run goes (:meth:`add`); a host is forgotten once
    it has nothing left, so the state holds what is in flight, not every host ever seen."""

    def __init__(self, settings: Settings) -> None:
        self.cond = threading.Condition()
        self.pending: dict[str, deque[_Item]] = {}
        self.per_host = max(1, settings.per_host)
        self.free: dict[str, int] = {}
        self.ring: deque[str] = deque()
        self.in_ring: set[str] = set()
        self.timers: list[tuple[float, int, str, _Item | None]] = []  # item None: a slot
        self.order = itertools.count()
        self.delay = settings.host_delay
        self.open = 0  # URLs added whose result is not given yet (retries not counted)
        self.more = True  # whether more URLs may still be added
        self.stopped = False

    def add(self, items: list[tuple[str | None, str]]) -> None:
        with self.cond:
            for source, url in items:
                host = host_key(url)
                self.pending.setdefault(host, deque()).append((source, url, 0))
                self.free.setdefault(host, self.per_host)
                self._offer(host)
            self.open += len(items)
            if self.ring:
                self.cond.notify()

    def no_more(self) -> None:
        with self.cond:
            self.more = False
            self.cond.notify_all()

    def _forget(self, host: str) -> None:
        if self.free.get(host) == self.per_host and not self.pending.get(host):
            del self.free[host]
            self.pending.pop(host, None)

    def _offer(self, host: str) -> None:
        if host not in self.in_ring and self.free[host] > 0 and self.pending.get(host):
            self.ring.append(host)
            self.in_ring.add(host)

    def _fire(self, now: float) -> None:
        while self.timers and self.timers[0][0] <= now:
            _, _, host, item = heapq.heappop(self.timers)
            if item is None:
                self.free[host] += 1  # a rested slot
                self._forget(host)
            else:
                self.free.setdefault(host, self.per_host)
                self.pending.setdefault(host, deque()).appendleft(item)  # a retry goes first
            self._offer(host)

    def take(self) -> tuple[str, _Item] | None:
        """The next check to run, waiting until one may start; None when nothing is left."""
        with self.cond:
            while True:
                if self.stopped or (self.open <= 0 and not self.more):
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
                self._forget(host)
            if self.open <= 0 and not self.more:
                self.cond.notify_all()  # the end: every thread may go
            # Otherwise no one is woken: the thread that called this takes the next check
            # itself, and wakes another when it leaves more in the ring.

    def stop(self) -> None:
        with self.cond:
            self.stopped = True
            self.cond.notify_all()


def take_done(
    pop: Callable[[], CheckResult | None],
    empty: type[Exception],
    finished: int,
    total: int,
    progress: ProgressCallback | None,
) -> tuple[list[CheckResult], int]:
    """The results waiting (``pop`` until it raises ``empty``; at most :data:`_BATCH`),
    ``progress`` told of each, and the count of those finished so far: a ``None`` is a check
    aborted, counted and not given."""
    got: list[CheckResult] = []
    while len(got) < _BATCH:
        try:
            res = pop()
        except empty:
            break
        finished += 1
        if res is None:
            continue
        if progress is not None:
            progress(finished, total, res)
        got.append(res)
    return got, finished


class Feed:
    """Where a run's URLs come from: :meth:`take` gives up to ``n`` more without waiting
    long, and whether the end was reached. This one reads any iterable (a list, or the
    store's rows as they are read); :mod:`verify.web.processes` has feeds of the same shape
    (any object with such a ``take``) for a worker's stdin and this process's share."""

    def __init__(self, items: Iterable[tuple[str | None, str]]) -> None:
        self._it = iter(items)

    def take(self, n: int) -> tuple[list[tuple[str | None, str]], bool]:
        got = list(itertools.islice(self._it, n))
        return got, len(got) < n


def _pairs(urls: Iterable[str | tuple[str, str]]) -> Iterator[tuple[str | None, str]]:
    for u in urls:
        yield (u[0], u[1]) if isinstance(u, tuple) else (None, u)


def check_many(
    client: HttpClient,
    urls: Iterable[str | tuple[str, str]] | Feed,
    as_of: date | None,
    settings: Settings,
    clock: Clock = system_clock,
    *,
    progress: ProgressCallback | None = None,
    probes: bool = True,
    in_flight: set[str] | None = None,
    processes: int | None = None,
    total: int | None = None,
) -> Iterator[CheckResult]:
    """Check many URLs concurrently; yield each result as soon as it is ready.

    ``urls`` are URLs or ``(source_id, url)`` pairs (the id is copied into the result), in a
    list or any iterable: they are read as the run goes, at most :data:`WINDOW` ahead of the
    results, so memory stays flat however many there are (give ``total`` for ``progress``
    when ``urls`` has no length). Hosts should come mixed, as the store gives them
    (:func:`~verify.store.register.iter_source_addresses`): the URLs of one host wait for
    their turn in the window.

    At most ``settings.workers`` checks run at once, at most ``settings.per_host`` per host
    (host and port), and a host's slot rests ``settings.host_delay`` seconds between two
    checks. ``progress(done, total, result)`` is called for every result. ``probes=False``
    runs no soft-404 probes (see :func:`~verify.web.check.check_url`). ``in_flight``, when
    given, holds the URLs being checked at each moment (for a progress display; not in worker
    processes).

    Many URLs on several hosts are checked in worker processes too
    (:mod:`verify.web.processes`, ``settings.processes``); ``processes=1`` keeps every check in
    this process, as a caller that needs each result's ``exchange`` (its bodies) must.

    When the consumer stops early, or an exception such as KeyboardInterrupt arrives while
    the generator waits, the client is aborted: every fetch in flight ends at once and no
    further result is yielded.
    """
    live = resolve_as_of(as_of, settings, clock)[1]  # a future date fails before any work
    if isinstance(urls, Feed) or callable(getattr(urls, "take", None)):  # a feed of any kind
        yield from _in_threads(client, urls, as_of, settings, clock, progress=progress,
                               probes=probes, in_flight=in_flight, total=total or 0,
                               live=live)  # fmt: skip
        return
    if total is None and isinstance(urls, Sized):
        total = len(urls)
    pairs = _pairs(urls)
    first = list(itertools.islice(pairs, MIN_URLS))  # enough to decide on processes
    if not first:
        return
    known = len(first) < MIN_URLS  # all of them
    hosts = len({host_key(url) for _source, url in first})
    parts = processes or plan_processes(client, hosts, max(total or 0, len(first)) if not known
                                        else len(first), settings, clock,
                                        needs_exchange=False)  # fmt: skip
    source = itertools.chain(first, pairs)
    if parts > 1:
        yield from check_in_processes(
            client, source, as_of, settings, parts, probes=probes, progress=progress,
            total=total or 0,
            in_threads=lambda feed: check_batches(client, feed, as_of, settings, clock,
                                                  probes=probes, progress=None,
                                                  in_flight=None, total=0, live=live),
        )  # fmt: skip
        return
    yield from _in_threads(client, Feed(source), as_of, settings, clock, progress=progress,
                           probes=probes, in_flight=in_flight, total=total or 0,
                           live=live)  # fmt: skip


def _in_threads(
    client: HttpClient,
    feed: Feed,
    as_of: date | None,
    settings: Settings,
    clock: Clock,
    *,
    progress: ProgressCallback | None,
    probes: bool,
    in_flight: set[str] | None,
    total: int,
    live: bool | None = None,
) -> Iterator[CheckResult]:
    batches = check_batches(client, feed, as_of, settings, clock, progress=progress,
                            probes=probes, in_flight=in_flight, total=total,
                            live=live)  # fmt: skip
    try:
        for batch in batches:
            yield from batch
    finally:
        batches.close()  # a consumer that stops early aborts the checks in flight


def check_batches(
    client: HttpClient,
    feed: Feed,
    as_of: date | None,
    settings: Settings,
    clock: Clock,
    *,
    progress: ProgressCallback | None,
    probes: bool,
    in_flight: set[str] | None,
    total: int,
    live: bool | None = None,
) -> Iterator[list[CheckResult]]:
    """The checks of ``feed`` in this process: each time some are done, the list of them (at
    most :data:`_BATCH` at a time, every :data:`_POLL` seconds at the latest). What
    :func:`check_many` yields one by one, and what worker processes send on in one message.

    Live checks wait on an event loop (:mod:`verify.web.aio`) unless ``settings.transport``
    is ``threads``; checks of a past date (web archives) run in threads. ``live`` is whether
    ``as_of`` is today, when the caller knows it already."""
    if live is None:
        live = resolve_as_of(as_of, settings, clock)[1]
    if live and settings.transport == "loop":
        from . import aio

        yield from aio.check_batches(client, feed, as_of, settings, clock, progress=progress,
                                     probes=probes, in_flight=in_flight,
                                     total=total)  # fmt: skip
        return
    hosts = _Hosts(settings)
    # Results wait here for the consumer: a few per thread at most, so that a slow consumer
    # (a store on a slow disk, a parent process behind) holds the checks back instead of
    # finished results (each with its bodies) piling up.
    results: queue.Queue[CheckResult | None] = queue.Queue(maxsize=max(64, 2 * settings.workers))
    cache: ProbeCache | bool = ProbeCache() if probes else False
    flying = in_flight if in_flight is not None else set()

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
            while not hosts.stopped:  # None: aborted, counted but not given
                try:
                    results.put(res, timeout=0.2)
                    break
                except queue.Full:
                    continue

    threads: list[threading.Thread] = []
    added = finished = 0
    more = True
    try:
        while True:
            if more and added - finished < WINDOW:  # in hand: in flight, or done not given
                batch, ended = feed.take(WINDOW - (added - finished))
                if batch:
                    hosts.add(batch)
                    added += len(batch)
                    while len(threads) < min(settings.workers, added):  # daemon: never hold
                        thread = threading.Thread(target=work, daemon=True,  # the exit
                                                  name=f"verify-check-{len(threads)}")  # fmt: skip
                        thread.start()
                        threads.append(thread)
                if ended:
                    more = False
                    hosts.no_more()
            if not more and finished >= added:
                break
            before = finished
            got, finished = take_done(results.get_nowait, queue.Empty, finished,
                                      max(total, added), progress)  # fmt: skip
            if got:
                yield got
            elif finished == before:
                if client.aborted:
                    break
                time.sleep(_POLL)
    except BaseException:
        client.abort()
        raise
    finally:
        if more or finished < added:
            client.abort()
        hosts.stop()
