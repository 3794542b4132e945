"""Snapshots as evidence: archive, review, audit, export and import.

``archive_sources`` fetches each source's URL with the same client, policy and classification
as ``check`` and keeps the exchange as a WARC/1.1 file plus the page's text and metadata, all
content-addressed under ``cache/objects/``. The order makes a crash harmless: the WARC, text and
metadata files are written to ``cache/tmp/``, fsynced and renamed into the object store first;
only then does one store transaction insert the snapshot's index row and its event. A kill at
any moment leaves at most an unreferenced object or a temporary file (removed by the next run
once it is ``ORPHAN_AGE`` seconds old), never a row pointing at a missing or partial file.

The archive event records the whole index row (as an op of the event), so ``audit``
(:mod:`verify.steps.audit`) can tell an edited row from the original.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
import tempfile
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import IO, Any

from .._version import __version__
from ..capture.pagetext import PageText, extract_html
from ..capture.safeview import safe_html, text_page
from ..capture.spn import SpnCapture, save_page_now
from ..capture.wacz import WaczWarc, cdxj_line, open_member, read_wacz, write_wacz
from ..capture.warc import (
    PayloadTooLarge,
    RevisitOf,
    WarcScan,
    copy_payload,
    header_value,
    index_entries,
    scan_warc,
    warc_date,
    write_capture,
)
from ..documents import read_document
from ..errors import (
    ArchiveFormatError,
    DocumentError,
    InputError,
    ServiceError,
    UnknownSnapshotError,
    storage_error,
)
from ..models import Source, SourceStatus
from ..store.register import load_source, load_sources
from ..tempdirs import temporary_dir
from ..timeutil import format_instant, parse_instant
from ..urls import normalize_url
from ..web.check import CheckResult, check_many, check_url
from ..web.client import HttpClient
from ..web.exchange import Exchange, decode_body
from .case import CaseContext

__all__ = [
    "ArchiveOutcome",
    "Snapshot",
    "SnapshotDiff",
    "archive_sources",
    "diff_snapshots",
    "export_wacz",
    "get_snapshot",
    "import_archive",
    "list_snapshots",
    "open_snapshot",
    "scan_container",
    "snapshot_text",
]

log = logging.getLogger(__name__)

#: Temporary files older than this (seconds) are a crashed run's leftovers and are removed.
ORPHAN_AGE = 600.0
#: Decoded HTML bytes handed to text extraction at most (a bigger page is cut there).
HTML_TEXT_LIMIT = 8 * 1024 * 1024
#: A record of an imported file may declare at most this many bytes (others are refused
#: unread: a record that says it holds 10 GiB is no evidence we can check).
IMPORT_MAX_RECORD = 1024 * 1024 * 1024
#: Decoded PDF bytes read for text at most.
PDF_LIMIT = 200 * 1024 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
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
class Snapshot:
    """One snapshot's index row."""

    id: str
    source_id: str
    finding_id: str | None
    url: str
    final_url: str | None
    captured_at: str
    http_status: int | None
    content_type: str | None
    status: str | None
    title: str | None
    payload_sha256: str | None
    payload_size: int | None
    warc_sha256: str
    warc_size: int
    text_sha256: str | None
    text_size: int | None
    meta_sha256: str | None
    origin: str
    container: str
    record_id: str | None
    member: str | None
    revisit_of: str | None
    language: str | None
    witness_url: str | None
    witness_at: str | None
    imported_from: str | None

    @classmethod
    def from_row(cls, row: Any) -> Snapshot:
        return cls(**{f.name: row[f.name] for f in fields(cls)})

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["source"] = data.pop("source_id")
        return data


_ROW_FIELDS = tuple(f.name for f in fields(Snapshot) if f.name != "id")


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


# -- reading the index --------------------------------------------------------------------


def _order() -> str:
    return "ORDER BY CAST(substr(id, 3) AS INTEGER)"


def list_snapshots(ctx: CaseContext, source_id: str | None = None) -> list[Snapshot]:
    """Every snapshot (or a source's), oldest first."""
    if source_id is not None:
        load_source(ctx.store, source_id)
        rows = ctx.store.query(
            f"SELECT * FROM snapshots WHERE source_id = ? {_order()}", (source_id,)
        )
    else:
        rows = ctx.store.query(f"SELECT * FROM snapshots {_order()}")
    return [Snapshot.from_row(r) for r in rows]


def get_snapshot(ctx: CaseContext, snapshot_id: str) -> Snapshot:
    """One snapshot by id (``SN1``); :class:`UnknownSnapshotError` if there is none."""
    rows = ctx.store.query("SELECT * FROM snapshots WHERE id = ?", (snapshot_id.strip().upper(),))
    if not rows:
        raise UnknownSnapshotError(snapshot_id)
    return Snapshot.from_row(rows[0])


def snapshot_text(ctx: CaseContext, snapshot_id: str) -> str:
    """The extracted text of a snapshot ("" when the page had none)."""
    snap = get_snapshot(ctx, snapshot_id)
    if not snap.text_sha256:
        return ""
    path = ctx.store.objects.path(snap.text_sha256)
    if not path.is_file():
        raise ArchiveFormatError(path, f"the text of {snap.id} is missing; run `verify audit`")
    return path.read_text(encoding="utf-8")


def snapshot_meta(ctx: CaseContext, snap: Snapshot) -> dict[str, Any]:
    """The metadata object stored beside the WARC ({} when absent)."""
    if not snap.meta_sha256 or not ctx.store.objects.has(snap.meta_sha256):
        return {}
    return json.loads(ctx.store.objects.read_bytes(snap.meta_sha256))


# -- text and metadata of a payload --------------------------------------------------------


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _file_chunks(path: Path) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        with path.open("rb") as handle:
            while piece := handle.read(1024 * 1024):
                yield piece

    return chunks


def _head(chunks: Callable[[], Iterable[bytes]], size: int) -> bytes:
    pieces = chunks()
    head = b""
    try:
        for piece in pieces:
            head += piece
            if len(head) >= size:
                break
    finally:
        if isinstance(pieces, Generator):
            pieces.close()
    return head[:size]


def _page_text(
    chunks: Callable[[], Iterable[bytes]],
    content_type: str | None,
    encoding: str | None,
    url: str,
    language: str | None,
) -> PageText | None:
    """Text of a payload given as a re-readable source of its raw pieces (as transferred)."""
    media = _media_type(content_type)
    head, _ = decode_body(_head(chunks, 65536), encoding, 65536)
    if media == "application/pdf" or head.startswith(b"%PDF-"):
        with ExitStack() as stack:
            tmp = stack.enter_context(temporary_dir("pdf"))
            pdf = tmp / "payload.pdf"
            with pdf.open("wb") as out:
                if (encoding or "").strip().lower() in ("gzip", "x-gzip", "deflate"):
                    out.write(decode_body(chunks(), encoding, PDF_LIMIT)[0])
                else:
                    for piece in chunks():
                        out.write(piece)
            try:
                doc = read_document(pdf)
            except DocumentError as exc:
                log.info("no text from the PDF at %s: %s", url, exc.reason)
                return PageText(text="", extractor="none")
            return PageText(
                text=doc.text, extractor="pdf", page_starts=tuple(doc.page_starts),
                language=language,
            )  # fmt: skip
    looks_html = head.lstrip()[:1] == b"<"
    if media in _HTML_TYPES or (not media and looks_html):
        html, _ = decode_body(chunks(), encoding, HTML_TEXT_LIMIT)
        return extract_html(html, url, language)
    return None


def _visible_bytes(page: PageText) -> bytes | None:
    """The page's visible text (the second layer) as stored, when it differs from the main
    text (a PDF or a plain-text page has one layer)."""
    if page.visible_text is None or page.visible_text.split() == page.text.split():
        return None
    return page.visible_text.encode("utf-8")


def _page_meta(page: PageText | None, visible: bytes | None) -> dict[str, Any] | None:
    """The page's metadata as kept in the metadata object, with the visible text's digest."""
    if page is None:
        return None
    data = page.to_dict()
    if visible is not None:
        data["visible_text_sha256"] = hashlib.sha256(visible).hexdigest()
        data["visible_characters"] = len(page.visible_text or "")
    return data


def visible_text_digest(meta: dict[str, Any]) -> str | None:
    """The digest of a snapshot's visible-text object from its metadata object (or None)."""
    page = meta.get("page") if isinstance(meta, dict) else None
    digest = page.get("visible_text_sha256") if isinstance(page, dict) else None
    return digest if isinstance(digest, str) else None


# -- archiving ----------------------------------------------------------------------------


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


def _warcinfo(ctx: CaseContext, settings: Any, exchange: Exchange) -> dict[str, str]:
    case = ctx.case
    public = settings.public()
    chosen = {k: public[k] for k in _SETTINGS_IN_WARCINFO}
    return {
        "software": f"verify/{__version__}",
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


def _json_bytes(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def _put_json(ctx: CaseContext, data: dict[str, Any]) -> str:
    return ctx.store.objects.put_bytes(_json_bytes(data))


def _revisit_target(ctx: CaseContext, payload_sha256: str) -> tuple[str, RevisitOf] | None:
    rows = ctx.store.query(
        "SELECT id, final_url, url, captured_at FROM snapshots WHERE payload_sha256 = ? "
        "AND origin = 'captured' AND revisit_of IS NULL AND status != 'too_large' "
        f"{_order()} LIMIT 1",
        (payload_sha256,),
    )
    if not rows:
        return None
    row = rows[0]
    return row["id"], RevisitOf(
        row["final_url"] or row["url"], warc_date(parse_instant(row["captured_at"]))
    )


def _record_snapshot(
    ctx: CaseContext, command: str, row: dict[str, Any], args: dict[str, Any], touched: list[str]
) -> Snapshot:
    # The event records the whole row (as an op), so `audit` can tell an edited row.
    with ctx.store.write(ctx.actor, command, args) as writer:
        snapshot_id = writer.next_id("SN")
        writer.insert("snapshots", {"id": snapshot_id, **row})
        writer.touch(row["source_id"], snapshot_id, *touched)
    return get_snapshot(ctx, snapshot_id)


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
        page = _page_text(
            chunks, content_type, encoding, final.url, final.header("content-language")
        )
    text_data = text_sha = text_size = None
    visible_data = None
    if page is not None:
        text_data = page.text.encode("utf-8")
        text_sha, text_size = hashlib.sha256(text_data).hexdigest(), len(text_data)
        visible_data = _visible_bytes(page)
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
        "page": _page_meta(page, visible_data),
    }
    meta_raw = _json_bytes(meta)
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
    snapshot = _record_snapshot(ctx, "archive", row, capture.args, capture.touched)
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
        for result in check_many(client, pairs, None, settings, ctx.clock):
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


# -- payloads of stored snapshots ---------------------------------------------------------


def _open_container(ctx: CaseContext, snap: Snapshot) -> IO[bytes]:
    path = ctx.store.objects.path(snap.warc_sha256)
    if not path.is_file():
        raise ArchiveFormatError(path, f"the archive file of {snap.id} is missing")
    if snap.container == "wacz":
        return open_member(path, snap.member or "")
    return path.open("rb")


def _payload(ctx: CaseContext, snap: Snapshot, sink: IO[bytes]) -> tuple[Any, Snapshot]:
    """Write the snapshot's payload to ``sink``; return its HTTP headers and the holder."""
    holder = get_snapshot(ctx, snap.revisit_of) if snap.revisit_of else snap
    with _open_container(ctx, holder) as handle:
        try:
            headers, _ = copy_payload(handle, holder.record_id or "", sink)
        except KeyError:
            raise ArchiveFormatError(
                ctx.store.objects.path(holder.warc_sha256),
                f"record {holder.record_id} of {holder.id} is not in its archive file",
            ) from None
    return headers, holder


@dataclass(frozen=True)
class SnapshotDiff:
    """How two snapshots of a page differ."""

    first: str
    second: str
    same_payload: bool
    same_text: bool
    similarity: float  # 0..1 over lines of text
    added: int
    removed: int
    diff: tuple[str, ...]

    @property
    def drifted(self) -> bool:
        return not self.same_text

    def to_dict(self) -> dict[str, Any]:
        return {
            "first": self.first,
            "second": self.second,
            "same_payload": self.same_payload,
            "same_text": self.same_text,
            "drifted": self.drifted,
            "similarity": round(self.similarity, 4),
            "added_lines": self.added,
            "removed_lines": self.removed,
            "diff": list(self.diff),
        }


def diff_snapshots(ctx: CaseContext, first: str, second: str) -> SnapshotDiff:
    """Compare two snapshots' payloads and texts (has the page drifted?)."""
    a, b = get_snapshot(ctx, first), get_snapshot(ctx, second)
    ta, tb = snapshot_text(ctx, a.id), snapshot_text(ctx, b.id)
    la, lb = ta.splitlines(), tb.splitlines()
    diff = tuple(
        line.rstrip("\n") for line in difflib.unified_diff(la, lb, a.id, b.id, n=1, lineterm="")
    )
    added = sum(1 for x in diff if x.startswith("+") and not x.startswith("+++"))
    removed = sum(1 for x in diff if x.startswith("-") and not x.startswith("---"))
    similarity = 1.0 if la == lb else difflib.SequenceMatcher(None, la, lb).ratio()
    return SnapshotDiff(
        a.id,
        b.id,
        bool(a.payload_sha256) and a.payload_sha256 == b.payload_sha256,
        ta == tb,
        similarity,
        added,
        removed,
        diff,
    )


class ViewTooLarge(Exception):
    """The page is larger than a safe view is made for (``max_html``)."""


def open_snapshot(
    ctx: CaseContext, snapshot_id: str, out: Path | None = None, *, max_html: int | None = None
) -> Path:
    """Write a safe, offline HTML copy of the archived page; return its path.

    ``max_html`` bounds the decoded page a view is made from (default: the text limit); a
    larger page raises :class:`ViewTooLarge` before it is parsed."""
    snap = get_snapshot(ctx, snapshot_id)
    target = Path(out) if out else ctx.reports_dir / "snapshots" / f"{snap.id}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    shown_url = snap.final_url or snap.url
    with tempfile.TemporaryFile() as sink:
        headers, _ = _payload(ctx, snap, sink)
        sink.seek(0)
        encoding = _payload_encoding(headers)
        head, _ = decode_body(sink.read(65536), encoding, 65536)
        sink.seek(0)
        media = _media_type(snap.content_type)
        is_html = media in _HTML_TYPES[:2] or (not media and head.lstrip()[:1] == b"<")
        if is_html:

            def pieces() -> Iterable[bytes]:
                while piece := sink.read(1024 * 1024):
                    yield piece

            html, capped = decode_body(pieces(), encoding, max_html or HTML_TEXT_LIMIT)
            if capped and max_html is not None:
                raise ViewTooLarge(snap.id)
            page = safe_html(html, url=shown_url, captured_at=snap.captured_at, snapshot_id=snap.id)
        else:
            page = text_page(
                snapshot_text(ctx, snap.id),
                url=shown_url,
                captured_at=snap.captured_at,
                snapshot_id=snap.id,
                title=snap.title or shown_url,
            )
    tmp = target.with_name(target.name + ".part")
    try:
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise storage_error(exc, target) from None
    return target


def _payload_encoding(headers: Any) -> str | None:
    """The Content-Encoding still on a copied payload (copy_payload undoes only chunking)."""
    return header_value(headers, "Content-Encoding")


def scan_container(ctx: CaseContext, snap: Snapshot) -> dict[str, WarcScan]:
    """Every WARC of a snapshot's container (one, or a WACZ's members), scanned."""
    path = ctx.store.objects.path(snap.warc_sha256)
    if snap.container == "wacz":
        return dict(read_wacz(path).warcs)
    return {"": scan_warc(path)}


# -- export and import --------------------------------------------------------------------


def export_wacz(ctx: CaseContext, out: Path) -> dict[str, Any]:
    """Write every snapshot into one WACZ package at ``out``; return a summary."""
    snaps = list_snapshots(ctx)
    if not snaps:
        raise InputError("there are no snapshots to export; run `verify archive` first")
    objects = ctx.store.objects
    warcs: list[WaczWarc] = []
    lines: list[str] = []
    seen: set[str] = set()
    for snap in snaps:
        path = objects.path(snap.warc_sha256)
        if not path.is_file():
            raise ArchiveFormatError(path, f"the archive file of {snap.id} is missing")
        if snap.warc_sha256 in seen:
            continue
        seen.add(snap.warc_sha256)
        scans = scan_container(ctx, snap)
        for member, scan in scans.items():
            base = Path(member).name if member else f"{snap.warc_sha256[:16]}.warc.gz"
            name = f"{snap.id.lower()}-{base}"
            if member:
                warcs.append(WaczWarc(name, lambda p=path, m=member: open_member(p, m)))
            else:
                warcs.append(WaczWarc(name, lambda p=path: p.open("rb")))
            lines.extend(cdxj_line(e, name) for e in index_entries(scan))
    pages = [
        {
            "id": s.id,
            "url": s.final_url or s.url,
            "ts": s.captured_at,
            "title": s.title or (s.final_url or s.url),
            "source": s.source_id,
            "text_sha256": s.text_sha256,
        }
        for s in snaps
    ]
    by_source: dict[str, list[str]] = {}
    for s in snaps:
        by_source.setdefault(s.source_id, []).append(s.id)
    claims: list[dict[str, Any]] = []
    for source_id, ids in by_source.items():
        source = load_source(ctx.store, source_id)
        for claim in source.claims or (None,):
            claims.append(
                {
                    "source": source.id,
                    "source_label": source.label,
                    "url": source.url,
                    "claim": claim.id if claim else None,
                    "text": claim.text if claim else None,
                    "snapshots": ids,
                }
            )
    case = ctx.case
    now = ctx.clock()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_wacz(
        out,
        warcs=warcs,
        index_lines=lines,
        pages=pages,
        claims=claims,
        title=" ".join(x for x in (case.dnr, case.title) if x) or "verify case",
        created=now,
        created_text=format_instant(now),
        software=f"verify/{__version__}",
        main_page_url=pages[0]["url"] if len(pages) == 1 else None,
        anchor=str(ctx.store.anchor() or "") or None,
    )
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    return {
        "path": str(out),
        "snapshots": len(snaps),
        "warcs": len(warcs),
        "sha256": digest,
        "bytes": out.stat().st_size,
    }


def _same_url(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    try:
        return normalize_url(a) == normalize_url(b)
    except Exception:  # noqa: BLE001 - others' odd URLs just do not match
        return a == b


def _choose_record(scans: dict[str, WarcScan], wanted: list[str]) -> tuple[str, Any] | None:
    candidates = [
        (member, r)
        for member, scan in scans.items()
        for r in scan.records
        if r.type == "response" and r.http_status is not None
    ]
    for url in wanted:
        for member, r in candidates:
            if _same_url(r.target_uri, url) and not (300 <= (r.http_status or 0) < 400):
                return member, r
        for member, r in candidates:
            if _same_url(r.target_uri, url):
                return member, r
    for member, r in candidates:
        media = _media_type(r.content_type)
        if r.http_status == 200 and (media in _HTML_TYPES or media == "application/pdf"):
            return member, r
    return candidates[0] if candidates else None


def _pages_in(scans: dict[str, WarcScan]) -> list[tuple[str, Any]]:
    """The page-like responses of an archive file (2xx HTML or PDF), in file order."""
    out = []
    for member, scan in scans.items():
        for r in scan.records:
            media = _media_type(r.content_type)
            if (
                r.type == "response"
                and 200 <= (r.http_status or 0) < 300
                and (media in _HTML_TYPES or media == "application/pdf")
            ):
                out.append((member, r))
    return out


def import_archive(
    ctx: CaseContext, file: Path, source_id: str, *, details: dict[str, Any] | None = None
) -> Snapshot:
    """Attach a WARC or WACZ made elsewhere to a source, after validating every record.

    A file may hold several pages (a WACZ of many snapshots): the one whose URL is the
    source's is taken, else the file's main page, else the first. ``details``, when given, is
    filled with which record was taken, why, and the other pages the file holds."""
    file = Path(file)
    source = load_source(ctx.store, source_id.strip().upper())
    if not file.is_file():
        raise ArchiveFormatError(file, "no such file")
    with file.open("rb") as handle:
        magic = handle.read(4)
    if magic == b"PK\x03\x04":
        contents = read_wacz(file, max_record=IMPORT_MAX_RECORD)
        container, scans = "wacz", contents.warcs
        wanted = [u for u in (source.url, contents.main_page_url) if u]
        wanted += [p["url"] for p in contents.pages[:1]]
    else:
        scan = scan_warc(file, max_record=IMPORT_MAX_RECORD)
        if not scan.ok:
            raise ArchiveFormatError(file, scan.problems[0])
        container, scans = "warc", {"": scan}
        wanted = [source.url] if source.url else []
    chosen = _choose_record(scans, wanted)
    if chosen is None:
        raise ArchiveFormatError(file, "no HTTP response record to attach as evidence")
    member, record = chosen
    if details is not None:
        pages = _pages_in(scans)
        matched = any(_same_url(record.target_uri, u) for u in wanted[:1])
        details.update(
            {
                "took": {"url": record.target_uri, "date": record.date, "record": record.label()},
                "why": "the source's URL" if matched else "the file's main or first page",
                "other_pages": [
                    {"url": r.target_uri, "date": r.date}
                    for m, r in pages
                    if not (m == member and r.record_id == record.record_id)
                ],
            }
        )
    ctx.store.objects.ensure()
    ctx.store.objects.remove_orphans(older_than=ORPHAN_AGE)
    with ExitStack() as stack:
        tmpdir = stack.enter_context(temporary_dir("import"))
        payload = tmpdir / "payload"
        source_handle = stack.enter_context(
            open_member(file, member) if member else file.open("rb")
        )
        with payload.open("wb") as sink:
            try:
                headers, size = copy_payload(
                    source_handle, record.record_id or "", sink, limit=ctx.settings.max_body
                )
            except PayloadTooLarge:
                raise ArchiveFormatError(
                    file,
                    f"the payload of {record.label()} is larger than max_body "
                    f"({ctx.settings.max_body} bytes); not imported",
                ) from None
            except (ValueError, OSError) as exc:
                raise ArchiveFormatError(file, f"{record.label()} cannot be read: {exc}") from None
        digest = hashlib.sha256()
        with payload.open("rb") as handle:
            while piece := handle.read(1024 * 1024):
                digest.update(piece)
        encoding = _payload_encoding(headers)
        page = _page_text(
            _file_chunks(payload),
            record.content_type,
            encoding,
            record.target_uri or "",
            header_value(headers, "Content-Language"),
        )
    text_sha = text_size = None
    visible_data = None
    if page is not None:
        data = page.text.encode("utf-8")
        text_sha, text_size = ctx.store.objects.put_bytes(data), len(data)
        visible_data = _visible_bytes(page)
        if visible_data is not None:
            ctx.store.objects.put_bytes(visible_data)
    try:
        captured_at = format_instant(parse_instant(record.date or ""))
    except Exception:  # noqa: BLE001 - keep what the file says when it is odd
        captured_at = record.date or ""
    meta_sha = _put_json(
        ctx,
        {
            "url": source.url or record.target_uri,
            "final_url": record.target_uri,
            "captured_at": captured_at,
            "content_type": record.content_type,
            "payload_sha256": digest.hexdigest(),
            "text_sha256": text_sha,
            "page": _page_meta(page, visible_data),
            "imported_from": file.name,
            "record": record.label(),
        },
    )
    archive_sha, archive_size = ctx.store.objects.put_file(file)
    row = {
        "source_id": source.id,
        "url": source.url or record.target_uri or "",
        "final_url": record.target_uri,
        "captured_at": captured_at,
        "http_status": record.http_status,
        "content_type": record.content_type,
        "status": "imported",
        "title": page.title if page else None,
        "payload_sha256": digest.hexdigest(),
        "payload_size": size,
        "warc_sha256": archive_sha,
        "warc_size": archive_size,
        "text_sha256": text_sha,
        "text_size": text_size,
        "meta_sha256": meta_sha,
        "origin": "imported",
        "container": container,
        "record_id": record.record_id,
        "member": member or None,
        "revisit_of": None,
        "language": page.language if page else None,
        "witness_url": None,
        "witness_at": None,
        "imported_from": file.name,
    }
    return _record_snapshot(
        ctx,
        "import",
        row,
        {"source": source.id, "file": file.name, "sha256": archive_sha},
        [c.id for c in source.claims],
    )
