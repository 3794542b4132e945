"""The auditor's report in real headless Chromium: no console errors, no network, inert content."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

HOSTILE_TITLE = "<script>alert(1)</script>\u202eevil\u202c " + "A" * 100_000
HOSTILE_PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{HOSTILE_TITLE.replace("<", "&lt;")}</title>
<script>alert('page script')</script>
<link rel="stylesheet" href="https://tracker.example/x.css">
</head><body onload="alert('onload')">
<h1>Rapport <img src="https://tracker.example/pixel.gif" onerror="alert('img')"></h1>
<p>Enligt enkäten vill 40 procent återvandra.</p>
<p><a href="javascript:alert('link')">klicka</a></p>
<iframe src="https://tracker.example/frame"></iframe>
</body></html>"""


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium)")


@pytest.fixture
def hostile_report(case_dir, run, httpserver):
    httpserver.expect_request("/rapport").respond_with_data(
        HOSTILE_PAGE, content_type="text/html; charset=utf-8"
    )
    (case_dir / "verify.toml").write_text(
        "allow_private = true\nretries = 0\nhost_delay = 0.0\n", encoding="utf-8"
    )
    url = httpserver.url_for("/rapport")
    for args in (
        (
            "source",
            "add",
            url,
            "--title",
            HOSTILE_TITLE[:2000],
            "--kind",
            "survey",
            "--claim",
            "40 procent vill återvandra <b>nu</b>",
        ),
        ("check",),
        ("archive",),
    ):
        result = run(*args)
        assert result.code == 0, (args, result.err)
    result = run("report", "--json")
    assert result.code == 0, result.err
    return Path(json.loads(result.out)["report"])


def test_report_is_inert_and_loads_cleanly_in_chromium(hostile_report):
    executable = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    html = hostile_report.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\u202e" not in html  # no right-to-left override reaches the auditor's screen
    errors: list[str] = []
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(hostile_report.as_uri(), wait_until="load")
            for summary in page.query_selector_all("details"):
                summary.evaluate("d => d.open = true")
            page.wait_for_timeout(500)
            body_text = page.inner_text("body")
        finally:
            browser.close()
    assert dialogs == []
    assert errors == []
    external = [u for u in requests if not u.startswith(("file:", "about:", "data:"))]
    assert external == []
    assert "<script>alert(1)</script>" in body_text  # shown as text, not run
