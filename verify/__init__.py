"""verify: check the sources a motion cites, keep the evidence, write the reliability note.

The library logs to the ``verify`` logger and never prints; importing it has no side effects.
The command-line interface lives in :mod:`verify.cli`.
"""

from __future__ import annotations

import importlib
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

# The steps are imported when first asked for (PEP 562), so that a command or a worker that
# needs one step does not pay for the others' libraries (trafilatura, pdf readers, ...).
_LAZY = {
    "archive_sources": "steps.archive",
    "export_wacz": "steps.wacz",
    "import_archive": "steps.imports",
    "audit_case": "steps.audit",
    "CaseContext": "steps.case",
    "event_log": "steps.case",
    "init_case": "steps.case",
    "open_case": "steps.case",
    "verify_log": "steps.case",
    "check_sources": "steps.check",
    "add_finding": "steps.evidence",
    "assess": "steps.evidence",
    "record_verdict": "steps.evidence",
    "search_source": "steps.evidence",
    "extract_document": "steps.extract",
    "build_note": "steps.note",
    "export_claimreview": "steps.note",
    "write_notes": "steps.note",
    "write_report": "steps.report",
    "run_motion": "steps.run",
    "add_source": "steps.sources",
    "confirm_sources": "steps.sources",
    "edit_source": "steps.sources",
    "get_source": "steps.sources",
    "list_sources": "steps.sources",
    "reject_source": "steps.sources",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'verify' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
