"""A desk on a fresh case: in-process (Starlette's TestClient) or served on 127.0.0.1:0."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from verify.serve import create_app, prepare
from verify.timeutil import fixed_clock

PORT = 8123
ORIGIN = f"http://127.0.0.1:{PORT}"


def loopback_resolver(host: str, port: int) -> list[str]:
    """Every name is this computer: https://cldd.se/... meets a closed port (no internet)."""
    return ["127.0.0.1"]


@dataclass
class Desk:
    """A TestClient with the access cookie, and what the app shares."""

    client: Any
    desk: Any
    case: Path

    def post(self, path: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
        headers = {"origin": ORIGIN, **kw.pop("headers", {})}
        body = {"csrf": self.desk.keys.csrf, **(data or {})}
        return self.client.post(path, data=body, headers=headers, **kw)

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, **kw)


def make_client(case: Path, **options: Any) -> Desk:
    from starlette.testclient import TestClient

    app, desk = create_app(
        case, port=PORT, clock=fixed_clock("2024-02-02T09:00:00Z", step_seconds=1),
        resolver=loopback_resolver, **options,
    )  # fmt: skip
    client = TestClient(app, base_url=ORIGIN, follow_redirects=False)
    entered = client.get(f"/?token={desk.keys.token}")
    assert entered.status_code == 303
    return Desk(client, desk, case)


@pytest.fixture
def desk(case_dir) -> Iterator[Desk]:
    made = make_client(case_dir)
    try:
        yield made
    finally:
        made.desk.jobs.cancel_all()
        made.client.close()


@pytest.fixture
def served(case_dir) -> Iterator[Any]:
    """The desk served by uvicorn on 127.0.0.1 (a free port) from a thread."""
    server = prepare(
        case_dir, port=0, clock=fixed_clock("2024-02-02T09:00:00Z", step_seconds=1),
        resolver=loopback_resolver,
    )  # fmt: skip
    thread = server.start_thread()
    try:
        yield server
    finally:
        server.desk.jobs.cancel_all()
        server.stop()
        thread.join(10)
