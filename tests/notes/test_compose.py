"""Composition rules: each sentence from recorded evidence, in Swedish and English."""

from __future__ import annotations

import pytest

from verify.notes.compose import NoteCase, NoteInput, compose_note
from verify.notes.render import render_html, render_text

SOURCE = {
    "id": "S1", "kind": "survey", "organisation": "Centre for Local Development and Diaspora",
    "acronym": "CLDD", "title": None, "url": "https://cldd.se/enkat", "domain": "cldd.se",
    "vague": False, "mentions": [], "claims": [],
}  # fmt: skip


def _text(checks=(), assessment=None, lang="sv", snapshots=()):
    note = compose_note(
        NoteCase(lang=lang, title=None, dnr="KS 2023/1387", as_of="2024-02-02"),
        [NoteInput(source=SOURCE, assessment=assessment or {}, checks=tuple(checks),
                   snapshots=tuple(snapshots))],
    )  # fmt: skip
    return note, render_text(note)


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
        (
            "not_found",
            404,
            "sv",
            "kunde inte nås den 2 februari 2024 på https://cldd.se/enkat; "
            "servern svarade 404 (sidan finns inte)",
        ),
        ("dns_failure", None, "sv", "domännamnet cldd.se finns inte"),
        ("ok", 200, "sv", "Källan kunde nås den 2 februari 2024 på https://cldd.se/enkat"),
        (
            "blocked",
            403,
            "sv",
            "Det gick inte att kontrollera källan den 2 februari 2024; "
            "webbplatsen spärrade automatisk åtkomst",
        ),
        (
            "not_found",
            404,
            "en",
            "could not be reached on 2 February 2024 at "
            "https://cldd.se/enkat; the server answered 404 (page not found)",
        ),
    ],
)
def test_availability_sentences(status, http, lang, says):
    _, text = _text([_live(status, http)], lang=lang)
    assert says in " ".join(text.split())


def test_not_checked_and_no_url():
    _, text = _text([])
    assert "Källans tillgänglighet har inte kontrollerats." in text


WAYBACK = "https://web.archive.org/web/20240110120000/https://cldd.se/enkat"


def test_archive_capture_is_a_robust_link():
    archive = {"id": "K2", "method": "archive", "as_of": "2024-02-02", "status": "archived",
               "checked_at": "2024-03-01T10:00:00Z", "url": SOURCE["url"],
               "captures": [{"relation": "before", "timestamp": "2024-01-10T12:00:00Z",
                             "url": WAYBACK}]}  # fmt: skip
    note, text = _text([_live("not_found", 404), archive])
    assert "I webbarkivet finns en kopia från den 10 januari 2024." in text
    html = render_html(note)
    assert (
        'data-versionurl="https://web.archive.org/web/20240110120000/https://cldd.se/enkat"' in html
    )
    assert 'data-versiondate="2024-01-10"' in html


def test_a_suggestion_is_marked_and_the_officers_verdict_is_not():
    suggested = {"suggested_verdict": "cannot_be_assessed", "verdict": None,
                 "reasons": [{"code": "primary_unreachable_no_archive",
                              "verdict": "cannot_be_assessed"}]}  # fmt: skip
    note, text = _text([_live("gone", 410)], suggested)
    assert note.sources[0].verdict_by == "suggestion"
    assert "Förslag från verktyget, inte fastställt av handläggaren" in text
    assert "källan gick inte att nå och ingen arkiverad kopia har hittats" in text
    decided = dict(
        suggested, verdict={"id": "V1", "verdict": "reliable", "because": "Kontrollerat"}
    )
    note, text = _text([_live("gone", 410)], decided)
    assert note.sources[0].verdict_by == "officer"
    assert "Förslag" not in text
    assert "Undersökningen som motionen refererar till bedöms utgöra en tillförlitlig källa" in text
