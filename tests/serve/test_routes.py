"""The desk's routes on a real store (Starlette's TestClient): every page, the statement's case
step by step, errors as HTTP statuses with the step's message, stale forms refused."""

from __future__ import annotations

import io
import re
import threading

import pytest

from tests.conftest import store_dump

from .helpers import BECAUSE, FINDING_TEXT, MOTION, QUOTE, VERDICT_SENTENCE, query, serve_article
from .helpers import wait_for_job as _wait


def upload(desk, path=MOTION, name=None):
    with path.open("rb") as handle:
        return desk.post(
            "/documents", files={"document": (name or path.name, handle, "text/plain")}
        )


def follow(desk, response):
    assert response.status_code == 303, response.text[:500]
    return desk.get(response.headers["location"])


def last_event(case):
    return query(case, "SELECT actor, command FROM events ORDER BY seq DESC LIMIT 1")[0]


def test_the_statement_case_through_the_routes(desk, httpserver):
    article = serve_article(httpserver, desk.case)
    page = follow(desk, upload(desk))
    assert "motion-frivillig-aterandring.txt" in page.text
    marks = re.findall(
        r'<mark class="candidate"><a id="mention-(M\d+)" href="/sources/(S\d+)#', page.text
    )
    assert ("M1", "S1") in marks and len(marks) >= 4
    rows = query(desk.case, "SELECT id, status FROM sources ORDER BY id")
    assert [r["status"] for r in rows] == ["candidate"] * 4
    assert tuple(last_event(desk.case)) == ("Test Officer", "extract")

    page = follow(desk, desk.post("/sources/S1/confirm", {"was_status": "candidate"}))
    assert "S1 bekräftades." in page.text
    assert query(desk.case, "SELECT status FROM sources WHERE id='S1'")[0][0] == "confirmed"
    assert tuple(last_event(desk.case)) == ("Test Officer", "source confirm")
    follow(
        desk,
        desk.post(
            "/sources/S4/reject",
            {"was_status": "candidate", "because": "Samma som artikeln i underlaget"},
        ),
    )
    assert query(desk.case, "SELECT status, status_reason FROM sources WHERE id='S4'")[0][:] == (
        "rejected",
        "Samma som artikeln i underlaget",
    )

    started = desk.post("/control/check", {"date": ""})
    assert started.status_code == 303 and started.headers["location"] == "/control/jobs/J1"
    job = _wait(desk.desk, "J1")
    assert job.state == "done", job.message
    checks = query(desk.case, "SELECT source_id, status, as_of FROM checks")
    assert [(c[0], c[2]) for c in checks] == [("S1", "2024-02-02")]
    assert checks[0][1] in ("connection_failed", "refused")
    page = desk.get("/control/jobs/J1")
    assert "S1:" in page.text and "klar" in page.text

    added = desk.post(
        "/findings", {"source": "S1", "url": article, "quote": QUOTE, "text": FINDING_TEXT}
    )
    page = follow(desk, added)
    assert "F1 lades till." in page.text and "En kopia sparades" in page.text
    finding = query(desk.case, "SELECT source_id, url, quote, actor FROM findings")[0]
    assert tuple(finding) == ("S1", article, QUOTE, "Test Officer")
    assert query(desk.case, "SELECT count(*) FROM snapshots WHERE finding_id='F1'")[0][0] == 1

    page = desk.get("/sources/S1")
    assert "inte tillförlitlig" in page.text  # the suggestion, in words
    assert "Avsändaren tar själv avstånd" in page.text or "vetenskaplig" in page.text
    page = follow(
        desk,
        desk.post(
            "/sources/S1/verdict",
            {"was_verdict": "", "verdict": "not_reliable", "because": BECAUSE},
        ),
    )
    assert "Bedömningen av S1 sparades." in page.text
    verdict = query(desk.case, "SELECT verdict, because, suggested, actor FROM verdicts")[0]
    assert tuple(verdict) == ("not_reliable", BECAUSE, "not_reliable", "Test Officer")

    docx = desk.get("/note/download?fmt=docx&lang=sv&part=both")
    assert docx.status_code == 200
    assert docx.headers["content-disposition"].startswith("attachment")
    import docx as python_docx

    text = "\n".join(p.text for p in python_docx.Document(io.BytesIO(docx.content)).paragraphs)
    assert VERDICT_SENTENCE in text
    for fmt in ("md", "txt", "html"):
        assert VERDICT_SENTENCE in desk.get(f"/note/download?fmt={fmt}&lang=sv&part=text").text
    english = desk.get("/note/preview?lang=en&part=both")
    assert "not" in english.text and english.headers["content-security-policy"].endswith("sandbox")

    audit = desk.get("/audit")
    assert "Granskningen är godkänd" in audit.text and "en bedömning gjordes" in audit.text
    wacz = desk.get("/audit/wacz")
    assert wacz.status_code == 200 and wacz.content[:2] == b"PK"
    report = desk.get("/report?lang=sv")
    assert report.status_code == 200 and "Granskningsrapport" in report.text
    assert "sandbox" in report.headers["content-security-policy"]


def test_every_page_and_its_policy(desk, httpserver):
    article = serve_article(httpserver, desk.case)
    follow(desk, upload(desk))
    desk.post("/findings", {"source": "S1", "url": article, "text": FINDING_TEXT})
    pages = ["/case", "/sources", "/sources/S1", "/sources/S4", "/control", "/evidence",
             "/evidence?source=S1", "/note", "/note?lang=en&part=text", "/audit"]  # fmt: skip
    for path in pages:
        page = desk.get(path)
        assert page.status_code == 200, (path, page.text[:300])
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert page.headers["x-frame-options"] == "DENY"
        assert not re.search(r"\son[a-z]+\s*=", page.text), f"inline handler on {path}"
        assert not re.search(r"<script(?![^>]*\ssrc=)", page.text), f"inline script on {path}"
        assert re.search(r'<html lang="sv">', page.text)
    view = desk.get("/snapshots/SN1/view")
    assert view.status_code == 200 and "vetenskaplig" in view.text
    assert "<script" not in view.text and "beacon" not in view.text  # cleaned before shown
    csp = view.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "sandbox" in csp
    assert view.headers["x-frame-options"] == "SAMEORIGIN"
    assert '<iframe class="view" sandbox=""' in desk.get("/sources/S1").text
    assert desk.get("/snapshots/SN9/view").status_code == 404


def test_english_on_the_switch(desk):
    switched = desk.post("/lang", {"to": "en", "next": "/sources"})
    assert switched.status_code == 303 and switched.headers["location"] == "/sources"
    assert "samesite=strict" in switched.headers["set-cookie"].lower()
    page = desk.get("/sources")
    assert '<html lang="en">' in page.text and "Add a source by hand" in page.text
    assert (
        desk.post("/lang", {"to": "sv", "next": "https://evil.example/"}).headers["location"]
        == "/case"
    )


def test_errors_are_statuses_with_the_message_and_change_nothing(desk):
    follow(desk, upload(desk))
    before = store_dump(desk.case)
    unknown = desk.post("/sources/S9/confirm", {})
    assert unknown.status_code == 404 and "S9" in unknown.text
    no_reason = desk.post("/sources/S1/reject", {"because": " "})
    assert no_reason.status_code == 400 and "why" in no_reason.text
    assert 'role="alert"' in no_reason.text
    bad_date = desk.post("/control/check", {"date": "2024-13-40"})
    assert bad_date.status_code == 400
    no_file = desk.post("/documents", {})
    assert no_file.status_code == 400
    not_a_motion = upload(desk, MOTION, name="tom.txt") if False else None  # noqa: F841
    empty = desk.post("/documents", files={"document": ("tom.txt", b"   ", "text/plain")})
    assert empty.status_code == 422 and "no text" in empty.text
    verdict = desk.post(
        "/sources/S1/verdict", {"was_verdict": "", "verdict": "maybe", "because": "x"}
    )
    assert verdict.status_code == 400 and 'value="x"' not in verdict.text or "maybe" in verdict.text
    assert desk.get("/sources/S99").status_code == 404
    assert store_dump(desk.case) == before


def test_a_stale_edit_is_refused_not_lost(desk):
    """Two tabs opened S1 with the same title; the second save does not overwrite the first."""
    follow(desk, upload(desk))
    seen = query(desk.case, "SELECT title FROM sources WHERE id='S1'")[0][0] or ""
    first = desk.post("/sources/S1/edit", {"was_title": seen, "title": "Enkät om återvandring"})
    assert first.status_code == 303
    second = desk.post("/sources/S1/edit", {"was_title": seen, "title": "Något annat"})
    assert second.status_code == 409
    assert "ändrades under tiden" in second.text and "Enkät om återvandring" in second.text
    assert 'value="Något annat"' in second.text  # what the officer typed is still there
    assert (
        query(desk.case, "SELECT title FROM sources WHERE id='S1'")[0][0] == "Enkät om återvandring"
    )


def test_a_stale_verdict_and_status_are_refused(desk):
    follow(desk, upload(desk))
    assert (
        desk.post(
            "/sources/S1/verdict", {"was_verdict": "", "verdict": "not_reliable", "because": "A"}
        ).status_code
        == 303
    )
    late = desk.post(
        "/sources/S1/verdict", {"was_verdict": "", "verdict": "reliable", "because": "B"}
    )
    assert late.status_code == 409 and "inte tillförlitlig" in late.text
    assert [tuple(r) for r in query(desk.case, "SELECT verdict, because FROM verdicts")] == [
        ("not_reliable", "A")
    ]
    assert (
        desk.post(
            "/sources/S2/reject", {"was_status": "candidate", "because": "Ingen källa"}
        ).status_code
        == 303
    )
    late = desk.post("/sources/S2/confirm", {"was_status": "candidate"})
    assert late.status_code == 409 and "avvisad" in late.text
    assert query(desk.case, "SELECT status FROM sources WHERE id='S2'")[0][0] == "rejected"


def test_two_tabs_at_once_lose_no_update(desk):
    """Two edits of the same title, from the same seen value, at the same moment: exactly one
    is saved, the other is told so; both land in the log only once."""
    follow(desk, upload(desk))
    seen = query(desk.case, "SELECT title FROM sources WHERE id='S1'")[0][0] or ""
    barrier = threading.Barrier(2)
    codes: dict[str, int] = {}

    def edit(title):
        barrier.wait()
        codes[title] = desk.post(
            "/sources/S1/edit", {"was_title": seen, "title": title}
        ).status_code

    threads = [threading.Thread(target=edit, args=(t,)) for t in ("Flik A", "Flik B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(codes.values()) == [303, 409], codes
    winner = next(t for t, c in codes.items() if c == 303)
    assert query(desk.case, "SELECT title FROM sources WHERE id='S1'")[0][0] == winner
    assert query(desk.case, "SELECT count(*) FROM events WHERE command='source edit'")[0][0] == 1


def test_add_merge_withdraw_and_manual_search(desk):
    follow(desk, upload(desk))
    added = desk.post(
        "/sources",
        {
            "url": "https://www.scb.se/befolkning",
            "organisation": "SCB",
            "kind": "statistics",
            "claim": "drygt 2,1 miljoner födda i ett annat land",
        },
    )
    assert added.status_code == 303 and added.headers["location"].startswith("/sources/S5?")
    merged = desk.post("/sources/S5/merge", {"into": "S3", "was_status": "confirmed"})
    assert merged.status_code == 303, merged.text[:300]
    assert tuple(query(desk.case, "SELECT status, merged_into FROM sources WHERE id='S5'")[0]) == (
        "merged",
        "S3",
    )
    searched = desk.post(
        "/searches",
        {
            "source": "S1",
            "engine": "Google",
            "query": "CLDD återvandring undersökning",
            "found": "https://www.dagenssamhalle.se/a\n",
            "date": "2024-02-02",
        },
    )
    assert searched.status_code == 303
    assert tuple(query(desk.case, "SELECT endpoint, as_of, status FROM searches")[0]) == (
        "manual:Google",
        "2024-02-02",
        "manual",
    )
    note = desk.post(
        "/findings", {"source": "S1", "text": "Ringde CLDD, inget svar", "kind": "contact"}
    )
    assert note.status_code == 303
    withdrawn = desk.post("/findings/F1/withdraw", {"was_status": "active", "because": "Fel källa"})
    assert withdrawn.status_code == 303
    assert tuple(query(desk.case, "SELECT status, status_reason FROM findings")[0]) == (
        "withdrawn",
        "Fel källa",
    )
    again = desk.post("/findings/F1/withdraw", {"was_status": "active", "because": "x"})
    assert again.status_code == 409
    gone = desk.post("/documents/D1/withdraw", {"because": "Fel fil"})
    assert gone.status_code == 303
    assert query(desk.case, "SELECT status FROM documents")[0][0] == "withdrawn"


def test_the_case_is_made_and_edited_in_the_browser(tmp_path):
    from .conftest import make_client

    made = make_client(tmp_path / "ny")
    assert made.get("/sources").headers["location"] == "/case"
    form = made.get("/case")
    assert "Skapa ärendet" in form.text
    created = made.post(
        "/case/init",
        {
            "title": "Motion",
            "dnr": "KS 2023/1387",
            "date": "2024-02-02",
            "officer": "Andrea Grönberg",
            "lang": "sv",
        },
    )
    assert created.status_code == 303
    assert tuple(query(tmp_path / "ny", "SELECT actor, command FROM events")[0]) == (
        "Andrea Grönberg",
        "init",
    )
    edited = made.post(
        "/case/edit",
        {
            "was_title": "Motion",
            "was_dnr": "KS 2023/1387",
            "was_date": "2024-02-02",
            "title": "Motion om återvandring",
            "dnr": "KS 2023/1387",
            "date": "2024-02-02",
        },
    )
    assert edited.status_code == 303
    stale = made.post("/case/edit", {"was_title": "Motion", "title": "Annat"})
    assert stale.status_code == 409
    assert query(tmp_path / "ny", "SELECT title FROM case_info")[0][0] == "Motion om återvandring"
    assert (
        made.get("/audit").status_code == 200
        and "ärendets uppgifter ändrades" in made.get("/audit").text
    )
    made.client.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_catalogue_says_every_word_in_both_languages(lang):
    from verify.serve.words import WORDS

    assert set(WORDS["sv"]) == set(WORDS["en"])
    assert all(text.strip() for text in WORDS[lang].values())
