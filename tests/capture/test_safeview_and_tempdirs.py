"""The safe view drops SVG/MathML references and every event and style attribute; JSON-LD for
HTML cannot break out of its script block; a killed run's temporary folders are swept."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from verify.capture.safeview import safe_html
from verify.notes.claimreview import html_safe_json
from verify.tempdirs import sweep

HOSTILE = """<html><body>
<svg><image href="https://evil.example/i.png"/><use xlink:href="https://evil.example/s.svg#a"/>
<a href="https://evil.example/">x</a><feImage href="https://evil.example/f"/></svg>
<math><mi xlink:href="https://evil.example/m">m</mi><maction href="https://evil.example/">a</maction></math>
<p style="background:url(https://evil.example/bg)" onclick="alert(1)" onmouseover="x()">text</p>
<div STYLE="behavior:url(x.htc)" OnLoad="y()">more</div>
<a href="https://example.org/ok">a normal link stays</a>
</body></html>"""


def test_svg_and_mathml_references_and_event_and_style_attributes_go():
    out = safe_html(HOSTILE, url="https://x.example/", captured_at="2024-02-02T09:00:00Z",
                    snapshot_id="SN1")  # fmt: skip
    assert "text" in out and "more" in out
    body = out.split('id="verify-banner"', 1)[1]
    assert "evil.example" not in body
    lowered = body.lower()
    for attr in ("onclick", "onmouseover", "onload", " style=", "xlink:href"):
        assert attr not in lowered.split("</div>", 1)[1], attr
    assert 'href="https://example.org/ok"' in out


def test_json_ld_for_html_is_escaped():
    data = {"claimReviewed": "</script><script>alert(1)</script> & \u202e\u2028\u2029\u2066x"}
    text = html_safe_json(data)
    for bad in ("<", ">", "&", "\u202e", "\u2028", "\u2029", "\u2066"):
        assert bad not in text
    assert json.loads(text) == data


def test_a_killed_runs_temp_folders_are_swept(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        alive = tmp_path / f"verify-http-{child.pid}-abc"
        alive.mkdir()
        dead_pid = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                                  capture_output=True, text=True).stdout.strip()  # fmt: skip
        dead = tmp_path / f"verify-http-{dead_pid}-def"
        (dead / "body-0000001.bin").parent.mkdir()
        (dead / "body-0000001.bin").write_bytes(b"x" * 1000)
        mine = tmp_path / f"verify-import-{os.getpid()}-ghi"
        mine.mkdir()
        other = tmp_path / "someone-elses"
        other.mkdir()
        assert sweep(tmp_path, force=True) == (1 if os.name == "posix" else 0)
        assert alive.exists() and mine.exists() and other.exists()
        assert not dead.exists() or os.name != "posix"
    finally:
        child.kill()
        child.wait()
