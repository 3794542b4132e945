"""What one fetch sent and received, hop by hop: the evidence of a check (pure data).

:class:`~verify.web.client.HttpClient` fills these records; classification reads them; the WARC
writer builds its records from them. For that last use they keep exactly what went over the wire:

* ``Hop.sent`` is the request head **exactly as written to the socket** (request line and
  header lines, up to the blank line), captured in the connection's ``send``; the request
  record of a WARC is made from it, so it says ``HTTP/1.1`` even when the server answered in
  HTTP/1.0. ``Hop.request_headers`` are the same headers as ``(name, value)`` pairs, in
  order (``Host``, ``User-Agent``, ``Accept``, ``Accept-Encoding``, ``Connection`` and
  whatever else the caller passed). :attr:`Hop.request_line` is the first line of ``sent``.
* ``Hop.tls`` is the TLS session of an https hop (:class:`Tls`): protocol version, cipher,
  and the certificates the server presented (DER). Python 3.13 gives the whole chain as
  presented (``get_unverified_chain``), as does the same call on the ``_sslobj`` of 3.10-3.12;
  where neither exists only the leaf (``getpeercert(binary_form=True)``) is kept, and
  ``Tls.chain_kind`` says which.
* ``Hop.response_headers`` are the raw response header lines **as received**, in order,
  duplicates kept (two ``Set-Cookie`` lines stay two pairs), names in their original case.
* ``Hop.body`` is the response body **as transferred**: ``Content-Encoding`` (gzip, br, ...)
  is *not* undone. The only thing removed is HTTP/1.1 chunked transfer framing (http.client
  de-chunks), so a WARC writer that writes the headers verbatim should drop a
  ``Transfer-Encoding: chunked`` line or re-chunk the payload. The bytes live in a temporary
  file (``Body.path``, written on first access for small bodies; ``Body.read()``/``chunks()``
  read them either way) owned by the client and removed by ``HttpClient.close()``: copy them
  before closing. ``Body.truncated`` is true when the body was cut at ``max_body`` (or the fetch
  ended early by a deadline or a broken connection); ``Body.sha256``/``size`` describe the
  bytes kept.

Times: ``started_at`` is an aware UTC datetime from the injected clock (format it with
:func:`verify.timeutil.format_instant`); ``elapsed`` is seconds from sending the request to the
end of the body, measured with a monotonic clock.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = ["Body", "Exchange", "Hop", "Tls", "decode_body"]

#: Headers kept in a check result (lower-case names).
SELECTED_HEADERS = (
    "content-type",
    "content-length",
    "content-encoding",
    "content-language",
    "last-modified",
    "etag",
    "date",
    "server",
    "location",
    "retry-after",
    "cache-control",
    "cf-mitigated",
    "cf-ray",
    "x-robots-tag",
    "link",
    "memento-datetime",
    "www-authenticate",
)


_SPOOL_LOCK = threading.Lock()


@dataclass(frozen=True)
class Body:
    """Response body bytes as transferred.

    ``path`` is a temporary file holding them (owned by the client, removed by
    ``HttpClient.close()``). Small bodies (``small``) stay in memory and are written to a file
    only when ``path`` is first asked for, which spares the disk for the many small pages
    a check reads and never archives.
    """

    stored: Path | None  # the file, once written (None when nothing was kept or not yet)
    size: int  # bytes kept
    sha256: str  # hex digest of the bytes kept ("" when not kept)
    truncated: bool = False
    #: Why the body is incomplete: ``length`` (cut at max_body), ``disconnect`` (the
    #: connection closed, or the body ended, before its declared length), ``time`` (the
    #: deadline passed while it arrived). The WARC keeps it as ``WARC-Truncated``.
    truncated_why: str | None = None
    small: bytes | None = field(default=None, compare=False, repr=False)
    spool: Callable[[bytes], Path] | None = field(default=None, compare=False, repr=False)

    @property
    def path(self) -> Path | None:
        """The file with the kept bytes, written now if they were only in memory."""
        if self.stored is None and self.small is not None and self.spool is not None:
            with _SPOOL_LOCK:
                if self.stored is None:
                    object.__setattr__(self, "stored", self.spool(self.small))
        return self.stored

    @property
    def kept(self) -> bool:
        """Whether any bytes were kept (in memory or in a file)."""
        return self.small is not None or self.stored is not None

    def read(self, limit: int | None = None) -> bytes:
        """The kept raw bytes (at most ``limit``); empty when nothing was kept."""
        if self.small is not None:
            return self.small if limit is None else self.small[:limit]
        if self.stored is None:
            return b""
        with open(self.stored, "rb") as fh:
            return fh.read(-1 if limit is None else limit)

    def chunks(self, size: int = 65536) -> Iterator[bytes]:
        """The kept raw bytes in pieces, for writers that stream."""
        if self.small is not None:
            for start in range(0, len(self.small), size):
                yield self.small[start : start + size]
            return
        if self.stored is None:
            return
        with open(self.stored, "rb") as fh:
            while piece := fh.read(size):
                yield piece


@dataclass(frozen=True)
class Tls:
    """The TLS session a hop went over, as the server presented it."""

    version: str | None  # "TLSv1.3"
    cipher: str | None
    #: The certificates (DER), leaf first, in the order the server sent them.
    chain: tuple[bytes, ...]
    #: ``presented`` when ``chain`` is every certificate the server sent, ``leaf`` when only
    #: the server's own certificate could be read (older Python without the chain call).
    chain_kind: str


@dataclass(frozen=True)
class Hop:
    """One request and its response in a redirect chain."""

    url: str
    method: str
    request_headers: tuple[tuple[str, str], ...]
    http_version: str  # "HTTP/1.1" or "HTTP/1.0"
    status: int
    reason: str
    response_headers: tuple[tuple[str, str], ...]
    body: Body
    ip: str | None  # the peer address connected to
    started_at: datetime
    elapsed: float
    sent: bytes | None = None  # the request head as written to the socket
    tls: Tls | None = None

    @property
    def request_line(self) -> str:
        """The request line as sent (``GET /path HTTP/1.1``)."""
        if self.sent:
            return self.sent.split(b"\r\n", 1)[0].decode("latin-1")
        return f"{self.method} {self.target} HTTP/1.1"

    @property
    def target(self) -> str:
        """The request target (path and query) as written on the request line."""
        parts = urlsplit(self.url)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def header(self, name: str) -> str | None:
        """The first response header called ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        for key, value in self.response_headers:
            if key.lower() == wanted:
                return value
        return None

    def headers_all(self, name: str) -> list[str]:
        """Every response header called ``name`` (case-insensitive), in order."""
        wanted = name.lower()
        return [v for k, v in self.response_headers if k.lower() == wanted]

    @property
    def location(self) -> str | None:
        """The ``Location`` header of a redirect, as sent."""
        return self.header("location") if 300 <= self.status < 400 else None

    def selected_headers(self) -> dict[str, str]:
        """The response headers a check result keeps, lower-case names, first value."""
        out: dict[str, str] = {}
        for key, value in self.response_headers:
            low = key.lower()
            if low in SELECTED_HEADERS and low not in out:
                out[low] = value
        return out


@dataclass(frozen=True)
class Exchange:
    """A whole fetch: the URL asked, every hop, and how it ended.

    ``error`` is None when a final response was received (whatever its status), else a
    status name: ``invalid_url``, ``refused``, ``dns_failure``, ``dns_error``,
    ``connection_failed``, ``timeout``, ``tls_error``, ``redirect_loop``,
    ``too_many_redirects`` or ``too_large``. With ``too_large``, ``redirect_loop`` and
    ``too_many_redirects`` the hops received so far are kept. ``error_detail`` is a short
    human-readable message; ``tls_detail`` says ``expired``, ``wrong_host``, ``untrusted`` or
    ``other`` for TLS errors.
    """

    url: str
    hops: tuple[Hop, ...]
    final_url: str
    user_agent: str
    error: str | None = None
    error_detail: str | None = None
    tls_detail: str | None = None
    retries: int = 0
    elapsed: float = 0.0
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def final(self) -> Hop | None:
        """The last hop, if any response was received."""
        return self.hops[-1] if self.hops else None

    @property
    def status(self) -> int | None:
        """The HTTP status of the last hop."""
        return self.hops[-1].status if self.hops else None

    @property
    def ok(self) -> bool:
        """Whether a final response arrived (any status)."""
        return self.error is None and bool(self.hops)


def decode_body(
    raw: bytes | Iterable[bytes], encoding: str | None, limit: int, keep: int | None = None
) -> tuple[bytes, bool]:
    """Undo ``Content-Encoding`` (gzip, deflate) on ``raw``, decoding at most ``limit`` bytes.

    Returns ``(first keep bytes, capped)``: ``capped`` is true when the decoded body is longer
    than ``limit`` (a decompression bomb stops there, and only ``keep`` bytes, default
    ``limit``, are ever held in memory). Unknown encodings (br, zstd) pass the raw bytes
    through; a corrupt stream gives what could be decoded.
    """
    keep = limit if keep is None else min(keep, limit)
    pieces: Iterable[bytes] = [raw] if isinstance(raw, bytes) else raw
    enc = (encoding or "").strip().lower()
    dec: Any = None
    if enc in ("gzip", "x-gzip"):
        dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif enc == "deflate":
        dec = zlib.decompressobj()
    out = bytearray()
    total = 0

    def take(data: bytes) -> bool:
        nonlocal total
        if len(out) < keep:
            out.extend(data[: keep - len(out)])
        total += len(data)
        return total > limit

    try:
        for piece in pieces:
            if dec is None:
                if take(piece):
                    return bytes(out), True
                continue
            data = piece
            while data and not dec.eof:
                chunk = dec.decompress(data, 256 * 1024)
                if take(chunk):
                    return bytes(out), True
                data = dec.unconsumed_tail
            if dec.eof:
                break
    except zlib.error:
        return bytes(out), False
    return bytes(out), False
