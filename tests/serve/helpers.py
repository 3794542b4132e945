"""What the desk's tests share: the statement's motion and article, and waiting for runs."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from tests.conftest import REPO
from tests.evidence.test_commands import ARTICLE as BARE_ARTICLE
from tests.evidence.test_commands import QUOTE

#: The article the statement cites, with the site's name as the page gives it.
ARTICLE = BARE_ARTICLE.replace(
    "<head>", '<head><meta property="og:site_name" content="Dagens Samhälle">', 1
)

MOTION = REPO / "examples" / "motion-frivillig-aterandring.txt"
FINDING_TEXT = (
    "En artikel där CLDD:s generalsekreterare säger att det inte är en vetenskaplig undersökning."
)
BECAUSE = "Avsändaren uppger själv att undersökningen inte är vetenskaplig"
VERDICT_SENTENCE = "bedöms inte utgöra en tillförlitlig källa för underlag"

__all__ = ["ARTICLE", "BECAUSE", "FINDING_TEXT", "MOTION", "QUOTE", "VERDICT_SENTENCE",
           "beacons", "query", "serve_article", "wait_for_job"]  # fmt: skip


def query(case: Path, sql: str, *args: Any) -> list[sqlite3.Row]:
    """Rows from the case's store, read directly (what the desk did, not what it shows)."""
    conn = sqlite3.connect(case / "cache" / "verify.sqlite3")
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def serve_article(httpserver: Any, case: Path) -> str:
    """The Dagens Samhälle article on a local server, and a case that may fetch it. The page
    also tries to load things from its server (a script, an image, a style sheet): a saved
    copy shown in the desk must load none of them (see :func:`beacons`)."""
    trackers = (
        f'<script src="{httpserver.url_for("/beacon.js")}"></script>'
        f'<script>new Image().src = "{httpserver.url_for("/beacon-inline")}";</script>'
        f'<link rel="stylesheet" href="{httpserver.url_for("/beacon.css")}">'
        f'<img src="{httpserver.url_for("/beacon.png")}" alt="">'
    )
    body = ARTICLE.replace("</h1>", "</h1>" + trackers, 1)
    httpserver.expect_request("/artikel").respond_with_data(
        body, content_type="text/html; charset=utf-8"
    )
    (case / "verify.toml").write_text(
        'allow_private = true\nretries = 0\nboard = "Socialnämnden"\n', encoding="utf-8"
    )
    return httpserver.url_for("/artikel")


def wait_for_job(desk: Any, job_id: str, timeout: float = 30.0) -> Any:
    job = desk.jobs.get(job_id)
    deadline = time.monotonic() + timeout
    while job.state == "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert job.state != "running", f"{job_id} still running after {timeout} s"
    return job


def beacons(httpserver: Any) -> list[str]:
    """The requests that reached the article's server for anything but the article itself."""
    return [r.path for r, _ in httpserver.log if r.path.startswith("/beacon")]
