"""`archive`: fetch each source's URL and keep the exchange as a WARC/1.1 snapshot.

``archive_sources`` fetches each source's URL with the same client, policy and classification
as ``check`` and keeps the exchange as a WARC/1.1 file plus the page's text and metadata, all
content-addressed under ``cache/objects/``. The order makes a crash harmless: the WARC, text and
metadata files are written to ``cache/tmp/``, fsynced and renamed into the object store first;
only then does one store transaction insert the snapshot's index row and its event. A kill at
any moment leaves at most an unreferenced object or a temporary file (removed by the next run
once it is ``ORPHAN_AGE`` seconds old), never a row pointing at a missing or partial file.

The archive event records the whole index row (as an op of the event), so ``audit``
(:mod:`verify.steps.audit`) can tell an edited row from the original. Reading snapshots back is
:mod:`verify.steps.snapshots`; export is :mod:`verify.steps.wacz`; import is
:mod:`verify.steps.imports`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit

from .._version import __version__
from ..capture.certs import describe
from ..capture.pagetext import PageText
from ..capture.spn import SpnCapture, save_page_now
from ..capture.warc import RevisitOf, warc_date, write_capture
from ..errors import InputError, ServiceError
from ..models import Source, SourceStatus
from ..store.register import load_source, load_sources
from ..timeutil import format_instant, parse_instant
from ..web.check import CheckResult, check_url
from ..web.client import HttpClient
from ..web.exchange import Exchange
from ..web.many import check_many
from .case import CaseContext
from .snapshots import (
    ORPHAN_AGE,
    Snapshot,
    by_number,
    json_bytes,
    page_meta,
    payload_text,
    record_snapshot,
    visible_bytes,
)

__all__ = ["ArchiveOutcome", "archive_sources", "archive_url_for"]

log = logging.getLogger(__name__)

_SETTINGS_IN_WARCINFO = (
    "allow_private",
    "browser_user_agent",
    "max_body",
    "max_redirects",
    "deadline",
    "connect_timeout",
    "read_timeout",
    "retries",
)


@dataclass(frozen=True)
class ArchiveOutcome:
    """What archiving one source gave: a snapshot, or why there is none."""

    source_id: str
    url: str
    status: str
    snapshot: Snapshot | None
    error: str | None = None
    witness: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source_id,
            "url": self.url,
            "status": self.status,
            "snapshot": self.snapshot.to_dict() if self.snapshot else None,
            "error": self.error,
            "witness": self.witness,
        }


def _targets(ctx: CaseContext, source_ids: list[str] | None) -> list[Source]:
    if source_ids:
        sources = [load_source(ctx.store, s.strip().upper()) for s in source_ids]
        for source in sources:
            if not source.url:
                raise InputError(f"{source.id} has no URL to archive; `verify import` a file")
        return sources
    return [s for s in load_sources(ctx.store, (str(SourceStatus.CONFIRMED),)) if s.url]


def _without_timing(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_timing(v) for k, v in value.items() if k != "elapsed_ms"}
    if isinstance(value, list):
        return [_without_timing(v) for v in value]
    return value


def _library_versions() -> str:
    out = []
    for name in ("requests", "urllib3", "warcio"):
        try:
            out.append(f"{name}/{metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return " ".join(out)


def _tls_summary(exchange: Exchange) -> str:
    """What the WARC keeps of the TLS certificates, in words (a warcinfo field)."""
    parts = []
    for hop in exchange.hops:
        if hop.tls is None:
            continue
        host = urlsplit(hop.url).netloc
        n = len(hop.tls.chain)
        if hop.tls.chain_kind == "presented":
            parts.append(f"{host}: the chain as presented, {n} certificate(s), {hop.tls.version}")
        else:
            parts.append(f"{host}: the server's own certificate only (this Python cannot read "
                         f"the rest of the chain), {hop.tls.version}")  # fmt: skip
    return "; ".join(dict.fromkeys(parts)) or "none (no https hop)"


def _provenance(exchange: Exchange, settings: dict[str, Any]) -> dict[str, Any]:
    """How the capture was made, per hop: the address, the request as sent, the TLS session
    and certificates; and the software and settings (shown in the report)."""
    hops = []
    for hop in exchange.hops:
        item: dict[str, Any] = {
            "url": hop.url,
            "ip": hop.ip,
            "request": (hop.sent or b"").decode("latin-1").rstrip("\r\n") or hop.request_line,
            "response": f"{hop.http_version} {hop.status} {hop.reason}".strip(),
        }
        if hop.tls is not None:
            item["tls"] = {
                "version": hop.tls.version,
                "cipher": hop.tls.cipher,
                "chain": hop.tls.chain_kind,
                "certificates": [describe(der) for der in hop.tls.chain],
            }
        hops.append(item)
    return {
        "software": f"verify/{__version__}",
        "python": platform.python_version(),
        "libraries": _library_versions(),
        "user_agent": exchange.user_agent,
        "settings": settings,
        "hops": hops,
    }


def _warcinfo(ctx: CaseContext, settings: Any, exchange: Exchange) -> dict[str, str]:
    case = ctx.case
    public = settings.public()
    chosen = {k: public[k] for k in _SETTINGS_IN_WARCINFO}
    return {
        "software": f"verify/{__version__}",
        "python": platform.python_version(),
        "http-client": _library_versions(),
        "tls-certificates": _tls_summary(exchange),
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/"
        "warc-1.1/",
        "http-header-user-agent": exchange.user_agent,
        "robots": "not consulted (a single page cited as a source)",
        "operator": ctx.actor,
        "isPartOf": " ".join(x for x in (case.dnr, case.title) if x),
        "case-date": case.date or "",
        "settings": json.dumps(chosen, sort_keys=True, separators=(",", ":")),
    }


def _revisit_target(ctx: CaseContext, payload_sha256: str) -> tuple[str, RevisitOf] | None:
    rows = ctx.store.query(
        "SELECT id, final_url, url, captured_at FROM snapshots WHERE payload_sha256 = ? "
        "AND origin = 'captured' AND revisit_of IS NULL AND status != 'too_large' "
        f"{by_number()} LIMIT 1",
        (payload_sha256,),
    )
    if not rows:
        return None
    row = rows[0]
    return row["id"], RevisitOf(
        row["final_url"] or row["url"], warc_date(parse_instant(row["captured_at"]))
    )


@dataclass(frozen=True)
class _Capture:
    """A fetched page with its text extracted, ready to store.

    ``store`` writes its objects (text, metadata, WARC: each fsynced and renamed) and may run
    on another thread; :func:`_finish` then records the row and its event on the store's
    thread, so a row never points at an object that is not yet in place.
    """

    outcome: ArchiveOutcome  # its snapshot is None until recorded
    row: dict[str, Any]  # without the WARC's digest, size and record id
    args: dict[str, Any]
    touched: list[str]
    payload_sha256: str | None
    store: Callable[[], tuple[str, int, str]]  # -> (WARC SHA-256, size, response record id)


def _revisit_key(result: CheckResult) -> str | None:
    final = result.exchange.hops[-1] if result.exchange and result.exchange.hops else None
    if final is None or not final.body.sha256 or final.body.truncated:
        return None
    return final.body.sha256


def _prepare(
    ctx: CaseContext,
    client: HttpClient,
    settings: Any,
    source: Source,
    result: CheckResult,
    spn: bool,
    *,
    finding_id: str | None = None,
) -> ArchiveOutcome | _Capture:
    exchange = result.exchange
    url = result.url if finding_id else (source.url or result.url)
    if exchange is None or not exchange.hops:
        return ArchiveOutcome(
            source.id, url, str(result.status), None, result.error or "no response"
        )
    final = exchange.hops[-1]
    content_type = final.header("content-type")
    encoding = final.header("content-encoding")
    page: PageText | None = None
    if final.body.kept and final.body.size:
        small = final.body.small  # a body still in memory is read as it is, not re-sliced
        chunks = final.body.chunks if small is None else lambda: (small,)
        page = payload_text(
            chunks, content_type, encoding, final.url, final.header("content-language")
        )
    text_data = text_sha = text_size = None
    visible_data = None
    if page is not None:
        text_data = page.text.encode("utf-8")
        text_sha, text_size = hashlib.sha256(text_data).hexdigest(), len(text_data)
        visible_data = visible_bytes(page)
    witness: dict[str, Any] | None = None
    spn_capture: SpnCapture | None = None
    if spn:
        try:
            spn_capture = save_page_now(
                client, url, endpoint=settings.spn_endpoint, wayback_prefix=settings.wayback_prefix
            )
            witness = spn_capture.to_dict()
        except ServiceError as exc:
            witness = {"error": str(exc)}
    payload_sha = _revisit_key(result)
    revisit = _revisit_target(ctx, payload_sha) if payload_sha else None
    captured_at = format_instant(final.started_at)
    meta = {
        "url": url,
        "final_url": exchange.final_url,
        "captured_at": captured_at,
        "content_type": content_type,
        "payload_sha256": final.body.sha256 or None,
        "text_sha256": text_sha,
        "page": page_meta(page, visible_data),
        "provenance": _provenance(
            exchange, {k: settings.public()[k] for k in _SETTINGS_IN_WARCINFO}
        ),
    }
    meta_raw = json_bytes(meta)
    meta_sha = hashlib.sha256(meta_raw).hexdigest()
    claims = [{"id": c.id, "text": c.text} for c in source.claims]
    record = {
        "source": {"id": source.id, "url": source.url, "label": source.label},
        "claims": claims,
        "check": _without_timing(result.to_dict()),
        "text": {"sha256": text_sha, "size": text_size, **(page.to_dict() if page else {})},
        "metadata_object_sha256": meta_sha,
        "witness": witness,
        "revisit_of": revisit[0] if revisit else None,
        "verify": __version__,
    }
    stamp = "".join(ch for ch in captured_at if ch.isdigit())[:14]
    filename = f"verify-{stamp}-{source.id}.warc.gz"
    warcinfo = _warcinfo(ctx, settings, exchange)
    objects = ctx.store.objects

    def store() -> tuple[str, int, str]:
        if text_data is not None:
            objects.put_bytes(text_data)
        if visible_data is not None:
            objects.put_bytes(visible_data)
        objects.put_bytes(meta_raw)
        with objects.writing() as out:  # hashed as written, fsynced, renamed
            written = write_capture(
                out,  # type: ignore[arg-type]
                exchange,
                filename=filename,
                warcinfo=warcinfo,
                metadata=record,
                revisit_of=revisit[1] if revisit else None,
            )
        return out.sha256, out.size, written.response_id

    witness_at = None
    if spn_capture is not None and len(spn_capture.timestamp) >= 14:
        t = spn_capture.timestamp
        witness_at = f"{t[:4]}-{t[4:6]}-{t[6:8]}T{t[8:10]}:{t[10:12]}:{t[12:14]}Z"
    row = {
        "source_id": source.id,
        "finding_id": finding_id,
        "url": url,
        "final_url": exchange.final_url,
        "captured_at": captured_at,
        "http_status": final.status,
        "content_type": content_type,
        "status": str(result.status),
        "title": (page.title if page else None) or result.title,
        "payload_sha256": final.body.sha256 or None,
        "payload_size": final.body.size,
        "warc_sha256": None,
        "warc_size": None,
        "text_sha256": text_sha,
        "text_size": text_size,
        "meta_sha256": meta_sha,
        "origin": "captured",
        "container": "warc",
        "record_id": None,
        "member": None,
        "revisit_of": revisit[0] if revisit else None,
        "language": page.language if page else None,
        "witness_url": spn_capture.capture_url if spn_capture else None,
        "witness_at": witness_at,
        "imported_from": None,
    }
    args = {"source": source.id, "url": url}
    touched = [c.id for c in source.claims]
    if finding_id:
        args["finding"] = finding_id
        touched = [finding_id]
    outcome = ArchiveOutcome(source.id, url, str(result.status), None, result.error, witness)
    return _Capture(outcome, row, args, touched, payload_sha, store)


def _finish(ctx: CaseContext, capture: _Capture, stored: tuple[str, int, str]) -> ArchiveOutcome:
    """Record a capture whose objects are stored: one transaction with its event."""
    warc_sha, warc_size, record_id = stored
    row = {**capture.row, "warc_sha256": warc_sha, "warc_size": warc_size, "record_id": record_id}
    snapshot = record_snapshot(ctx, "archive", row, capture.args, capture.touched)
    log.info("archived %s as %s (%s)", row["url"], snapshot.id, capture.outcome.status)
    return replace(capture.outcome, snapshot=snapshot)


def _archive_one(
    ctx: CaseContext,
    client: HttpClient,
    settings: Any,
    source: Source,
    result: CheckResult,
    spn: bool,
    *,
    finding_id: str | None = None,
) -> ArchiveOutcome:
    prepared = _prepare(ctx, client, settings, source, result, spn, finding_id=finding_id)
    if isinstance(prepared, ArchiveOutcome):
        return prepared
    return _finish(ctx, prepared, prepared.store())


def archive_sources(
    ctx: CaseContext,
    source_ids: list[str] | None = None,
    *,
    allow_private: bool | None = None,
    spn: bool = False,
    progress: Callable[[ArchiveOutcome], None] | None = None,
) -> list[ArchiveOutcome]:
    """Archive the named sources, or every confirmed source with a URL; one snapshot each.

    Two stages overlap: while one page's objects are written and fsynced on a helper thread
    (mostly compression, hashing and disk waits), the next page's text is extracted. Each row
    is recorded only after its objects are in place, in the order the pages were fetched.
    """
    sources = _targets(ctx, source_ids)
    ctx.store.objects.ensure()
    ctx.store.objects.remove_orphans(older_than=ORPHAN_AGE)
    settings = ctx.settings.replace(allow_private=allow_private)
    by_id = {s.id: s for s in sources}
    outcomes: list[ArchiveOutcome] = []
    if not sources:
        return outcomes
    pending: list[tuple[_Capture, Future[tuple[str, int, str]]]] = []

    def done(outcome: ArchiveOutcome) -> None:
        outcomes.append(outcome)
        if progress is not None:
            progress(outcome)

    def settle() -> None:
        while pending:
            capture, future = pending.pop(0)
            done(_finish(ctx, capture, future.result()))

    with (
        HttpClient(settings, ctx.clock, resolver=ctx.resolver, cancel=ctx.cancel) as client,
        ThreadPoolExecutor(1, thread_name_prefix="verify-archive-store") as writer,
    ):
        pairs = [(s.id, s.url) for s in sources if s.url]
        # With the soft-404 probes: a snapshot must say whether it holds the source or a
        # "page not found" served with 200.
        for result in check_many(client, pairs, None, settings, ctx.clock, processes=1):
            key = _revisit_key(result)
            if key and any(c.payload_sha256 == key for c, _ in pending):
                settle()  # the earlier capture of this payload needs its row for a revisit
            prepared = _prepare(ctx, client, settings, by_id[result.source or ""], result, spn)
            if isinstance(prepared, ArchiveOutcome):
                done(prepared)
                continue
            future = writer.submit(prepared.store)
            settle()
            pending.append((prepared, future))
        settle()
    order = {s.id: i for i, s in enumerate(sources)}
    return sorted(outcomes, key=lambda o: order[o.source_id])


def archive_url_for(
    ctx: CaseContext,
    source_id: str,
    url: str,
    *,
    finding_id: str | None = None,
    allow_private: bool | None = None,
) -> ArchiveOutcome:
    """Archive one URL as evidence about a source (e.g. a finding's article)."""
    source = load_source(ctx.store, source_id)
    ctx.store.objects.ensure()
    settings = ctx.settings.replace(allow_private=allow_private)
    with HttpClient(settings, ctx.clock, resolver=ctx.resolver, cancel=ctx.cancel) as client:
        result = check_url(client, url, None, settings, ctx.clock, source=source.id)
        return _archive_one(ctx, client, settings, source, result, False, finding_id=finding_id)
