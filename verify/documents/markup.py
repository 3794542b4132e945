"""HTML files: text with block structure, links and footnotes (stdlib ``html.parser``).

Headings, paragraphs, list items, table rows and other blocks each start a new line
(headings, paragraphs and tables are set off by a blank line); ``<br>`` is a newline;
other whitespace collapses as a browser shows it, except in ``<pre>``. Left out: ``<head>``,
``<script>``, ``<style>``, ``<noscript>``, ``<template>``, ``<svg>``, ``<nav>``, form controls and
elements marked ``hidden`` or ``aria-hidden="true"``.

The charset comes from a BOM, else ``<meta charset>`` / ``http-equiv`` in the first 4 KB,
else UTF-8, else Windows-1252 (see :mod:`verify.documents.encoding`).

Links are ``<a href>`` (relative ones resolved against ``<base href>`` when there is one;
``#fragment`` and ``javascript:`` links are skipped). Footnotes are recognised when a short
marker link (``1``, ``[1]``, ``*``) points at ``#id`` of an element later in the page, as
Word, pandoc, Markdown tools and Wikipedia write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

from verify.documents.content import Content
from verify.documents.encoding import decode_text, normalise_newlines
from verify.documents.model import Footnote, Link

__all__ = ["html_charset", "html_to_content", "read_html"]

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE
)

_SKIP = frozenset(
    {
        "head",
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "nav",
        "button",
        "select",
        "textarea",
        "iframe",
        "object",
        "canvas",
        "title",
    }
)
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
_PARAGRAPH = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "blockquote",
        "pre",
        "figure",
        "hr",
        "ul",
        "ol",
        "dl",
        "address",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
    }
)
_LINE = frozenset(
    {
        "div",
        "li",
        "tr",
        "dt",
        "dd",
        "figcaption",
        "caption",
        "form",
        "fieldset",
        "legend",
        "details",
        "summary",
        "body",
        "html",
        "center",
        "thead",
        "tbody",
        "tfoot",
        "option",
    }
)
_CELL = frozenset({"td", "th"})
_MARKER = re.compile(r"^\s*[\[(]?\s*(\d{1,3}|[ivxlc]{1,6}|[a-z]|\*{1,3}|†|‡)\s*[\])]?\s*$")
_BACKLINK = re.compile(r"\s*(?:↩\ufe0e?|↩︎|\^|↑)+\s*$")
_LEADING_MARKER = re.compile(r"^\s*(?:\^|↑)?\s*(?:[\[(]?\s*[^\s\])]{1,6}\s*[\])]|\d{1,3}[.)]?)\s+")


def html_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` in the first 4 KB declares, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


@dataclass
class _Element:
    tag: str
    start: int
    ids: list[str] = field(default_factory=list)
    href: str | None = None
    skip: bool = False


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.pending_newlines = 0
        self.pending_space = False
        self.stack: list[_Element] = []
        self.skipping = 0
        self.pre = 0
        self.base: str | None = None
        self.anchors: list[tuple[str, int, int]] = []  # href, start, end
        self.targets: dict[str, tuple[int, int]] = {}  # id -> span of the element's text
        self.cell_open = False

    # Output ------------------------------------------------------------------------------
    def _last(self) -> str:
        return self.parts[-1][-1] if self.parts else "\n"

    def _emit(self, text: str) -> None:
        if self.pending_newlines and self.parts:
            current = 0
            for part in reversed(self.parts):
                stripped = len(part) - len(part.rstrip("\n"))
                current += stripped
                if stripped < len(part):
                    break
            need = self.pending_newlines - current
            if need > 0:
                self.parts.append("\n" * need)
                self.length += need
        elif self.pending_space and self._last() not in " \n\t":
            self.parts.append(" ")
            self.length += 1
        self.pending_newlines = 0
        self.pending_space = False
        self.parts.append(text)
        self.length += len(text)

    def _block(self, newlines: int) -> None:
        self.pending_newlines = max(self.pending_newlines, newlines)
        self.pending_space = False

    # Parser callbacks --------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "base" and values.get("href") and self.base is None:
            self.base = values["href"]
        hidden = "hidden" in values or values.get("aria-hidden", "").lower() == "true"
        if tag in _VOID:
            if not self.skipping:
                if tag == "br":
                    self._emit("\n")
                elif tag == "hr":
                    self._block(2)
            return
        element = _Element(tag, self.length)
        if tag in _SKIP or hidden or self.skipping:
            element.skip = True
            self.skipping += 1
            self.stack.append(element)
            return
        if values.get("id"):
            element.ids.append(values["id"])
        if tag == "a":
            if values.get("name"):
                # <a name> marks the enclosing block (Word's footnotes do this).
                for outer in reversed(self.stack):
                    if outer.tag in _PARAGRAPH or outer.tag in _LINE or outer.tag in _CELL:
                        outer.ids.append(values["name"])
                        break
                else:
                    element.ids.append(values["name"])
            if "href" in values:
                element.href = values["href"]
        if tag == "pre":
            self.pre += 1
        if tag in _PARAGRAPH:
            self._block(2)
        elif tag in _LINE:
            self._block(1)
        elif tag in _CELL and self.parts and not self.pending_newlines and self._last() != "\n":
            self.pending_space = False
            self._emit("\t")
        self.stack.append(element)
        element.start = self.length + (1 if self.pending_space else 0)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        # Close up to the matching open element (browsers forgive missing end tags).
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                break
        else:
            return
        while len(self.stack) > index:
            self._close(self.stack.pop())

    def _close(self, element: _Element) -> None:
        if element.skip:
            self.skipping -= 1
            return
        start = min(element.start, self.length)
        if element.tag == "pre":
            self.pre -= 1
        for identifier in element.ids:
            self.targets.setdefault(identifier, (start, self.length))
        if element.href is not None:
            self.anchors.append((element.href, start, self.length))
        if element.tag in _PARAGRAPH:
            self._block(2)
        elif element.tag in _LINE:
            self._block(1)

    def handle_data(self, data: str) -> None:
        if self.skipping or not data:
            return
        if self.pre:
            self._emit(normalise_newlines(data))
            return
        if data[:1].isspace():
            self.pending_space = True
        words = data.split()
        if not words:
            return
        # Where the element that is open started counts from its first written character.
        before = self.length
        self._emit(" ".join(words))
        first = self.length - len(" ".join(words))
        for element in self.stack:
            if element.start >= before:
                element.start = first
        if data[-1:].isspace():
            self.pending_space = True

    def finish(self) -> str:
        self.close()
        while self.stack:
            self._close(self.stack.pop())
        return "".join(self.parts)


def html_to_content(markup: str) -> Content:
    """Text, links and footnotes of an HTML string."""
    parser = _Parser()
    parser.feed(markup)
    raw = parser.finish()
    text = raw.rstrip()
    lead = len(text) - len(text.lstrip("\n"))
    if lead:
        text = text[lead:]

    def shift(start: int, end: int) -> tuple[int, int]:
        start = min(max(start - lead, 0), len(text))
        end = min(max(end - lead, start), len(text))
        # Trim the span to its text (no surrounding whitespace).
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    links: list[Link] = []
    footnotes: list[Footnote] = []
    used_targets: set[str] = set()
    for href, raw_start, raw_end in parser.anchors:
        start, end = shift(raw_start, raw_end)
        anchor = text[start:end]
        href = href.strip()
        if href.startswith("#"):
            target = href[1:]
            if (
                target in parser.targets
                and target not in used_targets
                and _MARKER.match(anchor)
                and parser.targets[target][0] - lead > start
            ):
                used_targets.add(target)
                note_start, note_end = shift(*parser.targets[target])
                body = text[note_start:note_end]
                marker = anchor.strip().strip("[]()").strip()
                leading = _LEADING_MARKER.match(body)
                if leading and marker in leading.group(0):
                    note_start += leading.end()
                trailing = _BACKLINK.search(text[note_start:note_end])
                if trailing:
                    note_end = note_start + trailing.start()
                footnotes.append(
                    Footnote(
                        marker=marker,
                        text=" ".join(text[note_start:note_end].split()),
                        start=note_start,
                        end=note_end,
                        page=1,
                        ref_start=start,
                        ref_end=end,
                    )
                )
            continue
        if not href or href.lower().startswith(("javascript:", "data:")):
            continue
        url = urljoin(parser.base, href) if parser.base else href
        links.append(Link(url=url, text=anchor, start=start, end=end))
    footnotes.sort(key=lambda note: note.start)
    return Content(text=text, footnotes=tuple(footnotes), links=tuple(links))


def read_html(data: bytes) -> Content:
    """Decode an HTML file (BOM, meta charset, UTF-8, Windows-1252) and read it."""
    decoded = decode_text(data, declared=html_charset(data))
    content = html_to_content(normalise_newlines(decoded.text))
    warnings = list(content.warnings)
    if decoded.encoding == "cp1252" and (html_charset(data) or "").lower() not in {
        "windows-1252",
        "cp1252",
        "iso-8859-1",
        "latin-1",
        "latin1",
    }:
        warnings.append("the file is not UTF-8; it was read as Windows-1252 (latin-1)")
    if decoded.lossy:
        warnings.append(f"some bytes are not valid {decoded.encoding} and were replaced")
    return Content(
        text=content.text,
        page_starts=content.page_starts,
        footnotes=content.footnotes,
        links=content.links,
        warnings=tuple(warnings),
    )
