"""`check`: is each source reachable on a date? Live for today, web archives for a past date.

Results are stored as they arrive, in short batches (one transaction and one event per batch),
so an interrupted run keeps what was done. Checks are append-only: a later check never overwrites an
earlier one, and :func:`check_history` gives them oldest first.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import InputError, Interrupted
from ..models import SourceStatus
from ..store.checks import insert_check, insert_checks, load_checks
from ..store.register import (
    count_source_addresses,
    iter_source_addresses,
    load_source,
    sources_without_url,
)
from ..timeutil import parse_date
from ..web.check import check_url, resolve_as_of
from ..web.client import HttpClient
from ..web.many import check_many
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
    ``results`` holds every stored result unless the run was asked to stream them to a
    ``sink`` instead (then it stays empty, and memory stays flat however many sources there
    are); ``stored`` and ``statuses`` count them either way.
    """

    as_of: str
    live: bool
    results: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    archive_as_of: str | None = None
    warnings: list[str] = field(default_factory=list)
    stored: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    archive_results: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "method": "live" if self.live else "archive",
            "archive_as_of": self.archive_as_of,
            "results": self.results,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "stored": self.stored,
            "statuses": dict(sorted(self.statuses.items())),
        }

    def head(self) -> dict[str, Any]:
        """The JSON form without the results (for output that streams them)."""
        data = self.to_dict()
        del data["results"]
        return data


class _Targets:
    """What a check run checks: ``pairs()`` gives the ``(source id, url)`` pairs afresh for
    each pass (for every source of the case, read from the store as the run goes, hosts in
    turn), ``count`` how many, ``skipped`` the sources left out and why."""

    def __init__(self, ctx: CaseContext, ids: list[str] | None, include_candidates: bool) -> None:
        self.skipped: list[dict[str, str]] = []
        self._listed: list[tuple[str, str]] | None = None
        self._store = ctx.store
        if ids:
            self._listed = []
            for s in (active_source(ctx, i) for i in ids):
                if not s.url:
                    self.skipped.append({"source": s.id, "reason": "no URL"})
                elif str(s.status) == str(SourceStatus.REJECTED):
                    self.skipped.append({"source": s.id, "reason": "rejected"})
                else:
                    self._listed.append((s.id, s.url))
            self.count = len(self._listed)
            return
        statuses = [str(SourceStatus.CONFIRMED)]
        if include_candidates:
            statuses.append(str(SourceStatus.CANDIDATE))
        self._statuses = tuple(statuses)
        missing = sources_without_url(ctx.store, self._statuses)
        self.skipped = [{"source": source_id, "reason": "no URL"} for source_id in missing]
        self.count = count_source_addresses(ctx.store, self._statuses)

    def pairs(self) -> Iterator[tuple[str, str]]:
        if self._listed is not None:
            return iter(self._listed)
        rows = iter_source_addresses(self._store, self._statuses)
        return ((source_id, url) for source_id, url, _status in rows)


def _store(
    ctx: CaseContext, source_id: str, result: dict[str, Any], finding_id: str | None = None
) -> dict[str, Any]:
    args = {"source": source_id, "url": result["url"], "as_of": result["as_of"]}
    if finding_id:
        args["finding"] = finding_id
    with ctx.store.write(ctx.actor, "check", args) as writer:
        check_id = insert_check(writer, source_id, result, finding_id)
    return {"id": check_id, **result, "finding": finding_id}


#: Results are stored in batches: one transaction (one fsync) and one event per batch of at
#: most this many results, or of what arrived within :data:`BATCH_SECONDS`.
BATCH_SIZE = 250
BATCH_SECONDS = 0.1


class _Batcher:
    """Stores check results in batches, then hands each stored result on."""

    def __init__(
        self, ctx: CaseContext, run: CheckRun, keep: bool,
        hand_on: Callable[[dict[str, Any]], None],
    ) -> None:  # fmt: skip
        self.ctx = ctx
        self.run = run
        self.keep = keep
        self.hand_on = hand_on
        self.waiting: list[dict[str, Any]] = []
        self.since = 0.0
        self.after: Callable[[], None] | None = None  # called once a batch is handed on

    def add(self, result: dict[str, Any]) -> None:
        if not self.waiting:
            self.since = time.monotonic()
        self.waiting.append(result)
        if len(self.waiting) >= BATCH_SIZE or time.monotonic() - self.since >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if not self.waiting:
            return
        batch, self.waiting = self.waiting, []
        first = batch[0]
        args: dict[str, Any] = {"as_of": first["as_of"], "method": first["method"],
                                "checks": len(batch)}  # fmt: skip
        if len(batch) == 1:
            args.update({"source": first["source"], "url": first["url"]})
        with self.ctx.store.write(self.ctx.actor, "check", args) as writer:
            ids = insert_checks(writer, batch)
        stored = [
            {"id": i, **result, "finding": None} for i, result in zip(ids, batch, strict=True)
        ]
        for item in stored:
            self.run.stored += 1
            self.run.statuses[str(item.get("status"))] += 1
            if item.get("method") == "archive":
                self.run.archive_results += 1
            if self.keep:
                self.run.results.append(item)
            self.hand_on(item)
        if self.after is not None:
            self.after()


def _warnings(run: CheckRun) -> list[str]:
    """What the user must know first: checks that could not be made on our side."""
    out: list[str] = []
    offline = run.statuses.get("network_error", 0)
    if offline:
        out.append(
            f"this computer has no working network: {offline} check(s) could not be made "
            "(nothing is known about those sources); connect and run `verify check` again"
        )
    down = run.statuses.get("archive_unreachable", 0)
    if down and down == run.archive_results:
        out.append(
            "the web archives could not be reached: whether copies exist is not known; "
            "run `verify check --date ...` again later"
        )
    return out


def _pass(
    ctx: CaseContext,
    client: HttpClient,
    pairs: Iterator[tuple[str, str]],
    day: date | None,
    batcher: _Batcher,
    progress: Progress | None,
    done_before: int,
    total: int,
) -> None:
    flying: set[str] = set()
    run = batcher.run
    start = run.stored

    def report(item: dict[str, Any]) -> None:
        if progress is not None:
            progress(done_before + run.stored - start, total, item, sorted(flying))

    batcher.hand_on = _chain(batcher.hand_on, report)
    try:
        for result in check_many(client, pairs, day, ctx.settings, ctx.clock, in_flight=flying):
            batcher.add(result.to_dict())
        batcher.flush()
    except KeyboardInterrupt:
        try:
            batcher.flush()  # what arrived is stored before we stop
        except KeyboardInterrupt:
            pass
        left = total - done_before - (run.stored - start)
        raise Interrupted(
            f"interrupted: {run.stored} check result(s) were stored, {left} not made "
            f"({', '.join(sorted(flying)[:3]) or 'none in flight'}"
            f"{' ...' if len(flying) > 3 else ''}); run `verify check` again for the rest"
        ) from None
    finally:
        batcher.hand_on = getattr(batcher.hand_on, "first", batcher.hand_on)
    if client.aborted:  # cancelled from another thread (ctx.cancel)
        left = total - done_before - (run.stored - start)
        raise Interrupted(f"cancelled: {run.stored} check result(s) were stored, {left} not made")


def _chain(
    first: Callable[[dict[str, Any]], None], second: Callable[[dict[str, Any]], None]
) -> Callable[[dict[str, Any]], None]:
    def both(item: dict[str, Any]) -> None:
        first(item)
        second(item)

    both.first = first  # type: ignore[attr-defined]
    return both


def check_sources(
    ctx: CaseContext,
    ids: list[str] | None = None,
    *,
    include_candidates: bool = False,
    date: str | None = None,
    progress: Progress | None = None,
    sink: Callable[[dict[str, Any]], None] | None = None,
) -> CheckRun:
    """Check the named sources, or every confirmed one with a URL (``include_candidates``
    adds candidates). ``date`` (YYYY-MM-DD) in the past looks in web archives instead.

    Without ``date`` in a case whose date is in the past, the sources are checked live
    (today) and looked up in the web archives for the case's date, as `verify run` does.
    Results are stored as they arrive, in batches (one transaction and one event per batch),
    so an interrupted run keeps what was done; Ctrl-C stops at once, and
    :class:`Interrupted` says how much was stored. With ``sink``, each stored result goes to
    it and none is kept in memory (``CheckRun.results`` stays empty); a sink with a
    ``flush()`` has it called after each stored batch (to write its output once per batch).
    """
    day = parse_date(date) if date else None
    as_of, live = resolve_as_of(day, ctx.settings, ctx.clock)  # a future date fails here
    targets = _Targets(ctx, ids, include_candidates)
    run = CheckRun(as_of=as_of.isoformat(), live=live, skipped=targets.skipped)
    if ids and not targets.count:
        raise InputError(
            "none of the named sources has a URL to check; add one with "
            "`verify source edit S1 --url ...`"
        )
    archive_day: date | None = None
    case_date = ctx.case.date
    if date is None and case_date and case_date < as_of.isoformat():
        archive_day = parse_date(case_date)
        run.archive_as_of = case_date
    count = targets.count
    total = count * (2 if archive_day else 1)
    batcher = _Batcher(ctx, run, keep=sink is None, hand_on=sink or (lambda _item: None))
    batcher.after = getattr(sink, "flush", None)
    with HttpClient(ctx.settings, ctx.clock, resolver=ctx.resolver, cancel=ctx.cancel) as client:
        _pass(ctx, client, targets.pairs(), day, batcher, progress, 0, total)
        if archive_day is not None:
            _pass(ctx, client, targets.pairs(), archive_day, batcher, progress, count, total)
    if sink is None:  # the results are kept (and sorted) only when there is no sink
        order = {source_id: n for n, (source_id, _) in enumerate(targets.pairs())}
        run.results.sort(key=lambda r: (r.get("method") == "archive", order.get(r["source"], 0)))
    run.warnings = _warnings(run)
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
