"""`verify audit`: flipped bytes, deleted objects, edited rows, and a kill -9 mid-archive."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from .conftest import article
from .test_archive import obj, show


def _archived(run, site) -> dict:
    url = site.page("/doc", article("Rapport", "Underlaget finns här."))
    run("source", "add", url, "--claim", "Underlaget visar något")
    assert run("archive", "--allow-private").code == 0
    return show(run, "SN1")


def _audit(run) -> tuple[int, dict]:
    result = run("audit", "--json")
    return result.code, json.loads(result.out)


def test_clean_case_passes(run, case_dir, site):
    _archived(run, site)
    code, report = _audit(run)
    assert code == 0 and report["ok"]
    assert report["snapshots"] == [{"id": "SN1", "source": "S1", "status": "ok", "problems": []}]
    assert report["objects"]["checked"] == 3 and report["events"]["ok"]


def test_flipped_byte_in_a_warc_is_modified(run, case_dir, site):
    snap = _archived(run, site)
    path = obj(case_dir, snap["warc_sha256"])
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.chmod(0o644)
    path.write_bytes(bytes(data))
    code, report = _audit(run)
    assert code == 1 and not report["ok"]
    entry = report["snapshots"][0]
    assert entry["status"] == "modified"
    assert any(snap["warc_sha256"] in p and "archive file" in p for p in entry["problems"])
    assert any("record" in p for p in entry["problems"])  # the record at fault is named
    assert report["objects"]["problems"][0]["sha256"] == snap["warc_sha256"]
    text = run("audit")
    assert text.code == 1 and "SN1 (S1): modified" in text.out and "Audit FAILED" in text.out


def test_deleted_object_is_missing(run, case_dir, site):
    snap = _archived(run, site)
    obj(case_dir, snap["text_sha256"]).unlink()
    code, report = _audit(run)
    assert code == 1
    entry = report["snapshots"][0]
    assert entry["status"] == "missing"
    assert entry["problems"] == [f"the text object {snap['text_sha256']} is missing"]


def test_edited_row_is_modified(run, case_dir, site):
    _archived(run, site)
    conn = sqlite3.connect(case_dir / "cache" / "verify.sqlite3")
    conn.execute("UPDATE snapshots SET final_url = 'https://elsewhere.example/' WHERE id = 'SN1'")
    conn.commit()
    conn.close()
    code, report = _audit(run)
    assert code == 1
    [problem] = report["snapshots"][0]["problems"]
    assert problem.startswith("snapshots SN1: final_url is 'https://elsewhere.example/'")
    assert "event 3 recorded" in problem


def test_broken_event_chain_fails_the_audit(run, case_dir, site):
    _archived(run, site)
    conn = sqlite3.connect(case_dir / "cache" / "verify.sqlite3")
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("UPDATE events SET actor = 'someone else' WHERE seq = 2")
    conn.commit()
    conn.close()
    code, report = _audit(run)
    assert code == 1 and report["events"]["broken_at"] == 2
    assert report["snapshots"][0]["status"] == "ok"


CHILD = """
import sys
from verify.cli import main
sys.exit(main(["--case", sys.argv[1], "archive", "--allow-private"]))
"""


def test_kill_during_archive_leaves_a_clean_audit(run, case_dir, site):
    site.delay = 0.2  # slow enough that the child is always still archiving when it is killed
    for i in range(12):
        body = article(f"Sida {i}", f"Innehåll nummer {i}.") * 30
        run("source", "add", site.page(f"/d{i}/page", body))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    tmp = case_dir / "cache" / "tmp"
    objects = case_dir / "cache" / "objects"
    for wait in (0.0, 0.15):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(case_dir)], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        before = sum(1 for _ in objects.rglob("*"))
        while time.monotonic() < deadline and child.poll() is None:
            if sum(1 for _ in objects.rglob("*")) > before or any(tmp.glob("*")):
                break
            time.sleep(0.005)
        time.sleep(wait)
        assert child.poll() is None, "the child finished before it could be killed"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL  # it was really killed mid-run
        code, report = _audit(run)
        assert code == 0, report
        stored = len(json.loads(run("snapshot", "list", "--json").out))
        assert stored < 12  # killed before the end
    # a leftover temporary file is harmless and the next run removes it once it is old
    orphan = tmp / "leftover.part"
    tmp.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"half a warc")
    old = time.time() - 3600
    os.utime(orphan, (old, old))
    assert _audit(run)[0] == 0
    site.delay = 0
    assert run("archive", "--allow-private", "S1").code == 0
    assert not orphan.exists()
    assert _audit(run)[0] == 0
