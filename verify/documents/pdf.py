"""PDF files with pypdf: text per page, footnotes at the foot of pages, link annotations.

Each page's extracted lines are cleaned by :mod:`verify.documents.pagetext` (ligatures,
words hyphenated across lines, footnotes found at the foot of the page and their markers in
the body). Pages are joined with one newline; ``page_starts`` says where each begins.

pypdf is used only here. Whatever it raises on a damaged file becomes a
:class:`~verify.errors.DocumentError`; its log messages and Python warnings are caught while
a file is read and summed up in the document's warnings (and logged at debug level).
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
from pypdf.errors import DependencyError

from verify.documents.content import Content
from verify.documents.encoding import normalise_newlines
from verify.documents.model import Footnote, Link
from verify.documents.pagetext import (
    dehyphenate,
    find_footnotes,
    find_reference,
    normalise_ligatures,
)
from verify.errors import DocumentError

__all__ = ["ENCRYPTED", "read_pdf"]

log = logging.getLogger(__name__)

ENCRYPTED = "the PDF is encrypted; save an unprotected copy and try again"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[list[str]]:
    """Collect pypdf's log warnings and Python warnings instead of letting them escape."""
    handler = _Collect()
    pypdf_log = logging.getLogger("pypdf")
    pypdf_log.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield handler.messages
            handler.messages.extend(str(w.message) for w in caught)
    finally:
        pypdf_log.removeHandler(handler)


def _damaged(path: Path, error: BaseException) -> DocumentError:
    detail = " ".join(str(error).split())[:160] or type(error).__name__
    return DocumentError(path, f"the PDF is damaged or not a PDF ({detail})")


def _open(data: bytes, path: Path) -> pypdf.PdfReader:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    # pypdf raises many exception types on malformed input (PdfReadError, KeyError, ValueError,
    # TypeError, zlib.error, RecursionError ...); at this boundary all mean "damaged file".
    except Exception as error:  # noqa: BLE001
        raise _damaged(path, error) from None
    if reader.is_encrypted:
        try:
            decrypted = reader.decrypt("")
        except DependencyError:
            raise DocumentError(
                path,
                "the PDF is encrypted with AES, which needs the 'cryptography' package; "
                "save an unprotected copy and try again",
            ) from None
        except Exception as error:  # noqa: BLE001
            raise _damaged(path, error) from None
        if not decrypted:
            raise DocumentError(path, ENCRYPTED)
    return reader


def _clean(raw: str) -> list[str]:
    text = normalise_newlines(normalise_ligatures(raw.replace("\x00", "")))
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _uri_annotations(page: Any) -> list[tuple[str, tuple[float, float, float, float]]]:
    found: list[tuple[str, tuple[float, float, float, float]]] = []
    annotations = page.get("/Annots")
    if annotations is None:
        return found
    for reference in annotations.get_object() or []:
        annotation = reference.get_object()
        if annotation.get("/Subtype") != "/Link":
            continue
        action = annotation.get("/A")
        action = action.get_object() if action is not None else None
        if not action or action.get("/S") != "/URI" or action.get("/URI") is None:
            continue
        uri = str(action.get("/URI")).strip()
        rect = annotation.get("/Rect")
        box = (0.0, 0.0, 0.0, 0.0)
        if rect is not None:
            x1, y1, x2, y2 = (float(value) for value in rect.get_object())
            box = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
        if uri:
            found.append((uri, box))
    return found


def _anchor_texts(page: Any, boxes: list[tuple[float, float, float, float]]) -> list[str]:
    """The text drawn inside each box (a link's rectangle), from a second extraction pass."""
    fragments: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            fragments.append((text, x, y))

    page.extract_text(visitor_text=visit)
    slack = 2.0
    texts = []
    for x1, y1, x2, y2 in boxes:
        inside = [
            text
            for text, x, y in fragments
            if x1 - slack <= x <= x2 + slack and y1 - slack <= y <= y2 + slack
        ]
        texts.append(" ".join(" ".join(inside).split()))
    return texts


def _locate(haystack: str, needle: str, start: int) -> tuple[int, int] | None:
    """Find ``needle`` in the page text, allowing any whitespace between its words.

    When the whole anchor is not there (the box caught a whole line, or a word was joined
    by dehyphenation), its longest leading run of words that is there is taken.
    """
    words = needle.split()
    while words:
        pattern = r"\s+".join(re.escape(word) for word in words)
        match = re.search(pattern, haystack)
        if match:
            return start + match.start(), start + match.end()
        words = words[:-1]
    return None


def read_pdf(data: bytes, path: Path) -> Content:
    """Read a PDF's text, pages, footnotes and links; DocumentError when it cannot be read."""
    with _quiet_pypdf() as messages:
        reader = _open(data, path)
        try:
            pages = list(reader.pages)
        except Exception as error:  # noqa: BLE001 (see _open)
            raise _damaged(path, error) from None
        problems: list[str] = []
        page_texts: list[str] = []
        page_starts: list[int] = []
        footnotes: list[Footnote] = []
        links: list[Link] = []
        offset = 0
        expected = 1
        for number, page in enumerate(pages, start=1):
            try:
                raw = page.extract_text()
            except Exception as error:  # noqa: BLE001 (see _open)
                problems.append(f"the text of page {number} could not be read ({error})")
                raw = ""
            page_text, notes = _page(_clean(raw), number, offset, expected)
            if notes:
                expected = int(notes[-1].marker) + 1
            footnotes.extend(notes)
            try:
                annotations = _uri_annotations(page)
                if annotations:
                    anchors = _anchor_texts(page, [box for _, box in annotations])
                    for (uri, _), anchor in zip(annotations, anchors, strict=True):
                        span = _locate(page_text, anchor, offset)
                        if span is None:
                            links.append(Link(uri, anchor))
                        else:
                            shown = page_text[span[0] - offset : span[1] - offset]
                            links.append(Link(uri, shown, span[0], span[1]))
            except Exception as error:  # noqa: BLE001 (see _open)
                problems.append(f"the links of page {number} could not be read ({error})")
            page_starts.append(offset)
            page_texts.append(page_text)
            offset += len(page_text) + 1
    text = "\n".join(page_texts)
    notices: list[str] = []
    if not pages:
        notices.append("the PDF has no pages")
    elif not text.strip():
        notices.append("the PDF has no text layer (a scanned image?); run OCR on it first")
    notices.extend(problems)
    for message in messages:
        log.debug("pypdf: %s", message)
    if messages:
        notices.append(
            f"pypdf reported {len(messages)} problem(s) in the file; some text may be missing"
        )
    return Content(
        text=text,
        page_starts=tuple(page_starts) or (0,),
        footnotes=tuple(footnotes),
        links=tuple(links),
        warnings=tuple(notices),
    )


def _page(lines: list[str], number: int, offset: int, expected: int) -> tuple[str, list[Footnote]]:
    """The cleaned text of one page and its footnotes (offsets from ``offset``)."""
    notes = find_footnotes(lines, expected)
    body_end = notes[0].first if notes else len(lines)
    out = dehyphenate(lines[:body_end])
    body = "\n".join(out)
    spans: list[tuple[str, int, int, str]] = []
    position = len(body) + 1 if out else 0
    for note in notes:
        note_lines = dehyphenate(lines[note.first : note.last + 1])
        first = note_lines[0]
        skip = note.marker_end
        while skip < len(first) and first[skip].isspace():
            skip += 1
        joined = "\n".join(note_lines)
        parts = [first[skip:].strip(), *(line.strip() for line in note_lines[1:])]
        spans.append(
            (note.marker, position + skip, position + len(joined), " ".join(p for p in parts if p))
        )
        out.extend(note_lines)
        position += len(joined) + 1
    if notes:
        out.extend(lines[notes[-1].last + 1 :])
    page_text = "\n".join(out)
    footnotes = []
    for marker, start, end, text in spans:
        reference = find_reference(body, marker)
        footnotes.append(
            Footnote(
                marker=marker,
                text=text,
                start=offset + start,
                end=offset + end,
                page=number,
                ref_start=offset + reference[0] if reference else None,
                ref_end=offset + reference[1] if reference else None,
            )
        )
    return page_text, footnotes
