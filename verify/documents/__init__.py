"""Reading documents: txt, md, html, pdf and docx into one text with pages, footnotes, links.

The one entry point is :func:`read_document`; the pure helpers it is built from (encoding
detection, dehyphenation, footnote detection) are exported for tests and other readers.

pypdf and python-docx are imported only by this package (and only when a PDF or Word file
is read).
"""

from __future__ import annotations

from verify.documents.encoding import Decoded, decode_text, normalise_newlines
from verify.documents.model import Footnote, Link, ReadDocument
from verify.documents.pagetext import (
    PageFootnote,
    dehyphenate,
    find_footnotes,
    find_reference,
    normalise_ligatures,
)
from verify.documents.reader import (
    MAX_BINARY_BYTES,
    MAX_TEXT_BYTES,
    MAX_UNPACKED_BYTES,
    read_document,
    sniff_media_type,
)

__all__ = [
    "MAX_BINARY_BYTES",
    "MAX_TEXT_BYTES",
    "MAX_UNPACKED_BYTES",
    "Decoded",
    "Footnote",
    "Link",
    "PageFootnote",
    "ReadDocument",
    "decode_text",
    "dehyphenate",
    "find_footnotes",
    "find_reference",
    "normalise_ligatures",
    "normalise_newlines",
    "read_document",
    "sniff_media_type",
]
