"""What extraction gives: candidate sources with their mentions and claims (pure data)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..models import Quantity, SourceKind

__all__ = ["Candidate", "CandidateClaim", "CandidateMention", "Extraction"]


@dataclass(frozen=True)
class CandidateMention:
    """One place where the document cites the candidate.

    ``start``/``end`` are offsets in ``ReadDocument.text`` of the citing words (the cue and
    the sender, the link, or the footnote marker); ``passage`` is the citing sentence with
    white space collapsed; ``via`` says which extractor found it (``attribution``, ``url``,
    ``link``, ``footnote``, ``designation``, ``domain``).
    """

    page: int
    line: int
    start: int
    end: int
    passage: str
    via: str
    footnote: str | None = None
    cue: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CandidateClaim:
    """What the document says the source shows, and the index of the mention it came from."""

    text: str
    quantities: tuple[Quantity, ...] = ()
    mention: int = 0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["quantities"] = [q.to_dict() for q in self.quantities]
        return data


@dataclass(frozen=True)
class Candidate:
    """A source the document appears to cite, with every mention of it and its claims.

    ``key`` is stable for the same document text: the canonical designation, the normalised
    URL, or the normalised sender with the work, so a later run can tell what is recorded.
    ``vague`` marks an attribution without a named sender ("forskning visar").
    """

    key: str
    kind: SourceKind
    organisation: str | None = None
    acronym: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    domain: str | None = None
    designation: str | None = None
    vague: bool = False
    note: str | None = None
    mentions: tuple[CandidateMention, ...] = ()
    claims: tuple[CandidateClaim, ...] = ()

    @property
    def label(self) -> str:
        """A short human name for lists."""
        for value in (self.designation, self.title, self.acronym, self.organisation,
                      self.publisher, self.domain, self.url):  # fmt: skip
            if value:
                return value
        return self.note or self.key

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = str(self.kind)
        data["mentions"] = [m.to_dict() for m in self.mentions]
        data["claims"] = [c.to_dict() for c in self.claims]
        return data


@dataclass(frozen=True)
class Extraction:
    """Everything extraction found in one document.

    ``case_designations`` are the document's own case numbers (diarienummer such as
    "KS 2023/1387"): they identify the case, they are not cited sources.
    """

    candidates: tuple[Candidate, ...] = ()
    case_designations: tuple[str, ...] = ()
    lang: str = "sv"
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "candidates": [c.to_dict() for c in self.candidates],
            "case_designations": list(self.case_designations),
            "lang": self.lang,
            "warnings": list(self.warnings),
        }
