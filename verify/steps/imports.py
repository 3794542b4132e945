"""`import`: attach a WARC or WACZ made elsewhere to a source, after checking every record."""

from __future__ import annotations

import hashlib
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from ..capture.wacz import open_member, read_wacz
from ..capture.warc import PayloadTooLarge, WarcScan, copy_payload, header_value, scan_warc
from ..errors import ArchiveFormatError
from ..store.register import load_source
from ..tempdirs import temporary_dir
from ..timeutil import format_instant, parse_instant
from ..urls import normalize_url
from .case import CaseContext
from .snapshots import (
    HTML_TYPES,
    ORPHAN_AGE,
    Snapshot,
    file_chunks,
    media_type,
    page_meta,
    payload_encoding,
    payload_text,
    put_json,
    record_snapshot,
    visible_bytes,
)

__all__ = ["import_archive"]

#: A record of an imported file may declare at most this many bytes (others are refused
#: unread: a record that says it holds 10 GiB is no evidence we can check).
IMPORT_MAX_RECORD = 1024 * 1024 * 1024


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
        media = media_type(r.content_type)
        if r.http_status == 200 and (media in HTML_TYPES or media == "application/pdf"):
            return member, r
    return candidates[0] if candidates else None


def _pages_in(scans: dict[str, WarcScan]) -> list[tuple[str, Any]]:
    """The page-like responses of an archive file (2xx HTML or PDF), in file order."""
    out = []
    for member, scan in scans.items():
        for r in scan.records:
            media = media_type(r.content_type)
            if (
                r.type == "response"
                and 200 <= (r.http_status or 0) < 300
                and (media in HTML_TYPES or media == "application/pdf")
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
        encoding = payload_encoding(headers)
        page = payload_text(
            file_chunks(payload),
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
        visible_data = visible_bytes(page)
        if visible_data is not None:
            ctx.store.objects.put_bytes(visible_data)
    try:
        captured_at = format_instant(parse_instant(record.date or ""))
    except Exception:  # noqa: BLE001 - keep what the file says when it is odd
        captured_at = record.date or ""
    meta_sha = put_json(
        ctx,
        {
            "url": source.url or record.target_uri,
            "final_url": record.target_uri,
            "captured_at": captured_at,
            "content_type": record.content_type,
            "payload_sha256": digest.hexdigest(),
            "text_sha256": text_sha,
            "page": page_meta(page, visible_data),
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
    return record_snapshot(
        ctx,
        "import",
        row,
        {"source": source.id, "file": file.name, "sha256": archive_sha},
        [c.id for c in source.claims],
    )
