"""Spans of text already taken, with overlap, cover and enclosing tests in O(log n) (pure).

Extraction asks again and again whether a new match overlaps one found before; over a list
that is quadratic in the number of citations, so the spans are kept sorted instead.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

__all__ = ["DisjointSpans", "SpanIndex", "finditer_near", "fold"]

T = TypeVar("T")


class DisjointSpans:
    """Pairwise disjoint spans ``[start, end)`` in order of their starts."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []  # disjoint and ordered by start, so ordered too

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a span (``s < end and start < e``)."""
        index = bisect_left(self.starts, end)  # the spans that start before ``end``
        return index > 0 and self.ends[index - 1] > start

    def covers(self, pos: int) -> bool:
        """Whether a span holds ``pos`` (``s <= pos < e``)."""
        index = bisect_right(self.starts, pos)
        return index > 0 and self.ends[index - 1] > pos

    def add(self, start: int, end: int) -> bool:
        """Add the span unless it overlaps one already there; whether it was added."""
        if self.overlaps(start, end):
            return False
        index = bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)
        return True


class SpanIndex(Generic[T]):
    """Spans with a value each, for "which span encloses this one" in O(log n)."""

    def __init__(self, items: list[tuple[int, int, T]] | None = None) -> None:
        self._items: list[tuple[int, int, int, T]] = []
        self._count = 0
        for start, end, value in items or ():
            self.add(start, end, value)

    def add(self, start: int, end: int, value: T) -> None:
        insort(self._items, (start, self._count, end, value), key=lambda item: item[0])
        self._count += 1

    def enclosing(self, start: int, end: int, slack: int = 0, look: int = 4) -> T | None:
        """The first added span with ``s <= start`` and ``end <= e + slack``, among the
        ``look`` spans that start last at or before ``start`` (spans rarely nest deeper)."""
        index = bisect_right(self._items, start, key=lambda item: item[0])
        hits = [
            item for item in self._items[max(0, index - look) : index]
            if end <= item[2] + slack
        ]  # fmt: skip
        if not hits:
            return None
        return min(hits, key=lambda item: item[1])[3]


def fold(text: str) -> str:
    """``text`` in lower case with every offset kept (a character whose lower case is longer,
    such as "İ", stays as it is), so matches in the folded text are matches in ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_WORD_START = re.compile(r"\b(?=\w)")


def finditer_near(
    pattern: re.Pattern[str], text: str, anchors: Iterable[int], before: int, after: int = 400
) -> Iterator[re.Match[str]]:
    """The matches ``pattern.finditer(text)`` gives, found by trying the pattern only at the
    word starts near the anchors (offsets in order).

    Right for a pattern whose matches begin at a word start, at most ``before`` characters
    before an anchor they hold, and end less than ``after`` characters after it. A pattern
    that begins with optional words or a letter class is slow to try at every offset of a
    long text; the anchors (where a work noun stands, say) come from a fast literal pattern.
    """
    pos = 0
    size = len(text)
    for anchor in anchors:
        if anchor < pos:
            continue
        hi = min(size, anchor + after)
        for start in _WORD_START.finditer(text, max(pos, anchor - before), anchor + 1):
            if start.start() < pos:
                continue
            match = pattern.match(text, start.start(), hi)
            if match is not None:
                yield match
                pos = max(match.end(), match.start() + 1)
