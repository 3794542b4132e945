"""The safe HTTP client: the only module that uses urllib3 (requests' transport, used directly).

:class:`HttpClient` fetches one URL at a time per thread (it is safe to share between threads)
and returns an :class:`~verify.web.exchange.Exchange` with every hop, never raising for network
outcomes. The safety policy (see :mod:`verify.web.policy`):

* only http(s); each hop's host is resolved once, checked (no loopback/private/link-local/
  reserved address unless ``allow_private``) and the connection goes to that very address (a
  urllib3 connection class pinned to the checked IP; Host header, SNI and certificate checks
  keep the host name), so DNS rebinding cannot slip an inside address in;
* the lookup itself waits at most ``connect_timeout`` (and never past the deadline); a lookup
  that does not answer in time is ``dns_error`` (see :class:`~verify.web.policy.BoundedResolver`);
* certificates are verified against the default CA bundle (certifi's, as requests uses) plus,
  when ``ca_bundle`` is set, the certificates in that PEM file (or folder of hashed PEM files):
  in addition to the default, not instead of it, so an organisation whose proxy re-signs TLS
  adds its own CA and public sites the proxy lets through untouched still verify;
* connect and read timeouts per socket operation, and a total ``deadline`` per attempt enforced
  by a watchdog thread that shuts the socket down, so a server dripping a byte a second (even in
  its headers) cannot hang a run;
* bodies are streamed to a temporary file, at most ``max_body`` bytes, never held whole in memory;
* at most ``max_redirects`` redirects, each hop checked again; loops are detected;
* retries with backoff only for a connection that never opened, 429 and 503 (``Retry-After``
  honoured up to ``retry_after_cap``), 502 and 504; not for 500 and other 5xx; no proxies from
  the environment.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import shutil
import socket
import ssl
import threading
import time
from collections.abc import Callable, Generator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.client import HTTPException, RemoteDisconnected
from pathlib import Path
from typing import IO, Any, Self
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, LocationValueError, NewConnectionError
from urllib3.util import Url, parse_url

from ..config import Settings
from ..errors import ConfigError
from ..tempdirs import temp_dir
from ..timeutil import Clock, system_clock
from .exchange import Body, Exchange, Hop, Tls
from .policy import (
    BoundedResolver,
    PolicyDecision,
    Resolver,
    ResolveTimeout,
    address_allowed,
    resolve_checked,
    system_resolver,
)

__all__ = ["BROWSER_USER_AGENT", "HttpClient", "default_user_agent"]

log = logging.getLogger(__name__)

BROWSER_USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024
_SMALL_BODY = 128 * 1024  # bodies up to this size stay in memory until Body.path is asked
_BACKOFF_BASE = 0.5
_BACKOFF_MAX = 8.0
_TRANSIENT = (502, 504)  # besides 429 and 503, which may say when (Retry-After)


def _version() -> str:
    from .._version import __version__  # not importlib.metadata: it scans sys.path (~50 ms)

    return __version__


def default_user_agent(settings: Settings) -> str:
    """The User-Agent we send: ours naming the tool and contact URL, or a browser's."""
    if settings.browser_user_agent:
        return BROWSER_USER_AGENT
    contact = f"; +{settings.contact_url}" if settings.contact_url else ""
    return settings.user_agent.format(version=_version(), contact=contact)


class _FetchContext:
    """Per-thread state of one attempt: the pinned addresses, the sockets, the deadline."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.pins: dict[str, str] = {}
        self.socks: list[socket.socket] = []
        self.last_sock: socket.socket | None = None
        self.last_ip: str | None = None  # the address last_sock is connected to
        self.reused = False  # whether the hop's request went on a kept-alive connection
        self.sent: bytes | None = None  # the request head of the hop in flight, as sent
        self.tls: Tls | None = None  # its TLS session
        self.fired = False
        self.lock = threading.Lock()

    def register(self, sock: socket.socket, ip: str | None) -> None:
        with self.lock:
            self.last_sock = sock
            self.last_ip = ip
            if self.fired:
                _shutdown(sock)
            elif all(s is not sock for s in self.socks):
                self.socks.append(sock)

    def fire(self) -> None:
        with self.lock:
            self.fired = True
            for sock in self.socks:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class _Watchdog:
    """One thread per client that ends attempts which pass their deadline."""

    def __init__(self, aborted: threading.Event | None = None) -> None:
        self._cond = threading.Condition()
        self._aborted = aborted
        self._active: set[_FetchContext] = set()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._wake: float | None = None  # when the thread will look next (None: no entries)

    def add(self, ctx: _FetchContext) -> None:
        with self._cond:
            self._active.add(ctx)
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(
                    target=self._run, name="verify-http-watchdog", daemon=True
                )
                self._thread.start()
            if self._wake is None or ctx.deadline < self._wake:
                self._cond.notify()

    def remove(self, ctx: _FetchContext) -> None:
        with self._cond:
            self._active.discard(ctx)

    def fire_all(self) -> None:
        """End every attempt in flight now."""
        with self._cond:
            active = list(self._active)
            self._active.clear()
        for ctx in active:
            ctx.fire()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def _run(self) -> None:
        with self._cond:
            while not self._closed:
                now = time.monotonic()
                wait: float | None = None
                cancelled = self._aborted is not None and self._aborted.is_set()
                for ctx in list(self._active):
                    if cancelled or ctx.deadline <= now:
                        self._active.discard(ctx)
                        ctx.fire()
                    else:
                        left = ctx.deadline - now
                        wait = left if wait is None else min(wait, left)
                if self._aborted is not None and self._active:
                    wait = 0.2 if wait is None else min(wait, 0.2)  # see a cancel in time
                self._wake = None if wait is None else now + wait
                self._cond.wait(timeout=wait)


def _make_pools(local: threading.local) -> tuple[type, type]:
    """Connection pool classes whose connections go to the address the policy checked."""

    def pinned_ip(conn: HTTPConnection) -> tuple[str, _FetchContext]:
        ctx: _FetchContext | None = getattr(local, "ctx", None)
        host = (conn.host or "").lower()
        ip = ctx.pins.get(host) if ctx is not None else None
        if ctx is None or ip is None:
            raise NewConnectionError(conn, f"no checked address for {host}; refusing")
        return ip, ctx

    def new_conn(conn: HTTPConnection) -> socket.socket:
        ip, ctx = pinned_ip(conn)
        try:
            sock = urllib3.util.connection.create_connection(
                (ip, conn.port),
                conn.timeout,
                source_address=conn.source_address,
                socket_options=conn.socket_options,
            )
        except TimeoutError as exc:
            raise ConnectTimeoutError(conn, f"connection to {conn.host} timed out") from exc
        except OSError as exc:
            raise NewConnectionError(conn, f"failed to connect: {exc}") from exc
        # The address it reached, asked once per connection (not per request: each system
        # call lets another thread take the interpreter, and a check waits to get it back).
        peer = None
        with contextlib.suppress(OSError, IndexError):
            peer = str(sock.getpeername()[0])
        conn.verify_peer = peer  # type: ignore[attr-defined]
        ctx.register(sock, peer)
        return sock

    def note_reuse(conn: HTTPConnection) -> None:
        ctx: _FetchContext | None = getattr(local, "ctx", None)
        sock = getattr(conn, "sock", None)
        if ctx is not None and sock is not None:
            ctx.reused = True
            ctx.register(sock, getattr(conn, "verify_peer", None))

    def note_sent(conn: HTTPConnection, data: Any) -> None:
        # http.client writes the request line and headers in one send() after putrequest:
        # those bytes are the request as it went out (the body, if any, follows separately).
        ctx: _FetchContext | None = getattr(local, "ctx", None)
        if ctx is not None and isinstance(data, bytes | bytearray | memoryview):
            ctx.sent = bytes(data).split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
            ctx.tls = getattr(conn, "verify_tls", None)

    class PinnedHTTPConnection(HTTPConnection):
        verify_head_pending = False

        def _new_conn(self) -> socket.socket:
            return new_conn(self)

        def request(self, *args: Any, **kwargs: Any) -> None:
            note_reuse(self)
            super().request(*args, **kwargs)

        def putrequest(self, *args: Any, **kwargs: Any) -> None:
            self.verify_head_pending = True
            super().putrequest(*args, **kwargs)

        def send(self, data: Any) -> None:
            if self.verify_head_pending:
                self.verify_head_pending = False
                note_sent(self, data)
            super().send(data)

    class PinnedHTTPSConnection(HTTPSConnection):
        verify_head_pending = False
        verify_tls: Tls | None = None

        def _new_conn(self) -> socket.socket:
            return new_conn(self)

        def connect(self) -> None:
            super().connect()
            self.verify_tls = tls_session(self.sock)

        def request(self, *args: Any, **kwargs: Any) -> None:
            note_reuse(self)
            super().request(*args, **kwargs)

        def putrequest(self, *args: Any, **kwargs: Any) -> None:
            self.verify_head_pending = True
            super().putrequest(*args, **kwargs)

        def send(self, data: Any) -> None:
            if self.verify_head_pending:
                self.verify_head_pending = False
                note_sent(self, data)
            super().send(data)

    class PinnedHTTPPool(HTTPConnectionPool):
        ConnectionCls = PinnedHTTPConnection

    class PinnedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = PinnedHTTPSConnection

    return PinnedHTTPPool, PinnedHTTPSPool


def tls_session(sock: Any) -> Tls | None:
    """The TLS version, cipher and the certificates the server presented (DER, leaf first).

    Python 3.13 has ``SSLSocket.get_unverified_chain()``; 3.10-3.12 have the same call on the
    socket's ``_sslobj`` (returning certificate objects). Without either, only the leaf is
    read, and the record says so (``chain_kind`` ``leaf``)."""
    if not isinstance(sock, ssl.SSLSocket | ssl.SSLObject):  # (an event loop's: SSLObject)
        return None
    chain: list[bytes] = []
    kind = "presented"
    try:
        getter = getattr(sock, "get_unverified_chain", None)
        if getter is None:
            getter = getattr(getattr(sock, "_sslobj", None), "get_unverified_chain", None)
        if getter is not None:
            for cert in getter() or []:
                if isinstance(cert, bytes | bytearray):
                    chain.append(bytes(cert))
                else:  # an _ssl.Certificate (3.10-3.12): PEM by default
                    chain.append(ssl.PEM_cert_to_DER_cert(cert.public_bytes()))
        if not chain:
            kind = "leaf"
            leaf = sock.getpeercert(binary_form=True)
            chain = [leaf] if leaf else []
        cipher = sock.cipher()
        return Tls(sock.version(), cipher[0] if cipher else None, tuple(chain), kind)
    except (OSError, ValueError, AttributeError):  # a socket closed under us: no TLS record
        return None


def _load_ca_bundle(context: ssl.SSLContext, ca_bundle: str) -> None:
    where = Path(ca_bundle)
    try:
        if where.is_dir():
            context.load_verify_locations(capath=str(where))
        else:
            context.load_verify_locations(cafile=str(where))
    except (OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ConfigError(
            "settings", f"ca_bundle {ca_bundle} cannot be read as PEM certificates ({reason})"
        ) from exc


def _ssl_context(ca_bundle: str | None) -> ssl.SSLContext:
    """The client's trust: the default CA bundle, plus ``ca_bundle`` when it is set."""
    context = urllib3.util.ssl_.create_urllib3_context(cert_reqs=ssl.CERT_REQUIRED)
    context.load_verify_locations(cafile=certifi.where())
    if ca_bundle:
        _load_ca_bundle(context, ca_bundle)
    return context


class _Transport:
    """urllib3 pools whose connections go to the checked address, and the client's one
    SSLContext. requests' own transport, used directly: no Request preparation or adapter
    layer per hop, which was a quarter of the CPU of a check."""

    def __init__(self, local: threading.local, pool_size: int, ca_bundle: str | None) -> None:
        if ca_bundle:  # a bad bundle is a ConfigError now, not a failure on the first https URL
            _load_ca_bundle(ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT), ca_bundle)
        self._ca_bundle = ca_bundle
        self._ssl: ssl.SSLContext | None = None  # made on the first https request (~40 ms)
        self._ssl_lock = threading.Lock()
        # Pools for the 32 hosts used last at least: a run that goes round its hosts with few
        # workers would otherwise drop a pool (and its open connection) at every request.
        self.manager = urllib3.PoolManager(
            num_pools=max(pool_size, 32), maxsize=pool_size, retries=False
        )
        http_pool, https_pool = _make_pools(local)
        self.manager.pool_classes_by_scheme = {"http": http_pool, "https": https_pool}

    def ssl_context(self) -> ssl.SSLContext:
        """The one SSLContext of this client's HTTPS connections (shared by its threads)."""
        with self._ssl_lock:
            if self._ssl is None:
                self._ssl = _ssl_context(self._ca_bundle)
            return self._ssl

    def pool(self, url: Url) -> HTTPConnectionPool:
        """The pool for ``url``'s scheme, host and port."""
        scheme = (url.scheme or "http").lower()
        kwargs = None
        if scheme == "https":
            kwargs = {"ssl_context": self.ssl_context(), "cert_reqs": "CERT_REQUIRED"}
        return self.manager.connection_from_host(url.host, url.port, scheme, pool_kwargs=kwargs)

    def close(self) -> None:
        self.manager.clear()


def request_target(url: str) -> tuple[str, str, int | None, str]:
    """``(scheme, host, port, request target)`` of a URL as urllib3 sends it (the host in its
    IDNA spelling, characters not allowed in a request line percent-encoded); ``ValueError``
    (``LocationValueError``) when it has no host."""
    target = parse_url(url)
    if not target.host:
        raise LocationValueError(f"no host in {url!r}")
    return (target.scheme or "http").lower(), target.host, target.port, target.request_uri


def tls_detail(exc: BaseException) -> str:
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, ssl.SSLCertVerificationError):
            code = getattr(item, "verify_code", None)
            if code == 10:
                return "expired"
            if code == 62:
                return "wrong_host"
            if code in (2, 18, 19, 20, 21, 27):
                return "untrusted"
        stack.extend([item.__cause__, item.__context__, getattr(item, "reason", None)])
        stack.extend(a for a in item.args if isinstance(a, BaseException))
    text = str(exc).lower()
    if "expired" in text:
        return "expired"
    if "hostname mismatch" in text or "doesn't match" in text or "not valid for" in text:
        return "wrong_host"
    if "self-signed" in text or "self signed" in text or "local issuer" in text:
        return "untrusted"
    return "other"


def _unanswered(exc: BaseException) -> bool:
    """Whether a request failed because its connection was gone before any answer."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, RemoteDisconnected | ConnectionResetError | BrokenPipeError):
            return True
        seen = (
            seen.__cause__
            or seen.__context__
            or (seen.args[-1] if seen.args and isinstance(seen.args[-1], BaseException) else None)
        )
    return False


def _never_connected(exc: BaseException) -> bool:
    """Whether a failure happened before any connection was made (refused, unreachable)."""
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, NewConnectionError | ConnectTimeoutError):
            return True
        stack.extend([item.__cause__, item.__context__, getattr(item, "reason", None)])
        stack.extend(a for a in item.args if isinstance(a, BaseException))
    return False


def _retry_after(value: str | None, now: datetime) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class FetchFailure(Exception):
    """An attempt ended with a status name instead of a response: raised by a transport
    into :meth:`HttpClient.attempt_steps`, which makes it the exchange's error."""

    def __init__(
        self, status: str, detail: str, tls: str | None = None, *, phase: str | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.tls = tls
        self.phase = phase  # "connect" when no connection was ever made


class BodySink:
    """A response body as it arrives, for either transport: its SHA-256 and size, cut at
    ``max_body``, kept in memory while small and spooled to the client's folder past
    :data:`_SMALL_BODY` (nothing kept when ``keep`` is false)."""

    def __init__(self, client: HttpClient, keep: bool) -> None:
        self.client = client
        self.keep = keep
        self.cap = client.settings.max_body
        self.size = 0
        self.digest = hashlib.sha256()
        self.head = bytearray()
        self.path: Path | None = None
        self.out: IO[bytes] | None = None

    def add(self, piece: bytes) -> bool:
        """Take a piece; True when the cap cut it (the body stops there)."""
        cut = self.size + len(piece) > self.cap
        if cut:
            piece = piece[: self.cap - self.size]
        self.digest.update(piece)
        self.size += len(piece)
        if self.keep:
            if self.out is None and self.size <= _SMALL_BODY:
                self.head += piece
            elif self.out is None:
                self.path = self.client._spool_path()
                self.out = open(self.path, "wb")  # noqa: SIM115 - closed in close()
                self.out.write(self.head)
                self.out.write(piece)
                self.head = bytearray()
            else:
                self.out.write(piece)
        return cut

    def close(self) -> None:
        if self.out is not None:
            self.out.close()

    def body(self, truncated: bool, why: str | None) -> Body:
        """The :class:`Body` kept (``why`` only counts when ``truncated``)."""
        why = why if truncated else None
        if not self.keep:
            sha = self.digest.hexdigest() if self.size else ""
            return Body(None, self.size, sha, truncated, truncated_why=why)
        if self.path is not None:
            return Body(self.path, self.size, self.digest.hexdigest(), truncated, truncated_why=why)
        return Body(None, self.size, self.digest.hexdigest(), truncated, truncated_why=why,
                    small=bytes(self.head), spool=self.client._spool)  # fmt: skip


class HttpClient:
    """A fetcher with the safety policy; holds its own session, pools and temp files.

    Use as a context manager, or call :meth:`close`, which removes every spooled body.
    """

    def __init__(
        self,
        settings: Settings,
        clock: Clock = system_clock,
        *,
        sleep: Callable[[float], None] = time.sleep,
        resolver: Resolver = system_resolver,
        cancel: threading.Event | None = None,
    ) -> None:
        """``resolver`` answers DNS lookups (tests give their own); ``cancel``, when given and
        set (from any thread, e.g. a Cancel button), aborts every fetch as :meth:`abort`
        does; a bad ``ca_bundle`` raises :class:`~verify.errors.ConfigError`."""
        self.settings = settings
        self.clock = clock
        self._sleep = sleep
        self.user_agent = default_user_agent(settings)
        self.resolver = resolver  # as given (a worker process makes its own client only with
        # the system's resolver)
        self._local = threading.local()
        # No Session: no cookies kept between fetches, no proxies or netrc from the environment.
        pool_size = max(settings.workers, settings.per_host, 4)
        self._transport = _Transport(self._local, pool_size, settings.ca_bundle)
        self._aborted = cancel if cancel is not None else threading.Event()
        self._resolver = BoundedResolver(resolver, max_pending=pool_size, cancel=self._aborted)
        self._dns_ok: bool | None = None
        self._net_ok: bool | None = None
        self._dns_lock = threading.Lock()
        self._watchdog = _Watchdog(self._aborted)
        self._tmpdir = temp_dir("http")
        self._counter = 0
        self._counter_lock = threading.Lock()
        self._closed = False

    def resolve(self, url: str, timeout: float) -> PolicyDecision:
        """The policy's decision on ``url``'s host, looked up with this client's bounded
        resolver (``timeout`` seconds at most; an IP literal is decided without a lookup)."""
        return resolve_checked(
            url, self.settings.allow_private, functools.partial(self._resolver, timeout=timeout)
        )

    def ssl_context(self) -> ssl.SSLContext:
        """The one SSLContext of this client's HTTPS connections, whichever transport."""
        return self._transport.ssl_context()

    def dns_works(self, timeout: float) -> bool:
        """Whether DNS answers at all (a well-known name resolves); asked once per client.

        A name that "does not exist" while no name resolves is not evidence that the domain is
        gone: the computer is offline or its resolver is broken, and the check says so.
        """
        with self._dns_lock:
            if self._dns_ok is None:
                host = self.settings.dns_control_host
                if not host:
                    self._dns_ok = True
                else:
                    try:
                        self._dns_ok = bool(self._resolver(host, 443, timeout=timeout))
                    except (OSError, ResolveTimeout, UnicodeError):
                        self._dns_ok = False
            return self._dns_ok

    def network_works(self, timeout: float) -> bool:
        """Whether this computer reaches the internet at all: the control host resolves and
        accepts a TCP connection (asked once per client, only after a public address failed)."""
        if not self.dns_works(timeout):
            return False
        with self._dns_lock:
            if self._net_ok is None:
                host = self.settings.dns_control_host
                if not host:
                    self._net_ok = True
                else:
                    try:
                        ips = self._resolver(host, 443, timeout=timeout)
                        with socket.create_connection((ips[0], 443), timeout=timeout):
                            pass
                        self._net_ok = True
                    except (OSError, ResolveTimeout, UnicodeError, IndexError):
                        self._net_ok = False
            return self._net_ok

    # -- lifecycle --------------------------------------------------------------------------

    @property
    def aborted(self) -> bool:
        """Whether :meth:`abort` was called: every fetch now ends at once."""
        return self._aborted.is_set()

    def abort(self) -> None:
        """Stop every fetch in flight now (their sockets are shut down) and refuse new ones.

        Safe to call from any thread (e.g. on Ctrl-C); the fetches end with ``error`` set to
        ``aborted`` within moments, so worker threads do not hold the process.
        """
        self._aborted.set()
        self._watchdog.fire_all()

    def close(self) -> None:
        """Close connections, stop the watchdog and delete the spooled bodies."""
        if self._closed:
            return
        self._closed = True
        self._transport.close()
        self._watchdog.close()
        shutil.rmtree(self._tmpdir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- fetching ---------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        method: str = "GET",
        accept_encoding: str = "identity",
        keep_body: bool = True,
        follow_redirects: bool = True,
        headers: dict[str, str] | None = None,
        retry: bool = True,
        body: bytes | None = None,
    ) -> Exchange:
        """Fetch ``url`` under the policy, with retries (unless ``retry`` is false); never
        raises for network outcomes. ``body`` is sent with a POST (a timestamp query)."""
        started = time.monotonic()
        deadline = started + self.settings.deadline  # one total deadline, retries included
        retries = 0
        while True:
            exchange = self._attempt(
                url, method, accept_encoding, keep_body, follow_redirects, headers or {},
                deadline, body,
            )  # fmt: skip
            wait = self.retry_wait(exchange, retries) if retry else None
            if wait is None or self.aborted:
                break
            if time.monotonic() + wait >= deadline:
                break  # no time left for another attempt inside the deadline
            retries += 1
            log.info("retrying %s in %.1f s (%s)", url, wait, exchange.error or exchange.status)
            if self._sleep is time.sleep:
                if self._aborted.wait(wait):
                    break
            else:
                self._sleep(wait)
        return Exchange(
            url=exchange.url,
            hops=exchange.hops,
            final_url=exchange.final_url,
            user_agent=exchange.user_agent,
            error=exchange.error,
            error_detail=exchange.error_detail,
            tls_detail=exchange.tls_detail,
            retries=retries,
            elapsed=time.monotonic() - started,
            extra=exchange.extra,  # (the phase: a caller retrying itself needs it)
        )

    def retry_wait(self, exchange: Exchange, done: int) -> float | None:
        """Seconds to wait before another attempt after ``done`` retries, or None: no retry
        (a timeout before any connection, 429 and 503 with their Retry-After, 502 and 504).

        A 500 or another 5xx is not retried: the server took the request and failed on it, and
        it fails the same way a moment later; 502 and 504 (a gateway that got no answer) and
        503 (unavailable for now) are the transient ones, as urllib3's own retry policy holds."""
        if done >= self.settings.retries:
            return None
        backoff = min(_BACKOFF_MAX, _BACKOFF_BASE * (2**done))
        if exchange.error == "timeout":
            # Only a connection that never opened is worth another try; a server that was
            # too slow once (or dripped past the deadline) will be as slow again.
            return backoff if exchange.extra.get("phase") == "connect" else None
        status = exchange.status
        if exchange.error is not None or status is None:
            return None
        if status == 429 or status == 503:
            final = exchange.final
            after = _retry_after(final.header("retry-after") if final else None, self.clock())
            if after is not None:
                return after if after <= self.settings.retry_after_cap else None
            return backoff
        if status in _TRANSIENT:
            return backoff
        return None

    def _attempt(
        self,
        url: str,
        method: str,
        accept_encoding: str,
        keep_body: bool,
        follow: bool,
        extra_headers: dict[str, str],
        deadline: float | None = None,
        body: bytes | None = None,
    ) -> Exchange:
        settings = self.settings
        ctx = _FetchContext(deadline or time.monotonic() + settings.deadline)
        self._local.ctx = ctx
        if self.aborted:
            return Exchange(url, (), url, self.user_agent, error="aborted",
                            error_detail="the run was interrupted")  # fmt: skip
        self._watchdog.add(ctx)
        steps = self.attempt_steps(url, method, follow, ctx.deadline, body)
        try:
            request = next(steps)
            while True:
                kind = request[0]
                try:
                    if kind == "hop":
                        _, current, current_method, data, host, ip = request
                        ctx.pins[host] = ip
                        value: Any = self._one_hop(ctx, current, current_method, accept_encoding,
                                                   keep_body, extra_headers, data)  # fmt: skip
                    elif kind == "resolve":
                        value = self.resolve(request[1], request[2])
                    elif kind == "dns_works":
                        value = self.dns_works(request[1])
                    else:  # network_works
                        value = self.network_works(request[1])
                except FetchFailure as failure:
                    request = steps.throw(failure)
                    continue
                request = steps.send(value)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        finally:
            self._watchdog.remove(ctx)
            self._local.ctx = None

    def attempt_steps(
        self, url: str, method: str, follow: bool, deadline: float, body: bytes | None
    ) -> Generator[tuple[Any, ...], Any, Exchange]:
        """One attempt at ``url`` (its redirects followed under the policy, hop by hop) as
        the requests it makes of a transport, which sends back each answer:

        - ``("resolve", url, timeout)``: the :class:`~verify.web.policy.PolicyDecision` of
          :func:`~verify.web.policy.resolve_checked` for that URL;
        - ``("dns_works", timeout)``, ``("network_works", timeout)``: whether this computer
          resolves names, reaches the internet (see :meth:`dns_works`);
        - ``("hop", url, method, body, host, ip)``: the :class:`Hop` of one request to the
          checked address ``ip`` of ``host``, or a ``FetchFailure`` thrown in.

        Returns the :class:`Exchange`. The threads' transport (:meth:`_attempt`) and the event
        loop's (:mod:`verify.web.aio`) both run this, so the policy is the same code in both."""
        settings = self.settings
        hops: list[Hop] = []
        seen: set[str] = set()
        pins: dict[str, str] = {}
        current = url
        current_method = method.upper()
        try:
            while True:
                seen.add(current)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise FetchFailure("timeout", f"deadline of {settings.deadline:g} s passed")
                bound = min(settings.connect_timeout, left)
                decision = yield ("resolve", current, bound)
                host = (urlsplit(current).hostname or "").lower()
                if (
                    decision.status in ("dns_failure", "dns_error")
                    and not host.rstrip(".").endswith(".invalid")
                    and not (yield ("dns_works", bound))
                ):
                    raise FetchFailure(
                        "network_error",
                        f"{decision.detail}; but no name resolves here "
                        f"({settings.dns_control_host} neither): this computer has no working "
                        "network, so the source could not be checked",
                    )
                if decision.ip is None:
                    raise FetchFailure(decision.status or "refused", decision.detail or "")
                pins[host] = decision.ip
                hop = yield ("hop", current, current_method,
                             body if current_method == "POST" else None, host,
                             decision.ip)  # fmt: skip
                hops.append(hop)
                if hop.body.truncated and hop.body.size >= settings.max_body:
                    raise FetchFailure("too_large", f"body larger than {settings.max_body} bytes")
                location = hop.location
                if not follow or hop.status not in REDIRECT_STATUSES or not location:
                    break
                target = urljoin(current, location.strip())
                parts = urlsplit(target)
                if parts.scheme not in ("http", "https"):
                    raise FetchFailure("invalid_url", f"redirect to a non-http URL {target!r}")
                target = parts._replace(fragment="").geturl()
                if target in seen:
                    raise FetchFailure("redirect_loop", f"redirect back to {target}")
                if len(hops) > settings.max_redirects:
                    raise FetchFailure(
                        "too_many_redirects", f"more than {settings.max_redirects} redirects"
                    )
                if hop.status == 303 or (hop.status in (301, 302) and current_method == "POST"):
                    current_method = "GET"
                current = target
            return Exchange(url, tuple(hops), current, self.user_agent)
        except FetchFailure as failure:
            if isinstance(failure, TimeoutWithHop):
                hops.append(failure.hop)
            status, detail = failure.status, failure.detail
            if self.aborted:
                status, detail = "aborted", "the run was interrupted"
            elif status in ("connection_failed", "timeout") and failure.phase == "connect":
                ip = pins.get((urlsplit(current).hostname or "").lower())
                if (
                    ip
                    and address_allowed(ip)
                    and not (yield ("network_works", min(settings.connect_timeout, 5.0)))
                ):
                    status = "network_error"
                    detail = (
                        f"{detail}; no connection to {settings.dns_control_host} either: this "
                        "computer has no working network, so the source could not be checked"
                    )
            return Exchange(
                url,
                tuple(hops),
                current,
                self.user_agent,
                error=status,
                error_detail=detail,
                tls_detail=failure.tls,
                extra={"phase": failure.phase} if failure.phase else {},
            )

    def request_headers(
        self, url: str, accept_encoding: str, extra: dict[str, str]
    ) -> list[tuple[str, str]]:
        netloc = urlsplit(url).netloc
        out = [
            ("Host", netloc),
            ("User-Agent", self.user_agent),
            ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            ("Accept-Language", "sv,en;q=0.8"),
            ("Accept-Encoding", accept_encoding),
            ("Connection", "keep-alive"),
        ]
        names = {k.lower() for k, _ in out}
        for key, value in extra.items():
            if key.lower() in names:
                out = [(k, v) for k, v in out if k.lower() != key.lower()]
            out.append((key, value))
        return out

    def _one_hop(
        self,
        ctx: _FetchContext,
        url: str,
        method: str,
        accept_encoding: str,
        keep_body: bool,
        extra: dict[str, str],
        data: bytes | None = None,
    ) -> Hop:
        settings = self.settings
        sent = self.request_headers(url, accept_encoding, extra)
        started_at = self.clock()
        t0 = time.monotonic()
        remaining = ctx.deadline - t0
        if remaining <= 0:
            raise FetchFailure("timeout", f"deadline of {settings.deadline:g} s passed")
        timeout = (min(settings.connect_timeout, remaining), min(settings.read_timeout, remaining))
        ctx.sent = ctx.tls = None
        try:
            target = parse_url(url)
            if not target.host:
                raise LocationValueError(f"no host in {url!r}")
            # Pinned by the pool's own spelling of the host too (IDNA, brackets stripped).
            pool = self._transport.pool(target)
            checked = ctx.pins.get((urlsplit(url).hostname or "").lower())
            if checked is not None:
                ctx.pins.setdefault(pool.host.lower(), checked)
            for last in (False, True):
                ctx.reused = False
                try:
                    resp = pool.urlopen(
                        method, target.request_uri, body=data, headers=dict(sent),
                        retries=False, redirect=False, assert_same_host=False,
                        preload_content=False, decode_content=False,
                        timeout=urllib3.Timeout(connect=timeout[0], read=timeout[1]),
                    )  # fmt: skip
                    break
                except urllib3.exceptions.ProtocolError as exc:
                    # A kept-alive connection the server had closed without saying so: no
                    # answer came on it. Once more, on a new connection (as urllib3's own
                    # retries would, which are off here: each hop is decided by the policy).
                    if last or not ctx.reused or ctx.fired or not _unanswered(exc):
                        raise
        except urllib3.exceptions.SSLError as exc:
            raise FetchFailure("tls_error", f"TLS failed: {exc}", tls_detail(exc)) from None
        except NewConnectionError as exc:  # (a subclass of ConnectTimeoutError in urllib3)
            if ctx.fired:
                raise FetchFailure(
                    "timeout", f"deadline of {settings.deadline:g} s passed"
                ) from None
            raise FetchFailure("connection_failed", f"connection failed: {exc}",
                           phase="connect") from None  # fmt: skip
        except ConnectTimeoutError as exc:
            said = exc.args[-1] if exc.args else exc  # (its first is the connection's repr)
            raise FetchFailure("timeout", f"connect timed out: {said}", phase="connect") from None
        except (urllib3.exceptions.TimeoutError, TimeoutError) as exc:
            raise FetchFailure("timeout", f"timed out: {exc}") from None
        except (LocationValueError, UnicodeError) as exc:
            raise FetchFailure("invalid_url", str(exc)) from None
        except (urllib3.exceptions.HTTPError, HTTPException, OSError, ValueError) as exc:
            if ctx.fired:
                raise FetchFailure(
                    "timeout", f"deadline of {settings.deadline:g} s passed"
                ) from None
            phase = "connect" if _never_connected(exc) else None
            raise FetchFailure(
                "connection_failed", f"connection failed: {exc}", phase=phase
            ) from None
        ip = ctx.last_ip if ctx.last_sock is not None else None
        raw = resp
        original = getattr(raw, "_original_response", None)
        if original is not None:
            received = tuple((str(k), str(v)) for k, v in original.msg.items())
        else:
            received = tuple((str(k), str(v)) for k, v in raw.headers.items())
        version = {9: "HTTP/0.9", 10: "HTTP/1.0", 11: "HTTP/1.1", 20: "HTTP/2"}.get(
            getattr(raw, "version", 11), "HTTP/1.1"
        )
        body, timed_out = self._read_body(ctx, resp, method, keep_body)
        hop = Hop(
            url=url,
            method=method,
            request_headers=tuple(sent),
            http_version=version,
            status=resp.status,
            reason=resp.reason or "",
            response_headers=received,
            body=body,
            ip=ip,
            started_at=started_at,
            elapsed=time.monotonic() - t0,
            sent=ctx.sent,
            tls=ctx.tls,
        )
        if timed_out:
            # Keep what arrived, then report the timeout with the hop as evidence.
            raise TimeoutWithHop(hop)
        return hop

    def _spool_path(self) -> Path:
        with self._counter_lock:
            self._counter += 1
            n = self._counter
        return self._tmpdir / f"body-{n:07d}.bin"

    def _spool(self, data: bytes) -> Path:
        """Write a small body kept in memory to a file (on first ``Body.path`` access)."""
        if self._closed:
            raise RuntimeError("the HttpClient is closed; its bodies are gone")
        path = self._spool_path()
        path.write_bytes(data)
        return path

    def _read_body(
        self, ctx: _FetchContext, resp: urllib3.BaseHTTPResponse, method: str, keep: bool
    ) -> tuple[Body, bool]:
        cap = self.settings.max_body
        sink = BodySink(self, keep and method != "HEAD")
        truncated = timed_out = False
        why: str | None = None
        declared = resp.headers.get("content-length")
        expected = int(declared) if declared and declared.strip().isdigit() else None
        if (resp.headers.get("transfer-encoding") or "").lower() == "chunked":
            expected = None
        raw = resp
        try:
            if method != "HEAD":
                while True:
                    try:
                        piece = raw.read(min(_CHUNK, cap + 1 - sink.size), decode_content=False)
                    except (OSError, urllib3.exceptions.HTTPError, ValueError):
                        truncated = True
                        timed_out = ctx.fired or time.monotonic() > ctx.deadline
                        why = "time" if timed_out else "disconnect"
                        break
                    if not piece:
                        timed_out = truncated = ctx.fired
                        why = "time" if ctx.fired else None
                        if not truncated and expected is not None and sink.size < expected:
                            truncated, why = True, "disconnect"  # fewer bytes than declared
                        break
                    if sink.add(piece):
                        truncated, why = True, "length"
                        break
                    if ctx.fired or time.monotonic() > ctx.deadline:
                        truncated = timed_out = True
                        why = "time"
                        break
        finally:
            sink.close()
            if truncated or timed_out:
                raw.close()
            with contextlib.suppress(Exception):
                raw.release_conn()
        return sink.body(truncated, why), timed_out


class TimeoutWithHop(FetchFailure):
    """The deadline passed while a body arrived: a timeout that keeps its hop as evidence."""

    def __init__(self, hop: Hop) -> None:
        super().__init__("timeout", "the deadline passed while the body was arriving")
        self.hop = hop
