"""verify: check the sources a motion cites, keep the evidence, write the reliability note.

The library logs to the ``verify`` logger and never prints; importing it has no side effects.
The command-line interface lives in :mod:`verify.cli`.
"""

from __future__ import annotations

import logging

from .config import Settings, load_settings
from .errors import (
    ArchiveFormatError,
    CaseExistsError,
    CaseNotFoundError,
    ConfigError,
    DocumentError,
    InputError,
    InvalidDateError,
    InvalidURLError,
    InvalidValueError,
    NotAVerifyStoreError,
    SchemaTooNewError,
    ServiceError,
    StoreBusyError,
    StoreCorruptError,
    StoreError,
    StoreNotWritableError,
    UnknownSnapshotError,
    UnknownSourceError,
    VerifyError,
)
from .models import (
    Case,
    Claim,
    Document,
    Event,
    Mention,
    Quantity,
    Source,
    SourceKind,
    SourceStatus,
)
from .steps.case import CaseContext, event_log, init_case, open_case, verify_log
from .steps.sources import (
    add_source,
    confirm_sources,
    edit_source,
    get_source,
    list_sources,
    reject_source,
)

__version__ = "0.1.0"

__all__ = [
    "ArchiveFormatError",
    "Case",
    "CaseContext",
    "CaseExistsError",
    "CaseNotFoundError",
    "Claim",
    "ConfigError",
    "Document",
    "DocumentError",
    "Event",
    "InputError",
    "InvalidDateError",
    "InvalidURLError",
    "InvalidValueError",
    "Mention",
    "NotAVerifyStoreError",
    "Quantity",
    "SchemaTooNewError",
    "ServiceError",
    "Settings",
    "Source",
    "SourceKind",
    "SourceStatus",
    "StoreBusyError",
    "StoreCorruptError",
    "StoreError",
    "StoreNotWritableError",
    "UnknownSnapshotError",
    "UnknownSourceError",
    "VerifyError",
    "__version__",
    "add_source",
    "confirm_sources",
    "edit_source",
    "event_log",
    "get_source",
    "init_case",
    "list_sources",
    "load_settings",
    "open_case",
    "reject_source",
    "verify_log",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
