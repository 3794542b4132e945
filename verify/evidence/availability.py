"""Availability facts of a source from its checks and snapshots (pure).

The checks come from the store as their JSON form (``id``, ``status``, ``method``, ``as_of``,
``checked_at``, ``url``, ``http_status``, ``final_url``, ``finding``, ``captures``, ...); the
snapshots as rows (``id``, ``finding_id``, ``captured_at``, ``url``, ``origin``, ``status``,
...). Only the source's own checks and snapshots count here (those without a finding).

Three kinds of outcome are kept apart, because a note must never turn one into another:

* the source was **reached** (``ok``, ``redirected``), or an archived copy of it exists;
* the source was **not there**, a fact about *their* side: ``not_found``, ``gone``,
  ``soft_404``, ``dns_failure``, ``parked``, ``server_error``, ...;
* the check **could not be made**, a fact about *our* side (:data:`NOT_CHECKED`): no network,
  DNS down, the archives could not be asked, our own policy refused the address. It says
  nothing about the source and is never a reason for a verdict.

A snapshot of an error page (:data:`ERROR_PAGE`: a 404 page, a soft 404, a parking page, a
login or consent wall) is evidence of that status, never a copy of the source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ARCHIVE_STATUSES",
    "ERROR_PAGE",
    "NOT_CHECKED",
    "RESTRICTED",
    "UNREACHABLE",
    "Availability",
    "availability_of",
    "is_source_copy",
]

REACHABLE = frozenset({"ok", "redirected"})
#: Statuses meaning the check could not be made: the problem was on our side.
NOT_CHECKED = frozenset({"dns_error", "network_error", "archive_unreachable", "refused"})
#: Statuses that mean the work could not be reached at that address (their side).
UNREACHABLE = frozenset(
    {
        "soft_404", "not_found", "gone", "server_error", "parked", "dns_failure",
        "connection_failed", "timeout", "tls_error", "redirect_loop", "too_many_redirects",
        "invalid_url",
    }
)  # fmt: skip
#: Statuses that mean something is there but could not be read by us.
RESTRICTED = frozenset(
    {"paywall", "login_required", "consent_wall", "blocked", "rate_limited", "too_large",
     "truncated"}
)  # fmt: skip
ARCHIVE_STATUSES = frozenset({"archived", "not_archived", "archive_unreachable"})
#: Statuses of a page that is not the source: a snapshot with one of them shows that status.
ERROR_PAGE = frozenset(
    {
        "not_found", "gone", "soft_404", "parked", "blocked", "login_required", "paywall",
        "consent_wall", "server_error", "rate_limited", "truncated",
    }
)  # fmt: skip


def is_source_copy(snapshot: Mapping[str, Any]) -> bool:
    """Whether a snapshot holds the source itself (not an error page or a wall)."""
    return str(snapshot.get("status") or "") not in ERROR_PAGE


@dataclass(frozen=True)
class Availability:
    """What the checks and snapshots of a source say about whether it could be read.

    ``state`` is ``available`` (a live check reached it), ``archived`` (no live copy, but an
    archived one or a snapshot of the source exists), ``unreachable`` (checked, not there,
    no copy), ``restricted`` (behind a paywall, login, consent wall or bot block),
    ``could_not_check`` (every check failed on our side: no network, the archives could not be
    asked), or ``not_checked``.

    ``live`` and ``archive`` say the same per method: ``reached``/``unreachable``/
    ``restricted``/``could_not_check`` for the live check, ``archived``/``not_archived``/
    ``could_not_check`` for the archive lookup, ``None`` when that kind of check was not made.
    ``error_pages`` are snapshots that hold an error page instead of the source.
    """

    state: str
    checks: tuple[Mapping[str, Any], ...] = field(default=())
    snapshots: tuple[Mapping[str, Any], ...] = field(default=())
    as_of: str | None = None
    live: str | None = None
    archive: str | None = None
    error_pages: tuple[Mapping[str, Any], ...] = field(default=())

    @property
    def check_ids(self) -> list[str]:
        return [str(c.get("id")) for c in self.checks]

    @property
    def snapshot_ids(self) -> list[str]:
        return [str(s.get("id")) for s in self.snapshots]


def _live_state(statuses: set[str]) -> str | None:
    if not statuses:
        return None
    if statuses & REACHABLE:
        return "reached"
    if statuses & RESTRICTED:
        return "restricted"
    if statuses & UNREACHABLE:
        return "unreachable"
    return "could_not_check"


def _archive_state(statuses: set[str]) -> str | None:
    if not statuses:
        return None
    if "archived" in statuses:
        return "archived"
    if "not_archived" in statuses:
        return "not_archived"
    return "could_not_check"


def availability_of(
    checks: Sequence[Mapping[str, Any]],
    snapshots: Sequence[Mapping[str, Any]],
    case_date: str | None,
) -> Availability:
    """The availability of a source on the case's date.

    Live checks count from the latest day one was made (a live check is about the day it
    was made); archive lookups count for the case's date when there are any for it.
    """
    own = [c for c in checks if not c.get("finding")]
    live = [c for c in own if c.get("method") != "archive"]
    archive = [c for c in own if c.get("method") == "archive"]
    dated_archive = [c for c in archive if case_date and c.get("as_of") == case_date]
    archive = dated_archive or archive
    dated_live = [c for c in live if case_date and c.get("as_of") == case_date]
    if not dated_live and live:
        last_day = max(str(c.get("as_of") or "") for c in live)
        dated_live = [c for c in live if str(c.get("as_of") or "") == last_day]
    relevant = tuple(
        sorted(dated_live + archive, key=lambda c: int(str(c.get("id", "K0"))[1:] or 0))
    )
    mine = [s for s in snapshots if not s.get("finding_id")]
    copies = tuple(s for s in mine if is_source_copy(s))
    error_pages = tuple(s for s in mine if not is_source_copy(s))
    live_state = _live_state({str(c.get("status")) for c in dated_live})
    if live_state is None and error_pages:  # no live check: what the snapshots showed
        live_state = _live_state({str(s.get("status")) for s in error_pages})
    archive_state = _archive_state({str(c.get("status")) for c in archive})
    as_of = str(relevant[-1].get("as_of")) if relevant else case_date
    if live_state == "reached":
        state = "available"
    elif copies or archive_state == "archived":
        state = "archived"
    elif live_state == "restricted":
        state = "restricted"
    elif live_state == "unreachable":
        state = "unreachable"
    elif live_state == "could_not_check" or archive_state == "could_not_check":
        state = "could_not_check"
    elif archive_state == "not_archived":
        state = "unreachable" if live_state == "unreachable" else "not_checked"
    else:
        state = "not_checked"
    return Availability(state, relevant, copies, as_of, live_state, archive_state, error_pages)
