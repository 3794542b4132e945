"""A link on the sender's own domain, right after the attribution, is the same source."""

from __future__ import annotations

from verify.documents.model import ReadDocument
from verify.extract import extract_citations


def _doc(text: str) -> ReadDocument:
    return ReadDocument(
        name="m.txt", media_type="text/plain", sha256="0" * 64, size=len(text), text=text
    )


def test_link_on_the_acronyms_domain_joins_the_survey():
    text = (
        "En undersökning från Centre for Local Development and Diaspora (CLDD) har visat att "
        "40 procent vill återvandra. Undersökningen finns på https://cldd.se/enkat.\n"
    )
    candidates = extract_citations(_doc(text)).candidates
    assert len(candidates) == 1
    assert candidates[0].acronym == "CLDD" and candidates[0].url == "https://cldd.se/enkat"
    assert len(candidates[0].mentions) == 2


def test_link_elsewhere_or_far_away_stays_apart():
    text = (
        "En undersökning från Centre for Local Development and Diaspora (CLDD) har visat att "
        "40 procent vill återvandra. Se https://example.org/annat.\n"
    )
    assert len(extract_citations(_doc(text)).candidates) == 2
    far = (
        "En undersökning från Centre for Local Development and Diaspora (CLDD) har visat att "
        "40 procent vill återvandra. Det är viktigt. Det är mycket viktigt. Det är så. "
        "Läs mer på https://cldd.se/enkat.\n"
    )
    assert len(extract_citations(_doc(far)).candidates) == 2


def test_known_body_domain_joins_its_statistics():
    text = "Enligt SCB bodde 9 228 personer i kommunen. Källa: https://www.scb.se/tabell.\n"
    candidates = extract_citations(_doc(text)).candidates
    assert len(candidates) == 1 and candidates[0].url == "https://www.scb.se/tabell"
