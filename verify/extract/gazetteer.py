"""Organisations as a category: the gazetteer of named bodies, read from data files (pure).

The data are tab-separated files in ``verify/extract/data/gazetteer-*.tsv`` (each says where its
names come from in ``# source:`` lines): one organisation a line with its name, short forms and
acronyms (``|``-separated), its kind (``statistics_agency``, ``agency``, ``municipality``,
``pollster``, ``media``, ``eu_body`` ...), the kind of source it is cited for (``statistics``,
``survey``, ``report`` ...) and its country. Comment lines ``# ambiguous: A, B`` name acronyms
that stand for more than one thing, and ``# generic-word ...: X, Y`` names that are also
ordinary words ("Kommunal", "Rapport"): those are only read as names in the middle of a
sentence, capitalised. The small built-in list in :mod:`verify.extract.bodies` adds web domains.

Forms the files do not list are derived: the genitive ("Skolverkets", "SCB:s", "OECD's"; a
name that ends in s, x or z is its own genitive: "Novus undersökning") and, for a name
"Statens/Sveriges X", the definite short form ("Statens energimyndighet" -> "Energimyndigheten").

:func:`gazetteer` gives the loaded :class:`Gazetteer` (read once, on first use). Its
:meth:`~Gazetteer.match_at` reads the longest known name at an offset, token by token, and
:meth:`~Gazetteer.find_all` every known name in a text; both are linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ..models import SourceKind

__all__ = ["Gazetteer", "NameMatch", "Organisation", "gazetteer", "parse_gazetteer"]

#: Kinds of organisation a gazetteer line may give.
KINDS = frozenset({
    "statistics_agency", "agency", "municipality", "region", "riksdag_body", "court",
    "university", "interest_org", "think_tank", "pollster", "media", "eu_body", "un_body",
    "intl_org", "government", "research_institute", "other",
})  # fmt: skip


@dataclass(frozen=True)
class Organisation:
    """A named body: its name, other names, acronyms, kind and the source kind it yields.

    ``ambiguous`` holds the acronyms that also stand for something else, ``generic`` the names
    that are ordinary words too; ``domain`` is its web domain when known.
    """

    name: str
    short_forms: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    kind: str = "other"
    source_kind: SourceKind = SourceKind.OTHER
    country: str | None = None
    domain: str | None = None
    ambiguous: frozenset[str] = field(default=frozenset(), compare=False)
    generic: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def acronym(self) -> str | None:
        """The acronym to show and to key the sender by: the first one that is not ambiguous."""
        return next((a for a in self.acronyms if a not in self.ambiguous), None)

    @property
    def is_work(self) -> bool:
        """Whether the line names a work rather than a body: an index, a recurring survey."""
        return self.kind == "other"

    @property
    def names(self) -> tuple[str, ...]:
        """Every written form listed: name, acronyms, short forms."""
        return tuple(dict.fromkeys(n for n in (self.name, *self.acronyms, *self.short_forms) if n))

    @property
    def aliases(self) -> tuple[str, ...]:
        """The names other than ``name`` and ``acronym``."""
        return tuple(n for n in self.names if n not in (self.name, self.acronym))


@dataclass(frozen=True)
class NameMatch:
    """A known name found in a text: the organisation, the form written, and its span."""

    organisation: Organisation
    form: str
    start: int
    end: int
    genitive: bool = False
    acronym: bool = False


_TOKEN = re.compile(r"\w+(?:[-:'’.]\w+)*-?|&")
_Node = tuple[dict[str, "_Node"], list[tuple["Organisation", str, bool, bool]]]
_SPACE_TOKEN = re.compile(r"[ \t\u00a0]*\n?[ \t\u00a0]*(\w+(?:[-:'’.]\w+)*-?|&)")
_MAX_TOKENS = 12


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(name))


def _is_acronym(form: str) -> bool:
    """ "SCB", "KemI", "Brå", "UKÄ", "FoHM": short, with a capital after the first letter or
    all capitals."""
    return bool(re.fullmatch(r"[A-ZÅÄÖÉÜ][A-ZÅÄÖÉÜa-zåäöéü0-9]{0,7}", form)) and (
        sum(c.isupper() for c in form) >= 2 or form.isupper() or len(form) <= 3
    )


def genitives(form: str) -> tuple[str, ...]:
    """The genitive forms of a name: "Skolverkets", "SCB:s", "OECD's", "FN:s"."""
    if _is_acronym(form):
        return (f"{form}:s", f"{form}s", f"{form}'s", f"{form}’s")
    last = form[-1:].lower()
    if last in ("s", "x", "z"):
        return (f"{form}'", f"{form}’")
    return (f"{form}s", f"{form}'s", f"{form}’s")


#: Indefinite -> definite endings of the head nouns of agency names ("Statens energimyndighet"
#: -> "Energimyndigheten"); longest first.
_DEFINITE = (
    ("ombudsman", "ombudsmannen"), ("myndighet", "myndigheten"), ("inspektion", "inspektionen"),
    ("kommission", "kommissionen"), ("nämnd", "nämnden"), ("styrelse", "styrelsen"),
    ("institut", "institutet"), ("verk", "verket"), ("råd", "rådet"), ("byrå", "byrån"),
    ("bank", "banken"), ("förbund", "förbundet"), ("kollegium", "kollegiet"),
    ("universitet", "universitetet"), ("museum", "museet"), ("arkiv", "arkivet"),
    ("fond", "fonden"), ("akademi", "akademien"), ("centrum", "centrumet"),
)  # fmt: skip


def definite_forms(name: str) -> tuple[str, ...]:
    """ "Statens energimyndighet" -> ("Energimyndigheten",); other names give nothing."""
    match = re.fullmatch(r"(?:Statens|Sveriges)\s+([a-zåäö]+)", name)
    if not match:
        return ()
    word = match.group(1)
    for indefinite, definite in _DEFINITE:
        if word.endswith(indefinite):
            return ((word[: -len(indefinite)] + definite).capitalize(),)
    return ()


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _listed(comment: str) -> set[str]:
    """The names after the colon of "# ambiguous: A, B" or "# generic-word ...: X, Y"."""
    _, _, names = comment.partition(":")
    return {n.strip() for n in names.split(",") if n.strip()}


def parse_gazetteer(text: str, origin: str = "<gazetteer>") -> list[Organisation]:
    """The organisations of one gazetteer file's text (header line and comments allowed)."""
    ambiguous: set[str] = set()
    generic: set[str] = set()
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if line.startswith("#"):
            low = line[1:].strip().lower()
            if low.startswith("ambiguous"):
                ambiguous |= _listed(line)
            elif low.startswith("generic"):
                generic |= _listed(line)
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip().lower() for c in cells]
            if "name" not in header:
                raise ValueError(f"{origin}:{number}: the header has no 'name' column")
            continue
        rows.append(dict(zip(header, (c.strip() for c in cells), strict=False)))
    out = []
    for row in rows:
        name = row.get("name", "")
        if not name:
            continue
        kind = row.get("kind") or "other"
        if kind not in KINDS:
            kind = "other"
        try:
            source_kind = SourceKind(row.get("source_kind") or "other")
        except ValueError:
            source_kind = SourceKind.OTHER
        short = _split(row.get("short_forms", ""))
        acronyms = _split(row.get("acronyms", ""))
        forms = {name, *short, *acronyms}
        out.append(
            Organisation(
                name=name,
                short_forms=short,
                acronyms=acronyms,
                kind=kind,
                source_kind=source_kind,
                country=row.get("country") or None,
                ambiguous=frozenset(forms & ambiguous),
                generic=frozenset(forms & generic),
            )
        )
    return out


class Gazetteer:
    """Organisations by every written form, for lookups by name and reading names in a text."""

    def __init__(self, organisations: Iterable[Organisation]) -> None:
        self.organisations: tuple[Organisation, ...] = tuple(organisations)
        self._by_name: dict[str, Organisation] = {}  # by the folded form
        self._exact: dict[str, Organisation] = {}  # by the form as written ("SoU", "SOU")
        #: a trie of names by token: (children by token, [(organisation, form, genitive,
        #: acronym)] of the names that end here)
        self._trie: _Node = ({}, [])
        seen: set[tuple[tuple[str, ...], str]] = set()
        shared = _shared_forms(self.organisations)
        for org in self.organisations:
            for form in (*org.names, *definite_forms(org.name)):
                org_here = shared.get(_form_key(form), org)
                self._exact.setdefault(form, org_here)
                self._by_name.setdefault(form.casefold(), org_here)
                acronym = form in org.acronyms
                variants = [(form, False)] + [(g, True) for g in genitives(form)]
                if form[:1].islower():
                    variants.append((form[:1].upper() + form[1:], False))
                for written, genitive in variants:
                    tokens = _tokens(written)
                    if not tokens or len(tokens) > _MAX_TOKENS or (tokens, org.name) in seen:
                        continue
                    seen.add((tokens, org_here.name))
                    node = self._trie
                    for token in tokens:
                        node = node[0].setdefault(token, ({}, []))
                    node[1].append((org_here, form, genitive, acronym))

    def __len__(self) -> int:
        return len(self.organisations)

    def find(self, name: str) -> Organisation | None:
        """The organisation written ``name`` (any listed form, any case; genitive allowed)."""
        name = name.strip()
        for table, key in ((self._exact, name), (self._by_name, name.casefold())):
            found = table.get(key)
            if found is not None:
                return found
            for suffix in (":s", "'s", "’s", "s", "'", "’"):
                if key.endswith(suffix) and key[: -len(suffix)] in table:
                    return table[key[: -len(suffix)]]
        return None

    def match_at(self, text: str, pos: int) -> NameMatch | None:
        """The longest known name that begins at ``pos`` (where a word begins), or None.

        A generic-word name ("Kommunal", "Rapport") counts only inside a sentence.
        """
        first = _TOKEN.match(text, pos)
        if first is None:
            return None
        node = self._trie[0].get(first.group())
        if node is None:
            return None
        ends: list[tuple[_Node, int]] = [(node, first.end())]
        end = first.end()
        while node[0] and len(ends) < _MAX_TOKENS:
            more = _SPACE_TOKEN.match(text, end)
            if more is None or more.group(1) not in node[0]:
                break
            node, end = node[0][more.group(1)], more.end()
            ends.append((node, end))
        for node, end in reversed(ends):
            if not node[1] or text[end : end + 1].isalnum():
                continue
            for org, form, genitive, acronym in node[1]:
                if (
                    form in org.generic
                    and org.kind not in _BODY_KINDS
                    and _sentence_start(text, pos)
                ):
                    continue  # "Rapport", "Kommunal" begin sentences as words; "Polisen" is a body
                return NameMatch(org, form, pos, end, genitive, acronym)
        return None

    def may_start(self, word: str) -> bool:
        """Whether a known name may begin with ``word`` (a fast test before :meth:`match_at`)."""
        return word in self._trie[0]

    def find_all(self, text: str) -> Iterator[NameMatch]:
        """Every known name in ``text``, in order, longest first where names overlap."""
        pos = 0
        for token in _TOKEN.finditer(text):
            if token.start() < pos:
                continue
            if token.start() > 0 and (text[token.start() - 1].isalnum()):
                continue
            found = self.match_at(text, token.start())
            if found is not None:
                pos = found.end
                yield found


def _form_key(form: str) -> str:
    """Acronyms are told apart by case ("SoU" is Socialutskottet, "SOU" a series), names not."""
    return form if _is_acronym(form) else form.casefold()


def _shared_forms(organisations: Iterable[Organisation]) -> dict[str, Organisation]:
    """Forms that more than one organisation is written as ("Länsstyrelsen" for 21 county
    boards, "KI" for Konjunkturinstitutet and Karolinska institutet), each as a body of its
    own named by the form: the text's context, not the gazetteer, says which one it is."""
    owners: dict[str, list[Organisation]] = {}
    for org in organisations:
        for form in dict.fromkeys((*org.names, *definite_forms(org.name))):
            owners.setdefault(_form_key(form), []).append(org)
    out = {}
    for key, orgs in owners.items():
        if len({o.name for o in orgs}) < 2:
            continue
        form = next(f for o in orgs for f in o.names if _form_key(f) == key)
        kinds = {o.kind for o in orgs}
        source_kinds = {o.source_kind for o in orgs}
        out[key] = Organisation(
            name=form,
            acronyms=(form,) if any(form in o.acronyms for o in orgs) else (),
            kind=kinds.pop() if len(kinds) == 1 else next(o.kind for o in orgs if not o.is_work),
            source_kind=source_kinds.pop() if len(source_kinds) == 1 else SourceKind.OTHER,
            ambiguous=frozenset({form}),
            generic=frozenset({form}) if any(form in o.generic for o in orgs) else frozenset(),
        )
    return out


#: Kinds whose generic-word names ("Polisen", "Tullen", "Kronofogden") mean the body also at a
#: sentence's start.
_BODY_KINDS = frozenset({"agency", "statistics_agency", "court", "riksdag_body", "government"})


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 4) : pos].rstrip(" \t\u00a0\"”“'(*#-–")
    return not before or before[-1] in ".!?:\n" or before.endswith("\n")


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer of every data file shipped with verify, and the built-in bodies."""
    from .bodies import BUILT_IN

    organisations: dict[str, Organisation] = {}
    folder = resources.files(__package__).joinpath("data")
    files = sorted(
        (p for p in folder.iterdir() if re.fullmatch(r"gazetteer-[\w-]+\.tsv", p.name)),
        key=lambda p: p.name,
    )
    by_form: dict[str, str] = {}
    for body in BUILT_IN:
        organisations[body.name] = body
        for form in body.names:
            by_form.setdefault(form.casefold(), body.name)
    for path in files:
        for org in parse_gazetteer(path.read_text(encoding="utf-8"), path.name):
            known = by_form.get(org.name.casefold()) or next(
                (by_form[f.casefold()] for f in org.names if f.casefold() in by_form
                 and f not in org.ambiguous and not f.isupper()),
                None,
            )  # fmt: skip
            if known is not None:
                organisations[known] = _merge(organisations[known], org)
                continue
            if org.name in organisations:
                organisations[org.name] = _merge(organisations[org.name], org)
                continue
            organisations[org.name] = org
            for form in org.names:
                by_form.setdefault(form.casefold(), org.name)
    return Gazetteer(organisations.values())


def _merge(built: Organisation, data: Organisation) -> Organisation:
    """A built-in body completed from its gazetteer line: the data's kind and forms."""
    return Organisation(
        name=built.name,
        short_forms=tuple(dict.fromkeys((*built.short_forms, *data.short_forms,
                                         *([data.name] if data.name != built.name else [])))),
        acronyms=tuple(dict.fromkeys((*built.acronyms, *data.acronyms))),
        kind=data.kind if built.kind == "other" else built.kind,
        source_kind=data.source_kind if built.source_kind is SourceKind.OTHER
        else built.source_kind,
        country=built.country or data.country,
        domain=built.domain or data.domain,
        ambiguous=built.ambiguous | data.ambiguous,
        generic=built.generic | data.generic,
    )  # fmt: skip
