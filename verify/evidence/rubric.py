"""The rubric per source and the assessment that carries it (pure).

:func:`assess_source` takes everything the store holds about one source
(:class:`SourceEvidence`: its checks, snapshots and their texts, findings, searches and
verdicts) and returns an :class:`Assessment`: the claims matched in the source's text, the
method signals, one :class:`Criterion` per rubric criterion, the suggested verdict with its
reasons, and the officer's verdict (or None).

Each criterion shows the evidence found automatically (``signals``, each a stable ``code`` and
its evidence: ids and quoted sentences), what the officer recorded (``officer``: findings that
name the criterion), or ``status == "not_assessed"``. Everything is plain data with
``to_dict()``, so a note writer can turn it into sentences in any language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import Source
from ..urls import domain_of
from .availability import Availability, availability_of, is_source_copy
from .matching import ClaimMatch, match_claim
from .method import MethodReport, merge_reports, method_signals
from .records import CRITERIA, Finding, FindingKind, Search, Verdict, VerdictRecord
from .text import normalise, sentences
from .verdict import METHOD_KINDS, Reason, suggest_verdict

__all__ = ["Assessment", "Criterion", "Signal", "SourceEvidence", "assess_source"]


@dataclass(frozen=True)
class Signal:
    """One piece of evidence for a criterion: a stable code and its evidence."""

    code: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "evidence": self.evidence}


@dataclass(frozen=True)
class Criterion:
    """One criterion of the rubric for one source.

    ``status``: ``automatic`` (signals only), ``officer`` (recorded by the officer only),
    ``automatic_and_officer``, or ``not_assessed``.
    """

    code: str
    signals: tuple[Signal, ...] = ()
    officer: tuple[dict[str, Any], ...] = ()

    @property
    def status(self) -> str:
        if self.signals and self.officer:
            return "automatic_and_officer"
        if self.signals:
            return "automatic"
        if self.officer:
            return "officer"
        return "not_assessed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.code,
            "status": self.status,
            "signals": [s.to_dict() for s in self.signals],
            "officer": [dict(o) for o in self.officer],
        }


@dataclass(frozen=True)
class SourceEvidence:
    """Everything the store holds about one source, as plain data."""

    source: Source
    case_date: str | None = None
    checks: tuple[Mapping[str, Any], ...] = ()
    snapshots: tuple[Mapping[str, Any], ...] = ()
    texts: Mapping[str, str] = field(default_factory=dict)  # snapshot id -> its text
    metas: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # id -> page metadata
    #: snapshot id -> all its visible text (the second layer; claims the main text lacks are
    #: looked for here and reported as found elsewhere on the page)
    visible_texts: Mapping[str, str] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    searches: tuple[Search, ...] = ()
    verdicts: tuple[VerdictRecord, ...] = ()
    snapshot_id: str | None = None  # the snapshot to match claims in (default: the latest)


@dataclass(frozen=True)
class Assessment:
    """The rubric, the suggested verdict with its reasons, and the officer's verdict."""

    source: Source
    snapshot: str | None
    availability: Availability
    claims: tuple[ClaimMatch, ...]
    finding_quotes: tuple[ClaimMatch, ...]
    method: MethodReport
    rubric: tuple[Criterion, ...]
    suggested_verdict: Verdict
    reasons: tuple[Reason, ...]
    verdict: VerdictRecord | None
    findings: tuple[Finding, ...] = ()
    searches: tuple[Search, ...] = ()

    def criterion(self, code: str) -> Criterion:
        return next(c for c in self.rubric if c.code == code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.id,
            "label": self.source.label,
            "kind": str(self.source.kind),
            "url": self.source.url,
            "organisation": self.source.organisation,
            "availability": {
                "state": self.availability.state,
                "as_of": self.availability.as_of,
                "checks": self.availability.check_ids,
                "snapshots": self.availability.snapshot_ids,
            },
            "snapshot": self.snapshot,
            "claims": [c.to_dict() for c in self.claims],
            "finding_quotes": [q.to_dict() for q in self.finding_quotes],
            "method": self.method.to_dict(),
            "rubric": {c.code: c.to_dict() for c in self.rubric},
            "suggested_verdict": str(self.suggested_verdict),
            "reasons": [r.to_dict() for r in self.reasons],
            "verdict": self.verdict.to_dict() if self.verdict else None,
            "findings": [f.to_dict() for f in self.findings],
            "searches": [s.to_dict() for s in self.searches],
        }


def _latest(snapshots: Sequence[Mapping[str, Any]], texts: Mapping[str, str]) -> str | None:
    ordered = sorted(
        (
            (str(s.get("captured_at") or ""), index, str(s.get("id")))
            for index, s in enumerate(snapshots)
            if str(s.get("id")) in texts
        ),
    )
    return ordered[-1][2] if ordered else None


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return domain_of(url)
    except Exception:  # noqa: BLE001 - a malformed stored URL has no domain
        return None


def _method_applies(kind: str, report: MethodReport) -> bool:
    """Whether method-disclosure items apply: a survey, statistics, a study or a dataset; a
    report only when its text describes how a survey or study was made."""
    return kind in METHOD_KINDS or (kind == "report" and bool(report.hits))


def assess_source(evidence: SourceEvidence) -> Assessment:
    """The assessment of one source from its evidence (see the module docstring).

    Only the source's own text (a snapshot that holds the source, not an error page) is
    matched and read for method signals; a finding's archived page adds what it reports
    about the source (disclaimers). The officer's own words (finding texts, quotes they
    typed) and search results are never read as the source's text.
    """
    source = evidence.source
    kind = str(source.kind)
    own = [s for s in evidence.snapshots if not s.get("finding_id")]
    copies = [s for s in own if is_source_copy(s)]
    wanted = evidence.snapshot_id
    chosen = next((s for s in own if str(s.get("id")) == wanted), None) if wanted else None
    unavailable: str | None = None
    if chosen is not None and not is_source_copy(chosen):
        snapshot: str | None = str(chosen["id"])
        unavailable = f"error_page:{chosen.get('status')}"
    else:
        snapshot = wanted or _latest(copies, evidence.texts)
        if snapshot is None:
            pages = [s for s in own if not is_source_copy(s)]
            if pages:
                latest = pages[-1]
                snapshot, unavailable = str(latest["id"]), f"error_page:{latest.get('status')}"
    text = evidence.texts.get(snapshot) if snapshot and unavailable is None else None
    limited = (evidence.metas.get(snapshot or "") or {}).get("limited")
    if snapshot and unavailable is None and not (text or "").strip() and limited:
        unavailable = f"unreadable:{limited}"  # the page's text could not be read out
    visible = evidence.visible_texts.get(snapshot) if text else None
    row = next((s for s in own if str(s.get("id")) == snapshot), None) if snapshot else None
    lang = str(row.get("language")) if row and row.get("language") else None
    matches = tuple(
        match_claim(
            c.text, text, quantities=c.quantities, claim_id=c.id, snapshot=snapshot,
            unavailable=unavailable, lang=lang, visible=visible,
        )
        for c in source.claims
    )  # fmt: skip
    reports: list[MethodReport] = []
    if text:
        mine = method_signals(text, snapshot)
        if not _method_applies(kind, mine):
            # An article or web page that reports a survey's limits says something about
            # that survey, not about itself: no method items and no disclaimers count here.
            mine = MethodReport((), (), mine.origins)
        reports.append(mine)
    quotes: list[ClaimMatch] = []
    for finding in evidence.findings:
        theirs = [s for s in evidence.snapshots if s.get("finding_id") == finding.id]
        f_snapshot = _latest([s for s in theirs if is_source_copy(s)], evidence.texts)
        f_text = evidence.texts.get(f_snapshot) if f_snapshot else None
        if finding.quote:
            quotes.append(
                match_claim(f"“{finding.quote}”", f_text, claim_id=finding.id, snapshot=f_snapshot)
            )
        if f_text:
            full = method_signals(f_text, f"{finding.id}/{f_snapshot}")
            reports.append(MethodReport((), full.disclaimers, full.origins))
    method = _dedupe(merge_reports(reports))
    avail = availability_of(evidence.checks, evidence.snapshots, evidence.case_date)
    suggested, reasons = suggest_verdict(
        source, avail, matches, method, evidence.findings, has_text=bool(text)
    )
    rubric = _rubric(evidence, avail, snapshot, text, matches, method)
    verdict = evidence.verdicts[-1] if evidence.verdicts else None
    return Assessment(
        source=source,
        snapshot=snapshot,
        availability=avail,
        claims=matches,
        finding_quotes=tuple(quotes),
        method=method,
        rubric=rubric,
        suggested_verdict=suggested,
        reasons=reasons,
        verdict=verdict,
        findings=evidence.findings,
        searches=evidence.searches,
    )


def _dedupe(report: MethodReport) -> MethodReport:
    """One disclaimer hit per (value, sentence): a finding's quote is also in its snapshot."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for hit in report.disclaimers:
        key = (hit.value, normalise(hit.passage.text))
        if key not in seen:
            seen.add(key)
            kept.append(hit)
    return MethodReport(report.hits, tuple(kept), report.origins)


_OWN_SOURCE = re.compile(
    r"\b(?:enligt|visar|framgår av|källa|rapporten|undersökningen|studien|statistiken|"
    r"according to|shows?|found that|source|report|survey|study|statistics)\b",
    re.IGNORECASE,
)


def _names_own_source(text: str) -> str | None:
    """The first sentence in which a text names where its information comes from."""
    for sentence in sentences(text):
        if _OWN_SOURCE.search(sentence.text):
            return sentence.text[:300]
    return None


def _officer(findings: Sequence[Finding], code: str) -> tuple[dict[str, Any], ...]:
    out = []
    for f in findings:
        if f.criterion == code or (
            f.criterion is None and f.kind is FindingKind.CONTACT and code == "authenticity"
        ):
            out.append(
                {
                    "finding": f.id,
                    "kind": str(f.kind),
                    "text": f.text,
                    "quote": f.quote,
                    "url": f.url,
                    "actor": f.actor,
                    "at": f.created_at,
                }  # fmt: skip
            )
    return tuple(out)


def _rubric(
    ev: SourceEvidence,
    avail: Availability,
    snapshot: str | None,
    text: str | None,
    matches: tuple[ClaimMatch, ...],
    method: MethodReport,
) -> tuple[Criterion, ...]:
    source = ev.source
    signals: dict[str, list[Signal]] = {code: [] for code in CRITERIA}
    # availability
    signals["availability"].append(
        Signal(
            f"state_{avail.state}",
            {"as_of": avail.as_of, "live": avail.live, "archive": avail.archive},
        )
    )
    for s in avail.error_pages:
        signals["availability"].append(
            Signal(
                "error_page_captured",
                {
                    "snapshot": s.get("id"),
                    "status": s.get("status"),
                    "title": s.get("title"),
                    "captured_at": s.get("captured_at"),
                },
            )  # fmt: skip
        )
    for c in avail.checks:
        signals["availability"].append(
            Signal(
                "check",
                {
                    "check": c.get("id"),
                    "status": c.get("status"),
                    "method": c.get("method"),
                    "as_of": c.get("as_of"),
                    "url": c.get("url"),
                    "http_status": c.get("http_status"),
                    "checked_at": c.get("checked_at"),
                },  # fmt: skip
            )
        )
    for s in avail.snapshots:
        signals["availability"].append(
            Signal(
                "snapshot",
                {
                    "snapshot": s.get("id"),
                    "captured_at": s.get("captured_at"),
                    "origin": s.get("origin"),
                },
            )  # fmt: skip
        )
    # authenticity
    if source.vague:
        signals["authenticity"].append(Signal("vague_attribution"))
    names = [n for n in (source.organisation, source.acronym) if n]
    if text and names:
        low = normalise(text)
        named = [n for n in names if normalise(n) in low]
        code = "sender_named_in_text" if named else "sender_not_named_in_text"
        found = {"snapshot": snapshot, "names": named or names}
        signals["authenticity"].append(Signal(code, found))
    for s in avail.snapshots:
        if s.get("id") == snapshot and s.get("title"):
            signals["authenticity"].append(
                Signal("page_title", {"snapshot": snapshot, "title": s.get("title")})
            )
    src_domain = source.domain or _domain(source.url)
    for c in avail.checks:
        final = _domain(c.get("final_url"))
        if final and src_domain and final != src_domain:
            signals["authenticity"].append(
                Signal("redirected_to_other_domain", {"check": c.get("id"), "domain": final})
            )
    meta = dict(ev.metas.get(snapshot or "", {})) if text else {}
    kind = str(source.kind)
    if not _method_applies(kind, method):
        # What fits an article, a web page, an official publication: who publishes it,
        # who wrote it, when, and whether it names its own source.
        publisher = source.publisher or meta.get("sitename")
        if publisher:
            signals["authenticity"].append(
                Signal("publisher", {"name": publisher, "snapshot": snapshot if meta else None})
            )
        author = source.author or meta.get("author")
        signals["authenticity"].append(
            Signal("author_named" if author else "author_not_named", {"author": author})
        )
        if text:
            named = _names_own_source(text)
            signals["traceability"].append(
                Signal(
                    "names_its_source" if named else "names_no_source",
                    {"snapshot": snapshot, "sentence": named},
                )
            )
    # time
    if meta.get("date") and not source.published:
        signals["time"].append(Signal("page_date", {"date": meta["date"], "snapshot": snapshot}))
    if source.published:
        signals["time"].append(Signal("published", {"date": source.published}))
    for hit in method.found("field_dates"):
        signals["time"].append(
            Signal("fieldwork_stated", {"origin": hit.origin, "sentence": hit.passage.text})
        )
    for c in avail.checks:
        signals["time"].append(
            Signal(
                "accessed",
                {
                    "check": c.get("id"),
                    "as_of": c.get("as_of"),
                    "at": c.get("checked_at"),
                    "status": c.get("status"),
                },
            )  # fmt: skip
        )
    for s in avail.snapshots:
        signals["time"].append(
            Signal("captured", {"snapshot": s.get("id"), "at": s.get("captured_at")})
        )
    # independence
    for f in ev.findings:
        if f.kind is not FindingKind.SECONDARY_SOURCE:
            continue
        domain = _domain(f.url)
        same = bool(domain and src_domain and domain == src_domain)
        signals["independence"].append(
            Signal(
                "coverage_from_sender" if same else "independent_coverage",
                {"finding": f.id, "url": f.url, "domain": domain},
            )  # fmt: skip
        )
    for search in ev.searches:
        others = {_domain(r.url) for r in search.results} - {src_domain, None}
        signals["independence"].append(
            Signal("search", {"search": search.id, "query": search.query,
                              "searched_at": search.searched_at, "status": search.status,
                              "results": len(search.results), "other_domains": len(others)})
        )  # fmt: skip
    # traceability
    for m in matches:
        signals["traceability"].append(
            Signal(
                f"claim_{m.match}",
                {
                    "claim": m.claim_id,
                    "snapshot": m.snapshot,
                    "sentence": m.passage.text if m.passage else None,
                    "figures": list(m.figures),
                },
            )  # fmt: skip
        )
    # method transparency and representativeness
    if text or method.hits or method.disclaimers:
        if _method_applies(kind, method):
            signals["method_transparency"].append(
                Signal("disclosed", {"items": list(method.disclosed)})
            )
            signals["method_transparency"].append(
                Signal("missing", {"items": list(method.missing)})
            )
    if method.sampling:
        signals["representativeness"].append(
            Signal(
                f"sampling_{method.sampling}",
                {
                    "hits": [
                        {"origin": h.origin, "sentence": h.passage.text}
                        for h in method.found("sampling")
                    ]
                },
            )  # fmt: skip
        )
    if method.sample_sizes:
        signals["representativeness"].append(
            Signal("sample_size", {"n": list(method.sample_sizes)})
        )
    for hit in method.disclaimers:
        signals["representativeness"].append(
            Signal(
                f"disclaimer_{hit.value}",
                {"origin": hit.origin, "phrase": hit.phrase, "sentence": hit.passage.text},
            )  # fmt: skip
        )
    for flag in method.flags:
        signals["representativeness"].append(Signal(flag))
    return tuple(
        Criterion(code, tuple(signals[code]), _officer(ev.findings, code)) for code in CRITERIA
    )
