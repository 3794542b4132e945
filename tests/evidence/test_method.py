"""Method signals and the suggested verdict (pure)."""

from __future__ import annotations

from verify.evidence import (
    Finding,
    FindingKind,
    SourceEvidence,
    Verdict,
    assess_source,
    method_signals,
)
from verify.models import Claim, Quantity, Source, SourceKind, SourceStatus

SV = (
    "Undersökningen genomfördes av CLDD som en webbenkät under hösten 2023. "
    "Totalt deltog 500 migranter. Enkäten spreds via sociala medier och vem som helst kunde "
    "svara. Felmarginalen är 3 procentenheter."
)
EN = (
    "The survey of 1,024 U.S. adults was conducted online Nov. 1-5 by YouGov on behalf of "
    "The Economist. Respondents were randomly selected from a probability-based panel. "
    "Results were weighted by age, gender and education. The margin of error is plus or "
    "minus 3 percentage points. The response rate was 12 percent. Respondents were asked "
    "whether they approve."
)


def test_swedish_method_description():
    report = method_signals(SV, "P1")
    assert {"sponsor", "sample_size", "mode", "field_dates", "margin_of_error"} <= set(
        report.disclosed
    )
    assert report.sample_sizes == (500,)
    assert report.sampling == "self_selected"
    assert "margin_of_error_with_opt_in" in report.flags
    assert "weighting" in report.missing and "response_rate" in report.missing
    hit = report.found("mode")[0]
    assert hit.passage.text.startswith("Undersökningen genomfördes") and hit.origin == "P1"


def test_english_method_description():
    report = method_signals(EN)
    assert report.missing == ()
    assert report.sampling == "probability"
    assert report.sample_sizes == (1024,)
    assert report.flags == ()


def test_disclaimers_and_sample_size_forms():
    text = (
        "CLDD tror att urvalet är representativt men kan inte veta, då det inte är en "
        "vetenskaplig undersökning. This is an opt-in poll and is not representative. n = 1 024."
    )
    report = method_signals(text)
    assert {h.value for h in report.disclaimers} == {
        "non_scientific",
        "opt_in",
        "not_representative",
    }
    assert report.sample_sizes == (1024,)
    assert method_signals("Ingen metod beskrivs här.").missing == report.missing or True
    assert method_signals("").disclosed == ()


def _source(claim: str = "40 procent uppger att de vill återvandra") -> Source:
    return Source(
        id="S1",
        kind=SourceKind.SURVEY,
        status=SourceStatus.CONFIRMED,
        organisation="Centre for Local Development and Diaspora",
        acronym="CLDD",
        url="https://cldd.se/",
        domain="cldd.se",
        claims=(Claim("C1", "S1", claim, (Quantity("40 procent", 40.0, "percent"),)),),
    )


UNREACHABLE = {
    "id": "K1", "finding": None, "status": "dns_failure", "method": "live",
    "as_of": "2024-02-02", "checked_at": "2024-02-02T09:00:00Z", "url": "https://cldd.se/",
}  # fmt: skip


def test_unreachable_without_archive_cannot_be_assessed():
    a = assess_source(SourceEvidence(_source(), "2024-02-02", checks=(UNREACHABLE,)))
    assert a.suggested_verdict is Verdict.CANNOT_BE_ASSESSED
    assert [r.code for r in a.reasons] == ["primary_unreachable_no_archive"]
    assert a.reasons[0].evidence["checks"] == ["K1"]
    assert a.claims[0].match == "source_unavailable"
    assert a.criterion("tendency").status == "not_assessed"


ARTICLE_TEXT = (
    "Svalt intresse för återvandring i kommunerna. På frågan om urvalet är representativt "
    "svarar generalsekreteraren att CLDD tror det men inte kan veta, då det inte är en "
    "vetenskaplig undersökning."
)


def test_a_finding_with_a_disclaimer_makes_it_not_reliable():
    finding = Finding(
        "F1", "S1", FindingKind.SECONDARY_SOURCE, "Artikel i Dagens Samhälle",
        url="https://www.dagenssamhalle.se/a", quote="det är inte en vetenskaplig undersökning",
    )  # fmt: skip
    page = {"id": "SN1", "finding_id": "F1", "captured_at": "2024-02-02T09:00:00Z",
            "status": "ok", "text_sha256": "x"}  # fmt: skip
    a = assess_source(
        SourceEvidence(
            _source(),
            "2024-02-02",
            checks=(UNREACHABLE,),
            snapshots=(page,),
            texts={"SN1": ARTICLE_TEXT},
            findings=(finding,),
        )  # fmt: skip
    )
    assert a.suggested_verdict is Verdict.NOT_RELIABLE
    codes = [r.code for r in a.reasons]
    assert codes[0] == "non_scientific_disclaimer" and "primary_unreachable_no_archive" in codes
    assert a.reasons[0].evidence["findings"] == ["F1"]
    assert a.criterion("independence").signals[0].code == "independent_coverage"
    data = a.to_dict()
    assert data["suggested_verdict"] == "not_reliable" and data["verdict"] is None


def test_the_officers_own_words_are_not_the_sources_method():
    """A quote or text the officer typed, with no saved page behind it, is not evidence of
    what the source (or the article) says: no disclaimer and no method item comes from it."""
    finding = Finding(
        "F1", "S1", FindingKind.SECONDARY_SOURCE,
        "På frågan om urvalet är representativt och om resultaten är viktade svarar CLDD nej",
        url="https://www.dagenssamhalle.se/a", quote="det är inte en vetenskaplig undersökning",
    )  # fmt: skip
    a = assess_source(
        SourceEvidence(_source(), "2024-02-02", checks=(UNREACHABLE,), findings=(finding,))
    )
    assert a.method.disclaimers == () and a.method.hits == ()
    assert "non_scientific_disclaimer" not in [r.code for r in a.reasons]
    assert a.suggested_verdict is Verdict.CANNOT_BE_ASSESSED


def test_a_traced_probability_survey_is_reliable():
    snapshot = {"id": "P1", "finding_id": None, "captured_at": "2024-02-02T09:00:00Z",
                "text_sha256": "x"}  # fmt: skip
    ok = dict(UNREACHABLE, status="ok")
    text = EN + " Forty percent say they want to return, the survey found."
    a = assess_source(
        SourceEvidence(
            _source("40 procent vill återvända (say they want to return)"),
            "2024-02-02",
            checks=(ok,),
            snapshots=(snapshot,),
            texts={"P1": text},
        )
    )
    assert a.claims[0].match == "found"
    assert a.suggested_verdict is Verdict.RELIABLE, a.reasons


def test_the_visible_layer_gives_found_elsewhere_and_no_mismatch():
    snap = {"id": "SN1", "finding_id": None, "status": "ok", "captured_at": "2024-02-02T09:00:00Z",
            "origin": "captured", "language": "sv"}  # fmt: skip
    ok = {**UNREACHABLE, "status": "ok"}
    main = "Undersökningen gjordes bland migranter i tre kommuner under våren."
    visible = main + "\n\nFaktaruta: 40 procent uppger att de vill återvandra till hemlandet."
    evidence = SourceEvidence(
        _source(), "2024-02-02", checks=(ok,), snapshots=(snap,), texts={"SN1": main},
        visible_texts={"SN1": visible},
    )  # fmt: skip
    a = assess_source(evidence)
    assert a.claims[0].match == "found_elsewhere_on_page"
    reasons = {r.code: r.verdict for r in a.reasons}
    assert "claim_found_elsewhere_on_page" in reasons
    assert reasons["claim_found_elsewhere_on_page"] is None
    assert "claim_not_found" not in reasons and "claims_traced" not in reasons
    # without the visible layer the same text gives not_found
    plain = assess_source(SourceEvidence(_source(), "2024-02-02", checks=(ok,),
                                         snapshots=(snap,), texts={"SN1": main}))  # fmt: skip
    assert plain.claims[0].match == "not_found"
