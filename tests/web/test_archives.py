"""Archive checks against local CDX and Memento servers in the documented formats."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from verify.timeutil import fixed_clock
from verify.web.archives import parse_cdx_json, parse_link_header
from verify.web.check import check_url
from verify.web.client import HttpClient

from .conftest import CLOCK, ArchiveServer, make_settings

TARGET = "https://www.example.se/rapport"


@pytest.fixture
def archive() -> Iterator[ArchiveServer]:
    server = ArchiveServer(
        {
            TARGET: [
                ("20230105120000", "200"),
                ("20240101083000", "200"),
                ("20240215090000", "404"),
                ("20240220100000", "404"),
            ]
        }
    )
    yield server
    server.close()


def _check(archive: ArchiveServer, url: str, day: date, **kw: object):
    settings = make_settings(
        cdx_endpoint=archive.cdx,
        wayback_prefix="https://web.archive.org/web/",
        memento_timegates=(archive.timegate,),
        **kw,
    )
    with HttpClient(settings) as c:
        return check_url(c, url, day, settings, fixed_clock(CLOCK))


def test_closest_captures_before_and_after(archive: ArchiveServer) -> None:
    result = _check(archive, TARGET, date(2024, 2, 2))
    assert result.method == "archive" and result.status == "archived"
    assert result.as_of == "2024-02-02"
    cdx = [c for c in result.captures if c["archive"] == "cdx"]
    before = next(c for c in cdx if c["relation"] == "before")
    after = next(c for c in cdx if c["relation"] == "after")
    assert before["timestamp"] == "2024-01-01T08:30:00Z" and before["http_status"] == 200
    assert before["url"] == f"https://web.archive.org/web/20240101083000/{TARGET}"
    assert after["timestamp"] == "2024-02-15T09:00:00Z" and after["http_status"] == 404
    mementos = [c for c in result.captures if c["archive"] == "memento"]
    assert {c["relation"] for c in mementos} >= {"memento", "first", "last"}
    assert archive.accept_datetime == "Fri, 02 Feb 2024 22:59:59 GMT"  # end of day, Stockholm


def test_no_captures(archive: ArchiveServer) -> None:
    result = _check(archive, "https://www.example.se/ny-sida", date(2024, 2, 2))
    assert result.status == "not_archived"
    assert result.captures == ()


def test_archive_down(archive: ArchiveServer) -> None:
    archive.mode = "down"
    result = _check(archive, TARGET, date(2024, 2, 2))
    assert result.status == "archive_unreachable"
    assert "503" in (result.error or "")


def test_parse_cdx_json_formats() -> None:
    assert parse_cdx_json("") == [] and parse_cdx_json("[]") == []
    rows = parse_cdx_json('[["timestamp","statuscode"],["20240101000000","200"]]')
    assert rows == [{"timestamp": "20240101000000", "statuscode": "200"}]
    with pytest.raises(ValueError):
        parse_cdx_json('{"a": 1}')


def test_parse_link_header() -> None:
    value = (
        '<http://a.example/>; rel="original", '
        '<http://arc/20240101/http://a.example/>; rel="first memento"; '
        'datetime="Mon, 01 Jan 2024 00:00:00 GMT"'
    )
    links = parse_link_header(value)
    assert links[0] == ("http://a.example/", {"rel": "original"})
    assert links[1][1]["rel"] == "first memento"
    assert links[1][1]["datetime"] == "Mon, 01 Jan 2024 00:00:00 GMT"
