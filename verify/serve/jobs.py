"""Runs of `check` and `archive` started from the desk, in a thread, with live progress.

A run calls the same step function as the CLI on its own CaseContext (its own SQLite
connection); each result the step stores is one transaction and one event, as on the command
line. Progress lines are kept in order so a page (or a server-sent event stream) can show them
from any point; Cancel sets the context's ``cancel`` event, which the HTTP client treats as an
abort: requests in flight end within moments, what was stored is kept.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import Interrupted, VerifyError
from ..steps.case import CaseContext

__all__ = ["Job", "JobBusy", "Jobs"]

log = logging.getLogger(__name__)


class JobBusy(Exception):
    """Another run is still going on (one at a time per desk)."""


@dataclass
class Job:
    """One run: its kind (``check`` or ``archive``), state, progress lines and outcome."""

    id: str
    kind: str
    state: str = "running"  # running | done | cancelled | failed
    done: int = 0
    total: int = 0
    lines: list[dict[str, Any]] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    message: str = ""
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def snapshot(self, since: int = 0) -> dict[str, Any]:
        with self.changed:
            return {
                "id": self.id,
                "kind": self.kind,
                "state": self.state,
                "done": self.done,
                "total": self.total,
                "lines": list(self.lines[since:]),
                "count": len(self.lines),
                "pending": list(self.pending),
                "message": self.message,
            }

    def update(self, **values: Any) -> None:
        with self.changed:
            line = values.pop("line", None)
            if line is not None:
                self.lines.append(line)
            for name, value in values.items():
                setattr(self, name, value)
            self.changed.notify_all()

    def wait(self, count: int, state: str, timeout: float) -> None:
        """Wait until there is a line past ``count``, the state is not ``state``, or timeout."""
        with self.changed:
            self.changed.wait_for(
                lambda: len(self.lines) > count or self.state != state, timeout=timeout
            )


#: ``work(ctx, job)`` runs the step and reports through ``job.update``; returns a message.
Work = Callable[[CaseContext, Job], str]


class Jobs:
    """The desk's runs: at most one at a time, kept for the page to show."""

    def __init__(self, opener: Callable[[threading.Event], CaseContext]) -> None:
        self._open = opener
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self._count = 0

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id.upper())

    def all(self) -> list[Job]:
        return list(self._jobs.values())

    def running(self) -> Job | None:
        return next((j for j in self._jobs.values() if j.state == "running"), None)

    def start(self, kind: str, work: Work) -> Job:
        with self._lock:
            if self.running() is not None:
                raise JobBusy(kind)
            self._count += 1
            job = Job(id=f"J{self._count}", kind=kind)
            self._jobs[job.id] = job
        thread = threading.Thread(
            target=self._run, args=(job, work), name=f"verify-desk-{job.id}", daemon=True
        )
        thread.start()
        return job

    def cancel_all(self) -> None:
        for job in self._jobs.values():
            job.cancel.set()

    def _run(self, job: Job, work: Work) -> None:
        state, message = "done", ""
        try:
            with self._open(job.cancel) as ctx:
                message = work(ctx, job)
            if job.cancel.is_set():
                state = "cancelled"
        except Interrupted as exc:
            state, message = "cancelled", exc.message
        except VerifyError as exc:
            state, message = "failed", str(exc)
        except Exception as exc:  # noqa: BLE001 - a run that breaks says so on its page
            log.exception("run %s failed", job.id)
            state, message = "failed", f"{type(exc).__name__}: {exc}"
        job.update(state=state, message=message, pending=[], ended=time.monotonic())
