"""A second witness: the Internet Archive's Save Page Now (SPN2).

:func:`save_page_now` asks ``spn_endpoint`` to capture a URL (``POST <endpoint>?url=...`` with
``Accept: application/json``; the answer is ``{"url": ..., "job_id": ...}``), then polls
``<endpoint>/status/<job_id>`` until the job reports ``success`` (with ``timestamp`` and
``original_url``) or ``error``. The fetches go through verify's HTTP client and its policy.
Anonymous requests only (no S3 keys yet).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..errors import ServiceError

if TYPE_CHECKING:
    from ..web.client import HttpClient

__all__ = ["SpnCapture", "save_page_now"]

log = logging.getLogger(__name__)

SERVICE = "Save Page Now"


@dataclass(frozen=True)
class SpnCapture:
    """What Save Page Now returned: the capture's URL and time (14 digits, UTC)."""

    job_id: str
    capture_url: str
    timestamp: str
    original_url: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "capture_url": self.capture_url,
            "timestamp": self.timestamp,
            "original_url": self.original_url,
        }


def _json(client: HttpClient, url: str, method: str) -> dict[str, Any]:
    exchange = client.fetch(url, method=method, headers={"Accept": "application/json"})
    final = exchange.final
    if exchange.error is not None or final is None:
        raise ServiceError(SERVICE, url, exchange.error_detail or exchange.error or "no answer")
    if final.status >= 400:
        raise ServiceError(SERVICE, url, f"HTTP {final.status}")
    try:
        data = json.loads(final.body.read(1024 * 1024) or b"{}")
    except ValueError as exc:
        raise ServiceError(SERVICE, url, "the answer is not JSON") from exc
    if not isinstance(data, dict):
        raise ServiceError(SERVICE, url, "the answer is not a JSON object")
    return data


def save_page_now(
    client: HttpClient,
    url: str,
    *,
    endpoint: str,
    wayback_prefix: str,
    poll_interval: float = 3.0,
    max_wait: float = 120.0,
    sleep: Callable[[float], None] = time.sleep,
) -> SpnCapture:
    """Ask Save Page Now to capture ``url`` and wait for the result."""
    base = endpoint.rstrip("/")
    started = _json(client, f"{base}?url={quote(url, safe='')}", "POST")
    job_id = started.get("job_id")
    if not job_id:
        raise ServiceError(SERVICE, base, str(started.get("message") or "no job id returned"))
    waited = 0.0
    while True:
        status = _json(client, f"{base}/status/{quote(str(job_id), safe='')}", "GET")
        state = status.get("status")
        if state == "success":
            timestamp = str(status.get("timestamp") or "")
            original = str(status.get("original_url") or url)
            if not timestamp:
                raise ServiceError(SERVICE, base, "success without a capture timestamp")
            return SpnCapture(
                job_id=str(job_id),
                capture_url=f"{wayback_prefix}{timestamp}/{original}",
                timestamp=timestamp,
                original_url=original,
            )
        if state not in (None, "pending"):
            raise ServiceError(SERVICE, base, str(status.get("message") or state))
        if waited >= max_wait:
            raise ServiceError(SERVICE, base, f"job {job_id} not done after {max_wait:g} s")
        log.debug("Save Page Now job %s pending", job_id)
        sleep(poll_interval)
        waited += poll_interval
