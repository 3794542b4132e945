"""Reading a document file into a :class:`ReadDocument`: checks, format sniffing, dispatch.

The format is decided from the content first and the file name second:

* ``%PDF-`` in the first KB is a PDF whatever the name; a ``.pdf`` without it is junk;
* a zip holding ``word/document.xml`` is a Word document; a ``.docx`` that is another zip,
  or not a zip, is refused, as is an old binary ``.doc`` (OLE) file;
* ``.html``/``.htm``/``.xhtml``, ``.md``/``.markdown`` and ``.txt`` (and other text-like
  names) are read as they say; a file with another name is read as text when its first
  8 KB look like text (HTML when they start like HTML), and refused otherwise.

Limits (constants, not settings): text formats (txt, md, html) over ``MAX_TEXT_BYTES``
(20 MB) are refused before they are read, with a message saying so; a motion or an officer's
statement is a few hundred KB at most, and refusing early keeps memory bounded. PDF and Word
files over ``MAX_BINARY_BYTES`` (200 MB) are refused the same way, and a Word file whose zip
would unpack to more than ``MAX_UNPACKED_BYTES`` (500 MB) is refused as a likely zip bomb.

An empty file is not an error: it gives a document with no text and the warning
"the file is empty", and the caller decides. Every failure is a
:class:`~verify.errors.DocumentError` with a one-line reason.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Callable
from pathlib import Path

from verify.documents.content import Content
from verify.documents.markup import read_html
from verify.documents.model import ReadDocument
from verify.documents.plain import read_markdown, read_plain_text
from verify.errors import DocumentError

__all__ = [
    "MAX_BINARY_BYTES",
    "MAX_TEXT_BYTES",
    "MAX_UNPACKED_BYTES",
    "MEDIA_TYPES",
    "SUPPORTED",
    "read_document",
    "sniff_media_type",
]

log = logging.getLogger(__name__)

MAX_TEXT_BYTES = 20_000_000
MAX_BINARY_BYTES = 200_000_000
MAX_UNPACKED_BYTES = 500_000_000

TXT = "text/plain"
MD = "text/markdown"
HTML = "text/html"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

MEDIA_TYPES = (TXT, MD, HTML, PDF, DOCX)
SUPPORTED = "verify reads .txt, .md, .html, .pdf and .docx files"

_EXTENSIONS = {
    ".txt": TXT,
    ".text": TXT,
    ".md": MD,
    ".markdown": MD,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".pdf": PDF,
    ".docx": DOCX,
}
_SNIFF_BYTES = 8192
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--")
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1b")


def _looks_like_text(head: bytes) -> bool:
    """No NUL bytes and few control characters (UTF-16 with a BOM counts as text)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls <= max(1, len(head) // 100)


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith(_HTML_STARTS) and (
        b"<html" in start or b"<body" in start or b"<p" in start or b"<!doctype html" in start
    )


def sniff_media_type(head: bytes, suffix: str, zip_names: list[str] | None = None) -> str:
    """The media type for a file's first bytes and name suffix; ValueError says why not.

    ``zip_names`` are the member names when ``head`` starts a zip file.
    """
    suffix = suffix.lower()
    claimed = _EXTENSIONS.get(suffix)
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        if zip_names is not None and "word/document.xml" in zip_names:
            return DOCX
        if claimed == DOCX or suffix in {".doc", ".docm", ".dotx"}:
            raise ValueError(f"the file is a zip file but not a Word document; {SUPPORTED}")
        raise ValueError(f"the file is a zip file; {SUPPORTED}")
    if head.startswith(_OLE):
        raise ValueError(
            "the file is an old Word (.doc) or other Office file; "
            "save it as .docx or PDF and try again"
        )
    if claimed == PDF:
        raise ValueError("not a PDF file (it does not start with %PDF)")
    if claimed == DOCX:
        raise ValueError("not a Word document (a .docx file is a zip file, this is not)")
    if claimed in {TXT, MD, HTML}:
        return claimed
    if _looks_like_text(head):
        return HTML if _looks_like_html(head) else TXT
    kind = f"'{suffix}' files" if suffix else "files without an extension"
    raise ValueError(f"unsupported format ({kind} that are not text); {SUPPORTED}")


def _zip_names(data: bytes, path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise DocumentError(path, f"the file is a damaged zip file ({error})") from None
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise DocumentError(
            path,
            f"the zip would unpack to {unpacked / 1e6:.0f} MB, more than "
            f"{MAX_UNPACKED_BYTES / 1e6:.0f} MB; not read",
        )
    return [info.filename for info in infos]


def _reader(media_type: str) -> Callable[[bytes, Path], Content]:
    if media_type == PDF:
        from verify.documents.pdf import read_pdf

        return read_pdf
    if media_type == DOCX:
        from verify.documents.word import read_docx

        return read_docx
    if media_type == HTML:
        return lambda data, _path: read_html(data)
    if media_type == MD:
        return lambda data, _path: read_markdown(data)
    return lambda data, _path: read_plain_text(data)


def _too_big(path: Path, size: int, limit: int, what: str) -> DocumentError:
    return DocumentError(
        path,
        f"the file is {size / 1e6:.1f} MB; {what} over {limit / 1e6:.0f} MB are not read "
        "(split it or extract the part that matters)",
    )


def read_document(path: Path) -> ReadDocument:
    """Read a txt, md, html, pdf or docx file into one text with pages, footnotes and links.

    Raises :class:`~verify.errors.DocumentError` (one line) when the file is missing, a
    folder, too big, encrypted, damaged or in a format verify does not read.
    """
    path = Path(path)
    try:
        if not path.exists():
            raise DocumentError(path, "no such file")
        if path.is_dir():
            raise DocumentError(path, "it is a folder, not a file")
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as error:
        raise DocumentError(
            path, f"the file cannot be opened ({error.strerror or error})"
        ) from None
    suffix = path.suffix.lower()
    if size == 0 or not head:
        return ReadDocument(
            name=path.name,
            media_type=_EXTENSIONS.get(suffix, TXT),
            sha256=hashlib.sha256(b"").hexdigest(),
            size=0,
            text="",
            warnings=("the file is empty",),
        )
    if head.startswith(b"PK\x03\x04") or b"%PDF-" in head[:1024]:
        limit, what = MAX_BINARY_BYTES, "PDF and Word files"
    else:
        limit, what = MAX_TEXT_BYTES, "text files"
    if size > limit:
        raise _too_big(path, size, limit, what)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(path, f"the file cannot be read ({error.strerror or error})") from None
    names = _zip_names(data, path) if data.startswith(b"PK\x03\x04") else None
    try:
        media_type = sniff_media_type(head, suffix, names)
    except ValueError as error:
        raise DocumentError(path, str(error)) from None
    log.debug("reading %s as %s (%d bytes)", path, media_type, len(data))
    content = _reader(media_type)(data, path)
    for warning in content.warnings:
        log.info("%s: %s", path.name, warning)
    return ReadDocument(
        name=path.name,
        media_type=media_type,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        text=content.text,
        page_starts=content.page_starts,
        footnotes=content.footnotes,
        links=content.links,
        warnings=content.warnings,
    )
