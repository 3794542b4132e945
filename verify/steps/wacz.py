"""`export --wacz`: every snapshot of the case in one WACZ package."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from .._version import __version__
from ..capture.cdxj import cdxj_line
from ..capture.wacz import WaczWarc, member_size, open_member, write_wacz
from ..capture.warc import index_entries
from ..errors import ArchiveFormatError, InputError
from ..store.register import load_source
from ..timeutil import format_instant
from .case import CaseContext
from .snapshots import list_snapshots, scan_container, snapshot_text

__all__ = ["export_wacz"]


#: Characters of a page's text that pages.jsonl carries (ReplayWeb.page searches them).
PAGE_TEXT_LIMIT = 200_000


def _page(ctx: CaseContext, snap: Any) -> dict[str, Any]:
    """A pages.jsonl entry: the WACZ fields (id, url, ts, title, text) and ours."""
    url = snap.final_url or snap.url
    try:
        text = snapshot_text(ctx, snap.id)
    except ArchiveFormatError:
        text = ""
    page: dict[str, Any] = {"id": snap.id, "url": url, "ts": snap.captured_at,
                            "title": snap.title or url}  # fmt: skip
    if text:
        page["text"] = text[:PAGE_TEXT_LIMIT]
    page["source"] = snap.source_id
    page["text_sha256"] = snap.text_sha256
    return page


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
                size = member_size(path, member)
                warcs.append(WaczWarc(name, lambda p=path, m=member: open_member(p, m), size))
            else:
                warcs.append(WaczWarc(name, lambda p=path: p.open("rb"), path.stat().st_size))
            lines.extend(cdxj_line(e, name) for e in index_entries(scan))
    pages = [_page(ctx, s) for s in snaps]
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
