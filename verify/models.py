"""The data model of a case: what a motion cites and what verify found out about it.

Pure data: no I/O. Every record has ``to_dict()`` giving its JSON form; the field names are a
public contract documented in ``docs/json.md``.

Later records (checks, snapshots, findings, assessments) refer to a source by its id and never
change the source record itself.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "CASE_TEXT_FIELDS",
    "INACTIVE_STATUSES",
    "SOURCE_EDITABLE_FIELDS",
    "Case",
    "Claim",
    "Document",
    "Event",
    "Mention",
    "Quantity",
    "Source",
    "SourceKind",
    "SourceStatus",
]


class SourceKind(StrEnum):
    """What kind of work a cited source is."""

    SURVEY = "survey"
    REPORT = "report"
    STATISTICS = "statistics"
    ARTICLE = "article"
    WEB_PAGE = "web_page"
    OFFICIAL_PUBLICATION = "official_publication"
    STUDY = "study"
    DATASET = "dataset"
    OTHER = "other"


class SourceStatus(StrEnum):
    """Whether the officer has accepted a source as one the motion really cites."""

    CANDIDATE = "candidate"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    MERGED = "merged"  # the same work as another source (``merged_into``); kept as a pointer
    WITHDRAWN = "withdrawn"  # found only in a document the officer withdrew


#: Statuses of sources that are out of the register's working set (notes leave them out).
INACTIVE_STATUSES = ("rejected", "merged", "withdrawn")


CASE_TEXT_FIELDS = ("title", "dnr", "date", "lang", "officer", "timezone")

#: Fields of a source that `verify source edit` may change.
SOURCE_EDITABLE_FIELDS = (
    "kind",
    "organisation",
    "acronym",
    "title",
    "publisher",
    "author",
    "url",
    "designation",
    "published",
    "note",
)


@dataclass(frozen=True)
class Case:
    """The case (ärende) a folder holds: what the officer is answering, and when."""

    title: str | None
    dnr: str | None
    date: str | None  # the case's calendar date, YYYY-MM-DD
    lang: str
    officer: str | None
    timezone: str
    created_at: str  # UTC, ISO-8601 with Z

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Document:
    """A document that was read (a motion, a statement), kept in the object store."""

    id: str  # D1, D2, ...
    file_name: str
    sha256: str
    media_type: str
    pages: int
    size: int
    text_sha256: str | None
    added_at: str
    status: str = "active"  # active | withdrawn
    status_reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Quantity:
    """A number in a claim, as written and as understood.

    ``unit`` is ``percent``, ``percentage_points``, ``fraction`` (value in 0..1, e.g. "var
    tredje"), ``count`` or ``amount``; ``hedge`` is the qualifier as written ("drygt", "about").
    ``precision`` is the unit of the last digit written, on the value's scale (0.01 for
    "2,00 %", 100 000 for "1,4 miljoner"; None: not known). ``readings`` are other
    (value, precision) pairs the written form allows and that are as likely as ``value``
    ("1,234" where the language is not known: 1234 or 1.234); usually empty.
    """

    text: str
    value: float
    unit: str
    hedge: str | None = None
    precision: float | None = None
    readings: tuple[tuple[float, float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text, "value": self.value, "unit": self.unit, "hedge": self.hedge,
        }  # fmt: skip
        if self.precision is not None:
            data["precision"] = self.precision
        if self.readings:
            data["readings"] = [list(r) for r in self.readings]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quantity:
        precision = data.get("precision")
        return cls(
            text=data["text"],
            value=float(data["value"]),
            unit=data["unit"],
            hedge=data.get("hedge"),
            precision=None if precision is None else float(precision),
            readings=tuple((float(v), float(p)) for v, p in data.get("readings") or ()),
        )


@dataclass(frozen=True)
class Mention:
    """Where a document cites a source: page, line, character span and the passage."""

    id: str  # M1, M2, ...
    source_id: str
    document_id: str | None
    page: int | None
    line: int | None
    start: int | None
    end: int | None
    passage: str
    footnote: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Claim:
    """What the motion says the source shows, with the quantities in it."""

    id: str  # C1, C2, ...
    source_id: str
    text: str
    quantities: tuple[Quantity, ...] = ()
    mention_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["quantities"] = [q.to_dict() for q in self.quantities]
        return data


@dataclass(frozen=True)
class Source:
    """A work the motion relies on: a survey, a report, an article, an official publication."""

    id: str  # S1, S2, ... stable within the case
    kind: SourceKind
    status: SourceStatus
    organisation: str | None = None
    acronym: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    domain: str | None = None
    designation: str | None = None
    published: str | None = None
    note: str | None = None
    status_reason: str | None = None
    merged_into: str | None = None  # with status ``merged``: the source it is the same as
    vague: bool = False  # an attribution with no named sender ("forskning visar")
    created_at: str = ""
    mentions: tuple[Mention, ...] = field(default=())
    claims: tuple[Claim, ...] = field(default=())

    @property
    def label(self) -> str:
        """A short human name: acronym, organisation, title, designation or domain."""
        for value in (
            self.designation,
            self.title,
            self.acronym,
            self.organisation,
            self.domain,
            self.url,
        ):
            if value:
                return value
        return self.id

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = str(self.kind)
        data["status"] = str(self.status)
        data["mentions"] = [m.to_dict() for m in self.mentions]
        data["claims"] = [c.to_dict() for c in self.claims]
        return data


@dataclass(frozen=True)
class Event:
    """One entry of the append-only event log, chained to the previous one by SHA-256."""

    seq: int
    at: str
    actor: str
    command: str
    args: dict[str, Any]
    ids: tuple[str, ...]
    changes: tuple[dict[str, Any], ...]
    prev_hash: str
    hash: str
    #: The rows the event wrote (``insert``/``update`` ops), None for events from before
    #: verify recorded them; covered by the hash.
    ops: tuple[dict[str, Any], ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ids"] = list(self.ids)
        data["changes"] = list(self.changes)
        data["ops"] = list(self.ops) if self.ops is not None else None
        return data
