"""Turning a text file's bytes into str: encoding detection and newline normalisation (pure).

The order of the guesses:

1. a byte order mark: UTF-8, UTF-16 LE/BE (UTF-32 BOMs are recognised too);
2. UTF-16 without a BOM when every other byte of a sample is NUL (as Windows tools write it);
3. strict UTF-8;
4. a declared charset passed by the caller (HTML ``<meta charset>``), when Python knows it;
5. cp1252 (the Windows superset of latin-1 that Swedish Windows files use), and for the five
   bytes cp1252 leaves undefined, latin-1.

Step 5 accepts any byte, so :func:`decode_text` never fails.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

__all__ = ["Decoded", "decode_text", "normalise_newlines"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# The bytes cp1252 does not define; latin-1 maps them to C1 controls.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")

# WHATWG: these labels mean windows-1252 in practice.
_LATIN1_ALIASES = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"})


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the encoding used and whether a BOM was removed."""

    text: str
    encoding: str
    bom: bool = False
    lossy: bool = False  # some bytes were replaced (only with a declared, wrong charset)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 8 or len(data) % 2:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    # Mostly Latin text: one byte of each pair is NUL, the other almost never.
    if odd.count(0) >= 0.7 * len(odd) and even.count(0) <= 0.02 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.7 * len(even) and odd.count(0) <= 0.02 * len(odd):
        return "utf-16-be"
    return None


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    label = name.strip().lower()
    if label in _LATIN1_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode_cp1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Only the five undefined bytes can fail; decode byte-wise where they occur.
        return "".join(
            bytes([b]).decode("latin-1") if b in _CP1252_HOLES else bytes([b]).decode("cp1252")
            for b in data
        )


def decode_text(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data`` by BOM, then UTF-16 shape, UTF-8, ``declared``, cp1252; never raises."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            text = body.decode(encoding, errors="replace")
            return Decoded(text, encoding, bom=True, lossy="\ufffd" in text)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        text = data.decode(utf16, errors="replace")
        return Decoded(text, utf16, lossy="\ufffd" in text)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    codec = _known_codec(declared)
    if codec is not None and codec not in {"utf-8", "cp1252"}:
        text = data.decode(codec, errors="replace")
        return Decoded(text, codec, lossy="\ufffd" in text)
    return Decoded(_decode_cp1252(data), "cp1252")


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR (and the Unicode line/paragraph separators) become ``\\n``."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    return text
