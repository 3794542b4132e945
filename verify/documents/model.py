"""What reading a document gives: its text, with pages, lines, footnotes and links (pure data)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

__all__ = ["Footnote", "Link", "ReadDocument"]


@dataclass(frozen=True)
class Link:
    """A hyperlink target found in the document (html, md, docx), with its anchor text."""

    url: str
    text: str
    start: int | None = None  # character span of the anchor text in ReadDocument.text
    end: int | None = None


@dataclass(frozen=True)
class Footnote:
    """A footnote: its marker ("1"), its text, and where the text stands in ReadDocument.text.

    ``ref_start``/``ref_end`` locate the marker in the body text when it could be found.
    """

    marker: str
    text: str
    start: int
    end: int
    page: int | None = None
    ref_start: int | None = None
    ref_end: int | None = None


@dataclass(frozen=True)
class ReadDocument:
    """A document read into one text.

    ``page_starts[i]`` is the offset in ``text`` where page ``i + 1`` begins (one entry for
    formats without pages). Lines are counted within a page, from 1.
    """

    name: str
    media_type: str
    sha256: str
    size: int
    text: str
    page_starts: tuple[int, ...] = (0,)
    footnotes: tuple[Footnote, ...] = ()
    links: tuple[Link, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return len(self.page_starts)

    @cached_property
    def _newlines(self) -> list[int]:
        """The offsets of every line break, so a position is two binary searches."""
        return [match.start() for match in re.finditer("\n", self.text)]

    def position(self, offset: int) -> tuple[int, int]:
        """(page, line) of a character offset, both counted from 1."""
        page_index = max(0, bisect.bisect_right(self.page_starts, offset) - 1)
        page_start = self.page_starts[page_index]
        newlines = self._newlines
        before = bisect.bisect_left(newlines, max(page_start, offset))
        line = before - bisect.bisect_left(newlines, page_start) + 1
        return page_index + 1, line
