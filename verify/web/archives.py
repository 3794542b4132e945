"""Web-archive lookups: the Internet Archive's CDX API and Memento TimeGates (RFC 7089).

For a URL and a calendar date (in the case's time zone) we ask for the closest capture at or
before the end of that day and the closest capture after it:

* CDX (``cdx_endpoint``): two queries in the documented JSON output
  (``output=json``: a header row of field names, then one row per capture): one with
  ``to=<end of day>&limit=-1`` (the last capture up to then) and one with
  ``from=<next second>&limit=1`` (the first capture after), each within a year.
* Each Memento TimeGate (``memento_timegates``): ``GET <timegate><url>`` with
  ``Accept-Datetime`` set to the end of that day, redirects not followed. The ``Location`` is
  the selected memento; the ``Link`` header's ``memento`` relations (``first memento``,
  ``last memento``, ``prev memento``, ``next memento``, ``memento``) carry their
  ``datetime``; a memento that answers directly gives ``Memento-Datetime``.

All requests go through :class:`~verify.web.client.HttpClient`, so the safety policy holds.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from ..config import Settings
from ..timeutil import format_instant
from .client import HttpClient
from .exchange import Exchange, decode_body

__all__ = [
    "ArchiveLookup",
    "Capture",
    "cdx_lookup",
    "day_end_utc",
    "lookup_archives",
    "memento_lookup",
    "parse_cdx_json",
    "parse_link_header",
]

log = logging.getLogger(__name__)

_CDX_FIELDS = "timestamp,original,statuscode,mimetype,digest,length"
_WINDOW = timedelta(days=366)
_BODY_LIMIT = 5_000_000


@dataclass(frozen=True)
class Capture:
    """One archived copy of a URL."""

    archive: str  # "cdx" or "memento"
    endpoint: str  # the CDX endpoint or TimeGate asked
    relation: str  # before | after | memento | first | last | prev | next
    timestamp: str  # UTC ISO-8601 with Z
    url: str  # where the copy can be replayed
    original: str | None = None
    http_status: int | None = None
    mimetype: str | None = None
    digest: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The JSON form."""
        return asdict(self)


@dataclass(frozen=True)
class ArchiveLookup:
    """What one archive said: captures, or that it could not be asked (``error``)."""

    archive: str
    endpoint: str
    captures: tuple[Capture, ...] = ()
    error: str | None = None
    exchanges: tuple[Exchange, ...] = ()


def day_end_utc(day: date, timezone: str) -> datetime:
    """The last second of ``day`` in ``timezone``, as a UTC datetime."""
    end = datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(timezone))
    return end.astimezone(UTC)


def _cdx_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def _from_stamp(stamp: str) -> datetime | None:
    digits = (stamp or "").strip()
    if not digits.isdigit() or len(digits) < 4:
        return None
    digits = (digits + "0101000000")[:14] if len(digits) < 8 else digits.ljust(14, "0")
    try:
        return datetime.strptime(digits[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def parse_cdx_json(text: str) -> list[dict[str, str]]:
    """Rows of a CDX ``output=json`` answer as dicts keyed by the header row.

    An empty answer (``""`` or ``[]``) means no captures. Raises ``ValueError`` on junk.
    """
    if not text.strip():
        return []
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("CDX answer is not a JSON array")
    if not data:
        return []
    header = data[0]
    if not isinstance(header, list) or not all(isinstance(h, str) for h in header):
        raise ValueError("CDX answer has no header row")
    rows: list[dict[str, str]] = []
    for row in data[1:]:
        if isinstance(row, list) and len(row) == len(header):
            rows.append({h: str(v) for h, v in zip(header, row, strict=True)})
    return rows


def _status(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _text(exchange: Exchange) -> str:
    final = exchange.final
    if final is None:
        return ""
    return final.body.read(_BODY_LIMIT).decode("utf-8", "replace")


def cdx_lookup(client: HttpClient, url: str, day: date, settings: Settings) -> ArchiveLookup:
    """The closest CDX captures before (or on) and after ``day``."""
    endpoint = settings.cdx_endpoint
    end = day_end_utc(day, settings.timezone)
    queries = {
        "before": {"from": _cdx_stamp(end - _WINDOW), "to": _cdx_stamp(end), "limit": "-1"},
        "after": {
            "from": _cdx_stamp(end + timedelta(seconds=1)),
            "to": _cdx_stamp(end + _WINDOW),
            "limit": "1",
        },
    }
    captures: list[Capture] = []
    exchanges: list[Exchange] = []
    for relation, window in queries.items():
        params = {"url": url, "output": "json", "fl": _CDX_FIELDS, **window}
        query_url = f"{endpoint}?{urlencode(params)}"
        exchange = client.fetch(query_url, accept_encoding="gzip")
        exchanges.append(exchange)
        if exchange.error is not None or exchange.status != 200:
            why = exchange.error or f"HTTP {exchange.status}"
            log.info("CDX lookup of %s failed: %s", url, why)
            return ArchiveLookup("cdx", endpoint, tuple(captures), why, tuple(exchanges))
        final = exchange.final
        assert final is not None

        raw, _ = decode_body(final.body.chunks(), final.header("content-encoding"), _BODY_LIMIT)
        try:
            rows = parse_cdx_json(raw.decode("utf-8", "replace"))
        except ValueError as exc:
            return ArchiveLookup(
                "cdx", endpoint, tuple(captures), f"bad CDX answer: {exc}", tuple(exchanges)
            )
        if not rows:
            continue
        row = rows[-1] if relation == "before" else rows[0]
        moment = _from_stamp(row.get("timestamp", ""))
        if moment is None:
            continue
        original = row.get("original") or url
        captures.append(
            Capture(
                archive="cdx",
                endpoint=endpoint,
                relation=relation,
                timestamp=format_instant(moment),
                url=f"{settings.wayback_prefix}{row['timestamp']}/{original}",
                original=original,
                http_status=_status(row.get("statuscode")),
                mimetype=row.get("mimetype") or None,
                digest=row.get("digest") or None,
            )
        )
    return ArchiveLookup("cdx", endpoint, tuple(captures), None, tuple(exchanges))


_LINK_PART = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]+?=(?:\"[^\"]*\"|[^;,]*))*)")
_LINK_PARAM = re.compile(r";\s*([^=\s]+)\s*=\s*(\"[^\"]*\"|[^;,]*)")


def parse_link_header(value: str) -> list[tuple[str, dict[str, str]]]:
    """``Link`` header entries as ``(uri, params)``; ``rel`` values are lower-cased."""
    out: list[tuple[str, dict[str, str]]] = []
    for match in _LINK_PART.finditer(value or ""):
        params: dict[str, str] = {}
        for key, raw in _LINK_PARAM.findall(match.group(2)):
            params[key.lower()] = raw.strip().strip('"')
        if "rel" in params:
            params["rel"] = " ".join(params["rel"].lower().split())
        out.append((match.group(1).strip(), params))
    return out


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def memento_lookup(
    client: HttpClient, timegate: str, url: str, day: date, settings: Settings
) -> ArchiveLookup:
    """Ask one TimeGate for the memento closest to the end of ``day``."""
    when = day_end_utc(day, settings.timezone)
    exchange = client.fetch(
        f"{timegate}{url}",
        follow_redirects=False,
        headers={"Accept-Datetime": format_datetime(when, usegmt=True)},
        keep_body=False,
    )
    if exchange.error is not None:
        return ArchiveLookup("memento", timegate, (), exchange.error, (exchange,))
    final = exchange.final
    assert final is not None
    if final.status in (404, 410):
        return ArchiveLookup("memento", timegate, (), None, (exchange,))
    if final.status >= 400 or final.status < 200:
        return ArchiveLookup("memento", timegate, (), f"HTTP {final.status}", (exchange,))
    links: list[tuple[str, dict[str, str]]] = []
    for value in final.headers_all("link"):
        links.extend(parse_link_header(value))
    selected = final.header("location") if 300 <= final.status < 400 else exchange.final_url
    selected_dt = _http_date(final.header("memento-datetime"))
    original = next((u for u, p in links if "original" in p.get("rel", "").split()), None)
    captures: list[Capture] = []
    seen: set[tuple[str, str]] = set()
    for uri, params in links:
        rels = params.get("rel", "").split()
        if "memento" not in rels:
            continue
        moment = _http_date(params.get("datetime"))
        if moment is None:
            continue
        names = [r for r in ("first", "last", "prev", "next") if r in rels]
        relation = names[0] if names else "memento"
        if selected and uri == selected:
            relation = "memento" if not names else relation
            selected_dt = selected_dt or moment
        key = (uri, relation)
        if key in seen:
            continue
        seen.add(key)
        captures.append(
            Capture("memento", timegate, relation, format_instant(moment), uri, original)
        )
    if selected and selected_dt and not any(c.url == selected for c in captures):
        captures.insert(
            0,
            Capture(
                "memento", timegate, "memento", format_instant(selected_dt), selected, original
            ),
        )
    return ArchiveLookup("memento", timegate, tuple(captures), None, (exchange,))


def lookup_archives(
    client: HttpClient, url: str, day: date, settings: Settings
) -> list[ArchiveLookup]:
    """Ask the CDX API and every configured TimeGate about ``url`` around ``day``."""
    lookups = [cdx_lookup(client, url, day, settings)]
    for timegate in settings.memento_timegates:
        lookups.append(memento_lookup(client, timegate, url, day, settings))
    return lookups
