"""Claim matching: is what the motion says the source shows really in the source? (pure)

For a claim with figures, every sentence of the source's text is read for quantities
(:func:`verify.quantities.parse_quantities`, so "40 %", "40 procent", "fyra av tio" and "two
in five" are the same share, "9 228", "9,228" and, on a German page, "9.228" the same count,
and percent and percentage points stay apart). The source's numbers are read by the source's
language (``lang``: the page's ``lang`` attribute; detected from the text when not given),
the claim's by its own. A sentence that has every figure of the claim and shares its topic
(some of its content words) is ``found``; so is a passage of two or three adjacent sentences
that has them between them (``how="passage"``: "the figures sit in adjacent sentences"). A
sentence on the topic with another figure on the same scale is ``different_value``; otherwise
``not_found``. Where the figure occurs only in sentences off the topic, those are kept as
``candidates`` for the officer to read, never counted as found.

A page's text has two layers: the main (article) text and all its visible text. When the
main text does not have a claim but the visible text does (a lead, a fact box or a caption
the main-text extractor left out), the result is ``found_elsewhere_on_page``: on the page
but outside the article text. It is never counted as ``not_found``, and never as ``found``.

A claim without figures is treated as a quotation: an exact match after normalising quotes,
dashes, case and white space is ``found`` (``exact``), a near-exact one (similarity at least
:data:`NEAR_EXACT`) is ``found`` (``near_exact``); anything looser is a paraphrase and is never
``found`` - the most similar sentence is kept as a candidate.

No text at all (no snapshot, or an empty one) is ``source_unavailable``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

from ..models import Quantity
from ..quantities import (
    comparable,
    detect_language,
    language_code,
    parse_numbers,
    parse_quantities,
    same_quantity,
)
from .text import Passage, content_words, normalise, sentences

__all__ = [
    "MIN_OVERLAP",
    "NEAR_EXACT",
    "ClaimMatch",
    "MatchResult",
    "match_claim",
    "spell_out_compounds",
]

#: Share of the claim's content words a sentence must have to be "on the topic".
MIN_OVERLAP = 0.2
#: ... and to count as a sentence on the topic with another figure.
DIFFERENT_OVERLAP = 0.4
#: Similarity (difflib ratio on normalised text) for a near-exact quotation.
NEAR_EXACT = 0.92
#: Similarity above which the closest sentence is kept as a candidate for a paraphrase.
SIMILAR = 0.55
#: Share of the claim's content words a passage of adjacent sentences must have.
PASSAGE_OVERLAP = 0.3
#: ... and a sentence, for a claim whose only figures are plain numbers ("the last 33 days").
NUMBER_OVERLAP = 0.5


class MatchResult(StrEnum):
    """What claim matching found."""

    FOUND = "found"
    #: On the page (its visible text) but not in its main (article) text.
    FOUND_ELSEWHERE_ON_PAGE = "found_elsewhere_on_page"
    DIFFERENT_VALUE = "different_value"
    NOT_FOUND = "not_found"
    SOURCE_UNAVAILABLE = "source_unavailable"


@dataclass(frozen=True)
class ClaimMatch:
    """The result for one claim in one text.

    ``kind`` is ``quantity`` (matched by figures) or ``quote`` (matched as text); ``how`` says
    more: ``same_figure``, ``passage`` (the figures in two or three adjacent sentences),
    ``exact``, ``near_exact``, ``other_figure``, ``paraphrase``.
    ``figures`` are the quantities as written in the passage; ``notes`` hold codes such as
    ``hedge_differs`` (the source says "drygt 40 %", the claim "40 %").
    """

    text: str
    match: MatchResult
    kind: str
    how: str | None = None
    passage: Passage | None = None
    figures: tuple[str, ...] = ()
    expected: tuple[str, ...] = ()
    overlap: float | None = None
    similarity: float | None = None
    notes: tuple[str, ...] = ()
    candidates: tuple[Passage, ...] = field(default=())
    claim_id: str | None = None
    snapshot: str | None = None
    reason: str | None = None  # why the source's text is unavailable (source_unavailable)

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim_id,
            "text": self.text,
            "match": str(self.match),
            "kind": self.kind,
            "how": self.how,
            "passage": self.passage.to_dict() if self.passage else None,
            "figures": list(self.figures),
            "expected": list(self.expected),
            "overlap": None if self.overlap is None else round(self.overlap, 3),
            "similarity": None if self.similarity is None else round(self.similarity, 3),
            "notes": list(self.notes),
            "candidates": [c.to_dict() for c in self.candidates],
            "snapshot": self.snapshot,
            "reason": self.reason,
        }


# --- compound number words ("tjugofem", "twenty-five") --------------------------------------

_SV_TENS = {
    "tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70,
    "åttio": 80, "nittio": 90,
}  # fmt: skip
_SV_ONES = {
    "ett": 1, "en": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
    "nio": 9,
}  # fmt: skip
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}  # fmt: skip


def _alternation(words: dict[str, int]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_SV_COMPOUND = re.compile(
    rf"\b({_alternation(_SV_TENS)})({_alternation(_SV_ONES)})\b", re.IGNORECASE
)
_EN_COMPOUND = re.compile(
    rf"\b({_alternation(_EN_TENS)})[- ]({_alternation(_EN_ONES)})\b", re.IGNORECASE
)


def spell_out_compounds(text: str) -> str:
    """``text`` with compound number words as digits: "tjugofem" → "25", "twenty-five" → "25".

    (:func:`verify.quantities.parse_quantities` reads single number words only.)
    """

    def sv(match: re.Match[str]) -> str:
        return str(_SV_TENS[match.group(1).lower()] + _SV_ONES[match.group(2).lower()])

    def en(match: re.Match[str]) -> str:
        return str(_EN_TENS[match.group(1).lower()] + _EN_ONES[match.group(2).lower()])

    return _EN_COMPOUND.sub(en, _SV_COMPOUND.sub(sv, text))


# --- matching --------------------------------------------------------------------------------


def _claim_words(text: str, quantities: list[Quantity]) -> set[str]:
    for q in quantities:
        text = text.replace(q.text, " ")
    return content_words(text)


def _overlap(words: set[str], other: set[str]) -> float:
    if not words:
        return 1.0
    return len(words & other) / len(words)


def _hedge_note(claim: Quantity, found: Quantity) -> tuple[str, ...]:
    a = (claim.hedge or "").lower()
    b = (found.hedge or "").lower()
    return ("hedge_differs",) if a != b else ()


@dataclass
class _Sentence:
    passage: Passage
    words: set[str]
    quantities: list[Quantity]
    lang: str = "und"
    _numbers: list[Quantity] | None = None

    @property
    def numbers(self) -> list[Quantity]:
        """Every number in the sentence (read when first asked for)."""
        if self._numbers is None:
            self._numbers = parse_numbers(self.passage.text, self.lang)
        return self._numbers


_READ_CACHE: dict[tuple[str, str], tuple[_Sentence, ...]] = {}
_READ_CACHE_SIZE = 8


def _read(text: str, lang: str) -> tuple[_Sentence, ...]:
    """The sentences of ``text`` with their words and quantities (the last few texts are
    kept: a source's claims are matched one after another in the same text)."""
    key = (lang, text)
    cached = _READ_CACHE.get(key)
    if cached is not None:
        return cached
    out = []
    for passage in sentences(text):
        plain = spell_out_compounds(passage.text)
        words = content_words(passage.text)
        out.append(_Sentence(passage, words, parse_quantities(plain, lang), lang))
    if len(_READ_CACHE) >= _READ_CACHE_SIZE:
        _READ_CACHE.pop(next(iter(_READ_CACHE)))
    _READ_CACHE[key] = result = tuple(out)
    return result


def _all_found(wanted: Sequence[Quantity], quantities: Sequence[Quantity]) -> list[Quantity] | None:
    matched: list[Quantity] = []
    for q in wanted:
        hit = next((x for x in quantities if same_quantity(q, x)), None)
        if hit is None:
            return None
        matched.append(hit)
    return matched


def _joined(group: Sequence[_Sentence]) -> Passage:
    first, last = group[0].passage, group[-1].passage
    return Passage(first.start, last.end, first.line, " ".join(s.passage.text for s in group))


def _quantity_match(
    claim_quantities: list[Quantity],
    text: str,
    lang: str,
    claim_text: str,
    read: Sequence[_Sentence],
    numbers: bool = False,
) -> ClaimMatch:
    """Figures matched sentence by sentence, then in passages; with ``numbers``, the plain
    numbers of a claim without quantities, which must share more of its topic
    (:data:`NUMBER_OVERLAP`)."""
    words = _claim_words(claim_text, claim_quantities)
    least = NUMBER_OVERLAP if numbers else MIN_OVERLAP
    expected = tuple(q.text for q in claim_quantities)
    best: tuple[float, Passage, list[Quantity], str] | None = None
    different: tuple[float, _Sentence, list[Quantity]] | None = None
    off_topic: list[Passage] = []
    scales = {comparable(q)[0] for q in claim_quantities}
    for index, sentence in enumerate(read):
        overlap = _overlap(words, sentence.words)
        if words:
            window = set(sentence.words)
            for near in (index - 1, index + 1):
                if 0 <= near < len(read):
                    window |= read[near].words
            overlap = max(overlap, 0.85 * _overlap(words, window))
        found_in = sentence.numbers if numbers else sentence.quantities
        matched = _all_found(claim_quantities, found_in)
        if matched is not None:
            if overlap >= least and words & sentence.words or not words:
                if best is None or overlap > best[0]:
                    best = (overlap, sentence.passage, matched, "same_figure")
            else:
                off_topic.append(sentence.passage)
            continue
        others = [q for q in found_in if comparable(q)[0] in scales]
        if others and overlap >= DIFFERENT_OVERLAP and words & sentence.words:
            if different is None or overlap > different[0]:
                different = (overlap, sentence, others)
    if best is None and len(claim_quantities) > 1 and not numbers:
        best = _passage_match(claim_quantities, words, read, numbers)
    if best is not None:
        overlap, passage, matched, how = best
        notes: tuple[str, ...] = ()
        for wanted, hit in zip(claim_quantities, matched, strict=True):
            notes += _hedge_note(wanted, hit)
        return ClaimMatch(
            text=claim_text,
            match=MatchResult.FOUND,
            kind="quantity",
            how=how,
            passage=passage,
            figures=tuple(q.text for q in matched),
            expected=expected,
            overlap=overlap,
            notes=tuple(dict.fromkeys(notes)),
            candidates=tuple(off_topic[:5]),
        )
    if different is not None:
        overlap, sentence, others = different
        return ClaimMatch(
            text=claim_text,
            match=MatchResult.DIFFERENT_VALUE,
            kind="quantity",
            how="other_figure",
            passage=sentence.passage,
            figures=tuple(q.text for q in others),
            expected=expected,
            overlap=overlap,
            candidates=tuple(off_topic[:5]),
        )
    return ClaimMatch(
        text=claim_text,
        match=MatchResult.NOT_FOUND,
        kind="quantity",
        expected=expected,
        notes=("figure_only_off_topic",) if off_topic else (),
        candidates=tuple(off_topic[:5]),
    )


def _passage_match(
    claim_quantities: list[Quantity],
    words: set[str],
    read: Sequence[_Sentence],
    numbers: bool = False,
) -> tuple[float, Passage, list[Quantity], str] | None:
    """The best window of two or three adjacent sentences that has every figure of the
    claim between them (each sentence at least one) and shares its topic."""
    best: tuple[float, Passage, list[Quantity], str] | None = None
    for width in (2, 3):
        for start in range(len(read) - width + 1):
            group = read[start : start + width]
            lists = [s.numbers if numbers else s.quantities for s in group]
            if not (lists[0] and lists[-1]):
                continue  # a narrower window holds the figures, or none does
            pooled = [q for found in lists for q in found]
            matched = _all_found(claim_quantities, pooled)
            if matched is None:
                continue
            window = set().union(*(s.words for s in group))
            overlap = _overlap(words, window)
            if words and (overlap < PASSAGE_OVERLAP or not words & window):
                continue
            if best is None or overlap > best[0]:
                best = (overlap, _joined(group), matched, "passage")
        if best is not None:
            return best
    return best


def _is_quotation(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) > 2 and stripped[0] in "\"“”„«'‘" and stripped[-1] in "\"“”»'’"


def _strip_quotes(text: str) -> str:
    return text.strip().strip("\"'“”„«»‘’ ").strip()


def _quote_match(claim_text: str, text: str, read: Sequence[_Sentence]) -> ClaimMatch:
    wanted = normalise(_strip_quotes(claim_text)).strip(" .")
    if not wanted:
        return ClaimMatch(text=claim_text, match=MatchResult.NOT_FOUND, kind="quote")
    best_ratio = 0.0
    best_passage: Passage | None = None
    passages = [s.passage for s in read]
    for index in range(len(passages)):
        for width in (1, 2, 3):
            group = passages[index : index + width]
            if len(group) < width:
                break
            joined = normalise(" ".join(p.text for p in group))
            window = Passage(group[0].start, group[-1].end, group[0].line, " ".join(
                p.text for p in group))  # fmt: skip
            if wanted in joined:
                return ClaimMatch(
                    text=claim_text,
                    match=MatchResult.FOUND,
                    kind="quote",
                    how="exact",
                    passage=window,
                    similarity=1.0,
                )
            ratio = _similarity(wanted, joined)
            if ratio > best_ratio:
                best_ratio, best_passage = ratio, window
            if len(joined) > 2 * len(wanted):
                break
    numbers_agree = best_passage is not None and _numbers_in(wanted) <= _numbers_in(
        normalise(best_passage.text)
    )
    if best_passage is not None and best_ratio >= NEAR_EXACT and numbers_agree:
        return ClaimMatch(
            text=claim_text,
            match=MatchResult.FOUND,
            kind="quote",
            how="near_exact",
            passage=best_passage,
            similarity=best_ratio,
        )
    similar = best_passage is not None and best_ratio >= SIMILAR
    return ClaimMatch(
        text=claim_text,
        match=MatchResult.NOT_FOUND,
        kind="quote",
        how="paraphrase" if similar else None,
        similarity=best_ratio if similar else None,
        candidates=(best_passage,) if similar and best_passage else (),
    )


def _numbers_in(text: str) -> set[str]:
    """The digit groups of a text: a near-exact quotation may not change a number."""
    return set(re.findall(r"\d+", text))


def _similarity(wanted: str, passage: str) -> float:
    """How close ``wanted`` is to the best-matching stretch of ``passage`` (0..1)."""
    if len(passage) <= len(wanted) * 1.2:
        return SequenceMatcher(None, wanted, passage, autojunk=False).ratio()
    matcher = SequenceMatcher(None, passage, wanted, autojunk=False)
    block = matcher.find_longest_match(0, len(passage), 0, len(wanted))
    start = max(0, block.a - block.b - 5)
    piece = passage[start : start + len(wanted) + 10]
    return SequenceMatcher(None, wanted, piece, autojunk=False).ratio()


def match_claim(
    claim_text: str,
    text: str | None,
    *,
    quantities: tuple[Quantity, ...] | list[Quantity] | None = None,
    lang: str | None = None,
    claim_id: str | None = None,
    snapshot: str | None = None,
    unavailable: str | None = None,
    visible: str | None = None,
) -> ClaimMatch:
    """Look for ``claim_text`` in a source's ``text`` (see the module docstring).

    ``quantities`` are the claim's figures when already parsed; otherwise they are parsed
    from the claim (in the claim's own language). ``lang`` is the language of ``text`` (any
    code, e.g. the page's ``lang`` attribute ``de-DE``; detected when None). ``visible`` is
    all the visible text of the page whose main text ``text`` is: a claim it has and ``text``
    has not is ``found_elsewhere_on_page``.
    ``unavailable`` says why there is no text of the source (e.g. ``error_page:not_found``);
    the result is then ``source_unavailable`` with that reason, whatever ``text`` holds.
    """
    figures = list(quantities) if quantities else []
    if not figures:
        figures = parse_quantities(spell_out_compounds(claim_text))
    if unavailable is not None or text is None or not text.strip():
        return ClaimMatch(
            text=claim_text,
            match=MatchResult.SOURCE_UNAVAILABLE,
            kind="quantity" if figures else "quote",
            expected=tuple(q.text for q in figures),
            claim_id=claim_id,
            snapshot=snapshot,
            reason=unavailable or ("no_text" if snapshot else "no_copy"),
        )
    language = _page_language(lang, text)
    result = _match_in(claim_text, text, figures, language)
    if result.match is MatchResult.NOT_FOUND and visible and visible.strip() and visible != text:
        elsewhere = _match_in(claim_text, visible, figures, language)
        if elsewhere.match is MatchResult.FOUND:
            result = replace(elsewhere, match=MatchResult.FOUND_ELSEWHERE_ON_PAGE)
    return replace(result, claim_id=claim_id, snapshot=snapshot)


def _page_language(lang: str | None, text: str) -> str:
    """The language the page's numbers are read by: the given code (the page's ``lang``
    attribute), unless the text is clearly in another language (a site-wide template that
    says ``de`` over an English article); detected when no code is given; ``und`` (keep every
    reading) when neither says."""
    code = language_code(lang)
    detected = detect_language(text)
    if detected is not None and (code is None or detected != code):
        return detected
    return code or "und"


def _match_in(claim_text: str, text: str, figures: list[Quantity], language: str) -> ClaimMatch:
    read = _read(text, language)
    if _is_quotation(claim_text):
        result = _quote_match(claim_text, text, read)
        if result.match is MatchResult.FOUND:
            return result
    if figures:
        return _quantity_match(figures, text, language, claim_text, read)
    quote = _quote_match(claim_text, text, read)
    numbers = parse_numbers(claim_text)
    if quote.match is MatchResult.FOUND or not numbers or _is_quotation(claim_text):
        return quote
    # A claim whose numbers count or name no quantity ("the last 33 days", "version 39"):
    # the same numbers on the topic, as for figures.
    by_number = _quantity_match(numbers, text, language, claim_text, read, numbers=True)
    if by_number.match is MatchResult.NOT_FOUND:
        return replace(quote, candidates=quote.candidates or by_number.candidates)
    return by_number
