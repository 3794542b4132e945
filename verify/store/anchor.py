"""The chain anchor: the newest event's number and hash, carried outside the store.

Every note, the report and every WACZ export carry one short line such as::

    verify-anchor: event 42 sha256:3f2a…(64 hex)

An auditor who keeps that file can later run ``verify audit --against FILE``: the store must
still hold event 42 with that hash. Deleting the newest events and rewriting the head kept in
the store (``meta``) passes the chain check, but not the anchor. The head in ``meta`` is a
convenience, never the truth: the anchor is computed from the events themselves.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ArchiveFormatError

__all__ = ["ANCHOR_PATTERN", "Anchor", "find_anchor", "read_anchor"]

ANCHOR_PATTERN = re.compile(r"verify-anchor:\s*event\s+(\d+)\s+sha256:([0-9a-f]{64})")
#: How much of a file (or of one zip member) is searched for the anchor line.
_READ_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True)
class Anchor:
    """An event's sequence number and hash."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"verify-anchor: event {self.seq} sha256:{self.hash}"

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.hash, "line": str(self)}


def find_anchor(text: str) -> Anchor | None:
    """The first anchor line in ``text``."""
    match = ANCHOR_PATTERN.search(text)
    return Anchor(int(match.group(1)), match.group(2)) if match else None


def _zip_texts(data: bytes) -> list[str]:
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = info.filename
            wanted = name in ("datapackage.json", "word/document.xml", "word/footnotes.xml")
            if not wanted or info.file_size > _READ_LIMIT:
                continue
            with archive.open(info) as member:
                out.append(member.read(_READ_LIMIT).decode("utf-8", "replace"))
    return out


def read_anchor(path: Path) -> Anchor:
    """The anchor a note (md, txt, html, json, docx), the report or a WACZ carries."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(_READ_LIMIT)
    except OSError as exc:
        raise ArchiveFormatError(path, f"cannot be read ({exc.strerror or exc})") from None
    texts: list[str] = []
    if data[:4] == b"PK\x03\x04":
        try:
            texts = _zip_texts(data)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ArchiveFormatError(path, f"is a damaged zip file ({exc})") from None
    else:
        texts = [data.decode("utf-8", "replace")]
    for text in texts:
        # Word may split a line into runs: look at the text with the markup removed too.
        anchor = find_anchor(text) or find_anchor(re.sub(r"<[^>]+>", "", text))
        if anchor is not None:
            return anchor
    raise ArchiveFormatError(
        path, "carries no verify anchor (a note, the report or a WACZ written by verify has one)"
    )
