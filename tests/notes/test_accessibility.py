"""axe-core in real Chromium on the report and the HTML note: WCAG 2.1 A/AA and best-practice
rules, 0 violations (issue 15). axe-core comes from .ci/node_modules (installed by .ci/run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser import axe_source, chromium, run_axe
from tests.browser import summary as _summary


def axe_violations(path: Path) -> list[dict]:
    """Every axe-core violation on the page at ``path`` (opened from disk, CSP bypassed only
    to inject axe itself)."""
    source = axe_source()
    with chromium() as browser:
        page = browser.new_context(bypass_csp=True).new_page()
        page.goto(path.as_uri())
        return run_axe(page, source)["violations"]


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
