"""Dates agree (issue 10): `check` in a case with a past date checks live today and looks in
the archives for the case's date, and `note --date` changes every date-dependent sentence."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Result
from tests.web.conftest import ArchiveServer
from verify.cli import main
from verify.timeutil import fixed_clock


@pytest.fixture
def later(capsys):
    """`verify ARGS` two months after the case's date (2024-02-02)."""
    clock = fixed_clock("2024-04-04T09:00:00Z", step_seconds=1)

    def _run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args), clock=clock)
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return _run


def test_check_without_date_in_a_dated_case_does_both(case_dir, later, httpserver):
    page = "<html><head><title>Rapport</title></head><body>" + "<p>Text om rapporten.</p>" * 40
    httpserver.expect_request("/rapport").respond_with_data(page, content_type="text/html")
    url = httpserver.url_for("/rapport")
    archive = ArchiveServer({url: [("20240101083000", "200")]})
    try:
        (case_dir / "verify.toml").write_text(
            f'allow_private = true\ncdx_endpoint = "{archive.cdx}"\nmemento_timegates = []\n',
            encoding="utf-8",
        )
        assert later("source", "add", url, "--title", "Rapporten").code == 0
        checked = later("check")
        assert checked.code == 0, checked.err
        assert "Live on 2024-04-04, and in web archives for the case date 2024-02-02" in (
            " ".join(checked.out.split())
        )
        data = json.loads(later("check", "--json").out)
        assert data["archive_as_of"] == "2024-02-02"
        assert {(r["method"], r["as_of"]) for r in data["results"]} == {
            ("live", "2024-04-04"), ("archive", "2024-02-02")}  # fmt: skip
        assert later("note").code == 0
        default = next(p for p in (case_dir / "reports").glob("*-2024-02-02.md"))
        text = default.read_text(encoding="utf-8")
        flat = " ".join(text.split())
        assert "gick att nå den 4 april 2024" in flat  # the live check: its own date
        assert "| 2024-02-02 |" in flat and "arkiverad version finns" in flat  # the lookup
        assert later("note", "--date", "2024-03-01").code == 0
        other = next(p for p in (case_dir / "reports").glob("*-2024-03-01.md"))
        moved = other.read_text(encoding="utf-8")
        assert "förhållandena den 1 mars 2024" in moved
        assert "gick att nå den 4 april 2024" in moved
        assessed = json.loads(later("assess", "--json").out)[0]
        assert assessed["availability"]["state"] == "available"
    finally:
        archive.close()
