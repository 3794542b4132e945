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


# --- numbers across conventions, passages, the visible layer --------------------------------

GERMAN = """Die Zahl der Versicherten liegt bei 50.000 Menschen in der Region.
Der Beitrag steigt um 2,00 Prozent im nächsten Jahr."""


def test_a_page_in_another_convention_is_read_by_its_language():
    found = match_claim("50 000 försäkrade människor i regionen", GERMAN, lang="de")
    assert found.match is MatchResult.FOUND and found.figures == ("50.000",)
    assert match_claim("Beitrag steigt um 2,00 % im nächsten Jahr", GERMAN, lang="de").match is (
        MatchResult.FOUND
    )
    # fifty is not fifty thousand where the dot groups thousands
    assert match_claim("50 Versicherten in der Region", GERMAN, lang="de").match is (
        MatchResult.DIFFERENT_VALUE
    )
    # the page's lang attribute decides; detection when it is absent
    assert match_claim("50 000 Versicherten in der Region", GERMAN).match is MatchResult.FOUND


def test_a_changed_last_digit_is_not_found():
    text = "Alibaba shares closed in New York on Tuesday at $185.25, up 0.35%."
    assert match_claim("Alibaba shares closed on Tuesday at $185,25", text).match is (
        MatchResult.FOUND
    )
    assert match_claim("Alibaba shares closed on Tuesday at $185,26", text).match is (
        MatchResult.DIFFERENT_VALUE
    )


PASSAGE = """The unions said more than 15,000 people registered for the rally. Indiana State
Police reported at least 5,000 people entered the Statehouse through public entrances.
Weather was cold."""


def test_figures_in_adjacent_sentences_are_found_as_a_passage():
    claim = "More than 15 000 registered for the rally and 5 000 entered the Statehouse"
    match = match_claim(claim, PASSAGE)
    assert match.match is MatchResult.FOUND and match.how == "passage"
    assert match.passage is not None
    assert "15,000" in match.passage.text and "5,000" in match.passage.text
    changed = match_claim(claim.replace("5 000", "6 000"), PASSAGE)
    assert changed.match is not MatchResult.FOUND


def test_plain_numbers_of_a_claim_without_quantities():
    text = "The last 33 days have been unprecedentedly difficult for the community."
    assert match_claim("Difficult for the community, the last 33 days have been", text).match is (
        MatchResult.FOUND
    )
    assert match_claim("Difficult for the community, the last 34 days have been", text).match is (
        MatchResult.DIFFERENT_VALUE
    )


def test_found_elsewhere_on_the_page():
    main = "Die Zahl der Versicherten wächst."
    visible = "Startseite Politik\n\n" + GERMAN + "\n\nImpressum"
    match = match_claim("50 000 Versicherten in der Region", main, lang="de", visible=visible)
    assert match.match is MatchResult.FOUND_ELSEWHERE_ON_PAGE
    assert match.passage is not None and "50.000" in match.passage.text
    # found in the main text: found, whatever the visible layer holds
    assert match_claim("50 000 Versicherten", GERMAN, lang="de", visible=visible).match is (
        MatchResult.FOUND
    )
    # a changed figure is not found anywhere
    assert match_claim("60 000 Versicherten", main, lang="de", visible=visible).match is not (
        MatchResult.FOUND_ELSEWHERE_ON_PAGE
    )
