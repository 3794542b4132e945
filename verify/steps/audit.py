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

import hashlib
import logging
from pathlib import Path
from typing import Any

from ..capture.audit import MISSING, MODIFIED, OK, AuditReport, SnapshotAudit
from ..capture.warc import sha256_b32
from ..errors import ArchiveFormatError
from ..store.anchor import Anchor, read_anchor
from ..store.projection import compare, replay
from .case import CaseContext
from .snapshots import list_snapshots, scan_container, snapshot_meta, visible_text_digest
from .wacz import check_wacz

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


def _is_zip(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while piece := handle.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()


def _exports(ctx: CaseContext) -> list[dict[str, Any]]:
    """Each exported WACZ still at its path: unchanged, signed with the recorded key, its
    time stamp valid. One that was moved or deleted is listed as absent (not a failure: it is
    a copy handed on; check it where it is with ``verify verify-wacz``)."""
    out = []
    for event in ctx.store.events():
        if event.command != "export" or not event.args.get("wacz"):
            continue
        args = event.args
        path = Path(str(args["wacz"]))
        entry: dict[str, Any] = {
            "event": event.seq,
            "file": str(path),
            "at": event.at,
            "sha256": args.get("sha256"),
            "present": path.is_file(),
        }
        if not entry["present"]:
            entry.update(ok=True, problem=None)
            out.append(entry)
            continue
        problems = []
        if _file_sha256(path) != args.get("sha256"):
            problems.append("the file has changed since it was exported")
        check = check_wacz(path, settings=ctx.settings)
        problems.extend(check.problems)
        if args.get("signed_by") and check.signed_by != args["signed_by"]:
            problems.append(
                f"signed by {check.signed_by or 'no key'}, not the case's key {args['signed_by']}"
            )
        if args.get("timestamp") and check.timestamp != "ok":
            problems.append("the time stamp it was exported with is gone or fails")
        entry.update(ok=not problems, problem="; ".join(dict.fromkeys(problems)) or None,
                     signature=check.signature, timestamp=check.timestamp,
                     timestamp_info=check.timestamp_info)  # fmt: skip
        out.append(entry)
    return out


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
        visible = None
        if snap.meta_sha256 and status.get(snap.meta_sha256, OK) == OK:
            try:
                visible = visible_text_digest(snapshot_meta(ctx, snap))
            except (OSError, ValueError):
                visible = None  # a damaged metadata object is reported below
        for label, digest in (
            ("archive file", snap.warc_sha256),
            ("text", snap.text_sha256),
            ("metadata", snap.meta_sha256),
            ("visible text", visible),
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
        entry: dict[str, Any] = {"file": str(path), "anchor": anchor.to_dict(),
                                 "ok": problem is None, "problem": problem}  # fmt: skip
        if _is_zip(Path(path)):  # a WACZ: its signature and time stamp too
            check = check_wacz(Path(path), settings=ctx.settings)
            entry["wacz"] = check.to_dict()
            entry["ok"] = entry["ok"] and check.ok
            if not check.ok:
                entry["problem"] = "; ".join(filter(None, [problem, *check.problems]))
        anchors.append(entry)
    temp_files = sum(1 for p in objects.tmp.iterdir() if p.is_file()) if objects.tmp.is_dir() else 0
    return AuditReport(
        exports=_exports(ctx),
        snapshots=audits,
        objects_checked=len(status),
        object_problems=object_problems,
        events=chain.to_dict(),
        temp_files=temp_files,
        register=register_problems,
        anchors=anchors,
        head=ctx.store.anchor().to_dict() if ctx.store.anchor() else None,
    )
