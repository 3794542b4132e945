"""Ctrl-C stops at once, two commands making one new case never break it, any console works,
and small bad inputs get a clear answer (issue 10)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import REPO

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def verify(*args: str, cwd: Path | None = None, env: dict | None = None, **kw):
    encoding = (env or {}).get("PYTHONIOENCODING", "utf-8")
    return subprocess.run(
        [sys.executable, "-m", "verify", *args],
        cwd=cwd, env=env or ENV, capture_output=True, text=True, timeout=120,
        encoding=encoding, **kw,
    )  # fmt: skip


class _Drip(BaseHTTPRequestHandler):
    started = threading.Event()

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/verify-") or self.path == "/":  # soft-404 probes: plain 404
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/fast":
            body = b"<html><head><title>Fast</title></head><body><p>ok</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        _Drip.started.set()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(100000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(1.0)
        except OSError:
            pass


@pytest.fixture
def drip_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Drip.started.clear()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child needs POSIX signals")
def test_ctrl_c_stops_within_two_seconds(tmp_path, drip_server):
    case = tmp_path / "case"
    assert verify("init", str(case)).returncode == 0
    (case / "verify.toml").write_text("allow_private = true\n", encoding="utf-8")
    for path in ("/fast", "/slow", "/slow2"):
        added = verify("source", "add", drip_server + path, "--case", str(case))
        assert added.returncode == 0, added.stderr
    child = subprocess.Popen(
        [sys.executable, "-m", "verify", "check", "--case", str(case)],
        env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert _Drip.started.wait(30), "the slow URL was never asked for"
    time.sleep(0.5)
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    try:
        _, err = child.communicate(timeout=10)
    finally:
        child.kill()
    took = time.monotonic() - sent
    assert child.returncode == 130, err
    assert took < 2.0, f"took {took:.1f} s to stop"
    assert "Interrupted" in err and "1 check result(s) were stored" in err, err
    assert "Traceback" not in err
    log = verify("log", "--verify", "--case", str(case))
    assert log.returncode == 0, log.stdout + log.stderr
    shown = json.loads(verify("source", "show", "S1", "--json", "--case", str(case)).stdout)
    assert [c["status"] for c in shown["checks"]] == ["ok"]


def test_a_slow_url_costs_one_deadline_not_three(tmp_path, drip_server):
    from verify.config import Settings
    from verify.web.client import HttpClient

    settings = Settings(allow_private=True, deadline=1.5, retries=2, read_timeout=5)
    with HttpClient(settings) as client:
        t0 = time.monotonic()
        exchange = client.fetch(drip_server + "/slow")
        took = time.monotonic() - t0
    assert exchange.error == "timeout" and exchange.retries == 0
    assert took < 2.5


def test_two_inits_on_one_new_folder(tmp_path):
    for round_ in range(8):
        case = tmp_path / f"case{round_}"
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "verify", "init", str(case), "--title", f"T{n}"],
                env=ENV,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for n in range(2)
        ]
        results = []
        for p in procs:
            out, err = p.communicate(timeout=60)
            results.append((p.returncode, out, err))
        codes = sorted(code for code, _, _ in results)
        errors = " ".join(err for _, _, err in results)
        assert "Traceback" not in errors and "not a verify store" not in errors, errors
        assert codes in ([0, 0], [0, 3]), results
        if codes == [0, 3]:
            assert "already holds a case" in errors
        listed = verify("log", "--json", "--case", str(case))
        assert listed.returncode == 0, listed.stderr
        assert [e["command"] for e in json.loads(listed.stdout)] == ["init"]
        leftovers = [p.name for p in (case / "cache").iterdir() if ".creating" in p.name]
        assert leftovers == []


def test_two_runs_on_one_new_folder(tmp_path):
    motion = REPO / "examples" / "motion-frivillig-aterandring.txt"
    case = tmp_path / "case"
    script = (
        "from pathlib import Path\n"
        "from verify.steps.run import _open_or_init\n"
        "from verify.timeutil import system_clock\n"
        "from verify.web.policy import system_resolver\n"
        f"c = _open_or_init(Path({str(case)!r}), Path({str(motion)!r}), None, None, None,\n"
        "                   system_clock, None, system_resolver)\n"
        "print(c.case.title)\n"
        "c.close()\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        assert out.strip() == "motion-frivillig-aterandring"


@pytest.mark.parametrize("encoding", ["cp1252", "cp850", "ascii"])
def test_any_console_encoding(tmp_path, encoding):
    env = {**ENV, "PYTHONIOENCODING": encoding}
    case = tmp_path / "case"
    assert verify("init", str(case), "--title", "Återvandring ≥ ✓", env=env).returncode == 0
    added = verify("source", "add", "https://cldd.se/", "--org", "Centre för ÅÄÖ ≥ ✓ “x”",
                   "--claim", "40 procent ≥ ✓", "--case", str(case), env=env)  # fmt: skip
    assert added.returncode == 0, added.stderr
    for args in (("source", "show", "S1"), ("source", "list"), ("log",)):
        shown = verify(*args, "--case", str(case), env=env)
        assert shown.returncode == 0, shown.stderr
        assert "UnicodeEncodeError" not in shown.stderr and shown.stdout.strip()


def test_run_on_an_unreadable_document_leaves_no_case(tmp_path):
    junk = tmp_path / "motion.pdf"
    junk.write_bytes(b"this is not a pdf")
    case = tmp_path / "case"
    result = verify("run", str(junk), "--case", str(case))
    assert result.returncode == 4 and "Error:" in result.stderr
    assert not case.exists()
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = verify("run", str(empty), "--case", str(case))
    assert result.returncode == 4 and not case.exists()


def test_a_scanned_pdf_is_exit_4_with_the_ocr_hint(case_dir, run, tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    scan = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(scan))
    pdf.rect(100, 100, 200, 200, fill=1)  # a page with a picture and no text
    pdf.showPage()
    pdf.save()
    result = run("extract", str(scan))
    assert result.code == 4
    assert "OCR" in result.err and "no text layer" in result.err


def test_status_filter_with_no_match_says_so(case_dir, run):
    assert run("source", "add", "https://cldd.se/").code == 0
    result = run("source", "list", "--status", "rejected")
    assert result.code == 0 and "No rejected sources." in result.out


def test_a_cancel_from_another_thread_stops_a_check(case_dir, drip_server):
    """What a Cancel button in the web app does: set ctx.cancel; the check stops at once."""
    import threading

    from verify import open_case
    from verify.errors import Interrupted
    from verify.steps.check import check_sources

    (case_dir / "verify.toml").write_text("allow_private = true\n", encoding="utf-8")
    with open_case(case_dir) as ctx:
        from verify.steps.sources import add_source

        add_source(ctx, url=drip_server + "/slow")
        ctx.cancel = threading.Event()
        threading.Timer(0.5, ctx.cancel.set).start()
        t0 = time.monotonic()
        with pytest.raises(Interrupted, match="cancelled"):
            check_sources(ctx)
        assert time.monotonic() - t0 < 2.5
