"""Live checks on an event loop: one thread per process waits on every connection at once.

With a thread per check in flight, every response wakes a thread that slept for the server's
latency and has to win the interpreter back (on this project's 2-CPU machine a check costs
twice the CPU it costs in a tight loop); on one event loop the next ready response is handled
while the interpreter is warm. The check itself is the same code as in threads: a live check
(:func:`~verify.web.check.live_steps`) and each of its attempts
(:meth:`~verify.web.client.HttpClient.attempt_steps`, with the address policy, redirects and
their limits) are generators of the requests they make; this module answers them with
asyncio streams and h11 (a well-kept HTTP/1.1 protocol library) instead of urllib3.

The transport keeps the same guarantees: every connection goes to the address the policy
checked (pinned, with the host's name for TLS), each hop is decided on its own, bodies stop at
``max_body``, and connect, read and total deadlines hold; TLS uses the client's own context.
Names are looked up (and the network is tested) in a thread pool: the resolver blocks.

:func:`check_batches` is what :func:`verify.web.many.check_batches` runs for live checks.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import ssl
import threading
import time
from collections import deque
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import h11

from ..config import Settings
from ..errors import InvalidURLError
from ..timeutil import Clock, format_instant
from ..urls import host_key, normalize_url
from .check import CheckAborted, CheckResult, RetryLater, live_steps, read_page, resolve_as_of
from .classify import PageFingerprint
from .client import (
    _CHUNK,
    BodySink,
    FetchFailure,
    HttpClient,
    TimeoutWithHop,
    request_target,
    tls_detail,
    tls_session,
)
from .exchange import Body, Exchange, Hop
from .policy import is_ip_literal
from .status import CheckStatus

__all__ = ["check_batches", "fetch"]

log = logging.getLogger(__name__)

_POLL = 0.05  # seconds between two looks of the consumer at the results


class _Conn:
    """One open connection: its streams, its protocol state, and what it was opened to."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 peer: str | None, tls: Any, live: set[_Conn]) -> None:  # fmt: skip
        self.live = live
        live.add(self)
        self.reader = reader
        self.writer = writer
        self.http = h11.Connection(h11.CLIENT, max_incomplete_event_size=64 * 1024)
        self.answered = False  # whether any byte of the current response arrived
        self.peer = peer
        self.tls = tls

    def close(self) -> None:
        """Close it now: a connection given up (cut, broken, not to be reused) gets no TLS
        goodbye, which would keep it open on the server's time."""
        self.live.discard(self)
        with contextlib.suppress(Exception):
            self.writer.transport.abort()


async def _closed(writer: asyncio.StreamWriter) -> None:
    """Close a connection now and let the loop close its socket (a loop that stops right after
    would otherwise leave it open)."""
    with contextlib.suppress(Exception):
        writer.transport.abort()
    for _ in range(3):
        await asyncio.sleep(0)


class _Transport:
    """The event loop's side of a client: idle connections per (scheme, host, port, address),
    the hop, and the answers to an attempt's requests."""

    def __init__(self, client: HttpClient, executor: concurrent.futures.Executor) -> None:
        self.client = client
        self.settings = client.settings
        self.executor = executor
        self.idle: dict[tuple[str, str, int, str], list[_Conn]] = {}
        self.live: set[_Conn] = set()  # every connection open, idle or in use

    async def close(self) -> None:
        """Close every connection at once (no TLS goodbye, which could wait on the server)
        and give the loop the moment it needs to close their sockets."""
        self.idle.clear()
        for conn in list(self.live):
            conn.close()
        for _ in range(5):
            await asyncio.sleep(0)

    async def _blocking(self, func: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.executor, func, *args)

    async def fetch(self, url: str, *, keep_body: bool = True) -> Exchange:
        """One attempt at ``url`` with its redirects, as ``HttpClient.fetch(url, retry=False)``
        gives it."""
        client = self.client
        started = time.monotonic()
        if client.aborted:
            return Exchange(url, (), url, client.user_agent, error="aborted",
                            error_detail="the run was interrupted")  # fmt: skip
        deadline = started + self.settings.deadline
        steps = client.attempt_steps(url, "GET", True, deadline, None)
        try:
            request = next(steps)
            while True:
                kind = request[0]
                try:
                    if kind == "hop":
                        _, current, method, data, host, ip = request
                        value: Any = await self._hop(current, method, data, host, ip,
                                                     keep_body, deadline)  # fmt: skip
                    elif kind == "resolve":
                        value = await self._resolve(request[1], request[2])
                    elif kind == "dns_works":
                        value = await self._blocking(client.dns_works, request[1])
                    else:  # network_works
                        value = await self._blocking(client.network_works, request[1])
                except FetchFailure as failure:
                    request = steps.throw(failure)
                    continue
                request = steps.send(value)
        except StopIteration as done:
            exchange: Exchange = done.value
        return Exchange(
            url=exchange.url,
            hops=exchange.hops,
            final_url=exchange.final_url,
            user_agent=exchange.user_agent,
            error=exchange.error,
            error_detail=exchange.error_detail,
            tls_detail=exchange.tls_detail,
            retries=0,
            elapsed=time.monotonic() - started,
            extra=exchange.extra,
        )

    async def _resolve(self, url: str, timeout: float) -> Any:
        host = (urlsplit(url).hostname or "").rstrip(".")
        if not host or is_ip_literal(host):  # nothing to look up: decided here, no thread
            return self.client.resolve(url, timeout)
        return await self._blocking(self.client.resolve, url, timeout)

    async def _connect(self, scheme: str, host: str, port: int, ip: str, left: float) -> _Conn:
        settings = self.settings
        context: ssl.SSLContext | None = None
        if scheme == "https":
            context = self.client.ssl_context()
        bound = min(settings.connect_timeout, left)
        started = time.monotonic()
        try:
            # asyncio.timeout, not wait_for: a connection made as the time runs out, or as
            # the run is cancelled, is not left open in a task no one awaits.
            async with asyncio.timeout(bound):
                reader, writer = await asyncio.open_connection(ip, port, limit=_CHUNK)
        except TimeoutError:
            raise FetchFailure("timeout", f"connect timed out: connection to {host} timed out",
                           phase="connect") from None  # fmt: skip
        except (OSError, ValueError, UnicodeError) as exc:
            raise FetchFailure("connection_failed", f"connection failed: {exc}",
                           phase="connect") from None  # fmt: skip
        if context is not None:  # TLS over the connection made: closed here if it fails
            try:
                async with asyncio.timeout(max(0.001, bound - (time.monotonic() - started))):
                    await writer.start_tls(context, server_hostname=host)
            except asyncio.CancelledError:
                writer.transport.abort()
                raise
            except ssl.SSLError as exc:
                await _closed(writer)
                raise FetchFailure("tls_error", f"TLS failed: {exc}", tls_detail(exc)) from None
            except TimeoutError:
                await _closed(writer)
                raise FetchFailure("timeout", f"TLS handshake with {host} timed out") from None
            except (OSError, ValueError) as exc:
                await _closed(writer)
                raise FetchFailure("connection_failed", f"connection failed: {exc}") from None
        peer = None
        with contextlib.suppress(OSError, IndexError, TypeError):
            peer = str(writer.get_extra_info("peername")[0])
        tls = tls_session(writer.get_extra_info("ssl_object")) if context else None
        return _Conn(reader, writer, peer, tls, self.live)

    async def _hop(
        self, url: str, method: str, data: bytes | None, host: str, ip: str, keep: bool,
        deadline: float,
    ) -> Hop:  # fmt: skip
        client = self.client
        settings = self.settings
        sent = client.request_headers(url, "identity", {})
        started_at = client.clock()
        t0 = time.monotonic()
        if deadline - t0 <= 0:
            raise FetchFailure("timeout", f"deadline of {settings.deadline:g} s passed")
        try:
            scheme, name, given_port, path = request_target(url)
            port = given_port or (443 if scheme == "https" else 80)
            request = h11.Request(method=method, target=path, headers=sent)
        except (UnicodeError, h11.LocalProtocolError, ValueError) as exc:
            raise FetchFailure("invalid_url", str(exc)) from None
        key = (scheme, host, port, ip)
        conn, head, response = await self._exchange(key, name, request, data, deadline, t0)
        received = tuple(
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in response.headers.raw_items()
        )
        version = "HTTP/1.0" if response.http_version == b"1.0" else "HTTP/1.1"
        body, timed_out = await self._read_body(conn, key, method, keep, deadline)
        hop = Hop(
            url=url,
            method=method,
            request_headers=tuple(sent),
            http_version=version,
            status=response.status_code,
            reason=response.reason.decode("latin-1"),
            response_headers=received,
            body=body,
            ip=conn.peer,
            started_at=started_at,
            elapsed=time.monotonic() - t0,
            sent=head.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n",
            tls=conn.tls,
        )
        if timed_out:
            raise TimeoutWithHop(hop)
        return hop

    async def _exchange(
        self, key: tuple[str, str, int, str], host: str, request: h11.Request,
        data: bytes | None, deadline: float, t0: float,
    ) -> tuple[_Conn, bytes, h11.Response]:  # fmt: skip
        """Send the request on an idle connection to the checked address, or a new one, and
        read the response's head. A kept-alive connection the server had closed meanwhile
        (nothing came back on it) is replaced once by a new one, as urllib3 does."""
        while True:
            conn = None
            spare = self.idle.get(key)
            while spare:
                candidate = spare.pop()
                if not candidate.reader.at_eof() and not candidate.writer.is_closing():
                    conn = candidate
                    break
                candidate.close()
            reused = conn is not None
            if conn is None:
                conn = await self._connect(key[0], host, key[2], key[3], deadline - t0)
            try:
                head = conn.http.send(request)
                conn.writer.write(head)
                if data:
                    conn.writer.write(conn.http.send(h11.Data(data=data)))
                conn.writer.write(conn.http.send(h11.EndOfMessage()))
                async with asyncio.timeout(self._read_left(deadline)):
                    await conn.writer.drain()
                while True:
                    event = await self._next(conn, deadline)
                    if isinstance(event, h11.Response):
                        return conn, head, event
                    if isinstance(event, h11.ConnectionClosed):
                        raise _Stale
            except _Stale:
                conn.close()
                if reused and not conn.answered:
                    continue
                raise FetchFailure("connection_failed", "connection failed: the server closed "
                               "the connection without a response") from None  # fmt: skip
            except TimeoutError:
                conn.close()
                raise FetchFailure(
                    "timeout", f"timed out: no response from {host} in time"
                ) from None
            except h11.RemoteProtocolError as exc:
                conn.close()
                if reused and not conn.answered:
                    continue  # closed before a byte of the response: a stale connection
                raise FetchFailure("connection_failed", f"connection failed: {exc}") from None
            except h11.LocalProtocolError as exc:
                conn.close()
                raise FetchFailure("connection_failed", f"connection failed: {exc}") from None
            except (OSError, ValueError) as exc:
                conn.close()
                if reused and not conn.answered:
                    continue
                raise FetchFailure("connection_failed", f"connection failed: {exc}") from None

    def _read_left(self, deadline: float) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        return min(self.settings.read_timeout, left)

    async def _next(self, conn: _Conn, deadline: float) -> Any:
        while True:
            event = conn.http.next_event()
            if event is not h11.NEED_DATA:
                if isinstance(event, h11.InformationalResponse):
                    continue
                return event
            async with asyncio.timeout(self._read_left(deadline)):  # (no task, unlike wait_for)
                data = await conn.reader.read(_CHUNK)
            conn.answered = conn.answered or bool(data)
            conn.http.receive_data(data)

    async def _read_body(
        self, conn: _Conn, key: tuple[str, str, int, str], method: str, keep: bool,
        deadline: float,
    ) -> tuple[Body, bool]:  # fmt: skip
        sink = BodySink(self.client, keep and method != "HEAD")
        truncated = timed_out = reusable = False
        why: str | None = None
        try:
            while True:
                try:
                    event = await self._next(conn, deadline)
                except TimeoutError:  # as in threads: past the deadline, the hop timed out;
                    truncated = True  # a read timeout before it, the body stopped coming
                    timed_out = time.monotonic() >= deadline - 0.005
                    why = "time" if timed_out else "disconnect"
                    break
                except (h11.RemoteProtocolError, OSError, ValueError):
                    truncated, why = True, "disconnect"  # fewer bytes than declared, or a
                    break  # broken stream
                if isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                    reusable = isinstance(event, h11.EndOfMessage)
                    break
                if not isinstance(event, h11.Data):
                    continue
                if sink.add(bytes(event.data)):
                    truncated, why = True, "length"
                    break
                if time.monotonic() > deadline:
                    truncated = timed_out = True
                    why = "time"
                    break
        finally:
            sink.close()
        if reusable and not truncated and conn.http.our_state is h11.DONE \
                and conn.http.their_state is h11.DONE:  # fmt: skip
            conn.http.start_next_cycle()
            conn.answered = False
            self.idle.setdefault(key, []).append(conn)
        else:
            conn.close()
        return sink.body(truncated, why), timed_out


def fetch(client: HttpClient, url: str) -> Exchange:
    """One attempt at ``url`` over this module's transport, on an event loop of its own: what
    ``client.fetch(url, retry=False)`` gives over urllib3 (for a single URL, and for tests that
    hold the two transports to the same outcomes)."""

    async def attempt() -> Exchange:
        transport = _Transport(client, executor)
        try:
            return await transport.fetch(url)
        finally:
            await transport.close()

    with concurrent.futures.ThreadPoolExecutor(4, thread_name_prefix="verify-resolve") as executor:
        return asyncio.run(attempt())


class _Stale(Exception):
    """Internal: the connection closed before any response came."""


class _Probes:
    """Soft-404 probe results of a run, each fetched once (the others wait for it)."""

    def __init__(self, transport: _Transport) -> None:
        self.transport = transport
        self.items: dict[str, asyncio.Future[PageFingerprint]] = {}

    async def get(self, key: str, url: str) -> PageFingerprint:
        known = self.items.get(key)
        if known is not None:
            return await asyncio.shield(known)
        future: asyncio.Future[PageFingerprint] = asyncio.get_running_loop().create_future()
        self.items[key] = future
        try:
            exchange = await self.transport.fetch(url)
            page, _ = read_page(exchange, self.transport.settings)
            future.set_result(PageFingerprint.of(exchange, page))
        except BaseException as exc:
            future.set_exception(exc)
            raise
        return future.result()


async def _check(
    transport: _Transport, probes: _Probes | None, url: str, as_of: date | None,
    settings: Settings, clock: Clock, source: str | None, attempt: int,
) -> CheckResult:  # fmt: skip
    """One live check as :func:`~verify.web.check.check_url` makes it with ``attempt`` (the
    same steps, the clock read the same way)."""
    client = transport.client
    day, _live = resolve_as_of(as_of, settings, clock)
    checked_at = format_instant(clock())
    try:
        normal = normalize_url(url)
    except InvalidURLError as exc:
        return CheckResult(url=url, method="live", as_of=day.isoformat(), checked_at=checked_at,
                           status=str(CheckStatus.INVALID_URL), signals=("error:invalid_url",),
                           user_agent=client.user_agent, error=str(exc),
                           source=source)  # fmt: skip
    steps = live_steps(client, normal, day, checked_at, settings, probes is not None, attempt)
    try:
        request = next(steps)
        while True:
            if request[0] == "fetch":
                value: Any = await transport.fetch(request[1])
            else:
                assert probes is not None
                value = await probes.get(request[1], request[2])
            request = steps.send(value)
    except StopIteration as done:
        result: CheckResult = done.value
    return result.but(source=source) if source is not None else result


def check_batches(
    client: HttpClient,
    feed: Any,
    as_of: date | None,
    settings: Settings,
    clock: Clock,
    *,
    progress: Any,
    probes: bool,
    in_flight: set[str] | None,
    total: int,
) -> Iterator[list[CheckResult]]:
    """Check the live URLs of ``feed`` on an event loop in a thread of its own; give each time
    some are done the list of them, as :func:`verify.web.many.check_batches` does in threads,
    with the same limits: ``workers`` checks at once, ``per_host`` per host, a host's slot
    resting ``host_delay`` seconds between two checks, a retry waiting on a timer without its
    slot, and at most a window of URLs read ahead of their results. This thread reads the feed
    and hands the results on; the loop's thread only checks."""
    from .many import WINDOW, take_done  # (read now: a test may change WINDOW)

    results: deque[CheckResult | None] = deque()
    room = max(64, 2 * settings.workers)
    flying = in_flight if in_flight is not None else set()
    executor = concurrent.futures.ThreadPoolExecutor(
        max_workers=max(4, min(32, settings.workers)), thread_name_prefix="verify-resolve"
    )
    loop = asyncio.new_event_loop()
    state: dict[str, Any] = {"error": None, "over": False}
    per_host = max(1, settings.per_host)
    pending: dict[str, deque[tuple[str | None, str, int]]] = {}
    running: dict[str, int] = {}
    tasks: set[asyncio.Task[None]] = set()
    transport = _Transport(client, executor)
    cache = _Probes(transport) if probes else None
    slots = asyncio.Semaphore(max(1, settings.workers))
    end = asyncio.Event()
    left = {"open": 0, "more": True}

    def finish_one() -> None:
        left["open"] -= 1
        if left["open"] <= 0 and not left["more"]:
            end.set()

    async def runner(host: str) -> None:
        try:
            while True:
                work = pending.get(host)
                if not work:
                    return
                source, url, attempt = work.popleft()
                async with slots:
                    flying.add(url)
                    try:
                        res: CheckResult | RetryLater | None = await _check(
                            transport, cache, url, as_of, settings, clock, source, attempt
                        )
                    except RetryLater as later:
                        res = later
                        later.item = (source, url, attempt + 1)
                    except CheckAborted:
                        res = None
                    except Exception as exc:  # noqa: BLE001 - one bad check must not stop the run
                        log.exception("check of %s failed", url)
                        res = CheckResult(url=url, method="live", as_of="",
                                          checked_at=format_instant(clock()),
                                          status=str(CheckStatus.CONNECTION_FAILED),
                                          error=f"internal error: {exc}",
                                          source=source)  # fmt: skip
                    finally:
                        flying.discard(url)
                if isinstance(res, RetryLater):
                    item = res.item
                    assert item is not None
                    loop.call_later(res.wait, add, host, item, True)
                else:
                    while len(results) >= room:
                        await asyncio.sleep(0.01)  # the consumer is behind: wait for it
                    results.append(res)
                    finish_one()
                if settings.host_delay > 0 and pending.get(host):
                    await asyncio.sleep(settings.host_delay)  # the slot rests
        finally:
            running[host] -= 1
            if not running[host]:
                del running[host]
                if not pending.get(host):
                    pending.pop(host, None)

    def add(host: str, item: tuple[str | None, str, int], first: bool = False) -> None:
        work = pending.setdefault(host, deque())
        if first:
            work.appendleft(item)
        else:
            work.append(item)
        if running.get(host, 0) < per_host:
            running[host] = running.get(host, 0) + 1
            task = loop.create_task(runner(host))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

    def add_many(batch: list[tuple[str | None, str]], ended: bool) -> None:
        left["open"] += len(batch)
        for source, url in batch:
            add(host_key(url), (source, url, 0))
        if ended:
            left["more"] = False
            if left["open"] <= 0:
                end.set()

    async def main() -> None:
        try:
            await end.wait()
        finally:
            for task in list(tasks):
                task.cancel()
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
            await transport.close()

    def thread() -> None:
        try:
            loop.run_until_complete(state["main"])
        except asyncio.CancelledError:
            pass
        except BaseException as exc:  # noqa: BLE001 - raised where the run is consumed
            state["error"] = exc
        finally:
            with contextlib.suppress(Exception):
                loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            state["over"] = True

    state["main"] = loop.create_task(main())
    worker = threading.Thread(target=thread, name="verify-check-loop", daemon=True)
    worker.start()
    added = finished = 0
    more = True
    complete = False
    try:
        while True:
            if more and added - finished < WINDOW:  # in hand: in flight, or done not given
                batch, ended = feed.take(WINDOW - (added - finished))
                if batch or ended:
                    loop.call_soon_threadsafe(add_many, batch, ended)
                added += len(batch)
                more = not ended
            if not more and finished >= added:
                complete = True
                break
            before = finished
            got, finished = take_done(results.popleft, IndexError, finished,
                                      max(total, added), progress)  # fmt: skip
            if got:
                yield got
            elif finished == before:
                if state["over"]:
                    if state["error"] is not None:
                        raise state["error"]
                    break
                if client.aborted:
                    break
                time.sleep(_POLL)
    except BaseException:
        client.abort()
        raise
    finally:
        if not complete:
            client.abort()
        if not state["over"]:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(state["main"].cancel)
        worker.join(timeout=5)
        executor.shutdown(wait=False, cancel_futures=True)
