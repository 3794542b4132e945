"""Availability checks of one URL (:func:`check_url`; many at once: :mod:`verify.web.many`).

A check with no date, or today's date in the case's time zone, is a *live* check: fetch the
URL under the safety policy, read the final page, run the soft-404 probes when the page is a
2xx deep link, and classify. A past date is an *archive* check: look for captures around that
date in the CDX API and the Memento TimeGates. A future date raises
:class:`~verify.errors.InvalidDateError`.

A dead link is a result, not an error: every outcome is a :class:`CheckResult`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..config import Settings
from ..errors import InvalidDateError, InvalidURLError
from ..timeutil import Clock, format_instant, local_date, system_clock
from ..urls import normalize_url
from .archives import lookup_archives
from .classify import Classification, PageFingerprint, classify, is_home_url
from .client import HttpClient
from .exchange import Exchange, decode_body
from .page import PARSE_LIMIT, PageInfo, parse_page
from .status import CheckStatus

__all__ = [
    "CheckAborted",
    "CheckResult",
    "ProbeCache",
    "ProgressCallback",
    "RetryLater",
    "check_url",
    "resolve_as_of",
]

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "")
_NO_PROBE = {
    CheckStatus.PAYWALL,
    CheckStatus.LOGIN_REQUIRED,
    CheckStatus.PARKED,
    CheckStatus.BLOCKED,
    CheckStatus.CONSENT_WALL,
    CheckStatus.TOO_LARGE,
}

ProgressCallback = Callable[[int, int, "CheckResult"], None]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check, with its evidence. ``to_dict()`` is the JSON form."""

    url: str
    method: str  # live | archive
    as_of: str  # YYYY-MM-DD, the calendar date checked (case time zone)
    checked_at: str  # UTC ISO-8601 with Z
    status: str  # a CheckStatus value
    http_status: int | None = None
    final_url: str | None = None
    redirects: tuple[dict[str, Any], ...] = ()  # {url, status, location, permanent}
    hops: tuple[dict[str, Any], ...] = ()  # every hop: {url, status, reason, location, ip}
    signals: tuple[str, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    ip: str | None = None
    title: str | None = None
    word_count: int | None = None
    body_sha256: str | None = None
    elapsed_ms: int = 0
    user_agent: str | None = None
    tls_detail: str | None = None
    captures: tuple[dict[str, Any], ...] = ()
    probes: tuple[dict[str, Any], ...] = ()
    retries: int = 0
    error: str | None = None
    source: str | None = None
    # The raw fetch (for a WARC writer); valid until the client is closed. Not in JSON.
    exchange: Exchange | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (a fixed key order; no raw exchange)."""
        return {
            "source": self.source,
            "url": self.url,
            "method": self.method,
            "as_of": self.as_of,
            "checked_at": self.checked_at,
            "status": str(self.status),
            "http_status": self.http_status,
            "final_url": self.final_url,
            "redirects": [dict(r) for r in self.redirects],
            "hops": [dict(h) for h in self.hops],
            "signals": list(self.signals),
            "headers": dict(self.headers),
            "ip": self.ip,
            "title": self.title,
            "word_count": self.word_count,
            "body_sha256": self.body_sha256,
            "elapsed_ms": self.elapsed_ms,
            "user_agent": self.user_agent,
            "tls_detail": self.tls_detail,
            "captures": [dict(c) for c in self.captures],
            "probes": [dict(p) for p in self.probes],
            "retries": self.retries,
            "error": self.error,
        }

    def with_source(self, source: str | None) -> CheckResult:
        """A copy carrying the caller's source id."""
        return self.but(source=source)

    def but(self, **changes: Any) -> CheckResult:
        """A copy with these fields changed: :func:`dataclasses.replace` without running
        ``__init__`` again (every result crossing between processes is copied, ~10x faster)."""
        unknown = changes.keys() - _RESULT_FIELDS
        if unknown:
            raise TypeError(f"CheckResult has no field {', '.join(sorted(unknown))}")
        copy = object.__new__(CheckResult)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(changes)
        return copy


_RESULT_FIELDS = frozenset(f.name for f in dataclasses.fields(CheckResult))


class _Once:
    """A value computed once by the first thread that asks; the others wait for it."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.value: Any = None


class ProbeCache:
    """Soft-404 probe results shared by the checks of one run (per directory, per site)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[str, _Once] = {}

    def get(self, key: str, compute: Callable[[], Any]) -> Any:
        """The value for ``key``, computing it once."""
        known = self._items.get(key)  # once computed, read without the lock
        if known is not None and known.event.is_set():
            return known.value
        with self._lock:
            item = self._items.get(key)
            owner = item is None
            if item is None:
                item = self._items[key] = _Once()
        if owner:
            try:
                item.value = compute()
            finally:
                item.event.set()
        else:
            item.event.wait()
        return item.value


def resolve_as_of(as_of: date | None, settings: Settings, clock: Clock) -> tuple[date, bool]:
    """``(date, live)`` for a requested date; a future date is :class:`InvalidDateError`."""
    today = local_date(clock(), settings.timezone)
    if as_of is None or as_of == today:
        return today, True
    if as_of > today:
        raise InvalidDateError(
            as_of.isoformat(), f"it is after today ({today.isoformat()}); a check looks back"
        )
    return as_of, False


def sibling_url(url: str) -> str:
    """A URL in the same directory as ``url`` with a random-looking last segment."""
    parts = urlsplit(url)
    path = parts.path or "/"
    trailing = path.endswith("/") and path != "/"
    parent = path.rstrip("/").rsplit("/", 1)[0]
    token = "verify-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    new_path = f"{parent}/{token}" + ("/" if trailing else "")
    return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))


def _directory_key(url: str) -> str:
    parts = urlsplit(url)
    parent = (parts.path or "/").rstrip("/").rsplit("/", 1)[0]
    return f"sibling {parts.scheme}://{parts.netloc}{parent}/"


def _content_type(exchange: Exchange) -> str:
    final = exchange.final
    return (final.header("content-type") or "").split(";")[0].strip().lower() if final else ""


def read_page(exchange: Exchange, settings: Settings) -> tuple[PageInfo | None, bool]:
    """The parsed final page (HTML/text only) and whether decompression passed the cap."""
    final = exchange.final
    if final is None or not final.body.kept:
        return None, False
    text, capped = decode_body(
        final.body.chunks(), final.header("content-encoding"), settings.max_body, PARSE_LIMIT
    )
    ctype = _content_type(exchange)
    if not any(ctype.startswith(t) for t in _HTML_TYPES if t) and ctype:
        return None, capped
    return parse_page(text, final.header("content-type")), capped


def _fingerprint(client: HttpClient, url: str, settings: Settings) -> PageFingerprint:
    exchange = client.fetch(url, retry=False)  # a probe is a hint: one attempt is enough
    page, _ = read_page(exchange, settings)
    return PageFingerprint.of(exchange, page)


def _hop_dicts(exchange: Exchange) -> tuple[tuple[dict[str, Any], ...], tuple[dict[str, Any], ...]]:
    redirects: list[dict[str, Any]] = []
    hops: list[dict[str, Any]] = []
    for hop in exchange.hops:
        location = hop.location
        hops.append(
            {
                "url": hop.url,
                "status": hop.status,
                "reason": hop.reason,
                "location": location,
                "ip": hop.ip,
                "elapsed_ms": round(hop.elapsed * 1000),
            }
        )
        if location is not None:
            redirects.append(
                {
                    "url": hop.url,
                    "status": hop.status,
                    "location": location,
                    "permanent": hop.status in (301, 308),
                }
            )
    return tuple(redirects), tuple(hops)


def _live(
    client: HttpClient,
    url: str,
    day: date,
    checked_at: str,
    settings: Settings,
    probes: ProbeCache | None,
    attempt: int | None = None,
) -> CheckResult:
    steps = live_steps(client, url, day, checked_at, settings, probes is not None, attempt)
    try:
        request = next(steps)
        while True:
            if request[0] == "fetch":
                value: Any = client.fetch(request[1], retry=request[2])
            else:  # a probe, computed once per key for the run
                _, key, probe_url = request
                assert probes is not None
                value = probes.get(key, lambda u=probe_url: _fingerprint(client, u, settings))
            request = steps.send(value)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


def live_steps(
    client: HttpClient,
    url: str,
    day: date,
    checked_at: str,
    settings: Settings,
    probes: bool,
    attempt: int | None = None,
) -> Generator[tuple[Any, ...], Any, CheckResult]:
    """A live check as the requests it makes of its transport, which sends back each answer:
    ``("fetch", url, retry)`` an :class:`Exchange` (``client.fetch``), and ``("probe", key,
    url)`` the :class:`PageFingerprint` of a soft-404 probe, once per key for a run. Threads
    (:func:`_live`) and the event loop (:mod:`verify.web.aio`) run the same steps."""
    exchange = yield ("fetch", url, attempt is None)
    if exchange.error == "aborted" or client.aborted:
        raise CheckAborted(url)
    if attempt is not None:
        wait = client.retry_wait(exchange, attempt)
        if wait is not None:
            raise RetryLater(wait)
        exchange = dataclasses.replace(exchange, retries=attempt)
    page, capped = read_page(exchange, settings)
    result = classify(exchange, page, decoded_too_large=capped)
    sibling = home = None
    probe_log: list[dict[str, Any]] = []
    final = exchange.final
    deep_2xx = (
        exchange.error is None
        and final is not None
        and 200 <= final.status < 300
        and result.status not in _NO_PROBE
        and not is_home_url(url)
    )
    if deep_2xx and not probes:  # the caller wants none: say that they were not run
        result = Classification(result.status, (*result.signals, "soft404_probes_skipped"))
    elif deep_2xx:
        sibling = yield ("probe", _directory_key(url), sibling_url(url))
        probe_log.append(
            {
                "kind": "sibling",
                "url": sibling.url,
                "status": sibling.status,
                "final_url": sibling.final_url,
            }
        )
        if 200 <= (sibling.status or 0) < 300:
            parts = urlsplit(url)
            root = f"{parts.scheme}://{parts.netloc}/"
            home = yield ("probe", f"home {root}", root)
            probe_log.append(
                {
                    "kind": "home",
                    "url": home.url,
                    "status": home.status,
                    "final_url": home.final_url,
                }
            )
        if client.aborted:
            raise CheckAborted(url)
        if home is not None:  # a 2xx sibling: the probes can change the verdict (soft 404)
            result = classify(exchange, page, sibling=sibling, home=home,
                              decoded_too_large=capped)  # fmt: skip
    redirects, hops = _hop_dicts(exchange)
    return CheckResult(
        url=url,
        method="live",
        as_of=day.isoformat(),
        checked_at=checked_at,
        status=str(result.status),
        http_status=final.status if final else None,
        final_url=exchange.final_url,
        redirects=redirects,
        hops=hops,
        signals=result.signals,
        headers=final.selected_headers() if final else {},
        ip=final.ip if final else None,
        title=page.title if page else None,
        word_count=page.word_count if page else None,
        body_sha256=final.body.sha256 or None if final else None,
        elapsed_ms=round(exchange.elapsed * 1000),
        user_agent=exchange.user_agent,
        tls_detail=exchange.tls_detail,
        probes=tuple(probe_log),
        retries=exchange.retries,
        error=exchange.error_detail,
        exchange=exchange,
    )


def _archive(
    client: HttpClient, url: str, day: date, checked_at: str, settings: Settings
) -> CheckResult:
    started = time.monotonic()
    lookups = lookup_archives(client, url, day, settings)
    if client.aborted:
        raise CheckAborted(url)
    captures = [c.to_dict() for lookup in lookups for c in lookup.captures]
    failed = [lk for lk in lookups if lk.error is not None]
    signals = [f"{lk.archive}_unreachable:{lk.endpoint}" for lk in failed]
    signals += [f"{lk.archive}_captures:{len(lk.captures)}" for lk in lookups if not lk.error]
    if captures:
        status = CheckStatus.ARCHIVED
    elif len(failed) == len(lookups):
        status = CheckStatus.ARCHIVE_UNREACHABLE
    else:
        status = CheckStatus.NOT_ARCHIVED
    error = "; ".join(f"{lk.endpoint}: {lk.error}" for lk in failed) or None
    return CheckResult(
        url=url,
        method="archive",
        as_of=day.isoformat(),
        checked_at=checked_at,
        status=str(status),
        signals=tuple(signals),
        elapsed_ms=round((time.monotonic() - started) * 1000),
        user_agent=client.user_agent,
        captures=tuple(captures),
        error=error,
    )


def check_url(
    client: HttpClient,
    url: str,
    as_of: date | None,
    settings: Settings,
    clock: Clock = system_clock,
    *,
    probes: ProbeCache | bool | None = None,
    source: str | None = None,
    attempt: int | None = None,
) -> CheckResult:
    """Check one URL live (no date or today) or in the archives (a past date).

    ``probes`` is the soft-404 probe cache to share (a fresh one when None); ``False`` runs
    no probes (the result then has the signal ``soft404_probes_skipped`` where they would run).
    A live check retries a timeout, 429 or 5xx itself, waiting in between; with ``attempt``
    (how many were made before) it makes one attempt and raises :class:`RetryLater` with the
    wait instead, so that a caller such as :func:`check_many` frees the host's slot meanwhile.
    """
    day, live = resolve_as_of(as_of, settings, clock)
    checked_at = format_instant(clock())
    try:
        normal = normalize_url(url)
    except InvalidURLError as exc:
        return CheckResult(
            url=url,
            method="live" if live else "archive",
            as_of=day.isoformat(),
            checked_at=checked_at,
            status=str(CheckStatus.INVALID_URL),
            signals=("error:invalid_url",),
            user_agent=client.user_agent,
            error=str(exc),
            source=source,
        )
    if live:
        cache = None if probes is False else (probes or ProbeCache())
        result = _live(client, normal, day, checked_at, settings, cache, attempt)
    else:
        result = _archive(client, normal, day, checked_at, settings)
    log.debug("checked %s: %s", normal, result.status)
    return result.with_source(source) if source is not None else result


class CheckAborted(Exception):
    """Internal: the client was aborted while this check ran; its result is not kept."""


class RetryLater(Exception):
    """A check's attempt asks for another after ``wait`` seconds (see :func:`check_url`)."""

    def __init__(self, wait: float) -> None:
        super().__init__(f"retry in {wait:.1f} s")
        self.wait = wait
        self.item: tuple[str | None, str, int] | None = None  # what to check again (check_many)
