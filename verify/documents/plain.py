"""Plain text and Markdown: decoded text, pages at form feeds, Markdown links and footnotes.

Markdown is kept as it is written (the link syntax stays in the text, so offsets match the
file's lines); a :class:`Link` spans the anchor text between the brackets. Recognised:
inline links ``[text](url "title")``, autolinks ``<https://...>``, reference links
``[text][label]`` / ``[label]`` with their ``[label]: url`` definitions, and footnotes
``[^1]`` with ``[^1]: text`` definitions. Code spans and fenced code blocks are skipped.
"""

from __future__ import annotations

import re

from verify.documents.content import Content
from verify.documents.encoding import decode_text, normalise_newlines
from verify.documents.model import Footnote, Link

__all__ = [
    "markdown_footnotes",
    "markdown_links",
    "read_markdown",
    "read_plain_text",
    "split_pages",
]


def _decode(data: bytes) -> tuple[str, list[str]]:
    decoded = decode_text(data)
    warnings: list[str] = []
    if decoded.encoding == "cp1252":
        warnings.append("the file is not UTF-8; it was read as Windows-1252 (latin-1)")
    if decoded.lossy:
        warnings.append(f"some bytes are not valid {decoded.encoding} and were replaced")
    return normalise_newlines(decoded.text), warnings


def split_pages(text: str) -> tuple[str, tuple[int, ...]]:
    """Form feeds (as ``pdftotext`` writes them) end pages; they become newlines."""
    if "\f" not in text:
        return text, (0,)
    body = text.rstrip("\f\n")
    starts = [0]
    for match in re.finditer("\f", body):
        starts.append(match.end())
    return body.replace("\f", "\n"), tuple(starts)


def read_plain_text(data: bytes) -> Content:
    """A text file: encoding detected, newlines normalised, pages at form feeds."""
    text, warnings = _decode(data)
    text, page_starts = split_pages(text)
    return Content(text=text, page_starts=page_starts, warnings=tuple(warnings))


def read_markdown(data: bytes) -> Content:
    """A Markdown file: the text as written, with its links and footnotes."""
    text, warnings = _decode(data)
    text, page_starts = split_pages(text)
    return Content(
        text=text,
        page_starts=page_starts,
        footnotes=tuple(markdown_footnotes(text)),
        links=tuple(markdown_links(text)),
        warnings=tuple(warnings),
    )


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*$", re.MULTILINE)
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_DEFINITION = re.compile(
    r"^ {0,3}\[(?!\^)([^\]\n]+)\]:[ \t]*<?([^\s>]+)>?(?:[ \t]+(?:\"[^\n]*\"|'[^\n]*'|\([^\n]*\)))?"
    r"[ \t]*$",
    re.MULTILINE,
)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+|mailto:[^\s<>]+)>", re.IGNORECASE)
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]*", re.MULTILINE)
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _mask_code(text: str) -> str:
    """``text`` with fenced code blocks and code spans blanked out (same length)."""
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = " "

    position = 0
    while True:
        opening = _FENCE.search(text, position)
        if opening is None:
            break
        fence = opening.group(1)
        closing = re.compile(
            rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.MULTILINE
        ).search(text, opening.end())
        end = closing.end() if closing else len(text)
        blank(opening.start(), end)
        position = end
    masked = "".join(chars)
    for match in _CODE_SPAN.finditer(masked):
        blank(match.start(), match.end())
    return "".join(chars)


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    k = index - 1
    while k >= 0 and text[k] == "\\":
        backslashes += 1
        k -= 1
    return backslashes % 2 == 1


def _closing_bracket(text: str, start: int) -> int | None:
    depth = 0
    k = start
    limit = len(text)
    while k < limit:
        char = text[k]
        if char == "\\":
            k += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return k
        elif char == "\n" and text.startswith("\n", k + 1):
            return None  # a blank line ends the paragraph
        k += 1
    return None


def _destination(text: str, start: int) -> tuple[str, int] | None:
    """Parse ``url "title")`` from ``start`` (just after the ``(``); (url, index after ``)``)."""
    k = start
    limit = len(text)
    while k < limit and text[k] in " \t\n":
        k += 1
    if k < limit and text[k] == "<":
        close = text.find(">", k)
        if close < 0 or "\n" in text[k:close]:
            return None
        url = text[k + 1 : close]
        k = close + 1
    else:
        depth = 0
        begin = k
        while k < limit:
            char = text[k]
            if char == "\\":
                k += 2
                continue
            if char in " \t\n":
                break
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            k += 1
        url = text[begin:k]
    while k < limit and text[k] in " \t\n":
        k += 1
    if k < limit and text[k] in "\"'(":
        closer = ")" if text[k] == "(" else text[k]
        close = text.find(closer, k + 1)
        if close < 0:
            return None
        k = close + 1
        while k < limit and text[k] in " \t\n":
            k += 1
    if k >= limit or text[k] != ")":
        return None
    return _ESCAPED.sub(r"\1", url), k + 1


def _label(label: str) -> str:
    return " ".join(label.split()).casefold()


def markdown_links(text: str) -> list[Link]:
    """The links of a Markdown text, each spanning its anchor text, in order of position."""
    masked = _mask_code(text)
    definitions: dict[str, tuple[str, int, int]] = {}
    defined_spans: list[tuple[int, int]] = []
    for match in _DEFINITION.finditer(masked):
        key = _label(match.group(1))
        definitions.setdefault(key, (match.group(2), match.start(1), match.end(1)))
        defined_spans.append((match.start(), match.end()))
    used: set[str] = set()
    links: list[Link] = []

    def in_definition(index: int) -> bool:
        return any(start <= index < end for start, end in defined_spans)

    k = 0
    while True:
        k = masked.find("[", k)
        if k < 0:
            break
        if _escaped(masked, k) or masked.startswith("[^", k) or in_definition(k):
            k += 1
            continue
        close = _closing_bracket(masked, k)
        if close is None:
            k += 1
            continue
        image = k > 0 and masked[k - 1] == "!" and not _escaped(masked, k - 1)
        after = close + 1
        anchor = (text[k + 1 : close], k + 1, close)
        if masked.startswith("(", after):
            parsed = _destination(masked, after + 1)
            if parsed is not None:
                url, k = parsed
                if not image and url:
                    links.append(Link(url=url, text=anchor[0], start=anchor[1], end=anchor[2]))
                continue
        if masked.startswith("[", after):
            end = masked.find("]", after + 1)
            if end > 0 and "\n\n" not in masked[after:end]:
                key = _label(masked[after + 1 : end] or anchor[0])
                if key in definitions:
                    used.add(key)
                    if not image:
                        links.append(Link(definitions[key][0], anchor[0], anchor[1], anchor[2]))
                    k = end + 1
                    continue
        key = _label(anchor[0])
        if key in definitions and not masked.startswith(":", after):
            used.add(key)
            if not image:
                links.append(Link(definitions[key][0], anchor[0], anchor[1], anchor[2]))
            k = after
            continue
        k += 1
    for match in _AUTOLINK.finditer(masked):
        links.append(Link(match.group(1), match.group(1), match.start(1), match.end(1)))
    for key, (url, start, end) in definitions.items():
        if key not in used:
            links.append(Link(url, text[start:end], start, end))
    links.sort(key=lambda link: link.start or 0)
    return links


def markdown_footnotes(text: str) -> list[Footnote]:
    """``[^label]: text`` definitions (with indented continuation lines) and their references."""
    masked = _mask_code(text)
    references: dict[str, tuple[int, int]] = {}
    definitions = list(_FOOTNOTE_DEF.finditer(masked))
    definition_heads = {match.start(1) - 2 for match in definitions}
    for match in _FOOTNOTE_REF.finditer(masked):
        if match.start() in definition_heads:
            continue
        references.setdefault(match.group(1), (match.start(), match.end()))
    footnotes: list[Footnote] = []
    for match in definitions:
        start = match.end()
        end = masked.find("\n", start)
        end = len(text) if end < 0 else end
        # Continuation lines are indented.
        while end < len(text):
            line = text[end + 1 :].split("\n", 1)[0]
            if not line.startswith(("    ", "\t")):
                break
            end = end + 1 + len(line)
        body = text[start:end]
        label = match.group(1)
        ref = references.get(label)
        footnotes.append(
            Footnote(
                marker=label,
                text=" ".join(body.split()),
                start=start,
                end=start + len(body.rstrip()),
                page=None,
                ref_start=ref[0] if ref else None,
                ref_end=ref[1] if ref else None,
            )
        )
    return footnotes
