"""Evidence steps: findings, lateral search, the officer's verdict, and the assessment.

* :func:`add_finding` records what the officer found about a source; a finding with a URL is
  checked (and archived, when the archive step is installed) like a source, with the
  finding's id on the check and snapshot rows, and its quote is matched in its snapshot.
* :func:`search_source` queries the configured search service (``search_endpoint``) and
  records the query, the date and every result; :func:`add_finding` with ``from_result``
  promotes a result to a finding.
* :func:`record_verdict` stores the officer's decision together with the suggestion in force.
* :func:`assess` builds the rubric, the suggested verdict and its reasons per source. It only
  reads: a suggestion never becomes a decision by itself.
"""

from __future__ import annotations

import importlib
import json
import logging
from typing import Any

from ..errors import (
    InputError,
    InvalidValueError,
    ServiceError,
    UnknownIdError,
    UnknownSnapshotError,
)
from ..evidence.records import CRITERIA, Finding, FindingKind, Search, Verdict, VerdictRecord
from ..evidence.rubric import Assessment, SourceEvidence, assess_source
from ..evidence.text import content_words
from ..models import INACTIVE_STATUSES, Source
from ..store.checks import load_checks
from ..store.evidence import (
    insert_finding,
    insert_search,
    insert_verdict,
    load_findings,
    load_search_result,
    load_searches,
    load_snapshots,
    load_verdicts,
)
from ..store.register import load_source, load_sources
from ..timeutil import local_date, parse_date
from ..urls import normalize_url
from ..web.client import HttpClient
from ..web.search import searx_search
from .case import CaseContext
from .check import check_url_for
from .sources import active_source

__all__ = [
    "add_finding",
    "assess",
    "default_query",
    "edit_finding",
    "finding_details",
    "withdraw_finding",
    "list_findings",
    "list_searches",
    "record_manual_search",
    "record_verdict",
    "search_source",
    "snapshot_metas",
]

log = logging.getLogger(__name__)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _kind(value: str | None, url: str | None) -> FindingKind:
    if value is None:
        return FindingKind.SECONDARY_SOURCE if url else FindingKind.OFFICER_NOTE
    try:
        return FindingKind(value.strip().lower())
    except ValueError:
        choices = ", ".join(k.value for k in FindingKind)
        raise InvalidValueError("finding kind", value, f"choose one of {choices}") from None


def _archive_step() -> Any | None:
    """The capture helper's archive step, when installed (``verify.steps.archive``)."""
    try:
        return importlib.import_module(f"{__package__}.archive")
    except ImportError:
        return None


def _archive_finding(ctx: CaseContext, finding: Finding) -> dict[str, Any] | None:
    module = _archive_step()
    archive_url_for = getattr(module, "archive_url_for", None) if module else None
    if archive_url_for is None:
        log.info("no archive step installed; %s is checked but not archived", finding.id)
        return None
    assert finding.url is not None
    result = archive_url_for(ctx, finding.source_id, finding.url, finding_id=finding.id)
    return result if isinstance(result, dict) else getattr(result, "to_dict", lambda: None)()


def add_finding(
    ctx: CaseContext,
    source_id: str,
    text: str | None = None,
    *,
    url: str | None = None,
    quote: str | None = None,
    kind: str | None = None,
    criterion: str | None = None,
    from_result: str | None = None,
    capture: bool = True,
) -> dict[str, Any]:
    """Record a finding about a source; check and archive its URL (``capture``).

    Returns ``{"finding": ..., "check": ..., "snapshot": ..., "quote_match": ...}``.
    """
    source = active_source(ctx, source_id)
    result_id = None
    if from_result:
        found = load_search_result(ctx.store, from_result.strip().upper())
        if found is None:
            raise InputError(f"no search result {from_result!r}; `verify search --list` shows them")
        hit, hit_source = found
        if hit_source != source.id:
            raise InputError(f"{hit.id} is a result of a search for {hit_source}, not {source.id}")
        result_id = hit.id
        url = url or hit.url
        text = text or " - ".join(x for x in (hit.title, hit.snippet) if x) or hit.url
    text = _clean(text)
    if not text:
        raise InputError('say what was found: --text "..."')
    if url:
        url = normalize_url(url)
    if criterion is not None and criterion not in CRITERIA:
        raise InvalidValueError("criterion", criterion, f"choose one of {', '.join(CRITERIA)}")
    finding_kind = _kind(kind, url)
    args: dict[str, Any] = {"source": source.id, "text": text, "kind": str(finding_kind)}
    for name, value in (("url", url), ("quote", quote), ("criterion", criterion)):
        if value:
            args[name] = value
    if result_id:
        args["from_result"] = result_id
    with ctx.store.write(ctx.actor, "finding add", args) as writer:
        finding_id = insert_finding(
            writer,
            {
                "source_id": source.id,
                "kind": str(finding_kind),
                "text": text,
                "url": url,
                "quote": _clean(quote),
                "criterion": criterion,
                "search_result_id": result_id,
                "actor": ctx.actor,
            },
        )
    finding = load_findings(ctx.store, finding_id=finding_id)[0]
    out: dict[str, Any] = {
        "finding": finding.to_dict(),
        "check": None,
        "snapshot": None,
        "not_archived": None,
    }
    if url and capture:
        out["check"] = check_url_for(ctx, source.id, url, finding_id=finding.id)
        outcome = _archive_finding(ctx, finding)
        if outcome and outcome.get("snapshot"):
            out["snapshot"] = outcome["snapshot"]
        elif outcome:
            out["not_archived"] = outcome.get("error") or outcome.get("status")
        else:
            out["not_archived"] = "no archive step is installed"
    elif url:
        out["not_archived"] = "--no-capture"
    if finding.quote:
        assessment = _assess_one(ctx, source)
        match = next((q for q in assessment.finding_quotes if q.claim_id == finding.id), None)
        out["quote_match"] = match.to_dict() if match else None
    return out


def _finding(ctx: CaseContext, finding_id: str) -> Finding:
    found = load_findings(ctx.store, finding_id=finding_id.strip().upper())
    if not found:
        raise UnknownIdError("finding", finding_id, "`verify finding list` shows them")
    return found[0]


def finding_details(ctx: CaseContext, finding_id: str) -> dict[str, Any]:
    """A finding with its own checks and snapshots (they are not the source's)."""
    finding = _finding(ctx, finding_id)
    checks = load_checks(ctx.store, finding.source_id, finding_id=finding.id)
    snapshots = [s for s in load_snapshots(ctx.store, finding.source_id)
                 if s.get("finding_id") == finding.id]  # fmt: skip
    return {"finding": finding.to_dict(), "checks": checks, "snapshots": snapshots}


def withdraw_finding(ctx: CaseContext, finding_id: str, because: str) -> Finding:
    """Withdraw a finding: kept with the reason, left out of notes and assessments."""
    finding = _finding(ctx, finding_id)
    reason = _clean(because)
    if not reason:
        raise InputError('say why the finding is withdrawn: --because "..."')
    if finding.status == "withdrawn":
        raise InputError(f"{finding.id} is already withdrawn ({finding.status_reason})")
    args = {"finding": finding.id, "because": reason}
    with ctx.store.write(ctx.actor, "finding withdraw", args) as writer:
        writer.update(
            "findings", "id", finding.id, {"status": "withdrawn", "status_reason": reason}
        )
        writer.touch(finding.source_id)
    return _finding(ctx, finding.id)


def edit_finding(
    ctx: CaseContext,
    finding_id: str,
    *,
    text: str | None = None,
    quote: str | None = None,
    kind: str | None = None,
) -> tuple[Finding, int]:
    """Change a finding's text, quote or kind; the old values stay in the event log."""
    finding = _finding(ctx, finding_id)
    if finding.status == "withdrawn":
        raise InputError(f"{finding.id} is withdrawn; add a new finding instead")
    values: dict[str, Any] = {}
    if text is not None:
        cleaned = _clean(text)
        if not cleaned:
            raise InputError("a finding's text cannot be empty")
        values["text"] = cleaned
    if quote is not None:
        values["quote"] = _clean(quote)
    if kind is not None:
        values["kind"] = str(_kind(kind, finding.url))
    if not values:
        raise InputError("say what to change: --text, --quote or --kind")
    current = finding.to_dict()
    if all(current.get(k) == v for k, v in values.items()):
        return finding, 0
    with ctx.store.write(ctx.actor, "finding edit", {"finding": finding.id, **values}) as w:
        w.update("findings", "id", finding.id, values)
        count = len(w.changes)
        w.touch(finding.source_id)
    return _finding(ctx, finding.id), count


def list_findings(ctx: CaseContext, source_id: str | None = None) -> list[Finding]:
    """Findings oldest first, of one source or all."""
    if source_id is not None:
        return load_findings(ctx.store, load_source(ctx.store, source_id).id)
    return load_findings(ctx.store)


def default_query(source: Source) -> str:
    """A query that looks for the source and what is said about it."""
    parts: list[str] = []
    if source.organisation:
        parts.append(f'"{source.organisation}"')
    if source.acronym:
        parts.append(source.acronym)
    if source.title:
        parts.append(f'"{source.title}"')
    if not parts and source.domain:
        parts.append(source.domain)
    if source.claims:
        words = [w for w in source.claims[0].text.split() if content_words(w)]
        parts.extend(words[:5])
    return " ".join(parts) or source.label


def search_source(
    ctx: CaseContext, source_id: str, query: str | None = None, *, limit: int = 20
) -> Search:
    """Search for the source and record the query, the date and the results.

    A failed search is recorded too (status ``failed``) and then raises ServiceError.
    """
    source = load_source(ctx.store, source_id)
    text = _clean(query) or default_query(source)
    endpoint = ctx.settings.search_endpoint
    as_of = local_date(ctx.clock(), ctx.settings.timezone).isoformat()
    failure: ServiceError | None = None
    hits: list[dict[str, Any]] = []
    digest = None
    with HttpClient(ctx.settings, ctx.clock, resolver=ctx.resolver, cancel=ctx.cancel) as client:
        try:
            response = searx_search(client, endpoint, text, limit=limit)
            hits = [h.to_dict() for h in response.hits]
            digest = ctx.store.objects.put_bytes(response.body)
        except ServiceError as exc:
            failure = exc
    record = {
        "source_id": source.id,
        "query": text,
        "endpoint": endpoint,
        "as_of": as_of,
        "status": "failed" if failure else "ok",
        "error": str(failure) if failure else None,
        "response_sha256": digest,
    }
    args = {"source": source.id, "query": text, "endpoint": endpoint, "results": len(hits)}
    with ctx.store.write(ctx.actor, "search", args) as writer:
        search_id, _ = insert_search(writer, record, hits)
    if failure is not None:
        raise failure
    return next(s for s in load_searches(ctx.store, source.id) if s.id == search_id)


def record_manual_search(
    ctx: CaseContext,
    source_id: str,
    *,
    engine: str,
    query: str,
    found: list[str] | tuple[str, ...] = (),
    date: str | None = None,
) -> Search:
    """Put a search the officer made by hand on record: which engine, the query, the date
    (default today) and the addresses it found (each a result ``R…`` that
    ``add_finding(from_result=...)`` can promote), without any search service."""
    source = active_source(ctx, source_id)
    name = _clean(engine)
    text = _clean(query)
    if not name:
        raise InputError('say which search engine was used: --engine "Google"')
    if not text:
        raise InputError('say what was searched for: --query "..."')
    today = local_date(ctx.clock(), ctx.settings.timezone)
    day = parse_date(date) if date else today
    if day > today:
        raise InvalidValueError("date", day.isoformat(), "a search cannot be in the future")
    urls = [normalize_url(u) for u in found]
    record = {
        "source_id": source.id,
        "query": text,
        "endpoint": f"manual:{name}",
        "as_of": day.isoformat(),
        "status": "manual",
        "error": None,
        "response_sha256": None,
    }
    hits = [{"url": u} for u in urls]
    args = {"source": source.id, "query": text, "engine": name, "as_of": day.isoformat(),
            "found": urls, "manual": True}  # fmt: skip
    with ctx.store.write(ctx.actor, "search", args) as writer:
        search_id, _ = insert_search(writer, record, hits)
    return next(s for s in load_searches(ctx.store, source.id) if s.id == search_id)


def list_searches(ctx: CaseContext, source_id: str | None = None) -> list[Search]:
    if source_id is not None:
        return load_searches(ctx.store, load_source(ctx.store, source_id).id)
    return load_searches(ctx.store)


def _texts(ctx: CaseContext, snapshots: list[dict[str, Any]]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for snap in snapshots:
        digest = snap.get("text_sha256")
        if not digest:
            continue
        try:
            texts[str(snap["id"])] = ctx.store.objects.read_bytes(digest).decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("text of snapshot %s cannot be read: %s", snap["id"], exc)
    return texts


def _visible_texts(
    ctx: CaseContext, metas: dict[str, dict[str, Any]], texts: dict[str, str]
) -> dict[str, str]:
    """Each snapshot's visible text (the second layer), where it was kept."""
    out: dict[str, str] = {}
    for snapshot_id, page in metas.items():
        digest = page.get("visible_text_sha256")
        if not isinstance(digest, str) or snapshot_id not in texts:
            continue
        try:
            out[snapshot_id] = ctx.store.objects.read_bytes(digest).decode("utf-8")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            log.warning("visible text of snapshot %s cannot be read: %s", snapshot_id, exc)
    return out


def snapshot_metas(ctx: CaseContext, snapshots: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each snapshot's page metadata (title, author, site name, date), where it was kept."""
    out: dict[str, dict[str, Any]] = {}
    for snap in snapshots:
        digest = snap.get("meta_sha256")
        if not digest:
            continue
        try:
            data = json.loads(ctx.store.objects.read_bytes(digest))
        except (OSError, ValueError) as exc:
            log.warning("metadata of snapshot %s cannot be read: %s", snap["id"], exc)
            continue
        page = data.get("page") if isinstance(data, dict) else None
        if isinstance(page, dict):
            out[str(snap["id"])] = page
    return out


def _evidence(
    ctx: CaseContext, source: Source, snapshot_id: str | None, as_of: str | None = None
) -> SourceEvidence:
    findings = load_findings(ctx.store, source.id)
    gone = {f.id for f in findings if f.status == "withdrawn"}
    snapshots = [s for s in load_snapshots(ctx.store, source.id) if s.get("finding_id") not in gone]
    if snapshot_id is not None:
        wanted = snapshot_id.strip().upper()
        if not any(str(s["id"]).upper() == wanted for s in snapshots):
            raise UnknownSnapshotError(snapshot_id)
        snapshot_id = next(str(s["id"]) for s in snapshots if str(s["id"]).upper() == wanted)
    texts = _texts(ctx, snapshots)
    metas = snapshot_metas(ctx, snapshots)
    return SourceEvidence(
        source=source,
        case_date=as_of or ctx.case.date,
        checks=tuple(c for c in load_checks(ctx.store, source.id) if c.get("finding") not in gone),
        snapshots=tuple(snapshots),
        texts=texts,
        metas=metas,
        visible_texts=_visible_texts(ctx, metas, texts),
        findings=tuple(f for f in findings if f.id not in gone),
        searches=tuple(load_searches(ctx.store, source.id)),
        verdicts=tuple(load_verdicts(ctx.store, source.id)),
        snapshot_id=snapshot_id,
    )


def _assess_one(
    ctx: CaseContext, source: Source, snapshot_id: str | None = None, as_of: str | None = None
) -> Assessment:
    return assess_source(_evidence(ctx, source, snapshot_id, as_of))


def assess(
    ctx: CaseContext,
    ids: list[str] | None = None,
    *,
    snapshot: str | None = None,
    as_of: str | None = None,
) -> list[Assessment]:
    """The assessment of the named sources, or of every source not rejected.

    ``snapshot`` names the snapshot to match claims in (only with one source); ``as_of`` is
    the date the assessment speaks of (default: the case's date).
    """
    if ids:
        sources = [active_source(ctx, i) for i in ids]
    else:
        sources = [s for s in load_sources(ctx.store) if str(s.status) not in INACTIVE_STATUSES]
    if snapshot is not None and len(sources) != 1:
        raise InputError("--snapshot needs exactly one source")
    return [_assess_one(ctx, s, snapshot, as_of) for s in sources]


def record_verdict(ctx: CaseContext, source_id: str, verdict: str, because: str) -> VerdictRecord:
    """Record the officer's verdict, with the suggestion and its reasons at this moment."""
    source = active_source(ctx, source_id)
    try:
        chosen = Verdict(verdict.strip().lower())
    except ValueError:
        choices = ", ".join(v.value for v in Verdict)
        raise InvalidValueError("verdict", verdict, f"choose one of {choices}") from None
    reason = _clean(because)
    if not reason:
        raise InputError('say why: --because "..."')
    current = _assess_one(ctx, source)
    args = {"source": source.id, "verdict": str(chosen), "because": reason}
    with ctx.store.write(ctx.actor, "verdict", args) as writer:
        insert_verdict(
            writer,
            {
                "source_id": source.id,
                "verdict": str(chosen),
                "because": reason,
                "suggested": str(current.suggested_verdict),
                "reasons": [r.code for r in current.reasons],
                "actor": ctx.actor,
            },
        )
    return load_verdicts(ctx.store, source.id)[-1]
