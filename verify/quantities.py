"""Quantities in claims: parse "40 procent", "fyra av tio", "drygt 9 228", "two in five" (pure).

A quantity is a number as written and as understood (:class:`verify.models.Quantity`):
``percent`` (40 for "40 %"), ``percentage_points``, ``fraction`` (0..1: "var tredje",
"hälften", "two in five"), ``count`` (people, municipalities, points) or ``amount`` (money
and measured units: "390 miljoner kronor", "30 TWh"). A hedge written before the number
("drygt", "nära", "about", "more than") is kept in ``hedge``.

Years ("2019"), dates ("den 13 mars", "2024-02-02"), ordinals ("23:e"), designation and
case numbers ("SOU 2019:30", "2023/1387") are not quantities.

Swedish numbers use a space or no-break space between thousands and a decimal comma
("9 228", "1,5"); English ones a thousands comma and a decimal point ("9,228", "1.5").
With ``lang=None`` the language is guessed from the text.

Claim matching compares quantities by :func:`comparable` (percent and fractions on one
scale of shares) and looks for them in a source by the strings :func:`surface_forms` gives.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from .models import Quantity

__all__ = [
    "comparable",
    "guess_language",
    "parse_number",
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
}  # fmt: skip
_MONEY_SCALES = {"mnkr", "mkr", "mdkr", "tkr"}

#: Words after a number that make it an amount (money or a measured unit).
_AMOUNT_UNITS = {
    "kr", "kronor", "krona", "sek", "euro", "eur", "€", "$", "dollar", "dollars", "usd",
    "pounds", "öre", "twh", "gwh", "mwh", "kwh", "kw", "mw", "gw", "ton", "tons", "tonnes",
    "kg", "km", "m2", "kvm", "kvadratmeter", "liter", "procentandel", "terawattimmar",
    "terawattimme", "gigawattimmar", "megawattimmar", "kilowattimmar", "hkd", "nok", "dkk",
    "gbp", "chf", "jpy", "grader", "grad", "celsius",
}  # fmt: skip
_PERCENT_WORDS = {"procent", "percent", "per cent", "%", "pct", "prc"}
_POINTS_WORDS = {"procentenheter", "procentenhet", "percentage points", "percentage point"}

_MONTHS = (
    "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec|january|february|march|may|june|"
    "july|august|october"
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


# --- numbers written in digits --------------------------------------------------------------

_SPACES = " \u00a0\u202f\u2009"
_SV_NUMBER = (
    r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?!\d)"  # 9 228  1 500 000,5
    r"|\d+(?:,\d+)?"
)
_EN_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"


def parse_number(text: str, lang: str = "sv") -> float | None:
    """The value of a number written in digits ("9 228", "1,5", "9,228" in English)."""
    raw = text.strip()
    for ch in _SPACES:
        raw = raw.replace(ch, "")
    if lang == "en":
        raw = raw.replace(",", "")
    else:
        if raw.count(",") > 1:
            return None
        raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


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
    if re.match(rf"(?:{_MONTHS})\b", low):
        return True  # 13 mars
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
    if re.fullmatch(r"0\d+", raw) or re.fullmatch(r"\d{7,}", raw):
        return True  # 08, phone numbers and other codes
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


def _unit_after(tail: str) -> tuple[str, float, int]:
    """(unit, multiplier, length consumed) for the words right after a number."""
    low = tail.lower()
    consumed = 0
    multiplier = 1.0
    money_scale = False
    scale = re.match(
        r"[ \u00a0]?(miljoner|miljon|miljarder|miljard|mnkr|mdkr|mkr|mdr|mn|tkr|"
        r"tusen|thousand|millions|million|billions|billion)\b\.?",
        low,
    )
    if scale:
        word = scale.group(1)
        multiplier = _SCALES[word]
        money_scale = word in _MONEY_SCALES
        consumed = scale.end()
        low = low[consumed:]
    points = re.match(r"[ \u00a0]?(procentenheter|procentenhet|percentage points?)\b", low)
    if points:
        return "percentage_points", multiplier, consumed + points.end()
    percent = re.match(r"[ \u00a0]?(%|procent\b|percent\b|per cent\b|pct\b)", low)
    if percent:
        return "percent", multiplier, consumed + percent.end()
    if money_scale:
        return "amount", multiplier, consumed
    unit = re.match(r"[ \u00a0]?([a-zåäö€$²0-9]+)", low)
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


def parse_quantities(text: str, lang: str | None = None) -> list[Quantity]:
    """Every quantity in ``text``, in order. Never raises; returns [] when there is none."""
    if not isinstance(text, str) or not text:
        return []
    language = lang if lang in ("sv", "en") else guess_language(text)
    taken: list[tuple[int, int]] = []
    found = _fractions(text, language, taken)
    number = _EN_NUMBER if language == "en" else _SV_NUMBER
    for match in re.finditer(number, text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        if start > 0 and (text[start - 1].isdigit() or text[start - 1] in ",."):
            continue
        value = parse_number(match.group(0), language)
        if value is None:
            continue
        tail = text[end : end + 40].lstrip(" \u00a0")
        if _is_not_quantity(text, start, end, value, tail):
            continue
        unit, multiplier, consumed = _unit_after(text[end : end + 40])
        if unit == "count" and multiplier == 1.0:
            unit, multiplier = _range_unit(text, start, end, number, language)
        if unit == "count" and re.search(r"(?:\bSEK|\bEUR|\bUSD|€|\$|£)\s?$", text[:start]):
            unit = "amount"  # SEK 500 million, €3 billion
        stop = end + consumed
        hedge, begin = _hedge_before(text, start)
        taken.append((begin, stop))
        q = Quantity(text=text[begin:stop], value=value * multiplier, unit=unit, hedge=hedge)
        found.append((begin, q))
    found.extend(_word_numbers(text, language, taken))
    found.sort(key=lambda item: item[0])
    return [q for _, q in found]


def _range_unit(text: str, start: int, end: int, number: str, lang: str) -> tuple[str, float]:
    """The unit of a range's first number, written once after the second: "20 to 40 percent",
    "från 24 till 41 procent", "mellan 20 och 30 procent", "20–40 %"."""
    between = re.search(r"\b(?:mellan|between)\s+$", text[max(0, start - 12) : start], re.I)
    link = r"[-–]|till|to" + (r"|och|and" if between else "")
    second = re.match(rf"[ \u00a0]*(?:{link})[ \u00a0]*({number})", text[end : end + 40])
    if second is None or parse_number(second.group(1), lang) is None:
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
                Quantity(text=text[begin:stop], value=value * multiplier, unit=unit, hedge=hedge),
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
    """Whether two quantities say the same: same scale and value within ``tolerance``.

    Shares compare absolutely (0.005 = half a percentage point: "var tredje" = "33 %"),
    other values relatively.
    """
    scale_a, value_a = comparable(a)
    scale_b, value_b = comparable(b)
    if scale_a != scale_b:
        return False
    if scale_a == "share":
        return abs(value_a - value_b) <= tolerance
    return math.isclose(value_a, value_b, rel_tol=tolerance, abs_tol=1e-9)


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
