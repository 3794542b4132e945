from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from verify.errors import InvalidDateError
from verify.timeutil import fixed_clock, format_instant, local_date, parse_date, parse_instant


def test_parse_date():
    assert parse_date("2024-02-02") == date(2024, 2, 2)


@pytest.mark.parametrize("bad", ["2024-02-30", "2023-02-29", "2024-13-01", "2/2/2024", "", "x"])
def test_parse_date_rejects(bad):
    with pytest.raises(InvalidDateError):
        parse_date(bad)


def test_instants_round_trip_in_utc():
    moment = datetime(2024, 2, 2, 23, 30, tzinfo=UTC)
    text = format_instant(moment)
    assert text == "2024-02-02T23:30:00Z"
    assert parse_instant(text) == moment
    # 23:30 UTC is already the next day in Stockholm
    assert local_date(moment, "Europe/Stockholm") == date(2024, 2, 3)


def test_fixed_clock_steps():
    clock = fixed_clock("2024-02-02T09:00:00Z", step_seconds=2)
    assert format_instant(clock()) == "2024-02-02T09:00:00Z"
    assert format_instant(clock()) == "2024-02-02T09:00:02Z"
