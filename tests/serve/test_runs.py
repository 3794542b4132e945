"""Check and archive from the desk: progress as server-sent events, Cancel within 2 s, one run
at a time; and `verify serve` itself: the URL with the token is the first line."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import REPO

from .helpers import MOTION, query, serve_article, wait_for_job


def hanging_server():
    """A server that accepts connections and never answers (until closed)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()

    def close():
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        sock.close()

    return f"http://127.0.0.1:{sock.getsockname()[1]}", close


def events(text):
    out = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        out.append((lines["event"], json.loads(lines["data"])))
    return out


def test_cancel_stops_a_check_within_two_seconds(desk):
    (desk.case / "verify.toml").write_text("allow_private = true\nretries = 0\ndeadline = 60\n",
                                           encoding="utf-8")  # fmt: skip
    base, close = hanging_server()
    try:
        for n in range(3):
            assert (
                desk.post(
                    "/sources", {"url": f"{base}/slow{n}", "organisation": f"Org {n}"}
                ).status_code
                == 303
            )
        assert desk.post("/control/check", {}).status_code == 303
        job = desk.desk.jobs.get("J1")
        time.sleep(0.5)
        assert job.state == "running"
        busy = desk.post("/control/archive", {})
        assert busy.status_code == 409 and "pågår redan" in busy.text
        started = time.monotonic()
        cancelled = desk.post("/control/jobs/J1/cancel", {})
        assert cancelled.status_code == 303
        wait_for_job(desk.desk, "J1", timeout=2.0)
        assert time.monotonic() - started < 2.0
        assert job.state == "cancelled" and "cancelled" in job.message
        stream = events(desk.get("/control/jobs/J1/events").text)
        assert stream[-1][0] == "end" and stream[-1][1]["state"] == "cancelled"
        assert "avbruten" in desk.get("/control/jobs/J1").text
        assert query(desk.case, "SELECT count(*) FROM checks")[0][0] == 0
    finally:
        close()


def test_progress_as_server_sent_events_then_archive(desk, httpserver):
    article = serve_article(httpserver, desk.case)
    assert (
        desk.post(
            "/sources", {"url": article, "organisation": "Dagens Samhälle", "kind": "article"}
        ).status_code
        == 303
    )
    assert desk.post("/control/check", {}).status_code == 303
    wait_for_job(desk.desk, "J1")
    stream = events(desk.get("/control/jobs/J1/events").text)
    kinds = [name for name, _ in stream]
    assert kinds[0] == "line" and kinds[-1] == "end" and "state" in kinds
    assert stream[0][1]["text"].startswith("S1: ")
    state = next(data for name, data in stream if name == "state")
    assert state["done"] == state["total"] == 1 and state["text"] == "1 av 1 klara"
    later = events(desk.get("/control/jobs/J1/events?since=1").text)
    assert [name for name, _ in later] == ["state", "end"]
    assert desk.post("/control/archive", {}).status_code == 303
    job = wait_for_job(desk.desk, "J2")
    assert job.state == "done" and job.lines[0]["snapshot"] == "SN1"
    assert "SN1" in desk.get("/control/jobs/J2").text
    assert tuple(query(desk.case, "SELECT id, source_id FROM snapshots")[0]) == ("SN1", "S1")
    assert desk.get("/control/jobs/J9").status_code == 404


def test_verify_serve_prints_the_url_first_and_serves_it(case_dir):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "verify", "serve", "--case", str(case_dir), "--port", "0",
         "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and "/?token=" in url
        import urllib.request

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(url, timeout=10) as response:
            page = response.read().decode("utf-8")
            assert response.url.endswith("/case")
        assert "Motion om återvandring" in page and "Test Officer" in page
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail("verify serve did not stop on SIGTERM")
        errors = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
    assert "Warning" not in errors


def test_verify_serve_warns_about_another_host_and_a_busy_port(case_dir, run):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    try:
        busy = run("serve", "--case", str(case_dir), "--port", str(sock.getsockname()[1]),
                   "--no-browser")  # fmt: skip
        assert busy.code == 2 and "cannot listen on" in busy.err
    finally:
        sock.close()
    assert MOTION.is_file()
