"""axe-core in real Chromium on the report and the HTML note: WCAG 2.1 A/AA and best-practice
rules, 0 violations (issue 15). axe-core comes from .ci/node_modules (installed by .ci/run)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

AXE = REPO / ".ci" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium)")


def axe_violations(path: Path) -> list[dict]:
    """Every axe-core violation on the page at ``path`` (opened from disk, CSP bypassed only
    to inject axe itself)."""
    executable = _chromium()
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE}); .ci/run installs it with npm")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )  # fmt: skip
        try:
            context = browser.new_context(bypass_csp=True)
            page = context.new_page()
            page.goto(path.as_uri())
            page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
            result = page.evaluate(
                "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                TAGS,
            )
        finally:
            browser.close()
    assert result["passes"], "axe ran no rule at all"
    return result["violations"]


def _summary(violations: list[dict]) -> str:
    return "; ".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})"
        for v in violations
    )


@pytest.fixture
def decided_case(case_dir, run, httpserver):
    page = (
        "<!DOCTYPE html><html lang='sv'><head><title>Rapport om återvandring</title></head>"
        "<body><h1>Rapport</h1>" + "<p>Enligt enkäten vill 40 procent återvandra.</p>" * 20
        + "</body></html>"
    )  # fmt: skip
    httpserver.expect_request("/rapport").respond_with_data(page, content_type="text/html")
    (case_dir / "verify.toml").write_text(
        'allow_private = true\nretries = 0\nboard = "Socialnämnden"\n', encoding="utf-8"
    )
    for args in (
        ("source", "add", httpserver.url_for("/rapport"), "--org", "CLDD", "--kind", "survey",
         "--claim", "40 procent vill återvandra"),
        ("source", "add", "--org", "Migrationsverket", "--kind", "report"),
        ("check",), ("archive",),
        ("finding", "add", "S1", "--text", "Ringde CLDD, inget svar", "--kind", "contact"),
        ("verdict", "S1", "partly_reliable", "--because", "Metoden redovisas inte"),
    ):  # fmt: skip
        result = run(*args)
        assert result.code == 0, (args, result.err)
    return case_dir


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_report_has_no_axe_violations(decided_case, run, lang):
    result = run("report", "--lang", lang, "--json")
    assert result.code == 0, result.err
    path = Path(json.loads(result.out)["report"])
    html = path.read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in html
    assert ("Granskningsrapport" in html) if lang == "sv" else ("Audit report" in html)
    violations = axe_violations(path)
    assert not violations, _summary(violations)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_html_note_has_no_axe_violations(decided_case, run, lang):
    result = run("note", "--format", "html", "--lang", lang, "--json")
    assert result.code == 0, result.err
    path = Path(json.loads(result.out)["combined"])
    violations = axe_violations(path)
    assert not violations, _summary(violations)
