"""Method signals: what a survey or report discloses about how it was made (pure).

:func:`method_signals` reads a text sentence by sentence against the phrase lists in
:mod:`verify.evidence.phrases` and reports, for each item of :data:`~verify.evidence.phrases.ITEMS`
(sponsor, population, sampling, sample size, mode, field dates, response rate, margin of
error, weighting, question wording), every hit with its sentence, or the item as *missing*:
non-disclosure is evidence too. Explicit disclaimers ("inte en vetenskaplig undersökning",
"not representative", "opt-in") are reported separately, and a margin of error claimed for an
opt-in or self-selected sample is flagged (``margin_of_error_with_opt_in``): a margin of error
presupposes a probability sample.

Reports of several texts (the source's own page, a finding's article) are combined with
:func:`merge_reports`; each hit keeps its ``origin`` (e.g. ``"P1"`` for a snapshot,
``"F1"`` for a finding).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .phrases import (
    DISCLAIMER_PHRASES,
    DISCLAIMERS,
    ITEMS,
    NAMED_SPONSOR,
    PHRASES,
    SAMPLE_NOUNS,
)
from .text import Passage, sentences

__all__ = ["MethodHit", "MethodReport", "merge_reports", "method_signals"]

_N = r"(?:\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+|\d+)"
_NOUNS = "|".join(sorted(SAMPLE_NOUNS, key=len, reverse=True))
_VERBS = (
    r"(?:har |have |had |were |was )?(?:deltog|deltagit|svarade|svarat|besvarade|"
    r"intervjuades|tillfrågades|medverkade|kontaktas|intervjuas|tillfrågas|took part|"
    r"participated|responded|answered|completed|were surveyed|surveyed|interviewed|polled|"
    r"questioned)"
)
#: "about", "at least"...: a rounded or bounded count is still a sample size.
_ABOUT = (
    r"(?:(?:över|drygt|cirka|ca\.?|runt|omkring|knappt|närmare|minst|åtminstone|hela|over|"
    r"more than|about|approximately|around|nearly|almost|at least|some) )?"
)
#: Nouns that only ever count a survey's answers: "1 605 intervjuer", "2,020 interviews".
_COUNT_NOUNS = (
    r"(?:intervjuer|interviews|respondenter|respondents|svarande|enkätsvar|svar|responses)"
)
_SAMPLE_EXTRA = (
    rf"\b(?P<n>{_N}) (?:[\w.-]+ ){{0,2}}(?:{_NOUNS})\b,? {_VERBS}\b",
    rf"\b(?:survey|poll|sample|study|questionnaire|enkät(?:en)?|undersökning(?:en)?|urval(?:et)?)"
    rf" (?:[\w-]+ ){{0,3}}(?:of|among|with|bland|med|av|på|om) (?P<n>{_N}) "
    rf"(?:[\w.-]+ ){{0,2}}(?:{_NOUNS})\b",
    rf"\b(?:surveyed|polled|interviewed|asked|tillfrågade|intervjuade|frågade) {_ABOUT}(?P<n>{_N}) "
    rf"(?:[\w.-]+ ){{0,2}}(?:{_NOUNS})\b",
    rf"\b(?:totalt|sammanlagt|in total|a total of) (?P<n>{_N}) (?:{_NOUNS})\b",
    rf"\b(?:completed|answered|filled in|besvarad|besvarades|besvarats) by "
    rf"(?P<n>{_N}) (?:[\w.-]+ ){{0,2}}(?:{_NOUNS})\b",
    rf"\b(?:deltog|svarade|besvarade|medverkade|intervjuades|tillfrågades|ingick|responded|"
    rf"participated) (?:totalt |sammanlagt )?{_ABOUT}(?P<n>{_N}) (?:[\w.-]+ ){{0,2}}(?:{_NOUNS})\b",
    # active and perfect verbs of interviewing: "Ipsos har intervjuat 1.530 röstberättigade"
    rf"\b(?:intervjuat|tillfrågat|genomfört|genomförs|genomfördes|gjordes|surveys|omfattande|"
    rf"bestående av|conducted) {_ABOUT}(?P<n>{_N}) (?:[\w.-]+ ){{0,2}}(?:{_NOUNS})\b",
    rf"\b{_ABOUT}(?P<n>{_N}) (?:[\w.-]+ ){{0,1}}{_COUNT_NOUNS}\b",
    rf"\b(?:antal(?:et)?|number of) (?:\w+ ){{0,2}}(?:svarande|respondents|interviews|"
    rf"intervjuer)\b[^.\d]{{0,25}}(?P<n>{_N})",
    rf"\b(?:skickades|skickats|sent|mailed) (?:[\w-]+ ){{0,3}}(?:till|to) {_ABOUT}(?P<n>{_N}) "
    rf"(?:[\w.-]+ ){{0,2}}(?:{_NOUNS})\b",
)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace("{N}", f"(?P<n>{_N})"), re.IGNORECASE)


_PATTERNS: dict[str, dict[str, tuple[re.Pattern[str], ...]]] = {
    item: {value: tuple(_compile(p) for p in patterns) for value, patterns in values.items()}
    for item, values in PHRASES.items()
}
_PATTERNS["sample_size"]["yes"] += tuple(re.compile(p, re.IGNORECASE) for p in _SAMPLE_EXTRA)
_NAMED_SPONSOR = tuple(re.compile(p) for p in NAMED_SPONSOR)
_NEGATION = frozenset(
    "inte ingen inget icke ej aldrig utan not no never non without cannot".split()
)
_NEGATED_AFTER = re.compile(
    r"^\w*(?: \w+)? (?:kan inte|kunde inte|går inte|är inte|cannot|can't|can not|could not|"
    r"is not|was not)\b",
    re.IGNORECASE,
)
#: A sentence that only points elsewhere ("För mer information om urval, bortfall ... se").
_POINTER = re.compile(
    r"\b(?:för mer information om|for (?:more|detailed|further) information (?:about|on))\b",
    re.IGNORECASE,
)
#: A margin of error is disclosed with a figure, or as reported in a table.
_FIGURE = re.compile(
    r"\d|\b(?:tabell|table|bilaga|appendix|reported|redovisas|anges|shown)\b", re.IGNORECASE
)
_VAGUE = re.compile(r"\b(?:a|an|en|ett) (?:small|large|wide|narrow|liten|stor|viss) $", re.I)
_SHARE = re.compile(r"^\s?(?:%|procent|percent|per cent)", re.IGNORECASE)
#: Hits that a negation just before them turns around ("inte självrekrytering", "not random").
_NEGATABLE = {"sampling", "margin_of_error", "opt_in"}

_DISCLAIMER_PATTERNS = {
    name: tuple(re.compile(p, re.IGNORECASE) for p in patterns)
    for name, patterns in DISCLAIMER_PHRASES.items()
}


@dataclass(frozen=True)
class MethodHit:
    """One phrase found: the item (or disclaimer), its value, the words, and the sentence."""

    item: str
    value: str
    phrase: str
    passage: Passage
    origin: str | None = None
    number: int | None = None  # the sample size, for sample_size hits

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "value": self.value,
            "phrase": self.phrase,
            "sentence": self.passage.text,
            "start": self.passage.start,
            "end": self.passage.end,
            "line": self.passage.line,
            "origin": self.origin,
            "number": self.number,
        }


@dataclass(frozen=True)
class MethodReport:
    """What a text discloses about its method, and what it says about its own limits."""

    hits: tuple[MethodHit, ...] = ()
    disclaimers: tuple[MethodHit, ...] = ()
    origins: tuple[str, ...] = field(default=())

    def found(self, item: str) -> tuple[MethodHit, ...]:
        return tuple(h for h in self.hits if h.item == item)

    @property
    def disclosed(self) -> tuple[str, ...]:
        return tuple(item for item in ITEMS if self.found(item))

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(item for item in ITEMS if not self.found(item))

    @property
    def sampling(self) -> str | None:
        """``probability``, ``self_selected``, ``mixed`` (both said) or None (not said)."""
        values = {h.value for h in self.found("sampling")}
        if not values:
            return None
        if len(values) > 1:
            return "mixed"
        return values.pop()

    @property
    def sample_sizes(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(h.number for h in self.found("sample_size") if h.number))

    def has_disclaimer(self, *names: str) -> bool:
        wanted = set(names or DISCLAIMERS)
        return any(h.value in wanted for h in self.disclaimers)

    @property
    def flags(self) -> tuple[str, ...]:
        out = []
        opt_in = self.sampling in ("self_selected", "mixed") or self.has_disclaimer("opt_in")
        if opt_in and self.found("margin_of_error"):
            out.append("margin_of_error_with_opt_in")
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        items: dict[str, Any] = {}
        for item in ITEMS:
            hits = self.found(item)
            entry: dict[str, Any] = {
                "disclosed": bool(hits),
                "hits": [h.to_dict() for h in hits],
            }
            if item == "sampling":
                entry["value"] = self.sampling
            if item == "sample_size":
                entry["value"] = list(self.sample_sizes)
            items[item] = entry
        return {
            "items": items,
            "disclosed": list(self.disclosed),
            "missing": list(self.missing),
            "disclaimers": [h.to_dict() for h in self.disclaimers],
            "flags": list(self.flags),
            "origins": list(self.origins),
        }


def _number(text: str) -> int | None:
    digits = re.sub(r"[ \u00a0\u202f,.]", "", text)
    return int(digits) if digits.isdigit() else None


def _negated(sentence: str, match: re.Match[str]) -> bool:
    before = re.findall(r"[\w']+", sentence[: match.start()].lower())[-3:]
    if any(w in _NEGATION or w.endswith("n't") for w in before):
        return True
    return bool(_NEGATED_AFTER.match(sentence[match.end() :]))


def _keep(item: str, sentence: str, match: re.Match[str]) -> bool:
    """The general language rules that tell a disclosure from a mention."""
    if item in _NEGATABLE and _negated(sentence, match):
        return False
    if item == "margin_of_error":
        if not _FIGURE.search(sentence) or _VAGUE.search(sentence[: match.start()]):
            return False
    return True


def _sample_number(match: re.Match[str], sentence: str) -> tuple[bool, int | None]:
    """(keep, number): a share ("51 procent") or a year ("2019") is not a sample size."""
    raw = match.group("n")
    if not raw:
        return True, None
    if _SHARE.match(sentence[match.end("n") :]):
        return False, None
    number = _number(raw)
    year = raw.isdigit() and len(raw) == 4 and number is not None and 1800 <= number <= 2100
    if year and "=" not in match[0]:
        return False, None
    return True, number


#: A "sentence" longer than this (a page of links, a table flattened into one line) is read in
#: overlapping windows, so the patterns cost linear time whatever the page is.
WINDOW = 600
_STEP = 450


def _windows(passages: list[Passage]) -> Iterator[Passage]:
    for passage in passages:
        text = passage.text
        if len(text) <= WINDOW:
            yield passage
            continue
        for start in range(0, len(text) - WINDOW // 4, _STEP):
            piece = text[start : start + WINDOW]
            yield Passage(passage.start + start, passage.start + start + len(piece),
                          passage.line, piece)  # fmt: skip


#: Method signals read at most this much of a text: its beginning and its end, where method
#: sections are (a 300-page report is about a million characters; a page of 200,000 links is
#: not a method description, and must not cost minutes).
HEAD_BUDGET = 300_000
TAIL_BUDGET = 100_000


def _budgeted(text: str) -> list[Passage]:
    if len(text) <= HEAD_BUDGET + TAIL_BUDGET:
        return sentences(text)
    out = sentences(text[:HEAD_BUDGET])
    offset = len(text) - TAIL_BUDGET
    lines_before = text.count("\n", 0, offset)
    for p in sentences(text[offset:]):
        out.append(Passage(p.start + offset, p.end + offset, p.line + lines_before, p.text))
    return out


def method_signals(text: str | None, origin: str | None = None) -> MethodReport:
    """Every method item and disclaimer ``text`` discloses, each with its sentence."""
    if not text:
        return MethodReport(origins=(origin,) if origin else ())
    hits: list[MethodHit] = []
    disclaimers: list[MethodHit] = []
    for passage in _windows(_budgeted(text)):
        sentence = passage.text
        pointer = bool(_POINTER.search(sentence))
        for item in () if pointer else ITEMS:
            for value, patterns in _PATTERNS[item].items():
                if item == "sponsor":
                    patterns = patterns + _NAMED_SPONSOR
                for pattern in patterns:
                    match = pattern.search(sentence)
                    if match is None or not _keep(item, sentence, match):
                        continue
                    number = None
                    if "n" in pattern.groupindex:
                        keep, number = _sample_number(match, sentence)
                        if not keep:
                            continue
                    hits.append(MethodHit(item, value, match.group(0), passage, origin, number))
                    break
        for name, patterns in _DISCLAIMER_PATTERNS.items():
            for pattern in patterns:
                match = pattern.search(sentence)
                if match is not None and not (name in _NEGATABLE and _negated(sentence, match)):
                    disclaimers.append(MethodHit("disclaimer", name, match.group(0), passage,
                                                 origin))  # fmt: skip
                    break
    return MethodReport(tuple(hits), tuple(disclaimers), (origin,) if origin else ())


def merge_reports(reports: list[MethodReport] | tuple[MethodReport, ...]) -> MethodReport:
    """One report of several texts (hits keep their origin)."""
    hits: list[MethodHit] = []
    disclaimers: list[MethodHit] = []
    origins: list[str] = []
    for report in reports:
        hits.extend(report.hits)
        disclaimers.extend(report.disclaimers)
        origins.extend(o for o in report.origins if o not in origins)
    return MethodReport(tuple(hits), tuple(disclaimers), tuple(origins))
