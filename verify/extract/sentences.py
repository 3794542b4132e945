"""Sentences of a document text, with their offsets (pure).

A sentence ends at ".", "!", "?" followed by white space and a capital letter (not after a
known abbreviation such as "t.ex." or "prop."), at a blank line, and at the end of a heading
or list line. Line breaks inside a paragraph (text from PDF) do not end a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..sentences import sentence_cuts

__all__ = ["Sentence", "Sentences", "collapse"]

_BOUNDARY = re.compile(r"[.!?…]+[\"”’)¹²³⁴⁵⁶⁷⁸⁹⁰]*\d{0,2}\s+(?=[\"“”(–-]?[A-ZÅÄÖÉ0-9])")
_BREAK = re.compile(r"\n[ \t\u00a0]*\n|\n(?=[ \t]*(?:#|[*•-]\s|\d+\.\s))|\n(?=[ \t]*\[)")


def collapse(text: str) -> str:
    """``text`` with runs of white space made one space, and hyphenated line breaks joined."""
    text = re.sub(r"(?<=[a-zåäö])-\s*\n\s*(?=[a-zåäö])", "", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Sentence:
    """One sentence: its offsets in the document text, and its text as written."""

    start: int
    end: int
    text: str

    @property
    def passage(self) -> str:
        return collapse(self.text)


class Sentences:
    """The sentences of a text, and the sentence at an offset."""

    def __init__(self, text: str) -> None:
        cuts = sentence_cuts(text, _BOUNDARY, _BREAK)
        for heading in re.finditer(
            r"(?:^|\n)[ \t\u00a0]*\n([ \t\u00a0]*[A-ZÅÄÖ][^\n.!?:;,]{2,60}?)[ \t\u00a0]*\n"
            r"(?=[ \t\u00a0]*[A-ZÅÄÖ])",
            text,
        ):
            cuts.add(heading.start(1))
            cuts.add(heading.end(1))
        for heading in re.finditer(r"^#+ .*$", text, re.MULTILINE):
            cuts.add(heading.start())
            cuts.add(min(len(text), heading.end() + 1))
        ordered = sorted(cuts)
        self.items: list[Sentence] = []
        for start, end in zip(ordered, ordered[1:], strict=False):
            chunk = text[start:end]
            if chunk.strip():
                self.items.append(Sentence(start, end, chunk))
        self._starts = [s.start for s in self.items]

    def at(self, offset: int) -> Sentence | None:
        """The sentence that holds ``offset``."""
        index = bisect_right(self._starts, offset) - 1
        if 0 <= index < len(self.items):
            return self.items[index]
        return None

    def index(self, offset: int) -> int:
        """The index of the sentence that holds ``offset`` (-1 before the first)."""
        return bisect_right(self._starts, offset) - 1
