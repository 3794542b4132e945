"""The one error tree of `verify`.

Every error the library raises on purpose is a :class:`VerifyError`. Each carries the
context a user needs (the file, the URL, the source id) and its ``str()`` is one line that
says what is wrong and what to do. The CLI turns them into that line and an exit code.

A dead link is a *result*, not an error: a check that finds a 404 returns a status.

::

    VerifyError
    ├── InputError                 the user asked for something that cannot be done as asked
    │   ├── InvalidURLError        a URL that is not an http(s) URL we may fetch
    │   ├── InvalidDateError       a date that is malformed, impossible or in the future
    │   ├── UnknownSourceError     a source id that is not in the case
    │   ├── UnknownSnapshotError   a snapshot id that is not in the case
    │   ├── UnknownIdError         another id (document, finding) that is not in the case
    │   ├── InvalidValueError      any other bad field value (kind, status, language, ...)
    │   └── ConfigError            a verify.toml that cannot be read or has a bad key
    ├── DocumentError              a document that cannot be read (missing, empty, encrypted, junk)
    ├── StoreError                 the case store cannot be used
    │   ├── CaseNotFoundError      no case folder here
    │   ├── CaseExistsError        `init` where a case already is
    │   ├── NotAVerifyStoreError   cache/verify.sqlite3 is some other SQLite database
    │   ├── StoreCorruptError      the store file is damaged
    │   ├── SchemaTooNewError      written by a newer version of verify
    │   ├── StoreBusyError         another process holds the write lock too long
    │   └── StoreNotWritableError  the folder or file cannot be written
    │       └── DiskFullError      the disk is full
    ├── ArchiveFormatError         a WARC/WACZ file that is malformed (names the record)
    └── ServiceError               a web service we depend on failed (search, Save Page Now)

    Interrupted (a KeyboardInterrupt)  Ctrl-C: says how much was stored; exit 130
"""

from __future__ import annotations

import errno
from pathlib import Path

__all__ = [
    "ArchiveFormatError",
    "CaseExistsError",
    "CaseNotFoundError",
    "ConfigError",
    "DiskFullError",
    "DocumentError",
    "InputError",
    "Interrupted",
    "InvalidDateError",
    "InvalidURLError",
    "InvalidValueError",
    "NotAVerifyStoreError",
    "SchemaTooNewError",
    "ServiceError",
    "StoreBusyError",
    "StoreCorruptError",
    "StoreError",
    "StoreNotWritableError",
    "UnknownIdError",
    "UnknownSnapshotError",
    "UnknownSourceError",
    "VerifyError",
    "storage_error",
]


class VerifyError(Exception):
    """Base class of every error `verify` raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(VerifyError):
    """The user asked for something that cannot be done as asked."""


class InvalidURLError(InputError):
    """A URL that is not an http(s) URL verify may fetch."""

    def __init__(self, url: str, reason: str) -> None:
        shown = url if len(url) <= 80 else url[:77] + "..."
        super().__init__(f"invalid URL {shown!r}: {reason}")
        self.url = url
        self.reason = reason


class InvalidDateError(InputError):
    """A date that is malformed, impossible or not allowed here."""

    def __init__(self, value: str, reason: str) -> None:
        super().__init__(f"invalid date {value!r}: {reason}")
        self.value = value
        self.reason = reason


class UnknownSourceError(InputError):
    """A source id that is not in the case."""

    def __init__(self, source_id: str) -> None:
        super().__init__(
            f"no source {source_id!r} in this case; `verify source list` shows the ids"
        )
        self.source_id = source_id


class UnknownSnapshotError(InputError):
    """A snapshot id that is not in the case."""

    def __init__(self, snapshot_id: str) -> None:
        super().__init__(
            f"no snapshot {snapshot_id!r} in this case; `verify snapshot list` shows the ids"
        )
        self.snapshot_id = snapshot_id


class UnknownIdError(InputError):
    """An id (document, finding, ...) that is not in the case."""

    def __init__(self, what: str, item_id: str, hint: str) -> None:
        super().__init__(f"no {what} {item_id!r} in this case; {hint}")
        self.item_id = item_id


class InvalidValueError(InputError):
    """A field value that is not allowed (kind, status, language, ...)."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        super().__init__(f"invalid {field} {value!r}: {reason}")
        self.field = field
        self.value = value


class ConfigError(InputError):
    """A verify.toml that cannot be read or has a bad key or value."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"settings file {path}: {reason}")
        self.path = Path(path)


class DocumentError(VerifyError):
    """A document that cannot be read: missing, empty, encrypted, junk or an unknown format."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"cannot read {path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class StoreError(VerifyError):
    """The case store cannot be used."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)


class CaseNotFoundError(StoreError):
    """There is no case folder where one was expected."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(
            path,
            f"no case in {path}: run `verify init {path}` to make one, "
            "or pass --case DIR (or set VERIFY_CASE)",
        )


class CaseExistsError(StoreError):
    """`init` was asked to make a case where one already is."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(path, f"{path} already holds a case; nothing was changed")


class NotAVerifyStoreError(StoreError):
    """cache/verify.sqlite3 is an SQLite database that verify did not write."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(
            path,
            f"{path} is an SQLite database but not a verify store; "
            "move it away or use another case folder",
        )


class StoreCorruptError(StoreError):
    """The store file is damaged or not a database at all."""

    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(
            path,
            f"the store {path} is damaged ({detail}); restore it from a backup, "
            "nothing was changed",
        )


class SchemaTooNewError(StoreError):
    """The store was written by a newer version of verify."""

    def __init__(self, path: Path | str, found: int, supported: int) -> None:
        super().__init__(
            path,
            f"the store {path} was written by a newer version of verify "
            f"(schema {found}, this version knows {supported}); upgrade verify, "
            "the store was not touched",
        )
        self.found = found
        self.supported = supported


class StoreBusyError(StoreError):
    """Another process held the case's write lock for longer than the wait allows."""

    def __init__(self, path: Path | str, waited: float) -> None:
        super().__init__(
            path,
            f"another verify process is writing to {path} (waited {waited:g} s); "
            "try again when it has finished",
        )


class StoreNotWritableError(StoreError):
    """The case folder or store file cannot be written."""

    def __init__(self, path: Path | str, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(path, f"cannot write to {path}{extra}; check the folder's permissions")


class DiskFullError(StoreNotWritableError):
    """The disk (or the user's quota) is full: nothing was half-written."""

    def __init__(self, path: Path | str) -> None:
        where = Path(path)
        StoreError.__init__(
            self,
            where,
            f"the disk is full: free space on the drive that holds {where} and run the "
            "command again (nothing was half-written; what was stored before is intact)",
        )


_DISK_FULL = {getattr(errno, "ENOSPC", 28), getattr(errno, "EDQUOT", 122)}


def storage_error(exc: OSError, path: Path | str) -> StoreError:
    """The one-line error for an OSError while writing under ``path``."""
    if exc.errno in _DISK_FULL:
        return DiskFullError(path)
    return StoreNotWritableError(path, exc.strerror or str(exc))


class ArchiveFormatError(VerifyError):
    """A WARC or WACZ file that is malformed; the message names the record at fault."""

    def __init__(self, path: Path | str, reason: str, record: int | None = None) -> None:
        where = f" (record {record})" if record is not None else ""
        super().__init__(f"{path}{where}: {reason}")
        self.path = Path(path)
        self.record = record


class ServiceError(VerifyError):
    """A web service verify depends on (search, Save Page Now) failed to answer usefully."""

    def __init__(self, service: str, url: str, reason: str) -> None:
        super().__init__(f"{service} at {url} failed: {reason}")
        self.service = service
        self.url = url


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a run: what was finished is stored; the message says how much.

    Not a :class:`VerifyError` (nothing went wrong): a ``KeyboardInterrupt`` that carries a
    one-line account, so the CLI can print it and exit 130.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
