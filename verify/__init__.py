"""verify: check the sources a motion cites, keep the evidence, write the reliability note.

The library logs to the ``verify`` logger and never prints; importing it has no side effects.
The command-line interface lives in :mod:`verify.cli`.
"""

from __future__ import annotations

import logging

from ._version import __version__
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
from .steps.archive import archive_sources
from .steps.audit import audit_case
from .steps.case import CaseContext, event_log, init_case, open_case, verify_log
from .steps.check import check_sources
from .steps.evidence import add_finding, assess, record_verdict, search_source
from .steps.extract import extract_document
from .steps.imports import import_archive
from .steps.note import build_note, export_claimreview, write_notes
from .steps.report import write_report
from .steps.run import run_motion
from .steps.sources import (
    add_source,
    confirm_sources,
    edit_source,
    get_source,
    list_sources,
    reject_source,
)
from .steps.wacz import export_wacz

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
    "add_finding",
    "add_source",
    "archive_sources",
    "assess",
    "audit_case",
    "build_note",
    "check_sources",
    "confirm_sources",
    "edit_source",
    "event_log",
    "export_claimreview",
    "export_wacz",
    "extract_document",
    "get_source",
    "import_archive",
    "init_case",
    "list_sources",
    "load_settings",
    "open_case",
    "record_verdict",
    "reject_source",
    "run_motion",
    "search_source",
    "verify_log",
    "write_notes",
    "write_report",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
