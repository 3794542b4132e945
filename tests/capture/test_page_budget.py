"""Page text within a budget (issue 11): a page too large or too deep for trafilatura is read
by the streaming extractor and says why; a page whose text cannot be read makes the note say
so, never that the figure is missing. A page marked not free that serves its whole text is the
article, not a paywall."""

from __future__ import annotations

import json

from verify.capture.pagetext import TRAFILATURA_ELEMENTS, extract_html


def links_page(n: int) -> str:
    links = "".join(f'<a href="/p{i}">länk nummer {i}</a> ' for i in range(n))
    return f"<html><head><title>Länkar</title></head><body>{links}</body></html>"


def deep_page(depth: int, inner: str) -> str:
    return f"<html><body>{'<div>' * depth}{inner}{'</div>' * depth}</body></html>"


def test_a_page_with_too_many_elements_is_read_cheaply_and_says_so():
    page = extract_html(links_page(TRAFILATURA_ELEMENTS + 1000), "http://x.example/")
    assert page.limited == "too_large" and page.extractor == "cheap"
    assert "länk nummer 40500" in page.text
    assert page.to_dict()["limited"] == "too_large"


def test_a_page_nested_deeper_than_the_parser_goes_keeps_its_text():
    page = extract_html(deep_page(100_000, "Text i botten av sidan: 40 procent."), "http://x/")
    assert page.limited == "too_deep"
    assert "40 procent" in page.text


def test_an_ordinary_page_is_not_limited():
    html = "<html><body><article>" + "<p>Vanlig text om återvandring.</p>" * 30 + "</article>"
    page = extract_html(html + "</body></html>", "http://x/")
    assert page.limited is None and page.extractor == "trafilatura"


def test_an_unreadable_page_is_not_a_missing_figure(case_dir, run, httpserver):
    page = deep_page(5_000, '<img src="chart.png" alt="">')
    httpserver.expect_request("/rapport").respond_with_data(page, content_type="text/html")
    (case_dir / "verify.toml").write_text("allow_private = true\nretries = 0\n", encoding="utf-8")
    assert run("source", "add", httpserver.url_for("/rapport"), "--org", "CLDD", "--kind",
               "survey", "--claim", "40 procent vill återvandra").code == 0  # fmt: skip
    assert run("archive").code == 0
    assessed = json.loads(run("assess", "S1", "--json").out)[0]
    claim = assessed["claims"][0]
    assert claim["match"] == "source_unavailable" and claim["reason"] == "unreadable:too_deep"
    assert "claim_not_found" not in [r["code"] for r in assessed["reasons"]]
    assert run("note", "--part", "text").code == 0
    note = next(p for p in (case_dir / "reports").glob("*-text.md"))
    flat = " ".join(note.read_text(encoding="utf-8").split())
    assert "sidans text inte gick att läsa ut; det betyder inte att uppgiften saknas" in flat
    assert "inte hittat uppgiften" not in flat


PAYWALLED = """<html><head><title>Artikel</title><script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "isAccessibleForFree": false}
</script></head><body><article>{body}</article></body></html>"""


def test_a_page_marked_not_free_that_serves_its_text_is_the_article(case_dir, run, httpserver):
    teaser = PAYWALLED.replace("{body}", "<p>Bara en ingress för prenumeranter.</p>")
    whole = PAYWALLED.replace(
        "{body}", "<p>" + "Enligt enkäten vill 40 procent återvandra. " * 80 + "</p>"
    )
    httpserver.expect_request("/teaser").respond_with_data(teaser, content_type="text/html")
    httpserver.expect_request("/whole").respond_with_data(whole, content_type="text/html")
    (case_dir / "verify.toml").write_text("allow_private = true\nretries = 0\n", encoding="utf-8")
    for path in ("/teaser", "/whole"):
        assert run("source", "add", httpserver.url_for(path), "--kind", "article").code == 0
    checked = {r["url"].rsplit("/", 1)[1]: r for r in json.loads(run("check", "--json").out)[
        "results"]}  # fmt: skip
    assert checked["teaser"]["status"] == "paywall"
    assert checked["whole"]["status"] == "ok"
    assert "jsonld_not_free_but_text_served" in checked["whole"]["signals"]
