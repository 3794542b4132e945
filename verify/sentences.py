"""Where sentences end (pure): one rule for the whole project.

:func:`sentence_cuts` gives the offsets where a text splits into sentences: at paragraph and
list breaks, and after ``. ! ? …`` followed by a capital or a digit, except after a known
abbreviation ("t.ex.", "prop.", "e.g.") or an initial ("J. Smith"). Callers pass their own
boundary and break patterns where they need more (footnote markers glued to a full stop).
"""

from __future__ import annotations

import re

__all__ = ["ABBREVIATIONS", "BOUNDARY", "BREAK", "sentence_cuts"]

#: Words after which a full stop does not end a sentence (lower case, without the final dot).
ABBREVIATIONS = frozenset({
    "t.ex", "bl.a", "s.k", "m.fl", "m.m", "dvs", "d.v.s", "ca", "c:a", "resp", "prop", "dir",
    "bet", "rskr", "skr", "jfr", "kap", "nr", "s", "sid", "st", "fr.o.m", "t.o.m", "o.d",
    "e.g", "i.e", "etc", "approx", "vs", "no", "p", "pp", "dr", "mr", "mrs", "ms", "prof",
    "inkl", "exkl", "ang", "enl", "f.d", "osv", "mfl", "bl", "el", "tel", "u.s", "u.k", "jan",
    "feb", "aug", "sept", "okt", "oct", "nov", "dec", "fig", "tab", "ref", "a.a", "ibid",
    "gov", "sen", "rep", "inc", "corp", "jr", "mt", "n", "ft",
})  # fmt: skip

BOUNDARY = re.compile(r"[.!?…]+[\"”’)\]]*\s+(?=[\"“”'‘(\[–-]?[A-ZÅÄÖÉ0-9])")
BREAK = re.compile(r"\n[ \t\u00a0]*\n|\n(?=[ \t]*(?:#|[*•-]\s|\d+\.\s))")

_LAST_WORD = re.compile(r"([\w.:]+)$")
_INITIAL = re.compile(r"[A-ZÅÄÖ]")


def sentence_cuts(
    text: str, boundary: re.Pattern[str] = BOUNDARY, breaks: re.Pattern[str] = BREAK
) -> set[int]:
    """The offsets (including 0 and ``len(text)``) where ``text`` splits into sentences."""
    cuts = {0, len(text)}
    for match in breaks.finditer(text):
        cuts.add(match.end())
    for match in boundary.finditer(text):
        word = _LAST_WORD.search(text[max(0, match.start() - 12) : match.start()])
        if word and word.group(1).lower().strip(".") in ABBREVIATIONS:
            continue
        if word and _INITIAL.fullmatch(word.group(1)):
            continue  # an initial: "J. Smith"
        cuts.add(match.end())
    return cuts
