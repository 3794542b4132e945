"""Composing the reliability note from recorded evidence, and nothing else (pure).

The input is plain data as the store and the assessment give it (:class:`NoteInput`);
every sentence comes from the catalogue (:mod:`verify.notes.catalog`) filled with recorded
values. Text that came from elsewhere (page titles, quoted passages, the officer's own words)
is cleaned: control and bidirectional-override characters removed, white space collapsed, and
cut at a sane length, so hostile archived content cannot reorder or flood the note.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .catalog import format_date, t
from .model import Note, Reference, Sentence, SourceNote

__all__ = ["NoteCase", "NoteInput", "clean", "compose_note"]

DOWN = {
    "soft_404", "not_found", "gone", "server_error", "dns_failure",
    "connection_failed", "timeout", "tls_error", "redirect_loop", "too_many_redirects", "parked",
}  # fmt: skip
#: The check could not be made (our side): never written as a fact about the source.
NOT_CHECKED = {"dns_error", "network_error", "refused"}
#: A snapshot with one of these statuses holds an error page or a wall, not the source.
ERROR_PAGE = {
    "not_found", "gone", "soft_404", "parked", "blocked", "login_required", "paywall",
    "consent_wall", "server_error", "rate_limited", "truncated",
}  # fmt: skip
METHOD_KINDS = ("survey", "study", "statistics", "dataset")
UNVERIFIED = {
    "blocked", "rate_limited", "login_required", "paywall", "consent_wall", "too_large",
    "refused", "invalid_url",
}  # fmt: skip
VERDICTS = ("reliable", "partly_reliable", "cannot_be_assessed", "not_reliable")

_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def clean(text: object, limit: int = 400) -> str:
    """Text from outside made safe to print: no control/bidi characters, one line, bounded."""
    value = unicodedata.normalize("NFC", str(text or ""))
    value = _INVISIBLE.sub("", value)
    value = " ".join(value.split())
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value


@dataclass(frozen=True)
class NoteCase:
    """What the note says about the case itself."""

    lang: str
    title: str | None
    dnr: str | None
    as_of: str | None  # the date the note speaks of (YYYY-MM-DD)
    version: str = ""


@dataclass(frozen=True)
class NoteInput:
    """Everything recorded about one source, as plain data.

    ``source`` is ``Source.to_dict()``; ``assessment`` is ``Assessment.to_dict()`` (claims
    with ``match`` and ``passage``, ``method``, ``findings``, ``finding_quotes``,
    ``searches``, ``suggested_verdict``, ``reasons``, and the officer's ``verdict`` or null);
    ``checks`` are the stored check records and ``snapshots`` the snapshot rows of the source
    and its findings, oldest first.
    """

    source: dict[str, Any]
    assessment: dict[str, Any] = field(default_factory=dict)
    checks: tuple[dict[str, Any], ...] = ()
    snapshots: tuple[dict[str, Any], ...] = ()


@dataclass
class _Refs:
    """Numbered references in order of first citation."""

    items: list[Reference] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)

    lang: str = "sv"

    def add(self, key: str, **values: Any) -> int:
        if key in self.keys:
            return self.keys[key]
        number = len(self.items) + 1
        details = []
        if values.get("accessed"):
            details.append(t(self.lang, "ref.accessed", date=values["accessed"]))
        if values.get("snapshot"):
            details.append(
                t(
                    self.lang,
                    "ref.snapshot",
                    snapshot=values["snapshot"],
                    captured_at=values.get("captured_at") or "",
                    sha256=values.get("sha256") or "",
                )
            )
        if values.get("version_url") and not values.get("snapshot"):
            details.append(t(self.lang, "ref.version", url=values["version_url"]))
        self.items.append(Reference(number=number, details=tuple(details), **values))
        self.keys[key] = number
        return number


def _sender(source: dict[str, Any]) -> str | None:
    org = clean(source.get("organisation"), 200)
    acronym = clean(source.get("acronym"), 40)
    publisher = clean(source.get("publisher"), 200)
    if org and acronym and acronym not in org:
        return f"{org} ({acronym})"
    return org or acronym or publisher or None


def _intro(lang: str, source: dict[str, Any]) -> list[Sentence]:
    kind = t(lang, f"kind.{source.get('kind') or 'other'}")
    ids = (source["id"],)
    out: list[Sentence] = []
    if source.get("vague"):
        passage = ""
        mentions = source.get("mentions") or []
        if mentions:
            passage = clean(mentions[0].get("passage"), 200)
        out.append(Sentence(t(lang, "intro.vague", kind=kind, passage=passage), (), ids,
                            "intro.vague"))  # fmt: skip
    elif source.get("designation"):
        designation = clean(source["designation"], 80)
        out.append(Sentence(t(lang, "intro.designation", designation=designation), (), ids,
                            "intro.designation"))  # fmt: skip
    elif _sender(source):
        out.append(Sentence(t(lang, "intro.sender", kind=kind, sender=_sender(source)), (), ids,
                            "intro.sender"))  # fmt: skip
    else:
        title = clean(source.get("title") or source.get("url") or source["id"], 200)
        out.append(Sentence(t(lang, "intro.title", kind=kind, title=title), (), ids,
                            "intro.title"))  # fmt: skip
    for claim in (source.get("claims") or [])[:3]:
        text = clean(claim.get("text"), 300).rstrip(".")
        if text:
            out.append(Sentence(t(lang, "intro.claim", claim=text + "."), (), (claim["id"],),
                                "intro.claim"))  # fmt: skip
    return out


def _pick(checks: tuple[dict[str, Any], ...], method: str, as_of: str | None) -> dict | None:
    chosen = [c for c in checks if c.get("method") == method and not c.get("finding")]
    on_day = [c for c in chosen if as_of and c.get("as_of") == as_of]
    pool = on_day or chosen
    return pool[-1] if pool else None


def _reason(lang: str, check: dict[str, Any], domain: str | None) -> str:
    status = check.get("status") or ""
    key = f"reason.{status}"
    values = {
        "http": check.get("http_status") or "",
        "domain": domain or "",
        "detail": clean(check.get("tls_detail") or "", 60),
        "status": status,
    }
    try:
        return t(lang, key, **values)
    except KeyError:
        return t(lang, "reason.other", **values)


def _availability(lang: str, ev: NoteInput, as_of: str | None, refs: _Refs) -> list[Sentence]:
    source = ev.source
    if not source.get("url"):
        if source.get("domain"):
            text = t(lang, "avail.domain_only", domain=clean(source["domain"], 100))
            return [Sentence(text, (), (source["id"],), "avail.domain_only")]
        return [Sentence(t(lang, "avail.no_url"), (), (source["id"],), "avail.no_url")]
    out: list[Sentence] = []
    live = _pick(ev.checks, "live", None)  # the latest live check: it says its own date
    archive = _pick(ev.checks, "archive", as_of)
    if archive is not None and as_of and archive.get("as_of") != as_of:
        archive = None  # a lookup for another date says nothing about this one
    looked_up = any(c.get("method") == "archive" and not c.get("finding") for c in ev.checks)
    if live is None and archive is None:
        if looked_up and as_of:
            day = format_date(as_of, lang)
            return [Sentence(t(lang, "archive.not_looked_up", date=day), (), (source["id"],),
                             "archive.not_looked_up")]  # fmt: skip
        return [Sentence(t(lang, "avail.not_checked"), (), (source["id"],), "avail.not_checked")]
    if live is not None:
        status = live.get("status")
        day = format_date(live.get("as_of"), lang)
        url = clean(live.get("url"), 300)
        ids = (live["id"],)
        number = _source_ref(refs, ev)
        cite = (number,) if number else ()
        if status in NOT_CHECKED:
            key = f"avail.could_not_check.{status}"
            out.append(Sentence(t(lang, key, date=day, domain=source.get("domain") or ""), (),
                                ids, key))  # fmt: skip
        elif status == "ok":
            out.append(Sentence(t(lang, "avail.ok", date=day, url=url), cite, ids, "avail.ok"))
        elif status == "redirected":
            final = clean(live.get("final_url"), 300)
            out.append(Sentence(t(lang, "avail.redirected", date=day, final=final), cite, ids,
                                "avail.redirected"))  # fmt: skip
        elif status in DOWN:
            reason = _reason(lang, live, source.get("domain"))
            out.append(Sentence(t(lang, "avail.down", date=day, url=url, reason=reason), cite,
                                ids, f"avail.down.{status}"))  # fmt: skip
        else:
            reason = _reason(lang, live, source.get("domain"))
            out.append(Sentence(t(lang, "avail.unverified", date=day, reason=reason), cite, ids,
                                f"avail.unverified.{status}"))  # fmt: skip
    if archive is not None:
        out.extend(_archive_sentences(lang, archive))
    elif looked_up and as_of:
        day = format_date(as_of, lang)
        out.append(Sentence(t(lang, "archive.not_looked_up", date=day), (), (source["id"],),
                            "archive.not_looked_up"))  # fmt: skip
    return out


def _archive_sentences(lang: str, check: dict[str, Any]) -> list[Sentence]:
    status = check.get("status")
    day = format_date(check.get("as_of"), lang)
    ids = (check["id"],)
    if status == "archived":
        captures = check.get("captures") or []
        on_day = [c for c in captures if str(c.get("timestamp", ""))[:10] == check.get("as_of")]
        before = [c for c in captures if c.get("relation") in ("before", "memento", "prev")]
        after = [c for c in captures if c.get("relation") in ("after", "next")]
        if on_day or (before and not after):
            capture = (on_day or before)[0]
            when = format_date(capture.get("timestamp"), lang)
            return [Sentence(t(lang, "archive.found", date=when), (), ids, "archive.found")]
        if before and after:
            return [
                Sentence(
                    t(
                        lang,
                        "archive.found_near",
                        before=format_date(before[0].get("timestamp"), lang),
                        after=format_date(after[0].get("timestamp"), lang),
                        date=day,
                    ),
                    (),
                    ids,
                    "archive.found_near",
                )
            ]
        if captures:
            when = format_date(captures[0].get("timestamp"), lang)
            return [Sentence(t(lang, "archive.found", date=when), (), ids, "archive.found")]
    if status == "archive_unreachable":
        checked = format_date(check.get("checked_at"), lang)
        return [Sentence(t(lang, "archive.unreachable", date=day, checked=checked), (), ids,
                         "archive.unreachable")]  # fmt: skip
    return [Sentence(t(lang, "archive.none", date=day), (), ids, "archive.none")]


def _version(ev: NoteInput) -> tuple[str | None, str | None]:
    """An archived copy elsewhere (a web archive capture or a Save Page Now witness)."""
    for snap in reversed(ev.snapshots):
        if not snap.get("finding_id") and snap.get("witness_url"):
            return snap["witness_url"], snap.get("witness_at")
    for check in reversed(ev.checks):
        if check.get("method") == "archive" and not check.get("finding"):
            for capture in check.get("captures") or []:
                if capture.get("url"):
                    return capture["url"], capture.get("timestamp")
    return None, None


def _source_ref(refs: _Refs, ev: NoteInput) -> int | None:
    """The reference to the source itself: its address, when it was checked, its snapshot."""
    url = ev.source.get("url")
    if not url:
        return None
    own = [s for s in ev.snapshots if not s.get("finding_id") and _is_copy(s)]
    snap = own[-1] if own else {}
    live = [c for c in ev.checks if c.get("method") == "live" and not c.get("finding")]
    accessed = live[-1].get("as_of") if live else str(snap.get("captured_at") or "")[:10]
    version_url, version_date = _version(ev)
    return refs.add(
        f"source:{ev.source['id']}",
        label=_label(ev.source),
        url=url,
        accessed=accessed or None,
        snapshot=snap.get("id"),
        captured_at=snap.get("captured_at") or version_date,
        sha256=snap.get("warc_sha256"),
        version_url=version_url,
    )


def _snapshot_ref(refs: _Refs, snapshot: dict[str, Any], label: str) -> int:
    return refs.add(
        f"snapshot:{snapshot['id']}",
        label=label,
        url=snapshot.get("url"),
        accessed=str(snapshot.get("captured_at") or "")[:10] or None,
        snapshot=snapshot["id"],
        captured_at=snapshot.get("captured_at"),
        sha256=snapshot.get("warc_sha256"),
        version_url=None,
    )


def _label(source: dict[str, Any]) -> str:
    parts = [clean(source.get(k), 200) for k in ("title", "publisher", "organisation")]
    parts = [p for p in parts if p]
    return ", ".join(dict.fromkeys(parts)) or clean(source.get("url") or source["id"], 200)


def _is_copy(snapshot: dict[str, Any]) -> bool:
    return str(snapshot.get("status") or "") not in ERROR_PAGE


def _snapshot_sentences(lang: str, ev: NoteInput, refs: _Refs) -> list[Sentence]:
    mine = [s for s in ev.snapshots if not s.get("finding_id")]
    own = [s for s in mine if _is_copy(s)]
    if not own:
        if not mine:
            return []
        page = mine[-1]  # what the address gave instead of the source, kept as evidence
        day = format_date(page.get("captured_at"), lang)
        status = str(page.get("status") or "")
        what = _reason(lang, {"status": status, "http_status": page.get("http_status")},
                       ev.source.get("domain"))  # fmt: skip
        title = clean(page.get("title"), 160)
        key = "snapshot.error_page" if title else "snapshot.error_page_untitled"
        number = _snapshot_ref(refs, page, _label(ev.source))
        return [Sentence(t(lang, key, date=day, title=title, what=what), (number,),
                         (page["id"],), key)]  # fmt: skip
    latest = own[-1]
    number = _source_ref(refs, ev) or _snapshot_ref(refs, latest, _label(ev.source))
    day = format_date(latest.get("captured_at"), lang)
    return [Sentence(t(lang, "snapshot.kept", date=day, snapshot=latest["id"]), (number,),
                     (latest["id"],), "snapshot.kept")]  # fmt: skip


def _passage_text(value: Any, limit: int = 300) -> str:
    """A quoted passage without its closing full stop (the template closes the sentence)."""
    if isinstance(value, dict):
        value = value.get("text")
    return clean(value, limit).rstrip(" .")


def _snapshot_by_id(ev: NoteInput, snapshot_id: str | None) -> dict[str, Any] | None:
    return next((s for s in ev.snapshots if snapshot_id and s["id"] == snapshot_id), None)


def _claim_sentences(lang: str, ev: NoteInput, refs: _Refs) -> list[Sentence]:
    out: list[Sentence] = []
    for claim in ev.assessment.get("claims") or []:
        match = claim.get("match")
        passage = _passage_text(claim.get("passage"))
        ids = tuple(x for x in (claim.get("claim"), claim.get("snapshot")) if x)
        ref: tuple[int, ...] = ()
        snapshot = _snapshot_by_id(ev, claim.get("snapshot"))
        if snapshot is not None:
            number = None if snapshot.get("finding_id") else _source_ref(refs, ev)
            ref = (number or _snapshot_ref(refs, snapshot, _label(ev.source)),)
        if match == "found" and passage:
            key = "claim.found_passage" if claim.get("how") == "passage" else "claim.found"
            if key == "claim.found_passage":  # the whole passage: its sentences hold the figures
                passage = _passage_text(claim.get("passage"), 600)
            out.append(Sentence(t(lang, key, passage=passage), ref, ids, key))
        elif match == "found_elsewhere_on_page" and passage:
            out.append(Sentence(t(lang, "claim.found_elsewhere", passage=passage), ref, ids,
                                "claim.found_elsewhere"))  # fmt: skip
        elif match == "different_value" and passage:
            out.append(Sentence(t(lang, "claim.different_value", passage=passage), ref, ids,
                                "claim.different_value"))  # fmt: skip
        elif match == "not_found":
            figures = ", ".join(clean(f, 40) for f in claim.get("expected") or []) or clean(
                claim.get("text"), 120
            )
            out.append(Sentence(t(lang, "claim.not_found", figures=figures), ref, ids,
                                "claim.not_found"))  # fmt: skip
        elif match == "source_unavailable":
            key = "claim.source_unavailable"
            if str(claim.get("reason") or "").startswith("error_page"):
                key = "claim.error_page"
            out.append(Sentence(t(lang, key), (), ids, key))
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"”“A-ZÅÄÖ0-9])")


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[\"”“'’]", "", text).casefold().split())


def _sentence_with(passage: str, quote: str) -> str:
    """The sentence of ``passage`` that holds ``quote`` (the whole passage if none does)."""
    if not quote:
        return passage
    wanted = _fold(quote)
    for sentence in _SENTENCE_END.split(passage):
        if wanted and wanted in _fold(sentence):
            return sentence.rstrip(" .")
    return passage or quote


def _findings(ev: NoteInput) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in ev.assessment.get("findings") or []}


def _finding_snapshot(ev: NoteInput, finding_id: str) -> dict[str, Any] | None:
    own = [s for s in ev.snapshots if s.get("finding_id") == finding_id]
    return own[-1] if own else None


def _finding_ref(refs: _Refs, ev: NoteInput, finding: dict[str, Any]) -> int:
    snapshot = _finding_snapshot(ev, finding["id"]) or {}
    label = clean(snapshot.get("title") or finding.get("text"), 200)
    return refs.add(
        f"finding:{finding['id']}",
        label=label,
        url=finding.get("url"),
        accessed=str(snapshot.get("captured_at") or "")[:10] or None,
        snapshot=snapshot.get("id"),
        captured_at=snapshot.get("captured_at"),
        sha256=snapshot.get("warc_sha256"),
    )


def _method_sentences(
    lang: str, ev: NoteInput, refs: _Refs, quoted: tuple[str, ...] = ()
) -> list[Sentence]:
    method = ev.assessment.get("method") or {}
    findings = _findings(ev)
    out: list[Sentence] = []
    said = {_fold(q) for q in quoted}
    chosen: dict[str, dict[str, Any]] = {}
    for hit in method.get("disclaimers") or []:
        # one sentence per kind of disclaimer, preferring an archived page over typed text
        value = hit.get("value") or ""
        current = chosen.get(value)
        if current is None or (
            "SN" not in str(current.get("origin") or "") and "SN" in str(hit.get("origin") or "")
        ):
            chosen[value] = hit
    for hit in chosen.values():
        value = hit.get("value") or ""
        passage = _passage_text(hit.get("sentence"))
        origin = str(hit.get("origin") or "").split("/")[0] or None
        folded = _fold(passage)
        if not passage or f"disclaimer.{value}" not in _keys(lang):
            continue
        if any(folded in q or q in folded for q in said if q):
            continue
        said.add(folded)
        ref: tuple[int, ...] = ()
        if origin in findings and findings[origin].get("url"):
            ref = (_finding_ref(refs, ev, findings[origin]),)
        elif snapshot := _snapshot_by_id(ev, origin):
            ref = (_snapshot_ref(refs, snapshot, _label(ev.source)),)
        what = t(lang, f"disclaimer.{value}")
        text = t(lang, "method.disclaimer", what=what, passage=passage)
        evidence = tuple(x for x in (origin,) if x)
        out.append(Sentence(text, ref, evidence, f"method.disclaimer.{value}"))
    own = {s["id"] for s in ev.snapshots if not s.get("finding_id") and _is_copy(s)}
    has_text = bool(own & set(method.get("origins") or []))
    kind = ev.source.get("kind")
    applies = kind in METHOD_KINDS or (kind == "report" and bool(method.get("disclosed")))
    if applies and has_text:
        names = [t(lang, f"item.{m}") for m in method.get("missing") or []
                 if f"item.{m}" in _keys(lang)]  # fmt: skip
        if names:
            items = (
                names[0]
                if len(names) == 1
                else (", ".join(names[:-1]) + f" {t(lang, 'and')} " + names[-1])
            )
            out.append(Sentence(t(lang, "method.missing", items=items), (), (),
                                "method.missing"))  # fmt: skip
    if "margin_of_error_with_opt_in" in (method.get("flags") or []):
        out.append(Sentence(t(lang, "method.mo_e_opt_in"), (), (), "method.mo_e_opt_in"))
    return out


def _keys(lang: str) -> set[str]:
    from .catalog import CATALOG

    return set(CATALOG[lang])


def _search_of(ev: NoteInput, result_id: str | None) -> dict[str, Any] | None:
    for search in ev.assessment.get("searches") or []:
        if any(r.get("id") == result_id for r in search.get("results") or []):
            return search
    return None


def _finding_sentences(lang: str, ev: NoteInput, refs: _Refs) -> list[Sentence]:
    out: list[Sentence] = []
    quotes = {q.get("claim"): q for q in ev.assessment.get("finding_quotes") or []}
    for finding in ev.assessment.get("findings") or []:
        ref: tuple[int, ...] = ()
        if finding.get("url"):
            ref = (_finding_ref(refs, ev, finding),)
        ids = (finding["id"],)
        search = _search_of(ev, finding.get("search_result_id"))
        if search is not None:
            what = t(lang, "found.page")
            day = format_date(search.get("as_of"), lang)
            out.append(Sentence(t(lang, "finding.search", date=day, what=what), ref,
                                ids + (search["id"],), "finding.search"))  # fmt: skip
            ref = ()
        text = clean(finding.get("text"), 600)
        if text and any(_fold(x.text) == _fold(text) for x in out):
            text = ""  # the same words recorded twice are said once
        if text:
            if not text.endswith((".", "!", "?", "”", '"')):
                text += "."
            out.append(Sentence(text, ref, ids, f"finding.{finding.get('kind')}"))
        quote = quotes.get(finding["id"])
        if quote and quote.get("match") == "found":
            passage = _sentence_with(
                _passage_text(quote.get("passage")), clean(finding.get("quote"), 400)
            )
            out.append(Sentence(t(lang, "finding.quote", quote=passage.strip("”“\"")),
                                (_finding_ref(refs, ev, finding),) if finding.get("url") else (),
                                ids, "finding.quote"))  # fmt: skip
    return out


def _subject(lang: str, source: dict[str, Any]) -> str:
    key = f"subject.{source.get('kind')}"
    return t(lang, key if key in _keys(lang) else "subject.other")


def _reasons_text(lang: str, reasons: list[dict[str, Any]]) -> str:
    names = []
    for reason in reasons:
        key = f"rule.{reason.get('code')}"
        if key in _keys(lang) and reason.get("verdict"):
            names.append(t(lang, key))
    return "; ".join(dict.fromkeys(names))


def _verdict(lang: str, ev: NoteInput) -> tuple[list[Sentence], str | None, str]:
    subject = _subject(lang, ev.source)
    decision = ev.assessment.get("verdict")
    if decision and decision.get("verdict") in VERDICTS:
        value = decision["verdict"]
        out = [
            Sentence(
                t(lang, f"verdict.officer.{value}", subject=subject),
                (),
                tuple(x for x in (decision.get("id"),) if x),
                f"verdict.{value}",
            )
        ]
        because = clean(decision.get("because"), 600)
        if because:
            if not because.endswith((".", "!", "?")):
                because += "."
            out.append(Sentence(t(lang, "verdict.because", reason=because), (), (),
                                "verdict.because"))  # fmt: skip
        return out, value, "officer"
    suggested = ev.assessment.get("suggested_verdict")
    if suggested in VERDICTS:
        text = t(lang, f"verdict.officer.{suggested}", subject=subject)
        out = [Sentence(t(lang, "verdict.suggested", verdict_text=text), (), (),
                        f"verdict.suggested.{suggested}")]  # fmt: skip
        why = _reasons_text(lang, ev.assessment.get("reasons") or [])
        if why:
            out.append(Sentence(t(lang, "verdict.grounds", reasons=why), (), (),
                                "verdict.grounds"))  # fmt: skip
        return out, suggested, "suggestion"
    return [], None, "suggestion"


def _heading(source: dict[str, Any]) -> str:
    sender = _sender(source)
    title = clean(source.get("title"), 160)
    designation = clean(source.get("designation"), 60)
    name = designation or (f"{sender}: {title}" if sender and title else sender or title)
    return f"{source['id']} {name or clean(source.get('url'), 120) or ''}".strip()


def compose_note(case: NoteCase, evidence: list[NoteInput]) -> Note:
    """The note on ``evidence`` (one entry per source), in ``case.lang``."""
    lang = case.lang
    refs = _Refs(lang=lang)
    notes = []
    for ev in evidence:
        paragraphs = []
        first = _intro(lang, ev.source) + _availability(lang, ev, case.as_of, refs)
        first += _snapshot_sentences(lang, ev, refs) + _claim_sentences(lang, ev, refs)
        paragraphs.append(tuple(first))
        found = _finding_sentences(lang, ev, refs)
        quoted = tuple(s.text for s in found if s.code == "finding.quote")
        second = found + _method_sentences(lang, ev, refs, quoted)
        verdict_sentences, verdict, by = _verdict(lang, ev)
        for block in (second, verdict_sentences):
            if block:
                paragraphs.append(tuple(block))
        notes.append(SourceNote(ev.source["id"], _heading(ev.source), tuple(paragraphs),
                                verdict, by))  # fmt: skip
    case_name = clean(case.dnr or case.title or "", 200)
    title = t(lang, "title_case", case=case_name) if case_name else t(lang, "title")
    if case.as_of:
        line = t(lang, "case_line", case=case_name or "–", date=format_date(case.as_of, lang))
    else:
        line = t(lang, "case_line_nodate", case=case_name or "–")
    return Note(
        lang=lang,
        title=title,
        case_line=line,
        as_of=case.as_of,
        sources=tuple(notes),
        references=tuple(refs.items),
        references_heading=t(lang, "references"),
        generated_by=t(lang, "generated_by", version=case.version),
    )
