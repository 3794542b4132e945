"""Checks in worker processes, when one core is the limit.

A live check spends its CPU in Python (HTTP parsing, page classification), so one process tops
out at one core however many threads wait on the network. :func:`check_in_processes` splits the
URLs *by host* over a few worker processes (``spawn``: no threads are forked), each with its own
:class:`~verify.web.client.HttpClient`, pools and threads, running the same
:func:`~verify.web.check.check_many`. Every URL of a host goes to one process, so the per-host
limit (``per_host``, ``host_delay``) and the soft-404 probe cache of a host stay whole; the
``workers`` budget is divided between the processes.

Results come back in small batches, each worker through a pipe of its own (a worker killed
while writing to a shared queue would leave its lock held and block the others), and are
yielded in this process as they arrive (the store is written here, by the caller). A cancel
(``client.abort()``, Ctrl-C, the consumer stopping) is passed on to the workers, which ignore
SIGINT themselves and stop their fetches at once; a worker that dies is noticed, and the URLs
it had not answered are checked here instead, so no URL is lost.

:func:`plan_processes` decides: processes only pay for their start-up (~0.3 s each) when there
are many URLs on several hosts and more than one CPU, and only for a client the worker can
rebuild (the system's clock and resolver; a test's own resolver keeps everything in threads).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from multiprocessing.connection import wait
from typing import Any

from ..config import Settings
from ..timeutil import Clock, system_clock
from .policy import system_resolver

__all__ = ["MIN_URLS", "check_in_processes", "plan_processes"]

log = logging.getLogger(__name__)

#: Fewer URLs than this are checked in threads only: a worker's start-up would not pay.
MIN_URLS = 300
#: At most this many worker processes when ``processes`` is 0 (automatic).
MAX_AUTO = 4
_BATCH = 64  # results per message from a worker
_BATCH_WAIT = 0.05  # seconds a worker holds a partial batch


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def plan_processes(
    client: Any, hosts: int, total: int, settings: Settings, clock: Clock, *, needs_exchange: bool
) -> int:
    """How many worker processes to use for ``total`` URLs on ``hosts`` hosts (1: none)."""
    if needs_exchange or hosts < 2:
        return 1
    if clock is not system_clock or getattr(client, "resolver", None) is not system_resolver:
        return 1  # a worker cannot rebuild a test's clock or resolver
    wanted = settings.processes
    if wanted == 0:
        if total < MIN_URLS:
            return 1
        wanted = min(_cpus(), MAX_AUTO)
    return max(1, min(wanted, hosts))


def _partition(by_host: dict[str, list[int]], parts: int) -> list[list[int]]:
    """Hosts over ``parts`` groups, the largest host first to the lightest group."""
    groups: list[list[int]] = [[] for _ in range(parts)]
    for _host, indices in sorted(by_host.items(), key=lambda kv: -len(kv[1])):
        min(groups, key=len).extend(indices)
    return [g for g in groups if g]


def _worker(
    settings: Settings,
    items: list[tuple[int, str | None, str]],
    as_of: date | None,
    probes: bool,
    out: Any,
    stop: Any,
) -> None:
    """A worker process: check ``items`` and send ``[(index, result), ...]`` batches through
    ``out`` (its end of a pipe), then ``None``, or the text of what stopped it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    from .check import check_many
    from .client import HttpClient

    cancel = threading.Event()

    def watch() -> None:
        while not stop.value:  # a shared flag, not an Event: a dead waiter cannot block it
            time.sleep(0.05)
        cancel.set()

    threading.Thread(target=watch, daemon=True).start()
    # Each URL goes in under its index (as its "source"), to be told apart on the way back.
    sources = {index: source for index, source, _url in items}
    pairs = [(str(index), url) for index, _source, url in items]
    batch: list[tuple[int, Any]] = []
    sent_at = time.monotonic()
    try:
        with HttpClient(settings, cancel=cancel) as client:
            for result in check_many(client, pairs, as_of, settings, probes=probes, processes=1):
                index = int(result.source)
                result = dataclasses.replace(result, source=sources[index], exchange=None)
                batch.append((index, result))
                if len(batch) >= _BATCH or time.monotonic() - sent_at > _BATCH_WAIT:
                    out.send(batch)
                    batch, sent_at = [], time.monotonic()
        if batch:
            out.send(batch)
        out.send(None)  # done
    except BaseException as exc:  # noqa: BLE001 - said to the parent, which carries on
        with contextlib.suppress(OSError):
            if batch:
                out.send(batch)
            out.send(f"{type(exc).__name__}: {exc}")
    finally:
        out.close()


def check_in_processes(
    client: Any,
    items: list[tuple[str | None, str]],
    by_host: dict[str, list[int]],
    as_of: date | None,
    settings: Settings,
    parts: int,
    *,
    probes: bool,
    progress: Callable[[int, int, Any], None] | None,
    in_threads: Callable[[list[tuple[str | None, str]]], Iterator[Any]],
) -> Iterator[Any]:
    """Check ``items`` in ``parts`` worker processes; yield each result as it arrives.

    ``by_host`` maps a host to the indices of its items; ``in_threads`` checks a list of items
    here (for what a dead worker left unanswered).
    """
    groups = _partition(by_host, parts)
    context = multiprocessing.get_context("spawn")
    stop = context.Value("b", 0, lock=False)
    share = max(settings.per_host, settings.workers // len(groups))
    child_settings = settings.replace(workers=share, processes=1)
    workers = []
    readers: dict[Any, int] = {}
    for number, group in enumerate(groups):
        chunk = [(i, items[i][0], items[i][1]) for i in group]
        reader, writer = context.Pipe(duplex=False)
        proc = context.Process(
            target=_worker,
            args=(child_settings, chunk, as_of, probes, writer, stop),
            name=f"verify-check-process-{number}",
            daemon=True,
        )
        proc.start()
        writer.close()  # the worker holds the only write end: its death ends the pipe
        workers.append(proc)
        readers[reader] = number
    answered: set[int] = set()
    failed: list[int] = []
    total = len(items)
    finished = 0
    try:
        while readers:
            if client.aborted:
                stop.value = 1
            for reader in wait(list(readers), timeout=0.2):
                number = readers[reader]
                try:
                    batch = reader.recv()
                except (EOFError, OSError):  # died without saying so (killed, out of memory)
                    batch = "the worker process ended without finishing"
                if batch is None or isinstance(batch, str):
                    del readers[reader]
                    reader.close()
                    if isinstance(batch, str):
                        log.warning("check worker %d stopped: %s", number, batch)
                        failed.append(number)
                    continue
                for index, result in batch:
                    answered.add(index)
                    finished += 1
                    if progress is not None:
                        progress(finished, total, result)
                    yield result
        if client.aborted:
            return
        left = [items[i] for number in failed for i in groups[number] if i not in answered]
        if left:
            log.warning("%d URL(s) a worker left are checked in this process", len(left))
            for result in in_threads(left):
                finished += 1
                if progress is not None:
                    progress(finished, total, result)
                yield result
    except BaseException:
        stop.value = 1
        client.abort()
        raise
    finally:
        stop.value = 1
        deadline = time.monotonic() + 2.0
        for proc in workers:
            proc.join(timeout=max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=1.0)
        for reader in readers:
            reader.close()
