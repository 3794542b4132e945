"""Making and opening a case folder, and reading its event log."""

from __future__ import annotations

import getpass
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Settings, load_settings
from ..errors import InvalidValueError
from ..models import Case, Event
from ..store import ChainReport, Store
from ..timeutil import Clock, parse_date, system_clock
from ..web.policy import Resolver, system_resolver

__all__ = [
    "CaseContext",
    "default_actor",
    "event_log",
    "init_case",
    "open_case",
    "update_case",
    "verify_log",
]


def default_actor() -> str:
    """The operating-system user name, or ``unknown`` where none can be found."""
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError, ImportError):
        return os.environ.get("USERNAME") or os.environ.get("USER") or "unknown"


@dataclass
class CaseContext:
    """An open case: its folder, settings, store, clock and who is acting."""

    path: Path
    settings: Settings
    store: Store
    actor: str
    clock: Clock = field(default=system_clock)
    #: How host names are resolved for checks and captures (tests give their own).
    resolver: Resolver = field(default=system_resolver)
    #: Set from any thread (a Cancel button) to stop checks and captures in flight.
    cancel: threading.Event | None = None

    @property
    def case(self) -> Case:
        return self.store.case()

    @property
    def reports_dir(self) -> Path:
        return self.path / "reports"

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> CaseContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def init_case(
    path: Path,
    *,
    title: str | None = None,
    dnr: str | None = None,
    date: str | None = None,
    lang: str | None = None,
    officer: str | None = None,
    clock: Clock = system_clock,
    resolver: Resolver = system_resolver,
) -> CaseContext:
    """Make a case folder with ``cache/`` and ``reports/`` and record the case."""
    path = Path(path)
    if lang is not None and lang not in ("sv", "en"):
        raise InvalidValueError("language", lang, "choose sv or en")
    settings = load_settings(path if path.is_dir() else None, {"lang": lang})
    if date is not None:
        date = parse_date(date).isoformat()
    actor = officer or settings.officer or default_actor()
    case = Case(
        title=title,
        dnr=dnr.strip() if dnr else None,
        date=date,
        lang=settings.lang,
        officer=officer or settings.officer,
        timezone=settings.timezone,
        created_at="",
    )
    args: dict[str, Any] = {
        "path": str(path),
        "title": title,
        "dnr": case.dnr,
        "date": date,
        "lang": case.lang,
        "officer": case.officer,
    }
    store = Store.create(
        path, case, actor=actor, args=args, clock=clock, lock_timeout=settings.lock_timeout
    )
    return CaseContext(path, settings, store, actor, clock, resolver)


def open_case(
    path: Path,
    *,
    officer: str | None = None,
    overrides: dict[str, Any] | None = None,
    clock: Clock = system_clock,
    resolver: Resolver = system_resolver,
) -> CaseContext:
    """Open the case in ``path``; settings from defaults, verify.toml and ``overrides``."""
    path = Path(path)
    settings = load_settings(path if path.is_dir() else None, overrides)
    store = Store.open(path, clock=clock, lock_timeout=settings.lock_timeout)
    try:
        case = store.case()
    except BaseException:
        store.close()
        raise
    actor = officer or case.officer or settings.officer or default_actor()
    return CaseContext(path, settings, store, actor, clock, resolver)


def update_case(ctx: CaseContext, command: str, **fields: str | None) -> int:
    """Change fields of the case record (title, dnr, date); return how many changed."""
    allowed = {"title", "dnr", "date"}
    unknown = set(fields) - allowed
    if unknown:
        raise InvalidValueError("case field", sorted(unknown)[0], "only title, dnr and date")
    if fields.get("date"):
        fields["date"] = parse_date(fields["date"]).isoformat()
    current = ctx.case.to_dict()
    changes = {k: v for k, v in fields.items() if current.get(k) != v}
    if not changes:
        return 0
    with ctx.store.write(ctx.actor, command, dict(changes)) as writer:
        writer.update("case_info", "one", 1, changes)
    return len(changes)


def event_log(ctx: CaseContext) -> list[Event]:
    """Every event, oldest first."""
    return ctx.store.events()


def verify_log(ctx: CaseContext) -> ChainReport:
    """Check the event chain; the report names the first event that breaks it."""
    return ctx.store.verify_events()
