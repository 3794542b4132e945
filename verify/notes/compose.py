"""Composing the reliability note from recorded evidence, and nothing else (pure).

The input is plain data as the store and the assessment give it (:class:`NoteInput`); every
sentence comes from the catalogue (:mod:`verify.notes.catalog`) filled with recorded values.

The note has two parts (:mod:`verify.notes.model`): the **text to paste**, in the statement's
prose with footnotes in its form and no ids, hashes or tool wording, where a source without
the officer's verdict ends with a placeholder; and the **bilaga**, which lists the register,
every check, every saved copy with its SHA-256, the findings, the searches and the tool's
suggestions with their reasons, and the chain anchor.

Text that came from elsewhere (page titles, quoted passages, the officer's own words) is
cleaned: control and bidirectional-override characters removed, white space collapsed, and
cut at a sane length, so hostile archived content cannot reorder or flood the note.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .catalog import KINDS, format_date, join_list, t
from .model import Bilaga, BilagaTable, Footnote, Note, Sentence, SourceNote
from .names import english_name

__all__ = ["NoteCase", "NoteInput", "clean", "compose_note", "result_words"]

#: The source was not there: a fact about their side.
DOWN = {
    "soft_404", "not_found", "gone", "server_error", "dns_failure",
    "connection_failed", "timeout", "tls_error", "redirect_loop", "too_many_redirects", "parked",
    "invalid_url",
}  # fmt: skip
#: Something is there but could not be read.
RESTRICTED = {
    "blocked", "rate_limited", "login_required", "paywall", "consent_wall", "too_large",
    "truncated",
}  # fmt: skip
#: The check could not be made (our side): never written as a fact about the source.
NOT_CHECKED = {"dns_error", "network_error", "refused"}
#: A snapshot with one of these statuses holds an error page or a wall, not the source.
ERROR_PAGE = {
    "not_found", "gone", "soft_404", "parked", "blocked", "login_required", "paywall",
    "consent_wall", "server_error", "rate_limited", "truncated",
}  # fmt: skip
METHOD_KINDS = ("survey", "study", "statistics", "dataset")
VERDICTS = ("reliable", "partly_reliable", "cannot_be_assessed", "not_reliable")

_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
#: Words that start a clause with its verb: a claim that begins so is a fragment of the
#: motion's sentence ("var drygt 2,1 miljoner ..."), and the sentence is quoted instead.
_FINITE_START = frozenset(
    "var är har hade kan kunde ska skulle blev blir uppgick uppgår ökade minskade visar "
    "visade was is has had can could will would were are".split()
)
#: "…, säger CLDD:s generalsekreterare" / "… said the minister": the speaker after a quote.
_SPEAKER_AFTER = re.compile(
    r"^(?P<quote>.+?)[,–—-]\s+(?:säger|sa|sade|skriver|menar|konstaterar|uppger|berättar|"
    r"says|said|writes|wrote|explains|told)\s+(?P<speaker>[^,.;]{3,80}?)\.?$",
    re.IGNORECASE,
)
_SPEAKER_BEFORE = re.compile(
    r"^(?P<speaker>[^,.;]{3,80}?)\s+(?:säger|sa|sade|skriver|says|said|writes)\s*[:,]?\s+"
    r"[”\"“'](?P<quote>.+?)[”\"“']\.?$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"”“A-ZÅÄÖ0-9])")


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
    anchor: str = ""  # the chain anchor line ("verify-anchor: event N sha256:...")
    board: str | None = None  # nämnd
    administration: str | None = None  # förvaltning
    officer: str | None = None  # handläggare
    created_at: str = ""  # when the note is written (UTC ISO)
    note_date: str | None = None  # the date printed in the header (YYYY-MM-DD)


@dataclass(frozen=True)
class NoteInput:
    """Everything recorded about one source, as plain data.

    ``source`` is ``Source.to_dict()``; ``assessment`` is ``Assessment.to_dict()`` (claims
    with ``match`` and ``passage``, ``method``, ``findings``, ``finding_quotes``,
    ``searches``, ``suggested_verdict``, ``reasons``, and the officer's ``verdict`` or null);
    ``checks`` are the stored check records and ``snapshots`` the snapshot rows of the source
    and its findings, oldest first; ``metas`` the page metadata of snapshots by id.
    """

    source: dict[str, Any]
    assessment: dict[str, Any] = field(default_factory=dict)
    checks: tuple[dict[str, Any], ...] = ()
    snapshots: tuple[dict[str, Any], ...] = ()
    metas: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class _Footnotes:
    """Footnotes in order of first citation, one per work (the same page is cited once)."""

    items: list[Footnote] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, text: str, url: str | None, version: tuple[str | None, str | None]
            = (None, None)) -> int:  # fmt: skip
        key = _url_key(url) or key
        if key in self.keys:
            return self.keys[key]
        number = len(self.items) + 1
        self.items.append(Footnote(number, text, url, version[0], version[1]))
        self.keys[key] = number
        return number


def _url_key(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return f"url:{host}{parts.path.rstrip('/')}?{parts.query}"


def _domain(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _words(lang: str, kind: str | None) -> dict[str, str]:
    return KINDS[lang].get(kind or "other", KINDS[lang]["other"])


_EN_THE = re.compile(
    r"^(?:Centre|Center|Institute|Council|Agency|Board|Office|Association|Foundation|"
    r"Organi[sz]ation|Society|Committee|Commission|Department|Ministry|Authority|Inspectorate|"
    r"Federation|Union|Confederation|Network|Alliance|Forum|Group|Panel|Court)\b"
)


def _sender(lang: str, source: dict[str, Any]) -> str | None:
    org = clean(source.get("organisation"), 200)
    acronym = clean(source.get("acronym"), 40)
    publisher = clean(source.get("publisher"), 200)
    if lang == "en":
        english = english_name(org, acronym, publisher)
        if english:
            return english
    if org and acronym and acronym not in org:
        name = f"{org} ({acronym})"
    else:
        name = org or acronym or publisher or ""
    if lang == "en" and _EN_THE.match(name):
        name = "the " + name  # "a survey by the Centre for ..."
    return name or None


def _owner(lang: str, source: dict[str, Any]) -> str | None:
    """Short name for "X:s webbplats": the acronym, else the organisation."""
    if lang == "en":
        english = english_name(source.get("organisation"), source.get("acronym"))
        if english:
            return english.removeprefix("the ").removeprefix("The ")
    return clean(source.get("acronym"), 40) or clean(source.get("organisation"), 120) or None


def sentence_like(text: str) -> bool:
    """Whether the officer's free text can stand as a sentence of the statement."""
    words = text.split()
    if len(words) < 4 or not text[:1].isupper():
        return False
    if re.search(r"\b(?:[SKCMFQRVD]|SN)\d+\b", text):
        return False  # an internal id: not for the text to paste
    return True


def _closed(text: str) -> str:
    """A sentence closed with a full stop, unless it ends in a quotation that closes it."""
    text = text.rstrip()
    return text if text.endswith(("”", "“", '"', ".", "!", "?")) else text + "."


def _inner_quotes(text: str) -> str:
    """Quotation marks inside a quotation become single ones (’…’), as Swedish writes them."""
    return re.sub(r"[”“\"]([^”“\"]*)[”“\"]", r"’\1’", text)


def _full_stop(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "”", '"', "»")) else text + "."


# -- the first sentences: what the motion cites ---------------------------------------------


def _claim_clause(claim: str) -> str | None:
    """A claim as a clause after "visar att …", or None when it is no clause of its own."""
    text = clean(claim, 300).rstrip(" .")
    if not text:
        return None
    first = text.split()[0].casefold()
    if first in _FINITE_START:
        return None
    if text[:1].isupper() and not text[:1].isdigit():
        return None  # a sentence of its own: quoted instead
    return text


def _mention_sentence(source: dict[str, Any], claim: dict[str, Any]) -> str | None:
    mentions = {m["id"]: m for m in source.get("mentions") or []}
    mention = mentions.get(claim.get("mention_id") or "")
    passage = clean(mention.get("passage"), 400) if mention else ""
    if not passage:
        return None
    wanted = clean(claim.get("text"), 300)
    for piece in _SENTENCE_END.split(passage):
        if wanted and _fold(wanted)[:40] in _fold(piece):
            return piece.strip()
    return passage


def _intro(lang: str, source: dict[str, Any]) -> list[Sentence]:
    words = _words(lang, source.get("kind"))
    ids = (source["id"],)
    claims = [c for c in source.get("claims") or [] if clean(c.get("text"))]
    sender = _sender(lang, source)
    if source.get("vague"):
        mentions = source.get("mentions") or []
        passage = clean(mentions[0].get("passage"), 200) if mentions else ""
        return [Sentence(t(lang, "intro.vague", indef=words["indef"], pron=words["pron"],
                           passage=passage), (), ids, "intro.vague")]  # fmt: skip
    if source.get("designation") and not sender:
        return [Sentence(t(lang, "intro.designation", designation=clean(source["designation"],
                                                                         80)), (), ids,
                         "intro.designation")]  # fmt: skip
    if not sender:
        title = clean(source.get("title") or source.get("url") or "", 200)
        return [Sentence(t(lang, "intro.title", indef=words["indef"], title=title), (), ids,
                         "intro.title")]  # fmt: skip
    out: list[Sentence] = []
    first = claims[0] if claims else None
    clause = _claim_clause(first["text"]) if first else None
    quoted = lang != "sv"  # the motion's own words in another language are quoted
    if first is not None and clause:
        key = "intro.claim_quoted" if quoted else "intro.claim"
        out.append(Sentence(t(lang, key, indef=words["indef"], prep=words["prep"],
                              sender=sender, claim=clause), (), ids + (first["id"],),
                            "intro.claim"))  # fmt: skip
    elif first is not None:
        quote = _mention_sentence(source, first) or clean(first["text"], 300)
        quote = _inner_quotes(quote.strip().strip('”“"'))
        out.append(Sentence(t(lang, "intro.quote", indef=words["indef"], prep=words["prep"],
                              sender=sender, quote=_full_stop(quote)), (), ids + (first["id"],),
                            "intro.quote"))  # fmt: skip
    elif source.get("kind") == "article" and clean(source.get("title")):
        title = _inner_quotes(clean(source["title"], 200))
        out.append(Sentence(t(lang, "intro.article", sender=sender, title=title), (), ids,
                            "intro.article"))  # fmt: skip
    else:
        out.append(Sentence(t(lang, "intro.sender", indef=words["indef"], prep=words["prep"],
                              sender=sender), (), ids, "intro.sender"))  # fmt: skip
    for claim in claims[1:3]:
        more = _claim_clause(claim["text"])
        if more:
            key = "intro.more_quoted" if quoted else "intro.more"
            out.append(Sentence(t(lang, key, claim=more), (), (claim["id"],), "intro.more"))
    return out


# -- availability ---------------------------------------------------------------------------


def _pick(checks: tuple[dict[str, Any], ...], method: str, as_of: str | None) -> dict | None:
    chosen = [c for c in checks if c.get("method") == method and not c.get("finding")]
    if as_of is not None:
        chosen = [c for c in chosen if c.get("as_of") == as_of]
    return chosen[-1] if chosen else None


def _reason(lang: str, status: str, http: Any, domain: str) -> str:
    key = f"reason.{status}"
    try:
        return t(lang, key, http=http or "", domain=domain)
    except KeyError:
        return t(lang, "reason.other")


def _is_copy(snapshot: dict[str, Any]) -> bool:
    return str(snapshot.get("status") or "") not in ERROR_PAGE


def _version(ev: NoteInput) -> tuple[str | None, str | None]:
    """An archived copy elsewhere (a web archive capture or a Save Page Now witness)."""
    for snap in reversed(ev.snapshots):
        if not snap.get("finding_id") and snap.get("witness_url"):
            return snap["witness_url"], str(snap.get("witness_at") or "")[:10] or None
    for check in reversed(ev.checks):
        if check.get("method") == "archive" and not check.get("finding"):
            for capture in check.get("captures") or []:
                if capture.get("url"):
                    return capture["url"], str(capture.get("timestamp") or "")[:10] or None
    return None, None


def _source_footnote(lang: str, ev: NoteInput, notes: _Footnotes) -> int | None:
    url = ev.source.get("url")
    if not url:
        return None
    own = [s for s in ev.snapshots if not s.get("finding_id") and _is_copy(s)]
    title = clean(own[-1].get("title"), 200) if own else ""
    label = title or clean(ev.source.get("title"), 200) or _sender(lang, ev.source) or url
    text = f"{label} ({_domain(url)})" if _domain(url) and _domain(url) not in label else label
    return notes.add(f"source:{ev.source['id']}", text, url, _version(ev))


def _archive_name(lang: str, check: dict[str, Any]) -> str:
    for capture in check.get("captures") or []:
        host = _domain(capture.get("url"))
        if "archive.org" in host:
            return "Internet Archive"
        if host:
            return host
    return t(lang, "archive.default_name")


def _archive_sentences(lang: str, check: dict[str, Any], as_of: str) -> list[Sentence]:
    status = check.get("status")
    day = format_date(as_of, lang)
    ids = (check["id"],)
    captures = check.get("captures") or []
    if status == "archived" and captures:
        on_day = [c for c in captures if str(c.get("timestamp", ""))[:10] == as_of]
        before = [c for c in captures if c.get("relation") in ("before", "memento", "prev")]
        after = [c for c in captures if c.get("relation") in ("after", "next")]
        name = _archive_name(lang, check)
        if on_day:
            return [Sentence(t(lang, "archive.found", date=day, archive=name), (), ids,
                             "archive.found")]  # fmt: skip
        if before and after:
            return [Sentence(t(lang, "archive.found_near", date=day,
                               before=format_date(before[0].get("timestamp"), lang),
                               after=format_date(after[0].get("timestamp"), lang)), (), ids,
                             "archive.found_near")]  # fmt: skip
        if before:
            return [Sentence(t(lang, "archive.found_before", date=day,
                               before=format_date(before[0].get("timestamp"), lang)), (), ids,
                             "archive.found_before")]  # fmt: skip
    return [Sentence(t(lang, "archive.none", date=day), (), ids, "archive.none")]


def _availability(
    lang: str, ev: NoteInput, as_of: str | None, notes: _Footnotes
) -> tuple[list[Sentence], str]:
    """The availability sentences and what they established: ``reached``, ``down``,
    ``restricted``, ``unchecked`` (our side), ``none`` (no address) or ``not_checked``."""
    source = ev.source
    words = _words(lang, source.get("kind"))
    subj = words["subj"]
    if not source.get("url"):
        if source.get("domain"):
            text = t(lang, "avail.domain_only", domain=clean(source["domain"], 100), subj=subj)
            return [Sentence(text, (), (source["id"],), "avail.domain_only")], "none"
        return [Sentence(t(lang, "avail.no_url", subj=subj), (), (source["id"],),
                         "avail.no_url")], "none"  # fmt: skip
    out: list[Sentence] = []
    live = _pick(ev.checks, "live", None)  # the latest live check: it says its own date
    if live is None:  # no check, but a saved page shows what the address gave that day
        shown = ERROR_PAGE | {"ok", "redirected"}
        pages = [
            s for s in ev.snapshots
            if not s.get("finding_id") and s.get("origin", "captured") == "captured"
            and s.get("status") in shown
        ]  # fmt: skip
        if pages:
            page = pages[-1]
            live = {"id": page["id"], "status": page["status"],
                    "http_status": page.get("http_status"),
                    "as_of": str(page.get("captured_at") or "")[:10] or as_of,
                    "final_url": page.get("final_url")}  # fmt: skip
    archive = _pick(ev.checks, "archive", as_of) if as_of else None
    domain = clean(source.get("domain") or _domain(source.get("url")), 100)
    owner = _owner(lang, source)
    where = (t(lang, "where.site", owner=owner) if owner and source.get("kind") != "article"
             else t(lang, "where.domain", domain=domain))  # fmt: skip
    state = "not_checked"
    if live is not None:
        status = str(live.get("status") or "")
        day = format_date(live.get("as_of"), lang)
        ids = (live["id"],)
        if status in NOT_CHECKED:
            key = {"network_error": "avail.could_not_check", "dns_error": "avail.dns_error",
                   "refused": "avail.refused"}[status]  # fmt: skip
            out.append(Sentence(t(lang, key, subj=subj, date=day, domain=domain), (), ids, key))
            state = "unchecked"
        elif status in ("ok", "redirected"):
            number = _source_footnote(lang, ev, notes)
            cite = (number,) if number else ()
            if status == "redirected" and live.get("final_url"):
                final = clean(_domain(live.get("final_url")) or live.get("final_url"), 200)
                out.append(Sentence(t(lang, "avail.redirected", subj=subj, date=day,
                                      final=final), cite, ids, "avail.redirected"))  # fmt: skip
            else:
                out.append(Sentence(t(lang, "avail.ok", subj=subj, date=day, where=where), cite,
                                    ids, "avail.ok"))  # fmt: skip
            state = "reached"
        elif status in RESTRICTED:
            reason = _reason(lang, status, live.get("http_status"), domain)
            out.append(Sentence(t(lang, "avail.restricted", subj=subj, date=day, reason=reason),
                                (), ids, f"avail.restricted.{status}"))  # fmt: skip
            state = "restricted"
        else:
            reason = _reason(lang, status, live.get("http_status"), domain)
            out.append(Sentence(t(lang, "avail.down", subj=subj, date=day, where=where,
                                  reason=reason), (), ids, f"avail.down.{status}"))  # fmt: skip
            state = "down"
    if archive is not None and state != "reached":
        out.extend(_archive_sentences(lang, archive, as_of or ""))
    if live is None and archive is None:
        out.append(Sentence(t(lang, "avail.not_checked", subj=subj), (), (source["id"],),
                            "avail.not_checked"))  # fmt: skip
    return out, state


# -- claims ---------------------------------------------------------------------------------


def _passage_text(value: Any, limit: int = 300) -> str:
    """A quoted passage without its closing full stop (the template closes the sentence)."""
    if isinstance(value, dict):
        value = value.get("text")
    return _inner_quotes(clean(value, limit).rstrip(" .").strip('”“"'))


def _snapshot_by_id(ev: NoteInput, snapshot_id: str | None) -> dict[str, Any] | None:
    return next((s for s in ev.snapshots if snapshot_id and s["id"] == snapshot_id), None)


def _claim_sentences(lang: str, ev: NoteInput, notes: _Footnotes, state: str) -> list[Sentence]:
    out: list[Sentence] = []
    subj = _words(lang, ev.source.get("kind"))["subj"]
    unchecked = False
    for claim in ev.assessment.get("claims") or []:
        match = claim.get("match")
        passage = _passage_text(claim.get("passage"))
        ids = tuple(x for x in (claim.get("claim"), claim.get("snapshot")) if x)
        ref: tuple[int, ...] = ()
        snapshot = _snapshot_by_id(ev, claim.get("snapshot"))
        if (
            snapshot is not None
            and not snapshot.get("finding_id")
            and _is_copy(snapshot)
            and match in ("found", "found_elsewhere_on_page", "different_value", "not_found")
        ):
            number = _source_footnote(lang, ev, notes)
            ref = (number,) if number else ()
        if match == "found" and passage:
            key = "claim.found_passage" if claim.get("how") == "passage" else "claim.found"
            if key == "claim.found_passage":  # the whole passage: its sentences hold the figures
                passage = _passage_text(claim.get("passage"), 600)
            out.append(Sentence(t(lang, key, subj=subj, passage=passage), ref, ids, key))
        elif match == "found_elsewhere_on_page" and passage:
            out.append(Sentence(t(lang, "claim.found_elsewhere", passage=passage), ref, ids,
                                "claim.found_elsewhere"))  # fmt: skip
        elif match == "different_value" and passage:
            out.append(Sentence(t(lang, "claim.different_value", subj=subj, passage=passage),
                                ref, ids, "claim.different_value"))  # fmt: skip
        elif match == "not_found":
            figures = [clean(f, 40) for f in claim.get("expected") or []]
            if figures:
                out.append(Sentence(t(lang, "claim.not_found", subj=subj,
                                      figures=join_list(figures, lang)), ref, ids,
                                    "claim.not_found"))  # fmt: skip
        elif match == "source_unavailable" and str(claim.get("reason") or "").startswith(
            "unreadable"
        ):
            out.append(Sentence(t(lang, "claim.unreadable", subj=subj), (), ids,
                                "claim.unreadable"))  # fmt: skip
        elif match == "source_unavailable" and state in ("down", "restricted", "unchecked"):
            unchecked = True
    if unchecked:
        out.append(Sentence(t(lang, "claim.unchecked", subj=subj), (), (ev.source["id"],),
                            "claim.unchecked"))  # fmt: skip
    return out


# -- findings, searches, method -------------------------------------------------------------


def _content_words(text: str) -> set[str]:
    return set(re.findall(r"\w{4,}", text.casefold()))


def _mostly_said(text: str, seen: set[str]) -> bool:
    words = _content_words(text)
    return bool(words) and len(words & seen) >= 0.75 * len(words)


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


def split_speaker(text: str) -> tuple[str | None, str]:
    """``("CLDD:s generalsekreterare", "Det är inte en vetenskaplig undersökning.")`` from
    "Det är inte en vetenskaplig undersökning, säger CLDD:s generalsekreterare"."""
    text = text.strip().strip('”“"').strip()
    match = _SPEAKER_AFTER.match(text)
    if match:
        quote = match.group("quote").strip().strip('”“"').rstrip(",")
        return match.group("speaker").strip(), _full_stop(quote[:1].upper() + quote[1:])
    match = _SPEAKER_BEFORE.match(text)
    if match:
        quote = match.group("quote").strip()
        return match.group("speaker").strip(), _full_stop(quote[:1].upper() + quote[1:])
    return None, _full_stop(text)


def _finding_snapshot(ev: NoteInput, finding_id: str) -> dict[str, Any] | None:
    own = [s for s in ev.snapshots if s.get("finding_id") == finding_id and _is_copy(s)]
    return own[-1] if own else None


def _finding_footnote(ev: NoteInput, finding: dict[str, Any], notes: _Footnotes) -> int | None:
    url = finding.get("url")
    if not url:
        return None
    snapshot = _finding_snapshot(ev, finding["id"]) or {}
    meta = ev.metas.get(str(snapshot.get("id") or ""), {})
    checked = [c for c in ev.checks if c.get("finding") == finding["id"] and c.get("title")]
    page_title = clean(checked[-1].get("title"), 220) if checked else ""
    title = page_title or clean(snapshot.get("title") or meta.get("title"), 220)
    site = clean(meta.get("sitename"), 100)
    domain = _domain(url)
    label = title or clean(finding.get("text"), 200) or url
    if site and site.casefold() not in label.casefold():
        label = f"{label} - {site}"
    if domain and domain not in label:
        label = f"{label} ({domain})"
    version = (None, None)
    if snapshot.get("witness_url"):
        version = (snapshot["witness_url"], str(snapshot.get("witness_at") or "")[:10] or None)
    return notes.add(f"finding:{finding['id']}", label, url, version)


def _what(lang: str, ev: NoteInput, finding: dict[str, Any]) -> str:
    snapshot = _finding_snapshot(ev, finding["id"]) or {}
    meta = ev.metas.get(str(snapshot.get("id") or ""), {})
    site = clean(meta.get("sitename"), 100)
    if site:
        return t(lang, "what.article", publisher=site)
    domain = _domain(finding.get("url"))
    return t(lang, "what.page", domain=domain) if domain else t(lang, "what.article_plain")


def _search_of(ev: NoteInput, result_id: str | None) -> dict[str, Any] | None:
    for search in ev.assessment.get("searches") or []:
        if any(r.get("id") == result_id for r in search.get("results") or []):
            return search
    return None


def _speech(lang: str, ev: NoteInput, finding: dict[str, Any]) -> str:
    quotes = {q.get("claim"): q for q in ev.assessment.get("finding_quotes") or []}
    quote = quotes.get(finding["id"])
    if not quote or quote.get("match") != "found":
        return ""
    sentence = _sentence_with(_passage_text(quote.get("passage")),
                              clean(finding.get("quote"), 400))  # fmt: skip
    speaker, said = split_speaker(sentence)
    said = _inner_quotes(said.rstrip("."))
    if speaker:
        return t(lang, "speech.said", speaker=speaker, quote=_full_stop(said))
    return t(lang, "speech.quote", quote=_full_stop(said))


def _finding_sentences(lang: str, ev: NoteInput, notes: _Footnotes) -> list[Sentence]:
    out: list[Sentence] = []
    words = _words(lang, ev.source.get("kind"))
    subj = words["subj"]
    used_searches: set[str] = set()
    said: set[str] = set()
    for finding in ev.assessment.get("findings") or []:
        ids = (finding["id"],)
        kind = finding.get("kind")
        if finding.get("url"):
            number = _finding_footnote(ev, finding, notes)
            cite = (number,) if number else ()
            what = _what(lang, ev, finding)
            speech = _speech(lang, ev, finding)
            search = _search_of(ev, finding.get("search_result_id"))
            if search is not None:
                used_searches.add(search["id"])
                day = format_date(search.get("as_of"), lang)
                head = t(lang, "search.found", subj=subj, date=day, what=what)
                out.append(Sentence(_closed(head + speech), cite, ids + (search["id"],),
                                    "search.found", ref_at=len(head)))  # fmt: skip
            elif speech:
                head = t(lang, "finding.page", what=what, subj=subj)
                out.append(Sentence(_closed(head + speech), cite, ids, "finding.page",
                                    ref_at=len(head)))  # fmt: skip
            else:
                out.append(Sentence(t(lang, "finding.about", what=what, subj=subj), cite, ids,
                                    "finding.about"))  # fmt: skip
            continue
        text = clean(finding.get("text"), 600)
        if kind in ("officer_note", "contact") and text and sentence_like(text):
            key = _fold(text).rstrip(".")
            if key in said:
                continue  # the same words recorded twice are said once
            said.add(key)
            body = _full_stop(text) if lang == "sv" else t(lang, "finding.note",
                                                            text=_full_stop(text))  # fmt: skip
            out.append(Sentence(body, (), ids, f"finding.{kind}"))
    for search in ev.assessment.get("searches") or []:
        if search["id"] in used_searches or search.get("status") not in ("ok", "manual"):
            continue
        if not search.get("results"):
            day = format_date(search.get("as_of"), lang)
            out.append(Sentence(t(lang, "search.nothing", subj=subj, date=day,
                                  pron=words["pron"]), (), (search["id"],),
                                "search.nothing"))  # fmt: skip
    return out


def _method_sentences(
    lang: str, ev: NoteInput, quoted: list[str], quoting: set[str] = frozenset()
) -> list[Sentence]:
    method = ev.assessment.get("method") or {}
    findings = {f["id"]: f for f in ev.assessment.get("findings") or []}
    words = _words(lang, ev.source.get("kind"))
    out: list[Sentence] = []
    said = {_fold(q) for q in quoted}
    chosen: dict[str, dict[str, Any]] = {}
    for hit in method.get("disclaimers") or []:
        value = hit.get("value") or ""
        current = chosen.get(value)
        if current is None or ("SN" not in str(current.get("origin") or "")
                               and "SN" in str(hit.get("origin") or "")):  # fmt: skip
            chosen[value] = hit
    for hit in chosen.values():
        value = hit.get("value") or ""
        passage = _passage_text(hit.get("sentence"))
        origin = str(hit.get("origin") or "").split("/")[0]
        folded = _fold(passage)
        if not passage or origin in quoting or any(folded in q or q in folded for q in said if q):
            continue  # the finding's quote already says it
        try:
            what = t(lang, f"disclaimer.{value}")
        except KeyError:
            continue
        said.add(folded)
        where = (t(lang, "method.where.article") if origin in findings
                 else t(lang, "method.where.own", subj=words["subj"]))  # fmt: skip
        out.append(Sentence(t(lang, "method.disclaimer", where=where, what=what,
                              passage=passage), (), (origin,) if origin else (),
                            f"method.disclaimer.{value}"))  # fmt: skip
    own = {s["id"] for s in ev.snapshots if not s.get("finding_id") and _is_copy(s)}
    has_text = bool(own & set(method.get("origins") or []))
    kind = ev.source.get("kind")
    applies = kind in METHOD_KINDS or (kind == "report" and bool(method.get("disclosed")))
    if applies and has_text:
        items = []
        for item in method.get("missing") or []:
            try:
                items.append(t(lang, f"item.{item}", pron=words["pron"]))
            except KeyError:
                continue
        if items:
            out.append(Sentence(t(lang, "method.missing", subj=words["subj"],
                                  items=join_list(items, lang, negated=True)), (), (),
                                "method.missing"))  # fmt: skip
    if "margin_of_error_with_opt_in" in (method.get("flags") or []):
        out.append(Sentence(t(lang, "method.mo_e_opt_in", subj=words["subj"]), (), (),
                            "method.mo_e_opt_in"))  # fmt: skip
    return out


# -- the verdict ----------------------------------------------------------------------------


def _why(lang: str, ev: NoteInput, state: str) -> str:
    pron = _words(lang, ev.source.get("kind"))["pron"]
    if state == "none":
        return t(lang, "why.no_url", pron=pron)
    if state == "down":
        return t(lang, "why.unreachable", pron=pron)
    if state == "unchecked":
        return t(lang, "why.could_not_check", pron=pron)
    if state == "restricted":
        return t(lang, "why.restricted", pron=pron)
    return ""


def _verdict(lang: str, ev: NoteInput, state: str) -> tuple[list[Sentence], str | None, str]:
    words = _words(lang, ev.source.get("kind"))
    decision = ev.assessment.get("verdict")
    if decision and decision.get("verdict") in VERDICTS:
        value = decision["verdict"]
        ids = tuple(x for x in (decision.get("id"),) if x)
        if value == "cannot_be_assessed":
            text = t(lang, "verdict.cannot_be_assessed", gen=words["gen"],
                     why=_why(lang, ev, state))  # fmt: skip
        else:
            text = t(lang, f"verdict.{value}", subj=words["subj"])
        out = [Sentence(text, (), ids, f"verdict.{value}")]
        because = clean(decision.get("because"), 600)
        if because and sentence_like(because):
            text = (
                _full_stop(because)
                if lang == "sv"
                else t(lang, "verdict.because_quoted", reason=_full_stop(because))
            )
            out.append(Sentence(text, (), ids, "verdict.because"))
        return out, value, "officer"
    placeholder = t(lang, "verdict.placeholder", gen=words["gen"])
    return [Sentence(placeholder, (), (), "verdict.placeholder")], None, "none"


def _heading(lang: str, source: dict[str, Any]) -> str:
    sender = _sender(lang, source)
    title = clean(source.get("title"), 160)
    designation = clean(source.get("designation"), 60)
    name = designation or (f"{sender}: {title}" if sender and title else sender or title)
    return name or clean(source.get("url"), 120) or ""


# -- the bilaga -----------------------------------------------------------------------------


def result_words(lang: str, status: str | None) -> str:
    """A check's or snapshot's status in words."""
    try:
        return t(lang, f"result.{status}")
    except KeyError:
        return t(lang, "result.unknown", status=status or "")


def _bilaga(lang: str, case: NoteCase, evidence: list[NoteInput]) -> Bilaga:
    dash = t(lang, "none")
    sources_rows, check_rows, snap_rows, finding_rows, search_rows, suggestion_rows = (
        [], [], [], [], [], []
    )  # fmt: skip
    for ev in evidence:
        s = ev.source
        decision = ev.assessment.get("verdict")
        decided = decision.get("verdict") if decision else None
        verdict = t(lang, f"verdict.label.{decided}" if decided in VERDICTS else "verdict.none")
        suggested = ev.assessment.get("suggested_verdict")
        suggestion = t(lang, f"verdict.label.{suggested}") if suggested in VERDICTS else dash
        status = str(s.get("status") or "")
        try:
            status_text = t(lang, f"status.{status}")
        except KeyError:
            status_text = status
        address = clean(s.get("url") or s.get("designation") or s.get("domain"), 300) or dash
        sources_rows.append((s["id"], _words(lang, s.get("kind"))["indef"],
                             _heading(lang, s) or dash, address, status_text, verdict,
                             suggestion))  # fmt: skip
        for c in ev.checks:
            who = s["id"] + (f" ({c['finding']})" if c.get("finding") else "")
            result = result_words(lang, c.get("status"))
            if c.get("http_status"):
                result += f" (HTTP {c['http_status']})"
            check_rows.append((c["id"], who, c.get("as_of") or dash, c.get("checked_at") or dash,
                               t(lang, f"method.{c.get('method') or 'live'}"), result,
                               clean(c.get("url"), 300)))  # fmt: skip
        for snap in ev.snapshots:
            who = s["id"] + (f" ({snap['finding_id']})" if snap.get("finding_id") else "")
            snap_rows.append((snap["id"], who, snap.get("captured_at") or dash,
                              clean(snap.get("final_url") or snap.get("url"), 300),
                              result_words(lang, snap.get("status")),
                              snap.get("warc_sha256") or dash))  # fmt: skip
        for f in ev.assessment.get("findings") or []:
            kind = t(lang, f"finding_kind.{f.get('kind')}") if f.get("kind") else dash
            finding_rows.append((f["id"], s["id"], kind, clean(f.get("url"), 300) or dash,
                                 clean(f.get("quote"), 300) or dash,
                                 clean(f.get("text"), 600) or dash))  # fmt: skip
        for q in ev.assessment.get("searches") or []:
            engine = str(q.get("endpoint") or "")
            engine = engine.removeprefix("manual:") or dash
            hits = ", ".join(clean(r.get("url"), 200) for r in q.get("results") or []) or dash
            search_rows.append((q["id"], s["id"], q.get("as_of") or dash, engine,
                                clean(q.get("query"), 300), hits))  # fmt: skip
        reasons = []
        for r in ev.assessment.get("reasons") or []:
            try:
                reasons.append(t(lang, f"rule.{r.get('code')}"))
            except KeyError:
                reasons.append(str(r.get("code")))
        suggestion_rows.append((s["id"], suggestion, "; ".join(dict.fromkeys(reasons)) or dash))
    cols = lambda *names: tuple(t(lang, f"col.{n}") for n in names)  # noqa: E731
    empty = t(lang, "bilaga.empty")
    tables = (
        BilagaTable("sources", t(lang, "bilaga.sources"), t(lang, "bilaga.sources.intro"),
                    cols("id", "kind", "sender", "address", "status", "verdict", "suggested"),
                    tuple(sources_rows), empty),
        BilagaTable("checks", t(lang, "bilaga.checks"), t(lang, "bilaga.checks.intro"),
                    cols("id", "source", "date", "checked_at", "method", "result", "address"),
                    tuple(check_rows), empty),
        BilagaTable("snapshots", t(lang, "bilaga.snapshots"), t(lang, "bilaga.snapshots.intro"),
                    cols("id", "source", "captured_at", "address", "shows", "sha256"),
                    tuple(snap_rows), empty),
        BilagaTable("findings", t(lang, "bilaga.findings"), t(lang, "bilaga.findings.intro"),
                    cols("id", "source", "finding_kind", "address", "quote", "text"),
                    tuple(finding_rows), empty),
        BilagaTable("searches", t(lang, "bilaga.searches"), t(lang, "bilaga.searches.intro"),
                    cols("id", "source", "date", "engine", "query", "hits"),
                    tuple(search_rows), empty),
        BilagaTable("suggestions", t(lang, "bilaga.suggestions"),
                    t(lang, "bilaga.suggestions.intro"), cols("source", "suggested", "reasons"),
                    tuple(suggestion_rows), empty),
    )  # fmt: skip
    case_name = clean(case.dnr or case.title or "", 200)
    title = (t(lang, "bilaga.title", case=case_name) if case_name
             else t(lang, "bilaga.title_nocase"))  # fmt: skip
    anchor = t(lang, "anchor", line=case.anchor) if case.anchor else ""
    return Bilaga(title, t(lang, "bilaga.intro"), tables, anchor, t(lang, "bilaga.anchor_intro"))


# -- the whole note -------------------------------------------------------------------------


def compose_note(case: NoteCase, evidence: list[NoteInput]) -> Note:
    """The note on ``evidence`` (one entry per source), in ``case.lang``."""
    lang = case.lang
    notes = _Footnotes()
    parts = []
    for ev in evidence:
        sentences = _intro(lang, ev.source)
        avail, state = _availability(lang, ev, case.as_of, notes)
        sentences += avail
        sentences += _claim_sentences(lang, ev, notes, state)
        found = _finding_sentences(lang, ev, notes)
        quoted = [s.text for s in found if "”" in s.text or "“" in s.text]
        quoting = {i for s in found if "”" in s.text or "“" in s.text for i in s.evidence}
        sentences += found + _method_sentences(lang, ev, quoted, quoting)
        verdict_sentences, verdict, by = _verdict(lang, ev, state)
        if verdict == "cannot_be_assessed" and state == "none":
            sentences = [x for x in sentences if x.code not in ("avail.no_url",)]
        seen = _content_words(" ".join(x.text for x in sentences + verdict_sentences[:1]))
        for extra in verdict_sentences:
            if extra.code == "verdict.because" and _mostly_said(extra.text, seen):
                continue  # the officer's reason only repeats what the paragraph says
            sentences.append(extra)
        parts.append(
            SourceNote(ev.source["id"], _heading(lang, ev.source), (tuple(sentences),), verdict,
                       by, ev.assessment.get("suggested_verdict"))
        )  # fmt: skip
    case_name = clean(case.dnr or case.title or "", 200)
    title = t(lang, "title_case", case=case_name) if case_name else t(lang, "title")
    header: list[tuple[str, str]] = []
    for key, value in (("board", case.board), ("administration", case.administration),
                       ("dnr", case.dnr), ("date", format_date(case.note_date, lang)
                                          if case.note_date else None),
                       ("officer", case.officer)):  # fmt: skip
        if value:
            header.append((t(lang, f"header.{key}"), clean(value, 200)))
    has_copies = any(s.get("warc_sha256") for ev in evidence for s in ev.snapshots)
    return Note(
        lang=lang,
        title=title,
        as_of=case.as_of,
        sources=tuple(parts),
        footnotes=tuple(notes.items),
        bilaga=_bilaga(lang, case, evidence),
        header=tuple(header),
        case_line=t(lang, "case_line", date=format_date(case.as_of, lang)) if case.as_of else "",
        generated_by=t(
            lang, "generated_by" if has_copies else "generated_by_nocopies", version=case.version
        ),  # fmt: skip
        anchor=t(lang, "anchor", line=case.anchor) if case.anchor else "",
        created_at=case.created_at,
        labels={"footnotes": t(lang, "footnotes")},
    )
