"""`import`: attach a WARC, ARC or WACZ made elsewhere to a source, after checking every record.

What is taken from a file, in order:

1. the record for the source's URL (else the package's main page, else its first page; else
   the file's first HTML or PDF page): a ``response``, a ``resource`` (wget, Webrecorder and
   Perma keep pages as resources too) or a ``revisit``;
2. if that is a redirect, its ``Location`` is followed through the file, hop by hop (each hop
   the capture of that URL closest after the redirect), so the snapshot is the final page and
   the chain is kept in its metadata; a wget or capture_http WARC of a URL that redirects
   gives the page, not the 301;
3. if the final record is a ``revisit``, it is resolved to the record it repeats in the same
   file (``WARC-Refers-To``, else the target URI and date it refers to, else the same payload
   digest), whose payload the snapshot reads. A revisit whose original is not in the file is
   still imported, without a payload, and says where the page's bytes are.

A file that is not an archive is refused with its name ("a CDX index, not a web archive").
"""

from __future__ import annotations

import hashlib
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from ..capture.sniff import sniff_file
from ..capture.wacz import open_member, read_wacz
from ..capture.warc import (
    PayloadTooLarge,
    WarcRecordInfo,
    WarcScan,
    copy_payload,
    header_value,
    scan_warc,
)
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
#: Redirects followed through a file at most.
MAX_HOPS = 10
_TYPES = ("response", "resource", "revisit")

Found = tuple[str, WarcRecordInfo]  # (WACZ member or "", the record)


def _same_url(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    try:
        return normalize_url(a) == normalize_url(b)
    except Exception:  # noqa: BLE001 - others' odd URLs just do not match
        return a == b


def _web(uri: str | None) -> bool:
    return bool(uri) and str(uri).lower().startswith(("http://", "https://"))


def _is_page(r: WarcRecordInfo) -> bool:
    media = media_type(r.content_type)
    if not (media in HTML_TYPES or media == "application/pdf"):
        return False
    if r.type == "resource":
        return True
    return 200 <= (r.http_status or 0) < 300


def _redirect(r: WarcRecordInfo) -> bool:
    return 300 <= (r.http_status or 0) < 400 and bool(r.location)


def _candidates(scans: dict[str, WarcScan]) -> list[Found]:
    return [
        (member, r)
        for member, scan in scans.items()
        for r in scan.records
        if r.type in _TYPES and _web(r.target_uri) and (r.type == "resource" or r.http_status)
    ]


def _when(r: WarcRecordInfo) -> str:
    return "".join(ch for ch in (r.date or "") if ch.isdigit())


def _capture_of(cands: list[Found], url: str, after: WarcRecordInfo | None = None) -> Found | None:
    """The record for ``url``: the first in the file, or (following a redirect) the one closest
    at or after the redirect's time."""
    matches = [c for c in cands if _same_url(c[1].target_uri, url)]
    if after is None or not matches:
        return matches[0] if matches else None
    later = [c for c in matches if _when(c[1]) >= _when(after)]
    pool = later or matches
    return min(pool, key=lambda c: _when(c[1])) if later else pool[-1]


def _original(cands: list[Found], revisit: WarcRecordInfo) -> Found | None:
    """The record a revisit repeats, in the same file."""
    responses = [c for c in cands if c[1].type in ("response", "resource")]
    if revisit.refers_to:
        for c in responses:
            if c[1].record_id == revisit.refers_to:
                return c
    if revisit.refers_to_uri:
        for c in responses:
            if _same_url(c[1].target_uri, revisit.refers_to_uri) and (
                not revisit.refers_to_date or _when(c[1]) == _when_text(revisit.refers_to_date)
            ):
                return c
    if revisit.payload_digest:
        for c in responses:
            if c[1].payload_digest == revisit.payload_digest:
                return c
    return None


def _when_text(date: str) -> str:
    return "".join(ch for ch in date if ch.isdigit())


@dataclass
class _Pick:
    """What an import takes from a file."""

    chain: list[Found]  # from the first record to the final one (redirects followed)
    holder: Found  # the record whose payload is the page (the original of a revisit)
    why: str
    original_missing: bool = False  # a revisit whose original is not in the file
    notes: list[str] = field(default_factory=list)

    @property
    def final(self) -> Found:
        return self.chain[-1]


def _pick(scans: dict[str, WarcScan], wanted: list[str]) -> _Pick | None:
    cands = _candidates(scans)
    start: Found | None = None
    why = "the source's URL"
    for index, url in enumerate(wanted):
        start = _capture_of(cands, url)
        if start is not None:
            why = "the source's URL" if index == 0 else "the package's main page"
            break
    if start is None:
        pages = [c for c in cands if c[1].type != "revisit" and _is_page(c[1])]
        revisits = [c for c in cands if c[1].type == "revisit"]
        start = pages[0] if pages else (revisits[0] if revisits else None)
        why = "the file's first page"
    if start is None:
        return None
    chain = [start]
    notes: list[str] = []
    while _redirect(chain[-1][1]) and len(chain) <= MAX_HOPS:
        here = chain[-1][1]
        target = urljoin(here.target_uri or "", str(here.location).strip())
        following = _capture_of(cands, target, after=here)
        if following is None:
            notes.append(f"the file holds the redirect to {target}, not that page")
            break
        if any(f[1] is following[1] for f in chain):
            notes.append(f"the redirects loop back to {target}")
            break
        chain.append(following)
    final = chain[-1]
    if final[1].type != "revisit":
        return _Pick(chain, final, why, notes=notes)
    original = _original(cands, final[1])
    if original is None:
        where = final[1].refers_to_uri or "another capture"
        when = f" at {final[1].refers_to_date}" if final[1].refers_to_date else ""
        notes.append(f"{final[1].label()} is a revisit of {where}{when}, which this file does "
                     "not hold: the snapshot has the record, not the page's bytes")  # fmt: skip
        return _Pick(chain, final, why, original_missing=True, notes=notes)
    notes.append(f"{final[1].label()} repeats {original[1].label()}, whose payload it reads")
    return _Pick(chain, original, why, notes=notes)


def _what_it_holds(scans: dict[str, WarcScan]) -> str:
    shown = []
    for scan in scans.values():
        for r in scan.records:
            if r.type in ("warcinfo", "request"):
                continue
            kind = f" ({r.content_type})" if r.content_type else ""
            shown.append(f"{r.type} {r.target_uri or '(no URI)'}{kind}")
    if not shown:
        return "it holds no response, resource or revisit record"
    more = f" and {len(shown) - 5} more" if len(shown) > 5 else ""
    return "it holds " + ", ".join(shown[:5]) + more


def _pages_in(scans: dict[str, WarcScan]) -> list[Found]:
    """The page-like records of an archive file (2xx HTML or PDF), in file order."""
    return [(m, r) for m, r in _candidates(scans) if r.type != "revisit" and _is_page(r)]


def _read(file: Path) -> tuple[str, dict[str, WarcScan], list[str]]:
    """The file's container kind, its scans, and the URLs its package names (main, first)."""
    kind = sniff_file(file)
    if kind.kind == "zip":
        contents = read_wacz(file, max_record=IMPORT_MAX_RECORD)
        urls = [u for u in (contents.main_page_url,) if u]
        urls += [p["url"] for p in contents.pages[:1]]
        return "wacz", contents.warcs, urls
    if not kind.is_archive:
        raise ArchiveFormatError(file, kind.refusal())
    scan = scan_warc(file, max_record=IMPORT_MAX_RECORD, arc=kind.kind == "arc")
    if not scan.ok:
        raise ArchiveFormatError(file, scan.problems[0])
    return "warc", {"": scan}, []


def _date(record: WarcRecordInfo) -> str:
    try:
        return format_instant(parse_instant(record.date or ""))
    except Exception:  # noqa: BLE001 - keep what the file says when it is odd
        return record.date or ""


def import_archive(
    ctx: CaseContext, file: Path, source_id: str, *, details: dict[str, Any] | None = None
) -> Snapshot:
    """Attach a WARC, ARC or WACZ made elsewhere to a source, after validating every record.

    ``details``, when given, is filled with the record taken and why, the redirects followed,
    the revisit resolved, and the other pages the file holds (see the module docstring)."""
    file = Path(file)
    source = load_source(ctx.store, source_id.strip().upper())
    if not file.is_file():
        raise ArchiveFormatError(file, "no such file")
    container, scans, package_urls = _read(file)
    wanted = [u for u in [source.url, *package_urls] if u]
    pick = _pick(scans, wanted)
    if pick is None:
        looked = f"no record for {source.url} and " if source.url else ""
        raise ArchiveFormatError(file, f"{looked}no web page to attach: {_what_it_holds(scans)}")
    first, final = pick.chain[0][1], pick.final[1]
    holder_member, holder = pick.holder
    chain = [
        {"url": r.target_uri, "status": r.http_status, "date": r.date, "record": r.label(),
         "location": r.location}
        for _, r in pick.chain
    ]  # fmt: skip
    if details is not None:
        details.update(
            {
                "took": {"url": final.target_uri, "date": final.date, "record": final.label()},
                "why": pick.why,
                "redirects": chain[:-1],
                "payload_from": holder.label() if holder is not final else None,
                "payload_missing": pick.original_missing,
                "notes": list(pick.notes),
                "other_pages": [
                    {"url": r.target_uri, "date": r.date}
                    for m, r in _pages_in(scans)
                    if not any(m == cm and r is cr for cm, cr in pick.chain)
                    and not (m == holder_member and r is holder)
                ],
            }
        )
    ctx.store.objects.ensure()
    ctx.store.objects.remove_orphans(older_than=ORPHAN_AGE)
    page = None
    size = 0
    payload_sha: str | None = None
    content_type = final.content_type or holder.content_type
    if not pick.original_missing:
        with ExitStack() as stack:
            tmpdir = stack.enter_context(temporary_dir("import"))
            payload = tmpdir / "payload"
            source_handle = stack.enter_context(
                open_member(file, holder_member) if holder_member else file.open("rb")
            )
            with payload.open("wb") as sink:
                try:
                    headers, size = copy_payload(
                        source_handle, holder.record_id or "", sink, limit=ctx.settings.max_body
                    )
                except PayloadTooLarge:
                    raise ArchiveFormatError(
                        file,
                        f"the payload of {holder.label()} is larger than max_body "
                        f"({ctx.settings.max_body} bytes); not imported",
                    ) from None
                except (ValueError, OSError) as exc:
                    raise ArchiveFormatError(
                        file, f"{holder.label()} cannot be read: {exc}"
                    ) from None
            digest = hashlib.sha256()
            with payload.open("rb") as handle:
                while piece := handle.read(1024 * 1024):
                    digest.update(piece)
            payload_sha = digest.hexdigest()
            page = payload_text(
                file_chunks(payload),
                content_type,
                payload_encoding(headers),
                final.target_uri or "",
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
    captured_at = _date(final)
    meta: dict[str, Any] = {
        "url": source.url or first.target_uri,
        "final_url": final.target_uri,
        "captured_at": captured_at,
        "content_type": content_type,
        "payload_sha256": payload_sha,
        "text_sha256": text_sha,
        "page": page_meta(page, visible_data),
        "imported_from": file.name,
        "record": final.label(),
        "chain": chain,
        "payload_record": holder.label(),
        "notes": list(pick.notes),
    }
    if pick.original_missing:
        meta["payload_in"] = {"url": final.refers_to_uri, "date": final.refers_to_date}
    meta_sha = put_json(ctx, meta)
    archive_sha, archive_size = ctx.store.objects.put_file(file)
    row = {
        "source_id": source.id,
        "url": source.url or first.target_uri or "",
        "final_url": final.target_uri,
        "captured_at": captured_at,
        "http_status": final.http_status,
        "content_type": content_type,
        "status": "imported",
        "title": page.title if page else None,
        "payload_sha256": payload_sha,
        "payload_size": size,
        "warc_sha256": archive_sha,
        "warc_size": archive_size,
        "text_sha256": text_sha,
        "text_size": text_size,
        "meta_sha256": meta_sha,
        "origin": "imported",
        "container": container,
        "record_id": holder.record_id,
        "member": holder_member or None,
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
