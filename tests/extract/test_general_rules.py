"""General rules found missing on held-out documents (tests/fixtures/heldout)."""

from __future__ import annotations

from verify.documents.model import ReadDocument
from verify.extract import extract_citations
from verify.extract.designations import find_designations
from verify.extract.footnotes import find_plain_footnotes, parse_reference
from verify.quantities import parse_quantities


def _doc(text: str) -> ReadDocument:
    return ReadDocument("t.txt", "text/plain", "0" * 64, len(text), text)


def _by_org(text: str) -> dict[str, object]:
    return {c.organisation: c for c in extract_citations(_doc(text)).candidates if c.organisation}


def _values(text: str) -> list[tuple[float, str]]:
    return [(q.value, q.unit) for q in parse_quantities(text, "sv" if " och " in text else None)]


def test_compound_law_name_with_sfs_number() -> None:
    text = "enligt socialtjänstlagen (2001:453) och miljöbalken (1998:808)"
    assert [d.canonical for d in find_designations(text)] == ["SFS 2001:453", "SFS 1998:808"]


def test_reporting_verb_with_a_phrase_before_att() -> None:
    text = (
        "Dagens Nyheter rapporterade i mars att flera skolor saknar lärare. "
        "Ekonomistyrningsverket (ESV) konstaterar i sin prognos från september att "
        "inflationen sjunker till 2,1 procent."
    )
    found = _by_org(text)
    assert "Dagens Nyheter" in found
    esv = found["Ekonomistyrningsverket"]
    assert [q.value for c in esv.claims for q in c.quantities] == [2.1]  # type: ignore[attr-defined]


def test_compound_work_noun_after_genitive() -> None:
    text = "Skolverkets lärarprognos visar att det saknas omkring 12 000 lärare."
    cand = _by_org(text)["Skolverket"]
    assert [q.value for c in cand.claims for q in c.quantities] == [12000]  # type: ignore[attr-defined]


def test_source_in_parentheses() -> None:
    text = "Andelen med låg standard var 14,2 procent år 2022 (källa: SCB 2023), vilket är högt."
    cand = _by_org(text)["Statistiska centralbyrån"]
    assert [q.value for c in cand.claims for q in c.quantities] == [14.2]  # type: ignore[attr-defined]


def test_media_reports_are_vague() -> None:
    text = "Enligt uppgifter i media har minst tre skolor haft svårt att bemanna tjänster."
    (cand,) = extract_citations(_doc(text)).candidates
    assert cand.vague


def test_same_work_refers_back() -> None:
    text = (
        "Socialstyrelsens kartläggning visar att 27 383 personer var hemlösa. "
        "Enligt samma kartläggning har andelen kvinnor ökat med 3 procentenheter."
    )
    (cand,) = extract_citations(_doc(text)).candidates
    units = sorted(q.unit for c in cand.claims for q in c.quantities)
    assert units == ["count", "percentage_points"]


def test_bracket_and_superscript_footnotes() -> None:
    text = (
        "Rapporten visar det [1]. Och annat.²\n\n[1] Skolverket, PISA 2022.\n² SKR, Ekonomirapport."
    )
    notes = {n.marker: n for n in find_plain_footnotes(text)}
    assert set(notes) == {"1", "2"}
    assert text[notes["1"].ref_start : notes["1"].ref_end] == "[1]"
    assert text[notes["2"].ref_start : notes["2"].ref_end] == "²"


def test_superscript_footnote_does_not_take_a_designation_digit() -> None:
    text = "SKR bedömer att underlaget ökar.¹ Se prop. 2023/24:1) här.\n\n¹ SKR, Ekonomirapporten"
    (note,) = find_plain_footnotes(text)
    assert note.ref_start == text.index("¹")


def test_author_year_reference() -> None:
    ref = parse_reference(
        "CAN (2023). Skolelevers drogvanor 2023. CAN-rapport 221. https://can.se/x"
    )
    assert ref.publisher == "CAN"
    assert ref.title and ref.title.startswith("Skolelevers drogvanor")
    dotted = parse_reference("Folkhälsomyndigheten. Spel om pengar bland unga. Artikelnummer 1.")
    assert dotted.publisher == "Folkhälsomyndigheten"


def test_footnote_by_the_sender_joins_its_one_work_nearby() -> None:
    text = (
        "Den senaste visar att 38 procent hade druckit alkohol [1]. CAN:s undersökning "
        "visar också att 41 procent aldrig druckit.\n\n"
        "[1] CAN (2023). Skolelevers drogvanor 2023. https://www.can.se/publikationer/x/"
    )
    (cand,) = extract_citations(_doc(text)).candidates
    assert cand.url == "https://www.can.se/publikationer/x/"
    assert sorted(q.value for c in cand.claims for q in c.quantities) == [38, 41]


def test_english_genitive_with_modifier_and_name_alias() -> None:
    text = (
        "SMHI's climate scenarios show that rainfall could increase by 20 to 40 percent. "
        "Insurance Sweden (Svensk Försäkring) reports that claims exceeded SEK 500 million."
    )
    found = _by_org(text)
    assert "Insurance Sweden" in found
    assert any(c.acronym == "SMHI" for c in extract_citations(_doc(text)).candidates)


def test_quantity_ranges_ages_periods_and_sections() -> None:
    assert _values("ökat från 24 till 41 procent") == [(24, "percent"), (41, "percent")]
    assert _values("mellan 20 och 30 procent") == [(20, "percent"), (30, "percent")]
    assert _values("by 20 to 40 percent") == [(20, "percent"), (40, "percent")]
    assert _values("exceeded SEK 500 million") == [(5e8, "amount")]
    assert _values("var fjärde 15-åring och") == [(0.25, "fraction")]
    assert _values("eleverna i årskurs 9 och") == []
    assert _values("enligt 4 kap. 4 § och") == []
    assert _values("de senaste tolv månaderna och") == []
    assert _values("invånare 80 år och äldre") == []
    assert _values("personer över 80 år ökar med 50 procent och") == [(50, "percent")]
    assert _values("20 kommuner och 30 procent") == [(20, "count"), (30, "percent")]
