"""Official publications by designation (SOU 2019:30, prop. 2017/18:228) and case numbers.

Designations are returned in canonical form: "Prop. 2017/18:228" -> "prop. 2017/18:228",
"sou 2019:30" -> "SOU 2019:30", "Förordning (2016:899)" -> "SFS 2016:899".

Diarienummer ("Dnr KS 2023/1387", "SOF 2024/132") identify the case itself; they are
returned apart and are never cited sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .spans import DisjointSpans

__all__ = ["Designation", "find_case_numbers", "find_designations"]


@dataclass(frozen=True)
class Designation:
    """An official designation found at ``start``..``end`` in the text."""

    canonical: str
    start: int
    end: int
    series: str


_YEAR = r"(?:19|20)\d{2}"
_SESSION = rf"{_YEAR}/\d{{2}}"
_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("SOU", re.compile(rf"\bSOU\s+({_YEAR}):\s?(\d{{1,3}})\b", re.I), "SOU {0}:{1}"),
    ("Ds", re.compile(rf"\bDs\s+({_YEAR}):\s?(\d{{1,3}})\b"), "Ds {0}:{1}"),
    (
        "prop",
        re.compile(rf"\b[Pp]rop(?:\.|osition)?\s+({_SESSION}):\s?(\d{{1,4}})\b"),
        "prop. {0}:{1}",
    ),  # fmt: skip
    ("dir", re.compile(rf"\b[Dd]ir\.?\s+({_YEAR}):\s?(\d{{1,4}})\b"), "dir. {0}:{1}"),
    (
        "bet",
        re.compile(
            rf"\b(?:[Bb]et\.?|[Bb]etänkande[nt]?)\s+({_SESSION}):\s?"
            rf"([A-ZÅÄÖ][A-Za-zÅÄÖåäö]{{0,4}}\d{{1,3}})\b"
        ),
        "bet. {0}:{1}",
    ),  # fmt: skip
    (
        "rskr",
        re.compile(rf"\b(?:[Rr]skr\.?|[Rr]iksdagsskrivelse[n]?)\s+({_SESSION}):\s?(\d{{1,4}})\b"),
        "rskr. {0}:{1}",
    ),  # fmt: skip
    ("skr", re.compile(rf"(?<![Rr])\b[Ss]kr\.?\s+({_SESSION}):\s?(\d{{1,4}})\b"), "skr. {0}:{1}"),
    ("SFS", re.compile(rf"\bSFS\s+({_YEAR}):\s?(\d{{1,4}})\b"), "SFS {0}:{1}"),
    (
        "SFS",
        re.compile(
            rf"\b(?:[A-ZÅÄÖa-zåäö-]*(?:[Ll]ag(?:en)?|[Ff]örordning(?:en)?|[Bb]alk(?:en)?)|"
            rf"[Ff]örfattning(?:en)?)\s+\(({_YEAR}):(\d{{1,4}})\)"
        ),
        "SFS {0}:{1}",
    ),  # fmt: skip
    ("SFS", re.compile(rf"\[?[Ff]örordningen?\]?\s*\[?\(({_YEAR}):(\d{{1,4}})\)"), "SFS {0}:{1}"),
    (
        "committee",
        re.compile(rf"\((A|Fi|Fö|Ju|Ku|KN|LI|M|N|S|SB|U|UD|I|Jo|L)\s+({_YEAR}):(\d{{1,3}})\)"),
        "{0} {1}:{2}",
    ),  # fmt: skip
    (
        "EU",
        re.compile(
            rf"\b(?:förordning|direktiv|regulation|directive)\s+\((EU|EG|EC|EEG)\)"
            rf"\s+(?:nr\s+)?({_YEAR}/\d{{1,4}})",
            re.I,
        ),
        "({0}) {1}",
    ),  # fmt: skip
    ("COM", re.compile(rf"\b(COM|KOM)\s*\(({_YEAR})\)\s*(\d{{1,4}})"), "COM({1}) {2}"),
    (
        "EU-old",  # directives numbered before 2015: "Direktiv 2009/28/EG", "direktiv 92/43/EEG"
        re.compile(
            r"\b(?:[Dd]irektiv(?:et)?|[Dd]irective)\s+((?:19|20)?\d{2})/(\d{1,4})/(EG|EEG|EU|EC|EEC)\b"
        ),
        "direktiv {0}/{1}/{2}",
    ),  # fmt: skip
)


def find_designations(text: str) -> list[Designation]:
    """Official publications cited by designation, in order, overlapping matches removed."""
    found: list[Designation] = []
    taken = DisjointSpans()
    for series, pattern, template in _PATTERNS:
        for match in pattern.finditer(text):
            groups = [g for g in match.groups()]
            if series == "EU":
                groups[0] = groups[0].upper()
            canonical = template.format(*groups)
            start, end = match.span()
            if not taken.add(start, end):
                continue
            found.append(Designation(canonical, start, end, series))
    found.sort(key=lambda d: d.start)
    return found


_DNR = re.compile(
    r"\b(?:[Dd]nr|[Dd]iarienummer|[Dd]iarienr|[Dd]nr\.)[.:]?\s*"
    r"(?P<code>[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,7}[\s-]+)?(?P<num>\d{4}[/:-]\d{1,6}(?:[-.:]\d{1,4})*)"
)
_BARE_CASE = re.compile(
    r"\b(?P<code>[A-ZÅÄÖ]{2,6})\s(?P<num>(?:19|20)\d{2}/\d{1,6}(?:-\d{1,4})?)\b"
)
_NOT_CASE_CODES = {"SOU", "SFS", "COM", "KOM", "EU", "EG"}


def find_case_numbers(text: str) -> list[tuple[str, int, int]]:
    """The document's own case numbers (canonical text, start, end), first occurrence first."""
    found: list[tuple[str, int, int]] = []
    for match in _DNR.finditer(text):
        code = (match.group("code") or "").strip(" -")
        value = f"{code} {match.group('num')}".strip()
        found.append((value, match.start(), match.end()))
    for match in _BARE_CASE.finditer(text):
        if match.group("code") in _NOT_CASE_CODES:
            continue
        if any(s <= match.start() < e for _, s, e in found):
            continue
        found.append((f"{match.group('code')} {match.group('num')}", match.start(), match.end()))
    found.sort(key=lambda item: item[1])
    return found
