"""Writing and reading WARC files: the only module that uses warcio.

Writing (:func:`write_capture`) turns one :class:`~verify.web.exchange.Exchange` into a WARC/1.1
file, gzip per record::

    warcinfo                       tool, version, the settings that matter, the case
    request   hop 1                the request line and headers as sent (the bytes written)
    response  hop 1                status line, headers and body as received (a redirect)
    resource  (https hops)         the certificates the server presented, PEM, at a
                                   file:///tls-certificates/<host>.pem URI
    request   hop 2 ...            one request/response pair per hop
    response  (or revisit) final   the archived page
    metadata                       application/warc-fields: source, check status, digests,
                                   and the whole record as one json-metadata field

Every record carries ``WARC-Block-Digest`` (and payload records ``WARC-Payload-Digest``) in
SHA-256, written as ``sha256:`` + base32 so that ``warcio check`` verifies them. Record ids are
UUIDv5 derived from the content and the capture time, and dates come from the injected clock,
so the same inputs give byte-identical files. A body that was cut at ``max_body`` is written
as received with ``WARC-Truncated: length``. A ``Transfer-Encoding: chunked`` header line is
dropped (the client stored the de-chunked body); ``Content-Encoding`` is kept with the encoded
body, exactly as transferred. When the final payload is already archived in the case, a
``revisit`` record (profile identical-payload-digest) refers to the earlier capture instead of
storing the bytes again.

Reading (:func:`scan_warc`) parses every record, verifies both digests where present (SHA-1,
SHA-256, MD5...), the record framing and the required headers, and reports problems naming the
record (its number, type, target URI and offset). :func:`copy_payload` streams one record's
payload out; :func:`index_entries` gives what a CDXJ index needs.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import tempfile
import uuid
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from ..web.exchange import Exchange, Hop
from .certs import to_pem
from .sniff import sniff_file

__all__ = [
    "MAX_LINE",
    "WARC_VERSION",
    "PayloadTooLarge",
    "RevisitOf",
    "WarcRecordInfo",
    "WarcScan",
    "WrittenWarc",
    "arc_to_warc",
    "copy_payload",
    "index_entries",
    "scan_warc",
    "sha256_b32",
    "warc_date",
    "write_capture",
]

log = logging.getLogger(__name__)

WARC_VERSION = "WARC/1.1"
_NAMESPACE = uuid.UUID("6f1d9a3e-3c1b-5b7e-9d0a-5e4c2b1a0f11")
_CHUNK = 1024 * 1024
_DROPPED_HEADERS = ("transfer-encoding",)
#: zlib level of the gzip member of each record.
GZIP_LEVEL = 6


def sha256_b32(hex_digest: str) -> str:
    """``sha256:`` + base32 of a hex SHA-256, the form WARC digest headers use."""
    return "sha256:" + base64.b32encode(bytes.fromhex(hex_digest)).decode("ascii")


def warc_date(moment: datetime) -> str:
    """WARC-Date text: UTC, ``Z``, microseconds only when there are some (WARC/1.1 allows)."""
    utc = moment.astimezone(UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += f".{utc.microsecond:06d}"
    return text + "Z"


def _record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(_NAMESPACE, chr(31).join(parts))}>"


class _GzipMember:
    """One gzip member per record, like warcio's ``GzippingWrapper`` but at zlib level 6.

    warcio compresses at level 9, which costs half again the time of level 6 on HTML for
    under 1% fewer bytes; the records and their digests are the same either way.
    """

    def __init__(self, out: BinaryIO) -> None:
        self._zip = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        self._out = out

    def write(self, data: bytes) -> None:
        self._out.write(self._zip.compress(data))

    def flush(self) -> None:
        self._out.write(self._zip.flush())
        self._out.flush()


class _Sha256Writer(WARCWriter):
    """warcio's writer with SHA-256 digests (warcio defaults to SHA-1), gzip per record."""

    def __init__(self, out: BinaryIO) -> None:
        super().__init__(out, gzip=False, warc_version=WARC_VERSION)

    @staticmethod
    def _create_digester() -> Digester:
        return Digester("sha256")

    def write_record(self, record: Any, params: Any = None) -> None:
        self._write_warc_record(_GzipMember(self.out), record)


def _header_value(value: str) -> str:
    """Undo http.client's latin-1 decoding so warcio writes the bytes that arrived (UTF-8)."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _response_headers(hop: Hop) -> StatusAndHeaders:
    headers = [
        (name, _header_value(value))
        for name, value in hop.response_headers
        if name.lower() not in _DROPPED_HEADERS
    ]
    statusline = f"{hop.status} {hop.reason}".strip()
    return StatusAndHeaders(statusline, headers, protocol=hop.http_version)


def _request_headers(hop: Hop) -> StatusAndHeaders:
    """The request head as it was sent: the bytes the connection wrote (``Hop.sent``), or, for
    an exchange recorded without them, the headers the client set (on HTTP/1.1, which is all
    http.client speaks)."""
    headers: list[tuple[str, str]] = []
    if hop.sent:
        lines = hop.sent.decode("latin-1").split("\r\n")
        for line in lines[1:]:
            if not line:
                break
            name, _, value = line.partition(":")
            headers.append((name, _header_value(value.strip())))
    else:
        headers = [(name, _header_value(value)) for name, value in hop.request_headers]
    return StatusAndHeaders(hop.request_line, headers, is_http_request=True)


def _tls_target(hop: Hop) -> str:
    """Where a hop's certificates are kept: a ``file:///`` URI, as Perma's Scoop names its
    attachments, so that no replay tool takes the record for the page."""
    parts = urlsplit(hop.url)
    host = (parts.hostname or "host").lower()
    port = f"-{parts.port}" if parts.port else ""
    return f"file:///tls-certificates/{host}{port}.pem"


def _warc_fields(fields: dict[str, str]) -> bytes:
    """``application/warc-fields``: one ``name: value`` line each (line breaks in values
    become spaces, so every value stays one field)."""
    lines = []
    for key, value in fields.items():
        if value:
            flat = " ".join(str(value).splitlines())
            lines.append(f"{key}: {flat}\r\n")
    return "".join(lines).encode("utf-8")


@dataclass(frozen=True)
class RevisitOf:
    """An earlier capture of the same payload that a revisit record refers to."""

    target_uri: str
    date: str  # its WARC-Date


@dataclass(frozen=True)
class WrittenWarc:
    """What :func:`write_capture` wrote."""

    records: int
    response_id: str  # the record id of the final response (or revisit)
    payload_sha256: str  # hex, of the final payload as transferred ("" without a body)
    payload_size: int
    truncated: bool
    revisit: bool


def write_capture(
    out: BinaryIO,
    exchange: Exchange,
    *,
    filename: str,
    warcinfo: dict[str, str],
    metadata: dict[str, Any],
    revisit_of: RevisitOf | None = None,
) -> WrittenWarc:
    """Write the WARC of one fetch to ``out`` (see the module docstring for the layout)."""
    if not exchange.hops:
        raise ValueError("an exchange without a response cannot be archived")
    writer = _Sha256Writer(out)
    first = exchange.hops[0]
    base = (exchange.url, warc_date(first.started_at), first.body.sha256)
    info_body = _warc_fields(warcinfo)
    writer.write_record(
        writer.create_warc_record(
            "",
            "warcinfo",
            payload=io.BytesIO(info_body),
            length=len(info_body),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": _record_id(*base, "warcinfo"),
                "WARC-Date": warc_date(first.started_at),
                "WARC-Filename": filename,
            },
        )
    )
    records = 1
    info_id = _record_id(*base, "warcinfo")
    response_id = ""
    chains: set[tuple[bytes, ...]] = set()
    last = len(exchange.hops) - 1
    for index, hop in enumerate(exchange.hops):
        date = warc_date(hop.started_at)
        resp_id = _record_id(*base, str(index), "response", hop.url, hop.body.sha256)
        common = {"WARC-Date": date, "WARC-Warcinfo-ID": info_id}
        if hop.ip:
            common["WARC-IP-Address"] = hop.ip
        request = writer.create_warc_record(
            hop.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=_request_headers(hop),
            warc_headers_dict={
                "WARC-Record-ID": _record_id(*base, str(index), "request", hop.url),
                "WARC-Concurrent-To": resp_id,
                **common,
            },
        )
        writer.write_record(request)
        if index == last and revisit_of is not None and hop.body.sha256:
            record = writer.create_revisit_record(
                hop.url,
                sha256_b32(hop.body.sha256),
                revisit_of.target_uri,
                revisit_of.date,
                http_headers=_response_headers(hop),
                warc_headers_dict={"WARC-Record-ID": resp_id, **common},
            )
            writer.write_record(record)
        else:
            headers = {"WARC-Record-ID": resp_id, **common}
            if hop.body.truncated:
                headers["WARC-Truncated"] = hop.body.truncated_why or "length"
            with _open_body(hop) as body:
                record = writer.create_warc_record(
                    hop.url,
                    "response",
                    payload=body,
                    length=hop.body.size,
                    http_headers=_response_headers(hop),
                    warc_headers_dict=headers,
                )
                writer.write_record(record)
        records += 2
        response_id = resp_id
        if hop.tls is not None and hop.tls.chain and hop.tls.chain not in chains:
            chains.add(hop.tls.chain)
            pem = to_pem(hop.tls.chain)
            writer.write_record(
                writer.create_warc_record(
                    _tls_target(hop),
                    "resource",
                    payload=io.BytesIO(pem),
                    length=len(pem),
                    warc_content_type="application/x-pem-file",
                    warc_headers_dict={
                        "WARC-Record-ID": _record_id(*base, str(index), "tls", hop.url),
                        "WARC-Concurrent-To": resp_id,
                        **common,
                    },
                )
            )
            records += 1
    final = exchange.hops[-1]
    # WARC fields, not JSON: pywb, cdxj-indexer (py-wacz) and wabac.js (ReplayWeb.page) all
    # leave an application/warc-fields metadata record out of their index. A JSON one with
    # the page's URI and second would be replayed instead of the page.
    fields = {
        "source": str((metadata.get("source") or {}).get("id") or ""),
        "source-url": str((metadata.get("source") or {}).get("url") or ""),
        "check-status": str((metadata.get("check") or {}).get("status") or ""),
        "text-sha256": str((metadata.get("text") or {}).get("sha256") or ""),
        "metadata-object-sha256": str(metadata.get("metadata_object_sha256") or ""),
        "json-metadata": json.dumps(metadata, ensure_ascii=False, sort_keys=True,
                                    separators=(",", ":")),
    }  # fmt: skip
    meta = _warc_fields(fields)
    writer.write_record(
        writer.create_warc_record(
            final.url,
            "metadata",
            payload=io.BytesIO(meta),
            length=len(meta),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": _record_id(*base, "metadata", response_id),
                "WARC-Date": warc_date(final.started_at),
                "WARC-Concurrent-To": response_id,
                "WARC-Warcinfo-ID": info_id,
            },
        )
    )
    records += 1
    return WrittenWarc(
        records=records,
        response_id=response_id,
        payload_sha256=final.body.sha256,
        payload_size=final.body.size,
        truncated=final.body.truncated,
        revisit=revisit_of is not None and bool(final.body.sha256),
    )


def _open_body(hop: Hop) -> IO[bytes]:
    if hop.body.small is not None:  # still in memory: no need to spool it to a file first
        return io.BytesIO(hop.body.small)
    if hop.body.path is None:
        return io.BytesIO(b"")
    return open(hop.body.path, "rb")  # noqa: SIM115 - closed by the caller's with


# -- reading ----------------------------------------------------------------------------------


@dataclass
class WarcRecordInfo:
    """One record as read back: where it is, what it is, and what is wrong with it."""

    number: int  # 1-based position in the file
    offset: int
    length: int
    type: str
    record_id: str | None
    target_uri: str | None
    date: str | None
    http_status: int | None = None
    content_type: str | None = None  # the HTTP Content-Type of a response/revisit
    payload_digest: str | None = None
    block_digest: str | None = None
    refers_to_uri: str | None = None
    refers_to_date: str | None = None
    concurrent_to: str | None = None
    truncated: str | None = None
    location: str | None = None  # the Location header of a 3xx response or revisit
    refers_to: str | None = None  # WARC-Refers-To (the record a revisit repeats)
    format: str = "warc"  # "arc" for a record of an ARC file
    problems: list[str] = field(default_factory=list)

    def label(self) -> str:
        """``record 3 (response http://..., offset 1234)``: how errors name a record."""
        what = self.type or "record"
        if self.target_uri:
            what += f" {self.target_uri}"
        return f"record {self.number} ({what}, offset {self.offset})"


@dataclass
class WarcScan:
    """Every record of a file and the problems found (empty when the file is sound)."""

    records: list[WarcRecordInfo]
    problems: list[str]
    version: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def find(self, record_id: str) -> WarcRecordInfo | None:
        for record in self.records:
            if record.record_id == record_id:
                return record
        return None


#: A header line (WARC or HTTP) longer than this is not a header: the file is refused.
MAX_LINE = 64 * 1024
#: A file whose decompressed bytes pass this many times its compressed bytes (and
#: :data:`BOMB_FLOOR`) is a decompression bomb.
BOMB_RATIO = 200
BOMB_FLOOR = 32 * 1024 * 1024


class _Bounded(DecompressingBufferedReader):
    """warcio's reader with bounds: header lines at most :data:`MAX_LINE` bytes (a line is
    read in linear time, never by repeated concatenation), and a decompressed size that may
    not pass :data:`BOMB_RATIO` times the compressed size (or ``max_bytes`` in all)."""

    def __init__(self, stream: IO[bytes], *, max_bytes: int | None = None, **kw: Any) -> None:
        super().__init__(stream, **kw)
        self.bytes_in = 0
        self.bytes_out = 0
        self.max_bytes = max_bytes

    def _decompress(self, data: bytes) -> bytes:  # type: ignore[override]
        out = super()._decompress(data)
        self.bytes_in += len(data)
        self.bytes_out += len(out)
        if self.bytes_out > BOMB_FLOOR and self.bytes_out > BOMB_RATIO * max(self.bytes_in, 1):
            raise ArchiveLoadFailed(
                f"decompresses to more than {BOMB_RATIO} times its size "
                f"({self.bytes_in} bytes gave {self.bytes_out}): a decompression bomb"
            )
        if self.max_bytes is not None and self.bytes_out > self.max_bytes:
            raise ArchiveLoadFailed(f"holds more than {self.max_bytes} bytes")
        return out

    def readline(self, length: int | None = None) -> bytes:  # type: ignore[override]
        cap = MAX_LINE if length is None else min(length, MAX_LINE)
        pieces: list[bytes] = []
        got = 0
        while got < cap:
            self._fillbuff()
            if self.empty():
                break
            piece = self.buff.readline(cap - got)
            pieces.append(piece)
            got += len(piece)
            if piece.endswith(b"\n"):
                break
        line = b"".join(pieces)
        if length is None and got >= cap and not line.endswith(b"\n"):
            raise ArchiveLoadFailed(f"a line longer than {MAX_LINE} bytes: not a WARC header")
        return line


class _Iterator(ArchiveIterator):
    """warcio's iterator, but a record whose length is wrong is noted, not printed, and its
    reader is bounded (:class:`_Bounded`)."""

    def __init__(
        self, fileobj: IO[bytes], *, max_bytes: int | None = None, arc: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(fileobj, arc2warc=arc, **kwargs)
        self.reader = _Bounded(self.fh, block_size=16384, max_bytes=max_bytes)
        self.framing: list[int] = []

    def _consume_blanklines(self):  # type: ignore[no-untyped-def]  # mirrors warcio 1.7
        empty_size = 0
        first_line = True
        while True:
            line = self.reader.readline()
            if len(line) == 0:
                return None, empty_size
            stripped = line.rstrip()
            if len(stripped) == 0 or first_line:
                empty_size += len(line)
                if len(stripped) != 0:
                    self.framing.append(self.fh.tell() - self.reader.rem_length() - empty_size)
                    self.err_count += 1
                first_line = False
                continue
            return line, empty_size


class _LogCatcher(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _drain(stream: IO[bytes], sink: IO[bytes] | None = None, limit: int | None = None) -> int:
    total = 0
    while piece := stream.read(_CHUNK):
        total += len(piece)
        if limit is not None and total > limit:
            raise PayloadTooLarge(limit)
        if sink is not None:
            sink.write(piece)
    return total


class PayloadTooLarge(Exception):
    """A payload passed the limit it is read with."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} bytes")
        self.limit = limit


def _declared_length(headers: Any) -> int | None:
    value = headers.get_header("Content-Length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def scan_warc(
    source: Path | IO[bytes],
    name: str | None = None,
    *,
    max_record: int | None = None,
    max_bytes: int | None = None,
    arc: bool | None = None,
) -> WarcScan:
    """Read every record of a WARC, verify digests and framing; never raises for bad data.

    Bounded: header lines are at most :data:`MAX_LINE` bytes, a decompression bomb is stopped
    (:data:`BOMB_RATIO`), a record that declares more than ``max_record`` bytes is refused
    before it is read, and ``max_bytes`` caps the decompressed file. A record that holds fewer
    bytes than it declares is named as truncated.

    An ARC file (``arc``; for a path, found from its first line) is read with warcio's ARC
    reader: its records have no ids or digests, so each gets ``<urn:verify:arc-record:N>``
    (its position) and only its framing and declared length are checked.
    """
    if isinstance(source, Path):
        if arc is None:
            arc = sniff_file(source).kind == "arc"
        with source.open("rb") as handle:
            return scan_warc(handle, name or source.name, max_record=max_record,
                             max_bytes=max_bytes, arc=arc)  # fmt: skip
    arc = bool(arc)
    records: list[WarcRecordInfo] = []
    problems: list[str] = []
    catcher = _LogCatcher()
    loader_log = logging.getLogger("warcio.recordloader")
    loader_log.addHandler(catcher)
    version: str | None = None
    iterator = _Iterator(source, check_digests=True, max_bytes=max_bytes, arc=arc)
    try:
        for record in iterator:
            number = len(records) + 1
            parse_messages = list(catcher.messages)
            catcher.messages.clear()
            headers = record.rec_headers
            info = WarcRecordInfo(
                number=number,
                offset=0,
                length=0,
                type=record.rec_type or "",
                record_id=headers.get_header("WARC-Record-ID"),
                target_uri=headers.get_header("WARC-Target-URI"),
                date=headers.get_header("WARC-Date"),
                payload_digest=headers.get_header("WARC-Payload-Digest"),
                block_digest=headers.get_header("WARC-Block-Digest"),
                refers_to_uri=headers.get_header("WARC-Refers-To-Target-URI"),
                refers_to_date=headers.get_header("WARC-Refers-To-Date"),
                concurrent_to=headers.get_header("WARC-Concurrent-To"),
                truncated=headers.get_header("WARC-Truncated"),
            )
            info.refers_to = headers.get_header("WARC-Refers-To")
            if record.http_headers is not None and info.type in ("response", "revisit"):
                code = record.http_headers.get_statuscode()
                info.http_status = int(code) if code and code.isdigit() else None
                info.content_type = record.http_headers.get_header("Content-Type")
                if info.http_status and 300 <= info.http_status < 400:
                    info.location = record.http_headers.get_header("Location")
            elif info.type == "resource":
                info.content_type = headers.get_header("Content-Type")
            if arc:
                info.format = "arc"
                info.record_id = f"{ARC_RECORD}{number}>"
                version = version or "ARC"
                length = headers.get_header("Content-Length")
                if length is None or not length.strip().isdigit():
                    info.problems.append(f"declares an impossible length {length!r}")
            elif record.format != "warc":
                info.problems.append(f"is a {record.format.upper()} record, not WARC")
            else:
                version = version or headers.protocol
                if headers.protocol not in ("WARC/1.0", "WARC/1.1"):
                    info.problems.append(f"unsupported version {headers.protocol}")
                for required in ("WARC-Record-ID", "WARC-Date", "WARC-Type"):
                    if not headers.get_header(required):
                        info.problems.append(f"has no {required} header")
            declared = _declared_length(headers)
            if max_record is not None and declared is not None and declared > max_record:
                problems.append(
                    f"{info.label()} declares {declared} bytes, more than the {max_record} "
                    "a record may have here; not read"
                )
                records.append(info)
                break
            body = _drain(record.raw_stream)
            payload = getattr(record, "payload_length", -1)
            if arc:  # ARC lengths count header lines warcio has read: ask its reader instead
                left = getattr(record.raw_stream, "limit", 0)
                if isinstance(left, int) and left > 0:
                    info.problems.append(f"ends {left} bytes before the length it declares "
                                         "(the file is truncated)")  # fmt: skip
            elif declared is not None:
                read = body + (declared - payload if isinstance(payload, int) and payload >= 0
                               else 0)  # fmt: skip
                if read < declared:
                    info.problems.append(
                        f"holds {read} of the {declared} bytes it declares (the file is truncated)"
                    )
            for message in parse_messages + catcher.messages:
                info.problems.append(message)
            catcher.messages.clear()
            checker = record.digest_checker
            if checker.passed is False:
                info.problems.extend(checker.problems)
            iterator.read_to_end()
            info.offset = iterator.get_record_offset()
            info.length = iterator.get_record_length()
            if iterator.framing:
                info.problems.append(
                    "is not followed by the blank lines that end a record "
                    "(its Content-Length is wrong, or the file is truncated)"
                )
                iterator.framing.clear()
            records.append(info)
            problems.extend(f"{info.label()} {p}" for p in info.problems)
    except ArchiveLoadFailed as exc:
        after = records[-1] if records else None
        where = f"record {len(records) + 1}" + (
            f" (after {after.label()})" if after else " (the first record)"
        )
        detail = " ".join(str(exc.msg).split()) or "unreadable"
        problems.append(f"{where} cannot be read: {detail}")
    except (OSError, EOFError, ValueError, AttributeError, TypeError) as exc:
        # gzip/zlib errors, short reads, and warcio's own failures on junk
        problems.append(f"record {len(records) + 1} cannot be read: {exc}")
    finally:
        loader_log.removeHandler(catcher)
    if not records and not problems:
        problems.append("the file holds no WARC records")
    return WarcScan(records, problems, version)


def _dechunk(stream: IO[bytes], limit: int) -> Iterator[bytes]:
    """Undo HTTP/1.1 chunked framing, reading at most :data:`_CHUNK` bytes at a time and
    yielding at most ``limit`` bytes (then :class:`PayloadTooLarge`).

    Many tools write the header ``Transfer-Encoding: chunked`` over a body they already
    de-chunked: when the first line is not a chunk size, the body is passed through as it is.
    """
    total = 0
    first = True
    while True:
        line = b""
        while not line.endswith(b"\n") and len(line) <= 1024:
            piece = stream.read(1)
            if not piece:
                break
            line += piece
        size_text = line.split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            if not first:
                raise ValueError(f"a bad chunk-size line {line[:40]!r}") from None
            yield line  # not chunked after all
            total = len(line)
            while piece := stream.read(_CHUNK):
                total += len(piece)
                if total > limit:
                    raise PayloadTooLarge(limit) from None
                yield piece
            return
        first = False
        if size == 0 or not line:
            return
        while size > 0:
            piece = stream.read(min(size, _CHUNK))
            if not piece:
                return
            size -= len(piece)
            total += len(piece)
            if total > limit:
                raise PayloadTooLarge(limit)
            yield piece
        stream.read(2)  # the CRLF after the chunk


def copy_payload(
    source: Path | IO[bytes], record_id: str, sink: IO[bytes], *, limit: int | None = None
) -> tuple[StatusAndHeaders | None, int]:
    """Write the payload (HTTP body as transferred) of ``record_id`` to ``sink``.

    Returns the record's HTTP headers (None for a non-HTTP record) and the bytes written;
    raises KeyError when no record has that id and :class:`PayloadTooLarge` when the payload
    passes ``limit``. Chunked framing in others' records is undone here (bounded, never a
    whole chunk in memory); a ``Content-Encoding`` stays, as transferred.
    """
    if isinstance(source, Path):
        with source.open("rb") as handle:
            return copy_payload(handle, record_id, sink, limit=limit)
    cap = limit if limit is not None else 1 << 62
    try:
        return _copy_payload(source, record_id, sink, cap)
    except ArchiveLoadFailed as exc:
        raise ValueError(" ".join(str(exc.msg).split()) or "unreadable") from None


def _copy_payload(
    source: IO[bytes], record_id: str, sink: IO[bytes], cap: int
) -> tuple[StatusAndHeaders | None, int]:
    position = _arc_position(record_id)
    for number, record in enumerate(_Iterator(source, arc=position is not None), start=1):
        if position is not None:
            if number != position:
                continue
        elif record.rec_headers.get_header("WARC-Record-ID") != record_id:
            continue
        headers = record.http_headers
        if headers is not None and headers.get_header("Transfer-Encoding", "").lower() == (
            "chunked"
        ):
            written = 0
            for piece in _dechunk(record.raw_stream, cap):
                sink.write(piece)
                written += len(piece)
            return headers, written
        return headers, _drain(record.raw_stream, sink, cap)
    raise KeyError(record_id)


#: How a record of an ARC file is named (ARC records have no ids): its 1-based position.
ARC_RECORD = "<urn:verify:arc-record:"


def _arc_position(record_id: str) -> int | None:
    if record_id.startswith(ARC_RECORD) and record_id.endswith(">"):
        number = record_id[len(ARC_RECORD) : -1]
        return int(number) if number.isdigit() else None
    return None


def arc_to_warc(source: Path, out: BinaryIO) -> int:
    """Write an ARC file's records as WARC/1.1 (gzip per record, SHA-256 digests) to ``out``,
    for a WACZ, whose readers take WARC only; return the records written. The ARC file stays
    the evidence; each record keeps its id ``<urn:verify:arc-record:N>`` in
    ``WARC-Refers-To``, so a converted record can be traced to the original."""
    writer = _Sha256Writer(out)
    written = 0
    with Path(source).open("rb") as handle:
        for number, record in enumerate(_Iterator(handle, arc=True), start=1):
            headers = record.rec_headers
            kind = record.rec_type or "resource"
            with tempfile.SpooledTemporaryFile(8 * 1024 * 1024) as body:
                size = _drain(record.raw_stream, body)
                body.seek(0)
                extra = {
                    "WARC-Record-ID": _record_id(source.name, str(number), "arc2warc"),
                    "WARC-Date": headers.get_header("WARC-Date") or "",
                    "WARC-Refers-To": f"{ARC_RECORD}{number}>",
                }
                if headers.get_header("WARC-IP-Address"):
                    extra["WARC-IP-Address"] = headers.get_header("WARC-IP-Address")
                converted = writer.create_warc_record(
                    headers.get_header("WARC-Target-URI") or "",
                    kind,
                    payload=body,
                    length=size,
                    http_headers=record.http_headers if kind == "response" else None,
                    warc_content_type=None if kind == "response" else "text/plain",
                    warc_headers_dict=extra,
                )
                writer.write_record(converted)
            written += 1
    return written


def header_value(headers: StatusAndHeaders | None, name: str) -> str | None:
    """A header of an HTTP header block returned by :func:`copy_payload`."""
    return headers.get_header(name) if headers is not None else None


def index_entries(
    scan: WarcScan, types: Sequence[str] = ("response", "revisit")
) -> Iterator[dict[str, Any]]:
    """What a CDXJ line needs for each record of these types (from a scan's records)."""
    for record in scan.records:
        if record.type not in types or not record.target_uri:
            continue
        yield {
            "url": record.target_uri,
            "date": record.date or "",
            "status": record.http_status,
            "mime": "warc/revisit" if record.type == "revisit" else _mime(record.content_type),
            "digest": record.payload_digest,
            "offset": record.offset,
            "length": record.length,
        }


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower() or "unk"
