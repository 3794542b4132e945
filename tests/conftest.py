"""Shared fixtures: a fresh case folder per test, a fixed clock, and in-process CLI runs."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from verify.cli import main
from verify.timeutil import fixed_clock

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path in ../shared, or skip the test when ../shared is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is not here ({path} is absent)")
    return path


def missing_tool(reason: str) -> None:
    """Skip a test whose outside tool is absent, saying which; under ``.ci/run``
    (``VERIFY_REQUIRE_TOOLS=1``) fail instead, so CI never passes without running it."""
    if os.environ.get("VERIFY_REQUIRE_TOOLS") == "1":
        pytest.fail(f"CI must have this tool: {reason}")
    pytest.skip(reason)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def clock():
    return fixed_clock("2024-02-02T09:00:00Z", step_seconds=1)


@pytest.fixture
def run(capsys, clock) -> Callable[..., Result]:
    """Run `verify ARGS` in-process with a fixed clock; return code, stdout and stderr."""

    def _run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args), clock=clock)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


@pytest.fixture
def case_dir(tmp_path, run, monkeypatch) -> Path:
    """A fresh case folder with the case recorded; VERIFY_CASE points at it."""
    path = tmp_path / "case"
    result = run(
        "init",
        str(path),
        "--title",
        "Motion om återvandring",
        "--dnr",
        "KS 2023/1387",
        "--date",
        "2024-02-02",
        "--officer",
        "Test Officer",
    )
    assert result.code == 0, result.err
    monkeypatch.setenv("VERIFY_CASE", str(path))
    return path


def store_dump(case: Path) -> list[str]:
    """The store's whole content as SQL text, to compare before and after."""
    conn = sqlite3.connect(case / "cache" / "verify.sqlite3")
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
