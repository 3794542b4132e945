"""A reliability note as data: paragraphs of sentences, each tied to its evidence (pure).

Composition (:mod:`verify.notes.compose`) builds a :class:`Note` from recorded evidence only;
the renderers turn the same Note into Markdown, plain text, Word, HTML and JSON, so every
format says the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Note", "Reference", "Sentence", "SourceNote"]


@dataclass(frozen=True)
class Reference:
    """A numbered reference: what it is, where it was, and the snapshot that keeps it."""

    number: int
    label: str
    url: str | None = None
    accessed: str | None = None  # YYYY-MM-DD
    snapshot: str | None = None  # SN1
    captured_at: str | None = None  # UTC instant
    sha256: str | None = None  # of the WARC file
    version_url: str | None = None  # an archived copy (web archive) for Robust Links
    details: tuple[str, ...] = ()  # the accessed date and the snapshot, in the note's language

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "label": self.label,
            "url": self.url,
            "accessed": self.accessed,
            "snapshot": self.snapshot,
            "captured_at": self.captured_at,
            "sha256": self.sha256,
            "version_url": self.version_url,
            "details": list(self.details),
        }


@dataclass(frozen=True)
class Sentence:
    """One sentence of the note, with the references it cites and the ids of its evidence."""

    text: str
    refs: tuple[int, ...] = ()
    evidence: tuple[str, ...] = ()
    code: str = ""  # which rule of the catalogue produced it

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "refs": list(self.refs),
            "evidence": list(self.evidence),
            "code": self.code,
        }


@dataclass(frozen=True)
class SourceNote:
    """The note on one source: a heading and its paragraphs, the verdict and who set it."""

    source: str
    heading: str
    paragraphs: tuple[tuple[Sentence, ...], ...]
    verdict: str | None  # reliable, partly_reliable, cannot_be_assessed, not_reliable
    verdict_by: str  # "officer" or "suggestion"

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "heading": self.heading,
            "paragraphs": [[s.to_dict() for s in p] for p in self.paragraphs],
            "verdict": self.verdict,
            "verdict_by": self.verdict_by,
        }


@dataclass(frozen=True)
class Note:
    """The whole note: title, case line, the source notes and the references."""

    lang: str
    title: str
    case_line: str
    as_of: str | None
    sources: tuple[SourceNote, ...]
    references: tuple[Reference, ...] = ()
    references_heading: str = ""
    generated_by: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    #: The chain anchor line for auditors (``verify audit --against`` this file).
    anchor: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "anchor": self.anchor,
            "lang": self.lang,
            "title": self.title,
            "case_line": self.case_line,
            "as_of": self.as_of,
            "sources": [s.to_dict() for s in self.sources],
            "references_heading": self.references_heading,
            "references": [r.to_dict() for r in self.references],
            "generated_by": self.generated_by,
            "meta": dict(self.meta),
        }
