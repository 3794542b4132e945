"""General rules found missing on the third held-out set (tests/fixtures/heldout3).

The examples use other names and figures than the fixtures: each test is a rule of the
language, not a fixture's sentence.
"""

from __future__ import annotations

from verify.documents.model import ReadDocument
from verify.extract import extract_citations
from verify.extract.footnotes import parse_reference
from verify.extract.senders import read_sender
from verify.quantities import parse_quantities


def _doc(text: str) -> ReadDocument:
    return ReadDocument("t.txt", "text/plain", "0" * 64, len(text), text)


def _cands(text: str):  # noqa: ANN202 - a tuple of candidates
    return extract_citations(_doc(text)).candidates


def _values(cand: object) -> list[tuple[float, str]]:
    return [(q.value, q.unit) for c in cand.claims for q in c.quantities]  # type: ignore[attr-defined]


def _q(text: str, lang: str = "sv") -> list[tuple[float, str]]:
    return [(q.value, q.unit) for q in parse_quantities(text, lang)]


# --- quantities -----------------------------------------------------------------------------


def test_a_number_that_names_a_step_is_no_quantity() -> None:
    assert _q("trångbodd enligt norm 3 och i fas 2 av projektet") == []
    assert _q("bedömningen vid dag 90 i rehabiliteringskedjan") == []
    assert _q("pupils at level 4 in stage 2", "en") == []


def test_age_ranges_and_points_in_time_are_no_quantities() -> None:
    assert _q("children aged 6 to 12 in the city", "en") == []
    assert _q("ungdomar i åldern 15–19 år") == []
    assert _q("redan i 10–13-årsåldern") == []
    assert _q("vid fyra års ålder") == []
    assert _q("twice as many as five years ago", "en") == []
    assert _q("jämfört med för två år sedan") == []


def test_n_of_the_countrys_m_is_a_fraction() -> None:
    assert _q("120 av landets 200 kommuner") == [(0.6, "fraction")]


# --- senders and cues -------------------------------------------------------------------------


def test_name_ending_in_s_takes_no_extra_genitive_s() -> None:
    sender = read_sender("Tillväxtanalys rapport Företagens villkor visar att", 0, genitive=True)
    assert sender is not None and sender.name == "Tillväxtanalys"
    sender = read_sender("Ipsos undersökning visar att", 0, genitive=True)
    assert sender is not None and sender.name == "Ipsos"


def test_name_ending_in_s_written_bare_elsewhere() -> None:
    text = "Kantares rapport visar att 12 procent vill flytta. Det skriver Kantares, en byrå."
    sender = read_sender(text, 0, genitive=True)
    assert sender is not None and sender.name == "Kantares"


def test_work_and_title_named_before_the_verb() -> None:
    text = (
        "Statskontoret har i rapporten Styrning av myndigheter (2023:9) funnit att 14 procent "
        "av myndigheterna saknar plan. Enligt rapporten har 3 av 10 myndigheter ingen analys.\n"
    )
    cands = _cands(text)
    assert len(cands) == 1
    assert cands[0].title == "Styrning av myndigheter"
    assert (14.0, "percent") in _values(cands[0]) and (0.3, "fraction") in _values(cands[0])


def test_two_reports_of_one_sender_stay_two() -> None:
    text = (
        "Riksrevisionen visar i rapporten Statens hyror (RiR 2022:3) att hyrorna steg med 9 "
        "procent. I en tidigare rapport, Lokalförsörjning i staten (RiR 2020:14), konstaterade "
        "Riksrevisionen att 40 procent av lokalerna stod tomma.\n"
    )
    cands = [c for c in _cands(text) if c.organisation == "Riksrevisionen"]
    assert len(cands) == 2


def test_definite_work_at_sentence_start_refers_back() -> None:
    text = (
        "En studie från Lunds universitet följde 2 000 elever. Studien visade att "
        "var tredje elev sov för lite.\n"
    )
    cands = _cands(text)
    assert len(cands) == 1
    assert any(abs(v - 1 / 3) < 1e-6 and u == "fraction" for v, u in _values(cands[0]))


def test_refers_to_takes_the_sentence_before() -> None:
    text = "Motionären anger att 30 procent av lärarna saknar behörighet och hänvisar till SCB.\n"
    cands = _cands(text)
    assert len(cands) == 1 and cands[0].acronym == "SCB"
    assert (30.0, "percent") in _values(cands[0])


def test_more_vague_attributions() -> None:
    for text in (
        "Det hävdas ofta att skolan blivit sämre.",
        "Det är välkänt att bussar är billigare.",
        "Många vittnar om långa köer.",
        "Forskningen är entydig om läsningens betydelse.",
        "Det råder stor enighet bland ekonomer om detta.",
        "Det finns studier som visar att läxhjälp lönar sig.",
    ):
        cands = _cands(text + "\n")
        assert len(cands) == 1 and cands[0].vague, text


def test_recommends_and_estimates_are_claim_verbs() -> None:
    cands = _cands("Ramboll Sverige beräknar att kostnaden blir 12 miljoner kronor per år.\n")
    assert len(cands) == 1 and (12e6, "amount") in _values(cands[0])


# --- footnotes, lists and merging ---------------------------------------------------------------


def test_reference_with_a_sender_first_then_the_title() -> None:
    ref = parse_reference("Ramboll, Resandeprognos Mälardalen, Rapport 2023:7, ramboll.se")
    assert ref.publisher == "Ramboll" and ref.title == "Resandeprognos Mälardalen"


def test_two_markers_in_one_sentence_split_the_claim() -> None:
    text = (
        "Andelen var 12 procent [1], medan hela 55 procent av hushållen saknade bil [2].\n\n"
        "[1] Konsumentverket, Hushållens ekonomi, konsumentverket.se\n"
        "[2] Trafikverket, Bilinnehav i Sverige, trafikverket.se\n"
    )
    by_domain = {c.domain: _values(c) for c in _cands(text)}
    assert by_domain["konsumentverket.se"] == [(12.0, "percent")]
    assert by_domain["trafikverket.se"] == [(55.0, "percent")]


def test_address_in_a_source_table_joins_the_senders_mention() -> None:
    text = (
        "Enligt Riksförbundets enkät saknar 20 procent fritidsaktiviteter.\n\n"
        "Källa | Titel | År\n"
        "Riksförbundet | Enkät om fritid | 2024 | riksforbundet.se\n"
    )
    cands = _cands(text)
    assert len(cands) == 1 and cands[0].domain == "riksforbundet.se"


def test_own_domain_written_as_the_name_joins() -> None:
    text = (
        "Svenska Cykelsällskapet skriver i sin årsrapport att 40 procent cyklar. "
        "Läs mer på www.svenskacykelsallskapet.se.\n"
    )
    assert len(_cands(text)) == 1


def test_acronym_of_another_senders_work_is_that_work() -> None:
    text = (
        "The OECD's TALIS 2018 results show that 20% of teachers feel stressed. "
        "The TALIS survey also found that 45% of teachers lack mentoring.\n"
    )
    cands = _cands(text)
    assert len(cands) == 1 and cands[0].acronym == "OECD"
    assert (45.0, "percent") in _values(cands[0])


def test_untitled_mention_joins_the_senders_only_titled_work() -> None:
    text = (
        "Statskontoret har i rapporten Myndigheternas lokaler granskat kostnaderna. "
        "Statskontorets rapport visar att 30 procent av ytorna var tomma.\n"
    )
    assert len(_cands(text)) == 1


def test_the_municipalitys_own_survey_is_the_municipalitys() -> None:
    text = (
        "Motion till kommunfullmäktige i Storfors kommun\n\n"
        "Enligt kommunens egen enkät vill 64 procent av invånarna ha fler cykelbanor.\n"
    )
    cands = _cands(text)
    assert len(cands) == 1 and cands[0].organisation == "Storfors kommun"
    assert _values(cands[0]) == [(64.0, "percent")]


def test_the_researchers_are_the_studys() -> None:
    text = (
        "En studie från Umeå universitet följde 900 pensionärer. Forskarna fann att "
        "25 procent av dem var ensamma.\n"
    )
    cands = _cands(text)
    assert len(cands) == 1 and (25.0, "percent") in _values(cands[0])


def test_people_between_two_ages_is_an_age_range() -> None:
    assert _q("elever mellan sju och nio år") == []
    assert _q("mellan 20 och 30 procent") == [(20.0, "percent"), (30.0, "percent")]


def test_enligt_in_mid_sentence_keeps_the_quantity_before_it() -> None:
    text = "En höjning med en procentenhet motsvarar enligt SCB cirka 12 miljoner kronor.\n"
    values = _values(_cands(text)[0])
    assert (1.0, "percentage_points") in values and (12e6, "amount") in values
