"""Our own HTML signals from a page: title, headings, word count, JSON-LD flags, login forms.

The only module of ``verify.web`` that uses bs4. Only a bounded prefix of the decoded body is
parsed (:data:`PARSE_LIMIT`), so a huge page costs no more than a small one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup

__all__ = ["PARSE_LIMIT", "PageInfo", "parse_page", "sniff_charset"]

PARSE_LIMIT = 1_000_000  # decoded bytes of HTML we look at
_WORDS_KEPT = 3000
_WORD = re.compile(r"\w+", re.UNICODE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
try:  # lxml is faster; the stdlib parser is the fallback
    import lxml  # noqa: F401

    _FEATURES = "lxml"
except ImportError:  # pragma: no cover
    _FEATURES = "html.parser"
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


@dataclass(frozen=True)
class PageInfo:
    """What we read from a page for classification."""

    title: str | None = None
    headings: tuple[str, ...] = ()  # h1 texts, then h2 texts (at most a few)
    h1: tuple[str, ...] = ()
    word_count: int = 0
    words: frozenset[str] = field(default_factory=frozenset)  # first words, lower-cased
    accessible_for_free: bool | None = None  # from JSON-LD; False means paywalled
    has_password_field: bool = False
    raw_lower: str = ""  # lower-cased prefix of the markup, for fingerprint markers


def sniff_charset(content_type: str | None, body: bytes) -> str:
    """The text encoding of a page: the Content-Type charset, a meta charset, or UTF-8."""
    if content_type:
        match = re.search(r"charset=([\w.:-]+)", content_type, re.IGNORECASE)
        if match:
            return match.group(1).strip("\"'")
    match = _META_CHARSET.search(body[:4096])
    if match:
        return match.group(1).decode("ascii", "replace")
    return "utf-8"


def _free_flag(node: Any) -> bool | None:
    """``isAccessibleForFree`` anywhere in a JSON-LD tree: False wins over True."""
    found: bool | None = None
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key == "isAccessibleForFree":
                    flag = value if isinstance(value, bool) else str(value).lower() == "true"
                    if not flag:
                        return False
                    found = True
                elif isinstance(value, dict | list):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _clean(text: str) -> str:
    return " ".join(text.split())


def parse_page(body: bytes, content_type: str | None = None) -> PageInfo:
    """Read the signals from the first :data:`PARSE_LIMIT` bytes of an HTML page."""
    prefix = body[:PARSE_LIMIT]
    encoding = sniff_charset(content_type, prefix)
    try:
        text = prefix.decode(encoding, "replace")
    except LookupError:
        text = prefix.decode("utf-8", "replace")
    raw_lower = text[:200_000].lower()
    if "<" not in text:
        words = _WORD.findall(text.lower())
        return PageInfo(
            word_count=len(words), words=frozenset(words[:_WORDS_KEPT]), raw_lower=raw_lower
        )
    text = _XML_DECL.sub("", text.encode("utf-8", "replace"), count=1).decode("utf-8")
    soup = BeautifulSoup(text, _FEATURES)
    title = _clean(soup.title.get_text()) if soup.title else None
    h1 = tuple(_clean(h.get_text()) for h in soup.find_all("h1", limit=3))
    h2 = tuple(_clean(h.get_text()) for h in soup.find_all("h2", limit=3))
    free: bool | None = None
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or script.get_text() or "null")
        except (ValueError, TypeError):
            continue
        flag = _free_flag(data)
        if flag is False:
            free = False
            break
        if flag is True:
            free = True
    has_password = soup.find("input", attrs={"type": "password"}) is not None
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    words = _WORD.findall(soup.get_text(" ").lower())
    return PageInfo(
        title=title or None,
        headings=tuple(h for h in h1 + h2 if h),
        h1=tuple(h for h in h1 if h),
        word_count=len(words),
        words=frozenset(words[:_WORDS_KEPT]),
        accessible_for_free=free,
        has_password_field=has_password,
        raw_lower=raw_lower,
    )
