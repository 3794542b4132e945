"""Asking a time-stamp authority (RFC 3161 over HTTP): POST the query, get the reply.

The query and the check of the reply are :mod:`verify.capture.timestamp`'s; this module only
carries the bytes, with the same client and address policy as every other request (a TSA on
the local network needs ``allow_private``). A reply that is not a time-stamp reply, or an HTTP
error, is a :class:`~verify.errors.ServiceError` naming the authority.
"""

from __future__ import annotations

from ..errors import ServiceError
from .client import HttpClient

__all__ = ["MAX_REPLY", "ask_authority"]

SERVICE = "the time-stamp authority"
#: A reply larger than this is not a time-stamp token.
MAX_REPLY = 1024 * 1024


def ask_authority(client: HttpClient, url: str, query: bytes) -> bytes:
    """POST ``query`` (a DER TimeStampReq) to ``url``; the DER TimeStampResp."""
    exchange = client.fetch(
        url,
        method="POST",
        body=query,
        headers={
            "Content-Type": "application/timestamp-query",
            "Accept": "application/timestamp-reply",
        },
        follow_redirects=False,
    )
    final = exchange.final
    if exchange.error is not None or final is None:
        raise ServiceError(SERVICE, url, exchange.error_detail or exchange.error or "no answer")
    if final.status != 200:
        raise ServiceError(SERVICE, url, f"HTTP {final.status} {final.reason}".strip())
    kind = (final.header("content-type") or "").split(";")[0].strip().lower()
    if kind not in ("application/timestamp-reply", "application/timestamp-response"):
        raise ServiceError(SERVICE, url, f"the answer is {kind or 'untyped'}, not a time stamp")
    if final.body.truncated or final.body.size > MAX_REPLY:
        raise ServiceError(SERVICE, url, "the answer is too large for a time stamp")
    return final.body.read(MAX_REPLY)
