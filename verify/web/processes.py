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
import itertools
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
import zlib
from collections.abc import Callable, Iterator
from datetime import date
from typing import IO, Any

from ..config import Settings
from ..timeutil import Clock, system_clock
from ..urls import host_key
from .policy import system_resolver

__all__ = ["MIN_URLS", "check_in_processes", "plan_processes", "worker_pids"]

log = logging.getLogger(__name__)

#: Fewer URLs than this are checked in threads only: a worker's start-up would not pay.
MIN_URLS = 300
#: At most this many processes (this one included) when ``processes`` is 0 (automatic).
MAX_AUTO = 4
_BATCH = 64  # results per message from a worker
_OUTBOX = 4 * _BATCH  # results a worker holds for its parent at most
_RESULTS = 64  # messages waiting for the consumer at most
_FEED_BATCH = 256  # URLs read and handed out at a time
_MAX_HOSTS = 100_000  # hosts whose process is remembered (~100 bytes each)
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


class _BatchFeed:
    """A feed (see :class:`~verify.web.many.Feed`) over a small queue of batches, ``None``
    ending it: :meth:`take` waits a moment for the first batch only (its caller has results
    to hand on), then takes what is there. :meth:`_accept` turns a batch's items into
    ``(source, url)`` pairs."""

    def __init__(self) -> None:
        self.queue: queue.Queue[list[Any] | None] = queue.Queue(maxsize=4)
        self._left: list[Any] = []
        self._ended = False

    def _accept(self, items: list[Any]) -> list[tuple[str | None, str]]:
        return items

    def take(self, n: int) -> tuple[list[tuple[str | None, str]], bool]:
        got: list[tuple[str | None, str]] = []
        wait = 0.05
        while len(got) < n and not self._ended:
            if not self._left:
                try:
                    batch = self.queue.get(timeout=wait) if wait else self.queue.get_nowait()
                except queue.Empty:
                    break
                if batch is None:
                    self._ended = True
                    break
                self._left = batch
            wait = 0.0
            room = n - len(got)
            got.extend(self._accept(self._left[:room]))
            self._left = self._left[room:]
        return got, self._ended


class _StdinFeed(_BatchFeed):
    """A worker's URLs as the parent sends them: ``("items", [(key, url), ...])`` messages,
    then ``("end",)``. A thread reads them into the small queue, so that the pipe, and then the
    parent, wait while this worker has enough; the end of stdin before ``("end",)`` (the parent
    stopping the run, or dying) cancels the run."""

    def __init__(self, inp: IO[bytes], cancel: threading.Event) -> None:
        super().__init__()
        self._inp = inp
        self._cancel = cancel
        threading.Thread(target=self._read, name="verify-stdin", daemon=True).start()

    def _read(self) -> None:
        try:
            while True:
                message = _recv(self._inp)
                if message[0] == "end":
                    self.queue.put(None)
                    break
                self.queue.put(message[1])
            self._inp.read(1)  # then wait: the parent closes our stdin to stop us, or dies
        except Exception:  # noqa: BLE001 - any end of the stream means: stop
            pass
        self._cancel.set()
        with contextlib.suppress(queue.Full):
            self.queue.put_nowait(None)


def _child() -> None:
    """A worker process's main: read the job and the URLs from stdin, send result batches to
    stdout.

    The job is ``(settings, as_of, probes)``, then the URLs come as :class:`_StdinFeed` reads
    them, each under a key of the parent's; each message back is ``[(key, result), ...]``, then
    ``None`` (done) or the text of what stopped it. The end of stdin cancels the run."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    inp = os.fdopen(sys.stdin.fileno(), "rb", buffering=0, closefd=False)  # unbuffered: no
    # lock a thread blocked in read() would hold at exit, and nothing read ahead of the job
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print cannot break the stream
    sys.stdout = sys.stderr
    settings, as_of, probes = _recv(inp)

    from .client import HttpClient
    from .many import check_batches

    cancel = threading.Event()
    feed = _StdinFeed(inp, cancel)
    outbox = _Outbox(out, cancel)
    try:
        with HttpClient(settings, cancel=cancel) as client:
            for batch in check_batches(
                client,
                feed,
                as_of,
                settings,
                system_clock,  # type: ignore[arg-type]
                progress=None,
                probes=probes,
                in_flight=None,
                total=0,
            ):
                outbox.put([(result.source, result.but(exchange=None)) for result in batch])
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

    def put(self, items: list[tuple[int, Any]]) -> None:
        """Add results; wait while :data:`_OUTBOX` are waiting (the parent is behind)."""
        with self._cond:
            while len(self._items) >= _OUTBOX and not self._cancel.is_set():
                self._cond.wait(0.2)
            self._items.extend(items)
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._items or self._closed)
                if not self._closed:
                    self._cond.wait_for(lambda: len(self._items) >= _BATCH or self._closed,
                                        timeout=_BATCH_WAIT)  # fmt: skip
                batch, self._items = self._items, []
                closed = self._closed
                self._cond.notify_all()  # room again for a waiting put
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
            self._cond.notify_all()
        self._thread.join()
        with contextlib.suppress(OSError, ValueError):
            _send(self._out, last)


class _Results:
    """What the processes send back, on its way to the consumer: a queue of at most
    :data:`_RESULTS` messages, so that producers wait while the consumer (storing, printing)
    is behind, instead of piling results up; a put gives up once the run is stopped."""

    def __init__(self, stop: threading.Event) -> None:
        self._queue: queue.Queue[tuple[int, Any]] = queue.Queue(_RESULTS)
        self._stop = stop

    def put(self, item: tuple[int, Any]) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def get(self, timeout: float) -> tuple[int, Any]:
        return self._queue.get(timeout=timeout)


class _Worker:
    """One worker process, a thread that sends it its URLs and one that reads its results.

    ``outstanding`` holds what was sent and not answered yet (at most what the worker reads
    ahead): the URLs to check elsewhere should it die."""

    def __init__(self, number: int, job: tuple[Any, ...], results: _Results) -> None:
        self.number = number
        args = [sys.executable, "-P", "-c", "from verify.web.processes import _child; _child()"]
        env = dict(os.environ)  # this copy of verify, wherever it was imported from
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, env.get("PYTHONPATH")) if p)
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        with _LIVE_LOCK:
            _LIVE[self.proc.pid] = self.proc
        self.inbox: queue.Queue[list[tuple[int, str | None, str]] | None] = queue.Queue(4)
        self.outstanding: dict[int, tuple[str | None, str]] = {}
        self.lock = threading.Lock()
        self.dead = False
        self._stopped = False
        self._job = job
        self._writer = threading.Thread(target=self._write, daemon=True,
                                        name=f"verify-check-to-{number}")  # fmt: skip
        self._reader = threading.Thread(target=self._read, args=(results,), daemon=True,
                                        name=f"verify-check-from-{number}")  # fmt: skip
        self._writer.start()
        self._reader.start()

    def _write(self) -> None:
        stdin = self.proc.stdin
        assert stdin is not None
        try:
            _send(stdin, self._job)
            while not self._stopped:
                try:
                    batch = self.inbox.get(timeout=0.2)
                except queue.Empty:
                    continue
                if batch is None:
                    _send(stdin, ("end",))
                    return
                with self.lock:
                    for index, source, url in batch:
                        self.outstanding[index] = (source, url)
                _send(stdin, ("items", [(str(index), url) for index, _s, url in batch]))
        except (OSError, ValueError):
            pass  # the worker is gone, or stopped: its reader says so

    def _read(self, results: _Results) -> None:
        assert self.proc.stdout is not None
        try:
            while True:
                batch = _recv(self.proc.stdout)
                if isinstance(batch, list):
                    with self.lock:
                        batch = [(int(key), self.outstanding.pop(int(key)), result)
                                 for key, result in batch]  # fmt: skip
                results.put((self.number, batch))
                if batch is None or isinstance(batch, str):
                    return
        except (EOFError, OSError, ValueError, KeyError, pickle.UnpicklingError):
            # Died without saying so (killed, out of memory), or stopped by us.
            results.put((self.number, "the worker process ended without finishing"))

    def left(self) -> list[tuple[str | None, str]]:
        """What this (dead) worker was given and did not answer, and what waited for it."""
        with self.lock:
            items = list(self.outstanding.values())
            self.outstanding.clear()
        while True:
            try:
                batch = self.inbox.get_nowait()
            except queue.Empty:
                break
            if batch:
                items.extend((source, url) for _index, source, url in batch)
        return items

    def stop(self) -> None:
        """Ask the worker to stop (its stdin closes; it watches for that)."""
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
        self._reader.join(timeout=1.0)
        if self.proc.stdout is not None:
            with contextlib.suppress(OSError):
                self.proc.stdout.close()
        with _LIVE_LOCK:
            _LIVE.pop(self.proc.pid, None)


class _QueueFeed(_BatchFeed):
    """This process's own share, from a queue the distributor fills (see :func:`_distribute`),
    each URL under its key; ``sources`` holds the source of each in flight here."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: dict[int, str | None] = {}

    def _accept(self, items: list[Any]) -> list[tuple[str | None, str]]:
        for index, source, _url in items:
            self.sources[index] = source
        return [(str(index), url) for index, _source, url in items]


def _check_here(
    feed: _QueueFeed,
    in_threads: Callable[[Any], Iterator[Any]],
    results: _Results,
) -> None:
    """This process's own share (group 0), in threads, its results on ``results`` as a
    worker's would come (one per message, without the exchange: the same for every result)."""
    try:
        for batch in in_threads(feed):
            message = []
            for result in batch:
                index = int(result.source)
                source = feed.sources.pop(index)
                message.append((index, (source, None), result.but(exchange=None)))
            results.put((0, message))
        results.put((0, None))
    except BaseException as exc:  # noqa: BLE001 - said to the consumer, which carries on
        results.put((0, f"{type(exc).__name__}: {exc}"))


class _Groups:
    """Which process checks each host: the one with the fewest URLs so far, when the host is
    first seen, and the same for every later URL of it (its per-host limit lives there). Past
    :data:`_MAX_HOSTS` hosts, a new host goes by a hash of its name (as fixed, in less memory)."""

    def __init__(self, parts: int) -> None:
        self.parts = parts
        self.load = [0] * parts
        self.hosts: dict[str, int] = {}

    def __call__(self, url: str) -> int:
        host = host_key(url)
        number = self.hosts.get(host)
        if number is None:
            if len(self.hosts) < _MAX_HOSTS:
                number = self.hosts[host] = self.load.index(min(self.load))
            else:
                number = zlib.crc32(host.encode("utf-8", "surrogatepass")) % self.parts
        self.load[number] += 1
        return number


def _distribute(
    source: Iterator[tuple[str | None, str]],
    local: _QueueFeed,
    workers: list[_Worker],
    stop: threading.Event,
    results: _Results,
) -> None:
    """Read the URLs and hand each to the process of its host, in batches; a queue that is
    full (its process has enough for now) makes this wait, so that nothing reads far ahead."""
    parts = len(workers) + 1
    queues = [local.queue] + [w.inbox for w in workers]
    group = _Groups(parts)

    def put(number: int, batch: list[Any] | None) -> None:
        if number and workers[number - 1].dead:
            number = 0  # its worker died: this process checks its hosts from now on
        while not stop.is_set():
            try:
                queues[number].put(batch, timeout=0.2)
                return
            except queue.Full:
                if number and workers[number - 1].dead:
                    number = 0

    try:
        index = 0
        while not stop.is_set():
            chunk = list(itertools.islice(source, _FEED_BATCH))
            if not chunk:
                break
            by_group: dict[int, list[tuple[int, str | None, str]]] = {}
            for src, url in chunk:
                by_group.setdefault(group(url), []).append((index, src, url))
                index += 1
            for number, batch in by_group.items():
                put(number, batch)
        for number in range(parts):
            put(number, None)
    except BaseException as exc:  # noqa: BLE001 - the URLs could not be read: stop the run
        results.put((-1, exc))  # raised where the run is consumed (a store error stays one)


def check_in_processes(
    client: Any,
    source: Iterator[tuple[str | None, str]],
    as_of: date | None,
    settings: Settings,
    parts: int,
    *,
    probes: bool,
    progress: Callable[[int, int, Any], None] | None,
    in_threads: Callable[[Any], Iterator[Any]],
    total: int = 0,
) -> Iterator[Any]:
    """Check the ``(source, url)`` pairs of ``source`` in ``parts`` processes (this one and
    ``parts - 1`` workers), each host in one of them; yield each result as it arrives.

    The pairs are read as the run goes (each process holds at most a window of them), so
    memory stays flat. ``in_threads(feed)`` checks a feed here: this process's share, and what
    a dead worker left unanswered."""
    share = max(settings.per_host, settings.workers // parts)
    child_settings = settings.replace(workers=share, processes=1)
    stop = threading.Event()
    results = _Results(stop)
    workers: list[_Worker] = []
    failed: list[_Worker] = []
    finished = 0
    try:
        # This process checks the first share itself (while it also stores what arrives: on
        # two cores, one worker and this process use both, with one start-up and one
        # interpreter's memory less than two workers); the others go to worker processes.
        workers = [_Worker(n, (child_settings, as_of, probes), results) for n in range(1, parts)]
        local = _QueueFeed()
        threading.Thread(target=_distribute, args=(source, local, workers, stop, results),
                         name="verify-check-distribute", daemon=True).start()  # fmt: skip
        threading.Thread(target=_check_here, args=(local, in_threads, results),
                         name="verify-check-here", daemon=True).start()  # fmt: skip
        running = parts
        while running:
            if client.aborted:  # what is still to come is not wanted: the workers stop below
                break
            try:
                number, batch = results.get(timeout=0.2)
            except queue.Empty:
                continue
            if number < 0:  # the distributor: the URLs could not be read
                raise batch
            if batch is None or isinstance(batch, str):
                running -= 1
                if isinstance(batch, str) and number > 0:
                    worker = workers[number - 1]
                    worker.dead = True
                    if not client.aborted:
                        log.warning("check worker %d stopped: %s", number, batch)
                    failed.append(worker)
                elif isinstance(batch, str):
                    raise RuntimeError(batch)
                continue
            for _index, (src, _url), result in batch:
                finished += 1
                if src is not None or result.source is not None:
                    result = result.but(source=src)
                if progress is not None:
                    progress(finished, max(total, finished), result)
                yield result
        if client.aborted:
            return
        left = [item for worker in failed for item in worker.left()]
        if left:
            log.warning("%d URL(s) a worker left are checked in this process", len(left))
            from .many import Feed

            for batch in in_threads(Feed(left)):
                for result in batch:
                    finished += 1
                    if progress is not None:
                        progress(finished, max(total, finished), result)
                    yield result
    except BaseException:
        stop.set()
        client.abort()
        raise
    finally:
        stop.set()
        for worker in workers:
            worker.stop()
        deadline = time.monotonic() + 2.0
        for worker in workers:
            worker.reap(deadline)
