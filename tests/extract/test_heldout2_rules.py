"""General rules found missing on the second held-out set (tests/fixtures/heldout2).

The examples use other names and figures than the fixtures: each test is a rule of the
language, not a fixture's sentence.
"""

from __future__ import annotations

from verify.documents.model import ReadDocument
from verify.extract import extract_citations
from verify.extract.designations import find_designations
from verify.extract.footnotes import find_plain_footnotes
from verify.extract.senders import read_sender
from verify.quantities import parse_quantities


def _doc(text: str) -> ReadDocument:
    return ReadDocument("t.txt", "text/plain", "0" * 64, len(text), text)


def _cands(text: str):  # noqa: ANN202 - a tuple of candidates
    return extract_citations(_doc(text)).candidates


def _by_org(text: str) -> dict[str, object]:
    return {c.organisation: c for c in _cands(text) if c.organisation}


def _values(cand: object) -> list[tuple[float, str]]:
    return [(q.value, q.unit) for c in cand.claims for q in c.quantities]  # type: ignore[attr-defined]


# --- quantities -----------------------------------------------------------------------------


def test_article_before_a_percent_unit_is_one() -> None:
    found = parse_quantities("en minskning med en procentenhet", "sv")
    assert [(q.value, q.unit) for q in found] == [(1.0, "percentage_points")]


def test_period_of_a_change_is_no_quantity() -> None:
    found = parse_quantities("har ökat med 12 procent på tre år", "sv")
    assert [(q.value, q.unit) for q in found] == [(12.0, "percent")]


def test_lower_bound_of_an_age_range_is_no_quantity() -> None:
    assert parse_quantities("bland 10–12-åringarna i länet", "sv") == []


# --- designations ---------------------------------------------------------------------------


def test_committee_report_and_riksdag_letter_written_out() -> None:
    text = "utskottets betänkande 2019/20:SoU12 och riksdagsskrivelse 2019/20:250"
    assert [d.canonical for d in find_designations(text)] == [
        "bet. 2019/20:SoU12",
        "rskr. 2019/20:250",
    ]


# --- senders --------------------------------------------------------------------------------


def test_suspended_compound_is_one_name() -> None:
    sender = read_sender("Kultur- och fritidsförvaltningen har beräknat", 0)
    assert sender is not None and sender.name == "Kultur- och fritidsförvaltningen"


def test_short_name_in_parentheses_taken_from_the_long_name() -> None:
    sender = read_sender(
        "Myndigheten för tillväxtpolitiska utvärderingar (Tillväxtanalys) visar", 0
    )
    assert sender is not None and sender.acronym == "Tillväxtanalys"


def test_statens_with_a_common_noun_is_a_name() -> None:
    sender = read_sender("Statens fastighetsverks rapport", 0, genitive=True)
    assert sender is not None and sender.name == "Statens fastighetsverk"


def test_kind_word_before_a_name_is_dropped() -> None:
    found = _by_org("Tankesmedjan Arena Idé visar i en rapport att 14 procent saknar jobb.")
    assert "Arena Idé" in found


def test_english_genitive_ends_at_apostrophe_s() -> None:
    found = _by_org(
        "That Leeds City Council's Residents Panel survey found that 23 per cent of tenants "
        "could not heat their homes."
    )
    assert _values(found["Leeds City Council"]) == [(23.0, "percent")]


# --- cue phrases ----------------------------------------------------------------------------


def test_acronym_compounded_with_its_work() -> None:
    text = "Enligt ESV-rapporten ”Statens finanser i fokus” (2020) minskade skulden 61 procent."
    cand = next(c for c in _cands(text) if c.acronym == "ESV")
    assert cand.title == "Statens finanser i fokus"  # type: ignore[attr-defined]
    assert _values(cand) == [(61.0, "percent")]


def test_acronym_compound_without_a_cue_is_no_source() -> None:
    assert not _by_org("Det saknas jämförbar EU-statistik på området sedan länge.")


def test_title_then_its_sender() -> None:
    found = _by_org("Enligt Vården i siffror 2022 från Socialstyrelsen väntar 3 av 10 patienter.")
    cand = found["Socialstyrelsen"]
    assert cand.title == "Vården i siffror 2022"  # type: ignore[attr-defined]
    assert _values(cand) == [(0.3, "fraction")]


def test_work_then_who_runs_it() -> None:
    found = _by_org(
        "Enligt det nationella kvalitetsregistret, som Sveriges Kommuner och Regioner (SKR) "
        "driver, fick 71 procent behandling i tid."
    )
    assert _values(found["Sveriges Kommuner och Regioner"]) == [(71.0, "percent")]


def test_det_framgar_av_takes_the_sentence_before() -> None:
    found = _by_org("Kön var 412 personer lång i mars. Det framgår av Kolada, där snittet är 380.")
    assert sorted(_values(found["Kolada"])) == [(380.0, "count"), (412.0, "count")]


def test_publication_named_with_its_date() -> None:
    found = _by_org("I Expressen 3 maj 2023 beskrevs hur 40 butiker stängt.")
    assert "Expressen" in found


def test_newspaper_reported_on_a_date_that() -> None:
    found = _by_org("Sydsvenskan rapporterade den 9 april 2022 att 212 lägenheter stod tomma.")
    assert _values(found["Sydsvenskan"]) == [(212.0, "count")]


def test_genitive_body_with_any_work_then_visar_att() -> None:
    found = _by_org(
        "Skolverkets nationella lägesmätning 2022 visar att 17 procent saknar behörighet."
    )
    assert _values(found["Skolverket"]) == [(17.0, "percent")]


def test_english_sender_data_show_that() -> None:
    found = _by_org("Eurostat figures published in May show that 12.5 per cent were unemployed.")
    assert _values(found["Eurostat"]) == [(12.5, "percent")]


def test_body_has_estimated_a_figure() -> None:
    found = _by_org(
        "Miljö- och hälsoskyddsförvaltningen har beräknat kostnaden till 850 000 kronor."
    )
    cand = found["Miljö- och hälsoskyddsförvaltningen"]
    assert _values(cand) == [(850000.0, "amount")]


def test_more_vague_cues() -> None:
    text = (
        "Enligt uppgifter i lokalpressen stängs skolan. "
        "Erfarenheter från andra regioner visar att det fungerar. "
        "Många lärare vittnar om stress. It is widely known that rents rise."
    )
    vague = [c for c in _cands(text) if c.vague]
    assert len(vague) == 4


# --- numbered reference lists ---------------------------------------------------------------


def test_numbered_list_with_parenthesised_markers() -> None:
    text = (
        "Andelen ökade till 31 procent (1). Hälften saknar stöd (2).\n\n"
        "Källor:\n1. Skolverket (2023). Elever i grundskolan. www.skolverket.se\n"
        "2. Specialpedagogiska skolmyndigheten (2022). Stöd i skolan.\n"
    )
    notes = find_plain_footnotes(text)
    assert [n.marker for n in notes] == ["1", "2"]
    assert text[notes[0].ref_start : notes[0].ref_end] == "(1)"  # type: ignore[index]
    quantities = [v for c in _cands(text) for v in _values(c)]
    assert (1.0, "count") not in quantities and (2.0, "count") not in quantities
