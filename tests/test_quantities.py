"""Quantity parsing: Swedish and English forms, hedges, what is not a quantity, properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verify.models import Quantity
from verify.quantities import comparable, parse_quantities, same_quantity, surface_forms


def one(text: str, lang: str | None = None) -> Quantity:
    found = parse_quantities(text, lang)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("40 procent", 40, "percent"),
        ("40 %", 40, "percent"),
        ("40%", 40, "percent"),
        ("fyra av tio", 0.4, "fraction"),
        ("var tredje", 1 / 3, "fraction"),
        ("hälften av dem", 0.5, "fraction"),
        ("1,5 miljoner", 1_500_000, "count"),
        ("9\u00a0228 personer", 9228, "count"),
        ("3 procentenheter", 3, "percentage_points"),
        ("390 miljoner kronor", 390_000_000, "amount"),
        ("enbart en kommun", 1, "count"),
    ],
)
def test_swedish_forms(text: str, value: float, unit: str) -> None:
    q = one(text, "sv")
    assert q.value == pytest.approx(value)
    assert q.unit == unit


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("two in five adults", 0.4, "fraction"),
        ("a third of them", 1 / 3, "fraction"),
        ("25 percent", 25, "percent"),
        ("9,228 people", 9228, "count"),
        ("1.5 million people", 1_500_000, "count"),
        ("2 percentage points", 2, "percentage_points"),
    ],
)
def test_english_forms(text: str, value: float, unit: str) -> None:
    q = one(text, "en")
    assert q.value == pytest.approx(value)
    assert q.unit == unit


@pytest.mark.parametrize(
    ("text", "hedge"),
    [("drygt 9 228", "drygt"), ("nära 40 procent", "nära"), ("mer än 200", "mer än"),
     ("cirka 5 %", "cirka"), ("almost half", "almost"), ("at least 12 percent", "at least")],
)  # fmt: skip
def test_hedges_are_kept(text: str, hedge: str) -> None:
    assert one(text).hedge == hedge


@pytest.mark.parametrize(
    "text",
    ["år 2019", "den 13 mars", "2024-02-02", "SOU 2019:30", "prop. 2017/18:228",
     "Dnr KS 2023/1387", "på 23:e plats", "mellan 2017-2019", "en undersökning", "ett beslut"],
)  # fmt: skip
def test_not_quantities(text: str) -> None:
    assert parse_quantities(text, "sv") == []


def test_percent_and_fraction_compare_equal() -> None:
    a = one("40 procent", "sv")
    b = one("fyra av tio", "sv")
    c = one("two in five", "en")
    assert comparable(a) == comparable(b) == comparable(c) == ("share", 0.4)
    assert same_quantity(a, c)
    assert not same_quantity(a, one("40 procentenheter", "sv"))


def test_surface_forms() -> None:
    forms = surface_forms(one("40 procent", "sv"))
    for expected in ("40 procent", "40 %", "40%", "fyra av tio", "two in five", "40 percent"):
        assert expected in forms
    assert "9 228" in surface_forms(Quantity("9228", 9228, "count"))
    assert "var tredje" in surface_forms(Quantity("a third", 1 / 3, "fraction"))


@given(st.integers(min_value=1000, max_value=10**12), st.sampled_from([" ", "\u00a0"]))
def test_swedish_thousands_round_trip(value: int, sep: str) -> None:
    written = f"{value:,}".replace(",", sep)
    q = one(f"Det gäller {written} personer.", "sv")
    assert q.value == value
    assert q.unit == "count"


@given(st.integers(min_value=1000, max_value=10**12))
def test_english_thousands_round_trip(value: int) -> None:
    q = one(f"It concerns {value:,} people.", "en")
    assert q.value == value


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=1, max_value=9))
def test_swedish_decimal_percent(whole: int, tenth: int) -> None:
    q = one(f"{whole},{tenth} procent", "sv")
    assert q.value == pytest.approx(whole + tenth / 10)
    assert q.unit == "percent"


@given(st.text(max_size=300), st.sampled_from([None, "sv", "en"]))
def test_parse_never_raises(text: str, lang: str | None) -> None:
    for q in parse_quantities(text, lang):
        assert isinstance(q, Quantity)
        surface_forms(q)


# --- numbers across conventions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "value", "unit"),
    [
        ("50.000 Menschen", "de", 50_000, "count"),
        ("50.000 mennesker", "da", 50_000, "count"),
        ("2,00 Prozent", "de", 2.0, "percent"),
        ("2,5 prosent", "no", 2.5, "percent"),
        ("3 Prozentpunkte", "de", 3, "percentage_points"),
        ("4 procentpoint", "da", 4, "percentage_points"),
        ("1,5 Mio. Euro", "de-DE", 1_500_000, "amount"),
        ("500 MSEK", "sv", 500_000_000, "amount"),
        ("3 mia. kr.", "da", 3e9, "amount"),
        ("12 500 employees", "en", 12_500, "count"),
        ("$27,53 billion", "en", 27.53e9, "amount"),
        ("1.234.567 Einwohner", "de", 1_234_567, "count"),
        ("1,234.5 km", "en", 1234.5, "amount"),
        ("1.234,5 km", "de", 1234.5, "amount"),
        ("7 pct.", "da", 7, "percent"),
        ("tre miljoner kronor", "sv", 3e6, "amount"),
        ("two million people", "en", 2e6, "count"),
    ],
)
def test_numbers_in_their_language(text: str, lang: str, value: float, unit: str) -> None:
    q = one(text, lang)
    assert q.value == pytest.approx(value)
    assert q.unit == unit


def test_the_language_chooses_between_the_readings_of_a_form() -> None:
    assert one("50.000 dollars", "en").value == 50_000  # three zero decimals: grouped
    assert one("growth of 1.234 percent", "en").value == pytest.approx(1.234)
    assert one("Wachstum von 1.234 Prozent", "de").value == 1234
    assert one("1,234 miljoner", "sv").value == pytest.approx(1_234_000)
    assert one("1,234 million", "en").value == pytest.approx(1_234_000_000)


def test_an_unknown_language_keeps_both_readings() -> None:
    q = one("1,234 km", "und")
    readings = sorted([q.value, *(v for v, _ in q.readings)])
    assert readings == pytest.approx([1.234, 1234])
    # a count of people is never a fraction of one: both stay, whatever the language
    people = one("1,234 personer", "sv")
    assert people.value == pytest.approx(1.234)  # Swedish: the comma is the decimal sign
    assert sorted(v for v, _ in people.readings) == [1234]


def test_precision_as_written() -> None:
    assert one("2,00 %", "sv").precision == pytest.approx(0.01)
    assert one("1,4 miljoner", "sv").precision == pytest.approx(100_000)
    assert one("9 228 personer", "sv").precision == 1


@pytest.mark.parametrize(
    ("claim", "source", "same"),
    [
        ("40 %", "40,3 %", True),  # the claim rounds the source
        ("2,5 %", "2,4 %", False),
        ("2,50 %", "2,5 %", True),
        ("2,51 %", "2,50 %", False),
        ("1,5 miljoner", "1 523 000", True),
        ("9 229 personer", "9 228 personer", False),
        ("17,813 personer", "18 personer", False),  # finer than the source: must be exact
    ],
)
def test_same_quantity_at_the_claims_precision(claim: str, source: str, same: bool) -> None:
    assert same_quantity(one(claim, "sv"), one(source, "sv")) is same


def test_dates_and_times_in_other_conventions_are_not_quantities() -> None:
    assert parse_quantities("am 3. Oktober 2019", "de") == []
    assert parse_quantities("am 12.03.2019", "de") == []
    assert parse_quantities("um 10.30 Uhr", "de") == []


def test_detect_language() -> None:
    from verify.quantities import decimal_symbol, detect_language, language_code

    assert detect_language("Die Zahl der Menschen ist nicht mit den anderen auf dem Land.") == "de"
    assert detect_language("Det är inte för att de vill, utan för att de måste och kan.") == "sv"
    assert detect_language("The number of people is not what the report says it is.") == "en"
    assert detect_language("50 000") is None
    assert language_code("en-US") == "en" and language_code("nb") == "no"
    assert language_code("und") is None
    assert decimal_symbol("de") == "," and decimal_symbol("en") == "."
    assert decimal_symbol("xx") is None


def test_quantity_json_keeps_precision_and_readings() -> None:
    q = one("1,234 km", "und")
    assert Quantity.from_dict(q.to_dict()) == q
    plain = Quantity("40 procent", 40.0, "percent")
    assert plain.to_dict() == {"text": "40 procent", "value": 40.0, "unit": "percent",
                               "hedge": None}  # fmt: skip


def test_resolution_numbers_currencies_and_degrees():
    from verify.quantities import parse_quantities

    assert parse_quantities("sedan resolution 1325 antogs") == []
    assert [(q.value, q.unit) for q in parse_quantities("satt till 4400 HKD per månad")] == [
        (4400.0, "amount")
    ]
    assert [(q.value, q.unit) for q in parse_quantities("väl under 2 grader")] == [(2.0, "amount")]
