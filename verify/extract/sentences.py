"""Sentences of a document text, with their offsets (pure).

A sentence ends at ".", "!", "?" followed by white space and a capital letter (not after a
known abbreviation such as "t.ex." or "prop."), at a blank line, and at the end of a heading
or list line. Line breaks inside a paragraph (text from PDF) do not end a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["Sentence", "Sentences", "collapse"]

_ABBREVIATIONS = {
    "t.ex", "bl.a", "s.k", "m.fl", "m.m", "dvs", "d.v.s", "ca", "c:a", "resp", "prop", "dir",
    "bet", "rskr", "skr", "jfr", "kap", "nr", "s", "sid", "st", "fr.o.m", "t.o.m", "o.d",
    "e.g", "i.e", "etc", "approx", "vs", "no", "p", "pp", "dr", "mr", "mrs", "ms", "prof",
    "inkl", "exkl", "ang", "enl", "f.d", "osv", "mfl", "bl", "el", "tel", "u.s", "jan",
    "feb", "aug", "sept", "okt", "nov", "dec", "fig", "tab", "ref", "a.a", "ibid",
}  # fmt: skip
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
        cuts = {0, len(text)}
        for match in _BREAK.finditer(text):
            cuts.add(match.end())
        for match in _BOUNDARY.finditer(text):
            word = re.search(r"([\w.:]+)$", text[max(0, match.start() - 12) : match.start()])
            if word and word.group(1).lower().strip(".") in _ABBREVIATIONS:
                continue
            if word and re.fullmatch(r"[A-ZÅÄÖ]", word.group(1)):
                continue  # an initial: "J. Smith"
            cuts.add(match.end())
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
