"""Content-addressed object files under ``cache/objects/sha256/<2 hex>/<rest>``.

A file is written to ``cache/tmp/``, flushed and fsynced, then renamed into place with
``os.replace``, so an object is either whole or absent. A temporary file left by a crash is an
orphan that :meth:`ObjectStore.remove_orphans` clears on the next run. The same bytes stored
twice are kept once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..errors import storage_error

__all__ = ["ObjectStore", "ObjectWriter", "sha256_file"]

log = logging.getLogger(__name__)

_CHUNK = 1024 * 1024


def sha256_file(path: Path) -> str:
    """The SHA-256 (hex) of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    """Make a rename durable where the platform allows opening a directory (not Windows)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class ObjectWriter:
    """A file being written into the store: hashes and counts the bytes as they pass.

    Given by :meth:`ObjectStore.writing`; ``sha256`` and ``size`` are final once the ``with``
    block has ended.
    """

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._digest = hashlib.sha256()
        self.size = 0
        self.sha256 = ""

    def write(self, data: bytes) -> int:
        self._digest.update(data)
        self.size += len(data)
        return self._handle.write(data)

    def flush(self) -> None:
        self._handle.flush()


class ObjectStore:
    """The object files of one case."""

    def __init__(self, cache_dir: Path) -> None:
        self.root = cache_dir / "objects" / "sha256"
        self.tmp = cache_dir / "tmp"

    def ensure(self) -> None:
        """Create the folders."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.tmp.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        """Where the object with this digest lives (whether or not it exists)."""
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:]

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def temp_path(self) -> Path:
        """A fresh temporary file name inside the store (same file system as the objects)."""
        self.tmp.mkdir(parents=True, exist_ok=True)
        return self.tmp / f"{uuid.uuid4().hex}.part"

    def put_bytes(self, data: bytes) -> str:
        """Store ``data``; return its SHA-256."""
        digest = hashlib.sha256(data).hexdigest()
        if self.has(digest):
            return digest
        tmp = self._temp()
        try:
            with tmp.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            self._commit(tmp, digest)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise storage_error(exc, self.root.parent.parent) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return digest

    def _temp(self) -> Path:
        try:
            return self.temp_path()
        except OSError as exc:
            raise storage_error(exc, self.root.parent.parent) from None

    @contextmanager
    def writing(self) -> Iterator[ObjectWriter]:
        """Write an object in place of a copy: to a temporary file, hashed as it is written,
        fsynced, then renamed to its digest. Nothing is stored if the block raises; a full
        disk is :class:`~verify.errors.DiskFullError` and leaves no temporary file."""
        tmp = self._temp()
        try:
            with tmp.open("wb") as handle:
                writer = ObjectWriter(handle)
                yield writer
                handle.flush()
                os.fsync(handle.fileno())
            writer.sha256 = writer._digest.hexdigest()
            if self.has(writer.sha256):
                tmp.unlink(missing_ok=True)
            else:
                self._commit(tmp, writer.sha256)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise storage_error(exc, self.root.parent.parent) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def put_stream(self, stream: BinaryIO) -> tuple[str, int]:
        """Store everything read from ``stream``; return (SHA-256, size)."""
        with self.writing() as writer:
            for chunk in iter(lambda: stream.read(_CHUNK), b""):
                writer.write(chunk)
        return writer.sha256, writer.size

    def put_file(self, path: Path) -> tuple[str, int]:
        """Store a copy of the file at ``path``; return (SHA-256, size)."""
        with path.open("rb") as handle:
            return self.put_stream(handle)

    def _commit(self, tmp: Path, digest: str) -> None:
        final = self.path(digest)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
        _fsync_dir(final.parent)

    def read_bytes(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def verify(self, sha256: str) -> str:
        """``ok``, ``modified`` or ``missing`` for the object with this digest."""
        path = self.path(sha256)
        if not path.is_file():
            return "missing"
        return "ok" if sha256_file(path) == sha256 else "modified"

    def iter_digests(self) -> Iterator[str]:
        """Every object present, by its file name."""
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir():
                for item in sorted(sub.iterdir()):
                    yield sub.name + item.name

    def remove_orphans(self, older_than: float = 3600.0) -> int:
        """Delete temporary files a crashed run left behind; return how many."""
        if not self.tmp.is_dir():
            return 0
        removed = 0
        cutoff = time.time() - older_than
        for item in self.tmp.iterdir():
            try:
                if item.is_file() and item.stat().st_mtime < cutoff:
                    item.unlink()
                    removed += 1
            except OSError:  # another process may have just renamed it
                continue
        if removed:
            log.info("removed %d orphan temporary file(s) from %s", removed, self.tmp)
        return removed
