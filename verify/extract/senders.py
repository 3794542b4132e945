"""Who a source is from: read an organisation's name at a place in the text (pure).

A sender is a known body ("SCB", "Migrationsverkets"), a name with its acronym ("Centre for
Local Development and Diaspora (CLDD)", "CLDD, Center for local development and the
Diaspora"), or a capitalised name ("Dagens Samhälle", "Institute for Fiscal Studies").
A descriptor before the name ("frivilligorganisationen", "the think tank") is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .bodies import Body, find_body, is_news_publisher
from .gazetteer import gazetteer
from .lexicon import lexicon

__all__ = [
    "Sender", "is_author", "is_legal", "known_body_mentions", "name_like", "read_sender",
]  # fmt: skip


@dataclass(frozen=True)
class Sender:
    """A sender read from the text: name, acronym, known body if any, and its span."""

    name: str
    acronym: str | None
    start: int
    end: int
    body: Body | None = None
    genitive: bool = False
    described: bool = False  # introduced by a kind of body: "tankesmedjan Timbro"


_UP = "A-ZÅÄÖÉÜ"
_LOW = "a-zåäöéü"
_NAME_WORD = rf"(?:[{_UP}]\.(?=\s+[{_UP}][{_LOW}])|[{_UP}][\w&’'-]*)"  # "Torben M. Andersen"
_CONNECTOR = r"(?:för|och|i|om|mot|med|vid|of|for|the|and|on|in|at|de|du|la|&)"
_ORG_NOUN = (
    r"(?:institutet|biblioteket|universitet|universitetet|högskolan|centralbyrån|rådet|"
    r"verket|myndigheten|stad|kommun|region|regionen|förbundet|akademien|museet|banken|"
    r"kassan|föreningen|stiftelsen|fonden|institut|sjukhuset|kommission|kommissionen)"
)
#: "Barn- och utbildningsförvaltningen", "vård- och omsorgsanalys": a suspended compound is
#: one name word; "Statens medieråd": "Statens" with a common noun is a name.
_SUSPENDED = rf"[\w]+-\s+(?:och|eller)\s+[{_LOW}]+"
_FIRST_WORD = rf"(?:Statens\s+[{_LOW}]+|[{_UP}]{_SUSPENDED}|{_NAME_WORD})"
_GENERIC = re.compile(
    rf"{_FIRST_WORD}(?:[ \t\u00a0]*\n?[ \t\u00a0]*(?:{_CONNECTOR}\s+)*"
    rf"(?:{_SUSPENDED}(?![\w-])|{_NAME_WORD}))*"
    rf"(?:\s+{_ORG_NOUN}(?::s|s)?(?![\w-]))?"
)
_WITH_ACRONYM = re.compile(
    rf"(?P<name>[{_UP}][\w’'-]*(?:\s+[\w’'-]+){{0,8}}?)\s*\((?P<acr>[{_UP}][\w{_UP}-]{{1,14}})\)"
)
_ACRONYM_FIRST = re.compile(
    rf"(?P<acr>[{_UP}][{_UP}0-9]{{1,8}}),\s+(?P<name>[{_UP}][\w’'-]*(?:\s+[\w’'-]+){{1,8}}?)"
    rf"(?=\s*,|\s+(?:som|vilket|vilken|which|that|who)\b|\.|\s*\))"
)
_DESCRIPTOR = re.compile(
    rf"(?:(?:the|den|det)\s+)?(?:[{_LOW}-]+(?:en|et|na|n|an)|the\s+[{_LOW}-]+(?:\s+[{_LOW}-]+)?)"
    rf"\s+(?=[{_UP}])"
)
#: A capitalised word that says what kind of body follows: "Tankesmedjan Timbro".
_KIND_WORD = re.compile(
    r"(?:[Tt]ankesmedjan|[Ff]ackförbundet|[Bb]ostadsbolaget|[Tt]idningen|[Dd]agstidningen|"
    rf"[Nn]yhetsbyrån|[Ii]ntresseorganisationen|[Bb]ranschorganisationen|[Tt]hink\s+tank)\s+"
    rf"(?=[{_UP}])"
)
#: Words that look like names at the start of a sentence but are not senders.
_NOT_SENDERS = {
    "det", "den", "detta", "denna", "de", "dessa", "vi", "jag", "han", "hon", "man", "ni",
    "regeringen", "sverige", "kommunen", "staden", "stadens", "motionen", "förvaltningen",
    "författaren", "motionären", "nämnden", "myndigheten", "rapporten", "studien",
    "undersökningen", "kartläggningen", "enkäten", "statistiken", "forskningen", "forskare",
    "the", "this", "that", "these", "it", "we", "they", "he", "she", "government", "i",
    "in", "enligt", "according", "många", "flera", "vissa", "alla", "andra", "januari",
    "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
    "november", "december", "january", "february", "march", "may", "june", "july", "august",
    "october", "år", "sveriges", "svenska", "swedish", "sweden", "europe", "europa",
    "socialnämnden", "kommunfullmäktige", "kommunstyrelsen", "riksdagen", "där", "när",
    "som", "och", "men", "för", "här", "nu", "också", "dessutom", "därför", "samtidigt",
}  # fmt: skip

#: Laws, conventions and legal orders: "enligt skollagen", "enligt GDPR" is no source.
_LEGAL = re.compile(
    r"(?i)(?:lagen|lag|rätten|rätt|konventionen|förordningen|balken|formen|direktivet|"
    r"stadgan|reglementet|policyn|^GDPR|^EHDS|^LSS|^SoL|^LVU|^LVM|^OSL|^PBL|^HSL|^AFS)$"
)


def is_legal(name: str) -> bool:
    """Whether ``name`` is a law or legal order rather than a sender ("EU-rätten", "GDPR")."""
    last = name.split()[-1] if name.split() else name
    return bool(_LEGAL.search(last)) or bool(_LEGAL.search(name))


_NOT_FIRST = {
    "det", "den", "detta", "denna", "de", "dessa", "vi", "jag", "han", "hon", "man", "ni",
    "the", "this", "that", "these", "it", "we", "they", "he", "she", "i", "in", "enligt",
    "according", "många", "flera", "vissa", "alla", "andra", "där", "när", "som", "och",
    "men", "för", "här", "nu", "också", "dessutom", "därför", "samtidigt", "även", "if",
    "en", "ett", "ingen", "inget", "a", "an", "no",
}  # fmt: skip


def _not_sender(words: list[str]) -> bool:
    if not words:
        return True
    first = words[0].lower().rstrip(":s") if words[0].endswith(":s") else words[0].lower()
    if first in _NOT_FIRST:
        return True
    return len(words) == 1 and first in _NOT_SENDERS


def _is_acronym(word: str) -> bool:
    return bool(re.fullmatch(rf"[{_UP}][{_UP}0-9]{{1,8}}|[{_UP}][a-zåäö]?[{_UP}]{{1,6}}", word))


def _initials_fit(name: str, acronym: str) -> bool:
    words = [w for w in re.split(r"[\s-]+", name) if w]
    if words and words[0].lower() in {"det", "den", "the"}:
        words = words[1:]
    letter = acronym[0].lower()
    if any(w[0].lower() == letter for w in words[:2]):
        return True
    # a short name taken from the long one: "Myndigheten för vård- och omsorgsanalys
    # (Vårdanalys)"
    stem = acronym[:4].lower()
    return len(acronym) >= 5 and any(w.lower().startswith(stem) for w in words)


def _strip_genitive(name: str) -> tuple[str, bool]:
    for suffix in (":s", "’s", "'s"):
        if name.endswith(suffix):
            return name[: -len(suffix)], True
    return name, False


def _s_final_name(raw: str, text: str) -> bool:
    """Whether "Trafikanalys rapport" is the name "Trafikanalys" in the genitive, not
    "Trafikanaly" + s: names in -analys, -ys and -us end in s (and add none), and so does a
    name the text also writes bare ("Fores, ", "enligt Fores.")."""
    if re.search(r"(?:ys|us)$", raw):
        return True
    return _written_bare(raw, text)


@lru_cache(maxsize=512)
def _written_bare(raw: str, text: str) -> bool:
    """Whether ``text`` writes ``raw`` as a bare name somewhere (cached: the text is searched
    once per name, not once per mention)."""
    bare = re.compile(
        rf"(?<![\w-]){re.escape(raw)}(?=\s*[,.;:()\]|]|\s+(?:har|hade|visar|skriver|menar|"
        r"konstaterar|och|has|shows|found)\b)"
    )
    return bare.search(text) is not None


_FIRST_PLAIN = re.compile(r"\w+(?![\w:'’-])")


def read_sender(text: str, pos: int, *, genitive: bool = False) -> Sender | None:
    """The sender named at ``pos`` in ``text``, or None.

    With ``genitive=True`` the name must end in a genitive ("SCB:s", "Migrationsverkets").
    """
    word = _FIRST_PLAIN.match(text, pos)
    if (
        word is not None
        and word.group()[:1].isupper()
        and word.group().casefold() in _NOT_FIRST
        and word.group() != "The"
    ):
        if not gazetteer().may_start(word.group()):
            return None  # "Det", "Enligt", "Samtidigt": no name begins so
    head = text[pos : pos + 300]
    described = False
    lead = re.match(rf"(?:the|The|\[)\s*(?=[{_UP}])", head)
    if lead:
        pos += lead.end()
        head = text[pos : pos + 300]
    if not genitive:
        kind_word = _KIND_WORD.match(head)
        described = kind_word is not None
        if kind_word:
            pos += kind_word.end()
            head = text[pos : pos + 300]
        descriptor = _DESCRIPTOR.match(head)
        if descriptor and descriptor.group(0).split()[0].lower() not in _NOT_SENDERS:
            pos += descriptor.end()
            head = text[pos : pos + 300]
    known = gazetteer().match_at(text, pos)
    if known is not None and is_author(known.organisation):
        return None  # "Regeringen bedömer": the text's own author, not a source
    if known is not None:
        gen = known.genitive
        name = known.form
        # "Fores rapport": a name ending in s takes no extra genitive s
        after = text[known.end : known.end + 1]
        s_final = genitive and not gen and name.endswith("s") and after == " "
        if genitive == gen or (not genitive and not gen) or s_final:
            body = known.organisation
            end = known.end
            acronym = body.acronym
            tail = re.match(r"\s*\((?P<acr>[^)\s]{2,10})\)", text[end : end + 20]) or re.match(
                rf"\s*\([{_UP}][\w’'-]*(?:\s+[\w’'-]+){{1,5}}\)", text[end : end + 80]
            )  # "IEA (Electricity 2024) uppskattar": a name or title in brackets
            if tail:
                end += tail.end()
                given = tail.groupdict().get("acr")
                if given and _is_acronym(given) and given in body.acronyms:
                    acronym = given  # "Konjunkturinstitutet (KI)": the text says which KI
            if re.fullmatch(r"[A-ZÅÄÖ]{2,}", name) and body.acronym != name:
                acronym = name
            # the text's own spelling ("Tillväxtanalys"), the full name for an acronym
            written = body.name if known.acronym and not body.is_work else name
            return Sender(written, acronym, pos, end, body, gen or s_final)
    if genitive:
        match = re.match(rf"(?P<name>{_GENERIC.pattern})(?P<gen>:s|’s|'s)?", head)
        if not match:
            return None
        raw = match.group("name")
        cut = re.search(r"['’]s(?=\s)", raw)
        end_at = pos + match.end()
        if cut:  # "Bristol City Council's Quality of Life survey": the name ends at "'s"
            raw, end_at = raw[: cut.end()], pos + cut.end()
        if match.group("gen") and not cut:
            name = raw
        elif raw.endswith(("'s", "’s")) and len(raw) > 3:
            name = raw[:-2]  # "SMHI's": the apostrophe is inside a name word
        elif raw.endswith("s") and len(raw) > 3:
            name = raw if _s_final_name(raw, text) else raw[:-1]
        else:
            return None
        if _not_sender(name.split()) or _not_sender(raw.split()):
            return None
        body = find_body(name)
        acronym = name if _is_acronym(name) else (body.acronym if body else None)
        written = body.name if body and _is_acronym(name) and not body.is_work else name
        return Sender(written, acronym, pos, end_at, body, True)
    with_acr = _WITH_ACRONYM.match(head)
    if with_acr and _initials_fit(with_acr.group("name"), with_acr.group("acr")):
        name = re.sub(r"\s+", " ", with_acr.group("name")).strip()
        acr = with_acr.group("acr")
        if not _not_sender(name.split()):
            body = find_body(name)  # by the name: the acronym may be another body's
            return Sender(name, acr, pos, pos + with_acr.end(), body)
    first = _ACRONYM_FIRST.match(head)
    if first and _initials_fit(first.group("name"), first.group("acr")):
        name = re.sub(r"\s+", " ", first.group("name")).strip()
        return Sender(name, first.group("acr"), pos, pos + first.end(), find_body(name))
    generic = _GENERIC.match(head)
    if not generic:
        return None
    raw = re.sub(r"\s+", " ", generic.group(0)).strip().rstrip(".")
    # drop trailing connectors and a final sentence-start word
    words = raw.split()
    while words and re.fullmatch(_CONNECTOR, words[-1]):
        words.pop()
    if not words or len(words) > 9 or _not_sender(words):
        return None
    if is_legal(" ".join(words)):
        return None
    name, gen = _strip_genitive(" ".join(words))
    end = pos + len(generic.group(0).rstrip().rstrip("."))
    acronym = None
    tail = re.match(rf"\s*\((?P<acr>[{_UP}][\w{_UP}-]{{1,9}})\)", text[end : end + 20])
    alias = re.match(rf"\s*\([{_UP}][\w’'-]*(?:\s+[\w’'-]+){{1,5}}\)", text[end : end + 80])
    if tail:
        end += tail.end()
        if _is_acronym(tail.group("acr")):
            acronym = tail.group("acr")
    elif alias:
        end += alias.end()  # "Insurance Sweden (Svensk Försäkring)": the name in another tongue
        acronym = name if _is_acronym(name) else None
    elif _is_acronym(name):
        acronym = name
    body = find_body(name)  # (SLS) may be another body's acronym
    if body is not None and is_author(body):
        return None  # "Regeringens utrikesdeklaration": the author's own
    if body is not None and (name in body.generic or name[:-1] in body.generic):
        if _at_sentence_start(text, pos):
            body = None  # "Unionens globala strategi" is not the union Unionen's
    if body is not None and name not in body.names and name[:-1] in body.names:
        name, gen = name[:-1], True  # "statistik från Socialstyrelsens": the genitive
    return Sender(name, acronym, pos, end, body, gen, described=not genitive and described)


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 4) : pos].rstrip(" \t\u00a0\"”“'(*#-–")
    return not before or before[-1] in ".!?:\n"


def known_body_mentions(text: str) -> list[tuple[Body, int, int]]:
    """Every place a known body is named (for resolving "the report" to its sender)."""
    return [
        (m.organisation, m.start, m.end)
        for m in gazetteer().find_all(text)
        if not is_author(m.organisation)
    ]


#: The text's own author (a government text): never a cited sender.
_AUTHORS = re.compile(
    r"(?:Regeringen|Sveriges regering|Regeringskansliet|Statsrådsberedningen|"
    r"Statens offentliga utredningar|Departementsserien|[\w-]+departementet)"
)


def is_author(org: Body) -> bool:
    """Whether ``org`` is the government or one of its offices (the author of the texts
    verify reads most, and of the decisions they report), which are not cited sources."""
    return org.kind == "government" and _AUTHORS.fullmatch(org.name) is not None


def name_like(sender: Sender | None, strict: bool) -> bool:
    """Whether a sender is name-like enough; ``strict`` for "X visar att" (no preposition):
    then an unknown one-word name must say by its form that it is a body ("Tillväxtanalys",
    "Skogsutredningen", see :meth:`Lexicon.organisation_kind`) or be a news medium."""
    if sender is None:
        return False
    name = sender.name
    if sender.body is None and is_legal(name):
        return False
    if not name or name[0].islower():
        return False
    if not strict or sender.body is not None or sender.acronym:
        return True
    if is_news_publisher(name) or sender.described:
        return True
    if len(name.split()) >= 2:
        return True
    return lexicon().organisation_kind(name) is not None
