"""Snapshots as evidence: the index rows, their payloads and texts, review and safe views.

A snapshot is one row of ``snapshots`` (written by ``archive`` or ``import``, each through the
store's writer with its event) pointing at content-addressed objects: the WARC (or WACZ), the
extracted text and a metadata JSON. This module reads them: list and show, the payload of the
response record a row names, the text, a diff of two snapshots, and a safe offline HTML view.
The helpers that turn a payload into text (:func:`payload_text`) and record a row
(:func:`record_snapshot`) are shared by :mod:`.archive` and :mod:`.imports`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
import tempfile
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, Any

from ..capture.pagetext import PageText, extract_html
from ..capture.safeview import safe_html, text_page
from ..capture.wacz import open_member, read_wacz
from ..capture.warc import WarcScan, copy_payload, header_value, scan_warc
from ..documents import read_document
from ..errors import ArchiveFormatError, DocumentError, UnknownSnapshotError, storage_error
from ..store.register import load_source
from ..tempdirs import temporary_dir
from ..web.exchange import decode_body
from .case import CaseContext

__all__ = [
    "Snapshot",
    "SnapshotDiff",
    "ViewTooLarge",
    "diff_snapshots",
    "get_snapshot",
    "list_snapshots",
    "open_snapshot",
    "scan_container",
    "snapshot_meta",
    "snapshot_text",
]

log = logging.getLogger(__name__)

#: Temporary files older than this (seconds) are a crashed run's leftovers and are removed.
ORPHAN_AGE = 600.0
#: Decoded HTML bytes handed to text extraction at most (a bigger page is cut there).
HTML_TEXT_LIMIT = 8 * 1024 * 1024
#: Decoded PDF bytes read for text at most.
PDF_LIMIT = 200 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


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


# -- reading the index --------------------------------------------------------------------


def by_number() -> str:
    return "ORDER BY CAST(substr(id, 3) AS INTEGER)"


def list_snapshots(ctx: CaseContext, source_id: str | None = None) -> list[Snapshot]:
    """Every snapshot (or a source's), oldest first."""
    if source_id is not None:
        load_source(ctx.store, source_id)
        rows = ctx.store.query(
            f"SELECT * FROM snapshots WHERE source_id = ? {by_number()}", (source_id,)
        )
    else:
        rows = ctx.store.query(f"SELECT * FROM snapshots {by_number()}")
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


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def file_chunks(path: Path) -> Callable[[], Iterator[bytes]]:
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


def payload_text(
    chunks: Callable[[], Iterable[bytes]],
    content_type: str | None,
    encoding: str | None,
    url: str,
    language: str | None,
) -> PageText | None:
    """Text of a payload given as a re-readable source of its raw pieces (as transferred)."""
    media = media_type(content_type)
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
    if media in HTML_TYPES or (not media and looks_html):
        html, _ = decode_body(chunks(), encoding, HTML_TEXT_LIMIT)
        return extract_html(html, url, language)
    return None


# -- recording a row ----------------------------------------------------------------------


def visible_bytes(page: PageText) -> bytes | None:
    """The page's visible text (the second layer) as stored, when it differs from the main
    text (a PDF or a plain-text page has one layer)."""
    if page.visible_text is None or page.visible_text.split() == page.text.split():
        return None
    return page.visible_text.encode("utf-8")


def page_meta(page: PageText | None, visible: bytes | None) -> dict[str, Any] | None:
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


def json_bytes(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def put_json(ctx: CaseContext, data: dict[str, Any]) -> str:
    return ctx.store.objects.put_bytes(json_bytes(data))


def record_snapshot(
    ctx: CaseContext, command: str, row: dict[str, Any], args: dict[str, Any], touched: list[str]
) -> Snapshot:
    # The event records the whole row (as an op), so `audit` can tell an edited row.
    with ctx.store.write(ctx.actor, command, args) as writer:
        snapshot_id = writer.next_id("SN")
        writer.insert("snapshots", {"id": snapshot_id, **row})
        writer.touch(row["source_id"], snapshot_id, *touched)
    return get_snapshot(ctx, snapshot_id)


# -- payloads of stored snapshots ---------------------------------------------------------


def open_container(ctx: CaseContext, snap: Snapshot) -> IO[bytes]:
    path = ctx.store.objects.path(snap.warc_sha256)
    if not path.is_file():
        raise ArchiveFormatError(path, f"the archive file of {snap.id} is missing")
    if snap.container == "wacz":
        return open_member(path, snap.member or "")
    return path.open("rb")


def _payload(ctx: CaseContext, snap: Snapshot, sink: IO[bytes]) -> tuple[Any, Snapshot]:
    """Write the snapshot's payload to ``sink``; return its HTTP headers and the holder."""
    holder = get_snapshot(ctx, snap.revisit_of) if snap.revisit_of else snap
    with open_container(ctx, holder) as handle:
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
        encoding = payload_encoding(headers)
        head, _ = decode_body(sink.read(65536), encoding, 65536)
        sink.seek(0)
        media = media_type(snap.content_type)
        is_html = media in HTML_TYPES[:2] or (not media and head.lstrip()[:1] == b"<")
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


def payload_encoding(headers: Any) -> str | None:
    """The Content-Encoding still on a copied payload (copy_payload undoes only chunking)."""
    return header_value(headers, "Content-Encoding")


def scan_container(ctx: CaseContext, snap: Snapshot) -> dict[str, WarcScan]:
    """Every WARC of a snapshot's container (one, or a WACZ's members), scanned."""
    path = ctx.store.objects.path(snap.warc_sha256)
    if snap.container == "wacz":
        return dict(read_wacz(path).warcs)
    return {"": scan_warc(path)}
