"""The words of attribution frames, read from data files (pure).

``data/lexicon-verbs.tsv`` holds the verbs of reporting, finding, judging, measuring and so on,
each with its class and conjugation group (the forms are derived: "bedöma", group 2a, gives
"bedömer", "bedömde", "bedömt", "bedöms", "bedömd" ...); ``data/lexicon-words.tsv`` the nouns
for works ("rapport", "undersökning"), vague senders ("forskare", "uppgifter"), bodies that
refer back ("myndigheten"), and the small words of frames (agent prepositions, auxiliaries,
words allowed between a sender and its verb). A new verb or noun is a line in one of them.

:func:`lexicon` gives the loaded :class:`Lexicon` (read once, on first use).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..models import SourceKind

__all__ = ["Lexicon", "Verb", "VerbForm", "conjugate", "lexicon", "parse_lexicon"]

#: Swedish noun endings after a work stem: "rapport", "rapporten", "rapporter", "rapporterna".
_ENDINGS = ("", "en", "et", "n", "na", "ar", "er", "or", "r", "arna", "erna", "orna", "rna", "a",
            "s", "ens", "ets", "ns", "ernas", "arnas", "ies")  # fmt: skip


@dataclass(frozen=True)
class Verb:
    """A verb of an attribution frame: its lemma, class, language, particle and object."""

    lemma: str
    cls: str
    lang: str = "sv"
    particle: tuple[str, ...] = ()
    objects: frozenset[str] = frozenset()
    vague: bool = False  # the agentless passive is a vague attribution ("uppges")
    needs: str = ""  # "att": active only with an att-clause; "passive": only the passive


@dataclass(frozen=True)
class VerbForm:
    """One written form of a verb and its voice: ``active`` (finite or supine), ``passive``
    (s-passive) or ``participle`` ("genomförd", "conducted")."""

    verb: Verb
    voice: str


def conjugate(lemma: str, group: str) -> tuple[list[str], list[str], list[str]]:
    """The active, passive and participle forms of a regular Swedish verb.

    Group 1 "visa": visar visade visat / visas visades visats / visad visade visat; 2a
    "bedöma": bedömer bedömde bedömt / bedöms ...; 2b "köpa": köper köpte köpt / köps ...;
    3 "tro": tror trodde trott / tros ...
    """
    if group == "1":
        s = lemma
        return (
            [s + "r", s + "de", s + "t"],
            [s + "s", s + "des", s + "ts"],
            [s + "d", s + "de", s + "t"],
        )
    if group in ("2a", "2b"):
        stem = lemma[:-1] if lemma.endswith("a") else lemma
        present = stem if stem.endswith("r") else stem + "er"
        passive = stem + "es" if stem.endswith("s") else stem + "s"
        if group == "2a":
            past, supine, part = stem + "de", stem + "t", [stem + "d", stem + "da", stem + "t"]
        elif len(stem) > 1 and stem.endswith("t") and stem[-2] not in "aeiouyåäö":
            past, supine, part = stem + "e", stem, [stem, stem + "a"]  # lyfta: lyfte, lyft
        else:
            past, supine, part = stem + "te", stem + "t", [stem + "t", stem + "ta"]
        passive_past = past + "s"
        return [present, past, supine], [passive, passive_past, supine + "s"], part
    if group == "3":
        s = lemma
        return (
            [s + "r", s + "dde", s + "tt"],
            [s + "s", s + "ddes", s + "tts"],
            [s + "dd", s + "dda", s + "tt"],
        )
    return [], [], []


def _cells(cell: str) -> list[str]:
    return [c.strip() for c in cell.split("|") if c.strip()]


def _rows(text: str) -> list[dict[str, str]]:
    header: list[str] | None = None
    rows = []
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = [c.strip().lower() for c in cells]
            continue
        rows.append(dict(zip(header, (c.strip() for c in cells), strict=False)))
    return rows


class Lexicon:
    """The verbs and words of attribution frames, for lookups by written form."""

    def __init__(self, verbs_text: str, words_text: str) -> None:
        self.forms: dict[str, list[VerbForm]] = {}
        self.verbs: list[Verb] = []
        for row in _rows(verbs_text):
            lemma = row.get("lemma", "")
            if not lemma:
                continue
            verb = Verb(
                lemma=lemma,
                cls=row.get("class") or "report",
                lang=row.get("lang") or "sv",
                particle=tuple((row.get("particle") or "").split()),
                objects=frozenset(_cells(row.get("object", ""))),
                vague=(row.get("vague") or "").lower() in ("yes", "true", "1"),
                needs=(row.get("needs") or "").lower(),
            )
            self.verbs.append(verb)
            active, passive, participle = conjugate(lemma, row.get("conj") or "")
            for voice, derived in (("active", active), ("passive", passive),
                                   ("participle", participle)):  # fmt: skip
                given = _cells(row.get(voice, ""))
                for form in dict.fromkeys(given or derived):
                    self.forms.setdefault(form.casefold(), []).append(VerbForm(verb, voice))
        self.works: list[tuple[str, SourceKind]] = []
        self.named_works: dict[str, SourceKind] = {}
        self.vague: set[str] = set()
        self.org_nouns: dict[str, str] = {}
        self.org_suffixes: list[tuple[str, SourceKind]] = []
        self.sub_bodies: set[str] = set()
        self.statements: set[str] = set()
        self.named_officials: list[str] = []
        self.org_prefixes: list[tuple[str, SourceKind]] = []
        self.phrases: dict[str, set[tuple[str, ...]]] = {}
        for row in _rows(words_text):
            kind, word, value = row.get("type", ""), row.get("word", ""), row.get("value", "")
            if not kind or not word:
                continue
            if kind == "work":
                self.works.append((word.casefold(), _source_kind(value)))
            elif kind == "named_work":
                self.named_works[word] = _source_kind(value)
            elif kind == "vague":
                self.vague.add(word.casefold())
            elif kind == "org_noun":
                self.org_nouns[word.casefold()] = value or word
            elif kind == "statement":
                self.statements.add(word.casefold())
            elif kind == "sub_body":
                self.sub_bodies.add(word.casefold())
            elif kind == "named_official":
                self.named_officials.append(word.casefold())
            elif kind == "org_suffix":
                self.org_suffixes.append((word, _source_kind(value)))
            elif kind == "org_prefix":
                self.org_prefixes.append((word, _source_kind(value)))
            else:
                self.phrases.setdefault(kind, set()).add(tuple(word.casefold().split()))
        self.works.sort(key=lambda item: -len(item[0]))
        self.official_endings = tuple(self.named_officials)
        self._trigger_cache: dict[str, bool] = {}
        self._trigger_words = {
            phrase[0]
            for kind in ("basis", "exist", "role")
            for phrase in self.phrases.get(kind, ())
        } | self.statements | self.sub_bodies | set(self.org_nouns) | {
            w.casefold() for w in self.named_works
        } | {"(", "sin", "sitt", "sina", "its", "their", "flera", "många", "olika", "several",
             "many", "various", "om"}  # fmt: skip
        self._endings = (
            self.official_endings
            + tuple(self.org_nouns.values())
            + tuple(s.casefold() for s, _ in self.org_suffixes)
        )
        self._work_cache: dict[str, tuple[str, SourceKind] | None] = {}
        self._vague_cache: dict[str, bool] = {}
        self._kind_cache: dict[str, SourceKind | None] = {}
        self._indexes: dict[str, tuple[set[tuple[str, ...]], int, set[str], set[str]]] = {}

    def triggers(self, low: str) -> bool:
        """Whether a word (in lower case) may make a frame: a verb of the lexicon, a word that
        begins a basis, existence or statement, a noun for a body or unnamed works, the end of
        a named work, or a bracket."""
        found = self._trigger_cache.get(low)
        if found is None:
            found = (
                low in self.forms
                or low in self._trigger_words
                or low.endswith(self._endings)
                or (self.is_vague(low) and self.work(low) is not None)  # "rapporter om"
            )
            self._trigger_cache[low] = found
        return found

    def verb_forms(self, word: str) -> list[VerbForm]:
        """The verbs ``word`` is a form of (any case)."""
        return self.forms.get(word.casefold(), [])

    def work(self, word: str) -> tuple[str, SourceKind] | None:
        """The work stem and its source kind when ``word`` is a work noun, also as the head of a
        compound ("årsrapporten" -> rapport, report), else None."""
        low = word.casefold()
        if low in self._work_cache:
            return self._work_cache[low]
        found = None
        for stem, kind in self.works:
            at = low.rfind(stem)
            if at >= 0 and low[at + len(stem) :] in _ENDINGS:
                found = (stem, kind)
                break
        self._work_cache[low] = found
        return found

    def organisation_kind(self, name: str) -> SourceKind | None:
        """The source kind a name's form says it is a body of, for names the gazetteer lacks:
        "Tillväxtanalys", "Skogsutredningen", "Riksantikvarieämbetet", "Karolinska Institute"
        (a compound ending in -verket, -myndigheten ... or beginning with Riks-, Stats-)."""
        if name in self._kind_cache:
            return self._kind_cache[name]
        found = self._organisation_kind(name)
        self._kind_cache[name] = found
        return found

    def _organisation_kind(self, name: str) -> SourceKind | None:
        words = name.split()
        if not words:
            return None
        last = words[-1]
        for suffix, kind in self.org_suffixes:
            if last.endswith(suffix) and (len(last) > len(suffix) or len(words) > 1):
                return kind
        first = words[0]
        for prefix, kind in self.org_prefixes:
            if (
                first.startswith(prefix)
                and len(first) > len(prefix) + 3
                and first[len(prefix)].islower()
            ):
                return kind
        return None

    def is_vague(self, word: str) -> bool:
        """Whether ``word`` names unnamed senders or sources ("forskare",
        "människorättsorganisationer")."""
        low = word.casefold()
        found = self._vague_cache.get(low)
        if found is None:
            found = any(
                low == noun
                or (low == noun + "na" and self.work(noun) is None)  # "organisationerna"
                or (low.endswith(noun) and len(low) - len(noun) >= 3)
                for noun in self.vague
            )  # fmt: skip
            self._vague_cache[low] = found
        return found

    def has(self, kind: str, words: tuple[str, ...]) -> bool:
        return tuple(w.casefold() for w in words) in self.phrases.get(kind, ())

    def _index(self, kind: str) -> tuple[set[tuple[str, ...]], int, set[str], set[str]]:
        index = self._indexes.get(kind)
        if index is None:
            table = self.phrases.get(kind, set())
            index = (
                table,
                max((len(p) for p in table), default=0),
                {p[0] for p in table},
                {p[-1] for p in table},
            )
            self._indexes[kind] = index
        return index

    def longest(self, kind: str, words: list[str], start: int) -> int:
        """The number of words from ``start`` that make the longest phrase of ``kind`` (0: none;
        ``words`` in lower case)."""
        table, most, firsts, _ = self._index(kind)
        if start >= len(words) or words[start] not in firsts:
            return 0
        for size in range(min(most, len(words) - start), 0, -1):
            if tuple(words[start : start + size]) in table:
                return size
        return 0

    def longest_before(self, kind: str, words: list[str], end: int) -> int:
        """The number of words ending at ``end`` (exclusive) that make a phrase of ``kind``."""
        table, most, _, lasts = self._index(kind)
        if end <= 0 or words[end - 1] not in lasts:
            return 0
        for size in range(min(most, end), 0, -1):
            if tuple(words[end - size : end]) in table:
                return size
        return 0


def _source_kind(value: str) -> SourceKind:
    try:
        return SourceKind(value or "other")
    except ValueError:
        return SourceKind.OTHER


def parse_lexicon(verbs_text: str, words_text: str) -> Lexicon:
    """A lexicon from the texts of a verbs file and a words file."""
    return Lexicon(verbs_text, words_text)


@cache
def lexicon() -> Lexicon:
    """The lexicon shipped with verify (``data/lexicon-verbs.tsv``, ``data/lexicon-words.tsv``)."""
    folder = resources.files(__package__).joinpath("data")
    return Lexicon(
        folder.joinpath("lexicon-verbs.tsv").read_text(encoding="utf-8"),
        folder.joinpath("lexicon-words.tsv").read_text(encoding="utf-8"),
    )
