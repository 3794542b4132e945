"""Quantities in claims: parse "40 procent", "fyra av tio", "drygt 9 228", "two in five" (pure).

A quantity is a number as written and as understood (:class:`verify.models.Quantity`):
``percent`` (40 for "40 %"), ``percentage_points``, ``fraction`` (0..1: "var tredje",
"hälften", "two in five"), ``count`` (people, municipalities, points) or ``amount`` (money
and measured units: "390 miljoner kronor", "30 TWh"). A hedge written before the number
("drygt", "nära", "about", "more than") is kept in ``hedge``.

Years ("2019"), dates ("den 13 mars", "2024-02-02"), ordinals ("23:e"), designation and
case numbers ("SOU 2019:30", "2023/1387") are not quantities.

A number is read with every reading its form allows. "9 228" and "1.234.567" have one;
"50.000" is fifty thousand where the decimal sign is a comma (German, Danish, Norwegian,
Swedish, ... ) and fifty where it is a point (English), and "1,234" the other way round. The
language (``lang``: a code such as ``sv``, ``de-DE``, ``nb``; with ``None`` it is detected
from the text, :func:`detect_language`) chooses by its decimal sign (from babel's locale
data); the unit can overrule it ("50.000 people" is a count, not fifty with three zero
decimals). Where the language is not known (``lang="und"``, or detection is unsure), both
readings are kept (:attr:`Quantity.readings`). Every quantity carries the ``precision`` it was
written with, so "2,5 %" and "2,4 %" differ while "40 %" is a rounding of "40,3 %".

Claim matching compares quantities by :func:`comparable` (percent and fractions on one
scale of shares) and looks for them in a source by the strings :func:`surface_forms` gives.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from functools import lru_cache

from babel.core import UnknownLocaleError
from babel.numbers import get_decimal_symbol

from .models import Quantity

__all__ = [
    "comparable",
    "decimal_symbol",
    "detect_language",
    "guess_language",
    "language_code",
    "parse_number",
    "parse_numbers",
    "parse_quantities",
    "same_quantity",
    "surface_forms",
]

# --- vocabulary -----------------------------------------------------------------------------

_SV_UNITS = {
    "noll": 0, "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6,
    "sju": 7, "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13,
    "fjorton": 14, "femton": 15, "sexton": 16, "sjutton": 17, "arton": 18, "nitton": 19,
    "tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70,
    "åttio": 80, "nittio": 90, "hundra": 100, "etthundra": 100, "tusen": 1000,
    "ettusen": 1000,
}  # fmt: skip
_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
}  # fmt: skip
#: Number words that are also articles/pronouns: a quantity only after "only", "endast", ...
_AMBIGUOUS_WORDS = {"en", "ett", "one", "sex"}
_RESTRICTIVES = {"enbart", "endast", "bara", "blott", "only", "just", "exakt", "precis"}

_SV_ORDINALS = {
    "andra": 2, "annan": 2, "tredje": 3, "fjärde": 4, "femte": 5, "sjätte": 6, "sjunde": 7,
    "åttonde": 8, "nionde": 9, "tionde": 10, "tolfte": 12, "tjugonde": 20, "hundrade": 100,
}  # fmt: skip
_SV_PARTS = {
    "halv": 2, "halva": 2, "tredjedel": 3, "tredjedelar": 3, "fjärdedel": 4, "fjärdedelar": 4,
    "femtedel": 5, "femtedelar": 5, "sjättedel": 6, "tiondel": 10, "tiondelar": 10,
}  # fmt: skip
_EN_PARTS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "tenth": 10, "tenths": 10,
}  # fmt: skip

_SCALES = {
    "tusen": 1e3, "thousand": 1e3, "miljon": 1e6, "miljoner": 1e6, "million": 1e6,
    "millions": 1e6, "miljard": 1e9, "miljarder": 1e9, "billion": 1e9, "billions": 1e9,
    "mn": 1e6, "mnkr": 1e6, "mkr": 1e6, "mdkr": 1e9, "mdr": 1e9, "tkr": 1e3,
    "msek": 1e6, "mdsek": 1e9, "tsek": 1e3,
    "millionen": 1e6, "milliarde": 1e9, "milliarden": 1e9, "mio": 1e6, "mrd": 1e9,
    "millioner": 1e6, "milliard": 1e9, "milliarder": 1e9, "mia": 1e9, "mill": 1e6,
    "milliards": 1e9, "tusind": 1e3, "tausend": 1e3,
}  # fmt: skip
_MONEY_SCALES = {"mnkr", "mkr", "mdkr", "tkr", "msek", "mdsek", "tsek"}

#: Words after a number that make it an amount (money or a measured unit).
_AMOUNT_UNITS = {
    "kr", "kronor", "krona", "sek", "euro", "eur", "€", "$", "dollar", "dollars", "usd",
    "pounds", "öre", "twh", "gwh", "mwh", "kwh", "kw", "mw", "gw", "ton", "tons", "tonnes",
    "kg", "km", "m2", "kvm", "kvadratmeter", "liter", "procentandel", "terawattimmar",
    "terawattimme", "gigawattimmar", "megawattimmar", "kilowattimmar",
    "kroner", "krone", "nok", "dkk", "czk", "kč", "gbp", "chf", "£", "hkd", "jpy",
    "grader", "grad", "celsius",
}  # fmt: skip
#: Percent written as a word or sign (sv, en, no, da, de, and the Romance languages).
_PERCENT_RE = (
    r"%|procent\b|prosent\b|prozent\b|percent\b|per cent\b|pct\b\.?|prc\b|pour cent\b"
    r"|por ciento\b|per cento\b|por cento\b"
)
#: Percentage points (sv, en, no, da, de).
_POINTS_RE = (
    r"procentenheter|procentenhet|procentenheterna|prozentpunkte|prozentpunkten|prozentpunkt"
    r"|prosentpoeng|prosentenheter|prosentenhet|procentpoint|procentpoints|procentpointene"
    r"|percentage points?|pct\.?-?point"
)

_MONTHS = (
    "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec|january|february|march|may|june|"
    "july|august|october|januar|februar|märz|mai|oktober|dezember|marts|desember|"
    "janvier|février|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
)

#: Hedges, longest first so that "mer än" wins over "än".
_HEDGES = sorted(
    [
        "nära",
        "drygt",
        "knappt",
        "cirka",
        "ca",
        "ca.",
        "c:a",
        "omkring",
        "runt",
        "över",
        "under",
        "närmare",
        "mer än",
        "fler än",
        "minst",
        "nästan",
        "ungefär",
        "uppemot",
        "upp till",
        "mindre än",
        "färre än",
        "högst",
        "strax över",
        "strax under",
        "bortåt",
        "almost",
        "nearly",
        "about",
        "around",
        "approximately",
        "more than",
        "over",
        "at least",
        "less than",
        "fewer than",
        "roughly",
        "some",
        "up to",
        "just over",
        "just under",
        "well over",
        "at most",
        "close to",
        "under",
    ],
    key=len,
    reverse=True,
)

_SV_HINTS = {
    "och", "att", "det", "som", "är", "på", "för", "med", "av", "till", "enligt", "inte",
    "har", "de", "en", "ett", "om", "procent", "från", "visar", "också", "var",
    "drygt", "knappt", "miljoner", "tredje", "hälften", "andel", "personer", "kronor",
}  # fmt: skip
_EN_HINTS = {
    "the", "and", "that", "is", "of", "to", "for", "with", "by", "according", "not", "has",
    "have", "are", "percent", "from", "shows", "found", "also", "which", "in", "out",
    "more", "than", "people", "about", "nearly", "almost", "half", "third", "quarter", "million",
    "survey", "report", "study", "a", "an", "per", "cent", "points", "least",
}  # fmt: skip

_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]+")


def guess_language(text: str) -> str:
    """``"sv"`` or ``"en"``, by counting common function words (Swedish when undecided)."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    sv = sum(1 for w in words if w in _SV_HINTS) + 3 * sum(1 for w in words if "å" in w)
    en = sum(1 for w in words if w in _EN_HINTS) + sum(1 for w in words if w in _EN_UNITS)
    sv += sum(1 for w in words if w in _SV_UNITS and w not in _EN_UNITS)
    return "en" if en > sv else "sv"


_DETECT_HINTS = {
    "sv": {"och", "att", "är", "inte", "för", "till", "också", "från", "eller", "av", "har",
           "som", "det", "enligt", "procent", "kronor", "mycket", "hade", "blev", "än"},
    "en": _EN_HINTS - {"a", "in", "per", "cent"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "von", "für", "auf", "sich", "dem",
           "den", "ein", "eine", "auch", "wird", "wurde", "sind", "prozent", "bei", "nach"},
    "da": {"og", "at", "er", "ikke", "for", "til", "af", "også", "fra", "eller", "har", "som",
           "det", "med", "meget", "havde", "blev", "efter", "procent", "kroner", "mod"},
    "no": {"og", "at", "er", "ikke", "for", "til", "av", "også", "fra", "eller", "har", "som",
           "det", "med", "mye", "hadde", "ble", "etter", "prosent", "kroner", "mot"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "pour", "dans", "qui", "sur", "par",
           "pas", "du", "au", "avec"},
    "es": {"el", "la", "los", "las", "que", "del", "por", "para", "con", "una", "es", "se",
           "y", "su"},
    "pt": {"os", "as", "que", "do", "da", "em", "para", "com", "uma", "não", "são", "foi",
           "no", "na"},
    "it": {"il", "che", "di", "della", "per", "con", "una", "sono", "non", "gli", "le", "del"},
    "nl": {"de", "het", "een", "en", "van", "niet", "met", "voor", "op", "zijn", "ook", "dat"},
    "cs": {"je", "se", "na", "že", "to", "jako", "pro", "ale", "jsou", "podle", "také", "nebo"},
}  # fmt: skip
_ALL_WORDS = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str | None:
    """The language of ``text`` by its function words (sv, en, de, da, no, fr, es, pt, it, nl,
    cs), or None when the text is too short or the count is close."""
    words = [w.lower() for w in _ALL_WORDS.findall(text[:20000])]
    scores = {lang: sum(1 for w in words if w in hints) for lang, hints in _DETECT_HINTS.items()}
    letters = "".join(words)
    scores["sv"] += 2 * sum(letters.count(c) for c in "äö")
    for lang in ("da", "no"):
        scores[lang] += 2 * sum(letters.count(c) for c in "æø")
    scores["de"] += 2 * sum(letters.count(c) for c in "üß")
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 3 or top < 1.5 * second:
        if best in ("da", "no") and ranked[1][0] in ("da", "no") and top >= 3:
            return best  # the two write numbers alike: either will do
        return None
    return best


def language_code(lang: str | None) -> str | None:
    """The primary language of a code ("en-US" -> "en", "nb"/"nn" -> "no"); None for none or
    ``und`` (undetermined)."""
    if not lang:
        return None
    code = re.split(r"[-_]", lang.strip().lower())[0]
    if code in ("", "und", "mul", "zxx") or not code.isalpha():
        return None
    return "no" if code in ("nb", "nn") else code


@lru_cache(maxsize=128)
def decimal_symbol(lang: str | None) -> str | None:
    """The decimal sign of a language from babel's locale data ("," for sv, de, da, no;
    "." for en); None when the language is not known."""
    code = language_code(lang)
    if code is None:
        return None
    try:
        symbol = get_decimal_symbol("nb" if code == "no" else code)
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    return symbol if symbol in (",", ".") else None


# --- numbers written in digits --------------------------------------------------------------

_SPACES = " \u00a0\u202f\u2009"
_SV_NUMBER = (
    r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?!\d)"  # 9 228  1 500 000,5
    r"|\d+(?:,\d+)?"
)
_EN_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
#: A number in any convention: thousands by space, no-break space, dot, comma or apostrophe.
_NUMBER = (
    r"\d{1,3}(?:(?P<g>[ \u00a0\u202f\u2009.,'’])\d{3})(?:(?P=g)\d{3})*(?:[.,]\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)?"
)


def parse_number(text: str, lang: str = "sv") -> float | None:
    """The value of a number written in digits ("9 228", "1,5", "9,228" in English)."""
    readings = number_readings(text, decimal_symbol(lang) or ",")
    return readings[0][0] if readings else None


def number_readings(text: str, decimal: str | None) -> list[tuple[float, int, str]]:
    """Every (value, decimals, kind) a number's form allows, the likeliest for ``decimal``
    (the language's decimal sign, None: not known) first. ``kind`` is ``certain`` (one
    reading), ``decimal`` or ``grouped`` (the two readings of "50.000" and "1,234")."""
    raw = text.strip()
    for ch in _SPACES + "'’":
        raw = raw.replace(ch, " ")
    grouped_by_space = " " in raw
    raw = raw.replace(" ", "")
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", raw):
        return []
    marks = [c for c in raw if c in ".,"]
    if not marks:
        return [(float(raw), 0, "certain")]
    last = max(raw.rfind("."), raw.rfind(","))
    whole, tail = raw[:last], raw[last + 1 :]
    mark = raw[last]
    if len(set(marks)) == 2 or grouped_by_space or len(tail) != 3 or len(marks) > 1:
        if len(set(marks)) == 1 and len(marks) > 1 and len(tail) == 3 and not grouped_by_space:
            return _value(raw.replace(mark, ""), "", "certain")  # 1.234.567
        if len(set(marks)) == 2 and len(tail) == 3 and marks.count(mark) > 1:
            return []  # 1.234,567,890: no convention writes this
        return _value(re.sub(r"[.,]", "", whole), tail, "certain")  # 1.234,5  2,5  1 234,567
    digits = re.sub(r"[.,]", "", whole)
    if digits.startswith("0"):
        return _value(digits, tail, "certain")  # 0,125
    grouped = _value(digits + tail, "", "grouped")
    decimal_reading = _value(digits, tail, "decimal")
    if decimal is not None and mark == decimal:
        return decimal_reading + grouped
    return grouped + decimal_reading


def _value(whole: str, tail: str, kind: str) -> list[tuple[float, int, str]]:
    try:
        value = float(whole + ("." + tail if tail else ""))
    except ValueError:
        return []
    return [(value, len(tail), kind)] if math.isfinite(value) else []


# --- the scanner ----------------------------------------------------------------------------


def _hedge_before(text: str, start: int) -> tuple[str | None, int]:
    """The hedge that ends just before ``start`` (with one space), and where it begins."""
    head = text[max(0, start - 30) : start]
    lowered = head.lower()
    for hedge in _HEDGES:
        for sep in (" ", "\u00a0"):
            tail = hedge + sep
            if lowered.endswith(tail):
                begin = start - len(tail)
                before = text[begin - 1] if begin > 0 else " "
                if not before.isalnum():
                    return text[begin : begin + len(hedge)], begin
    return None, start


def _word_before(text: str, start: int) -> str:
    match = re.search(r"([\w.:]+)\s+$", text[max(0, start - 30) : start])
    return match.group(1).lower() if match else ""


_DIGITS_CONTEXT_SKIP = re.compile(r"[:/]\d|-\d{2}-\d{2}|\d-\d{2}-")


#: Words after which a number names a step, level or part: "norm 2", "etapp 2", "dag 180".
_LABEL_WORDS = {
    "norm", "nivå", "nivån", "steg", "steget", "fas", "fasen", "etapp", "etappen", "dag",
    "elområde", "elområdet", "prisområde",
    "vecka", "zon", "kategori", "typ", "modul", "version", "level", "phase", "stage", "step",
    "tier", "type", "week", "day", "zone", "category", "module", "resolution",
    "resolutionen", "resolutionerna", "punkt", "punkten",
}  # fmt: skip

_TIME_UNITS = (
    r"(?:år|åren|månad|månader|månaderna|veckor|veckorna|dagar|dagarna|years?|months?|weeks?|"
    r"days?)\b"
)


def _is_age_or_period(word: str, tail: str, value: float) -> bool:
    """Whether a number is an age ("över 80 år", "80 år och äldre", "under 21 år"), a school
    year ("år 2") or a time frame ("de senaste tolv månaderna", "the past 12 months")."""
    if word in {"senaste", "kommande", "past", "last", "next"} and re.match(_TIME_UNITS, tail):
        return True
    if re.match(r"år\s+(?:och|eller)\s+(?:äldre|yngre|uppåt)|years?\s+(?:and|or)\s+(?:older|over)",
                tail):  # fmt: skip
        return True
    if word in {"över", "under", "åldern", "aged"} and re.match(r"(?:år|years?)\b", tail):
        return True
    if word in {"på", "inom", "within", "over"} and re.match(_TIME_UNITS, tail):
        return True  # "ökat med 30 procent på fem år": the period of a change
    if re.match(_TIME_UNITS + r"\s+(?:sedan|tidigare|senare|earlier|ago|before|later)\b", tail):
        return True  # "tre år sedan", "three years earlier": a point in time
    if re.match(r"års\s+ålder|years?\s+(?:of\s+age|old)\b", tail):
        return True  # "vid tre års ålder", "five years of age"
    return word == "år" and value <= 12 and float(value).is_integer()


_PEOPLE = (
    r"(?:barn|barnen|elever|ungdomar|unga|personer|kvinnor|män|flickor|pojkar|children|people)"
)


def _age_between(text: str, start: int, end: int) -> bool:
    """Whether a number is a bound of "barn mellan två och fem år", "children between 3 and 5"."""
    before = text[max(0, start - 60) : start].lower()
    after = text[end : end + 40].lower()
    if re.search(rf"{_PEOPLE}\s+(?:mellan|between)\s+$", before):
        return bool(re.match(r"\s*(?:och|and|-|–)\s*\w+\s+(?:år|years?)\b", after))
    return bool(
        re.search(rf"{_PEOPLE}\s+(?:mellan|between)\s+\w+\s+(?:och|and)\s+$", before)
        and re.match(r"\s*(?:år|years?)\b", after)
    )


def _is_not_quantity(text: str, start: int, end: int, value: float, tail: str) -> bool:
    """Whether the digits at start..end are a year, date, designation, ordinal or code."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 3]
    if re.match(r"[:/]\d", after) or re.search(r"\d[:/]$", before):
        return True  # 2019:30, 2017/18, 2023/1387
    if re.match(r"[-–]\d{2}[-–]\d{2}", text[end : end + 6]):
        return True  # 2024-02-02
    if re.search(r"\d{4}-\d{2}-$|\d{4}-$", text[max(0, start - 8) : start]):
        return True
    if re.match(r":(e|a)\b", after) or re.match(r"(st|nd|rd|th)\b", after):
        return True  # 23:e, 2nd
    if before.endswith(("-", "–")) and re.search(r"\d{4}[-–]$", text[max(0, start - 6) : start]):
        return True  # 2017-2019
    low = tail.lower()
    if re.match(rf"\.?\s?(?:{_MONTHS})\b", low):
        return True  # 13 mars, 3. Oktober
    if re.match(r"[.,]\d", text[end : end + 2]):
        return True  # 12.03.2019, 1.2.3: a date or a version
    if re.match(r"uhr\b", low):
        return True  # 10.30 Uhr
    word = _word_before(text, start)
    if word in {"den", "kl", "kl.", "klockan", "sida", "s.", "sid", "nr", "nr.", "no", "no."}:
        if word != "den" or re.match(rf"(?:{_MONTHS})\b", low) or low.startswith(":"):
            return True
    if word in {"kapitel", "kap.", "paragraf", "§", "punkt", "bilaga", "page", "p.", "dnr"}:
        return True
    if word in {"årskurs", "åk", "åk.", "klass", "grade", "artikel", "article", "chapter"}:
        return True  # årskurs 9, artikel 8: a grade or a section, not a quantity
    if word in _LABEL_WORDS:
        return True  # norm 2, etapp 2, dag 180, level 3: a number that names, not counts
    if word in {"aged", "ages", "åldern", "ålder"} or re.search(
        r"(?:aged|ages|åldern)\s+\d{1,3}\s*(?:to|and|och|till|-|–)\s*$",
        text[max(0, start - 30) : start],
    ):
        return True  # "aged 11 to 17", "i åldern 13–16 år": an age range
    if _age_between(text, start, end):
        return True  # "barn mellan två och fem år": an age range
    if re.match(r"(?:kap\b|kap\.|kapitlet\b|§)", low):
        return True  # 4 kap. 4 §
    if re.match(r"[-–]?år(?:ing|iga|igt|s)|[-–]year[-–]old", text[end : end + 12].lower()):
        return True  # 15-åring, 16-årsgräns, a 15-year-old: an age
    if re.match(r"[-–]\d{1,3}[-–]år(?:ing|iga|s)", text[end : end + 14].lower()):
        return True  # 13–16-åringarna: the lower bound of an age range
    if _is_age_or_period(word, low, value):
        return True
    if re.match(r"\d", text[end : end + 1]):
        return True
    is_int = float(value).is_integer()
    raw = text[start:end]
    if re.fullmatch(r"0\d+", raw) or re.fullmatch(r"\d{10,}", raw):
        return True  # 08, organisation numbers and other codes
    if re.fullmatch(r"\d{7,9}", raw) and (
        word.rstrip(".:") in {"tel", "telefon", "phone", "fax", "mobil", "nr", "no", "id"}
        or text[max(0, start - 1) : start] == "+"
    ):
        return True  # a phone number
    if is_int and re.fullmatch(r"\d{4}", raw) and 1800 <= value <= 2100:
        if not re.match(r"\s*(?:%|procent|percent|kr\b|kronor|personer|people)", low):
            return True  # a year
    if re.match(r"[-–]\d{4}", text[end : end + 5]) and 1800 <= value <= 2100:
        return True
    if start > 0 and (text[start - 1].isalpha() or text[start - 1] in "._"):
        return True  # CO2, v.2, artikel1 (footnote marker)
    if re.match(r"[A-Za-zÅÄÖåäö]", text[end : end + 1]) and not re.match(
        r"(?:%|kr|mn|md|tkr|mkr|st\b)", text[end : end + 3].lower()
    ):
        return True  # 3D, 5G, 10a
    return False


_SCALE_AFTER = re.compile(
    r"[ \u00a0]?(miljoner|miljon|miljarder|miljard|mnkr|mdkr|mkr|mdr|mn|tkr|msek|mdsek|tsek|"
    r"tusen|thousand|millions|million|billions|billion|millionen|milliarden|milliarde|"
    r"millioner|milliarder|milliard|milliards|tusind|tausend|mio|mrd|mia|mill)\b\.?"
)


def _unit_after(tail: str) -> tuple[str, float, int]:
    """(unit, multiplier, length consumed) for the words right after a number."""
    low = tail.lower()
    consumed = 0
    multiplier = 1.0
    money_scale = False
    scale = _SCALE_AFTER.match(low)
    if scale:
        word = scale.group(1)
        multiplier = _SCALES[word]
        money_scale = word in _MONEY_SCALES
        consumed = scale.end()
        low = low[consumed:]
    points = re.match(rf"[ \u00a0]?(?:{_POINTS_RE})\b", low)
    if points:
        return "percentage_points", multiplier, consumed + points.end()
    percent = re.match(rf"[ \u00a0]?(?:{_PERCENT_RE})", low)
    if percent:
        return "percent", multiplier, consumed + percent.end()
    if money_scale:
        return "amount", multiplier, consumed
    unit = re.match(r"[ \u00a0]?([a-zåäöæøčé€$£²0-9]+)", low)
    if unit and unit.group(1) in _AMOUNT_UNITS:
        return "amount", multiplier, consumed + unit.end()
    if re.match(r"[ \u00a0]?(€|\$|£)", low):
        return "amount", multiplier, consumed + 2
    return "count", multiplier, consumed


def _number_words(lang: str) -> dict[str, int]:
    return _EN_UNITS if lang == "en" else _SV_UNITS


def _word_pattern(words: dict[str, int]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_SV_WORDS_RE = _word_pattern(_SV_UNITS)
_EN_WORDS_RE = _word_pattern(_EN_UNITS)
_SV_ORD_RE = _word_pattern(_SV_ORDINALS)
_SV_PARTS_RE = _word_pattern(_SV_PARTS)
_EN_PARTS_RE = _word_pattern(_EN_PARTS)

_SV_FRACTION = re.compile(
    rf"\b(?P<num>\d+|{_SV_WORDS_RE})\s+av\s+(?:landets\s+|länets\s+|totalt\s+|samtliga\s+|de\s+)?"
    rf"(?P<den>\d+|{_SV_WORDS_RE})\b"
    rf"|\bvar\s+(?P<ord>{_SV_ORD_RE})\b|\b(?P<varannan>varannan|vartannat)\b"
    rf"|\b(?P<half>hälften|halva|halvparten)\b"
    rf"|\b(?P<pnum>en|ett|två|tre|fyra|fem|\d+)\s+(?P<part>{_SV_PARTS_RE})\b",
    re.IGNORECASE,
)
_EN_FRACTION = re.compile(
    rf"\b(?P<num>\d+|{_EN_WORDS_RE})\s+(?:in|out\s+of)\s+(?P<den>\d+|{_EN_WORDS_RE})\b"
    rf"|\b(?P<half>half)\b(?!\s+(?:an?\s+)?(?:hour|day|year|century|decade))"
    rf"|\b(?P<pnum>a|one|two|three|four|\d+)[\s-]+(?P<part>{_EN_PARTS_RE})\b",
    re.IGNORECASE,
)


def _word_value(word: str) -> int | None:
    low = word.lower()
    if low.isdigit():
        return int(low)
    if low == "a":
        return 1
    return _SV_UNITS.get(low, _EN_UNITS.get(low))


def _fractions(text: str, lang: str, taken: list[tuple[int, int]]) -> list[tuple[int, Quantity]]:
    found: list[tuple[int, Quantity]] = []
    pattern = _EN_FRACTION if lang == "en" else _SV_FRACTION
    for match in pattern.finditer(text):
        value: float | None = None
        if match.group("num"):
            num, den = _word_value(match.group("num")), _word_value(match.group("den"))
            if num is None or not den or num > den:
                continue
            value = num / den
        elif match.groupdict().get("ord"):
            value = 1 / _SV_ORDINALS[match.group("ord").lower()]
        elif match.groupdict().get("varannan"):
            value = 0.5
        elif match.group("half"):
            value = 0.5
        elif match.group("pnum"):
            num = _word_value(match.group("pnum"))
            parts = _EN_PARTS if lang == "en" else _SV_PARTS
            den = parts.get(match.group("part").lower())
            if num is None or not den or num > den:
                continue
            value = num / den
        if value is None:
            continue
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        hedge, begin = _hedge_before(text, start)
        taken.append((begin, end))
        found.append(
            (begin, Quantity(text=text[begin:end], value=value, unit="fraction", hedge=hedge))
        )
    return found


def _conventions(text: str, lang: str | None) -> tuple[str | None, str | None]:
    """(decimal sign or None, language of number words: sv, en or None) for ``text``."""
    code = language_code(lang) if lang is not None else detect_language(text)
    decimal = decimal_symbol(code)
    if code in ("sv", "en"):
        return decimal, code
    if code is None:
        return decimal, guess_language(text)
    return decimal, None


def _choose(
    readings: list[tuple[float, int, str]], decimal: str | None, unit: str, scaled: bool
) -> list[tuple[float, int]]:
    """The readings to keep, the chosen one first: the language's, unless the unit says
    otherwise (a count or an amount with three zero decimals is grouped: "50.000 people");
    both where the language is not known."""
    if len(readings) == 1:
        value, decimals, _ = readings[0]
        return [(value, decimals)]
    grouped = next(r for r in readings if r[2] == "grouped")
    as_decimal = next(r for r in readings if r[2] == "decimal")
    zeros = as_decimal[1] == 3 and float(as_decimal[0]).is_integer()
    if zeros and unit in ("count", "amount") and not scaled:
        return [(grouped[0], grouped[1])]
    if decimal is None or (unit == "count" and not scaled):
        # not known, or a count whose decimal reading would be a fraction of a person
        # ("1,234 personer"): both stay, the language's first
        return [(r[0], r[1]) for r in readings]
    return [(readings[0][0], readings[0][1])]


def parse_quantities(text: str, lang: str | None = None) -> list[Quantity]:
    """Every quantity in ``text``, in order. Never raises; returns [] when there is none.

    ``lang`` is the language of ``text`` (any code: "sv", "de-DE", "nb"; ``"und"``: not known,
    keep every reading); None: detected from ``text``.
    """
    if not isinstance(text, str) or not text:
        return []
    decimal, vocabulary = _conventions(text, lang)
    language = vocabulary or "en"
    taken: list[tuple[int, int]] = []
    found = _fractions(text, language, taken) if vocabulary else []
    for match in re.finditer(_NUMBER, text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        if start > 0 and (text[start - 1].isdigit() or text[start - 1] in ",."):
            continue
        readings = number_readings(match.group(0), decimal)
        if not readings:
            continue
        tail = text[end : end + 40].lstrip(" \u00a0")
        if _is_not_quantity(text, start, end, readings[0][0], tail):
            continue
        unit, multiplier, consumed = _unit_after(text[end : end + 40])
        if unit == "count" and multiplier == 1.0:
            unit, multiplier = _range_unit(text, start, end, _NUMBER, decimal)
        if unit == "count" and re.search(
            r"(?:\bSEK|\bEUR|\bUSD|\bNOK|\bDKK|\bCHF|€|\$|£)\s?$", text[:start]
        ):
            unit = "amount"  # SEK 500 million, €3 billion
        kept = _choose(readings, decimal, unit, multiplier != 1.0)
        stop = end + consumed
        hedge, begin = _hedge_before(text, start)
        taken.append((begin, stop))
        (value, decimals), others = kept[0], kept[1:]
        q = Quantity(
            text=text[begin:stop],
            value=value * multiplier,
            unit=unit,
            hedge=hedge,
            precision=_precision(decimals, multiplier),
            readings=tuple((v * multiplier, _precision(d, multiplier)) for v, d in others),
        )
        found.append((begin, q))
    if vocabulary:
        found.extend(_word_numbers(text, language, taken))
    found.sort(key=lambda item: item[0])
    return [q for _, q in found]


def parse_numbers(text: str, lang: str | None = None) -> list[Quantity]:
    """Every number written in digits in ``text``, whatever it counts or names (unit
    ``number``): the figures of a claim that has no quantity ("the last 33 days", "version
    39", "aged 47") are still figures to look for. Years, dates ("2024-02-02", "12.03.2019"),
    times and digits glued to letters ("CO2", "5G") are left out."""
    if not isinstance(text, str) or not text:
        return []
    decimal, _ = _conventions(text, lang)
    out: list[Quantity] = []
    for match in re.finditer(_NUMBER, text):
        start, end = match.span()
        before, after = text[max(0, start - 1) : start], text[end : end + 2]
        if before and (before.isalnum() or before in ",.:/-–_"):
            continue
        if re.match(r"[.,:/]\d|[-–]\d|[^\W\d_]", after):
            continue
        readings = number_readings(match.group(0), decimal)
        if not readings:
            continue
        kept = _choose(readings, decimal, "count", False)
        (value, decimals), others = kept[0], kept[1:]
        if re.fullmatch(r"\d{4}", match.group(0)) and 1500 <= value <= 2100:
            continue  # a year: a date, not a figure of the claim
        out.append(
            Quantity(
                text=match.group(0),
                value=value,
                unit="number",
                precision=_precision(decimals, 1.0),
                readings=tuple((v, _precision(d, 1.0)) for v, d in others),
            )  # fmt: skip
        )
    return out


def _precision(decimals: int, multiplier: float) -> float:
    return round(10.0**-decimals * multiplier, 12)


def _range_unit(
    text: str, start: int, end: int, number: str, decimal: str | None
) -> tuple[str, float]:
    """The unit of a range's first number, written once after the second: "20 to 40 percent",
    "från 24 till 41 procent", "mellan 20 och 30 procent", "20–40 %"."""
    between = re.search(r"\b(?:mellan|between)\s+$", text[max(0, start - 12) : start], re.I)
    link = r"[-–]|till|to" + (r"|och|and" if between else "")
    second = re.match(rf"[ \u00a0]*(?:{link})[ \u00a0]*({number})", text[end : end + 40])
    if second is None or not number_readings(second.group(1), decimal):
        return "count", 1.0
    after = end + second.end()
    unit, multiplier, _ = _unit_after(text[after : after + 40])
    if unit in ("percent", "percentage_points", "amount"):
        return unit, multiplier
    return "count", 1.0


def _word_numbers(text: str, lang: str, taken: list[tuple[int, int]]) -> list[tuple[int, Quantity]]:
    words = _number_words(lang)
    pattern = re.compile(
        rf"\b(?P<w>{_EN_WORDS_RE if lang == 'en' else _SV_WORDS_RE})\b", re.IGNORECASE
    )
    found: list[tuple[int, Quantity]] = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        word = match.group("w").lower()
        value = float(words[word])
        tail = text[end : end + 40].lstrip(" \u00a0").lower()
        if _is_age_or_period(_word_before(text, start), tail, value):
            continue
        if _age_between(text, start, end):
            continue
        if word in _AMBIGUOUS_WORDS or word in {"tusen", "hundra", "hundred", "thousand"}:
            # "en procentenhet", "one percentage point": the unit makes the article a number
            if _word_before(text, start) not in _RESTRICTIVES and not re.match(
                r"\s+(?:procentenhet|procent|percentage\s+point|per\s?cent)\b", text[end:]
            ):
                continue
        unit, multiplier, consumed = _unit_after(text[end : end + 40])
        stop = end + consumed
        if unit == "count" and word in _AMBIGUOUS_WORDS:
            noun = re.match(r"\s+([a-zåäö]+)", text[end : end + 40])
            if noun:
                stop = end + noun.end()
        hedge, begin = _hedge_before(text, start)
        taken.append((begin, stop))
        found.append(
            (
                begin,
                Quantity(
                    text=text[begin:stop],
                    value=value * multiplier,
                    unit=unit,
                    hedge=hedge,
                    precision=_precision(0, multiplier),
                ),  # fmt: skip
            )
        )
    return found


# --- comparing and finding quantities -------------------------------------------------------


def comparable(quantity: Quantity) -> tuple[str, float]:
    """A (scale, value) pair on which equal claims are equal: percent and fractions as shares.

    "40 procent", "40 %", "fyra av tio" and "two in five" all give ``("share", 0.4)``.
    """
    if quantity.unit == "percent":
        return "share", round(quantity.value / 100, 6)
    if quantity.unit == "fraction":
        return "share", round(quantity.value, 6)
    return quantity.unit, round(quantity.value, 6)


def same_quantity(a: Quantity, b: Quantity, tolerance: float = 0.005) -> bool:
    """Whether quantity ``a`` (a claim's) says what ``b`` (a source's) says: the same scale,
    and a reading of ``a`` that ``b`` rounds to at ``a``'s precision ("40 %" is "40,3 %";
    "1,5 miljoner" is "1 523 000"; "2,5 %" is not "2,4 %"). A claim more precise than its
    source must be exactly what the source says ("17,813" is not "18").

    A fraction ("var tredje", "two in five") has no written precision: against it, shares
    compare within ``tolerance`` (0.005 = half a percentage point: "var tredje" = "33 %").
    Quantities made without a precision (older records) are taken at the precision of their
    value.
    """
    scale_a, _ = comparable(a)
    scale_b, _ = comparable(b)
    if scale_a != scale_b:
        return False
    share = 0.01 if scale_a == "share" else 1.0
    for value_a, precision_a in _readings_of(a):
        for value_b, precision_b in _readings_of(b):
            if "fraction" in (a.unit, b.unit):
                if abs(value_a * share - value_b * share) <= tolerance:
                    return True
                continue
            if precision_a >= precision_b * (1 - 1e-9):
                if abs(value_a - value_b) <= precision_a / 2 + precision_a * 1e-6:
                    return True
            elif abs(value_a - value_b) <= precision_b * 1e-6:
                return True
    return False


def _readings_of(q: Quantity) -> list[tuple[float, float]]:
    """(value, precision) of every reading, in percent for shares (fractions x 100)."""
    value = q.value * 100 if q.unit == "fraction" else q.value
    out = [(value, q.precision if q.precision else _value_precision(q.value))]
    out += [(v, p) for v, p in q.readings]
    return out


def _value_precision(value: float) -> float:
    """The unit of the last digit of ``value`` as a number would be written (9228 -> 1)."""
    for decimals in range(7):
        if abs(round(value, decimals) - value) < 1e-9 * max(1.0, abs(value)):
            return 10.0**-decimals
    return 1e-7


def _sv_decimal(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _en_decimal(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _thousands(value: float, sep: str) -> str:
    return f"{int(round(value)):,}".replace(",", sep)


_SV_NAMES = {v: k for k, v in _SV_UNITS.items() if k not in ("ett", "etthundra", "ettusen")}
_EN_NAMES = {v: k for k, v in _EN_UNITS.items()}
_SV_ORD_NAMES = {v: k for k, v in _SV_ORDINALS.items() if k != "annan"}
_EN_ORD_NAMES = {2: "half", 3: "third", 4: "quarter", 5: "fifth", 10: "tenth"}


def surface_forms(quantity: Quantity, lang: str | None = None) -> tuple[str, ...]:
    """Ways the same value is commonly written, in Swedish and/or English, for searching.

    A share of 0.4 gives "40 procent", "40 %", "40%", "fyra av tio", "två av fem",
    "40 percent", "two in five", ...; a count of 9228 gives "9 228", "9228", "9,228".
    """
    scale, value = comparable(quantity)
    forms: list[str] = []
    want_sv = lang in (None, "sv")
    want_en = lang in (None, "en")
    if scale == "share":
        pct = value * 100
        sv_pct, en_pct = _sv_decimal(pct), _en_decimal(pct)
        if want_sv:
            forms += [f"{sv_pct} procent", f"{sv_pct} %", f"{sv_pct}%", f"{sv_pct}\u00a0%"]
        if want_en:
            forms += [f"{en_pct} percent", f"{en_pct} per cent", f"{en_pct}%", f"{en_pct} %"]
        frac = Fraction(value).limit_denominator(10)
        if abs(float(frac) - value) < 1e-6 and 0 < frac < 1:
            multiples = [(frac.numerator * k, frac.denominator * k) for k in (1, 2, 5, 10)]
            for num, den in multiples:
                if den > 100:
                    continue
                if want_sv:
                    forms.append(f"{_SV_NAMES.get(num, num)} av {_SV_NAMES.get(den, den)}")
                    forms.append(f"{num} av {den}")
                if want_en:
                    forms.append(f"{_EN_NAMES.get(num, num)} in {_EN_NAMES.get(den, den)}")
                    forms.append(f"{_EN_NAMES.get(num, num)} out of {_EN_NAMES.get(den, den)}")
            if frac.numerator == 1 and frac.denominator in _SV_ORD_NAMES and want_sv:
                if frac.denominator == 2:
                    forms += ["hälften", "varannan", "vartannat"]
                else:
                    forms.append(f"var {_SV_ORD_NAMES[frac.denominator]}")
            if frac.denominator in _EN_ORD_NAMES and want_en:
                part = _EN_ORD_NAMES[frac.denominator]
                if frac.numerator == 1:
                    forms += [f"a {part}", f"one {part}"]
                else:
                    forms.append(f"{_EN_NAMES.get(frac.numerator)} {part}s")
    elif scale == "percentage_points":
        if want_sv:
            forms += [f"{_sv_decimal(value)} procentenheter"]
        if want_en:
            forms += [f"{_en_decimal(value)} percentage points"]
    else:
        if float(value).is_integer():
            forms += [_thousands(value, " "), _thousands(value, "\u00a0"), str(int(value))]
            if want_en:
                forms.append(_thousands(value, ","))
            if value >= 1e6 and (value / 1e6) * 10 == int((value / 1e6) * 10):
                millions = value / 1e6
                if want_sv:
                    forms.append(f"{_sv_decimal(millions)} miljoner")
                if want_en:
                    forms.append(f"{_en_decimal(millions)} million")
            if int(value) in _SV_NAMES and want_sv and value > 1:
                forms.append(_SV_NAMES[int(value)])
            if int(value) in _EN_NAMES and want_en and value > 1:
                forms.append(_EN_NAMES[int(value)])
        else:
            if want_sv:
                forms.append(_sv_decimal(value))
            if want_en:
                forms.append(_en_decimal(value))
    if quantity.text and quantity.text not in forms:
        forms.insert(0, quantity.text)
    seen: dict[str, None] = {}
    for form in forms:
        seen.setdefault(form, None)
    return tuple(seen)
