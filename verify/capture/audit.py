"""The audit report: each snapshot ``ok``, ``modified`` or ``missing``, with the reasons.

Pure data and comparison; :func:`verify.steps.audit.audit_case` gathers the facts (object
hashes, WARC record digests, the event chain) and fills it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["AuditReport", "SnapshotAudit", "compare_row"]

OK = "ok"
MODIFIED = "modified"
MISSING = "missing"


@dataclass
class SnapshotAudit:
    """One snapshot's verdict and every problem found, each naming what is at fault."""

    id: str
    source_id: str
    status: str = OK
    problems: list[str] = field(default_factory=list)

    def fail(self, status: str, problem: str) -> None:
        """Record a problem; ``missing`` outranks ``modified``."""
        self.problems.append(problem)
        if self.status != MISSING:
            self.status = status

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source_id,
            "status": self.status,
            "problems": list(self.problems),
        }


@dataclass
class AuditReport:
    """The whole audit: snapshots, every object file, the event chain, leftovers."""

    snapshots: list[SnapshotAudit]
    objects_checked: int
    object_problems: list[dict[str, str]]
    events: dict[str, Any]
    temp_files: int = 0
    #: Rows of the register that differ from the replay of the event log.
    register: list[dict[str, Any]] = field(default_factory=list)
    #: Anchors checked (``audit --against``): each with ``ok`` and the problem.
    anchors: list[dict[str, Any]] = field(default_factory=list)
    #: The chain's head now (sequence number and hash), for the next anchor.
    head: dict[str, Any] | None = None
    #: Each WACZ the case exported (from its export event): still there, unchanged, its
    #: signature and time stamp. An export no longer at its path is listed, not failed.
    exports: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            all(s.status == OK for s in self.snapshots)
            and not self.object_problems
            and bool(self.events.get("ok"))
            and not self.register
            and all(a.get("ok") for a in self.anchors)
            and all(e.get("ok") for e in self.exports)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "snapshots": [s.to_dict() for s in self.snapshots],
            "objects": {"checked": self.objects_checked, "problems": self.object_problems},
            "events": self.events,
            "register": {"ok": not self.register, "problems": self.register},
            "anchors": self.anchors,
            "exports": self.exports,
            "head": self.head,
            "temp_files": self.temp_files,
        }


def compare_row(row: dict[str, Any], recorded: dict[str, Any], where: str) -> list[str]:
    """The fields of an index row that differ from what the event recorded."""
    out = []
    for key in sorted(set(row) | set(recorded)):
        if row.get(key) != recorded.get(key):
            out.append(
                f"index row field {key} is {row.get(key)!r} but {where} recorded "
                f"{recorded.get(key)!r}"
            )
    return out
