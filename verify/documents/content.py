"""What a format reader hands back before the common fields (name, hash, size) are added."""

from __future__ import annotations

from dataclasses import dataclass

from verify.documents.model import Footnote, Link

__all__ = ["Content"]


@dataclass(frozen=True)
class Content:
    """Text with page starts, footnotes, links and warnings, as one format reader found them."""

    text: str
    page_starts: tuple[int, ...] = (0,)
    footnotes: tuple[Footnote, ...] = ()
    links: tuple[Link, ...] = ()
    warnings: tuple[str, ...] = ()
