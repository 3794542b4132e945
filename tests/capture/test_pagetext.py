"""Page text in two layers: trafilatura's main text with what it dropped from the article,
and all visible text (pure functions over parsed HTML; no server)."""

from __future__ import annotations

import json

import lxml.html

from verify.capture.pagetext import MAX_ADDED, article_additions, extract_html, visible_text

BODY = [
    "Kommunen har i år tagit emot fler ansökningar än någonsin tidigare, enligt rapporten.",
    "Totalt kom 1 250 ansökningar in under våren, vilket är en ökning med 40 procent.",
    "Förvaltningen bedömer att trycket håller i sig under hela nästa år.",
]
LEAD = "Trycket på bostadsbidragen ökar kraftigt i kommunen, visar en ny sammanställning."


def page(extra_ld: dict | None = None) -> str:
    ld = f'<script type="application/ld+json">{json.dumps(extra_ld)}</script>' if extra_ld else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return (
        f'<html lang="sv"><head><title>Rapport</title>{ld}</head><body>'
        '<nav><ul><li><a href="/">Start</a></li><li><a href="/n">Nyheter</a></li></ul></nav>'
        f'<article><header><p class="lead">{LEAD}</p></header>'
        f'<div class="article__body">{paragraphs}</div>'
        '<div class="related"><h3>Läs mer</h3><ul>'
        '<li><a href="/a">En annan artikel om något helt annat i kommunen</a></li>'
        '<li><a href="/b">Ännu en artikel om något annat i regionen här</a></li></ul></div>'
        '<section class="comments"><p>En kommentar från en läsare som inte hör till texten.</p>'
        "</section></article>"
        "<aside><p>Faktaruta: 7 av 10 sökande är under 30 år gamla enligt kommunen.</p></aside>"
        '<script>var x = "inte synlig text";</script><p hidden>Dold text som ingen ser.</p>'
        "</body></html>"
    )


def tree(html: str):
    return lxml.html.document_fromstring(html)


def test_the_lead_in_the_article_region_is_added_and_boilerplate_is_not():
    main = "\n".join(BODY)  # as if the main-text extractor had dropped the lead
    assert article_additions(tree(page()), main) == [(-1, LEAD)]  # before the first line
    merged = extract_html(page()).text
    assert LEAD in merged and BODY[2] in merged
    for junk in ("Läs mer", "En annan artikel", "En kommentar", "Start", "Faktaruta"):
        assert junk not in merged


def test_article_body_from_json_ld_adds_what_the_text_lacks():
    missing = "En mening som bara finns i artikelns strukturerade data och som ska med."
    ld = {"@type": "NewsArticle", "articleBody": "\n".join([*BODY[:2], missing, BODY[2]])}
    main = "\n".join(BODY)
    added = article_additions(tree(page(ld)), main)
    assert (1, missing) in added  # after the second line, where articleBody has it


def test_article_body_that_disagrees_with_the_text_is_not_used():
    ld = {"@type": "NewsArticle", "articleBody": "En helt annan text.\nOm något annat."}
    added = [text for _, text in article_additions(tree(page(ld)), "\n".join(BODY))]
    assert "En helt annan text." not in added


def test_the_precision_guard_bounds_the_additions():
    long_lead = " ".join([LEAD] * 8)
    html = page().replace(LEAD, long_lead)
    short = BODY[0] + "\n" + BODY[1]  # trafilatura's text much shorter than the additions
    additions = article_additions(tree(html), short)
    assert sum(len(a) for _, a in additions) <= MAX_ADDED * len(short)


def test_visible_text_has_every_block_a_reader_sees():
    text = visible_text(tree(page()))
    for seen in (LEAD, BODY[1], "Faktaruta: 7 av 10", "Läs mer", "Start"):
        assert seen in text
    for unseen in ("inte synlig text", "Dold text", "Rapport"):  # script, hidden, <title>
        assert unseen not in text
    assert text.index(LEAD) < text.index(BODY[0]) < text.index("Faktaruta")


def test_extract_html_keeps_both_layers():
    result = extract_html(page(), "https://example.org/a")
    assert result.visible_text is not None and "Faktaruta" in result.visible_text
    assert BODY[1] in result.text and "Faktaruta" not in result.text
    assert result.to_dict()["added_characters"] == result.added >= 0


def test_the_block_reader_is_bounded(monkeypatch):
    import verify.capture.pagetext as pagetext

    html = (
        "<html><body>"
        + "".join(f"<p>Stycke {i} med text.</p>" for i in range(50))
        + "</body></html>"
    )
    monkeypatch.setattr(pagetext, "MAX_ELEMENTS", 11)  # body and ten paragraphs
    text = visible_text(tree(html))
    assert "Stycke 9 " in text and "Stycke 10 " not in text
