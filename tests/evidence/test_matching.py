"""Claim matching on texts written for the purpose (pure)."""

from __future__ import annotations

import pytest

from verify.evidence import MatchResult, match_claim, sentences, spell_out_compounds

TEXT = """Om undersökningen

Av de tillfrågade svarade 40 % att de vill återvända till sitt hemland direkt eller inom en
snar framtid. Totalt deltog 500 migranter.

Drygt 9 228 personer har återvandrat under 2023. Andelen som fick stöd ökade med 3
procentenheter till 1,5 procent av alla sökande."""


@pytest.mark.parametrize(
    "claim",
    [
        "40 procent uppger att de vill återvandra",
        "40% vill återvända till hemlandet",
        "fyra av tio vill återvända",
        "två av fem vill återvända",
    ],
)
def test_a_share_in_any_surface_form_is_found(claim):
    match = match_claim(claim, TEXT)
    assert match.match is MatchResult.FOUND
    assert match.passage is not None and "40 %" in match.passage.text
    assert match.passage.line == 3
    assert match.figures == ("40 %",)


def test_swedish_number_formats_and_hedges():
    match = match_claim("9228 personer har återvandrat", TEXT)
    assert match.match is MatchResult.FOUND
    assert "hedge_differs" in match.notes  # the source says "drygt"
    assert match_claim("1,5 procent av sökande fick stöd", TEXT).match is MatchResult.FOUND


def test_another_figure_on_the_topic_is_different_value():
    match = match_claim("45 procent vill återvända till hemlandet", TEXT)
    assert match.match is MatchResult.DIFFERENT_VALUE
    assert match.figures == ("40 %",)


def test_percent_and_percentage_points_are_kept_apart():
    assert match_claim("andelen som fick stöd ökade med 3 procentenheter", TEXT).match is (
        MatchResult.FOUND
    )
    assert match_claim("andelen som fick stöd ökade med 3 procent", TEXT).match is not (
        MatchResult.FOUND
    )


def test_a_figure_only_off_topic_is_not_found_but_kept_as_candidate():
    match = match_claim("500 kommuner har infört avgifter för parkering", TEXT)
    assert match.match is MatchResult.NOT_FOUND
    assert match.candidates and "500 migranter" in match.candidates[0].text


def test_no_text_is_source_unavailable():
    match = match_claim("40 procent vill återvandra", None)
    assert match.match is MatchResult.SOURCE_UNAVAILABLE
    assert match.expected == ("40 procent",)


def test_quotes_exact_and_near_exact_and_paraphrase():
    exact = match_claim("”Totalt deltog 500 migranter”", TEXT)
    assert exact.match is MatchResult.FOUND and exact.how == "exact"
    near = match_claim(
        "Av de tillfrågade svarade 40 % att de vill återvända till sitt hemland direkt "
        "eller inom snar framtid",
        TEXT,
    )
    assert near.match is MatchResult.FOUND
    text = "CLDD tror det men kan inte veta, då det inte är en vetenskaplig undersökning."
    quote = match_claim("“det  inte är en vetenskaplig undersökning”", text)
    assert quote.match is MatchResult.FOUND and quote.how == "exact"
    para = match_claim("CLDD medger att undersökningen saknar vetenskaplig grund", text)
    assert para.match is MatchResult.NOT_FOUND  # a paraphrase is never confirmed


def test_english_sources_and_compound_number_words():
    text = "A poll found that twenty-five percent of voters back the plan. Turnout was high."
    assert spell_out_compounds("tjugofem och twenty-five") == "25 och 25"
    assert match_claim("25% of voters back the plan", text).match is MatchResult.FOUND
    assert match_claim("a quarter of voters back the plan", text).match is MatchResult.FOUND
    assert match_claim("30% of voters back the plan", text).match is MatchResult.DIFFERENT_VALUE


def test_sentences_have_positions():
    parts = sentences(TEXT)
    assert parts[0].text == "Om undersökningen"
    assert TEXT[parts[1].start : parts[1].end].startswith("Av de tillfrågade")
