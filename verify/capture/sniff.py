"""What a file is, from its first bytes: a WARC, an ARC, a zip (WACZ), or something that is not an
archive, named plainly so that `import` can say "a CDX index, not an archive" (pure).

warcio reads anything that is not a WARC as an ARC and then fails on its first line, which made
every index, log and text file "a ARC record". Looking first lets the message say what the file
is. A gzip file is looked into (its first member's first bytes), since WARCs, ARCs and CDX
indexes are all commonly gzipped.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["HEAD", "Kind", "sniff", "sniff_file"]

#: Bytes looked at (decompressed, for a gzip file).
HEAD = 64 * 1024

_SURT_LINE = re.compile(rb"^\S+\)\S* \d{8,14} ")  # "com,example)/path 20240202090000 ..."


@dataclass(frozen=True)
class Kind:
    """A file's kind: ``warc``, ``arc`` and ``zip`` can be read as archives; every other kind is
    named in :attr:`name` ("a CDX index") and explained in :attr:`advice`."""

    kind: str
    name: str
    gzipped: bool = False
    advice: str = ""

    @property
    def is_archive(self) -> bool:
        return self.kind in ("warc", "arc", "zip")

    def refusal(self) -> str:
        """The one-line reason an import refuses it."""
        text = f"{self.name}, not a web archive"
        return f"{text}: {self.advice}" if self.advice else text


def _gunzip_head(data: bytes) -> bytes | None:
    try:
        dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
        return dec.decompress(data, HEAD)
    except zlib.error:
        return None


def _looks_text(head: bytes) -> bool:
    if not head or b"\x00" in head[:4096]:
        return False
    try:
        head[:4096].decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > 4000  # a multibyte character cut at the end of the sample
    return True


def _a(noun: str, gzipped: bool) -> str:
    if gzipped:
        return f"a gzip-compressed {noun}"
    return ("an " if noun[0].lower() in "aeiouh" and not noun.startswith("HTML") else "a ") + noun


_PAGE = "archive its URL with `verify archive`, or import the WARC a crawler made of it"
_INDEX = "it lists where captures are and holds none of them; import the WARC files it indexes"


def sniff(data: bytes) -> Kind:
    """The kind of a file whose first bytes are ``data`` (at most :data:`HEAD` are used)."""
    data = data[:HEAD]
    gzipped = data[:2] == b"\x1f\x8b"
    head = data
    if gzipped:
        inner = _gunzip_head(data)
        if inner is None:
            return Kind("gzip", "a damaged gzip file", True)
        head = inner
    stripped = head.lstrip(b"\r\n")
    if stripped.startswith(b"WARC/"):
        return Kind("warc", _a("WARC file", gzipped), gzipped)
    if stripped.startswith(b"filedesc://"):
        return Kind("arc", _a("ARC file", gzipped), gzipped)
    if not gzipped and head[:4] == b"PK\x03\x04":
        return Kind("zip", "a zip file")
    if not head.strip():
        return Kind("empty", "a gzip file with nothing in it" if gzipped else "an empty file",
                    gzipped)  # fmt: skip
    first = stripped.split(b"\n", 1)[0].strip()
    if first.startswith(b"CDX "):
        return Kind("cdx", _a("CDX index", gzipped), gzipped, _INDEX)
    if _SURT_LINE.match(first):
        parts = first.split(b" ", 2)
        if len(parts) == 3 and parts[2].startswith(b"{"):
            return Kind("cdxj", _a("CDXJ index", gzipped), gzipped, _INDEX)
        return Kind("cdx", _a("CDX index", gzipped), gzipped, _INDEX)
    if head.startswith(b"%PDF-"):
        return Kind("pdf", _a("PDF document", gzipped), gzipped, _PAGE)
    lower = stripped[:1024].lower()
    if lower.startswith((b"<!doctype html", b"<html")) or b"<html" in lower[:512]:
        return Kind("html", _a("HTML page", gzipped), gzipped, _PAGE)
    if _looks_text(head):
        if stripped[:1] in (b"{", b"["):
            try:
                json.loads(head.decode("utf-8"))
                return Kind("json", _a("JSON file", gzipped), gzipped)
            except ValueError:
                if len(head) >= HEAD:  # too long to parse here: judge by its start
                    return Kind("json", _a("JSON file", gzipped), gzipped)
        return Kind("text", _a("text file", gzipped), gzipped)
    return Kind("binary", _a(f"file of another kind (it starts {data[:8].hex(' ')})", gzipped),
                gzipped)  # fmt: skip


def sniff_file(path: Path) -> Kind:
    """:func:`sniff` of a file's first bytes."""
    with Path(path).open("rb") as handle:
        return sniff(handle.read(HEAD))
