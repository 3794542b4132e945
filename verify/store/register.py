"""The source register in the store: sources, their mentions and claims, and documents."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from ..errors import UnknownIdError, UnknownSourceError
from ..models import Claim, Document, Mention, Quantity, Source, SourceKind, SourceStatus
from .db import Store, Writer

__all__ = [
    "SOURCE_COLUMNS",
    "find_source_by",
    "insert_claim",
    "insert_document",
    "insert_mention",
    "insert_source",
    "load_document",
    "load_document_by_id",
    "load_documents",
    "load_source",
    "load_sources",
    "count_source_addresses",
    "iter_source_addresses",
    "sources_without_url",
    "source_exists",
]

SOURCE_COLUMNS = (
    "kind",
    "status",
    "organisation",
    "acronym",
    "title",
    "publisher",
    "author",
    "url",
    "domain",
    "designation",
    "published",
    "note",
    "status_reason",
    "vague",
    "key",
)


def _mention(row: sqlite3.Row) -> Mention:
    return Mention(
        id=row["id"],
        source_id=row["source_id"],
        document_id=row["document_id"],
        page=row["page"],
        line=row["line"],
        start=row["start"],
        end=row["end"],
        passage=row["passage"],
        footnote=row["footnote"],
    )


def _claim(row: sqlite3.Row) -> Claim:
    return Claim(
        id=row["id"],
        source_id=row["source_id"],
        text=row["text"],
        quantities=tuple(Quantity.from_dict(q) for q in json.loads(row["quantities"])),
        mention_id=row["mention_id"],
    )


def _source(store: Store, row: sqlite3.Row) -> Source:
    mentions = store.query(
        "SELECT * FROM mentions WHERE source_id = ? ORDER BY CAST(substr(id, 2) AS INTEGER)",
        (row["id"],),
    )
    claims = store.query(
        "SELECT * FROM claims WHERE source_id = ? ORDER BY CAST(substr(id, 2) AS INTEGER)",
        (row["id"],),
    )
    return Source(
        id=row["id"],
        kind=SourceKind(row["kind"]),
        status=SourceStatus(row["status"]),
        organisation=row["organisation"],
        acronym=row["acronym"],
        title=row["title"],
        publisher=row["publisher"],
        author=row["author"],
        url=row["url"],
        domain=row["domain"],
        designation=row["designation"],
        published=row["published"],
        note=row["note"],
        status_reason=row["status_reason"],
        merged_into=row["merged_into"],
        vague=bool(row["vague"]),
        created_at=row["created_at"],
        mentions=tuple(_mention(m) for m in mentions),
        claims=tuple(_claim(c) for c in claims),
    )


#: A URL's host and port in SQL (the URLs are stored normalised: scheme://host[:port]/...).
_HOST_SQL = (
    "lower(substr(rest, 1, CASE WHEN instr(rest, '/') > 0 THEN instr(rest, '/') - 1 "
    "ELSE length(rest) END))"
)


def iter_source_addresses(
    store: Store, statuses: tuple[str, ...]
) -> Iterator[tuple[str, str, str]]:
    """``(id, url, status)`` of the sources with these statuses that have a URL, read as they
    are used, *hosts taken in turn*: the first URL of each host (in id order), then the second
    of each, and so on. A check that reads a window of them ahead then has every host busy,
    even when a case lists thousands of URLs of one site first."""
    marks = ", ".join("?" for _ in statuses)
    sql = (
        "SELECT id, url, status FROM ("
        f"  SELECT id, url, status, num, ROW_NUMBER() OVER (PARTITION BY {_HOST_SQL} "
        "   ORDER BY num) AS turn FROM ("
        "    SELECT id, url, status, num, substr(url, instr(url, '://') + 3) AS rest"
        f"    FROM sources WHERE status IN ({marks}) AND url IS NOT NULL AND url != ''))"
        " ORDER BY turn, num"
    )
    for row in store.stream(sql, statuses):
        yield row["id"], row["url"], row["status"]


def sources_without_url(store: Store, statuses: tuple[str, ...]) -> list[str]:
    """The ids of the sources with these statuses that have no URL, in id order."""
    marks = ", ".join("?" for _ in statuses)
    rows = store.query(
        f"SELECT id FROM sources WHERE status IN ({marks}) AND (url IS NULL OR url = '') "
        "ORDER BY num",
        statuses,
    )
    return [r["id"] for r in rows]


def count_source_addresses(store: Store, statuses: tuple[str, ...]) -> int:
    """How many sources with these statuses have a URL."""
    marks = ", ".join("?" for _ in statuses)
    rows = store.query(
        f"SELECT count(*) AS n FROM sources WHERE status IN ({marks}) "
        "AND url IS NOT NULL AND url != ''",
        statuses,
    )
    return int(rows[0]["n"])


def source_exists(store: Store, source_id: str) -> bool:
    return bool(store.query("SELECT 1 FROM sources WHERE id = ?", (source_id,)))


def load_source(store: Store, source_id: str) -> Source:
    """The source with this id (case-insensitive: ``s1`` is ``S1``)."""
    rows = store.query("SELECT * FROM sources WHERE id = ?", (source_id.strip().upper(),))
    if not rows:
        raise UnknownSourceError(source_id)
    return _source(store, rows[0])


def load_sources(store: Store, statuses: tuple[str, ...] | None = None) -> list[Source]:
    """Sources in id order, optionally only those with the given statuses."""
    rows = store.query("SELECT * FROM sources ORDER BY num")
    return [_source(store, r) for r in rows if statuses is None or r["status"] in statuses]


def find_source_by(store: Store, column: str, value: str) -> str | None:
    """The id of the first source whose ``column`` equals ``value``, if any."""
    if column not in ("url", "key", "designation"):
        raise ValueError(column)
    rows = store.query(f"SELECT id FROM sources WHERE {column} = ? ORDER BY num LIMIT 1", (value,))
    return rows[0]["id"] if rows else None


def insert_source(writer: Writer, fields: dict[str, Any]) -> str:
    """Add a source; return its new id."""
    unknown = set(fields) - set(SOURCE_COLUMNS)
    if unknown:
        raise ValueError(f"unknown source fields: {sorted(unknown)}")
    source_id = writer.next_id("S")
    row = {"id": source_id, "num": int(source_id[1:]), "created_at": writer.now}
    row.update({name: fields.get(name) for name in SOURCE_COLUMNS})
    row["kind"] = str(row["kind"] or SourceKind.OTHER)
    row["status"] = str(row["status"] or SourceStatus.CANDIDATE)
    row["vague"] = 1 if row["vague"] else 0
    writer.insert("sources", row)
    writer.touch(source_id)
    return source_id


def insert_mention(writer: Writer, source_id: str, fields: dict[str, Any]) -> str:
    mention_id = writer.next_id("M")
    row = {"id": mention_id, "source_id": source_id}
    for name in ("document_id", "page", "line", "start", "end", "passage", "footnote"):
        row[name] = fields.get(name)
    row["passage"] = row["passage"] or ""
    writer.insert("mentions", row)
    writer.touch(mention_id)
    return mention_id


def insert_claim(
    writer: Writer,
    source_id: str,
    text: str,
    quantities: tuple[Quantity, ...] | list[Quantity],
    mention_id: str | None = None,
) -> str:
    claim_id = writer.next_id("C")
    writer.insert(
        "claims",
        {
            "id": claim_id,
            "source_id": source_id,
            "text": text,
            "quantities": json.dumps([q.to_dict() for q in quantities], ensure_ascii=False),
            "mention_id": mention_id,
        },
    )
    writer.touch(claim_id)
    return claim_id


def insert_document(writer: Writer, fields: dict[str, Any]) -> str:
    document_id = writer.next_id("D")
    row = {"id": document_id, "added_at": writer.now}
    for name in ("file_name", "sha256", "media_type", "pages", "size", "text_sha256"):
        row[name] = fields[name]
    writer.insert("documents", row)
    writer.touch(document_id)
    return document_id


def _document(row: sqlite3.Row) -> Document:
    return Document(
        id=row["id"],
        file_name=row["file_name"],
        sha256=row["sha256"],
        media_type=row["media_type"],
        pages=row["pages"],
        size=row["size"],
        text_sha256=row["text_sha256"],
        added_at=row["added_at"],
        status=row["status"],
        status_reason=row["status_reason"],
    )


def load_document_by_id(store: Store, document_id: str) -> Document:
    """The document with this id (``d2`` is ``D2``)."""
    rows = store.query("SELECT * FROM documents WHERE id = ?", (document_id.strip().upper(),))
    if not rows:
        raise UnknownIdError("document", document_id, "`verify document list` shows them")
    return _document(rows[0])


def load_documents(store: Store) -> list[Document]:
    rows = store.query("SELECT * FROM documents ORDER BY CAST(substr(id, 2) AS INTEGER)")
    return [_document(r) for r in rows]


def load_document(store: Store, sha256: str) -> Document | None:
    rows = store.query("SELECT * FROM documents WHERE sha256 = ?", (sha256,))
    return _document(rows[0]) if rows else None
