"""Named, ordered schema migrations of the case store.

Each migration is applied once, in order, inside one transaction together with its record in
the ``migrations`` table; ``PRAGMA user_version`` holds how many have been applied, so a store
written by a newer verify (more migrations than this version knows) is refused untouched.

Append new migrations at the end; never edit or reorder a released one.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["APPLICATION_ID", "BACKFILL_MIGRATION", "MIGRATIONS", "Migration"]

#: The migration after which every event carries its rows; applying it to a store that has rows
#: appends one event recording them all (see ``Store._backfill_rows``).
BACKFILL_MIGRATION = "0005_events_carry_rows"

#: Written to ``PRAGMA application_id`` so another SQLite database is never mistaken for ours.
APPLICATION_ID = 0x56455246  # "VERF"


@dataclass(frozen=True)
class Migration:
    """One schema step: a stable name and the SQL that performs it."""

    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_register",
        """
        CREATE TABLE migrations (
            seq INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            applied_at TEXT NOT NULL
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE counters (prefix TEXT PRIMARY KEY, next INTEGER NOT NULL);
        CREATE TABLE case_info (
            one INTEGER PRIMARY KEY CHECK (one = 1),
            title TEXT, dnr TEXT, date TEXT, lang TEXT NOT NULL, officer TEXT,
            timezone TEXT NOT NULL, created_at TEXT NOT NULL
        );
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            media_type TEXT NOT NULL,
            pages INTEGER NOT NULL,
            size INTEGER NOT NULL,
            text_sha256 TEXT,
            added_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX documents_sha256 ON documents (sha256);
        CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            num INTEGER NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            organisation TEXT, acronym TEXT, title TEXT, publisher TEXT, author TEXT,
            url TEXT, domain TEXT, designation TEXT, published TEXT, note TEXT,
            status_reason TEXT,
            vague INTEGER NOT NULL DEFAULT 0,
            key TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX sources_key ON sources (key);
        CREATE TABLE mentions (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources (id),
            document_id TEXT REFERENCES documents (id),
            page INTEGER, line INTEGER, start INTEGER, "end" INTEGER,
            passage TEXT NOT NULL,
            footnote TEXT
        );
        CREATE INDEX mentions_source ON mentions (source_id);
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources (id),
            text TEXT NOT NULL,
            quantities TEXT NOT NULL DEFAULT '[]',
            mention_id TEXT REFERENCES mentions (id)
        );
        CREATE INDEX claims_source ON claims (source_id);
        CREATE TABLE case_designations (
            designation TEXT PRIMARY KEY,
            document_id TEXT REFERENCES documents (id)
        );
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            command TEXT NOT NULL,
            args TEXT NOT NULL,
            ids TEXT NOT NULL,
            changes TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
        """,
    ),
    Migration(
        "0002_checks_and_snapshots",
        """
        CREATE TABLE checks (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources (id),
            finding_id TEXT,
            url TEXT NOT NULL,
            method TEXT NOT NULL,
            as_of TEXT NOT NULL,
            checked_at TEXT NOT NULL,
            status TEXT NOT NULL,
            http_status INTEGER,
            final_url TEXT,
            result TEXT NOT NULL
        );
        CREATE INDEX checks_source ON checks (source_id);
        CREATE TABLE snapshots (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources (id),
            finding_id TEXT,
            check_id TEXT REFERENCES checks (id),
            url TEXT NOT NULL,
            final_url TEXT,
            captured_at TEXT NOT NULL,
            http_status INTEGER,
            content_type TEXT,
            status TEXT,
            title TEXT,
            payload_sha256 TEXT,
            payload_size INTEGER,
            warc_sha256 TEXT NOT NULL,
            warc_size INTEGER NOT NULL,
            text_sha256 TEXT,
            text_size INTEGER,
            meta_sha256 TEXT,
            origin TEXT NOT NULL DEFAULT 'captured',
            container TEXT NOT NULL DEFAULT 'warc',
            record_id TEXT,
            member TEXT,
            revisit_of TEXT REFERENCES snapshots (id),
            language TEXT,
            witness_url TEXT,
            witness_at TEXT,
            imported_from TEXT
        );
        CREATE INDEX snapshots_payload ON snapshots (payload_sha256);
        CREATE INDEX snapshots_source ON snapshots (source_id);
        """,
    ),
    Migration(
        "0003_evidence",
        """
        CREATE TABLE findings (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources (id),
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            url TEXT,
            quote TEXT,
            criterion TEXT,
            search_result_id TEXT,
            created_at TEXT NOT NULL,
            actor TEXT NOT NULL
        );
        CREATE INDEX findings_source ON findings (source_id);
        CREATE TABLE searches (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources (id),
            query TEXT NOT NULL,
            endpoint TEXT NOT NULL,
            searched_at TEXT NOT NULL,
            as_of TEXT NOT NULL,
            status TEXT NOT NULL,
            error TEXT,
            response_sha256 TEXT
        );
        CREATE INDEX searches_source ON searches (source_id);
        CREATE TABLE search_results (
            id TEXT PRIMARY KEY,
            search_id TEXT NOT NULL REFERENCES searches (id),
            rank INTEGER NOT NULL,
            url TEXT NOT NULL,
            title TEXT,
            snippet TEXT,
            engine TEXT,
            published TEXT
        );
        CREATE INDEX search_results_search ON search_results (search_id);
        CREATE TABLE verdicts (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources (id),
            verdict TEXT NOT NULL,
            because TEXT NOT NULL,
            suggested TEXT,
            reasons TEXT NOT NULL DEFAULT '[]',
            decided_at TEXT NOT NULL,
            actor TEXT NOT NULL
        );
        CREATE INDEX verdicts_source ON verdicts (source_id);
        """,
    ),
    Migration(
        "0004_undo",
        """
        ALTER TABLE findings ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
        ALTER TABLE findings ADD COLUMN status_reason TEXT;
        ALTER TABLE documents ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
        ALTER TABLE documents ADD COLUMN status_reason TEXT;
        ALTER TABLE sources ADD COLUMN merged_into TEXT REFERENCES sources (id);
        """,
    ),
    Migration(
        BACKFILL_MIGRATION,
        """
        ALTER TABLE events ADD COLUMN ops TEXT;
        """,
    ),
    Migration(
        "0006_source_lookups",
        # Adding a source looks for one with the same URL (or designation) first: without
        # these, every addition read the whole table (minutes for a case of 10^5 sources).
        """
        CREATE INDEX sources_url ON sources (url);
        CREATE INDEX sources_designation ON sources (designation);
        """,
    ),
)
