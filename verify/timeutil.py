"""Time, explicitly: UTC instants as ISO-8601 with ``Z``, and calendar dates in the case's zone.

The clock is injected (a ``Clock`` is any callable returning an aware ``datetime``), so tests
can fix it and get byte-identical output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from .errors import InvalidDateError

__all__ = [
    "Clock",
    "fixed_clock",
    "format_instant",
    "local_date",
    "parse_date",
    "parse_instant",
    "system_clock",
]

Clock = Callable[[], datetime]

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def system_clock() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def fixed_clock(instant: str | datetime, step_seconds: float = 0.0) -> Clock:
    """A clock for tests: starts at ``instant`` and advances ``step_seconds`` per call."""
    start = parse_instant(instant) if isinstance(instant, str) else instant
    calls = [0]

    def clock() -> datetime:
        from datetime import timedelta

        now = start + timedelta(seconds=step_seconds * calls[0])
        calls[0] += 1
        return now

    return clock


def format_instant(moment: datetime) -> str:
    """An aware datetime as UTC ISO-8601 with ``Z`` and whole seconds' microseconds dropped."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    utc = moment.astimezone(UTC)
    text = utc.isoformat(timespec="microseconds" if utc.microsecond else "seconds")
    return text.replace("+00:00", "Z")


def parse_instant(text: str) -> datetime:
    """Read an instant written by :func:`format_instant` (or any ISO-8601 with an offset)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_date(text: str) -> date:
    """A calendar date written ``YYYY-MM-DD``, or :class:`InvalidDateError` saying why not."""
    value = (text or "").strip()
    match = _DATE.match(value)
    if not match:
        raise InvalidDateError(text, "write dates as YYYY-MM-DD, e.g. 2024-02-02")
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidDateError(text, f"there is no such day ({exc})") from exc


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar date of ``moment`` in the case's time zone."""
    return moment.astimezone(ZoneInfo(timezone)).date()
