"""Availability facts of a source from its checks and snapshots (pure).

The checks come from the store as their JSON form (``id``, ``status``, ``method``, ``as_of``,
``checked_at``, ``url``, ``http_status``, ``final_url``, ``finding``, ``captures``, ...); the
snapshots as rows (``id``, ``finding_id``, ``captured_at``, ``url``, ``origin``, ...). Only the
source's own checks and snapshots count here (those without a finding).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ARCHIVE_STATUSES", "RESTRICTED", "UNREACHABLE", "Availability", "availability_of"]

REACHABLE = frozenset({"ok", "redirected"})
#: Statuses that mean the work could not be reached at that address.
UNREACHABLE = frozenset(
    {
        "soft_404", "not_found", "gone", "server_error", "parked", "dns_failure", "dns_error",
        "connection_failed", "timeout", "tls_error", "redirect_loop", "too_many_redirects",
        "refused", "invalid_url",
    }
)  # fmt: skip
#: Statuses that mean something is there but could not be read by us.
RESTRICTED = frozenset(
    {"paywall", "login_required", "consent_wall", "blocked", "rate_limited", "too_large"}
)
ARCHIVE_STATUSES = frozenset({"archived", "not_archived", "archive_unreachable"})


@dataclass(frozen=True)
class Availability:
    """What the checks and snapshots of a source say about whether it could be read.

    ``state`` is ``available`` (a live check reached it), ``archived`` (no live copy, but an
    archived one or a snapshot exists), ``unreachable`` (checked, not reached, no copy),
    ``restricted`` (behind a paywall, login, consent wall or bot block), or ``not_checked``.
    """

    state: str
    checks: tuple[Mapping[str, Any], ...] = field(default=())
    snapshots: tuple[Mapping[str, Any], ...] = field(default=())
    as_of: str | None = None

    @property
    def check_ids(self) -> list[str]:
        return [str(c.get("id")) for c in self.checks]

    @property
    def snapshot_ids(self) -> list[str]:
        return [str(s.get("id")) for s in self.snapshots]


def availability_of(
    checks: Sequence[Mapping[str, Any]],
    snapshots: Sequence[Mapping[str, Any]],
    case_date: str | None,
) -> Availability:
    """The availability of a source on the case's date (all its checks when none was then)."""
    own = [c for c in checks if not c.get("finding")]
    dated = [c for c in own if case_date and c.get("as_of") == case_date]
    relevant = tuple(dated or own)
    own_snapshots = tuple(s for s in snapshots if not s.get("finding_id"))
    statuses = {str(c.get("status")) for c in relevant}
    as_of = str(relevant[-1].get("as_of")) if relevant else case_date
    if statuses & REACHABLE:
        state = "available"
    elif own_snapshots or "archived" in statuses:
        state = "archived"
    elif statuses & RESTRICTED:
        state = "restricted"
    elif statuses & (UNREACHABLE | {"not_archived", "archive_unreachable"}):
        state = "unreachable"
    else:
        state = "not_checked"
    return Availability(state, relevant, own_snapshots, as_of)
