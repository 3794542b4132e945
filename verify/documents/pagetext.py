"""Cleaning the text lines of one PDF page (pure): ligatures, hyphenation, footnotes, markers.

These work on lists of lines as a PDF text extractor gives them, so they are tested without
PDF files.

Footnotes are found from the bottom of a page. A footnote starts with a line that begins
with a number marker (``1 Svalt intresse ...``, ``1Svalt ...`` when the superscript is glued,
``¹ Text``, or a line holding only the marker followed by the text line) and may continue on
the following lines. A block of footnotes is a chain of such lines whose markers count up by
one (``3``, ``4``, ``5``), standing at the foot of the page (only a few short lines, such as
a page number, may follow it). A chain counts only when one of its markers is found as a
reference in the body above it (``artikel1``, ``källa.2``, ``text¹``, or the marker alone on a
line), or when it starts with the marker expected next in the document (the last marker seen
on earlier pages plus one, from the second footnote on). Among chains that count, the one
starting with the expected marker wins, then the one nearest the foot. So a number that
happens to begin a body line (``2 kommuner har ...``) is not taken for a footnote.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass

__all__ = [
    "PageFootnote",
    "dehyphenate",
    "find_footnotes",
    "find_reference",
    "normalise_ligatures",
]

_LIGATURES = "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
_LIGATURE_TABLE = {ord(char): unicodedata.normalize("NFKC", char) for char in _LIGATURES}

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_TABLE = str.maketrans(_SUPERSCRIPTS, "0123456789")

# Words after which a line-final hyphen is a suspended compound ("Stockholms- och").
_CONJUNCTIONS = frozenset(
    {"och", "eller", "samt", "respektive", "resp", "som", "till", "and", "or", "to", "nor"}
)

_FOOTNOTE_START = re.compile(
    r"^\s*(?:(?P<digits>\d{1,3})(?:[.)]?\s+|(?=[^\W\d_]))|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s*)"
    r"(?P<text>\S.*)$"
)
_MARKER_ONLY = re.compile(r"^\s*(?:(?P<digits>\d{1,3})|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))\s*$")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:sida|sid\.|page|s\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?"
    r"\s*(?:(?:\(\s*\d{1,4}\s*\))|(?:(?:/|av|of)\s*\d{1,4}))?\s*$",
    re.IGNORECASE,
)

MAX_CONTINUATION_LINES = 6  # lines one footnote may run on after its first line
MAX_TRAILING_LINES = 3  # short lines (page number, footer) allowed below the footnotes


def normalise_ligatures(text: str) -> str:
    """Replace the ligature characters ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ by their letters (NFKC for those only)."""
    return text.translate(_LIGATURE_TABLE)


def dehyphenate(lines: list[str]) -> list[str]:
    """Join words broken across lines with a hyphen; keep hyphens that belong to the word.

    ``Migrations-`` + ``verket är`` gives ``Migrationsverket`` + ``är``: the rest of the word
    moves up, so the number of lines stays (a line left empty is dropped). The hyphen is kept
    when the part before it ends in a capital or a digit or is one letter (``EU-länder``,
    ``2020-talet``, ``e-post``). Nothing is joined when the next line starts with a capital,
    a digit or punctuation, or with a conjunction (``Stockholms- och``), or when the hyphen
    stands alone (a dash). A soft hyphen at the end of a line is always joined.
    """
    out = [line.rstrip() for line in lines]
    k = 0
    while k < len(out) - 1:
        line = out[k]
        following = out[k + 1].lstrip()
        soft = line.endswith("\u00ad")
        if not (soft or line.endswith("-")) or not following:
            k += 1
            continue
        head = line[:-1]
        word_before = re.search(r"([^\W_]+)$", head)
        match = re.match(r"([^\W\d_][^\s]*)", following)
        if word_before is None or match is None:
            k += 1
            continue
        piece = match.group(1)
        bare = re.match(r"[^\W\d_]+", piece)
        if not soft:
            if not piece[0].islower() or (bare and bare.group(0).lower() in _CONJUNCTIONS):
                k += 1
                continue
            fragment = word_before.group(1)
            keep = len(fragment) == 1 or fragment[-1].isupper() or fragment[-1].isdigit()
            head = line if keep else head
        out[k] = head + piece
        rest = following[len(piece) :].lstrip()
        if rest:
            out[k + 1] = rest
            k += 1
        else:
            del out[k + 1]
    return out


@dataclass(frozen=True)
class PageFootnote:
    """A footnote found in a page's lines: its marker, the lines it spans and its text."""

    marker: str
    first: int  # index of the line the footnote starts on
    last: int  # index of its last line (inclusive)
    marker_end: int  # offset in lines[first] where the footnote text begins
    text: str


def _start(line: str, following: str | None) -> tuple[int, int] | None:
    """(marker number, offset of the text) if ``line`` can begin a footnote."""
    match = _FOOTNOTE_START.match(line)
    if match:
        raw = match.group("digits") or match.group("sup").translate(_SUPERSCRIPT_TABLE)
        return int(raw), match.start("text")
    match = _MARKER_ONLY.match(line)
    if match and following is not None and following.strip():
        raw = match.group("digits") or match.group("sup").translate(_SUPERSCRIPT_TABLE)
        return int(raw), len(line)
    return None


def _is_trailer(line: str) -> bool:
    return not line.strip() or bool(_PAGE_NUMBER.match(line))


def find_footnotes(lines: list[str], expected: int | None = None) -> list[PageFootnote]:
    """The footnotes at the foot of a page, top to bottom; [] when there are none.

    ``expected`` is the marker that should come next in the document (the last one found
    on earlier pages plus one); a chain starting there is preferred, otherwise the chain
    nearest the foot of the page wins.
    """
    count = len(lines)
    if count == 0:
        return []
    starts: list[tuple[int, int, int]] = []  # (line index, marker, text offset)
    for index, line in enumerate(lines):
        found = _start(line, lines[index + 1] if index + 1 < count else None)
        if found is not None and found[0] > 0:
            starts.append((index, found[0], found[1]))
    if not starts:
        return []
    lengths = [len(line.strip()) for line in lines if line.strip()]
    long_line = 0.7 * (statistics.median_high(lengths) if lengths else 0)

    # Chains: each start continues the chain of the start before it with marker - 1.
    chains: list[list[tuple[int, int, int]]] = []
    for start in starts:
        for chain in chains:
            last_index, last_marker, _ = chain[-1]
            if (
                last_marker + 1 == start[1]
                and 0 < start[0] - last_index <= MAX_CONTINUATION_LINES + 1
            ):
                chain.append(start)
                break
        else:
            chains.append([start])

    candidates: list[tuple[int, int, list[PageFootnote]]] = []
    for chain in chains:
        notes = _chain_notes(lines, chain, long_line)
        if notes is None:
            continue
        above = "\n".join(lines[: chain[0][0]])
        referenced = any(find_reference(above, note.marker) for note in notes)
        continues = expected is not None and expected > 1 and chain[0][1] == expected
        if not (referenced or continues):
            continue
        preferred = expected is not None and chain[0][1] == expected
        candidates.append((1 if preferred else 0, notes[-1].last, notes))
    if not candidates:
        return []
    candidates.sort(key=lambda item: (item[0], item[1]))
    return candidates[-1][2]


def _chain_notes(
    lines: list[str], chain: list[tuple[int, int, int]], long_line: float
) -> list[PageFootnote] | None:
    """The footnotes of one chain, or None when the chain is not at the foot of the page."""
    count = len(lines)
    notes: list[PageFootnote] = []
    for position, (index, marker, offset) in enumerate(chain):
        if position + 1 < len(chain):
            last = chain[position + 1][0] - 1
        else:
            # The last footnote runs on while its lines are full (wrapped) lines.
            last = index
            if offset >= len(lines[index]) and index + 1 < count:
                last = index + 1  # the marker stood alone on its line
            while (
                last + 1 < count
                and last - index < MAX_CONTINUATION_LINES
                and len(lines[last].strip()) >= long_line
                and lines[last + 1].strip()
                and not _is_trailer(lines[last + 1])
            ):
                last += 1
        parts = [lines[index][offset:].strip()]
        parts.extend(line.strip() for line in lines[index + 1 : last + 1])
        text = " ".join(part for part in parts if part)
        if not text:
            return None
        notes.append(PageFootnote(str(marker), index, last, offset, text))
    trailing = lines[notes[-1].last + 1 :]
    if len([line for line in trailing if line.strip()]) > MAX_TRAILING_LINES:
        return None
    if any(len(line.strip()) >= long_line and not _is_trailer(line) for line in trailing):
        return None
    return notes


def find_reference(body: str, marker: str) -> tuple[int, int] | None:
    """The span of footnote ``marker`` in body text: glued to a word or punctuation, or raised.

    ``artikel1``, ``undersökning.1``, ``”citat”1``, ``artikel¹`` and a line holding only the
    marker (a raised number the extractor put on a line of its own) are found; a number
    standing in the text (``1 kommun``) is not. The last match is taken, as the reference
    usually stands closest to its footnote.
    """
    superscript = marker.translate(str.maketrans("0123456789", _SUPERSCRIPTS))
    pattern = re.compile(
        rf"(?:(?<=[^\W\d_])|(?<=[.,;:!?)\]”\"’'»])){re.escape(marker)}(?!\d)"
        rf"|(?<![⁰¹²³⁴⁵⁶⁷⁸⁹]){re.escape(superscript)}(?![⁰¹²³⁴⁵⁶⁷⁸⁹])"
        rf"|(?m:^[ \t]*{re.escape(marker)}[ \t]*$)",
    )
    found = None
    for match in pattern.finditer(body):
        found = (match.start(), match.end())
    return found
