"""Hostile text from archived pages and typed input is inert in every format of the note."""

from __future__ import annotations

import io
import json

import pytest

from verify.notes.compose import NoteCase, NoteInput, clean, compose_note
from verify.notes.render import FORMATS, render

EVIL = "<script>alert(1)</script>[x](javascript:alert(2))\u202eevil\u202c" + "T" * 100_000


def _note(lang: str = "sv"):
    source = {
        "id": "S1", "kind": "survey", "organisation": EVIL, "acronym": None, "title": EVIL,
        "url": "https://example.se/a", "domain": "example.se", "vague": False,
        "mentions": [], "claims": [{"id": "C1", "text": EVIL}],
    }  # fmt: skip
    assessment = {
        "claims": [{"claim": "C1", "match": "found", "passage": {"text": EVIL},
                    "snapshot": "SN1"}],
        "findings": [{"id": "F1", "kind": "secondary_source", "text": EVIL,
                      "url": "javascript:alert(3)", "quote": EVIL}],
        "finding_quotes": [{"claim": "F1", "match": "found", "passage": {"text": EVIL}}],
        "method": {"disclaimers": [{"value": "non_scientific", "sentence": EVIL,
                                    "origin": "F1"}], "missing": [], "origins": []},
        "suggested_verdict": "not_reliable", "reasons": [], "verdict": None,
    }  # fmt: skip
    snapshots = ({"id": "SN1", "url": "https://example.se/a", "captured_at": "2024-02-02T09:00:00Z",
                  "warc_sha256": "a" * 64, "title": EVIL, "finding_id": None},)  # fmt: skip
    checks = ({"id": "K1", "method": "live", "as_of": "2024-02-02", "status": "ok",
               "url": "https://example.se/a"},)  # fmt: skip
    return compose_note(
        NoteCase(lang=lang, title=EVIL, dnr=None, as_of="2024-02-02"),
        [NoteInput(source=source, assessment=assessment, checks=checks, snapshots=snapshots)],
    )


def test_clean_removes_controls_and_bounds_length():
    text = clean(EVIL)
    assert "\u202e" not in text and "\u202c" not in text and len(text) <= 400


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_inert(fmt):
    data = render(_note(), fmt)
    if fmt == "docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    else:
        text = data.decode("utf-8")
    assert "\u202e" not in text
    assert len(text) < 20_000  # 100 kB titles are cut
    if fmt == "html":
        assert "<script>" not in text
        assert 'href="javascript:' not in text
        assert "&lt;script&gt;" in text
    if fmt == "md":
        import re

        assert "<script>" not in text  # written as \<script\>
        assert not re.search(r"(?<!\\)\]\(javascript:", text)  # no live link
    if fmt == "json":
        json.loads(text)
