"""Temporary folders of verify's own, and the sweep that removes those a killed run left.

Every temporary folder is named ``verify-<kind>-<pid>-<random>`` in the system's temporary
folder. A run that ends normally removes its own; one that was killed (kill -9, a power cut)
cannot, so the next run sweeps: a folder whose process is gone (POSIX), or older than a day
(where a process cannot be asked about safely, such as Windows), is removed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["sweep", "temp_dir", "temporary_dir"]

log = logging.getLogger(__name__)

_NAME = re.compile(r"^verify-[a-z]+-(\d+)-")
_MAX_AGE = 24 * 3600.0
_swept = False


def _alive(pid: int) -> bool | None:
    """Whether the process runs (None: cannot tell safely on this platform)."""
    if os.name != "posix":
        return None  # os.kill(pid, 0) on Windows is not a harmless probe
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return None
    return True


def sweep(root: Path | None = None, *, force: bool = False) -> int:
    """Remove the temporary folders of runs that are gone; return how many (once a process)."""
    global _swept
    if _swept and not force:
        return 0
    _swept = True
    base = Path(root or tempfile.gettempdir())
    removed = 0
    try:
        entries = list(base.iterdir())
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        match = _NAME.match(entry.name)
        if not match or not entry.is_dir():
            continue
        pid = int(match.group(1))
        if pid == os.getpid():
            continue
        alive = _alive(pid)
        try:
            old = now - entry.stat().st_mtime > _MAX_AGE
        except OSError:
            continue
        if alive is False or (alive is None and old):
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    if removed:
        log.info("removed %d temporary folder(s) left by killed runs in %s", removed, base)
    return removed


def temp_dir(kind: str) -> Path:
    """A new temporary folder of this process (remove it when done)."""
    sweep()
    return Path(tempfile.mkdtemp(prefix=f"verify-{kind}-{os.getpid()}-"))


@contextlib.contextmanager
def temporary_dir(kind: str) -> Iterator[Path]:
    """A temporary folder removed when the block ends."""
    path = temp_dir(kind)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
