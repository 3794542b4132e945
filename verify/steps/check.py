"""`check`: is each source reachable on a date? Live for today, web archives for a past date.

Each result is stored as soon as it is ready (one transaction and one event per check), so an
interrupted run keeps what was done. Checks are append-only: a later check never overwrites an
earlier one, and :func:`check_history` gives them oldest first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import InputError, Interrupted
from ..models import Source, SourceStatus
from ..store.checks import insert_check, load_checks
from ..store.register import load_source, load_sources
from ..timeutil import parse_date
from ..web.check import check_many, check_url, resolve_as_of
from ..web.client import HttpClient
from .case import CaseContext
from .sources import active_source

__all__ = ["CheckRun", "check_history", "check_sources", "check_url_for"]

#: ``progress(done, total, result, pending)``: ``pending`` holds the URLs being checked now.
Progress = Callable[[int, int, dict[str, Any], list[str]], None]


@dataclass
class CheckRun:
    """What one `verify check` did: the stored results and the sources it had to skip.

    ``as_of`` and ``live`` describe the first pass; ``archive_as_of`` is set when a live
    check in a case with a past date also looked in the web archives for that date.
    ``warnings`` say when the checks could not be made (no network, archives down).
    """

    as_of: str
    live: bool
    results: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    archive_as_of: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "method": "live" if self.live else "archive",
            "archive_as_of": self.archive_as_of,
            "results": self.results,
            "skipped": self.skipped,
            "warnings": self.warnings,
        }


def _targets(
    ctx: CaseContext, ids: list[str] | None, include_candidates: bool
) -> tuple[list[Source], list[dict[str, str]]]:
    skipped: list[dict[str, str]] = []
    if ids:
        sources = [active_source(ctx, i) for i in ids]
    else:
        statuses = [str(SourceStatus.CONFIRMED)]
        if include_candidates:
            statuses.append(str(SourceStatus.CANDIDATE))
        sources = load_sources(ctx.store, tuple(statuses))
    chosen = []
    for source in sources:
        if not source.url:
            skipped.append({"source": source.id, "reason": "no URL"})
        elif source.status == SourceStatus.REJECTED:
            skipped.append({"source": source.id, "reason": "rejected"})
        else:
            chosen.append(source)
    return chosen, skipped


def _store(
    ctx: CaseContext, source_id: str, result: dict[str, Any], finding_id: str | None = None
) -> dict[str, Any]:
    args = {"source": source_id, "url": result["url"], "as_of": result["as_of"]}
    if finding_id:
        args["finding"] = finding_id
    with ctx.store.write(ctx.actor, "check", args) as writer:
        check_id = insert_check(writer, source_id, result, finding_id)
    return {"id": check_id, **result, "finding": finding_id}


def _warnings(results: list[dict[str, Any]]) -> list[str]:
    """What the user must know first: checks that could not be made on our side."""
    out: list[str] = []
    offline = [r for r in results if r.get("status") == "network_error"]
    if offline:
        out.append(
            f"this computer has no working network: {len(offline)} check(s) could not be made "
            "(nothing is known about those sources); connect and run `verify check` again"
        )
    archive = [r for r in results if r.get("method") == "archive"]
    down = [r for r in archive if r.get("status") == "archive_unreachable"]
    if down and len(down) == len(archive):
        out.append(
            "the web archives could not be reached: whether copies exist is not known; "
            "run `verify check --date ...` again later"
        )
    return out


def _pass(
    ctx: CaseContext,
    client: HttpClient,
    pairs: list[tuple[str, str]],
    day: date | None,
    run: CheckRun,
    progress: Progress | None,
    done_before: int,
    total: int,
) -> None:
    flying: set[str] = set()
    stored = 0
    try:
        for result in check_many(client, pairs, day, ctx.settings, ctx.clock, in_flight=flying):
            stored_result = _store(ctx, result.source or "", result.to_dict())
            run.results.append(stored_result)
            stored += 1
            if progress is not None:
                progress(done_before + stored, total, stored_result, sorted(flying))
    except KeyboardInterrupt:
        left = total - done_before - stored
        raise Interrupted(
            f"interrupted: {len(run.results)} check result(s) were stored, {left} not made "
            f"({', '.join(sorted(flying)[:3]) or 'none in flight'}"
            f"{' ...' if len(flying) > 3 else ''}); run `verify check` again for the rest"
        ) from None
    if client.aborted:  # cancelled from another thread (ctx.cancel)
        left = total - done_before - stored
        raise Interrupted(
            f"cancelled: {len(run.results)} check result(s) were stored, {left} not made"
        )


def check_sources(
    ctx: CaseContext,
    ids: list[str] | None = None,
    *,
    include_candidates: bool = False,
    date: str | None = None,
    progress: Progress | None = None,
) -> CheckRun:
    """Check the named sources, or every confirmed one with a URL (``include_candidates``
    adds candidates). ``date`` (YYYY-MM-DD) in the past looks in web archives instead.

    Without ``date`` in a case whose date is in the past, the sources are checked live
    (today) and looked up in the web archives for the case's date, as `verify run` does.
    Ctrl-C stops at once: what was stored is kept, and :class:`Interrupted` says how much.
    """
    day = parse_date(date) if date else None
    as_of, live = resolve_as_of(day, ctx.settings, ctx.clock)  # a future date fails here
    sources, skipped = _targets(ctx, ids, include_candidates)
    run = CheckRun(as_of=as_of.isoformat(), live=live, skipped=skipped)
    if ids and not sources:
        raise InputError(
            "none of the named sources has a URL to check; add one with "
            "`verify source edit S1 --url ...`"
        )
    pairs = [(s.id, s.url) for s in sources if s.url]
    archive_day: date | None = None
    case_date = ctx.case.date
    if date is None and case_date and case_date < as_of.isoformat():
        archive_day = parse_date(case_date)
        run.archive_as_of = case_date
    total = len(pairs) * (2 if archive_day else 1)
    with HttpClient(ctx.settings, ctx.clock, resolver=ctx.resolver, cancel=ctx.cancel) as client:
        _pass(ctx, client, pairs, day, run, progress, 0, total)
        if archive_day is not None:
            _pass(ctx, client, pairs, archive_day, run, progress, len(pairs), total)
    order = {s.id: n for n, s in enumerate(sources)}
    run.results.sort(key=lambda r: (r.get("method") == "archive", order.get(r["source"], 0)))
    run.warnings = _warnings(run.results)
    return run


def check_url_for(
    ctx: CaseContext,
    source_id: str,
    url: str,
    *,
    finding_id: str | None = None,
    date: str | None = None,
) -> dict[str, Any]:
    """Check one URL on behalf of a source (e.g. a finding's article) and store the result."""
    source = load_source(ctx.store, source_id)
    day = parse_date(date) if date else None
    with HttpClient(ctx.settings, ctx.clock, resolver=ctx.resolver, cancel=ctx.cancel) as client:
        result = check_url(client, url, day, ctx.settings, ctx.clock, source=source.id)
        return _store(ctx, source.id, result.to_dict(), finding_id)


def check_history(ctx: CaseContext, source_id: str) -> list[dict[str, Any]]:
    """Every check of a source, oldest first."""
    source = load_source(ctx.store, source_id)
    return load_checks(ctx.store, source.id)
