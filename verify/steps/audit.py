"""`audit`: prove that nothing in the case was changed behind verify's back.

It recomputes every object's SHA-256 and every WARC record's digests, checks the event chain,
and replays the event log into a fresh register (:mod:`verify.store.projection`) to compare
with the stored one row by row: an edited verdict, claim or source URL is named (table, id,
field, stored vs recorded) even when the chain itself is intact. With ``against``, it also
checks an anchor carried outside the store (a note, the report or a WACZ export): the event
with that number must still be in the log with that hash, so a log rewound to an earlier
state is caught even when its head was rewritten to match.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..capture.audit import MISSING, MODIFIED, OK, AuditReport, SnapshotAudit
from ..capture.warc import sha256_b32
from ..errors import ArchiveFormatError
from ..store.anchor import Anchor, read_anchor
from ..store.projection import compare, replay
from .case import CaseContext
from .snapshots import list_snapshots, scan_container

__all__ = ["audit_case", "check_anchor"]

log = logging.getLogger(__name__)


def _is_digest(value: str | None) -> bool:
    return bool(value) and len(value or "") == 64 and all(c in "0123456789abcdef" for c in value)


def check_anchor(ctx: CaseContext, anchor: Anchor) -> str | None:
    """None when the store still holds the anchor's event with its hash, else the problem."""
    events = {e.seq: e for e in ctx.store.events()}
    event = events.get(anchor.seq)
    if event is None:
        last = max(events) if events else 0
        return (
            f"the anchor {anchor} names event {anchor.seq}, but the log ends at event {last}: "
            "events were removed after the anchor was written"
        )
    if event.hash != anchor.hash:
        return (
            f"the anchor {anchor} does not match event {anchor.seq} in the log "
            f"(sha256 {event.hash[:16]}…): the log was rewritten after the anchor was written"
        )
    return None


def audit_case(ctx: CaseContext, against: list[Path] | None = None) -> AuditReport:
    """Objects, WARC digests, the chain, the register against its replay, and anchors."""
    objects = ctx.store.objects
    status: dict[str, str] = {}
    for digest in objects.iter_digests():
        try:
            status[digest] = objects.verify(digest)
        except ValueError:  # a stray file whose name is not a digest
            status[digest] = "modified"
    object_problems = [
        {"sha256": d, "status": s, "problem": f"object {d} does not match its SHA-256"}
        for d, s in sorted(status.items())
        if s != OK
    ]
    chain = ctx.store.verify_events()
    events = ctx.store.events() if chain.ok or chain.events else []
    try:
        recorded = replay(ctx.store.schema(), events)
        differences = compare(ctx.store.conn, recorded)
        recorded.close()
    except (ValueError, KeyError, TypeError) as exc:  # an op that cannot be applied
        differences = []
        register_problems: list[dict[str, Any]] = [
            {"table": None, "problem": f"the event log cannot be replayed ({exc})"}
        ]
    else:
        register_problems = [d.to_dict() for d in differences]
    by_snapshot: dict[str, list[str]] = {}
    for d in differences:
        if d.table == "snapshots":
            by_snapshot.setdefault(str(d.id), []).append(d.problem)
    audits: list[SnapshotAudit] = []
    for snap in list_snapshots(ctx):
        audit = SnapshotAudit(snap.id, snap.source_id)
        audits.append(audit)
        for problem in by_snapshot.get(snap.id, []):
            audit.fail(MODIFIED, problem)
        for label, digest in (
            ("archive file", snap.warc_sha256),
            ("text", snap.text_sha256),
            ("metadata", snap.meta_sha256),
        ):
            if not digest:
                continue
            try:
                state = status.get(digest) or objects.verify(digest)
            except ValueError:
                audit.fail(MODIFIED, f"the {label} digest {digest!r} in the index is not SHA-256")
                continue
            if state == MISSING:
                audit.fail(MISSING, f"the {label} object {digest} is missing")
            elif state != OK:
                audit.fail(MODIFIED, f"the {label} object {digest} does not match its SHA-256")
        if not _is_digest(snap.warc_sha256) or not objects.has(snap.warc_sha256):
            continue
        try:
            scans = scan_container(ctx, snap)
        except ArchiveFormatError as exc:
            audit.fail(MODIFIED, f"the archive file: {exc}")
            continue
        found = None
        for member, scan in scans.items():
            prefix = f"{member}: " if member else "WARC "
            for problem in scan.problems:
                audit.fail(MODIFIED, prefix + problem)
            if snap.member in (None, member) or not member:
                found = found or scan.find(snap.record_id or "")
        if found is None:
            audit.fail(MODIFIED, f"record {snap.record_id} is not in the archive file")
        elif (
            snap.payload_sha256
            and found.payload_digest
            and found.payload_digest.startswith("sha256:")
            and found.payload_digest != sha256_b32(snap.payload_sha256)
        ):
            audit.fail(MODIFIED, f"{found.label()} has another payload digest than the index row")
    anchors: list[dict[str, Any]] = []
    for path in against or []:
        anchor = read_anchor(Path(path))
        problem = check_anchor(ctx, anchor)
        anchors.append(
            {"file": str(path), "anchor": anchor.to_dict(), "ok": problem is None,
             "problem": problem}
        )  # fmt: skip
    temp_files = sum(1 for p in objects.tmp.iterdir() if p.is_file()) if objects.tmp.is_dir() else 0
    return AuditReport(
        snapshots=audits,
        objects_checked=len(status),
        object_problems=object_problems,
        events=chain.to_dict(),
        temp_files=temp_files,
        register=register_problems,
        anchors=anchors,
        head=ctx.store.anchor().to_dict() if ctx.store.anchor() else None,
    )
