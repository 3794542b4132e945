"""General claim rules found missing on the fourth held-out set (tests/fixtures/heldout4).

The examples use other names and figures than the fixtures: each test is a rule of the
language, not a fixture's sentence.
"""

from __future__ import annotations

from verify.documents.model import ReadDocument
from verify.extract import extract_citations
from verify.quantities import parse_quantities


def _doc(text: str) -> ReadDocument:
    return ReadDocument("t.txt", "text/plain", "0" * 64, len(text), text)


def _cands(text: str):  # noqa: ANN202 - a tuple of candidates
    return extract_citations(_doc(text)).candidates


def _by(text: str, name: str):  # noqa: ANN202 - the candidate of one sender
    found = [c for c in _cands(text) if name in (c.organisation, c.acronym)]
    assert found, [c.label for c in _cands(text)]
    return found[0]


def _values(cand: object) -> list[tuple[float, str]]:
    return [(q.value, q.unit) for c in cand.claims for q in c.quantities]  # type: ignore[attr-defined]


def _all_values(text: str) -> list[tuple[float, str]]:
    return [v for c in _cands(text) for v in _values(c)]


# --- two senders in one sentence ------------------------------------------------------------


def test_a_second_senders_clause_ends_the_first_claim() -> None:
    text = (
        "Enligt Skatteverket betalade 23 procent av företagen för sent, medan "
        "Tillväxtverket konstaterar att 3 av 10 företag saknar revisor."
    )
    assert _values(_by(text, "Skatteverket")) == [(23.0, "percent")]
    assert (0.3, "fraction") not in _values(_by(text, "Skatteverket"))
    text = (
        "Boverket bedömer att 12 procent av hushållen är trångbodda, och Hyresgästföreningen "
        "har beräknat att var femte hyresgäst har svårt att betala hyran."
    )
    assert _values(_by(text, "Boverket")) == [(12.0, "percent")]
    text = (
        "The Swedish Tax Agency reports that 23 per cent paid late, while Statistics Sweden "
        "finds that 4 in 10 firms lack an accountant."
    )
    values = _all_values(text)
    assert values.count((23.0, "percent")) == 1
    assert values.count((0.4, "fraction")) <= 1


def test_an_and_without_a_second_sender_keeps_the_claim_whole() -> None:
    text = "Enligt Skatteverket betalade 23 procent för sent, och de flesta av dem var små."
    assert _values(_by(text, "Skatteverket")) == [(23.0, "percent")]
    text = "Boverket bedömer att 12 procent är trångbodda, och att 8 procent bor i andra hand."
    assert _values(_by(text, "Boverket")) == [(12.0, "percent"), (8.0, "percent")]


# --- the sentence after the attribution -----------------------------------------------------


def test_the_agency_continues_the_attribution_before() -> None:
    text = (
        "Trafikverket bedömer att underhållsskulden uppgår till 90 miljarder kronor. "
        "Myndigheten konstaterar vidare att 40 procent av spåren är i dåligt skick."
    )
    assert (40.0, "percent") in _values(_by(text, "Trafikverket"))
    text = (
        "According to the Swedish Energy Agency, 35 per cent of homes use heat pumps. The "
        "agency's report also shows that two in five owners plan to add solar panels."
    )
    assert (0.4, "fraction") in _all_values(text)
    text = (
        "Dagens Nyheter har visat att 200 lärare saknar behörighet. I Malmö saknar enligt "
        "tidningen var femte lärare legitimation."
    )
    assert (0.2, "fraction") in _values(_by(text, "Dagens Nyheter"))


def test_a_continuing_figure_after_an_attribution() -> None:
    text = (
        "Enligt Skolverket saknar 14 procent av eleverna behörighet. Andelen har dessutom "
        "ökat från 11 procent för tio år sedan."
    )
    assert (11.0, "percent") in _values(_by(text, "Skolverket"))


def test_no_continuation_without_an_attribution_just_before() -> None:
    text = (
        "Enligt Skolverket saknar 14 procent av eleverna behörighet. Det är allvarligt och "
        "kräver åtgärder. Andelen har dessutom ökat till 19 procent i vår kommun."
    )
    assert (19.0, "percent") not in _all_values(text)
    text = (
        "Skolan behöver mer resurser. Myndigheten konstaterar vidare att 40 procent av "
        "skolorna saknar kurator."
    )
    assert (40.0, "percent") not in _all_values(text)


def test_the_authors_own_figure_is_not_a_continuation() -> None:
    text = (
        "Enligt Skolverket saknar 14 procent av eleverna behörighet. Andelen har dessutom "
        "ökat till 19 procent på våra skolor enligt vår egen kartläggning."
    )
    assert (19.0, "percent") not in _values(_by(text, "Skolverket"))


# --- a sender and year in parentheses after the claim ---------------------------------------


def test_sender_and_year_in_parentheses_attribute_the_sentence() -> None:
    text = (
        "Trafiken har ökat kraftigt. Omkring 1 800 fotgängare skadades allvarligt under "
        "förra året (Trafikverket 2024). Vi vill bygga fler övergångsställen."
    )
    assert (1800.0, "count") in _values(_by(text, "Trafikverket"))
    text = "I genomsnitt 14 olika medarbetare besöker varje brukare (Socialstyrelsen, Öppna "
    text += "jämförelser 2022)."
    assert (14.0, "count") in _values(_by(text, "Socialstyrelsen"))


def test_a_year_in_parentheses_without_a_known_sender_is_no_source() -> None:
    text = "Andelen ökade till 30 procent (Ökningen 2024). Det är ett problem."
    assert _all_values(text) == []


# --- a list after a colon -------------------------------------------------------------------


def test_a_list_of_figures_after_a_colon() -> None:
    text = (
        "Skolinspektionen redovisar i sin årsrapport följande: 28 procent av skolorna brister "
        "i undervisningen, var fjärde rektor saknar stöd och drygt 3 100 elever har fått "
        "vänta på särskilt stöd."
    )
    values = _values(_by(text, "Skolinspektionen"))
    assert (28.0, "percent") in values and (0.25, "fraction") in values
    assert (3100.0, "count") in values


# --- quantities -----------------------------------------------------------------------------


def test_an_electricity_area_is_named_not_counted_and_energy_is_an_amount() -> None:
    values = [(q.value, q.unit) for q in parse_quantities("i elområde 3 betalade 1,20 kronor")]
    assert values == [(1.2, "amount")]
    values = [(q.value, q.unit) for q in parse_quantities("behovet är 160 terawattimmar")]
    assert values == [(160.0, "amount")]
