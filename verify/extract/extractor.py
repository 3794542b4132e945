"""Extract cited sources and claims from a read document, and merge their mentions (pure).

The extractors each find one form of citation (web addresses and links, footnotes, official
designations, attributions by cue phrase); this module turns what they find into
candidates, gives each a stable key, and merges mentions of the same work:

* designation: ``designation:prop. 2017/18:228``
* web address: ``url:https://www.mucf.se/...`` (a bare domain: ``domain:dagenssamhalle.se``)
* sender and work: ``org:cldd|survey`` or ``org:scb|title:befolkningsstatistik 2023``
  (the sender is its acronym when it has one, so "CLDD" and "Centre for Local Development
  and Diaspora (CLDD)" are one sender; a bare "enligt SCB" joins SCB's only other work)
* footnote without address: ``work:<title>``
* vague: ``vague:<cue>:<hash of the passage>``
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from ..documents.model import Footnote, ReadDocument
from ..models import Quantity, SourceKind
from ..quantities import guess_language, parse_quantities
from ..urls import domain_of, normalize_url
from .attributions import Attribution, find_attributions
from .bodies import NEWS_DOMAINS, by_domain, find_body
from .designations import find_case_numbers, find_designations
from .footnotes import find_plain_footnotes, parse_reference
from .lexicon import lexicon
from .links import FoundLink, find_links, find_markdown_links
from .model import Candidate, CandidateClaim, CandidateMention, Extraction
from .senders import Sender, known_body_mentions
from .sentences import Sentences, collapse
from .spans import SpanIndex

__all__ = ["extract_citations"]

_MD_TARGET = re.compile(r"\]\(([^)\n]*)\)")
_MAX_CLAIM = 600


@dataclass
class _Draft:
    """A candidate being built."""

    key: str
    kind: SourceKind
    organisation: str | None = None
    acronym: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    domain: str | None = None
    designation: str | None = None
    vague: bool = False
    note: str | None = None
    work: str | None = None
    anaphor: bool = False  # a definite noun referring back ("Sammanställningen visar")
    first: int = 0
    mentions: list[CandidateMention] = field(default_factory=list)
    claims: list[tuple[str, int]] = field(default_factory=list)  # (text, mention index)

    def __post_init__(self) -> None:
        # mentions and claims merge by key, never by list membership (which made merging
        # thousands of repeated citations quadratic)
        self._mention_at: dict[CandidateMention, int] = {m: i for i, m in
                                                         enumerate(self.mentions)}  # fmt: skip
        self._claim_texts: set[str] = {t for t, _ in self.claims}

    def add_mention(self, mention: CandidateMention) -> int:
        """Add ``mention`` unless it is there; its index either way."""
        index = self._mention_at.get(mention)
        if index is None:
            index = self._mention_at[mention] = len(self.mentions)
            self.mentions.append(mention)
        return index

    def add_claim(self, text: str, index: int = 0) -> bool:
        """Add a claim unless one with the same text is there; whether it was added."""
        if text in self._claim_texts:
            return False
        self._claim_texts.add(text)
        self.claims.append((text, index))
        return True

    def has_claim(self, text: str) -> bool:
        return text in self._claim_texts

    def absorb(self, other: _Draft) -> None:
        for name in ("organisation", "acronym", "title", "publisher", "author", "url",
                     "domain", "designation"):  # fmt: skip
            if getattr(self, name) is None and getattr(other, name) is not None:
                setattr(self, name, getattr(other, name))
        if self.kind in (SourceKind.OTHER, SourceKind.WEB_PAGE) and other.kind not in (
            SourceKind.OTHER,
            SourceKind.WEB_PAGE,
        ):
            self.kind = other.kind
        offset = len(self.mentions)
        for mention in other.mentions:
            self.add_mention(mention)
        for text, index in other.claims:
            mention = other.mentions[index] if index < len(other.mentions) else None
            new_index = self._mention_at.get(mention, offset) if mention else offset
            self.add_claim(text, new_index)
        self.first = min(self.first, other.first)


def _norm(text: str) -> str:
    return re.sub(r"[^\w%]+", " ", text.casefold()).strip()


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


class _Builder:
    def __init__(self, doc: ReadDocument) -> None:
        self.doc = doc
        self.text = doc.text
        self.lang = guess_language(doc.text)
        self.footnotes: tuple[Footnote, ...] = doc.footnotes or tuple(
            find_plain_footnotes(doc.text)
        )
        note_spans = [(f.start, f.end) for f in self.footnotes if 0 <= f.start < f.end]
        masked = _mask(self.text, note_spans)
        self.markdown_links = find_markdown_links(masked)
        # Markdown link targets and their titles are not running text
        targets = [(m.start(1), m.end(1)) for m in _MD_TARGET.finditer(masked)]
        self.body = _mask(masked, targets)
        self.sentences = Sentences(self.body)
        self.drafts: list[_Draft] = []
        self.anchor_spans: list[tuple[int, int, _Draft]] = []
        self.pending: list[tuple[_Draft, str]] = []  # sentence claims used if no other
        self.footnote_drafts: list[tuple[int, _Draft]] = []  # (sentence index, draft)
        self.pairs: list[tuple[_Draft, _Draft]] = []  # footnote draft, attribution in its sentence
        self.attribution_drafts: dict[int, _Draft] = {}  # by the attribution's start
        self.by_org: dict[str, list[_Draft]] = {}  # drafts by organisation, in creation order

    # --- helpers ----------------------------------------------------------------------------

    def mention(self, start: int, end: int, via: str, footnote: str | None = None,
                cue: str | None = None) -> CandidateMention:  # fmt: skip
        page, line = self.doc.position(start)
        sentence = self.sentences.at(start)
        passage = sentence.passage if sentence else collapse(self.text[start:end])
        return CandidateMention(page, line, start, end, passage, via, footnote, cue)

    def claim_text(self, text: str) -> str:
        claim = re.sub(r"\s?\[\d{1,3}\]", "", text)  # "[2]" footnote markers
        claim = re.sub(r"\s?\(\d{1,2}\)(?=[\s.,;:]|$)", "", claim)  # "(2)" reference markers
        claim = re.sub(r"\]\s*\([^)\n]*\)", "", claim).replace("[", "").replace("]", "")
        claim = collapse(claim)
        claim = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+", "", claim)
        claim = re.sub(r"(?<=[a-zåäö”\"])\d{1,2}(?=[\s.,;:]|$)", "", claim)  # footnote markers
        return claim[:_MAX_CLAIM].strip()

    def sentence_claim(self, start: int, marked: bool = False) -> str | None:
        """The citing sentence as a claim, when it has quantities outside links and addresses.

        With ``marked`` (``start`` is a footnote marker) and several markers in the sentence,
        the claim is the part that ends at this marker: "31 procent [1], och 84 procent [3]".
        """
        sentence = self.sentences.at(start)
        if sentence is None:
            return None
        text = sentence.text
        if marked:
            marks = sorted(
                (n.ref_start, n.ref_end or n.ref_start) for n in self.footnotes
                if n.ref_start is not None and sentence.start <= n.ref_start < sentence.end
            )  # fmt: skip
            if len(marks) > 1:
                lo = max([e for s, e in marks if s < start], default=sentence.start)
                text = self.body[lo : max(e for s, e in marks if s == start)]
        text = re.sub(r"\[[^\]\n]*\]\s*(?:\([^)\n]*\))?", " ", text)
        text = re.sub(r"(?:https?://|www\.)\S+|\(\s*[\w.-]+\.[a-z]{2,}\S*\s*\)", " ", text)
        if len(text.split()) >= 4 and parse_quantities(collapse(text), self.lang):
            return text
        return None

    def new(self, key: str, kind: SourceKind, mention: CandidateMention, claim: str | None,
            **fields: object) -> _Draft:  # fmt: skip
        draft = _Draft(key=key, kind=kind, first=mention.start, **fields)  # type: ignore[arg-type]
        draft.add_mention(mention)
        if claim:
            text = self.claim_text(claim)
            if text:
                draft.add_claim(text)
        self.drafts.append(draft)
        if draft.organisation:
            self.by_org.setdefault(draft.organisation, []).append(draft)
        return draft

    # --- extractors -------------------------------------------------------------------------

    def designations(self) -> list[tuple[int, int, _Draft]]:
        spans = []
        for found in find_designations(self.body):
            mention = self.mention(found.start, found.end, "designation")
            draft = self.new(
                f"designation:{found.canonical.casefold()}",
                SourceKind.OFFICIAL_PUBLICATION,
                mention,
                self.sentence_claim(found.start),
                designation=found.canonical,
            )
            spans.append((found.start, found.end, draft))
        return spans

    def links(self) -> None:
        seen: set[tuple[int, int]] = set()
        found: list[FoundLink] = self.markdown_links + find_links(self.body)
        for link in self.doc.links:
            if any(f.anchor_start == link.start and f.anchor is not None for f in found):
                continue
            try:
                url = normalize_url(link.url)
            except Exception:  # noqa: BLE001 - any invalid target is just not a source
                continue
            start = link.start if link.start is not None else 0
            end = link.end if link.end is not None else start
            found.append(
                FoundLink(
                    url,
                    link.url,
                    start,
                    end,
                    anchor=link.text or None,
                    anchor_start=link.start,
                    anchor_end=link.end,
                )
            )
        for link in found:
            if (link.start, link.end) in seen and link.anchor is None:
                continue
            seen.add((link.start, link.end))
            domain = link.domain
            body = by_domain(domain)
            kind = SourceKind.WEB_PAGE
            publisher = NEWS_DOMAINS.get(domain) or (body.name if body else None)
            if domain in NEWS_DOMAINS:
                kind = SourceKind.ARTICLE
            elif link.url.lower().endswith(".pdf"):
                kind = SourceKind.REPORT
            organisation = body.name if body else None
            if link.anchor and organisation is None:
                named = known_body_mentions(link.anchor)
                if named:
                    organisation = named[0][0].name
            where = link.anchor_start if link.anchor_start is not None else link.start
            mention = self.mention(where, link.end, "link" if link.anchor else "url")
            if link.bare:
                key = f"domain:{domain}"
            else:
                key = f"url:{link.url}"
            draft = self.new(
                key,
                kind,
                mention,
                None,
                title=_anchor_title(link.anchor),
                publisher=publisher,
                organisation=organisation,
                acronym=body.acronym if body else None,
                url=None if link.bare else link.url,
                domain=domain,
            )
            claim = self.sentence_claim(where)
            if claim:
                self.pending.append((draft, claim))
            if link.anchor_start is not None and link.anchor_end is not None:
                self.anchor_spans.append((link.anchor_start, link.anchor_end, draft))

    def footnote_sources(self) -> None:
        for note in self.footnotes:
            ref = parse_reference(note.text)
            if not (ref.url or ref.domain or ref.designation or ref.title):
                continue
            if ref.designation:
                key = f"designation:{ref.designation.casefold()}"
            elif ref.url:
                key = f"url:{ref.url}"
            elif ref.title:
                key = f"work:{_norm(ref.title)}"
            else:
                key = f"domain:{ref.domain}"
            if note.ref_start is not None:
                mention = self.mention(
                    note.ref_start, note.ref_end or note.ref_start, "footnote", footnote=note.marker
                )
                claim = self.sentence_claim(note.ref_start, marked=True)
            else:
                mention = self.mention(note.start, note.end, "footnote", footnote=note.marker)
                claim = None
            mention = replace(mention, cue=collapse(note.text)[:300])
            draft = self.new(
                key,
                SourceKind(ref.kind),
                mention,
                None,
                title=ref.title,
                publisher=ref.publisher,
                url=ref.url,
                domain=ref.domain,
                designation=ref.designation,
                organisation=ref.organisation,
            )
            if claim:
                self.pending.append((draft, claim))
            if note.ref_start is not None:
                self.footnote_drafts.append((self.sentences.index(note.ref_start), draft))

    def attributions(self, designation_spans: list[tuple[int, int, _Draft]]) -> None:
        atts = _work_appositions(find_attributions(self.body, self.sentences), self.body)
        anchors = SpanIndex(self.anchor_spans)
        designated = SpanIndex(designation_spans)
        resolved: list[tuple[Attribution, str | None, str | None]] = []
        backs: list[Attribution] = []
        for att in atts:
            target = anchors.enclosing(att.start, att.end, slack=2) or (
                anchors.enclosing(att.sender.start, att.sender.end, slack=2)
                or designated.enclosing(att.sender.start, att.sender.end, slack=2)
                if att.sender is not None
                else None
            )
            if target is not None:
                is_designation = target.designation is not None
                claim = self.claim_text(att.claim) if att.claim else ""
                if is_designation and not parse_quantities(claim, self.lang):
                    claim = ""
                if claim:
                    target.add_claim(claim)
                if target.organisation is None and att.sender is not None and not is_designation:
                    target.organisation = _sender_name(att.sender)
                    self.by_org.setdefault(target.organisation, []).append(target)
                if target.kind in (SourceKind.WEB_PAGE, SourceKind.OTHER) and (
                    att.kind is not SourceKind.OTHER
                ):
                    target.kind = att.kind
                continue
            name, acronym = None, None
            if att.back:
                backs.append(att)
                continue
            if att.sender is not None:
                name, acronym = _sender_name(att.sender), att.sender.acronym
            elif att.anaphor:
                name, acronym = self.antecedent(att, resolved)
            resolved.append((att, name, acronym))
        resolved = _short_names(resolved)
        # acronyms given with a name anywhere resolve the bare acronym everywhere
        full: dict[str, str] = {}
        for _, name, acronym in resolved:
            if name and acronym and name != acronym:
                full.setdefault(acronym, name)
        notes_in: dict[int, list[_Draft]] = {}
        for index, note_draft in self.footnote_drafts:
            notes_in.setdefault(index, []).append(note_draft)
        for att, name, acronym in resolved:
            mention = self.mention(att.start, att.end, "attribution", cue=collapse(att.cue))
            claim = att.claim
            named = att.sender is not None and att.sender.body is None and att.title == name
            if (name is None or named) and att.title and not att.vague:
                # a work named without a sender ("Århuskonventionen", "resolution 1325", "I
                # boken Tills alla dör"): the work is the source
                self.new(f"work:{_norm(att.title)}", att.kind, mention, claim, title=att.title)
                continue
            if name is None:
                digest = hashlib.sha1(mention.passage.encode("utf-8")).hexdigest()[:10]
                key = f"vague:{_norm(att.cue)}:{digest}"
                self.new(key, att.kind, mention, claim, vague=True, note="source not specified")
                continue
            if name == acronym and acronym in full:
                name = full[acronym]
            known = find_body(name) or (find_body(acronym) if acronym == name else None)
            if acronym is None and known is not None:
                acronym = known.acronym
            # "Folkhälsomyndighetens", "FHM" and "Folkhälsomyndigheten" are one sender: a known
            # body is keyed by its gazetteer name, whatever form the text writes
            ident = _norm(known.name if known is not None else acronym or name)
            work = f"title:{_norm(att.title)}" if att.title else _work_id(att)
            key = f"org:{ident}|{work}"
            prior = self.referent(att, name) if att.anaphor else None
            if prior is not None and not (att.title and prior.title and att.title != prior.title):
                key = prior.key  # "Enligt rapporten": the sender's work named just before
            kind = att.kind
            if kind is SourceKind.OTHER and known is not None:
                kind = known.source_kind  # "Enligt SCB": statistics; "Novus frågade": a survey
            elif kind is SourceKind.OTHER and att.sender is not None:
                kind = lexicon().organisation_kind(att.sender.name) or kind
            draft = self.new(
                key,
                kind,
                mention,
                claim,
                organisation=name,
                acronym=acronym,
                title=att.title,
                work=att.work,
                anaphor=att.anaphor,
            )
            self.attribution_drafts[att.start] = draft
            for note_draft in notes_in.get(self.sentences.index(att.start), ()):
                if note_draft is not draft:
                    self.pairs.append((note_draft, draft))
        resolved_starts = [att.start for att, _, _ in resolved]
        for att in backs:
            self.continued(att, resolved, resolved_starts, designation_spans)

    def continued(self, att: Attribution,
                  resolved: list[tuple[Attribution, str | None, str | None]],
                  resolved_starts: list[int],
                  designation_spans: list[tuple[int, int, _Draft]]) -> None:  # fmt: skip
        """A sentence continuing the attribution just before ("Myndigheten konstaterar vidare
        att", "Andelen har dessutom ökat"): its claim joins that sender's work, or nothing."""
        here = self.sentences.index(att.start)
        if here <= 0:
            return
        prev_sentence = self.sentences.items[here - 1]
        claim = self.claim_text(att.claim) if att.claim else ""
        if not claim or not parse_quantities(claim, self.lang):
            return
        before = bisect_left(resolved_starts, att.start)
        for prev, name, _ in reversed(resolved[:before][-64:]):
            if self.sentences.index(prev.start) != here - 1:
                break
            if name is None or prev.vague:
                break
            draft = self.attribution_drafts.get(prev.start)
            if draft is not None and not draft.has_claim(claim):
                index = draft.add_mention(self.mention(att.start, att.end, "attribution",
                                                       cue=collapse(att.cue)))  # fmt: skip
                draft.add_claim(claim, index)
            return
        first = bisect_left(designation_spans, prev_sentence.start, key=lambda span: span[0])
        for start, _, draft in designation_spans[first : first + 1]:
            if prev_sentence.start <= start < prev_sentence.end:
                draft.add_claim(claim)
                return

    def referent(self, att: Attribution, name: str) -> _Draft | None:
        """The sender's most recent named work before a definite noun that refers back."""
        for draft in reversed(self.by_org.get(name, ())):
            if (
                not draft.vague
                and draft.organisation == name
                and draft.first < att.start
                and att.start - draft.first < 3000
                and draft.key.startswith("org:")
            ):
                return draft
        return None

    def antecedent(self, att: Attribution,
                   resolved: list[tuple[Attribution, str | None, str | None]],
                   ) -> tuple[str | None, str | None]:  # fmt: skip
        """The sender of the work a definite noun ("kartläggningen") refers back to."""
        stem = _stem(att.work or "")
        window_start = max(0, att.start - 2500)
        hits = [m.start() for m in re.finditer(re.escape(stem), self.body[window_start:att.start],
                                               re.IGNORECASE)]  # fmt: skip
        for hit in reversed(hits[-4:]):
            sentence = self.sentences.at(window_start + hit)
            if sentence is None:
                continue
            local = self.body[sentence.start : window_start + hit]
            acr = list(
                re.finditer(r"\b([\w-]+(?:\s+[\w-]+){0,6}?)\s*\(([A-ZÅÄÖ][\w]{1,9})\)", local)
            )
            named = known_body_mentions(local)
            if named:
                body = named[-1][0]
                return body.name, body.acronym
            if acr:
                return None, acr[-1].group(2)
            index = self.sentences.index(window_start + hit)
            if index > 0 and hit == hits[-1]:
                # "MUCF fick i uppdrag ... Detta resulterade i rapporten X. Rapporten visar"
                before = self.sentences.items[index - 1]
                named = known_body_mentions(self.body[before.start : before.end])
                if named:
                    return named[-1][0].name, named[-1][0].acronym
        here = self.sentences.index(att.start)
        for prev, name, acronym in reversed(resolved):
            if not att.title:
                break  # only a titled work ("Undersökningen Ungar & medier") is read so
            if name and here > 0 and self.sentences.index(prev.start) == here - 1:
                return name, acronym  # "... hänvisar till X. Undersökningen visar att ..."
        for prev, name, acronym in reversed(resolved):
            if att.start - prev.start >= 3000:
                break  # in order of position: the ones before are farther still
            if name and prev.kind == att.kind:
                return name, acronym
        return None, None

    # --- merging ----------------------------------------------------------------------------

    def merged(self) -> list[_Draft]:
        drafts = list(self.drafts)
        # an attribution in the sentence that carries a footnote marker is the footnote's work
        paired_keys = {}
        for note_draft, att_draft in self.pairs:
            paired_keys.setdefault(att_draft.key, note_draft)
        unpaired = []
        for draft in drafts:
            note_draft = paired_keys.get(draft.key)
            if note_draft is not None and draft is not note_draft and not draft.vague:
                note_draft.absorb(draft)
            else:
                unpaired.append(draft)
        drafts = unpaired
        final = self._merge(drafts)
        for draft, claim in self.pending:
            if not any(parse_quantities(t, self.lang) for t, _ in draft.claims):
                text = self.claim_text(claim)
                if text:
                    draft.add_claim(text)
        return final

    def _merge(self, drafts: list[_Draft]) -> list[_Draft]:
        by_key: dict[str, _Draft] = {}
        order: list[_Draft] = []
        for draft in sorted(drafts, key=lambda d: d.first):
            if draft.key in by_key:
                by_key[draft.key].absorb(draft)
            else:
                by_key[draft.key] = draft
                order.append(draft)
        # a designation written as a link's anchor ("[Förordningen (2016:899)](...)") is one work
        rank = {id(d): i for i, d in enumerate(order)}
        marks = sorted(
            (m.start, rank[id(d)], d) for d in order if d.designation for m in d.mentions
        )  # fmt: skip
        mark_starts = [m[0] for m in marks]
        gone: set[int] = set()
        for start, end, link_draft in self.anchor_spans:
            if id(link_draft) not in rank or id(link_draft) in gone:
                continue
            lo, hi = bisect_left(mark_starts, start), bisect_left(mark_starts, end)
            hosts = [m for m in marks[lo:hi] if m[2] is not link_draft and id(m[2]) not in gone]
            if hosts:
                min(hosts, key=lambda m: m[1])[2].absorb(link_draft)
                gone.add(id(link_draft))
        order = [d for d in order if id(d) not in gone]
        order = self._hosted(order)
        # "ISF:s granskning" joins ISF's only titled work of that kind ("rapporten Titel")
        untitled: list[_Draft] = []
        for draft in order:
            if draft.key.startswith("org:") and draft.title is None and not draft.vague:
                ident = draft.key[4:].split("|")[0]
                titled = [
                    d for d in order
                    if d is not draft and d.key.startswith(f"org:{ident}|") and d.title
                ]  # fmt: skip
                if len(titled) == 1 and titled[0].kind == draft.kind is not SourceKind.OTHER:
                    titled[0].absorb(draft)
                    continue
            untitled.append(draft)
        order = untitled
        # a bare "enligt SCB" joins SCB's only named work
        result: list[_Draft] = []
        for draft in order:
            if draft.key.startswith("org:") and draft.key.endswith("|other"):
                ident = draft.key[4:].split("|")[0]
                same = [d for d in order if d is not draft and d.key.startswith(f"org:{ident}|")]
                if len(same) == 1:
                    same[0].absorb(draft)
                    continue
            result.append(draft)
        # "kartläggningen" by MUCF joins the one MUCF link whose anchor names a kartläggning
        kept: list[_Draft] = []
        for draft in result:
            if draft.key.startswith("org:") and draft.title is None and draft.work:
                stem = _stem(draft.work)
                same = [
                    d for d in result
                    if d.url and d.organisation == draft.organisation and d.title
                    and stem in d.title.casefold()
                ]  # fmt: skip
                if not same and draft.anaphor:  # "Sammanställningen" and the sender's one link
                    same = [d for d in result if d.url and d.organisation == draft.organisation]
                if len(same) == 1:
                    same[0].absorb(draft)
                    continue
            kept.append(draft)
        result = kept
        # a bare domain joins the one footnote or link with that domain
        final: list[_Draft] = []
        for draft in result:
            if draft.key.startswith("domain:"):
                same = [d for d in result if d is not draft and d.domain == draft.domain]
                if len(same) == 1:
                    same[0].absorb(draft)
                    continue
            final.append(draft)
        return self._own_footnotes(self._own_addresses(self._listed_addresses(final)))

    def _hosted(self, drafts: list[_Draft]) -> list[_Draft]:
        """A bare acronym that names another sender's work is that work ("PISA" is the OECD's).

        "The OECD's PISA 2022 results show ... The PISA survey also found that" or "Den
        senaste PISA-undersökningen visar" with "(1) OECD (2023). PISA 2022 Results": when
        exactly one other work names the acronym in its title or citing words, it hosts it.
        """
        kept = list(drafts)
        for draft in drafts:
            acr = draft.acronym
            if not (acr and draft.key.startswith("org:") and draft.organisation == acr):
                continue
            known = find_body(acr)
            if known is not None and not known.is_work:
                continue  # a body of its own; a named survey or index ("TALIS") may be hosted
            word = re.compile(rf"(?<![\w-]){re.escape(acr)}(?![\w])")
            hosts = [
                d for d in kept
                if d is not draft and not d.vague and d.acronym != acr
                and (d.organisation or d.publisher)
                and acr.casefold() not in {_norm(n) for n in (d.organisation, d.publisher) if n}
                and (word.search(d.title or "") or any(word.search(m.cue or "")
                                                       for m in d.mentions))
            ]  # fmt: skip
            if len(hosts) == 1:
                hosts[0].absorb(draft)
                kept.remove(draft)
        return kept

    def _listed_addresses(self, drafts: list[_Draft]) -> list[_Draft]:
        """An address in a list of sources joins the work its line's sender is cited for.

        "Källor: ... Hyresgästföreningen (2023). Hyror 2023. hurvibor.se" or a table row
        "Boverket | Bostadsmarknadsenkäten 2024 | 2024 | boverket.se": the line names the
        sender (or the address is the sender's own), and that sender has one cited work.
        """
        kept = list(drafts)
        for draft in drafts:
            if draft.title or not draft.domain or draft.designation:
                continue
            if not (draft.key.startswith("domain:") or draft.key.startswith("url:")):
                continue
            mention = draft.mentions[0]
            line_start = self.text.rfind("\n", 0, mention.start) + 1
            line_end = self.text.find("\n", mention.start)
            line = self.text[line_start : line_end if line_end >= 0 else len(self.text)]
            if len(line) > 300:
                continue
            owners = [
                d for d in kept
                if d is not draft and d.key.startswith("org:") and not d.vague
                and (_names(d, line) or _listed(line) and _owns(d, draft.domain, True))
            ]  # fmt: skip
            senders = {_norm(d.acronym or d.organisation or "") for d in owners}
            if len(owners) == 1 and len(senders) == 1 and draft in kept:
                owners[0].absorb(draft)
                kept.remove(draft)
        return kept

    def _own_footnotes(self, drafts: list[_Draft]) -> list[_Draft]:
        """A footnote whose publisher is a sender cited with one work nearby is that work.

        "CAN ... Den senaste visar att 38 procent ...[1] CAN:s undersökning visar också ..."
        with "[1] CAN (2023). Skolelevers drogvanor 2023. https://..." is one source: the
        footnote names CAN as publisher, CAN has exactly one work in the text, and the
        marker stands within two sentences of it.
        """
        kept = list(drafts)
        for note in drafts:
            if (
                not note.publisher
                or note.designation
                or not any(m.via == "footnote" for m in note.mentions)
            ):
                continue
            name = _norm(note.publisher)
            owners = [
                d for d in kept
                if d is not note and d.key.startswith("org:") and not d.vague
                and name in {_norm(n) for n in (d.organisation, d.acronym) if n}
            ]  # fmt: skip
            if (
                len(owners) == 1
                and (self._close(owners[0], note) or _same_title(owners[0].title, note.title))
                and note in kept
            ):
                owner = owners[0]
                for draft, claim in self.pending:  # the marked sentence's claim comes first
                    text = self.claim_text(claim) if draft is note and not note.claims else ""
                    if text:
                        note.add_claim(text)
                note.absorb(owner)
                kept.remove(owner)
        return kept

    def _own_addresses(self, drafts: list[_Draft]) -> list[_Draft]:
        """A bare link on the sender's own domain joins that sender's one cited work.

        "En undersökning från CLDD ... Undersökningen finns på https://cldd.se/..." is one
        source: the address's host is the acronym's (or a known body's) domain, the link comes
        after the attribution within two sentences, and that sender has exactly one work.
        """
        kept: list[_Draft] = []
        for draft in drafts:
            if draft.url and draft.key.startswith("url:") and not draft.title:
                owners = [
                    d for d in drafts
                    if d is not draft and d.url is None and d.key.startswith("org:")
                    and _owns(d, draft.domain or domain_of(draft.url), _home(draft.url))
                    and self._near(d, draft)
                ]  # fmt: skip
                if len(owners) == 1:
                    owners[0].absorb(draft)
                    continue
            kept.append(draft)
        return kept

    def _close(self, owner: _Draft, note: _Draft) -> bool:
        """Whether a footnote's marker stands within two sentences of the owner's mention."""
        starts = [self.sentences.index(m.start) for m in owner.mentions]
        note_at = self.sentences.index(note.first)
        return note_at >= 0 and any(abs(note_at - s) <= 2 for s in starts)

    def _near(self, owner: _Draft, link: _Draft) -> bool:
        starts = [self.sentences.index(m.start) for m in owner.mentions]
        link_at = self.sentences.index(link.first)
        return link_at >= 0 and any(0 <= link_at - s <= 2 for s in starts)


def _home(url: str | None) -> bool:
    """Whether an address is a site's front page ("https://www.sls.se/")."""
    return not url or re.match(r"https?://[^/]+/?$", url) is not None


def _same_title(one: str | None, other: str | None) -> bool:
    """Whether two titles name one work ("Kollektivtrafik 2023" and "Kollektivtrafik")."""
    a, b = _norm(one or ""), _norm(other or "")
    return bool(a and b) and (a.startswith(b) or b.startswith(a))


def _listed(line: str) -> bool:
    """Whether a line is an entry of a list or table of sources."""
    return bool(re.match(r"\s*(?:[-•*]|\d{1,2}[.)]|\[\d{1,2}\])\s", line)) or " | " in line


def _names(owner: _Draft, line: str) -> bool:
    """Whether a line of a source list names the owner's sender at its start."""
    head = re.split(r"\s*(?:[|(,.]|\s-\s)", line.strip(" -•*\t"), maxsplit=1)[0]
    return any(
        name and _norm(head) in (_norm(name), _norm(name) + " " + _norm(owner.acronym or ""))
        for name in (owner.organisation, owner.acronym)
    ) or bool(owner.organisation and owner.acronym and _norm(head) == _norm(owner.acronym))


def _fold(text: str) -> str:
    """A name as a host label: "Svenska Livräddningssällskapet" -> svenskalivraddningssallskapet."""
    table = str.maketrans("åäöéü", "aaoeu")
    return re.sub(r"[^a-z0-9]", "", text.casefold().translate(table))


def _owns(owner: _Draft, domain: str, home: bool = False) -> bool:
    """Whether ``domain`` is the sender's own: its acronym's or a known body's domain, or its
    name written as a host ("hyresgastforeningen.se" for Hyresgästföreningen) when ``home``:
    the address is the bare domain or the site's front page."""
    label = domain.casefold().split(".")[0] if domain else ""
    if owner.acronym and label == owner.acronym.casefold():
        return True
    if owner.organisation and label and label == _fold(owner.organisation) and home:
        return True  # a site's front page names its sender, a deeper page may be another work
    body = find_body(owner.organisation or owner.acronym or "")
    own = body.domain if body else None
    return bool(own and (domain == own or domain.endswith("." + own)))


_WORK_ROOTS = (
    ("undersökning", "survey"),
    ("enkät", "survey"),
    ("survey", "survey"),
    ("poll", "survey"),
    ("siffr", "statistics"),
    ("statistik", "statistics"),
    ("uppgift", "statistics"),
    ("figures", "statistics"),
    ("statistics", "statistics"),
    ("data", "statistics"),
    ("prognos", "forecast"),
    ("forecast", "forecast"),
    ("lägesbild", "lägesbild"),
    ("kartläggning", "kartläggning"),
    ("analys", "analys"),
    ("analysis", "analys"),
)


def _work_id(att: Attribution) -> str:
    """The work an attribution names, as one word: synonyms ("siffror", "statistik") agree."""
    work = (att.work or "").casefold()
    for root, ident in _WORK_ROOTS:
        if root in work:
            return ident
    return str(att.kind)


def _work_appositions(atts: list[Attribution], text: str) -> list[Attribution]:
    """A name and, after a comma, a body's work in the genitive are one work, the name its
    title: "Det framgår av Kolada, Rådet för främjande av kommunala analysers databas"."""
    out = list(atts)
    for n in range(len(out) - 1):
        a, b = out[n], out[n + 1]
        if a.sender is None or b.sender is None or not (b.sender.genitive and b.work):
            continue
        if text[a.sender.end : b.start].strip() != "," or a.title:
            continue
        out[n] = replace(a, sender=b.sender, title=a.sender.name, kind=b.kind)
        out[n + 1] = replace(b, title=a.sender.name)
    return out


def _short_names(
    resolved: list[tuple[Attribution, str | None, str | None]],
) -> list[tuple[Attribution, str | None, str | None]]:
    """A one-word name that begins exactly one longer name the text gave before is that body:
    "Länsstyrelsen pekar också på" after "Siffror från Länsstyrelsen i Västerbottens län"."""
    longer: dict[str, dict[str, str | None]] = {}
    out = []
    for att, name, acronym in resolved:
        if name and len(name.split()) > 1:
            longer.setdefault(name.split()[0].casefold(), {}).setdefault(name, acronym)
        elif name and len(longer.get(name.casefold(), {})) == 1:
            ((name, acronym),) = longer[name.casefold()].items()
        out.append((att, name, acronym))
    return out


def _sender_name(sender: Sender) -> str:
    return sender.name


def _stem(work: str) -> str:
    stem = re.sub(r"(arna|erna|orna|rna|en|na|n|ar|er|or)$", "", work.casefold())
    return stem[:8] if len(stem) > 8 else stem


def _anchor_title(anchor: str | None) -> str | None:
    if not anchor:
        return None
    title = re.sub(r"\s*[|,]\s*(?:[\w-]+\s*)?(?:extern webbplats|external link).*$", "", anchor)
    title = re.sub(r"^(?:Pressmeddelande|Artikel|Rapport|Webbartikel)\s*:\s*", "", title)
    return title.strip() or None


def extract_citations(doc: ReadDocument) -> Extraction:
    """The sources ``doc`` cites, each with its mentions and claims, and its own case numbers.

    Pure: the result depends only on ``doc``. Candidates come in order of first mention.
    """
    builder = _Builder(doc)
    designation_spans = builder.designations()
    builder.links()
    builder.footnote_sources()
    builder.attributions(designation_spans)
    candidates = []
    for draft in builder.merged():
        claims = tuple(
            CandidateClaim(
                text=text, quantities=tuple(_quantities(text, builder.lang)), mention=index
            )
            for text, index in _outermost(draft.claims)
        )
        candidates.append(
            Candidate(
                key=draft.key,
                kind=draft.kind,
                organisation=draft.organisation,
                acronym=draft.acronym,
                title=draft.title,
                publisher=draft.publisher,
                author=draft.author,
                url=draft.url,
                domain=draft.domain or (domain_of(draft.url) if draft.url else None),
                designation=draft.designation,
                vague=draft.vague,
                note=draft.note,
                mentions=tuple(draft.mentions),
                claims=claims,
            )
        )
    cases: dict[str, None] = {}
    for value, _, _ in find_case_numbers(doc.text):
        cases.setdefault(value, None)
    return Extraction(
        candidates=tuple(candidates), case_designations=tuple(cases), lang=builder.lang
    )


def _outermost(claims: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The claims, less those that another claim of the same source contains ("17 olika
    personal" inside "... 17 olika personal ... Det framgår av Kolada ..."): a figure is
    claimed once. Linear in practice: claims of one source are few and distinct."""
    if len(claims) < 2:
        return claims
    texts = [t for t, _ in claims]
    if len(texts) > 200:
        return claims  # thousands of repeated citations: no pairwise comparison
    return [
        (t, i) for n, (t, i) in enumerate(claims)
        if not any(m != n and len(o) > len(t) and t in o for m, o in enumerate(texts))
    ]  # fmt: skip


def _quantities(text: str, lang: str) -> list[Quantity]:
    return parse_quantities(text, lang)
