"""The visible-text layer of a snapshot: stored, audited, and read by the assessment and the
note ("on the page but outside the article text"), against a local server."""

from __future__ import annotations

import json

from .conftest import reply
from .test_archive import obj, show

PARAGRAPHS = "".join(
    f"<p>Förvaltningen redovisar läget i stycke {i} av rapporten om äldreomsorgen i kommunen, "
    "med bemanning, köer och kostnader.</p>"
    for i in range(8)
)
PAGE = (
    '<!doctype html><html lang="sv"><head><title>Äldreomsorgen</title></head><body>'
    f"<article><h1>Äldreomsorgen i kommunen</h1>{PARAGRAPHS}</article>"
    '<aside class="faktaruta"><h2>Fakta</h2><p>Väntetiden till särskilt boende var '
    "i snitt 74 dagar under förra året, enligt kommunens egen uppföljning.</p></aside>"
    "</body></html>"
).encode()
CLAIM = "Väntetiden till särskilt boende var 74 dagar i snitt förra året"


def _archive(run, site) -> dict:
    site.routes["/aldre"] = lambda h: reply(h, 200, PAGE)
    assert run("source", "add", site.url("/aldre"), "--kind", "article", "--claim", CLAIM).code == 0
    result = run("archive", "--allow-private")
    assert result.code == 0, result.err
    return show(run, "SN1")


def test_the_visible_text_is_stored_beside_the_main_text(run, case_dir, site):
    snap = _archive(run, site)
    main = run("snapshot", "text", "SN1").out
    assert "stycke 3" in main and "74 dagar" not in main
    meta = json.loads(obj(case_dir, snap["meta_sha256"]).read_text(encoding="utf-8"))
    digest = meta["page"]["visible_text_sha256"]
    visible = obj(case_dir, digest).read_text(encoding="utf-8")
    assert "74 dagar" in visible and "stycke 3" in visible


def test_a_figure_outside_the_article_text_is_found_elsewhere_on_the_page(run, case_dir, site):
    _archive(run, site)
    result = run("assess", "S1", "--json")
    assert result.code == 0, result.err
    [assessment] = json.loads(result.out)
    [claim] = assessment["claims"]
    assert claim["match"] == "found_elsewhere_on_page"
    assert "74 dagar" in claim["passage"]["text"]
    codes = {r["code"]: r["verdict"] for r in assessment["reasons"]}
    assert codes["claim_found_elsewhere_on_page"] is None  # not a mismatch
    assert "claim_not_found" not in codes and "claims_traced" not in codes
    note = run("note", "S1", "--print")
    assert note.code == 0, note.err
    said = " ".join(note.out.split())
    assert "Uppgiften återfinns på sidan, men utanför själva artikeltexten: ”Väntetiden" in said
    english = run("note", "S1", "--print", "--lang", "en")
    assert "found on the page, but outside the article's text" in " ".join(english.out.split())


def test_a_changed_visible_text_object_fails_the_audit(run, case_dir, site):
    snap = _archive(run, site)
    meta = json.loads(obj(case_dir, snap["meta_sha256"]).read_text(encoding="utf-8"))
    path = obj(case_dir, meta["page"]["visible_text_sha256"])
    path.chmod(0o644)
    path.write_text("something else", encoding="utf-8")
    result = run("audit", "--json")
    assert result.code == 1
    report = json.loads(result.out)
    assert any("visible text" in p for p in report["snapshots"][0]["problems"])
