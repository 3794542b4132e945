"""The case store: SQLite index, migrations, object files and the event chain."""

from .chain import ChainReport, verify_chain
from .db import CACHE_DIR, DB_NAME, REPORTS_DIR, Store, Writer
from .objects import ObjectStore, sha256_file

__all__ = [
    "CACHE_DIR",
    "DB_NAME",
    "REPORTS_DIR",
    "ChainReport",
    "ObjectStore",
    "Store",
    "Writer",
    "sha256_file",
    "verify_chain",
]
