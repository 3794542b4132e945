"""What the officer and the tool record as evidence about a source (pure data).

Findings (a secondary source, an officer's note, a contact), searches with their results, and
the officer's verdicts. Every record has ``to_dict()``; the store keeps them append-only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "CRITERIA",
    "Finding",
    "FindingKind",
    "Search",
    "SearchResult",
    "Verdict",
    "VerdictRecord",
]

#: The rubric's criteria, in the order a note discusses them.
CRITERIA = (
    "availability",
    "authenticity",
    "time",
    "independence",
    "tendency",
    "traceability",
    "method_transparency",
    "representativeness",
    "relevance",
)


class FindingKind(StrEnum):
    """What a finding is."""

    SECONDARY_SOURCE = "secondary_source"  # coverage of the source by someone else
    OFFICER_NOTE = "officer_note"  # the officer's own observation
    CONTACT = "contact"  # what the sender (or someone else) said when asked


class Verdict(StrEnum):
    """The fixed scale of a reliability verdict."""

    RELIABLE = "reliable"
    PARTLY_RELIABLE = "partly_reliable"
    CANNOT_BE_ASSESSED = "cannot_be_assessed"
    NOT_RELIABLE = "not_reliable"


@dataclass(frozen=True)
class Finding:
    """Evidence about a source that the officer recorded (F1, F2, ...)."""

    id: str
    source_id: str
    kind: FindingKind
    text: str
    url: str | None = None
    quote: str | None = None
    criterion: str | None = None  # the rubric criterion it speaks to, if the officer said
    search_result_id: str | None = None  # the search result it was promoted from
    created_at: str = ""
    actor: str = ""
    status: str = "active"  # active | withdrawn (kept, left out of notes and assessments)
    status_reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = str(self.kind)
        return data


@dataclass(frozen=True)
class SearchResult:
    """One hit of a lateral search (R1, R2, ...), in the order the service gave."""

    id: str
    search_id: str
    rank: int
    url: str
    title: str | None = None
    snippet: str | None = None
    engine: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Search:
    """A lateral search on record: the query, when, where, and what came back (Q1, Q2, ...).

    ``status`` is ``ok`` or ``failed`` (then ``error`` says why); a failed search is kept too.
    """

    id: str
    source_id: str
    query: str
    endpoint: str
    searched_at: str
    as_of: str
    status: str
    error: str | None = None
    response_sha256: str | None = None
    results: tuple[SearchResult, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["results"] = [r.to_dict() for r in self.results]
        return data


@dataclass(frozen=True)
class VerdictRecord:
    """The officer's decision on a source (V1, V2, ...); the latest one is in force.

    ``suggested`` and ``reasons`` are what verify suggested at that moment, kept so that an
    auditor sees whether the officer followed or departed from the suggestion.
    """

    id: str
    source_id: str
    verdict: Verdict
    because: str
    suggested: str | None
    reasons: tuple[str, ...]
    decided_at: str
    actor: str

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["verdict"] = str(self.verdict)
        data["reasons"] = list(self.reasons)
        return data
