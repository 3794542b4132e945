"""Composition rules: each sentence from recorded evidence, in Swedish and English; the text
to paste holds no ids, hashes or tool words; the bilaga holds the evidence."""

from __future__ import annotations

import re

import pytest

from verify.notes.compose import NoteCase, NoteInput, compose_note, split_speaker
from verify.notes.render import render_html, render_markdown, render_text

SOURCE = {
    "id": "S1", "kind": "survey", "organisation": "Centre for Local Development and Diaspora",
    "acronym": "CLDD", "title": None, "url": "https://cldd.se/enkat", "domain": "cldd.se",
    "vague": False, "mentions": [], "claims": [],
}  # fmt: skip


def _note(checks=(), assessment=None, lang="sv", snapshots=(), source=SOURCE):
    return compose_note(
        NoteCase(lang=lang, title=None, dnr="KS 2023/1387", as_of="2024-02-02",
                 anchor="verify-anchor: event 3 sha256:" + "a" * 64),
        [NoteInput(source=source, assessment=assessment or {}, checks=tuple(checks),
                   snapshots=tuple(snapshots))],
    )  # fmt: skip


def _text(checks=(), assessment=None, lang="sv", snapshots=(), part="text"):
    note = _note(checks, assessment, lang, snapshots)
    return note, " ".join(render_text(note, part).split())


def _live(status, http=None):
    return {
        "id": "K1",
        "method": "live",
        "as_of": "2024-02-02",
        "status": status,
        "http_status": http,
        "url": SOURCE["url"],
        "checked_at": "2024-02-02T09:00:00Z",
    }


@pytest.mark.parametrize(
    ("status", "http", "lang", "says"),
    [
        ("not_found", 404, "sv", "Undersökningen gick inte att nå den 2 februari 2024 på "
         "CLDD:s webbplats; sidan finns inte (servern svarade 404)."),
        ("dns_failure", None, "sv", "domänen cldd.se finns inte"),
        ("ok", 200, "sv", "Undersökningen gick att nå den 2 februari 2024 på CLDD:s webbplats"),
        ("blocked", 403, "sv", "Undersökningen gick inte att läsa den 2 februari 2024 eftersom "
         "webbplatsen spärrade automatisk åtkomst."),
        ("network_error", None, "sv", "Förvaltningen har inte kunnat kontrollera om "
         "undersökningen går att nå, eftersom datorn saknade nätverksanslutning vid "
         "kontrollen den 2 februari 2024."),
        ("not_found", 404, "en", "The survey could not be reached on 2 February 2024 at CLDD's "
         "website: the page does not exist (the server answered 404)."),
    ],
)  # fmt: skip
def test_availability_sentences(status, http, lang, says):
    _, text = _text([_live(status, http)], lang=lang)
    assert says in text


def test_not_checked_and_no_url():
    _, text = _text([])
    assert "Förvaltningen har inte kontrollerat om undersökningen går att nå." in text
    no_url = dict(SOURCE, url=None, domain=None)
    decided = {"verdict": {"id": "V1", "verdict": "cannot_be_assessed", "because": ""}}
    note = _note(source=no_url, assessment=decided)
    text = " ".join(render_text(note, "text").split())
    assert ("Förvaltningen har inte kunnat bedöma undersökningens tillförlitlighet eftersom "
            "motionen inte anger var den finns.") in text  # fmt: skip
    assert "Motionen anger inte var" not in text  # said once, in the verdict


WAYBACK = "https://web.archive.org/web/20240110120000/https://cldd.se/enkat"


def test_archive_capture_is_a_robust_link():
    archive = {"id": "K2", "method": "archive", "as_of": "2024-02-02", "status": "archived",
               "checked_at": "2024-03-01T10:00:00Z", "url": SOURCE["url"],
               "captures": [{"relation": "before", "timestamp": "2024-01-10T12:00:00Z",
                             "url": WAYBACK}]}  # fmt: skip
    note, text = _text([_live("ok", 200), archive])
    html = render_html(note)
    assert 'data-originalurl="https://cldd.se/enkat"' in html
    assert f'data-versionurl="{WAYBACK}"' in html
    assert 'data-versiondate="2024-01-10"' in html
    note, text = _text([_live("not_found", 404), archive])
    assert ("Någon arkiverad version av sidan från den 2 februari 2024 har inte gått att hitta; "
            "den närmaste tidigare är från den 10 januari 2024.") in text  # fmt: skip


def test_a_suggestion_stays_out_of_the_text_to_paste():
    suggested = {"suggested_verdict": "cannot_be_assessed", "verdict": None,
                 "reasons": [{"code": "primary_unreachable_no_archive",
                              "verdict": "cannot_be_assessed"}]}  # fmt: skip
    note, text = _text([_live("gone", 410)], suggested)
    assert note.sources[0].verdict_by == "none"
    assert "[Förvaltningens bedömning av undersökningens tillförlitlighet ska skrivas här.]" in text
    assert "Förslag" not in text and "kan inte bedömas" not in text
    _, bilaga = _text([_live("gone", 410)], suggested, part="bilaga")
    assert "källan gick inte att nå och ingen arkiverad kopia har hittats" in bilaga
    assert "Verktygets förslag" in bilaga
    decided = dict(suggested, verdict={"id": "V1", "verdict": "partly_reliable",
                                       "because": "kontrollerat"})  # fmt: skip
    note, text = _text([_live("gone", 410)], decided)
    assert note.sources[0].verdict_by == "officer"
    assert ("Undersökningen som motionen refererar till bedöms vara delvis tillförlitlig som "
            "underlag.") in text  # fmt: skip
    assert "kontrollerat" not in text  # not a sentence: it stays in the bilaga
    assert "ska skrivas här" not in text


IDS = re.compile(r"\b(?:S|K|C|M|F|Q|R|V|D)\d+\b|\bSN\d+\b|\b[0-9a-f]{64}\b")
TOOL_WORDS = ("verify", "verktyg", "Förslag", "Skäl:", "handläggaren", "SHA-256", "anchor")


def test_the_text_to_paste_has_no_ids_hashes_or_tool_words():
    snapshot = {"id": "SN1", "finding_id": None, "captured_at": "2024-02-02T09:00:00Z",
                "status": "ok", "warc_sha256": "b" * 64, "url": SOURCE["url"],
                "title": "Enkät om återvandring"}  # fmt: skip
    assessment = {
        "claims": [{"claim": "C1", "match": "found", "snapshot": "SN1",
                    "passage": {"text": "40 procent vill återvandra."}}],
        "verdict": {"id": "V1", "verdict": "not_reliable", "because": "Se F1 och SN1"},
        "suggested_verdict": "not_reliable",
    }  # fmt: skip
    for lang in ("sv", "en"):
        note = _note([_live("ok", 200)], assessment, lang, (snapshot,))
        for render in (render_text, render_markdown, render_html):
            text = render(note, "text")
            if render is render_html:  # what a reader sees: the body's text
                body = text.split("<main>", 1)[1].split("</main>", 1)[0]
                text = re.sub(r"<[^>]+>", " ", body)
            assert text.strip()
            assert not IDS.findall(text), (lang, render.__name__, IDS.findall(text))
            for word in TOOL_WORDS:
                assert word not in text, (lang, render.__name__, word)
        bilaga = render_text(note, "bilaga")
        assert "SN1" in bilaga and "b" * 64 in bilaga and "verify-anchor: event 3" in bilaga


@pytest.mark.parametrize(
    ("text", "speaker", "quote"),
    [
        ("Det är inte en vetenskaplig undersökning, säger CLDD:s generalsekreterare.",
         "CLDD:s generalsekreterare", "Det är inte en vetenskaplig undersökning."),
        ("– Vi vet inte, säger Anna Svensson", "Anna Svensson", "– Vi vet inte."),
        ("It is not a scientific survey, said the director.", "the director",
         "It is not a scientific survey."),
        ("Ingen talare här.", None, "Ingen talare här."),
    ],
)  # fmt: skip
def test_the_speaker_is_taken_out_of_the_quote(text, speaker, quote):
    assert split_speaker(text) == (speaker, quote)


def test_english_names_and_articles():
    scb = dict(SOURCE, organisation="Statistiska centralbyrån", acronym="SCB", kind="statistics",
               url=None, domain=None)  # fmt: skip
    note = _note(source=scb, lang="en")
    assert "statistics from Statistics Sweden" in render_text(note, "text")
    note = _note(lang="en")
    assert "a survey by the Centre for Local Development and Diaspora (CLDD)" in render_text(
        note, "text"
    )
