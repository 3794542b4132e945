"""Our own HTML signals from a page: title, headings, word count, JSON-LD flags, login forms.

The only module of ``verify.web`` that parses HTML (lxml.html: ~50x faster than bs4 here, and
the check of 2,000 pages is CPU-bound). Only a bounded prefix of the decoded body is
parsed (:data:`PARSE_LIMIT`), so a huge page costs no more than a small one.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree

__all__ = ["PARSE_LIMIT", "PageInfo", "parse_page", "sniff_charset"]

PARSE_LIMIT = 1_000_000  # decoded bytes of HTML we look at
_WORDS_KEPT = 3000
_WORD = re.compile(r"\w+", re.UNICODE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_LOCAL = threading.local()


def _parser() -> etree.HTMLParser:
    """This thread's own HTML parser: lxml serialises the threads that share one parser
    (lxml.html's default), and checks parse pages in many threads at once."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = lxml.html.HTMLParser()
    return parser


def _text(el: Any) -> str:
    """An element's text, as ``text_content()`` gives it, without its shared XPath (whose
    evaluation holds a lock across threads)."""
    return "".join(t for t in el.itertext() if isinstance(t, str))


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


def _ld_json_flag(scripts: list[str]) -> bool | None:
    free: bool | None = None
    for raw in scripts:
        try:
            data = json.loads(raw or "null")
        except (ValueError, TypeError):
            continue
        flag = _free_flag(data)
        if flag is False:
            return False
        if flag is True:
            free = True
    return free


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
    text = _XML_DECL.sub("", text, count=1)
    try:
        root = lxml.html.document_fromstring(text, parser=_parser())
    except (etree.ParserError, ValueError):
        return PageInfo(raw_lower=raw_lower)
    title_el = root.find(".//title")
    title = _clean(_text(title_el)) if title_el is not None else None
    h1 = tuple(_clean(_text(h)) for h in root.iter("h1"))[:3]
    h2 = tuple(_clean(_text(h)) for h in root.iter("h2"))[:3]
    scripts = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            scripts.append(script.text or "")
    has_password = any(
        (el.get("type") or "").strip().lower() == "password" for el in root.iter("input")
    )
    etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
    body_el = root.find("body")
    visible = _text(body_el if body_el is not None else root)
    words = _WORD.findall(visible.lower())
    return PageInfo(
        title=title or None,
        headings=tuple(h for h in h1 + h2 if h),
        h1=tuple(h for h in h1 if h),
        word_count=len(words),
        words=frozenset(words[:_WORDS_KEPT]),
        accessible_for_free=_ld_json_flag(scripts),
        has_password_field=has_password,
        raw_lower=raw_lower,
    )
