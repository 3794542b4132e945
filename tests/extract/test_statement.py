"""The reference statement (tjänsteutlåtande SOF 2024/132) from ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from verify.extract import extract_citations
from verify.models import SourceKind

from .conftest import make_doc

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
STATEMENT = SHARED / "examples" / "tjansteutlatande-SOF-2024-132.txt"

pytestmark = pytest.mark.skipif(
    not STATEMENT.exists(), reason=f"{STATEMENT} is absent (../shared is not beside the repo)"
)


@pytest.fixture(scope="module")
def extraction():
    return extract_citations(make_doc(STATEMENT.read_text(encoding="utf-8")))


def test_cldd_survey(extraction):
    [cldd] = [c for c in extraction.candidates if c.acronym == "CLDD"]
    assert cldd.organisation == "Centre for Local Development and Diaspora"
    assert cldd.kind is SourceKind.SURVEY
    assert len(cldd.mentions) == 3
    quantities = [q for claim in cldd.claims for q in claim.quantities]
    assert any(q.value == 40 and q.unit == "percent" for q in quantities)


def test_migrationsverket_own_analysis(extraction):
    [mig] = [c for c in extraction.candidates if c.organisation == "Migrationsverket"]
    assert mig.kind is SourceKind.REPORT
    [claim] = mig.claims
    assert "en kommun" in claim.text
    assert [(q.value, q.unit) for q in claim.quantities] == [(1.0, "count")]


def test_dagens_samhalle_article_from_footnote(extraction):
    [art] = [c for c in extraction.candidates if c.domain == "dagenssamhalle.se"]
    assert art.kind is SourceKind.ARTICLE
    assert art.publisher == "Dagens Samhälle"
    assert (
        art.title == "Svalt intresse för återvandring i kommunerna – ”Kan uppfattas som känsligt”"
    )
    assert art.mentions[0].footnote == "1"
    assert "artikel" in art.mentions[0].passage


def test_case_numbers_are_the_case_own(extraction):
    assert set(extraction.case_designations) == {"KS 2023/1387", "SOF 2024/132"}
    assert not any(c.designation for c in extraction.candidates)


def test_nothing_else(extraction):
    assert len(extraction.candidates) == 3
