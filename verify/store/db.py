"""The case store: SQLite index at ``cache/verify.sqlite3`` plus object files.

Opening checks, before anything is written, that the file is an SQLite database, that it is a
verify store (``PRAGMA application_id``), that it is not damaged, and that its schema is not
newer than this version knows; then pending migrations are applied.

Every change happens in :meth:`Store.write`: one ``BEGIN IMMEDIATE`` transaction that takes the
case's write lock (a second process waits up to ``lock_timeout`` seconds, then gets
:class:`StoreBusyError`), makes its changes, and appends one event to the hash chain. Either all
of it is stored or none.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import (
    CaseExistsError,
    CaseNotFoundError,
    DiskFullError,
    NotAVerifyStoreError,
    SchemaTooNewError,
    StoreBusyError,
    StoreCorruptError,
    StoreError,
    StoreNotWritableError,
)
from ..models import Case, Event
from ..timeutil import Clock, format_instant, system_clock
from .anchor import Anchor
from .chain import GENESIS, ChainReport, event_hash, verify_chain
from .migrations import APPLICATION_ID, BACKFILL_MIGRATION, MIGRATIONS
from .objects import ObjectStore
from .projection import PROJECTED

__all__ = ["CACHE_DIR", "DB_NAME", "REPORTS_DIR", "Store", "Writer"]

log = logging.getLogger(__name__)

CACHE_DIR = "cache"
REPORTS_DIR = "reports"
DB_NAME = "verify.sqlite3"
_SQLITE_HEADER = b"SQLite format 3\x00"


def _is_locked(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class Writer:
    """The changes of one write transaction; records the ids touched and edits made.

    Every row written to a projected table (see :mod:`verify.store.projection`) is also
    recorded as an op in the event, so the register can be rebuilt from the event log and
    ``verify audit`` can prove no row was changed behind verify's back. Use :meth:`insert`,
    :meth:`insert_or_ignore` and :meth:`update`; :meth:`execute` only reads.
    """

    def __init__(self, store: Store, conn: sqlite3.Connection) -> None:
        self.store = store
        self.conn = conn
        self.ids: list[str] = []
        self._touched: set[str] = set()  # the same ids, to look them up
        self.changes: list[dict[str, Any]] = []
        self.ops: list[dict[str, Any]] = []
        self.now = format_instant(store.clock())

    def touch(self, *ids: str) -> None:
        """Record that this command touched these ids (sources, claims, snapshots, ...)."""
        for item in ids:
            if item not in self._touched:
                self._touched.add(item)
                self.ids.append(item)

    def change(self, item_id: str, field: str, before: Any, after: Any) -> None:
        """Record an edit with its old and new value."""
        self.changes.append({"id": item_id, "field": field, "before": before, "after": after})
        self.touch(item_id)

    def next_id(self, prefix: str) -> str:
        """The next id with this prefix (``S`` gives S1, S2, ...); never reused."""
        return self.next_ids(prefix, 1)[0]

    def next_ids(self, prefix: str, count: int) -> list[str]:
        """The next ``count`` ids with this prefix, in order (one counter update for all)."""
        row = self.conn.execute("SELECT next FROM counters WHERE prefix = ?", (prefix,)).fetchone()
        number = row[0] if row else 1
        self.conn.execute(
            "INSERT INTO counters (prefix, next) VALUES (?, ?) "
            "ON CONFLICT (prefix) DO UPDATE SET next = excluded.next",
            (prefix, number + count),
        )
        return [f"{prefix}{n}" for n in range(number, number + count)]

    def _record(self, op: dict[str, Any]) -> None:
        if op["table"] in PROJECTED:
            self.ops.append(op)

    def insert(self, table: str, row: Mapping[str, Any]) -> None:
        """Insert one row (column names come from code, never from users)."""
        row = dict(row)
        columns = ", ".join(f'"{name}"' for name in row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))
        self._record({"op": "insert", "table": table, "row": row})

    def insert_or_ignore(self, table: str, row: Mapping[str, Any]) -> bool:
        """Insert one row unless its key is already there; return whether it was inserted."""
        row = dict(row)
        columns = ", ".join(f'"{name}"' for name in row)
        marks = ", ".join("?" for _ in row)
        cursor = self.conn.execute(
            f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({marks})", tuple(row.values())
        )
        if cursor.rowcount:
            self._record({"op": "insert", "table": table, "row": row})
        return bool(cursor.rowcount)

    def update(self, table: str, key: str, item_id: Any, values: Mapping[str, Any]) -> None:
        """Update columns of one row, recording each changed value as an edit."""
        current = self.conn.execute(
            f'SELECT * FROM {table} WHERE "{key}" = ?', (item_id,)
        ).fetchone()
        if current is None:
            raise KeyError(item_id)
        changed: dict[str, Any] = {}
        for name, value in values.items():
            if current[name] != value:
                self.change(str(item_id) if table != "case_info" else "case", name,
                            current[name], value)  # fmt: skip
                self.conn.execute(
                    f'UPDATE {table} SET "{name}" = ? WHERE "{key}" = ?', (value, item_id)
                )
                changed[name] = value
        if changed:
            self._record(
                {"op": "update", "table": table, "key": key, "id": item_id, "set": changed}
            )

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        """Run a query (reads only: writes go through insert/update, so events record them)."""
        verb = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if verb not in ("SELECT", "WITH", "PRAGMA"):
            raise ValueError(f"Writer.execute only reads; use insert/update ({verb})")
        return self.conn.execute(sql, params)


class Store:
    """An open case store. Use :meth:`create` or :meth:`open`; close when done."""

    def __init__(
        self, case_dir: Path, conn: sqlite3.Connection, clock: Clock, lock_timeout: float
    ) -> None:
        self.case_dir = case_dir
        self.cache_dir = case_dir / CACHE_DIR
        self.db_path = self.cache_dir / DB_NAME
        self.conn = conn
        self.clock = clock
        self.lock_timeout = lock_timeout
        self.objects = ObjectStore(self.cache_dir)

    # -- opening -------------------------------------------------------------------------

    @staticmethod
    def db_path_for(case_dir: Path) -> Path:
        return case_dir / CACHE_DIR / DB_NAME

    @classmethod
    def exists(cls, case_dir: Path) -> bool:
        return cls.db_path_for(case_dir).is_file()

    @classmethod
    def create(
        cls,
        case_dir: Path,
        case: Case,
        *,
        actor: str,
        args: dict[str, Any],
        clock: Clock = system_clock,
        lock_timeout: float = 30.0,
    ) -> Store:
        """Make a new case folder (``cache/``, ``reports/``, the store) and record the case.

        The store is built under a name of its own and then linked into place in one step that
        fails if a store is already there, so two commands making the same new case at once
        never see a half-made store: one makes it, the other gets :class:`CaseExistsError`.
        """
        db_path = cls.db_path_for(case_dir)
        if db_path.exists():
            raise CaseExistsError(case_dir)
        token = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        try:
            case_dir.mkdir(parents=True, exist_ok=True)
            (case_dir / CACHE_DIR).mkdir(exist_ok=True)
            (case_dir / REPORTS_DIR).mkdir(exist_ok=True)
            probe = case_dir / CACHE_DIR / f".write-test-{token}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise StoreNotWritableError(case_dir, exc.strerror or str(exc)) from exc
        tmp_db = db_path.with_name(f"{DB_NAME}.creating-{token}")
        try:
            conn = cls._connect(tmp_db, lock_timeout)
            store = cls(case_dir, conn, clock, lock_timeout)
            store._migrate()
            with store.write(actor, "init", args) as writer:
                writer.insert(
                    "case_info",
                    {
                        "one": 1,
                        "title": case.title,
                        "dnr": case.dnr,
                        "date": case.date,
                        "lang": case.lang,
                        "officer": case.officer,
                        "timezone": case.timezone,
                        "created_at": writer.now,
                    },
                )
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")  # no side files to carry along
            conn.close()
            _publish(tmp_db, db_path, case_dir)
        except sqlite3.Error as exc:
            raise StoreNotWritableError(case_dir, str(exc)) from exc
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(tmp_db) + suffix).unlink(missing_ok=True)
        store = cls.open(case_dir, clock=clock, lock_timeout=lock_timeout)
        store.objects.ensure()
        return store

    @classmethod
    def open(
        cls, case_dir: Path, *, clock: Clock = system_clock, lock_timeout: float = 30.0
    ) -> Store:
        """Open an existing case's store, refusing one that is damaged, foreign or newer."""
        db_path = cls.db_path_for(case_dir)
        if not db_path.is_file():
            raise CaseNotFoundError(case_dir.resolve())
        cls._precheck(db_path)
        try:
            conn = cls._connect(db_path, lock_timeout)
        except sqlite3.DatabaseError as exc:
            raise _store_error(exc, db_path, lock_timeout, opening=True) from None
        store = cls(case_dir, conn, clock, lock_timeout)
        try:
            _check_identity(
                db_path,
                conn.execute("PRAGMA application_id").fetchone()[0],
                conn.execute("PRAGMA user_version").fetchone()[0],
            )
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise StoreCorruptError(db_path, check)
            store._migrate()
        except StoreError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _store_error(exc, db_path, lock_timeout, opening=True) from None
        return store

    @staticmethod
    def _precheck(db_path: Path) -> None:
        """Checks on the file's header bytes, before SQLite opens (and so touches) it."""
        try:
            with db_path.open("rb") as handle:
                header = handle.read(100)
        except OSError as exc:
            raise StoreNotWritableError(db_path, exc.strerror or str(exc)) from exc
        if len(header) < 100 or header[:16] != _SQLITE_HEADER:
            raise StoreCorruptError(db_path, "not an SQLite database")
        _check_identity(
            db_path,
            int.from_bytes(header[68:72], "big"),
            int.from_bytes(header[60:64], "big"),
        )

    @staticmethod
    def _connect(db_path: Path, lock_timeout: float) -> sqlite3.Connection:
        conn = sqlite3.connect(
            db_path, timeout=lock_timeout, isolation_level=None, check_same_thread=False
        )
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version >= len(MIGRATIONS):
            return
        self._begin()
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for index in range(version, len(MIGRATIONS)):
                migration = MIGRATIONS[index]
                for statement in _split_sql(migration.sql):
                    self.conn.execute(statement)
                if migration.name == BACKFILL_MIGRATION:
                    self._backfill_rows(migration.name)
                self.conn.execute(
                    "INSERT INTO migrations (seq, name, applied_at) VALUES (?, ?, ?)",
                    (index + 1, migration.name, format_instant(self.clock())),
                )
                self.conn.execute(f"PRAGMA user_version = {index + 1}")
                log.info("applied migration %s", migration.name)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _backfill_rows(self, migration: str) -> None:
        """Record every row of the register in one event, for stores whose earlier events do
        not carry their rows; marked as a backfill (nothing earlier can be proved by it)."""
        writer = Writer(self, self.conn)
        for table in PROJECTED:
            order = "rowid"
            for row in self.conn.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall():
                writer.ops.append({"op": "insert", "table": table, "row": dict(row)})
        if not writer.ops:
            return  # a new store: nothing to record
        self._append_event(
            writer,
            "verify",
            "migrate",
            {
                "migration": migration,
                "backfill": True,
                "note": "events before this one do not carry their rows; this event records "
                "every row as it was when verify began to record them",
            },
        )

    def schema(self) -> list[str]:
        """The SQL statements that make an empty store of this version (for replays)."""
        out: list[str] = []
        for migration in MIGRATIONS:
            out.extend(_split_sql(migration.sql))
        return out

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    def _begin(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _store_error(exc, self.db_path, self.lock_timeout) from None

    def _rollback(self) -> None:
        """Roll back if a transaction is open (a failed COMMIT may have ended it already)."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error as exc:
                log.warning("rollback failed: %s", exc)

    @contextmanager
    def write(self, actor: str, command: str, args: dict[str, Any]) -> Iterator[Writer]:
        """One transaction and one event. Nothing is stored if the block raises."""
        self._begin()
        writer = Writer(self, self.conn)
        try:
            yield writer
            self._append_event(writer, actor, command, args)
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._rollback()
            raise _store_error(exc, self.db_path, self.lock_timeout) from None
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise _store_error(exc, self.db_path, self.lock_timeout) from None
        except BaseException:
            self._rollback()
            raise

    def _append_event(self, writer: Writer, actor: str, command: str, args: dict) -> None:
        row = self.conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        seq = (row["seq"] + 1) if row else 1
        prev = row["hash"] if row else GENESIS
        args = json.loads(json.dumps(args, default=str))
        changes = json.loads(json.dumps(writer.changes, default=str))
        ops = json.loads(json.dumps(writer.ops, default=str))
        digest = event_hash(
            seq=seq,
            at=writer.now,
            actor=actor,
            command=command,
            args=args,
            ids=writer.ids,
            changes=changes,
            prev_hash=prev,
            ops=ops,
        )
        self.conn.execute(
            "INSERT INTO events (seq, at, actor, command, args, ids, changes, prev_hash, hash, "
            "ops) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                writer.now,
                actor,
                command,
                json.dumps(args, ensure_ascii=False, sort_keys=True),
                json.dumps(writer.ids, ensure_ascii=False),
                json.dumps(changes, ensure_ascii=False),
                prev,
                digest,
                json.dumps(ops, ensure_ascii=False, sort_keys=True),
            ),
        )
        for key, value in (("head_seq", str(seq)), ("head_hash", digest)):
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- reading -------------------------------------------------------------------------

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def stream(
        self, sql: str, params: tuple[Any, ...] = (), *, size: int = 1000
    ) -> Iterator[sqlite3.Row]:
        """The rows of a query as they are read, through a read-only connection of their own:
        writes on this store meanwhile (a check storing its results as it goes) neither wait
        for it nor change what it reads (a WAL snapshot). Memory: ``size`` rows at a time."""
        try:
            conn = sqlite3.connect(
                f"{self.db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=self.lock_timeout,
                check_same_thread=False,
            )  # fmt: skip
        except sqlite3.Error as exc:
            raise _store_error(exc, self.db_path, self.lock_timeout) from None
        try:
            conn.row_factory = sqlite3.Row
            # A sort (ORDER BY, a window) spills to a temporary file past 1 MB, not memory.
            conn.execute("PRAGMA temp_store = FILE")
            conn.execute("PRAGMA cache_size = -1024")
            cursor = conn.execute(sql, params)
            while True:
                rows = cursor.fetchmany(size)
                if not rows:
                    return
                yield from rows
        except sqlite3.Error as exc:
            raise _store_error(exc, self.db_path, self.lock_timeout) from None
        finally:
            conn.close()

    def case(self) -> Case:
        row = self.conn.execute("SELECT * FROM case_info WHERE one = 1").fetchone()
        if row is None:
            raise StoreCorruptError(self.db_path, "the case record is missing")
        return Case(
            title=row["title"],
            dnr=row["dnr"],
            date=row["date"],
            lang=row["lang"],
            officer=row["officer"],
            timezone=row["timezone"],
            created_at=row["created_at"],
        )

    def events(self) -> list[Event]:
        rows = self.conn.execute("SELECT * FROM events ORDER BY rowid").fetchall()
        out = []
        for row in rows:
            ops = row["ops"] if "ops" in row.keys() else None
            out.append(
                Event(
                    seq=row["seq"],
                    at=row["at"],
                    actor=row["actor"],
                    command=row["command"],
                    args=json.loads(row["args"]),
                    ids=tuple(json.loads(row["ids"])),
                    changes=tuple(json.loads(row["changes"])),
                    prev_hash=row["prev_hash"],
                    hash=row["hash"],
                    ops=tuple(json.loads(ops)) if ops is not None else None,
                )
            )
        return out

    def anchor(self) -> Anchor | None:
        """The newest event's number and hash, from the events themselves (not ``meta``)."""
        row = self.conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        return Anchor(int(row["seq"]), str(row["hash"])) if row else None

    def head(self) -> tuple[int, str] | None:
        rows = dict(
            self.conn.execute(
                "SELECT key, value FROM meta WHERE key IN ('head_seq', 'head_hash')"
            ).fetchall()
        )
        if "head_seq" not in rows:
            return None
        return int(rows["head_seq"]), rows.get("head_hash", "")

    def verify_events(self) -> ChainReport:
        """Check the hash chain of the whole event log."""
        try:
            events = self.events()
        except (json.JSONDecodeError, sqlite3.DatabaseError) as exc:
            return ChainReport(False, 0, None, f"the event log cannot be read ({exc})")
        return verify_chain(events, self.head())


def _store_error(
    exc: sqlite3.Error, db_path: Path, lock_timeout: float, *, opening: bool = False
) -> StoreError:
    """The one-line error for an SQLite failure. Only SQLite's own integrity check calls a
    store damaged; a full disk, an I/O error or a lock is said as what it is."""
    text = str(exc).lower()
    if _is_locked(exc) if isinstance(exc, sqlite3.OperationalError) else False:
        return StoreBusyError(db_path, lock_timeout)
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFullError(db_path)
    if "disk i/o error" in text or "unable to open" in text:
        try:
            free = shutil.disk_usage(db_path.parent).free
        except OSError:
            free = None
        if free is not None and free < 1024 * 1024:
            return DiskFullError(db_path)
        return StoreNotWritableError(db_path, str(exc))
    if "readonly" in text or "read-only" in text:
        return StoreNotWritableError(db_path, str(exc))
    if opening and isinstance(exc, sqlite3.DatabaseError) and "malformed" in text:
        return StoreCorruptError(db_path, str(exc))
    if opening:
        return StoreCorruptError(db_path, str(exc))
    return StoreNotWritableError(db_path, str(exc))


def _publish(tmp_db: Path, db_path: Path, case_dir: Path) -> None:
    """Put a finished store in place, failing (CaseExistsError) if one is already there."""
    try:
        os.link(tmp_db, db_path)  # atomic, and never replaces an existing file
    except FileExistsError:
        raise CaseExistsError(case_dir) from None
    except OSError:
        # A file system without hard links: a rename, which on Windows also refuses an
        # existing target; elsewhere check first (the window is a few microseconds).
        if db_path.exists():
            raise CaseExistsError(case_dir) from None
        try:
            os.rename(tmp_db, db_path)
        except FileExistsError:
            raise CaseExistsError(case_dir) from None


def _check_identity(db_path: Path, app_id: int, version: int) -> None:
    if app_id != APPLICATION_ID:
        raise NotAVerifyStoreError(db_path)
    if version > len(MIGRATIONS):
        raise SchemaTooNewError(db_path, version, len(MIGRATIONS))


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (triggers keep their inner semicolons)."""
    statements: list[str] = []
    buffer = ""
    for piece in script.split(";"):
        buffer = f"{buffer};{piece}" if buffer else piece
        if sqlite3.complete_statement(buffer + ";"):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
