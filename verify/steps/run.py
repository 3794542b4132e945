"""`run`: from a motion to a note in one step: extract → check → archive → assess → note.

The case folder is made when there is none. Sources are checked live (today) and, when the date
is in the past, also in the web archives for that date; sources with a URL are archived; the
note and the auditor's report are written into ``reports/``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CaseExistsError
from ..models import SourceStatus
from ..store import Store
from ..timeutil import Clock, local_date, parse_date, system_clock
from ..web.policy import Resolver, system_resolver
from .archive import archive_sources
from .case import CaseContext, init_case, open_case, update_case
from .check import check_sources
from .extract import extract_document, read_motion
from .note import write_notes
from .report import write_report

__all__ = ["RunResult", "run_motion"]

Progress = Callable[[str], None]


@dataclass
class RunResult:
    """What `verify run` did and where the note and the report are."""

    case: Path
    sources: list[str] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    snapshots: list[str] = field(default_factory=list)
    suggested: dict[str, str] = field(default_factory=dict)
    note: Path | None = None
    note_docx: Path | None = None
    report: Path | None = None
    warnings: list[str] = field(default_factory=list)
    checks_warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": str(self.case),
            "sources": self.sources,
            "checks": self.checks,
            "snapshots": self.snapshots,
            "suggested": self.suggested,
            "note": str(self.note) if self.note else None,
            "note_docx": str(self.note_docx) if self.note_docx else None,
            "report": str(self.report) if self.report else None,
            "warnings": self.warnings,
        }


def _open_or_init(
    case_dir: Path, motion: Path, date: str | None, lang: str | None, officer: str | None,
    clock: Clock, overrides: dict[str, Any] | None, resolver: Resolver,
) -> CaseContext:  # fmt: skip
    """Open the case, making it first when there is none.

    Two commands making the same new case at once: one makes it, the other opens it."""
    if not Store.exists(case_dir):
        try:
            ctx = init_case(case_dir, title=motion.stem, date=date, lang=lang, officer=officer,
                            clock=clock)  # fmt: skip
            ctx.close()
        except CaseExistsError:
            pass  # another command made it a moment ago
    return open_case(case_dir, officer=officer, overrides=overrides, clock=clock, resolver=resolver)


def run_motion(
    case_dir: Path,
    motion: Path,
    *,
    date: str | None = None,
    lang: str | None = None,
    accept: bool = False,
    officer: str | None = None,
    overrides: dict[str, Any] | None = None,
    clock: Clock = system_clock,
    progress: Progress | None = None,
    resolver: Resolver = system_resolver,
) -> RunResult:
    """Run every step on ``motion`` in the case at ``case_dir`` (made if needed).

    The motion is read before anything is made: a document that cannot be read (or has no
    text) leaves no case folder behind."""
    say = progress or (lambda _message: None)
    if date is not None:
        date = parse_date(date).isoformat()
    doc = read_motion(Path(motion), require_text=True)  # a DocumentError comes before the case
    result = RunResult(case=Path(case_dir))
    with _open_or_init(Path(case_dir), Path(motion), date, lang, officer, clock,
                       overrides, resolver) as ctx:  # fmt: skip
        say(f"Reading {Path(motion).name}")
        extracted = extract_document(ctx, Path(motion), accept=accept, doc=doc)
        result.warnings += extracted.warnings
        if not ctx.case.dnr and extracted.case_designations:
            update_case(ctx, "run", dnr=extracted.case_designations[0])
        ids = [s.id for s in extracted.sources if s.status != SourceStatus.REJECTED]
        result.sources = ids
        with_url = [s.id for s in extracted.sources if s.url and s.id in ids]
        today = local_date(ctx.clock(), ctx.settings.timezone).isoformat()
        as_of = date or ctx.case.date or today
        if with_url:
            say(f"Checking {len(with_url)} source(s) live")
            run = check_sources(ctx, with_url)
            result.checks += run.results
            result.checks_warnings += run.warnings
            if as_of < today and run.archive_as_of != as_of:
                say(f"Looking in web archives for {as_of}")
                archived = check_sources(ctx, with_url, date=as_of)
                result.checks += archived.results
                result.checks_warnings += archived.warnings
            say(f"Archiving {len(with_url)} source(s)")
            for outcome in archive_sources(ctx, with_url):
                if outcome.snapshot is not None:
                    result.snapshots.append(outcome.snapshot.id)
        say("Writing the note and the report")
        files = write_notes(ctx, ids, lang=lang, fmt="md", date=as_of)
        result.note = files.combined
        if files.note is not None:
            result.suggested = {s.source: s.verdict or "" for s in files.note.sources}
        result.note_docx = write_notes(ctx, ids, lang=lang, fmt="docx", date=as_of).combined
        result.report = write_report(ctx)
    return result
