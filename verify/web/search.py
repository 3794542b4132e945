"""Lateral search through a SearXNG instance's JSON API (``GET /search?q=...&format=json``).

The request goes through :class:`~verify.web.client.HttpClient`, so the safety policy holds
(no private addresses unless ``allow_private``, timeouts, size cap). A search that cannot be
done (no endpoint set, the service unreachable, an answer that is not SearXNG's JSON) raises
:class:`~verify.errors.ServiceError`; zero results is a result.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from ..errors import InputError, ServiceError
from .client import HttpClient
from .exchange import decode_body

__all__ = ["SearchHit", "SearchResponse", "search_url", "searx_search"]

log = logging.getLogger(__name__)

_SERVICE = "search service"
_MAX_JSON = 8 * 1024 * 1024


@dataclass(frozen=True)
class SearchHit:
    """One result as the service gave it."""

    url: str
    title: str | None = None
    snippet: str | None = None
    engine: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "snippet": self.snippet,
            "engine": self.engine,
            "published": self.published,
        }


@dataclass(frozen=True)
class SearchResponse:
    """The results of one query, and the raw JSON body (kept as evidence)."""

    url: str
    hits: tuple[SearchHit, ...] = ()
    body: bytes = field(default=b"", repr=False)


def search_url(endpoint: str, query: str) -> str:
    """The SearXNG JSON API URL for ``query`` (``endpoint`` may end in ``/`` or ``/search``)."""
    base = endpoint.rstrip("/")
    if not base.endswith("/search"):
        base += "/search"
    return f"{base}?{urlencode({'q': query, 'format': 'json'})}"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def searx_search(
    client: HttpClient, endpoint: str | None, query: str, *, limit: int = 20
) -> SearchResponse:
    """Query the SearXNG instance at ``endpoint``; the first ``limit`` results, in order."""
    if not endpoint:
        raise InputError(
            'no search service: set search_endpoint = "https://..." (a SearXNG instance) '
            "in the case's verify.toml"
        )
    url = search_url(endpoint, query)
    exchange = client.fetch(url, headers={"Accept": "application/json"})
    if exchange.error is not None or exchange.final is None:
        raise ServiceError(
            _SERVICE, endpoint, exchange.error_detail or exchange.error or "no answer"
        )
    final = exchange.final
    if final.status != 200:
        raise ServiceError(_SERVICE, endpoint, f"HTTP {final.status} {final.reason}".strip())
    if final.body.truncated:
        raise ServiceError(_SERVICE, endpoint, "the answer was too large")
    raw, capped = decode_body(final.body.chunks(), final.header("content-encoding"), _MAX_JSON)
    if capped:
        raise ServiceError(_SERVICE, endpoint, "the answer was too large")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ServiceError(
            _SERVICE, endpoint, "the answer is not JSON (is format=json enabled in SearXNG?)"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise ServiceError(_SERVICE, endpoint, "the answer has no results list")
    hits = []
    for item in data["results"]:
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            continue
        engine = item.get("engine")
        if engine is None and isinstance(item.get("engines"), list):
            engine = ",".join(str(e) for e in item["engines"])
        hits.append(
            SearchHit(
                url=item["url"],
                title=_text(item.get("title")),
                snippet=_text(item.get("content")),
                engine=_text(engine),
                published=_text(item.get("publishedDate")),
            )
        )
        if len(hits) >= limit:
            break
    log.info("search %r at %s: %d results", query, endpoint, len(hits))
    return SearchResponse(url=url, hits=tuple(hits), body=raw)
