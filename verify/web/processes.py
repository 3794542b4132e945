"""Checks in worker processes, when one core is the limit.

A live check spends its CPU in Python (HTTP parsing, page classification), so one process tops
out at one core however many threads wait on the network. :func:`check_in_processes` splits the
URLs *by host* over a few processes: this one checks the first share in threads (while it
stores what arrives), and each worker process has its own
:class:`~verify.web.client.HttpClient`, pools and threads, running the same
:func:`~verify.web.many.check_many`. On two cores, this process and one worker use both with
one start-up and one interpreter's memory (~35 MB) less than two workers would (measured: 12 %
less CPU in all, 97 MB against 128 MB at 2,000 URLs). Every URL of a host goes to one
process, so the per-host limit (``per_host``, ``host_delay``) and the soft-404 probe cache of a
host stay whole; the ``workers`` budget is divided between the processes.

A worker is a fresh interpreter (``python -P -c ...``, the same on every platform) that imports
only the check modules: not multiprocessing's ``spawn``, which runs the command's own main
script again in every worker (for ``verify``, the whole CLI: ~0.1 s and ~4 MB each). Its job
comes on its stdin and its results go back on its stdout, in length-prefixed pickles (between
our own processes only), in small batches; a thread here reads each worker. A cancel
(``client.abort()``, Ctrl-C, the consumer stopping) closes the workers' stdin, which they
watch: they stop their fetches at once (they ignore SIGINT themselves), and so do they when
this process dies. A worker that dies is noticed, and the URLs it had not answered are checked
here instead, so no URL is lost.

:func:`plan_processes` decides: processes only pay for their start-up (~0.2 s each) when there
are many URLs on several hosts and more than one CPU, and only for a client the worker can
rebuild (the system's clock and resolver; a test's own resolver keeps everything in threads).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from typing import IO, Any

from ..config import Settings
from ..timeutil import Clock, system_clock
from .policy import system_resolver

__all__ = ["MIN_URLS", "check_in_processes", "plan_processes", "worker_pids"]

log = logging.getLogger(__name__)

#: Fewer URLs than this are checked in threads only: a worker's start-up would not pay.
MIN_URLS = 300
#: At most this many processes (this one included) when ``processes`` is 0 (automatic).
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
    """How many processes (this one included) check ``total`` URLs on ``hosts`` hosts (1: this
    one alone)."""
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


_HEAD = struct.Struct("<Q")
_MAX_MESSAGE = 1 << 30
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_LIVE: dict[int, subprocess.Popen[bytes]] = {}  # the workers running now, by pid
_LIVE_LOCK = threading.Lock()


def worker_pids() -> list[int]:
    """The process ids of the check workers running now (for a test, or a status display)."""
    with _LIVE_LOCK:
        return [pid for pid, proc in _LIVE.items() if proc.poll() is None]


def _send(stream: IO[bytes], obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEAD.pack(len(data)))
    stream.write(data)
    stream.flush()


def _read_exact(stream: IO[bytes], size: int) -> bytes:
    parts: list[bytes] = []
    while size:
        piece = stream.read(size)
        if not piece:
            raise EOFError("the stream ended")
        parts.append(piece)
        size -= len(piece)
    return b"".join(parts)


def _recv(stream: IO[bytes]) -> Any:
    (size,) = _HEAD.unpack(_read_exact(stream, _HEAD.size))
    if size > _MAX_MESSAGE:
        raise EOFError(f"a message of {size} bytes: the stream is out of step")
    return pickle.loads(_read_exact(stream, size))  # noqa: S301 - our own worker's bytes


def _child() -> None:
    """A worker process's main: read the job from stdin, send result batches to stdout.

    The job is ``(settings, items, as_of, probes)`` with ``items`` ``[(index, source, url)]``;
    each message back is ``[(index, result), ...]``, then ``None`` (done) or the text of what
    stopped it. Anything else on stdin, or its end, cancels the run."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    inp = os.fdopen(sys.stdin.fileno(), "rb", buffering=0, closefd=False)  # unbuffered: no
    # lock a thread blocked in read() would hold at exit, and nothing read ahead of the job
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print cannot break the stream
    sys.stdout = sys.stderr
    settings, items, as_of, probes = _recv(inp)

    from .client import HttpClient
    from .many import check_many

    cancel = threading.Event()

    def watch() -> None:
        with contextlib.suppress(Exception):
            inp.read(1)  # blocks until the parent closes our stdin, or dies
        cancel.set()

    threading.Thread(target=watch, daemon=True).start()
    # Each URL goes in under its index (as its "source"), to be told apart on the way back.
    sources = {index: source for index, source, _url in items}
    pairs = [(str(index), url) for index, _source, url in items]
    del items
    outbox = _Outbox(out, cancel)
    try:
        with HttpClient(settings, cancel=cancel) as client:
            for result in check_many(client, pairs, as_of, settings, probes=probes, processes=1):
                index = int(result.source)
                outbox.put((index, dataclasses.replace(result, source=sources[index],
                                                       exchange=None)))  # fmt: skip
        outbox.close(None)  # done
    except BaseException as exc:  # noqa: BLE001 - said to the parent, which carries on
        outbox.close(f"{type(exc).__name__}: {exc}")
    finally:
        with contextlib.suppress(OSError):
            out.close()


class _Outbox:
    """A worker's results on their way to the parent: sent by a thread of their own in
    batches of at most :data:`_BATCH`, each at most :data:`_BATCH_WAIT` seconds after its first
    result arrived (so a slow check never holds back the results before it)."""

    def __init__(self, out: IO[bytes], cancel: threading.Event) -> None:
        self._out = out
        self._cancel = cancel
        self._items: list[tuple[int, Any]] = []
        self._closed = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="verify-outbox", daemon=True)
        self._thread.start()

    def put(self, item: tuple[int, Any]) -> None:
        with self._cond:
            self._items.append(item)
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._items or self._closed)
                if not self._closed:
                    self._cond.wait_for(lambda: len(self._items) >= _BATCH or self._closed,
                                        timeout=_BATCH_WAIT)  # fmt: skip
                batch, self._items = self._items, []
                closed = self._closed
            if batch:
                try:
                    _send(self._out, batch)
                except (OSError, ValueError):  # the parent is gone: stop checking
                    self._cancel.set()
                    return
            if closed and not batch:
                return

    def close(self, last: str | None) -> None:
        """Send what is left, then ``last`` (None: done; a text: what stopped the run)."""
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join()
        with contextlib.suppress(OSError, ValueError):
            _send(self._out, last)


class _Worker:
    """One worker process, the thread that feeds it its job and reads its results."""

    def __init__(self, number: int, job: tuple[Any, ...], results: queue.SimpleQueue[Any]) -> None:
        self.number = number
        args = [sys.executable, "-P", "-c", "from verify.web.processes import _child; _child()"]
        env = dict(os.environ)  # this copy of verify, wherever it was imported from
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, env.get("PYTHONPATH")) if p)
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        with _LIVE_LOCK:
            _LIVE[self.proc.pid] = self.proc
        self._lock = threading.Lock()
        self._stopped = False
        self._thread = threading.Thread(
            target=self._pump, args=(job, results), name=f"verify-check-process-{number}",
            daemon=True,
        )  # fmt: skip
        self._thread.start()

    def _pump(self, job: tuple[Any, ...], results: queue.SimpleQueue[Any]) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            with self._lock:
                if not self._stopped:
                    _send(self.proc.stdin, job)
            while True:
                batch = _recv(self.proc.stdout)
                results.put((self.number, batch))
                if batch is None or isinstance(batch, str):
                    return
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):
            # Died without saying so (killed, out of memory), or stopped by us.
            results.put((self.number, "the worker process ended without finishing"))

    def stop(self) -> None:
        """Ask the worker to stop (its stdin closes; it watches for that)."""
        with self._lock:
            self._stopped = True
            with contextlib.suppress(OSError, ValueError):
                if self.proc.stdin is not None:
                    self.proc.stdin.close()

    def reap(self, deadline: float) -> None:
        """Wait for the worker to end until ``deadline``, then kill it."""
        self.stop()
        try:
            self.proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=1.0)
        self._thread.join(timeout=1.0)
        if self.proc.stdout is not None:
            with contextlib.suppress(OSError):
                self.proc.stdout.close()
        with _LIVE_LOCK:
            _LIVE.pop(self.proc.pid, None)


def _check_here(
    group: list[int],
    items: list[tuple[str | None, str]],
    in_threads: Callable[[list[tuple[str | None, str]]], Iterator[Any]],
    results: queue.SimpleQueue[tuple[int, Any]],
) -> None:
    """This process's own share (group 0), in threads, its results on ``results`` as a
    worker's would come (one per message, without the exchange: the same for every result)."""
    try:
        for result in in_threads([(str(i), items[i][1]) for i in group]):
            index = int(result.source)
            result = dataclasses.replace(result, source=items[index][0], exchange=None)
            results.put((0, [(index, result)]))
        results.put((0, None))
    except BaseException as exc:  # noqa: BLE001 - said to the consumer, which carries on
        results.put((0, f"{type(exc).__name__}: {exc}"))


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
    """Check ``items`` in ``parts`` processes (this one and ``parts - 1`` workers); yield
    each result as it arrives.

    ``by_host`` maps a host to the indices of its items; ``in_threads`` checks a list of items
    here (for what a dead worker left unanswered).
    """
    groups = _partition(by_host, parts)
    share = max(settings.per_host, settings.workers // len(groups))
    child_settings = settings.replace(workers=share, processes=1)
    results: queue.SimpleQueue[tuple[int, Any]] = queue.SimpleQueue()
    workers: list[_Worker] = []
    answered: set[int] = set()
    failed: list[int] = []
    total = len(items)
    finished = 0
    try:
        # This process checks the first group itself (while it also stores what arrives: on
        # two cores, one worker and this process use both, with one start-up and one
        # interpreter's memory less than two workers); the others go to worker processes.
        for number, group in enumerate(groups[1:], start=1):
            chunk = [(i, items[i][0], items[i][1]) for i in group]
            workers.append(_Worker(number, (child_settings, chunk, as_of, probes), results))
        here = threading.Thread(target=_check_here, args=(groups[0], items, in_threads, results),
                                name="verify-check-here", daemon=True)  # fmt: skip
        here.start()
        running = len(workers) + 1
        while running:
            if client.aborted:
                for worker in workers:
                    worker.stop()
            try:
                number, batch = results.get(timeout=0.2)
            except queue.Empty:
                continue
            if batch is None or isinstance(batch, str):
                running -= 1
                if isinstance(batch, str):
                    if not client.aborted:
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
        client.abort()
        raise
    finally:
        for worker in workers:
            worker.stop()
        deadline = time.monotonic() + 2.0
        for worker in workers:
            worker.reap(deadline)
