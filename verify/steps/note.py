"""`note`: the reliability note, from recorded evidence, into ``reports/``.

The note speaks of the case's date (or ``date``); every sentence comes from the store through
the assessment (:func:`verify.steps.evidence.assess`), the checks and the snapshots. The same
store gives byte-identical files.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import InputError, InvalidValueError
from ..notes.compose import NoteCase, NoteInput, compose_note
from ..notes.model import PARTS, Note
from ..notes.render import FORMATS, render, write_atomic
from ..store.checks import load_checks
from ..store.evidence import load_snapshots
from ..timeutil import format_instant, local_date, parse_date
from .case import CaseContext
from .evidence import assess, snapshot_metas

__all__ = ["NoteFiles", "build_note", "export_claimreview", "note_file_stem", "write_notes"]


@dataclass
class NoteFiles:
    """The files `verify note` wrote: the combined note and one per source."""

    combined: Path
    per_source: dict[str, Path] = field(default_factory=dict)
    note: Note | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "combined": str(self.combined),
            "per_source": {k: str(v) for k, v in self.per_source.items()},
        }


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-") or "case"


def note_file_stem(ctx: CaseContext, as_of: str, lang: str) -> str:
    """``kallgranskning-KS-2023-1387-2024-02-02`` (or ``source-review-...`` in English)."""
    case = ctx.case
    name = "kallgranskning" if lang == "sv" else "source-review"
    designation = _slug(case.dnr or case.title or "case")
    return f"{name}-{designation}-{as_of}"


def _as_of(ctx: CaseContext, date: str | None) -> str:
    if date:
        return parse_date(date).isoformat()
    if ctx.case.date:
        return ctx.case.date
    return local_date(ctx.clock(), ctx.settings.timezone).isoformat()


def _inputs(ctx: CaseContext, ids: list[str] | None, as_of: str) -> list[NoteInput]:
    inputs = []
    for assessment in assess(ctx, ids or None, as_of=as_of):
        source = assessment.source
        snapshots = load_snapshots(ctx.store, source.id)
        inputs.append(
            NoteInput(
                source=source.to_dict(),
                assessment=assessment.to_dict(),
                checks=tuple(load_checks(ctx.store, source.id)),
                snapshots=tuple(snapshots),
                metas=snapshot_metas(ctx, snapshots),
            )
        )
    return inputs


def _note_case(ctx: CaseContext, language: str, as_of: str) -> NoteCase:
    case = ctx.case
    anchor = ctx.store.anchor()
    now = ctx.clock()
    return NoteCase(
        lang=language,
        title=case.title,
        dnr=case.dnr,
        as_of=as_of,
        version=__version__,
        anchor=str(anchor) if anchor else "",
        board=ctx.settings.board,
        administration=ctx.settings.administration,
        officer=case.officer or ctx.settings.officer,
        created_at=format_instant(now),
        note_date=local_date(now, ctx.settings.timezone).isoformat(),
    )


def build_note(
    ctx: CaseContext,
    ids: list[str] | None = None,
    *,
    lang: str | None = None,
    date: str | None = None,
) -> Note:
    """Compose the note on the named sources (default: every source not rejected)."""
    language = lang or ctx.case.lang or ctx.settings.lang
    if language not in ("sv", "en"):
        raise InvalidValueError("language", language, "choose sv or en")
    as_of = _as_of(ctx, date)
    return compose_note(_note_case(ctx, language, as_of), _inputs(ctx, ids, as_of))


def write_notes(
    ctx: CaseContext,
    ids: list[str] | None = None,
    *,
    lang: str | None = None,
    fmt: str = "md",
    out: Path | None = None,
    date: str | None = None,
    part: str = "both",
) -> NoteFiles:
    """Write the combined note (to ``out`` or ``reports/``) and one note per source beside it.

    ``part`` is ``both`` (the text to paste, then the bilaga), ``text`` or ``bilaga``."""
    if fmt not in FORMATS:
        raise InvalidValueError("format", fmt, f"choose one of {', '.join(FORMATS)}")
    if part not in PARTS:
        raise InvalidValueError("part", part, f"choose one of {', '.join(PARTS)}")
    language = lang or ctx.case.lang or ctx.settings.lang
    if language not in ("sv", "en"):
        raise InvalidValueError("language", language, "choose sv or en")
    as_of = _as_of(ctx, date)
    case = _note_case(ctx, language, as_of)
    inputs = _inputs(ctx, ids, as_of)
    note = compose_note(case, inputs)
    stem = note_file_stem(ctx, note.as_of or "", note.lang)
    suffix = "" if part == "both" else f"-{'text' if part == 'text' else 'bilaga'}"
    combined = Path(out) if out else ctx.reports_dir / f"{stem}{suffix}.{fmt}"
    files = NoteFiles(combined=combined, note=note)
    write_atomic(combined, render(note, fmt, part))
    if len(inputs) > 1:
        for single in inputs:
            one = compose_note(case, [single])
            sid = single.source["id"]
            path = combined.with_name(f"{combined.stem}-{sid}{combined.suffix}")
            write_atomic(path, render(one, fmt, part))
            files.per_source[sid] = path
    return files


def export_claimreview(
    ctx: CaseContext,
    out: Path,
    *,
    lang: str | None = None,
    claim_author: list[str] | None = None,
    claim_date: str | None = None,
    name_officer: bool = False,
) -> dict[str, Any]:
    """Write schema.org ClaimReview JSON-LD for every claim of a source whose verdict the
    officer decided, for publishing beside the note at ``publish_url``.

    The motion's authors and date come from ``claim_author``/``claim_date``, else from the
    motion's own text (its signature, :func:`verify.extract.signature.read_signature`); what is
    not known is left out and listed in ``missing``. Nothing is written without ``publish_url``
    (ClaimReview requires the address of the published review) or without a decided verdict.
    """

    from ..extract.signature import read_signature
    from ..notes.claimreview import claim_reviews, html_safe_json
    from ..store.register import load_documents, load_sources

    url = ctx.settings.publish_url
    if not url:
        raise InputError(
            "ClaimReview needs the address where the note is published: set publish_url in "
            "verify.toml (nothing was exported)"
        )
    if claim_date is not None:
        claim_date = parse_date(claim_date).isoformat()
    note = build_note(ctx, lang=lang)
    documents = [d for d in load_documents(ctx.store) if d.status == "active"]
    motion: dict[str, Any] = {}
    if documents:
        first = documents[0]
        text = ""
        if first.text_sha256 and ctx.store.objects.has(first.text_sha256):
            text = ctx.store.objects.read_bytes(first.text_sha256).decode("utf-8", "replace")
        signature = read_signature(text)
        heading = next((line.strip() for line in text.splitlines() if line.strip()), "")
        motion = {
            "name": heading if 0 < len(heading) <= 200 else first.file_name,
            "identifier": ctx.case.dnr,
            "sha256": first.sha256,
            "date": signature.date,
            "authors": signature.authors,
        }
    if claim_author:
        motion["authors"] = [" ".join(a.split()) for a in claim_author if a.strip()]
    if claim_date:
        motion["date"] = claim_date
    organisation = ctx.settings.administration or ctx.settings.board
    officer = (ctx.case.officer or ctx.actor) if name_officer else None
    sources = [s.to_dict() for s in load_sources(ctx.store)]
    reviews = claim_reviews(note, sources, url=url, motion=motion, organisation=organisation,
                            officer=officer)  # fmt: skip
    missing = [
        what
        for what, known in (
            ("the motion's authors (--claim-author)", motion.get("authors")),
            ("the motion's date (--claim-date)", motion.get("date")),
            ("the motion itself (no document was read)", motion.get("name")),
            ("the organisation (board or administration in verify.toml)", organisation),
        )
        if not known
    ]
    summary: dict[str, Any] = {"path": None, "reviews": len(reviews), "missing": missing,
                               "url": url}  # fmt: skip
    if reviews:
        data = html_safe_json(reviews) + "\n"
        write_atomic(Path(out), data.encode("utf-8"))
        summary["path"] = str(out)
    return summary
