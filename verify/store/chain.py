"""The event chain: each event's SHA-256 covers its content and the previous event's hash.

Pure functions. Editing an event changes its hash; deleting one leaves a gap in the sequence and
a ``prev_hash`` that no longer matches; reordering breaks ``prev_hash`` too. The store also keeps
the head (last sequence number and hash) so that deleting the newest events is seen.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..models import Event

__all__ = ["GENESIS", "ChainReport", "canonical_json", "event_hash", "verify_chain"]

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no white space: the same data always gives the same text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(
    *,
    seq: int,
    at: str,
    actor: str,
    command: str,
    args: dict[str, Any],
    ids: Iterable[str],
    changes: Iterable[dict[str, Any]],
    prev_hash: str,
    ops: Iterable[dict[str, Any]] | None = None,
) -> str:
    """The SHA-256 (hex) of an event's content and its predecessor's hash.

    ``ops`` (the rows the event wrote) are covered when present; events written before they
    were recorded have none, and their hash is what it always was."""
    body: dict[str, Any] = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "command": command,
        "args": args,
        "ids": list(ids),
        "changes": list(changes),
        "prev_hash": prev_hash,
    }
    if ops is not None:
        body["ops"] = list(ops)
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the chain: ``ok``, how many events, and the first break."""

    ok: bool
    events: int
    broken_at: int | None = None
    problem: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "broken_at": self.broken_at,
            "problem": self.problem,
        }


def verify_chain(events: Iterable[Event], head: tuple[int, str] | None = None) -> ChainReport:
    """Check ``events`` (in stored order) and the recorded ``head``; name the first break."""
    expected_seq = 1
    prev = GENESIS
    count = 0
    for event in events:
        count += 1
        if event.seq != expected_seq:
            if event.seq > expected_seq:
                missing = (
                    f"event {expected_seq} is missing"
                    if event.seq == expected_seq + 1
                    else f"events {expected_seq} to {event.seq - 1} are missing"
                )
                return ChainReport(False, count, expected_seq, f"{missing} (deleted)")
            return ChainReport(False, count, event.seq, f"event {event.seq} is out of order")
        if event.prev_hash != prev:
            return ChainReport(
                False,
                count,
                event.seq,
                f"event {event.seq} does not follow event {event.seq - 1} "
                "(an event before it was changed, deleted or reordered)",
            )
        recomputed = event_hash(
            seq=event.seq,
            at=event.at,
            actor=event.actor,
            command=event.command,
            args=event.args,
            ids=event.ids,
            changes=event.changes,
            prev_hash=event.prev_hash,
            ops=event.ops,
        )
        if recomputed != event.hash:
            return ChainReport(
                False, count, event.seq, f"event {event.seq} was edited after it was written"
            )
        prev = event.hash
        expected_seq += 1
    if head is not None:
        head_seq, head_hash = head
        last_seq = expected_seq - 1
        if head_seq > last_seq:
            first = last_seq + 1
            what = f"event {first} is" if head_seq == first else f"events {first} to {head_seq} are"
            return ChainReport(False, count, first, f"{what} missing (deleted)")
        if head_seq == last_seq and head_seq and head_hash != prev:
            return ChainReport(
                False, count, head_seq, f"event {head_seq} does not match the recorded head"
            )
    return ChainReport(True, count)
