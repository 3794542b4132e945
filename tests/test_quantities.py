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


def test_resolution_numbers_currencies_and_degrees():
    from verify.quantities import parse_quantities

    assert parse_quantities("sedan resolution 1325 antogs") == []
    assert [(q.value, q.unit) for q in parse_quantities("satt till 4400 HKD per månad")] == [
        (4400.0, "amount")
    ]
    assert [(q.value, q.unit) for q in parse_quantities("väl under 2 grader")] == [(2.0, "amount")]
