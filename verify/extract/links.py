"""Web addresses in text: full URLs, bare domains ("(dagenssamhalle.se)"), Markdown links.

Trailing punctuation and unbalanced closing brackets are stripped; e-mail addresses are not
web addresses. Each address is normalised with :func:`verify.urls.normalize_url`; one that
cannot be (a relative link, a mailto:) is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InvalidURLError
from ..urls import domain_of, normalize_url
from .spans import DisjointSpans

__all__ = ["FoundLink", "find_links", "find_markdown_links"]

#: Top-level domains accepted for a bare domain (a full URL may have any).
_TLDS = (
    "se|nu|com|org|net|eu|int|gov|edu|info|io|dk|no|fi|is|de|uk|fr|nl|be|es|it|at|ch|pl|ee|"
    "lv|lt|us|ca|au|nz|ie|pt|app|news|media|tv|fm"
)


@dataclass(frozen=True)
class FoundLink:
    """A web address found in the text, with its span and, for a Markdown link, anchor text."""

    url: str  # normalised
    raw: str
    start: int
    end: int
    anchor: str | None = None
    anchor_start: int | None = None
    anchor_end: int | None = None
    bare: bool = False

    @property
    def domain(self) -> str:
        return domain_of(self.url)


_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'\]\[{}|\\^`”“»«]+", re.IGNORECASE)
_BARE = re.compile(
    rf"(?<![\w@./:-])(?:[a-z0-9](?:[a-z0-9-]{{0,62}}[a-z0-9])?\.)+(?:{_TLDS})"
    r"(?![\w@-])(?:/[^\s<>\"'\]\[{}|\\^`”“»«]*)?",
    re.IGNORECASE,
)
_MD_LINK = re.compile(r"\[(?P<text>[^\]\n]{1,400})\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_TRAILING = ".,;:!?'\"”’»›)]}>"


def _clean(raw: str) -> str:
    text = raw
    while text and text[-1] in _TRAILING:
        last = text[-1]
        if last == ")" and text.count("(") >= text.count(")"):
            break
        if last == "]" and text.count("[") >= text.count("]"):
            break
        text = text[:-1]
    return text


def _normal(raw: str) -> str | None:
    try:
        return normalize_url(raw)
    except InvalidURLError:
        return None


def find_markdown_links(text: str) -> list[FoundLink]:
    """Markdown links ``[anchor](https://...)`` with an absolute target."""
    found: list[FoundLink] = []
    for match in _MD_LINK.finditer(text):
        target = match.group("target")
        if not re.match(r"(?i)https?://|www\.", target):
            continue
        url = _normal(target)
        if url is None:
            continue
        found.append(
            FoundLink(
                url,
                target,
                match.start("target"),
                match.end("target"),
                anchor=match.group("text").strip(),
                anchor_start=match.start("text"),
                anchor_end=match.end("text"),
            )
        )
    return found


def find_links(text: str) -> list[FoundLink]:
    """Every web address in ``text``, in order: Markdown links, URLs, then bare domains."""
    found = find_markdown_links(text)
    taken = DisjointSpans()
    for f in found:
        taken.add(f.start, f.end)
    for pattern, bare in ((_URL, False), (_BARE, True)):
        for match in pattern.finditer(text):
            raw = _clean(match.group(0))
            start, end = match.start(), match.start() + len(raw)
            if taken.overlaps(start, end):
                continue
            if bare and not re.search(r"[a-z]", raw.split("/")[0].rsplit(".", 1)[0], re.I):
                continue
            url = _normal(raw)
            if url is None:
                continue
            taken.add(start, end)
            found.append(FoundLink(url, raw, start, end, bare=bare and "/" not in raw))
    found.sort(key=lambda f: f.start)
    return found
