"""Attribution as a frame: a sender and a verb of reporting, in either order, active or passive
(pure).

A frame is read in one sentence from parts that are data, not patterns:

* **sender slots**: a body of the gazetteer ("Riksrevisionen", "SCB:s"), a name whose form says
  it is a body or a person (:func:`verify.extract.senders.read_sender`), a named work ("Global
  Innovation Index", "Århuskonventionen", "resolution 1325"), or unnamed senders
  ("människorättsorganisationer", "flera internationella kunskapsmätningar", "uppgifter");
  slots joined by "och", "samt", "såväl ... som" are one group;
* **verbs** of :mod:`verify.extract.lexicon` with their voice (active, s-passive, participle),
  particle ("lyfts fram") and object ("framfört kritik", "lämnat förslag");
* the small words between them: auxiliaries, adverbs, agent prepositions ("av", "by"), words
  of basis ("enligt", "utifrån") and existence ("det finns", "det förekommer").

The frames:

1. slot, verb: "Riksrevisionen bedömer att", "Kemikalieinspektionen har hittat giftiga ämnen",
   "Den prognos som Energimyndigheten tagit fram", "Även EU och FN har framfört kritik";
2. verb, slot (the verb second after a fronted part): "I rapporten bedömer Säkerhetspolisen
   att", "rapporterar både internationella organisationer och människorättsorganisationer att";
3. auxiliary, slot, supine: "Det hade organisationerna i Sverige också kritiserat";
4. passive or participle with an agent: "har kritiserats av Konsumentverket", "en granskning
   genomförd av sydkoreanska myndigheter", "lyfts fram av FN:s generalsekreterare och FN:s
   säkerhetsråd", "antogs i FN:s säkerhetsråd";
5. a passive of reporting without an agent (a vague source): "uppges fler än 1 500 civila ha
   dödats", "Myndigheterna har kritiserats", "är rankat högst i världen";
6. basis: "Enligt såväl FN som människorättsorganisationer", "enligt vittnesmål", "Utifrån
   skogsutredningen", "i enlighet med parternas förslag";
7. existence: "Det finns uppgifter om att", "Det förekommer rapporter om";
8. named works wherever they stand: "(European Innovation Scoreboard 2022)", "i 2022 års Global
   Innovation Index", "ITUC:s Global Rights index 2021", "FN-stadgan", "Säkerhetsrådets
   resolution 2334", "I boken Tills alla dör";
9. a body named in the genitive with a work: "FN:s konvention om barnets rättigheter";
10. a source in brackets after a claim: "(SvD 28/11 2022)";
11. a definite noun for the body named before: "Kommittén rekommenderade" after "FN:s kommitté
    för rättigheter för personer med funktionsnedsättning".

The claim is the clause the frame governs: the "att"/"that" clause or what follows a colon,
else the whole sentence, so its quantities are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import SourceKind
from .attribution import Attribution
from .gazetteer import gazetteer
from .lexicon import Lexicon, lexicon
from .senders import Sender, is_author, name_like
from .sentences import Sentence, Sentences

__all__ = ["find_frames"]

_TOKEN = re.compile(r"\w+(?:[-:'’.]\w+)*|[^\w\s]")
_PUNCT_START = set(",;:(–—-\"”“'‘’«»[")
_YEAR = re.compile(r"(?:19|20)\d{2}(?::\d{1,3})?$")
_CLASS_KIND = {
    "measure": SourceKind.STATISTICS,
    "ask": SourceKind.SURVEY,
    "estimate": SourceKind.STATISTICS,
}
#: A designation right after a title: "(SOU 2020:19)", ", Ds 2019:8"
_DESIGNATED = re.compile(r"\s*[(,]?\s*(?:SOU|Ds|[Pp]rop\.|[Dd]ir\.|SFS|[Bb]et\.)\s+\d{4}")
_PREPOSITIONS = frozenset(
    "av från med för till hos i på om mot under efter genom vid åt enligt inom utan bland "
    "of by from with for to at in on about".split()
)
_QUOTED_TITLE = re.compile(r"\s*[”\"“«]([^”\"“»\n]{2,120})[”\"»]")


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    low: str


@dataclass
class _Slot:
    """A sender slot: tokens ``i``..``j`` (exclusive), the sender (None: unnamed) and the work."""

    i: int
    j: int
    sender: Sender | None
    vague: bool = False
    kind: SourceKind = SourceKind.OTHER
    work: str | None = None
    title: str | None = None
    author: bool = False
    named_work: bool = False
    genitive: bool = False
    used: bool = False  # a named work a frame has already given its sender
    known: bool = False  # a named work of the gazetteer


@dataclass
class _Context:
    text: str
    sentence: Sentence
    toks: list[_Tok]
    slots: list[_Slot]
    lex: Lexicon
    words: list[str] = field(default_factory=list)  # the tokens in lower case
    starts: dict[int, int] = field(default_factory=dict)  # offset -> token index
    ends: dict[int, int] = field(default_factory=dict)  # offset -> token index + 1
    groups: list[list[_Slot]] | None = None
    group_end: dict[int, list[_Slot]] = field(default_factory=dict)
    group_start: dict[int, list[_Slot]] = field(default_factory=dict)


Reader = Callable[[int, bool], Sender | None]


def find_frames(text: str, sentences: Sentences, read: Reader,
                taken: Callable[[int, int], bool]) -> list[Attribution]:  # fmt: skip
    """Every attribution frame in ``text`` (footnote bodies blanked), in order.

    ``read(pos, genitive)`` reads a sender at an offset (a cached
    :func:`~verify.extract.senders.read_sender`); ``taken(start, end)`` says whether a span is
    already another attribution's, and those sentences' senders are not read again.
    """
    lex = lexicon()
    out: list[Attribution] = []
    recent: list[tuple[int, Sender]] = []  # senders named so far, for frame 11
    for sentence in sentences.items:
        ctx = _context(text, sentence, read, lex, recent)
        if ctx is None:
            continue
        found = _frames(ctx)
        for slot in ctx.slots:
            if slot.sender is not None and not slot.author and not slot.vague:
                recent.append((ctx.toks[slot.i].start, slot.sender))
        for att in found:
            if not taken(att.start, att.end):
                out.append(att)
    out.sort(key=lambda a: a.start)
    return out


# --- reading a sentence -------------------------------------------------------------------


def _context(text: str, sentence: Sentence, read: Reader, lex: Lexicon,
             recent: list[tuple[int, Sender]]) -> _Context | None:  # fmt: skip
    raw = _TOKEN.findall(sentence.text)
    words = [w.casefold() for w in raw]
    if len(words) < 2 or not _may_cite(raw, words, lex):
        return None  # no word of any frame: the sentence cites nothing by a frame
    base = sentence.start
    toks = [
        _Tok(m.group(), base + m.start(), base + m.end(), low)
        for m, low in zip(_TOKEN.finditer(sentence.text), words, strict=True)
    ]
    ctx = _Context(text, sentence, toks, [], lex)
    ctx.words = [t.low for t in toks]
    ctx.starts = {t.start: n for n, t in enumerate(toks)}
    ctx.ends = {t.end: n + 1 for n, t in enumerate(toks)}
    ctx.slots = _slots(ctx, read, recent)
    return ctx


def _may_cite(raw: list[str], words: list[str], lex: Lexicon) -> bool:
    """Whether a sentence has the words some frame needs: a verb of the lexicon, a word of
    basis, existence or statement, a bracket, a possessive with a work, a named official work
    or index; or a work noun with a genitive before it. Most sentences of a long document have
    none and are not read further."""
    work = genitive = False
    for written, word in zip(raw, words, strict=True):
        if lex.triggers(word):
            return True
        if lex.work(word) is not None:
            work = True
        elif written[:1].isupper() and word.endswith("s") and len(word) > 2:
            genitive = True  # "Socialstyrelsens", "FN:s"
        elif word.isdigit():
            genitive = True  # "resolution 1325", "en ny resolution år 2017"
    return work and genitive


def _token_at(ctx: _Context, offset: int, end: bool = False) -> int | None:
    table = ctx.ends if end else ctx.starts
    if offset in table:
        return table[offset]
    # a span that ends inside a token ("SCB:s" read as "SCB") or after trailing space
    for n, tok in enumerate(ctx.toks):
        if end and tok.start < offset <= tok.end:
            return n + 1
        if not end and tok.start <= offset < tok.end:
            return n
    return None


def _slots(ctx: _Context, read: Reader, recent: list[tuple[int, Sender]]) -> list[_Slot]:
    slots: list[_Slot] = []
    taken: set[int] = set()
    gaz = gazetteer()
    after = 0
    for n, tok in enumerate(ctx.toks):
        if tok.start < after or not (gaz.may_start(tok.text) or gaz.may_start(tok.text + "-")
                                     or gaz.may_start(tok.text.split(":")[0])):  # fmt: skip
            continue
        if tok.start > 0 and ctx.text[tok.start - 1].isalnum():
            continue
        match = gaz.match_at(ctx.text, tok.start)
        if match is None:
            continue
        after = match.end
        i = n
        j = _token_at(ctx, match.end, end=True)
        if j is None or j <= i:
            continue
        org = match.organisation
        written = org.name if match.acronym and not org.is_work else match.form
        acronym = match.form if match.acronym else org.acronym
        sender = Sender(written, acronym, match.start, match.end, org, match.genitive)
        slot = _Slot(i, j, sender, kind=org.source_kind, author=is_author(org),
                     named_work=org.is_work, genitive=match.genitive)  # fmt: skip
        if org.is_work:
            slot.title = _with_year(ctx, j, match.form)
            # an index or survey is cited by its name; a journal only says where a study stood
            slot.known = match.form not in org.generic and org.source_kind is not SourceKind.STUDY
        slots.append(slot)
        taken.update(range(i, j))
    slots += _named_works(ctx, taken)
    slots += _back_references(ctx, taken, recent)
    toks = ctx.toks
    for n, tok in enumerate(toks):
        if n in taken or not tok.text[:1].isupper() or tok.text.isdigit():
            continue
        if n > 0 and ctx.toks[n - 1].end == tok.start and ctx.toks[n - 1].text[-1:].isalnum():
            continue
        sender = read(tok.start, False)
        if sender is None or not name_like(sender, strict=False) or sender.start != tok.start:
            continue
        if (
            (n == 0 or toks[n - 1].text in _PUNCT_START)
            and len(sender.name.split()) == 1
            and not name_like(sender, strict=True)
            and not (
                n + 1 < len(toks)
                and ctx.lex.verb_forms(toks[n + 1].text)
                and _has_own_work(ctx, n + 2)
            )
        ):
            continue  # "Upprepade rapporter": a capital at a sentence's start, not a name
        j = _token_at(ctx, sender.end, end=True)
        if j is None or j <= n or any(k in taken for k in range(n, j)):
            continue
        slots.append(_Slot(n, j, sender, genitive=sender.genitive))
        taken.update(range(n, j))
    slots = _sub_bodies(ctx, slots, taken)
    slots += _vague_slots(ctx, taken)
    slots.sort(key=lambda s: s.i)
    return _appositions(ctx, slots)


def _appositions(ctx: _Context, slots: list[_Slot]) -> list[_Slot]:
    """ "Organisationen för ekonomiskt samarbete och utveckling, OECD," is one slot: a name and,
    after a comma, the same body's acronym (or an acronym whose letters begin its words)."""
    out: list[_Slot] = []
    for slot in slots:
        if out and slot.i == out[-1].j and slot.sender is not None and slot.sender.acronym:
            first = out[-1]
            a = first.sender
            if a is not None and a.body is not None and a.body is slot.sender.body:
                first.j = slot.j  # "FN:s befolkningsfond UNFPA": a name and its acronym
                first.sender = Sender(a.name, slot.sender.acronym, a.start, slot.sender.end,
                                      a.body, slot.genitive)  # fmt: skip
                first.genitive = slot.genitive
                continue
        if out and slot.i == out[-1].j + 1 and ctx.toks[out[-1].j].text == ",":
            first = out[-1]
            a, b = first.sender, slot.sender
            if a is not None and b is not None and b.acronym and _same_body(a, b):
                first.j = slot.j
                first.sender = Sender(a.name, b.acronym, a.start, b.end, a.body or b.body,
                                      a.genitive or b.genitive)  # fmt: skip
                first.genitive = slot.genitive
                continue
        out.append(slot)
    return out


def _same_body(a: Sender, b: Sender) -> bool:
    if a.body is not None and a.body is b.body:
        return True
    if not b.acronym or len(a.name.split()) < 2:
        return False
    initials = "".join(w[0] for w in re.split(r"[\s-]+", a.name) if w and w[0].isupper())
    return initials.upper().startswith(b.acronym.upper()[:2])


def _sub_bodies(ctx: _Context, slots: list[_Slot], taken: set[int]) -> list[_Slot]:
    """A part of a body named after the body's genitive: "FN:s kommitté mot tortyr", "FN:s
    kommitté för rättigheter för personer med funktionsnedsättning"."""
    toks, lex = ctx.toks, ctx.lex
    for slot in slots:
        if slot.sender is None or slot.j >= len(toks) or toks[slot.j].low not in lex.sub_bodies:
            continue
        if not (slot.genitive or toks[slot.j - 1].text.endswith("s")):
            continue  # "FN:s kommitté", "Ban Ki- Moons panel"
        end = slot.j + 1
        if end < len(toks) and toks[end].low in ("för", "mot", "om", "i", "on", "for", "against"):
            m = end + 1
            while m < len(toks) and m - end <= 7 and re.fullmatch(r"[a-zåäöé-]+", toks[m].text):
                if lex.verb_forms(toks[m].text) or toks[m].low in ("som", "och", "att"):
                    break
                m += 1
            if m > end + 1:
                end = m
        name = ctx.text[toks[slot.i].start : toks[end - 1].end]
        parent = slot.sender
        slot.sender = Sender(name, None, parent.start, toks[end - 1].end, None)
        slot.kind = parent.body.source_kind if parent.body else slot.kind
        slot.genitive = False
        taken.update(range(slot.j, end))
        slot.j = end
    return slots


def _with_year(ctx: _Context, j: int, name: str) -> str:
    """A work's name with the year after it: "European Innovation Scoreboard 2022"."""
    if j < len(ctx.toks) and _YEAR.match(ctx.toks[j].text):
        return f"{name} {ctx.toks[j].text}"
    return name


def _named_works(ctx: _Context, taken: set[int]) -> list[_Slot]:
    """Works named by form: "Global Rights index", "Århuskonventionen", "FN-stadgan",
    "Europa 2020-strategin", "resolution 1325"."""
    toks, lex = ctx.toks, ctx.lex
    out: list[_Slot] = []
    n = 0
    while n < len(toks):
        tok = toks[n]
        if n in taken:
            n += 1
            continue
        # a run of capitalised words ending in a work head: "Global Rights index"
        if tok.text[:1].isupper():
            k = n
            while (
                k < len(toks)
                and k not in taken
                and (
                    toks[k].text[:1].isupper()
                    or (k > n and toks[k].low in ("of", "and", "for", "on"))
                )
            ):
                if toks[k].text in lex.named_works or toks[k].low == "index":
                    break
                k += 1
            if (
                k < len(toks)
                and k > n
                and k not in taken
                and (toks[k].text in lex.named_works or toks[k].low == "index")
            ):
                name = ctx.text[tok.start : toks[k].end]
                kind = lex.named_works.get(toks[k].text, SourceKind.REPORT)
                sender = Sender(name, None, tok.start, toks[k].end, None)
                out.append(_Slot(n, k + 1, sender, kind=kind, named_work=True,
                                 title=_with_year(ctx, k + 1, name)))  # fmt: skip
                taken.update(range(n, k + 1))
                n = k + 1
                continue
        # "Århuskonventionen", "FN-stadgan", "Europa 2020-strategin"
        if tok.low.endswith(lex.official_endings) and any(
            tok.low.endswith(e) and len(tok.low) > len(e) + 1 for e in lex.named_officials
        ):
            first = n
            if (
                n > 0
                and re.match(r"\d{4}-", tok.text)
                and toks[n - 1].text[:1].isupper()
                and n - 1 not in taken
            ):
                first = n - 1
            if toks[first].text[:1].isupper() and first not in taken:
                name = ctx.text[toks[first].start : tok.end]
                acr = re.match(r"([A-ZÅÄÖ]{2,8})-", tok.text)
                sender = Sender(name, None, toks[first].start, tok.end, None)
                slot = _Slot(first, n + 1, sender, kind=SourceKind.OFFICIAL_PUBLICATION,
                             named_work=True, title=name)  # fmt: skip
                if acr:
                    org = gazetteer().find(acr.group(1))
                    if org is not None and not is_author(org):
                        owner = org.name if not org.is_work else acr.group(1)
                        slot.sender = Sender(owner, acr.group(1), tok.start, tok.end, org)
                        slot.named_work = False
                out.append(slot)
                taken.update(range(first, n + 1))
                n += 1
                continue
        # "resolution 1325", "resolutionen 2334", "en ny resolution år 2017"
        if tok.low.startswith("resolution") and n + 1 < len(toks):
            size = 0
            if toks[n + 1].text.isdigit():
                size = 2
            elif (
                n + 2 < len(toks)
                and toks[n + 1].low in ("år", "från")
                and _YEAR.match(toks[n + 2].text)
            ):
                size = 3
            if size:
                name = ctx.text[tok.start : toks[n + size - 1].end]
                sender = Sender(name, None, tok.start, toks[n + size - 1].end, None)
                out.append(_Slot(n, n + size, sender, kind=SourceKind.OFFICIAL_PUBLICATION,
                                 named_work=True, title=name))  # fmt: skip
                taken.update(range(n, n + size))
                n += size
                continue
        n += 1
    return out


_QUANTIFIERS = {
    "flera", "många", "vissa", "olika", "upprepade", "ett", "flertal", "en", "rad", "lång",
    "några", "ytterligare", "nya", "färska", "tidigare", "several", "many", "some", "various",
    "repeated", "numerous", "other",
}  # fmt: skip


def _modifier(tok: _Tok) -> bool:
    """A word that may stand before the noun of unnamed senders: an adjective or quantifier."""
    low = tok.low
    lex = lexicon()
    if lex.has("aux", (low,)) or lex.has("gap", (low,)) or lex.has("modal", (low,)):
        return False
    return (
        low in _QUANTIFIERS
        or bool(re.fullmatch(r"[a-zåäöé-]+(?:a|e|iska|ska|ade|da|ta|na|iga|liga|ära)", low))
        and low not in ("de", "att", "som", "och", "men", "eller", "samma", "denna", "dessa")
    )


def _vague_slots(ctx: _Context, taken: set[int]) -> list[_Slot]:
    """Unnamed senders: "människorättsorganisationer", "Såväl inhemska som internationella
    bedömare", "flertaliga och samstämmiga uppgifter", "preliminär statistik från våren"."""
    toks, lex = ctx.toks, ctx.lex
    out = []
    for n, tok in enumerate(toks):
        if n in taken or not lex.is_vague(tok.text):
            continue
        if n > 0 and toks[n - 1].low in {w[0] for w in lex.phrases.get("own", ())}:
            continue  # "våra undersökningar": the author's own
        if n > 0 and toks[n - 1].low in ("de", "dessa", "dess", "deras", "the", "these"):
            continue
        i = n
        while (
            i > 0
            and i - 1 not in taken
            and (
                _modifier(toks[i - 1])
                or (toks[i - 1].low in ("och", "som", "and") and i > 1 and _modifier(toks[i - 2]))
            )
        ):
            i -= 1
        if any(lex.has("own", (t.text,)) for t in toks[max(0, i - 1) : n]):
            continue  # "enligt våra egna beräkningar": the author's own
        j = n + 1
        # "organisationerna i Sverige", "statistik från våren": a short place or time
        if (
            j + 1 < len(toks)
            and toks[j].low in ("i", "från", "in", "from")
            and toks[j + 1].text.isalpha()
            and j + 1 not in taken
        ):
            after = _skip_forward(ctx, j + 2)
            if after < len(toks) and (ctx.lex.verb_forms(toks[after].text)
                                      or lex.has("aux", (toks[after].text,))):  # fmt: skip
                j += 2
        work = lex.work(tok.text)
        kind = work[1] if work else SourceKind.OTHER
        out.append(_Slot(i, j, None, vague=True, kind=kind, work=tok.low))
        taken.update(range(i, j))
    return out


# --- frames --------------------------------------------------------------------------------


def _groups(ctx: _Context) -> list[list[_Slot]]:
    """Slots joined by "och", "samt", "som" (after "såväl"), "," into groups, in order."""
    if ctx.groups is None:
        ctx.groups = _make_groups(ctx)
        ctx.group_end = {g[-1].j: g for g in reversed(ctx.groups)}
        ctx.group_start = {g[0].i: g for g in reversed(ctx.groups)}
    return ctx.groups


def _make_groups(ctx: _Context) -> list[list[_Slot]]:
    groups: list[list[_Slot]] = []
    for slot in ctx.slots:
        if groups:
            last = groups[-1][-1]
            between = [t.low for t in ctx.toks[last.j : slot.i]]
            if between in (["och"], ["samt"], ["som"], [","], ["and"], ["or"], ["eller"],
                           ["och", "även"], [",", "och"]):  # fmt: skip
                groups[-1].append(slot)
                continue
        groups.append([slot])
    return groups


def _skip_back(ctx: _Context, k: int) -> tuple[int, bool, bool]:
    """From token ``k`` (exclusive) back over auxiliaries, adverbs, a bracket and an apposition:
    the index where a subject would end, whether an auxiliary was passed, and whether a modal."""
    lex, toks = ctx.lex, ctx.toks
    words = ctx.words
    aux = modal = False
    while k > 0:
        size = lex.longest_before("aux", words, k)
        if size:
            aux, k = True, k - size
            continue
        size = lex.longest_before("modal", words, k)
        if size:
            modal, k = True, k - size
            continue
        size = lex.longest_before("gap", words, k)
        if size:
            k -= size
            continue
        if toks[k - 1].text == ")":
            depth, m = 0, k - 1
            while m >= 0:
                depth += toks[m].text == ")"
                depth -= toks[m].text == "("
                if depth == 0:
                    break
                m -= 1
            if m < 0 or k - m > 25:
                break
            k = m
            continue
        if toks[k - 1].text == "," and any(s.j == k - 1 for s in ctx.slots):
            k -= 1  # "OECD, bedömer": the comma that closes "Organisationen för ..., OECD,"
            break
        if toks[k - 1].text == ",":
            # an apposition: "Rachel Carson, författare till ... från 1962, har skrivit"
            m = k - 2
            while m >= 0 and toks[m].text not in (",", ".", ";", ":") and k - m < 20:
                m -= 1
            if m >= 0 and toks[m].text == "," and any(s.j == m for s in ctx.slots):
                k = m
                continue
        break
    return k, aux, modal


def _skip_forward(ctx: _Context, k: int) -> int:
    lex, toks = ctx.lex, ctx.toks
    words = ctx.words
    while k < len(toks):
        size = lex.longest("gap", words, k)
        if not size:
            break
        k += size
    return k


def _subject(ctx: _Context, j: int, cls: str) -> tuple[list[_Slot] | None, str]:
    """The subject of a verb whose subject would end at ``j``, and how it was found:
    ``slot`` (right before: "Riksrevisionen bedömer"), ``relative`` ("Ban Ki-Moons panel för
    humanitär finansiering, som har lagt fram"), ``coordinated`` (the clause's subject before
    "och": "OCHA har en samordnande roll och presenterar"), ``vague`` (an indefinite work:
    "en rapport som sammanfattar", "en studie som visar"), or None."""
    toks, lex = ctx.toks, ctx.lex
    group = _slot_ending(ctx, j)
    if group is not None:
        return group, "slot"
    if j >= 2 and toks[j - 1].low in ("som", "which", "who") and toks[j - 2].text == ",":
        group = _slot_ending(ctx, j - 2)
        if group is not None:
            return group, "relative"
    if j >= 2 and toks[j - 1].low in ("som", "that", "which"):
        work = lex.work(toks[j - 2].text)
        if work and cls not in ("present", "conduct", "adopt"):
            det = [t.low for t in toks[max(0, j - 5) : j - 2]]
            if any(d in ("en", "ett", "a", "an", "flera", "många", "several") for d in det):
                return [_Slot(j - 2, j - 1, None, vague=True, kind=work[1], work=work[0])], "vague"
    if j >= 2 and toks[j - 1].low in ("och", "and"):
        for group in _groups(ctx):
            first, last = group[0], group[-1]
            if last.j >= j - 1:
                break
            if first.i > 0 and toks[first.i - 1].text not in _PUNCT_START:
                continue
            between = toks[last.j : j - 1]
            if any(s.i >= last.j and s.j <= j - 1 for s in ctx.slots if s not in group):
                break
            if any(lex.verb_forms(t.text) or lex.has("aux", (t.text,)) for t in between[:3]):
                if not any(t.text in (".", ";", ":") for t in between):
                    return group, "coordinated"
            break
    return None, ""


def _slot_ending(ctx: _Context, j: int) -> list[_Slot] | None:
    _groups(ctx)
    return ctx.group_end.get(j)


def _slot_starting(ctx: _Context, i: int) -> list[_Slot] | None:
    _groups(ctx)
    return ctx.group_start.get(i)


def _subject_start_ok(ctx: _Context, i: int) -> tuple[bool, _Slot | None]:
    """Whether a subject may begin at token ``i``: the sentence's start, after punctuation, a
    conjunction or "som" (then a work noun before it names the sender's work), or a short
    descriptor ("den internationella fackliga samarbetsorganisationen ITUC")."""
    toks, lex = ctx.toks, ctx.lex
    words = ctx.words
    k = i
    while k > 0 and toks[k - 1].low in ("både", "såväl", "även", "också", "dessutom", "both"):
        k -= 1
    # a descriptor of lower-case words: "tankesmedjan", "den internationella ... organisationen"
    m = k
    while (
        m > 0
        and i - m < 5
        and re.fullmatch(r"[a-zåäöé-]+", toks[m - 1].text)
        and toks[m - 1].low not in _PREPOSITIONS
    ):
        if toks[m - 1].low in ("den", "det", "de", "the"):
            m -= 1
            break
        m -= 1
    for start in (k, m):
        if start == 0:
            return True, None
        before = toks[start - 1]
        if lex.has("hypothetical", (before.text,)):
            return False, None
        if before.text in _PUNCT_START or before.text in (")",):
            return True, None
        if lex.longest_before("boundary", words, start):
            work = None
            if before.low == "som" and start >= 2 and lex.work(toks[start - 2].text):
                stem, kind = lex.work(toks[start - 2].text)  # type: ignore[misc]
                work = _Slot(start - 2, start - 1, None, kind=kind, work=stem)
            if start >= 2 and lex.has("hypothetical", (toks[start - 2].text,)):
                return False, None
            return True, work
    return False, None


def _claim(ctx: _Context, k: int) -> tuple[str, int]:
    """The claim after token ``k`` (exclusive): the "att"/"that" clause or what follows a colon
    when they come next (after adverbs), else the whole sentence."""
    toks = ctx.toks
    m = _skip_own_work(ctx, _skip_forward(ctx, k))
    if m < len(toks) and toks[m].low in ("att", "that", ":"):
        if m + 1 < len(toks):
            start = toks[m + 1].start
            return ctx.text[start : ctx.sentence.end].strip(), start
    return ctx.sentence.text.strip(), ctx.sentence.start


def _skip_own_work(ctx: _Context, m: int) -> int:
    """Past "i sin rapport", "i sin novell ”De levande” såhär", "in its latest report"."""
    toks = ctx.toks
    if m + 2 >= len(toks) or toks[m].low not in ("i", "in"):
        return m
    n = m + 1
    while n < len(toks) and n - m < 5 and not ctx.lex.work(toks[n].text):
        if toks[n].text in _PUNCT_START or toks[n].low in ("att", "that"):
            return m
        n += 1
    if n >= len(toks) or not ctx.lex.work(toks[n].text):
        return m
    quoted = _QUOTED_TITLE.match(ctx.text, toks[n].end)
    n += 1
    if quoted:
        while n < len(toks) and toks[n].start < quoted.end():
            n += 1
    while n < len(toks) and (toks[n].low in ("såhär", "så", "här", "följande") or
                             _YEAR.match(toks[n].text)):  # fmt: skip
        n += 1
    return _skip_forward(ctx, n)


def _verb_fits(ctx: _Context, k: int, verb_particle: tuple[str, ...],
               objects: frozenset[str]) -> int | None:  # fmt: skip
    """Where the verb at ``k`` ends with its particle ("lyfter också fram"), or None when the
    particle or the object it needs ("framfört kritik") is missing."""
    toks = ctx.toks
    end = k + 1
    if verb_particle:
        m = _skip_forward(ctx, end)
        if [t.low for t in toks[m : m + len(verb_particle)]] != list(verb_particle):
            return None
        end = m + len(verb_particle)
    if objects:
        window = [t.low for t in toks[end : end + 6]]
        if not any(w.startswith(o) for w in window for o in objects):
            return None
    return end


def _supine(form: str) -> bool:
    return (
        form.endswith("t")
        and not form.endswith(("at", "et"))
        or form.endswith(
            ("at", "itt", "tt", "it", "gt", "rt", "lt", "nt", "mt", "st", "kt", "pt", "ft")
        )
    )


def _attribution(ctx: _Context, slot: _Slot, start: int, end: int, claim: tuple[str, int],
                 kind: SourceKind = SourceKind.OTHER, work: _Slot | None = None,
                 title: str | None = None) -> Attribution:  # fmt: skip
    text = ctx.text
    kind = (
        slot.kind
        if slot.kind is not SourceKind.OTHER and (slot.named_work or slot.vague or slot.work)
        else kind
    )
    if work is not None and work.kind is not SourceKind.OTHER:
        kind = work.kind
    return Attribution(
        start=start,
        end=end,
        cue=text[start:end].strip(),
        kind=kind,
        sender=None if slot.vague else slot.sender,
        vague=slot.vague,
        title=title or slot.title,
        work=(work.work if work is not None else slot.work),
        claim=claim[0],
        claim_start=claim[1],
    )


def _frames(ctx: _Context) -> list[Attribution]:
    toks, lex = ctx.toks, ctx.lex
    out: list[Attribution] = []
    groups = _groups(ctx)
    used_verbs: set[int] = set()

    def usable(slot: _Slot, strict: bool) -> bool:
        if slot.author:
            return False
        if slot.vague or slot.named_work or slot.sender is None:
            return True
        return name_like(slot.sender, strict)

    for k, tok in enumerate(toks):
        readings = lex.verb_forms(tok.text)
        if not readings:
            continue
        if k > 0 and toks[k - 1].low in ("att", "to"):
            continue  # an infinitive
        for form in readings:
            verb = form.verb
            if form.voice == "active":
                end = _verb_fits(ctx, k, verb.particle, verb.objects)
                if end is None or verb.needs == "passive":
                    continue
                if verb.needs == "att" and not _att_follows(ctx, end) and not _work_som(ctx, k):
                    continue  # "SCB har undersökt hur": no finding; "en undersökning som Novus
                    # genomfört": the work is named
                kind = _CLASS_KIND.get(verb.cls, SourceKind.OTHER)
                # 1. slot, verb
                j, aux, modal = _skip_back(ctx, k)
                group, how = _subject(ctx, j, verb.cls)
                if group is not None and not modal and (aux or not _supine(tok.low) or
                                                        _after_som(ctx, group[0].i)):  # fmt: skip
                    ok, work = _subject_start_ok(ctx, group[0].i) if how == "slot" else (True, None)
                    strict = not _has_own_work(ctx, end)
                    if ok and _asks(ctx, end):
                        ok = False  # "har redovisat hur arbetet ska genomföras": no finding
                    if (
                        ok
                        and verb.cls == "present"
                        and work is None
                        and not _presents_work(ctx, end)
                    ):
                        ok = False  # "har presenterat ett kravpaket": not information
                    if ok and verb.cls == "present" and _written_by(ctx, end):
                        ok = False  # "presenterar en rapport skriven av X": X is its sender
                    if ok and verb.cls in _JOINT and len(group) > 1:
                        group = [_joint(ctx, group)]  # "X och Y har presenterat ett kravpaket"
                    if ok:
                        claim = _claim(ctx, end)
                        title = _in_work_title(ctx, end)
                        for slot in group:
                            if usable(slot, strict):
                                s0, e0 = _span(ctx, slot, group, toks[slot.i].start,
                                               toks[end - 1].end)  # fmt: skip
                                out.append(_attribution(ctx, slot, s0, e0, claim, kind, work,
                                                        title))  # fmt: skip
                        used_verbs.add(k)
                        break
                # 2. verb, slot: the verb second, after a fronted part
                if k > 0 and toks[k - 1].text not in _PUNCT_START:
                    m = _skip_forward(ctx, end)
                    group = _slot_starting(ctx, m)
                    if group is not None:
                        after = _skip_forward(ctx, group[-1].j)
                        after = _with_genitive_work(ctx, group, after)
                        objected = bool(verb.objects) and any(
                            t.low.startswith(o)
                            for t in toks[after : after + 5] for o in verb.objects
                        )  # "antog Europeiska rådet i dag ett direktiv"  # fmt: skip
                        if after < len(toks) and (toks[after].low in ("att", "that", ":")
                                                  or objected):  # fmt: skip
                            claim = _claim(ctx, after)
                            for slot in group:
                                if usable(slot, True):
                                    s0, e0 = _span(ctx, slot, group, tok.start,
                                                   toks[slot.j - 1].end)  # fmt: skip
                                    out.append(_attribution(ctx, slot, s0, e0, claim, kind))
                            used_verbs.add(k)
                            break
                # 3. auxiliary, slot, supine: "Det hade organisationerna i Sverige också
                # kritiserat"
                if _supine(tok.low):
                    j2 = _skip_back_gap(ctx, k)
                    group = _slot_ending(ctx, j2)
                    if (
                        group is not None
                        and group[0].i > 0
                        and lex.has("aux", (toks[group[0].i - 1].text,))
                    ):
                        claim = (ctx.sentence.text.strip(), ctx.sentence.start)
                        for slot in group:
                            if usable(slot, True):
                                s0, e0 = _span(ctx, slot, group, toks[group[0].i - 1].start,
                                               toks[end - 1].end)  # fmt: skip
                                out.append(_attribution(ctx, slot, s0, e0, claim, kind))
                        used_verbs.add(k)
                        break
            else:
                # 4. passive or participle with an agent
                end = _verb_fits(ctx, k, verb.particle, frozenset())
                if end is None:
                    continue
                m = _skip_forward(ctx, end)
                agent = toks[m].low if m < len(toks) else ""
                agents = ("av", "by") if verb.cls != "adopt" else ("av", "by", "i", "in")
                if agent in agents:
                    group = _slot_starting(ctx, _skip_forward(ctx, m + 1))
                    if group is None and m + 1 < len(toks):
                        group = _slot_starting(ctx, _skip_descriptor(ctx, m + 1))
                    work = _work_before(ctx, k)
                    if form.voice == "participle" and work is None:
                        group = None  # "Motionen är skriven av X": its author, not a source
                    if form.voice == "passive" and verb.needs == "active":
                        group = None  # "Rapporten har skrivits av X": its authors
                    named = next((s for s in ctx.slots if s.named_work and s.j <= k), None)
                    if verb.cls == "adopt" and named is not None and group is not None:
                        named.used = True  # "resolution 1325 ... antogs i FN:s säkerhetsråd"
                        work = _Slot(named.i, named.j, None, kind=named.kind, title=named.title)
                    if group is not None:
                        kind = _CLASS_KIND.get(verb.cls, SourceKind.OTHER)
                        claim = (ctx.sentence.text.strip(), ctx.sentence.start)
                        for slot in group:
                            if usable(slot, False):
                                start = toks[work.i].start if work is not None else tok.start
                                s0, e0 = _span(ctx, slot, group, start, toks[slot.j - 1].end)
                                title = work.title if work is not None else None
                                out.append(_attribution(ctx, slot, s0, e0, claim, kind, work,
                                                        title))  # fmt: skip
                        used_verbs.add(k)
                        break
                # 5. a passive of reporting without an agent: a vague source
                if (
                    verb.vague
                    and verb.lang == "sv"
                    and _vague_passive(ctx, k, form.voice, m)
                    and not any(s.named_work for s in ctx.slots)
                ):
                    slot = _Slot(k, end, None, vague=True)
                    claim = (ctx.sentence.text.strip(), ctx.sentence.start)
                    out.append(_attribution(ctx, slot, tok.start, toks[end - 1].end, claim))
                    used_verbs.add(k)
                    break
    out += _basis(ctx)
    out += _existence(ctx)
    out += _own_works(ctx)
    out += _statements(ctx)
    out += _works(ctx, groups)
    out += _brackets(ctx)
    return out


def _span(ctx: _Context, slot: _Slot, group: list[_Slot], start: int, end: int) -> tuple[int, int]:
    """The cue's span: the whole frame for a group's first slot, the slot alone for the ones
    after it ("såväl FN som människorättsorganisationer": two senders, two spans)."""
    if slot is group[0]:
        return start, end if len(group) == 1 else max(
            ctx.toks[slot.j - 1].end, min(end, ctx.toks[group[1].i].start - 1)
        )
    return ctx.toks[slot.i].start, ctx.toks[slot.j - 1].end


#: Verbs of making a work: two senders of one work are one source, not two.
_JOINT = frozenset({"present", "conduct"})
_QUESTION_WORDS = frozenset(
    "hur vad vilka vilken vilket huruvida varför när var how what which whether why".split()
)


def _presents_work(ctx: _Context, end: int) -> bool:
    """Whether what a sender presents is a work of information: "presenterar årligen en
    översikt", "har presenterat ett lagstiftningspaket", "lämnat viktiga förslag"."""
    for tok in ctx.toks[end : end + 7]:
        if tok.text in _PUNCT_START or tok.low in ("att", "som", "that"):
            return False
        if ctx.lex.work(tok.text):
            return True
    return False


def _asks(ctx: _Context, end: int) -> bool:
    """Whether the verb is followed by an indirect question ("redovisat hur", "undersökt
    vilka"): the text says what was looked at, not what was found."""
    m = _skip_forward(ctx, end)
    return m < len(ctx.toks) and ctx.toks[m].low in _QUESTION_WORDS


def _joint(ctx: _Context, group: list[_Slot]) -> _Slot:
    first = group[0]
    return _Slot(first.i, group[-1].j, first.sender, first.vague, first.kind, first.work,
                 first.title, first.author, first.named_work, first.genitive)  # fmt: skip


def _work_som(ctx: _Context, k: int) -> bool:
    """Whether the verb's subject follows "<work> som": "En undersökning som Novus genomfört"."""
    j, _, _ = _skip_back(ctx, k)
    group = _slot_ending(ctx, j)
    if group is None or group[0].i < 2:
        return False
    i = group[0].i
    return ctx.toks[i - 1].low == "som" and ctx.lex.work(ctx.toks[i - 2].text) is not None


def _att_follows(ctx: _Context, end: int) -> bool:
    m = _skip_own_work(ctx, _skip_forward(ctx, end))
    return m < len(ctx.toks) and ctx.toks[m].low in ("att", "that")


def _after_som(ctx: _Context, i: int) -> bool:
    return i > 0 and ctx.toks[i - 1].low in ("som", "att", "that", "which")


def _has_own_work(ctx: _Context, end: int) -> bool:
    """Whether the verb is followed by "i sin rapport", "in its report": the sender's own work,
    which makes even a bare surname a sender ("Draghi konstaterar i sin rapport att")."""
    words = [t.low for t in ctx.toks[end : end + 6]]
    own = ("sin", "sitt", "sina", "his", "her", "its")
    if len(words) >= 2 and words[0] in ("i", "in") and words[1] in own:
        return any(ctx.lex.work(w) for w in words[2:])
    return False


def _in_work_title(ctx: _Context, end: int) -> str | None:
    """The title in "skrev i sin novell ”De levande”" or "i rapporten ”Titel”"."""
    toks = ctx.toks
    words = [t.low for t in toks[end : end + 6]]
    if not words or words[0] not in ("i", "in"):
        return None
    for n in range(1, min(5, len(words))):
        if ctx.lex.work(words[n]):
            pos = toks[end + n].end
            quoted = _QUOTED_TITLE.match(ctx.text, pos)
            if quoted:
                return quoted.group(1).strip()
            return None
    return None


def _skip_back_gap(ctx: _Context, k: int) -> int:
    words = ctx.words
    while k > 0:
        size = ctx.lex.longest_before("gap", words, k)
        if not size:
            break
        k -= size
    return k


def _skip_descriptor(ctx: _Context, m: int) -> int:
    """Past a role or descriptor before a name: "av författaren Marit Kapla"."""
    toks = ctx.toks
    n = m
    while n < len(toks) and n - m < 4 and re.fullmatch(r"[a-zåäöé-]+", toks[n].text):
        if ctx.lex.has("role", (toks[n].text,)) or toks[n].low.endswith(("en", "et", "na")):
            return n + 1
        n += 1
    return m


def _with_genitive_work(ctx: _Context, group: list[_Slot], after: int) -> int:
    """Past the work after a genitive sender: "visar SCB:s siffror att"."""
    toks = ctx.toks
    if group[-1].genitive and after < len(toks) and ctx.lex.work(toks[after].text):
        stem, kind = ctx.lex.work(toks[after].text)  # type: ignore[misc]
        group[-1].work, group[-1].kind = stem, kind
        return _skip_forward(ctx, after + 1)
    return after


def _work_before(ctx: _Context, k: int) -> _Slot | None:
    """The work noun a participle follows: "en studie genomförd av", "granskning utförd av",
    "en ny underlagsrapport, The Welfare State and Economic Performance, skriven av" (the
    title between commas is the work's)."""
    toks = ctx.toks
    m = k - 1
    if m >= 0 and toks[m].text == ",":
        n = m - 1
        while n >= 0 and toks[n].text != "," and m - n < 14:
            n -= 1
        if n >= 1 and toks[n].text == "," and ctx.lex.work(toks[n - 1].text):
            found = ctx.lex.work(toks[n - 1].text)
            title = ctx.text[toks[n + 1].start : toks[m - 1].end] if m - 1 > n else None
            return _Slot(n - 1, n, None, kind=found[1], work=found[0], title=title)  # type: ignore[index]
    for m in range(k - 1, max(-1, k - 4), -1):
        found = ctx.lex.work(toks[m].text)
        if found:
            return _Slot(m, m + 1, None, kind=found[1], work=found[0])
        if toks[m].text in _PUNCT_START:
            break
    return None


def _vague_passive(ctx: _Context, k: int, voice: str, after: int) -> bool:
    """Whether the passive at ``k`` reports without saying who: not after a modal ("ska
    rapporteras"), not "rapporteras till/in", and, for a participle, after "är"/"har"."""
    toks, lex = ctx.toks, ctx.lex
    words = ctx.words
    back, aux, modal = _skip_back(ctx, k)
    if modal or (back > 0 and toks[back - 1].low in ("att", "to", "som", "which")):
        return False  # "ska rapporteras", "vad som sägs i 1 §"
    if after < len(toks) and toks[after].low in ("till", "in", "som", "mot", "på", "i", "att",
                                                 "hur", "vad"):  # fmt: skip
        return False  # "rapporteras till", "Vidare uppges att" (what the text answers says)
    if voice == "participle":
        return aux or lex.longest_before("aux", words, k) > 0
    return True


def _basis(ctx: _Context) -> list[Attribution]:
    """6. "Enligt såväl FN som människorättsorganisationer", "enligt vittnesmål", "Utifrån
    skogsutredningen", "i enlighet med parternas förslag"."""
    toks, lex = ctx.toks, ctx.lex
    words = ctx.words
    out = []
    for n in range(len(toks)):
        size = lex.longest("basis", words, n)
        if not size:
            continue
        m = _skip_forward(ctx, n + size)
        while m < len(toks) and lex.has("role", (toks[m].text,)):
            m += 1  # "Enligt professor Lars Calmfors", "enligt nationalekonomen X"
        claim = _basis_claim(ctx, n)
        group = _slot_starting(ctx, m)
        if group is not None:
            for slot in group:
                if slot.author:
                    break
                if slot.vague or slot.named_work or (slot.sender and name_like(slot.sender, False)):
                    s0, e0 = _span(ctx, slot, group, toks[n].start, toks[slot.j - 1].end)
                    out.append(_attribution(ctx, slot, s0, e0, claim))
            continue
        if m >= len(toks):
            continue
        tok = toks[m]
        work = lex.work(tok.text)
        # "Utifrån skogsutredningen": a named inquiry in lower case
        if work and work[1] is SourceKind.OFFICIAL_PUBLICATION and tok.low.endswith(
            ("utredningen", "kommissionen", "betänkandet", "beredningen")
        ) and len(tok.low) > len(work[0]) + 4:  # fmt: skip
            sender = Sender(tok.text, None, tok.start, tok.end, None)
            slot = _Slot(m, m + 1, sender, kind=work[1], work=work[0])
            out.append(_attribution(ctx, slot, toks[n].start, tok.end, claim))
            continue
        # "i enlighet med parternas förslag": an unnamed party's work
        if (
            m + 1 < len(toks)
            and re.fullmatch(r"[a-zåäö]+(?:arnas|ernas|ornas|rnas|nas)", tok.text)
            and not lex.has("own", (tok.text,))
            and not tok.low.startswith(("regeringens", "kommunens", "regionens", "statens"))
            and lex.work(toks[m + 1].text)
        ):
            kind = lex.work(toks[m + 1].text)[1]  # type: ignore[index]
            slot = _Slot(m, m + 2, None, vague=True, kind=kind)
            out.append(_attribution(ctx, slot, toks[n].start, toks[m + 1].end, claim))
    return out


def _basis_claim(ctx: _Context, n: int) -> tuple[str, int]:
    """The whole sentence for a basis at its start ("Enligt X var ..."), else the sentence."""
    return ctx.sentence.text.strip(), ctx.sentence.start


def _existence(ctx: _Context) -> list[Attribution]:
    """7. "Det finns uppgifter om att", "Det förekommer rapporter om"."""
    toks, lex = ctx.toks, ctx.lex
    words = ctx.words
    out = []
    for n in range(len(toks)):
        size = lex.longest("exist", words, n)
        if not size:
            continue
        m = _skip_forward(ctx, n + size)
        while m < len(toks) and m - n < 6 and _modifier(toks[m]) and not lex.is_vague(toks[m].text):
            m += 1
        if m + 1 < len(toks) and lex.is_vague(toks[m].text) and toks[m + 1].low in (
            "om", "som", "att", "that", "of", "on",
        ):  # fmt: skip
            work = lex.work(toks[m].text)
            slot = _Slot(m, m + 1, None, vague=True, kind=work[1] if work else SourceKind.OTHER)
            claim = (ctx.sentence.text.strip(), ctx.sentence.start)
            out.append(_attribution(ctx, slot, toks[n].start, toks[m + 1].end, claim))
    return out


def _works(ctx: _Context, groups: list[list[_Slot]]) -> list[Attribution]:
    """8, 9. Named works wherever they stand, and a genitive body with a work (not in a
    heading: a heading names the document itself, "# Utrikesdeklarationen 2016")."""
    toks, lex = ctx.toks, ctx.lex
    out: list[Attribution] = []
    if ctx.sentence.text.lstrip().startswith("#"):
        return out
    claim = (ctx.sentence.text.strip(), ctx.sentence.start)
    for slot in ctx.slots:
        if slot.author or slot.vague:
            continue
        if slot.named_work:
            if slot.used or not _cited_by_mention(ctx, slot):
                continue
            owner = _owner_before(ctx, slot)
            if owner is not None:
                out.append(_attribution(ctx, owner, toks[owner.i].start, toks[slot.j - 1].end,
                                        claim, slot.kind, title=slot.title))  # fmt: skip
            else:
                out.append(_attribution(ctx, slot, toks[slot.i].start, toks[slot.j - 1].end,
                                        claim, slot.kind))  # fmt: skip
            continue
        if not slot.genitive or slot.sender is None:
            continue
        # 9. "FN:s konvention om barnets rättigheter", "Säkerhetsrådets resolution 2334"
        m = slot.j
        while (
            m < len(toks) and m - slot.j < 3 and _modifier(toks[m]) and not lex.work(toks[m].text)
        ):
            m += 1
        if m < len(toks) and lex.work(toks[m].text) and name_like(slot.sender, False):
            stem, kind = lex.work(toks[m].text)  # type: ignore[misc]
            end = m + 1
            title = None
            if end < len(toks) and toks[end].text.isdigit():
                title = f"{toks[m].low} {toks[end].text}"
                end += 1
            else:
                quoted = _QUOTED_TITLE.match(ctx.text, toks[m].end)
                if quoted:
                    title = quoted.group(1).strip()
            work = _Slot(m, end, None, kind=kind, work=stem)
            out.append(_attribution(ctx, slot, toks[slot.i].start, toks[end - 1].end, claim,
                                    kind, work, title))  # fmt: skip
    # 12. "I boken Tills alla dör", "betänkandet Stärkt skydd för barn": a work by its title
    for n, tok in enumerate(toks[:-1]):
        found = lex.work(tok.text)
        if not found or found[0] not in _TITLED:
            continue
        if n > 0 and toks[n - 1].low in ("sin", "sitt", "sina", "hans", "hennes", "his", "her"):
            continue  # "skrev i sin novell ”De levande”": the work of the sender before
        quoted = _QUOTED_TITLE.match(ctx.text, tok.end)
        title = quoted.group(1).strip() if quoted else None
        end = quoted.end() if quoted else tok.end
        if title is None:
            m = n + 1
            while m < len(toks) and m - n <= 6 and (toks[m].text[:1].isupper() if m == n + 1
                                                    else toks[m].text.isalpha()):  # fmt: skip
                if m > n + 1 and (lex.verb_forms(toks[m].text) or _finite_looking(toks[m].low)):
                    break  # "I boken Historien om Bodri beskriver en liten flicka"
                m += 1
            if m > n + 1:
                title = ctx.text[toks[n + 1].start : toks[m - 1].end]
                end = toks[m - 1].end
        if title and (title.isupper() or _DESIGNATED.match(ctx.text, end)):
            continue  # "utredningen God och nära vård (SOU 2020:19)": its designation names it
        if title:
            out.append(
                Attribution(tok.start, end, ctx.text[tok.start : end], found[1], None,
                            title=title, work=found[0], claim=claim[0], claim_start=claim[1])
            )  # fmt: skip
    return out


def _cited_by_mention(ctx: _Context, slot: _Slot) -> bool:
    """Whether naming a work is citing it: an index or survey of the gazetteer, an official
    work named by its form, or a work whose name comes with a year, an owner or brackets
    ("ITUC:s Global Rights index 2021"), not a bare "Universal Periodic Review"."""
    if slot.known:
        return True
    body = slot.sender.body if slot.sender is not None else None
    if body is not None and body.source_kind is SourceKind.STUDY:
        return False  # "publicerad i The Lancet 2022": where a study stood, not a source
    if slot.kind is SourceKind.OFFICIAL_PUBLICATION:
        return _official_cited(ctx, slot)
    toks = ctx.toks
    if slot.title and slot.sender is not None and slot.title != slot.sender.name:
        return True  # with its year
    if slot.i > 0 and toks[slot.i - 1].text == "(":
        return True
    if slot.i > 0 and re.fullmatch(r"(?:19|20)\d{2}(?:-års|s)?", toks[slot.i - 1].text):
        return True
    if slot.i > 1 and toks[slot.i - 1].low == "års" and _YEAR.match(toks[slot.i - 2].text):
        return True
    return _owner_before(ctx, slot) is not None


def _finite_looking(word: str) -> bool:
    """A word that ends as a Swedish finite verb or an article does ("yttrar", "beskriver",
    "en"): where a title written without quotes ends, in "I boken Tills alla dör yttrar en"."""
    return word in ("en", "ett", "den", "det", "de", "som", "att") or bool(
        re.fullmatch(r"[a-zåäö]{3,}(?:ar|er|ir|ade|de|te)", word)
    )


def _official_cited(ctx: _Context, slot: _Slot) -> bool:
    """Whether an official work named by its form is cited, not just named: as a clause's
    subject ("FN-stadgan befäster principen", "Århuskonventionen kopplar samman"), after a
    basis ("enligt Barnkonventionen"), with its content ("i konventionen står det"), or with
    its number ("resolution 1325"); "att göra Barnkonventionen till svensk lag" names it."""
    toks, lex = ctx.toks, ctx.lex
    if slot.title and re.search(r"\d", slot.title):
        return True
    before = toks[slot.i - 1] if slot.i > 0 else None
    after = toks[slot.j] if slot.j < len(toks) else None
    if before is not None and lex.longest_before("basis", ctx.words, slot.i):
        return True
    if after is not None and after.low in ("står", "anges", "framgår", "stadgas", "says", "states"):
        return True
    at_start = before is None or before.text in _PUNCT_START
    return (
        at_start
        and after is not None
        and after.text.isalpha()
        and after.text.islower()
        and (not _modifier(after) or bool(lex.verb_forms(after.text)))
    )


#: Works often cited by their title alone: books and the government inquiries' reports
#: ("I boken Tills alla dör", "betänkandet Stärkt skydd för barn", "Utredningen En ny lag").
_TITLED = frozenset({"bok", "roman", "novell", "dikt", "book", "betänkande", "utredning"})


def _owner_before(ctx: _Context, work: _Slot) -> _Slot | None:
    """The body a named work belongs to when the text says so in the genitive right before it:
    "ITUC:s Global Rights index 2021"."""
    for slot in ctx.slots:
        if slot.j == work.i and slot.genitive and slot.sender is not None and not slot.author:
            return slot
    return None


def _brackets(ctx: _Context) -> list[Attribution]:
    """10. "(SvD 28/11 2022)", "(Källa: Novus)": a known body or medium in brackets with a
    date or year after a claim."""
    toks = ctx.toks
    out = []
    for slot in ctx.slots:
        if slot.author or slot.vague or slot.sender is None or slot.i == 0 or slot.named_work:
            continue
        if toks[slot.i - 1].text != "(" or slot.sender.body is None:
            continue
        close = next((m for m in range(slot.j, min(len(toks), slot.j + 8))
                      if toks[m].text == ")"), None)  # fmt: skip
        if close is None:
            continue
        inner = ctx.text[toks[slot.j - 1].end : toks[close].start].strip(" ,")
        if not re.fullmatch(
            r"(?:\d{1,2}/\d{1,2}(?:\s+|/)(?:19|20)?\d{2}|(?:\d{1,2}\s+[a-zåäö]+\s+)?(?:19|20)\d{2}"
            r"(?:-\d{2}-\d{2})?(?::\d+)?)",
            inner,
        ):
            continue
        before = ctx.text[ctx.sentence.start : toks[slot.i - 1].start].strip()
        if len(before) < 15:
            continue
        if any(
            other is not slot and other.sender is not None and other.sender.body is slot.sender.body
            for other in ctx.slots
        ):
            continue  # "I en tidigare rapport (RiR 2020:14) konstaterade Riksrevisionen att"
        out.append(_attribution(ctx, slot, toks[slot.i - 1].start, toks[close].end,
                                (before, ctx.sentence.start)))  # fmt: skip
    return out


def _back_references(ctx: _Context, taken: set[int],
                     recent: list[tuple[int, Sender]]) -> list[_Slot]:  # fmt: skip
    """11. "Kommittén rekommenderade bland annat att" after "FN:s kommitté för ...": a definite
    noun for a body at a clause's start stands for the last body named with that noun."""
    toks, lex = ctx.toks, ctx.lex
    out = []
    for n, tok in enumerate(toks):
        stem = lex.org_nouns.get(tok.low)
        if stem is None or n in taken or not tok.text[:1].isupper():
            continue
        if n > 0 and toks[n - 1].text not in _PUNCT_START:
            continue
        antecedent = None
        for at, sender in reversed(recent):
            if tok.start - at >= 8000:
                break  # in order of position: the ones before are farther still
            if stem in sender.name.casefold():
                antecedent = sender
                break
        if antecedent is None:
            continue
        sender = Sender(antecedent.name, antecedent.acronym, tok.start, tok.end, antecedent.body)
        out.append(_Slot(n, n + 1, sender))
        taken.add(n)
    return out


_WRITTEN = ("skriven", "skrivet", "skrivna", "författad", "författat", "written", "authored")


def _written_by(ctx: _Context, end: int) -> bool:
    """Whether the work a sender presents is said to be written by someone else ("presenterar
    en ny underlagsrapport, Titel, skriven av professor X"): then X is the work's sender."""
    window = ctx.words[end : end + 18]
    return any(w in _WRITTEN and n + 1 < len(window) and window[n + 1] in ("av", "by")
               for n, w in enumerate(window))  # fmt: skip


def _own_works(ctx: _Context) -> list[Attribution]:
    """A sender's own work after it, without a verb of reporting: "Denna fråga söker FN:s
    befolkningsfond UNFPA besvara i sin senaste rapport ”The power of the 1,8 billion”"."""
    toks, lex = ctx.toks, ctx.lex
    out = []
    for n in range(1, len(toks) - 2):
        if toks[n - 1].low not in ("i", "in") or toks[n].low not in ("sin", "sitt", "sina", "its",
                                                                      "their"):  # fmt: skip
            continue
        m = n + 1
        while m < len(toks) and m - n <= 3 and not lex.work(toks[m].text) and _modifier(toks[m]):
            m += 1
        found = lex.work(toks[m].text) if m < len(toks) else None
        if not found:
            continue
        quoted = _QUOTED_TITLE.match(ctx.text, toks[m].end)
        title = quoted.group(1).strip() if quoted else None
        owner = None
        for slot in ctx.slots:
            if slot.j <= n - 1 and n - 1 - slot.j <= 8 and not slot.vague:
                between = toks[slot.j : n - 1]
                if any(t.text in (".", ";", ",") for t in between):
                    continue
                owner = slot
        if owner is None or owner.author or owner.sender is None:
            continue
        end = quoted.end() if quoted else toks[m].end
        work = _Slot(m, m + 1, None, kind=found[1], work=found[0])
        claim = (ctx.sentence.text.strip(), ctx.sentence.start)
        out.append(_attribution(ctx, owner, toks[owner.i].start, end, claim, found[1], work,
                                title))  # fmt: skip
    return out


def _statements(ctx: _Context) -> list[Attribution]:
    """What a sender said, named by a noun: "har väckt omfattande kritik från en lång rad
    länder ... samt internationella människorättsorganisationer", "varningar från IVO";
    "rapporter om polisiärt våld" and "i flera internationella kunskapsmätningar" (unnamed)."""
    toks, lex = ctx.toks, ctx.lex
    out = []
    claim = (ctx.sentence.text.strip(), ctx.sentence.start)
    for n, tok in enumerate(toks[:-1]):
        if tok.low in lex.statements and toks[n + 1].low in ("från", "av", "from", "by"):
            for slot in ctx.slots:
                if slot.i <= n + 1 or slot.i - n > 16 or slot.author:
                    continue
                between = toks[n + 2 : slot.i]
                if any(t.text in (".", ";", ":") or lex.verb_forms(t.text) for t in between):
                    break
                if slot.vague or (slot.sender is not None and name_like(slot.sender, False)):
                    out.append(_attribution(ctx, slot, toks[slot.i].start, toks[slot.j - 1].end,
                                            claim, SourceKind.OTHER))  # fmt: skip
        # "rapporter om polisiärt våld", "vittnesmål om tortyr": unnamed reports
        if (
            toks[n + 1].low in ("om", "about", "of")
            and lex.is_vague(tok.text)
            and lex.work(tok.text) is not None
            and (n == 0 or toks[n - 1].text in _PUNCT_START
                 or lex.longest_before("boundary", ctx.words, n) > 0)
            and not (n > 0 and (lex.has("modal", (toks[n - 1].text,)) or toks[n - 1].low in
                                ("att", "lämna", "lämnar", "in", "skicka", "skickar")))
        ):  # fmt: skip
            kind = lex.work(tok.text)[1]  # type: ignore[index]
            slot = _Slot(n, n + 1, None, vague=True, kind=kind)
            out.append(_attribution(ctx, slot, tok.start, toks[n + 1].end, claim, kind))
        # "i flera internationella kunskapsmätningar": measured in unnamed studies
        if tok.low in ("i", "in") and toks[n + 1].low in ("flera", "många", "olika", "several",
                                                           "many", "various"):  # fmt: skip
            m = n + 2
            while m < len(toks) and m - n < 6 and not lex.is_vague(toks[m].text):
                if not _modifier(toks[m]):
                    break
                m += 1
            if m < len(toks) and lex.is_vague(toks[m].text) and lex.work(toks[m].text):
                kind = lex.work(toks[m].text)[1]  # type: ignore[index]
                slot = _Slot(n + 1, m + 1, None, vague=True, kind=kind)
                out.append(_attribution(ctx, slot, toks[n + 1].start, toks[m].end, claim, kind))
    return out
