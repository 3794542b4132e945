"""Text helpers for evidence: sentences with positions, normalised text, content words (pure).

A page's extracted text is split into :class:`Passage` objects (a sentence with its character
offsets and 1-based line number), so every match can say where it was found. Normalising makes
typographic quotes, dashes, no-break spaces and runs of white space compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import asdict, dataclass
from typing import Any

from ..sentences import sentence_cuts

__all__ = ["Passage", "content_words", "normalise", "sentences", "stem"]

_QUOTES = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2033": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
        "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " ",
        "\u2009": " ", "\u00ad": "",
    }
)  # fmt: skip


_STOPWORDS = {
    # Swedish
    "och", "att", "det", "som", "är", "på", "för", "med", "av", "till", "enligt", "inte",
    "har", "de", "den", "en", "ett", "om", "från", "var", "vill", "kan", "ska", "sig", "sin",
    "sina", "där", "eller", "men", "även", "också", "efter", "inom", "under", "över", "mot",
    "vid", "hos", "nu", "när", "man", "så", "än", "blir", "blev", "vara", "varit", "detta",
    "dessa", "deras", "hade", "alla", "andra", "mer", "mest", "procent", "uppger", "visar",
    "cirka", "drygt", "knappt", "nära", "runt", "omkring", "ungefär", "minst", "nästan",
    # English
    "the", "and", "that", "is", "of", "to", "for", "with", "by", "according", "not", "has",
    "have", "are", "was", "were", "from", "this", "these", "those", "their", "they", "them",
    "its", "it", "in", "on", "at", "as", "an", "a", "or", "but", "be", "been", "being", "which",
    "who", "whom", "than", "then", "there", "more", "most", "about", "nearly", "almost",
    "percent", "per", "cent", "said", "says", "also", "into", "over", "some", "such",
    "would", "will", "could", "should", "can", "had", "did", "does", "do", "one", "all", "out",
    "up", "we", "our", "you", "your", "he", "she", "his", "her", "i", "so", "if", "what",
    "when", "while", "after", "before", "since", "only", "just", "around", "least",
}  # fmt: skip

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


def normalise(text: str) -> str:
    """``text`` with typographic quotes, dashes and spaces made plain, white space collapsed,
    compatibility forms folded (NFKC) and letters lower-cased."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().lower()


def stem(word: str) -> str:
    """A crude stem that lets inflected forms meet ("återvandra", "återvandring")."""
    word = word.lower()
    return word[:5] if len(word) > 5 else word


def content_words(text: str) -> set[str]:
    """The stems of the words in ``text`` that carry its topic (no stop words, no numbers)."""
    words = (w.lower() for w in _TOKEN.findall(text))
    return {stem(w) for w in words if len(w) > 2 and w not in _STOPWORDS}


@dataclass(frozen=True)
class Passage:
    """One sentence of a text: its offsets, its 1-based line, and its text (white space
    collapsed)."""

    start: int
    end: int
    line: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def sentences(text: str) -> list[Passage]:
    """The sentences of ``text`` with their positions; blank lines and list items end one."""
    cuts = sentence_cuts(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out: list[Passage] = []
    ordered = sorted(cuts)
    for start, end in zip(ordered, ordered[1:], strict=False):
        piece = text[start:end]
        stripped = piece.strip()
        if not stripped:
            continue
        lead = len(piece) - len(piece.lstrip())
        begin = start + lead
        finish = begin + len(stripped)
        out.append(
            Passage(
                start=begin,
                end=finish,
                line=bisect_right(line_starts, begin),
                text=re.sub(r"\s+", " ", stripped),
            )
        )
    return out
