"""Claim matching: is what the motion says the source shows really in the source? (pure)

For a claim with figures, every sentence of the source's text is read for quantities
(:func:`verify.quantities.parse_quantities`, so "40 %", "40 procent", "fyra av tio" and "two
in five" are the same share, "9 228" and "9,228" the same count, and percent and percentage
points stay apart). A sentence that has every figure of the claim and shares its topic (some
of its content words) is ``found``; a sentence on the topic with another figure on the same
scale is ``different_value``; otherwise ``not_found``. Where the figure occurs only in
sentences off the topic, those are kept as ``candidates`` for the officer to read, never
counted as found.

A claim without figures is treated as a quotation: an exact match after normalising quotes,
dashes, case and white space is ``found`` (``exact``), a near-exact one (similarity at least
:data:`NEAR_EXACT`) is ``found`` (``near_exact``); anything looser is a paraphrase and is never
``found`` - the most similar sentence is kept as a candidate.

No text at all (no snapshot, or an empty one) is ``source_unavailable``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

from ..models import Quantity
from ..quantities import comparable, guess_language, parse_quantities, same_quantity
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


class MatchResult(StrEnum):
    """What claim matching found."""

    FOUND = "found"
    DIFFERENT_VALUE = "different_value"
    NOT_FOUND = "not_found"
    SOURCE_UNAVAILABLE = "source_unavailable"


@dataclass(frozen=True)
class ClaimMatch:
    """The result for one claim in one text.

    ``kind`` is ``quantity`` (matched by figures) or ``quote`` (matched as text); ``how`` says
    more: ``same_figure``, ``exact``, ``near_exact``, ``other_figure``, ``paraphrase``.
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


def _read(text: str, lang: str) -> list[_Sentence]:
    out = []
    for passage in sentences(text):
        plain = spell_out_compounds(passage.text)
        out.append(_Sentence(passage, content_words(passage.text), parse_quantities(plain, lang)))
    return out


def _quantity_match(
    claim_quantities: list[Quantity], text: str, lang: str, claim_text: str, read: list[_Sentence]
) -> ClaimMatch:
    words = _claim_words(claim_text, claim_quantities)
    expected = tuple(q.text for q in claim_quantities)
    best: tuple[float, _Sentence, list[Quantity]] | None = None
    different: tuple[float, _Sentence, list[Quantity]] | None = None
    off_topic: list[Passage] = []
    scales = {comparable(q)[0] for q in claim_quantities}
    for index, sentence in enumerate(read):
        overlap = _overlap(words, sentence.words)
        if index > 0 and words:
            window = sentence.words | read[index - 1].words
            overlap = max(overlap, 0.85 * _overlap(words, window))
        matched: list[Quantity] = []
        for wanted in claim_quantities:
            hit = next((q for q in sentence.quantities if same_quantity(wanted, q)), None)
            if hit is None:
                break
            matched.append(hit)
        if len(matched) == len(claim_quantities):
            if overlap >= MIN_OVERLAP and words & sentence.words or not words:
                if best is None or overlap > best[0]:
                    best = (overlap, sentence, matched)
            else:
                off_topic.append(sentence.passage)
            continue
        others = [q for q in sentence.quantities if comparable(q)[0] in scales]
        if others and overlap >= DIFFERENT_OVERLAP and words & sentence.words:
            if different is None or overlap > different[0]:
                different = (overlap, sentence, others)
    if best is not None:
        overlap, sentence, matched = best
        notes: tuple[str, ...] = ()
        for wanted, hit in zip(claim_quantities, matched, strict=True):
            notes += _hedge_note(wanted, hit)
        return ClaimMatch(
            text=claim_text,
            match=MatchResult.FOUND,
            kind="quantity",
            how="same_figure",
            passage=sentence.passage,
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


def _is_quotation(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) > 2 and stripped[0] in "\"“”„«'‘" and stripped[-1] in "\"“”»'’"


def _strip_quotes(text: str) -> str:
    return text.strip().strip("\"'“”„«»‘’ ").strip()


def _quote_match(claim_text: str, text: str, read: list[_Sentence]) -> ClaimMatch:
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
) -> ClaimMatch:
    """Look for ``claim_text`` in a source's ``text`` (see the module docstring).

    ``quantities`` are the claim's figures when already parsed; otherwise they are parsed
    from the claim. ``lang`` is the language of ``text`` (guessed when None).
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
    language = lang if lang in ("sv", "en") else guess_language(text)
    read = _read(text, language)
    result: ClaimMatch | None = None
    if _is_quotation(claim_text):
        result = _quote_match(claim_text, text, read)
        if result.match is not MatchResult.FOUND:
            result = None
    if result is not None:
        pass
    elif figures:
        result = _quantity_match(figures, text, language, claim_text, read)
    else:
        result = _quote_match(claim_text, text, read)
    return replace(result, claim_id=claim_id, snapshot=snapshot)
