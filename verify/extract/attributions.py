"""Attributions by cue phrase, Swedish and English: who says what (pure).

Cues recognised (X is a sender, see :mod:`verify.extract.senders`):

* ``enligt X``, ``enligt X:s rapport``, ``according to X``
* ``en undersökning/rapport/studie/enkät/kartläggning/statistik/siffror/prognoser från/av X``,
  ``a survey/report/study by/from X``
* ``X:s rapport``, ``Migrationsverkets egen analys``, ``X's report``
* ``X visar att``, ``visar X att``, ``X found that``, ``X har presenterat statistik som visar``
* a definite work referring back: ``enligt kartläggningen``, ``rapporten visar``, ``i årets
  kartläggning`` - resolved to the body that introduced that work a few sentences before
* vague ones with no sender: ``enligt en undersökning``, ``forskning visar``, ``studier visar``,
  ``flera forskare``, ``experts say``, ``research shows``, ``studies show``

Each attribution carries the claim it governs: the clause after "visar att"/"found that", or
the rest of the sentence after "enligt X".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from typing import Any

from ..models import SourceKind
from ..quantities import parse_quantities
from .attribution import Attribution
from .bodies import find_body
from .frames import find_frames
from .senders import Sender, name_like, read_sender
from .sentences import Sentence, Sentences, collapse
from .spans import DisjointSpans, finditer_near, fold

__all__ = ["Attribution", "find_attributions", "work_kind"]


_WORK_KINDS: tuple[tuple[str, SourceKind], ...] = (
    (r"(?:opinions|enkät|medborgar|befolknings|ungdoms|attityd)?undersökning", SourceKind.SURVEY),
    (r"[a-zåäö]*enkät", SourceKind.SURVEY),
    (r"mätning", SourceKind.SURVEY),
    (r"[a-zåäö]*statistik", SourceKind.STATISTICS),
    (r"siffr", SourceKind.STATISTICS),
    (r"prognos", SourceKind.STATISTICS),
    (r"uppgift", SourceKind.STATISTICS),
    (r"databas", SourceKind.STATISTICS),
    (r"beräkning", SourceKind.STATISTICS),
    (r"[a-zåäö]*rapport", SourceKind.REPORT),
    (r"analys", SourceKind.REPORT),
    (r"lägesbild", SourceKind.REPORT),
    (r"kartläggning", SourceKind.REPORT),
    (r"sammanställning", SourceKind.REPORT),
    (r"utredning", SourceKind.REPORT),
    (r"utvärdering", SourceKind.REPORT),
    (r"granskning", SourceKind.REPORT),
    (r"översikt", SourceKind.REPORT),
    (r"kunskapsöversikt", SourceKind.REPORT),
    (r"redovisning", SourceKind.REPORT),
    (r"studie", SourceKind.STUDY),
    (r"forskning", SourceKind.STUDY),
    (r"avhandling", SourceKind.STUDY),
    (r"artikel", SourceKind.ARTICLE),
    (r"survey|poll", SourceKind.SURVEY),
    (r"statistics|figures|data", SourceKind.STATISTICS),
    (r"forecast|estimate", SourceKind.STATISTICS),
    (r"report|analysis|review|evaluation|assessment|audit|inquiry", SourceKind.REPORT),
    (r"results|findings", SourceKind.STUDY),
    (r"scenario|projection", SourceKind.REPORT),
    (r"stud(?:y|ies)|research|paper", SourceKind.STUDY),
    (r"article", SourceKind.ARTICLE),
)
#: Work nouns, also as the head of a compound ("lärarprognos", "tillsynsgranskning").
_SV_WORK_STEMS = (
    "undersökning|enkät|mätning|statistik|siffr|prognos|rapport|analys|lägesbild|kartläggning|"
    "sammanställning|utredning|utvärdering|granskning|översikt|studie|forskning|avhandling|"
    "artikel|beräkning|redovisning|bedömning|databas"
)
_SV_WORK = rf"(?:[a-zåäö]*(?:{_SV_WORK_STEMS}))"
_SV_WORK_INDEF = rf"{_SV_WORK}(?:ar|er|or|r|n)?"
_SV_WORK_ANY = rf"{_SV_WORK}(?:arna|erna|orna|rna|en|na|et|n|ar|er|or|r|a)?"
_SV_WORK_DEF = rf"{_SV_WORK}(?:arna|erna|orna|rna|en|na|n)"
_EN_WORK = (
    r"(?:survey|poll|statistics|figures|data|forecasts?|estimates?|reports?|analysis|review|"
    r"evaluation|assessment|audit|inquiry|stud(?:y|ies)|research|paper|article|scenarios?|"
    r"projections?|results|findings)"
)
#: Where a work noun may stand, found fast in the folded text: every match of the patterns
#: that begin with one (and a letter class, slow to try at every offset) holds one.
_STEM_ANCHORS = re.compile(
    rf"{_SV_WORK_STEMS}|survey|poll|statistics|figures|data|forecast|estimate|report|analysis|"
    r"review|evaluation|assessment|audit|inquiry|stud|research|paper|article|scenario|"
    r"projection|results|findings"
)
_ADJ = (
    r"(?:(?:egen|eget|egna|senaste|nya|ny|färska|färsk|årliga|årlig|aktuella|aktuell|"
    r"officiella|nationella|stora|omfattande|tidigare|own|latest|new|recent|annual|"
    r"official|national|large|major|first|second|\d{4}(?:\s+års)?)\s+){0,3}"
)
#: "uppger i Ekonomirapporten från oktober 2024 att", "skriver i sin rapport att"
_IN_WORK = (
    r"\s+(?:också\s+|även\s+)?(?:i|in)\s+[^.!?;\n]{1,70}?|"
    r"\s+(?:den\s+|on\s+)?\d{1,2}\s+[a-zåäö]+\s+(?:19|20)\d{2}"
)
#: "redovisar i sin rapport följande: 28 procent ..., var fjärde ...": a list after a colon
_LIST_COLON = (
    rf"(?:(?:{_IN_WORK})(?:\s+(?:följande|the\s+following))?|\s+(?:följande|the\s+following))"
    r"\s*:(?=\s)"
)
_CLAIM_VERB = re.compile(
    r"\b(?:visar|visade|visat|framgår|framgick|konstaterar|konstaterade|bedömer|bedömde|"
    r"uppger|uppgav|uppgett|menar|pekar|pekade|lyfter|lyfte|skriver|anger|angav|finner|fann|"
    r"kommer\s+fram\s+till|found|finds|shows|showed|show|shown|reports|reported|estimates|"
    r"estimated|concluded|concludes|suggests|suggested|says|said|say|believe|agree|warn|"
    r"states|stated|notes|noted|säger|tror|varnar|rapporterar|rapporterade|skrev|räknar|"
    r"påpekar|påpekade|noterar|betonar|redovisar|writes|wrote|warns|warned|beräknar|"
    r"beräknade|uppskattar|uppskattade|rekommenderar|rekommenderade|recommends|recommended|"
    r"funnit|beräknat|konstaterat|bedömt|uppskattat|noterat)"
    rf"\b(?:(?:{_IN_WORK}|(?:\s+\w+){{0,3}}?)\s+(?:att|that)\s+|{_LIST_COLON}\s+)",
    re.IGNORECASE,
)


def work_kind(word: str) -> SourceKind:
    """The kind of source a work noun names ("undersökning" -> survey, "siffror" -> stats)."""
    low = word.lower()
    for pattern, kind in _WORK_KINDS:
        if re.search(pattern, low):
            return kind
    return SourceKind.OTHER


def _claim(
    sentence: Sentence, cue_start: int, cue_end: int, enligt: bool
) -> tuple[str | None, int | None]:
    """The claim an attribution governs, and where it starts in the document text."""
    text = sentence.text
    offset = sentence.start
    local = max(0, cue_start - offset)
    text = text[: _other_clause(text, max(local, cue_end - offset))]
    verb = _CLAIM_VERB.search(text, local)
    if verb:
        return text[verb.end() :], offset + verb.end()
    if enligt:
        before = text[:local].rstrip(" ,")
        after = text[max(0, cue_end - offset) :].lstrip(" ,")
        if len(before.strip()) > 20 and len(after.strip()) < 5:
            return before, offset
        if len(before.split()) >= 4 and parse_quantities(collapse(before)) and after.strip():
            # "En sänkning med en procentenhet motsvarar enligt X cirka 45 miljoner kronor"
            return f"{before} {after}", offset
        if not before.strip() and after.strip() and _V2.match(after):
            # "Enligt SCB var drygt 2,1 miljoner ... födda i ett annat land": the verb comes
            # right after the cue, so the clause is the whole sentence
            return text, offset
        if after.strip():
            return after, offset + (len(text) - len(after))
    if parse_quantities(collapse(text)):
        return text, offset
    return None, None


#: A finite verb first after "Enligt X" at a sentence's start (Swedish word order puts it
#: second): "var", "har", "uppgick", "ökade", "finns", "bor"
_V2 = re.compile(
    r"(?:var|är|har|hade|blir|blev|kommer|finns|fanns|uppgick|uppgår|ökade|ökar|minskade|"
    r"minskar|lever|levde|bor|bodde|saknar|saknade|får|fick|kan|kunde|ska|skulle|behöver|"
    r"utgör|utgjorde|står|stod|ligger|låg|rör|gäller|gällde|[a-zåäö]+(?:ade|ar|er|de|te))\b"
)

#: ", medan IVO konstaterar att", ", while Trafikanalys finds that": a second sender's clause
_OTHER_CLAUSE = re.compile(
    r"\s*[,;]\s+(?:medan|och|samtidigt\s+som|men|while|and|whereas|but)\s+(?=[A-ZÅÄÖ])"
)


def _other_clause(text: str, pos: int) -> int:
    """Where a clause that another named sender governs begins after ``pos`` (or the end):
    "Enligt X fick 38 procent ..., medan Y konstaterar att 14 av 21 ..." ends X's claim."""
    for match in _OTHER_CLAUSE.finditer(text, pos):
        verb = _CLAIM_VERB.search(text, match.end(), match.end() + 90)
        between = text[match.end() : verb.start()] if verb else ","
        if verb is not None and "," not in between and len(between.split()) <= 5:
            return match.start()
    return len(text)


_ENLIGT = re.compile(r"\b(?:[Ee]nligt|[Aa]ccording\s+to|[Ii]\s+enlighet\s+med)\s+")
_WORK_FROM = re.compile(
    rf"\b(?P<work>{_SV_WORK_ANY}|{_EN_WORK})\s+(?P<prep>från|av|by|from|of|conducted\s+by|"
    rf"published\s+by|gjord\s+av|genomförd\s+av|utförd\s+av)\s+",
    re.IGNORECASE,
)
_GENITIVE_WORK = re.compile(
    rf"(?P<work>{_ADJ}(?:{_SV_WORK_ANY}|(?:[a-z]+\s+|(?:(?:[A-Z][\w-]*|\d{{4}})\s+"
    rf"(?:(?:of|and|for|on)\s+)?)"
    rf"{{1,5}})?{_EN_WORK}))\b",
    re.IGNORECASE,
)
_SAYS = re.compile(
    r"\s+(?:har\s+|hade\s+|has\s+|had\s+)?(?:(?:också|även|nyligen|tidigare|precis|i\s+en\s+"
    r"rapport|also|recently)\s+)?(?:visar|visat|visade|konstaterar|konstaterat|bedömer|bedömt|"
    r"uppger|uppgett|rapporterar|rapporterat|framhåller|skriver|pekar\s+på|kommit\s+fram\s+till|"
    r"rapporterade|skrev|skrivit|räknar|påpekar|påpekade|noterar|betonar|varnar|redovisar|"
    r"beräknar|beräknade|uppskattar|uppskattade|rekommenderar|rekommenderade|pekar|"
    r"konstaterade|visade|bedömde|uppgav|funnit|fann|finner|beräknat|uppskattat|"
    r"recommends|recommended|found|finds|shows|showed|reports|reported|estimates|estimated|"
    r"concluded|concludes|"
    r"says|said|writes|wrote|warns|warned|notes|noted)"
    rf"\b(?:(?:{_IN_WORK}|(?:\s+\w+){{0,2}}?)\s+(?:att|that)\b|{_LIST_COLON})",
    re.IGNORECASE,
)
_PRESENTS = re.compile(
    rf"\s+(?:har\s+|hade\s+|has\s+|have\s+)?(?:(?:precis|nyligen|tidigare|också|även|just|"
    rf"recently|also)\s+)?(?:presenterat|publicerat|tagit\s+fram|släppt|genomfört|gjort|"
    rf"presenterade|publicerade|tog\s+fram|published|released|presented|conducted|carried\s+out)"
    rf"\s+(?:en\s+|ett\s+|ny\s+|nya\s+|a\s+|an\s+|new\s+|sin\s+|sitt\s+|sina\s+|its\s+)*"
    rf"(?P<work>{_SV_WORK_ANY}|{_EN_WORK})\b",
    re.IGNORECASE,
)
#: "ISF har i rapporten Titel (ISF 2024:7) granskat hur": the work named before the verb
_HAS_IN = re.compile(
    r"\s+(?:har|hade|has|had)\s+(?:också\s+|även\s+|tidigare\s+)?(?:i|in)\s+"
    r"(?P<in>[^.!?;\n]{1,120}?)\s+(?:funnit|konstaterat|visat|kommit\s+fram\s+till|granskat|"
    r"undersökt|kartlagt|analyserat|beräknat|bedömt|uppgett|redovisat|pekat\s+på|found|shown|"
    r"concluded|reported|estimated)\b(?:\s+(?:att|that)\b)?"
)
#: "i rapporten Titel (Brå 2023:4)", "i sin årsredovisning för 2024": the work and its title
_IN_PART = re.compile(
    rf"(?:sin|sitt|sina|den|det|its|their|the|a|an|en|ett)?\s*(?:[a-zåäö]+\s+){{0,3}}?"
    rf"(?:(?P<work>(?i:{_SV_WORK_ANY}|{_EN_WORK}))(?![\w-]))?"
    r"(?:\s+(?:för|från|om|of|for|from)\s+(?:\d{4}|[a-zåäö]+))?,?\s*"
    r"(?P<title>[A-ZÅÄÖ][^()]*?)?\s*(?:\([^)]*\))?\s*$"
)


_MONTH_WORD = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b"
)


def _in_work(fragment: str) -> tuple[str | None, str | None]:
    """The work noun and title in "i rapporten Titel (Brå 2023:4)" (without the "i")."""
    match = _IN_PART.fullmatch(fragment.strip())
    if not match:
        return None, None
    work = match.group("work").lower() if match.group("work") else None
    title = match.group("title").strip() if match.group("title") else None
    if title and (len(title) < 4 or find_body(title.split()[0].rstrip(":s"))):
        title = None
    if title and re.match(_MONTH_WORD, title):
        title = None  # "reported in January 2025": a date, not a title
    if work is None and title is None:
        return None, None
    return work, title


_INVERTED = re.compile(
    r"\b(?:visar|bedömer|konstaterar|uppger|rapporterar|menar|skriver|framhåller|visade|"
    r"bedömde|konstaterade|uppgav|menade|skrev|fann)\s+",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    rf"\b(?:(?P<prep>[Ee]nligt|[Ii]|[Aa]v|[Ff]rån)\s+)?(?P<det>(?:den|denna|detta|årets|"
    rf"samma|den\s+senaste|den\s+nya|den\s+nationella|the|this|that)\s+)?"
    rf"(?P<work>(?i:{_SV_WORK_DEF}))\b(?P<title>\s+(?:[A-ZÅÄÖ][\w&-]*)(?:\s+(?:[\w&-]+)){{0,6}}?"
    rf"(?=\s+(?:\d{{4}}\s+)?(?:visar|visade|framgår|framgick|konstaterar|pekar)\b))?"
    rf"(?P<rest>\s+(?:\d{{4}}\s+)?(?:visar|visade|framgår|framgick|"
    rf"lyfter|pekar|konstaterar|uppger|uppgav|bedömer|visar\s+på|deltar|uppgav|anger)?)",
)
_THIS_YEARS = re.compile(
    rf"\b(?:[Ii]|[Ee]nligt|[Aa]v)\s+(?:årets|fjolårets|förra\s+årets|samma)\s+"
    rf"(?P<work>{_SV_WORK_ANY})\b"
)
_VAGUE = re.compile(
    r"\b(?:(?:[Ff]orskning(?:en)?|[Ss]tudier|[Uu]ndersökningar|[Rr]apporter|[Ee]xperter|"
    r"[Ff]orskare|[Ee]xpertis)\s+(?:har\s+)?(?:visar|visat|menar|pekar\s+på|bekräftar|"
    r"säger|är\s+eniga)|[Ff]lera\s+(?:forskare|experter|studier|undersökningar|rapporter)|"
    r"[Mm]ånga\s+(?:forskare|experter|studier)|[Ee]nligt\s+(?:uppgifter|källor|information)\s+"
    r"(?:i|från|till)\s+[a-zåäö]*(?:media|medier|medierna|pressen)|[Ee]nligt\s+(?:medieuppgifter|"
    r"mediauppgifter|flera\s+medier)|[Mm]edia\s+(?:reports?|have\s+reported)|"
    r"[Aa]ccording\s+to\s+(?:media|press)\s+reports|[Ee]nligt\s+(?:en|ett|flera|vissa|nya|några|"
    r"många|färska|en\s+ny|en\s+färsk|en\s+tidigare)\s+(?:[a-zåäö]+\s+)?"
    r"(?:undersökning(?:ar)?|studie[r]?|rapport(?:er)?|enkät(?:er)?|forskare|experter|"
    r"bedömare|analys(?:er)?|kartläggning(?:ar)?|siffror|statistik|uppgifter)|"
    r"[Rr]esearch\s+(?:shows|has\s+shown|suggests|indicates|finds)|[Ss]tudies\s+(?:show|"
    r"have\s+shown|suggest|indicate|find)|[Ee]xperts\s+(?:say|believe|agree|warn)|"
    r"[Ss]cientists\s+(?:say|believe|agree)|[Ii]t\s+is\s+(?:widely\s+|often\s+|generally\s+)?"
    r"(?:reported|known|said|believed|accepted)\b|[Ee]rfarenhet(?:er|erna)?\s+från\s+(?:andra|"
    r"flera|många)\s+[a-zåäö]+\s+(?:visar|pekar)|(?:[Mm]ånga|[Ff]lera)\s+[a-zåäö]+\s+"
    r"(?:vittnar|berättar)\s+om|[Aa]ccording\s+to\s+(?:a|an|some|several|many|"
    r"one|recent)\s+(?:[a-z]+\s+)?(?:survey|study|studies|report|reports|poll|experts|"
    r"researchers|analysis)|(?:[Aa]|[Oo]ne)\s+(?:recent\s+|new\s+)?(?:study|survey|report|"
    r"poll)\s+(?:found|finds|shows|showed|suggests)|[Dd]et\s+(?:sägs|hävdas|påstås)\s+"
    r"(?:ofta\s+|ibland\s+|ofta\s+)?att|[Dd]et\s+är\s+(?:allmänt\s+|väl)?känt\s+att|"
    r"(?:[Mm]ånga|[Ff]lera)\s+vittnar\s+om|[Ff]orskningen\s+är\s+(?:entydig|tydlig|enig)|"
    r"(?:bred\s+|stor\s+)?enighet\s+bland\s+(?:experter|forskare|bedömare|ekonomer)|"
    r"[Dd]et\s+finns\s+(?:också\s+|även\s+)?(?:studier|forskning|undersökningar|rapporter)\s+"
    r"som\s+(?:visar|pekar)|(?:vet|ser)\s+(?:också\s+|även\s+)?från\s+andra\s+[a-zåäö]+|"
    r"[Ss]ome\s+(?:studies|experts|researchers)\s+(?:suggest|say|show|believe))"
)


#: "SNS-rapporten", "SCB-statistiken": an acronym compounded with the work
_ACR_WORK = re.compile(rf"(?<![\w-])(?P<acr>[A-ZÅÄÖ]{{2,8}})-(?P<work>{_SV_WORK_ANY})\b")
#: "Enligt kommunens egen enkät", "regionens statistik": the author's own body
_OWN_BODY_WORK = re.compile(
    rf"(?P<enligt>\b[Ee]nligt\s+)?\b(?P<own>[Kk]ommunens|[Rr]egionens|[Ss]tadens)\s+"
    rf"(?:egen\s+|eget\s+|egna\s+)?{_ADJ}(?P<work>{_SV_WORK_ANY})\b"
)
#: "Forskarna fann att", "The researchers found that"
_RESEARCHERS = re.compile(
    r"\b(?:[Ff]orskarna|[Ff]örfattarna|[Tt]he\s+(?:researchers|authors))\s+(?:har\s+|have\s+)?"
    r"(?:fann|finner|funnit|visar|visade|kom\s+fram\s+till|konstaterar|konstaterade|found|find|"
    r"show|showed|concluded?)\b"
)


def _own_body(text: str, own: str) -> str:
    """The municipality, region or city the document is from ("Motion till ... i Åsele
    kommun"), or the plain noun when the text names none."""
    low = own.casefold()
    if low.startswith("kommun"):
        pattern = r"\b[A-ZÅÄÖ][\wåäö-]+?s?\s+kommun\b"
    elif low.startswith("region"):
        pattern = r"\bRegion\s+[A-ZÅÄÖ][\wåäö-]+|\b[A-ZÅÄÖ][\wåäö-]+\s+region\b"
    else:
        pattern = r"\b[A-ZÅÄÖ][\wåäö-]+\s+stad\b"
    found = re.search(pattern, text)
    return found.group(0) if found else own[:-1].capitalize()


#: "The PISA survey also found that"
_ACR_WORK_EN = re.compile(
    r"\b[Tt]he\s+(?P<acr>[A-Z]{2,8})\s+(?:\d{4}\s+)?(?P<work>survey|study|report|results|data|"
    r"assessment|review)\s+(?:also\s+)?(?:found|finds|shows|showed|show|suggests|indicates)\s+"
    r"that\b"
)
#: "enligt Öppna jämförelser 2023 från Socialstyrelsen": a title, then its sender
_TITLE_FROM = re.compile(r"(?P<title>[A-ZÅÄÖ][^,.;:()\n”\"]{2,60}?)\s+(?:från|av|by|from)\s+")
#: "enligt väntetidsdatabasen, som SKR driver": the work, then who runs it
_WHO_RUNS = re.compile(r"[^.;:!?\n]{3,80}?,\s+som\s+")
_RUNS = re.compile(
    r"\s+(?:driver|tar\s+fram|publicerar|förvaltar|ansvarar\s+för|sammanställer|genomför)\b"
)
#: "Det framgår av Kolada": the claim is the sentence before
_FRAMGAR = re.compile(r"\b(?:[Dd]et|[Dd]etta|[Vv]ilket)\s+framgår\s+(?:av|i)\s+")
#: "I Aftonbladet 12 mars 2024": a publication named with its date
_IN_DATED = re.compile(r"\b(?:[Ii]|[Ee]nligt|[Ii]n)\s+")
_DATE_AFTER = re.compile(
    r"\s*,?\s+(?:den\s+|on\s+)?\d{1,2}\s+(?:januari|februari|mars|april|maj|juni|juli|"
    r"augusti|september|oktober|november|december|January|February|March|April|May|June|"
    r"July|August|September|October|November|December)\s+(?:19|20)\d{2}\b"
)
#: "Socialstyrelsens nationella planeringsstöd 2024 visar att": any work, then "visar att"
_GEN_NP_SAYS = re.compile(
    r"\s(?P<np>(?:[\w&-]+\s+){0,3}?[\w&-]+)\s+(?:visar|visade|konstaterar|pekar\s+på)\s+"
    r"(?:också\s+|även\s+)?att\b"
)
#: "Eurostat data show that", "ONS figures published in February 2024 show that"
_DATA_SAYS = re.compile(
    r"\s+(?:data|figures|statistics)\b[^.;!?\n]{0,40}?\s+(?:show|shows|showed|suggest|"
    r"suggests|indicate|indicates)\s+that\b"
)
#: "Förvaltningen har uppskattat kostnaden till 1 200 000 kronor"
_ESTIMATES = re.compile(
    r"\s+(?:har\s+|hade\s+)?(?:uppskattat|beräknat|räknat\s+ut)\s+[^.;!?\n]{1,100}?\s+till\s+"
    r"(?=\d)"
)

#: "... och hänvisar till Statens medieråd": the claim is what comes before
_REFERS = re.compile(
    r"\b(?:hänvisar|hänvisade|refers|referred)\s+(?:också\s+|även\s+|här\s+)?(?:till|to)\s+"
)
#: "(Trafikanalys 2024)", "(Socialstyrelsen, Öppna jämförelser 2023)" after a claim
_PAREN_CITE = re.compile(
    r"\((?P<inner>[A-ZÅÄÖ][^()\n]{1,80}?),?\s+(?:19|20)\d{2}(?::\d{1,3})?\)(?=\s*[.!?;]|\s*$)"
)
#: A definite noun for the sender just named: "Myndigheten konstaterar vidare att", "The
#: agency's report also shows that", "enligt tidningen"
_BACK_NOUN = (
    r"(?:[Mm]yndigheten|[Uu]tredningen|[Tt]idningen|[Ff]örbundet|[Oo]rganisationen|"
    r"[Ii]nstitutet|[Vv]erket|[Ii]nspektionen|[Tt]he\s+(?:agency|inquiry|institute|"
    r"organi[sz]ation|newspaper|association|authority)(?:['’]s\s+(?:report|survey|study|"
    r"analysis|figures|data|review))?)"
)
_BACK = re.compile(
    rf"(?P<noun>{_BACK_NOUN})\s+(?:har\s+|hade\s+|has\s+|had\s+)?(?:(?:också|även|vidare|"
    rf"dessutom|further|also)\s+)?(?:visar|visat|visade|konstaterar|konstaterade|konstaterat|"
    rf"bedömer|bedömde|bedömt|uppger|uppgav|skriver|skrev|pekar\s+på|beräknar|beräknade|"
    rf"uppskattar|uppskattade|redovisar|rapporterar|rapporterade|funnit|fann|finner|noterar|"
    rf"shows|showed|found|finds|reports|reported|estimates|estimated|notes|noted)"
    rf"(?:\s+(?:också|även|vidare|dessutom|further|also))?\s+(?:att|that)\s+"
)
_BACK_ENLIGT = re.compile(rf"\b(?:[Ee]nligt|[Aa]ccording\s+to)\s+(?P<noun>{_BACK_NOUN})\b")
#: "Andelen har dessutom ökat till 30 procent.": a figure continuing the one before
_CONTINUED = re.compile(
    r"(?:Andelen|Antalet|Siffran|Nivån|The\s+(?:share|number|proportion|figure))\s+"
    r"(?:har\s+|hade\s+|has\s+|had\s+)?(?:dessutom|också|även|further|also)\b"
)
_OWN = re.compile(r"\b(?:vi|vår|vårt|våra|oss|we|our|us)\b", re.IGNORECASE)

#: A preposition right before a name: the name is its object, not a verb's subject
_AFTER_PREPOSITION = re.compile(r"\b(?:av|från|med|hos|till|åt|för|på|by|from|with|for)\s+$")
_MONTHS = re.compile(
    r"januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|"
    r"january|february|march|may|june|july|august|october"
)
_STOP = {"att", "har", "hade", "has", "had", "som", "och", "den", "det", "the", "that", "also",
         "även", "också", "nyligen", "tidigare", "precis", "rapport", "recently", "just", "sin",
         "sitt", "sina", "its", "ett", "ny", "nya", "new", "följande", "following", "for", "and",
         "med", "för", "fram", "till", "from", "with", "have"}  # fmt: skip


def _words_of(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """An alternation of the words the patterns need (their verbs), for finding fast in the
    folded text where they may match."""
    words = {
        w for p in patterns for w in re.findall(r"[a-zåäö]{3,}", p.pattern) if w not in _STOP
    }  # fmt: skip
    return re.compile("|".join(sorted(words, key=len, reverse=True)))


_SOURCE_NOTE = re.compile(r"\(\s*(?:[Kk]äll(?:a|or)|[Ss]ources?)\s*:\s*")


_sender_ok = name_like


_TITLE_STOP = (
    r"(?:som|visar|visade|har|hade|från|skickats|publicerades|lyfter|konstaterar|"
    r"konstaterade|pekar|menar|uppger|bedömer|anger|beskriver|framhåller|found|shows|"
    r"showed|finds|says|is|was|has|which|that)"
)


_RULE_VERBS = _words_of(_SAYS, _PRESENTS, _HAS_IN, _DATA_SAYS, _ESTIMATES, _GEN_NP_SAYS)


def _title_after(text: str, pos: int) -> str | None:
    """A capitalised or quoted title right after a work noun ("rapporten Kontrollstation ...")."""
    quoted = re.match(r"\s*[”\"“«]([^”\"“»]{3,150})[”\"»]", text[pos : pos + 200])
    if quoted:
        return quoted.group(1).strip()
    plain = re.match(
        rf"\s+([A-ZÅÄÖ][\wåäö-]*(?:\s+(?!{_TITLE_STOP}\b)[\wåäö:-]+){{0,12}}?)"
        rf"(?=\s*(?:\(\d{{4}}\)|[.,;]|\s+{_TITLE_STOP}\b))",
        text[pos : pos + 200],
    )
    if plain and not find_body(plain.group(1).split()[0].rstrip(":s")):
        return plain.group(1).strip()
    return None


def find_attributions(text: str, sentences: Sentences) -> list[Attribution]:
    """Every attribution in ``text`` (masked text: footnote bodies blanked), in order."""
    found: list[Attribution] = []
    spans = DisjointSpans()

    def add(att: Attribution) -> None:
        if spans.add(att.start, att.end):
            found.append(att)

    senders: dict[tuple[int, bool], Sender | None] = {}
    folded = fold(text)
    # where the verbs and works rules 3 and 4 need stand: a capital with none of them in the
    # next 300 characters names no sender of those rules, so the sender is not read there
    needs = sorted(
        [m.start() for m in _STEM_ANCHORS.finditer(folded)]
        + [m.start() for m in _RULE_VERBS.finditer(folded)]
    )

    def near_need(pos: int) -> bool:
        index = bisect_left(needs, pos)
        return index < len(needs) and needs[index] < pos + 300

    def read(pos: int, genitive: bool = False) -> Sender | None:
        """``read_sender`` at ``pos``, read once per offset."""
        key = (pos, genitive)
        if key not in senders:
            senders[key] = read_sender(text, pos, genitive=genitive)
        return senders[key]

    def span(start: int, end: int, *args: Any, **fields: Any) -> Attribution:
        """An attribution whose cue is the text from ``start`` to ``end``."""
        return Attribution(start, end, text[start:end].strip(), *args, **fields)

    def claim_for(start: int, end: int, enligt: bool) -> tuple[str | None, int | None]:
        sentence = sentences.at(start)
        if sentence is None:
            return None, None
        claim, claim_start = _claim(sentence, start, end, enligt)
        return claim, claim_start

    # 0a. "SNS-rapporten ”Titel”": an acronym compounded with its work
    for match in _ACR_WORK.finditer(text):
        acr = match.group("acr")
        body = find_body(acr)
        written = body.name if body and not body.is_work else acr
        sender = Sender(written, acr, match.start(), match.start("work") - 1, body)
        enligt = _ENLIGT.search(text[max(0, match.start() - 25) : match.start()]) is not None
        title = _title_after(text, match.end())
        says = re.match(r"\s+(?:\d{4}\s+)?(?:visar|visade|konstaterar|pekar)", text[match.end() :])
        if not (enligt or title or says):
            continue  # "enhetlig EU-statistik" names no source
        claim, claim_start = claim_for(match.start(), match.end(), enligt)
        work = match.group("work")
        add(
            span(
                match.start(),
                match.end(),
                work_kind(work),
                sender,
                title=title,
                work=work.lower(),
                claim=claim,
                claim_start=claim_start,
            )
        )

    # 0a'. "The PISA survey also found that": an acronym named with its work
    for match in _ACR_WORK_EN.finditer(text):
        acr = match.group("acr")
        body = find_body(acr)
        written = body.name if body and not body.is_work else acr
        sender = Sender(written, acr, match.start("acr"), match.end("acr"), body)
        claim, claim_start = claim_for(match.start(), match.end(), False)
        work = match.group("work").lower()
        add(
            span(
                match.start(),
                match.end(),
                work_kind(work),
                sender,
                work=work,
                claim=claim,
                claim_start=claim_start,
            )
        )

    # 0e. "Enligt kommunens egen enkät": the document's own municipality or region
    for match in _OWN_BODY_WORK.finditer(text):
        own = _own_body(text, match.group("own"))
        sender = Sender(own, None, match.start("own"), match.end("own"), None, True)
        claim, claim_start = claim_for(match.start(), match.end(), bool(match.group("enligt")))
        work = match.group("work")
        add(
            span(
                match.start(),
                match.end(),
                work_kind(work),
                sender,
                work=work.lower(),
                claim=claim,
                claim_start=claim_start,
            )
        )

    # 0f. "Forskarna fann att": the researchers of the study named before
    for match in _RESEARCHERS.finditer(text):
        claim, claim_start = claim_for(match.start(), match.end(), False)
        add(
            span(
                match.start(),
                match.end(),
                SourceKind.STUDY,
                None,
                work="studie",
                claim=claim,
                claim_start=claim_start,
                anaphor=True,
            )
        )

    # 0b. "enligt Öppna jämförelser från Socialstyrelsen", "enligt databasen, som SKR driver"
    for match in _ENLIGT.finditer(text):
        pos = match.end()
        titled = _TITLE_FROM.match(text, pos)
        runs = _WHO_RUNS.match(text, pos)
        title, sender = None, None
        if titled:
            sender = read(titled.end())
            title = titled.group("title").strip()
            if sender is not None and read(pos) is not None:
                first = read(pos)
                if first is not None and _sender_ok(first, strict=True) and first.body:
                    sender = None  # "enligt SCB:s siffror från 2023": the sender comes first
        elif runs:
            sender = read(runs.end())
            if sender is not None and not _RUNS.match(text, sender.end):
                sender = None
        if sender is None or not _sender_ok(sender, strict=True):
            continue
        claim, claim_start = claim_for(match.start(), sender.end, True)
        if runs and not titled:
            after = _RUNS.match(text, sender.end)
            end = after.end() if after else sender.end
            claim, claim_start = claim_for(match.start(), end, True)
        add(
            span(
                match.start(),
                sender.end,
                SourceKind.OTHER,
                sender,
                title=title,
                claim=claim,
                claim_start=claim_start,
            )
        )

    # 0c. "Det framgår av Kolada": the claim is the sentence before and this one
    for match in _FRAMGAR.finditer(text):
        sender = read(match.end())
        if sender is None or not _sender_ok(sender, strict=False):
            continue
        sentence = sentences.at(match.start())
        claim = claim_start = None
        if sentence is not None:
            index = sentences.index(match.start())
            claim_start = sentences.items[index - 1].start if index > 0 else sentence.start
            claim = text[claim_start : sentence.end]
        add(
            span(
                match.start(),
                sender.end,
                SourceKind.OTHER,
                sender,
                claim=claim,
                claim_start=claim_start,
            )
        )

    # 0d. "I Aftonbladet 12 mars 2024": a publication with its date (tried only where a month
    # is named after it)
    months = [m.start() for m in _MONTHS.finditer(folded)]
    for match in finditer_near(_IN_DATED, text, months, before=120):
        sender = read(match.end())
        if sender is None or not _sender_ok(sender, strict=False):
            continue
        dated = _DATE_AFTER.match(text, sender.end)
        if not dated:
            continue
        claim, claim_start = claim_for(match.start(), dated.end(), False)
        add(
            span(
                match.start(),
                dated.end(),
                SourceKind.ARTICLE,
                sender,
                claim=claim,
                claim_start=claim_start,
            )
        )

    anchors = [m.start() for m in _STEM_ANCHORS.finditer(folded)]

    # 1. a work from/by a sender: "en undersökning från X", "statistik från SCB"
    for match in finditer_near(_WORK_FROM, text, anchors, before=40):
        sender = read(match.end())
        if not _sender_ok(sender, strict=False) or sender is None:
            continue
        work = match.group("work")
        if re.match(r"(?i)of$", match.group("prep")) and not sender.body and not sender.acronym:
            continue
        start = match.start()
        enligt = _ENLIGT.search(text[max(0, start - 25) : start]) is not None
        claim, claim_start = claim_for(start, sender.end, enligt)
        add(
            span(
                start,
                sender.end,
                work_kind(work),
                sender,
                work=work.lower(),
                claim=claim,
                claim_start=claim_start,
            )
        )

    # 2. "enligt X" / "according to X", with or without the sender's work
    for match in _ENLIGT.finditer(text):
        pos = match.end()
        sender = read(pos, genitive=True)
        if sender is not None:
            work = _GENITIVE_WORK.match(text, sender.end + 1)
            if work and text[sender.end : sender.end + 1].isspace():
                end = work.end()
                title = _title_after(text, end)
                claim, claim_start = claim_for(match.start(), end, True)
                add(
                    span(
                        match.start(),
                        end,
                        work_kind(work.group("work").split()[-1]),
                        sender,
                        title=title,
                        work=work.group("work").split()[-1].lower(),
                        claim=claim,
                        claim_start=claim_start,
                    )
                )
                continue
        sender = read(pos)
        if not _sender_ok(sender, strict=False) or sender is None:
            continue
        claim, claim_start = claim_for(match.start(), sender.end, True)
        add(
            span(
                match.start(),
                sender.end,
                SourceKind.OTHER,
                sender,
                claim=claim,
                claim_start=claim_start,
            )
        )

    # 3. "X:s rapport", "Migrationsverkets egen analys", "X's report"
    for match in re.finditer(r"(?<![\w-])(?=[A-ZÅÄÖ])", text):
        pos = match.start()
        if spans.covers(pos) or not near_need(pos):
            continue
        sender = read(pos, genitive=True)
        if sender is None or not _sender_ok(sender, strict=True):
            continue
        if not text[sender.end : sender.end + 1].isspace():
            continue
        work = _GENITIVE_WORK.match(text, sender.end + 1)
        if not work:
            says = _GEN_NP_SAYS.match(text, sender.end)
            if not says or sender.body is None:
                continue
            claim, claim_start = claim_for(pos, says.end(), False)
            add(
                span(
                    pos,
                    says.start("np") + len(says.group("np")),
                    SourceKind.OTHER,
                    sender,
                    work=says.group("np").split()[-1].lower(),
                    claim=claim,
                    claim_start=claim_start,
                )
            )
            continue
        end = work.end()
        noun = work.group("work").split()[-1]
        title = _title_after(text, end)
        claim, claim_start = claim_for(pos, end, False)
        add(
            span(
                pos,
                end,
                work_kind(noun),
                sender,
                title=title,
                work=noun.lower(),
                claim=claim,
                claim_start=claim_start,
            )
        )

    # 4. "X visar att", "X found that", "X har presenterat statistik som visar att"
    for match in re.finditer(r"(?<![\w-])(?=[A-ZÅÄÖ])", text):
        pos = match.start()
        if spans.covers(pos) or not near_need(pos):
            continue
        if _AFTER_PREPOSITION.search(text, max(0, pos - 12), pos):
            continue  # "på uppdrag av Socialstyrelsen visade": not the subject
        sender = read(pos)
        if sender is None or not _sender_ok(sender, strict=False):
            continue
        data = _DATA_SAYS.match(text, sender.end)
        estimates = _ESTIMATES.match(text, sender.end)
        if (data or estimates) and (len(sender.name.split()) > 1 or _sender_ok(sender, True)
                                    or data):  # fmt: skip
            end = (data or estimates).end()  # type: ignore[union-attr]
            sentence = sentences.at(pos)
            claim_start = end
            claim = text[end : sentence.end] if sentence is not None else None
            if estimates and sentence is not None:
                claim, claim_start = text[sentence.start : sentence.end], sentence.start
            add(
                span(
                    pos,
                    end,
                    SourceKind.STATISTICS if data else SourceKind.OTHER,
                    sender,
                    claim=claim,
                    claim_start=claim_start,
                )
            )
            continue
        if not _sender_ok(sender, strict=True):
            continue
        says = _SAYS.match(text, sender.end)
        presents = _PRESENTS.match(text, sender.end)
        has_in = _HAS_IN.match(text, sender.end)
        title = None
        if has_in:
            end = has_in.end()
            work, title = _in_work(has_in.group("in"))
            kind = work_kind(work) if work else SourceKind.OTHER
        elif says:
            end = says.end()
            kind = SourceKind.OTHER
            work = None
            inside = re.search(r"\s(?:i|in)\s+(.{1,120}?)(?:\s+(?:att|that|följande\s*:)|:)$",
                               says.group(0))  # fmt: skip
            if inside:
                work, title = _in_work(inside.group(1))
                kind = work_kind(work) if work else SourceKind.OTHER
        elif presents:
            end = presents.end()
            work = presents.group("work").lower()
            kind = work_kind(work)
        else:
            continue
        claim, claim_start = claim_for(pos, end, False)
        add(
            span(
                pos, end, kind, sender, title=title, work=work, claim=claim, claim_start=claim_start
            )
        )

    # 5. inverted order: "bedömer EIGE att", "visar SCB:s siffror att"
    for match in _INVERTED.finditer(text):
        sender = read(match.end())
        if sender is None or not _sender_ok(sender, strict=True):
            continue
        if not re.match(r"\s+(?:också\s+|även\s+)?att\b", text[sender.end : sender.end + 14]):
            continue
        claim, claim_start = claim_for(match.start(), sender.end, False)
        # "I en tidigare rapport, Titel (Brå 2021:11), konstaterade Brå att": the work before
        work = title = None
        sentence = sentences.at(match.start())
        if sentence is not None:
            lead = re.match(
                r"\s*(?:I|In)\s+(.{3,160}?),?\s*$", text[sentence.start : match.start()]
            )
            if lead:
                work, title = _in_work(lead.group(1).rstrip(", "))
        add(
            span(
                match.start(),
                sender.end,
                work_kind(work) if work else SourceKind.OTHER,
                sender,
                title=title,
                work=work,
                claim=claim,
                claim_start=claim_start,
            )
        )

    # 5b. "(källa: SCB 2023)", "(source: OECD)", and 5c. "... och hänvisar till X": the
    # sentence before the cue is the claim
    for pattern in (_SOURCE_NOTE, _REFERS):
        for match in pattern.finditer(text):
            sender = read(match.end())
            if sender is None or not _sender_ok(sender, strict=False):
                continue
            sentence = sentences.at(match.start())
            claim = claim_start = None
            if sentence is not None and match.start() - sentence.start > 15:
                claim, claim_start = text[sentence.start : match.start()], sentence.start
            add(
                span(
                    match.start(),
                    sender.end,
                    SourceKind.OTHER,
                    sender,
                    claim=claim,
                    claim_start=claim_start,
                )
            )

    # 5d. "... 2 300 skadade (Trafikanalys 2024).": a named sender and year after the claim
    for match in _PAREN_CITE.finditer(text):
        sender = read(match.start("inner"))
        inner_end = match.start("inner") + len(match.group("inner"))
        if sender is None or sender.body is None or sender.end > inner_end + 1:
            continue
        sentence = sentences.at(match.start())
        if sentence is None or match.start() - sentence.start <= 15:
            continue
        before = text[sentence.start : match.start()]
        names = {sender.name, sender.acronym or sender.name, sender.body.name}
        if any(re.search(rf"\b{re.escape(n)}", before) for n in names if n):
            continue  # the sentence names the sender itself ("IFAU har visat ... (IFAU 2023:12)")
        rest = text[sender.end : inner_end].strip(" ,")
        title = rest if rest[:1].isupper() else None
        if sender.body.is_work:  # "(European Innovation Scoreboard 2022)": the work and its year
            title = match.group(0).strip("()").strip()
        add(
            span(
                match.start(),
                match.end(),
                SourceKind.OTHER,
                sender,
                title=title,
                claim=before,
                claim_start=sentence.start,
            )
        )

    # 6. vague attributions
    for match in _VAGUE.finditer(text):
        claim, claim_start = claim_for(
            match.start(), match.end(), match.group(0).lower().startswith(("enligt", "according"))
        )
        noun = re.findall(r"[a-zåäö]+", match.group(0).lower())
        kind = SourceKind.OTHER
        for word in reversed(noun):
            if work_kind(word) is not SourceKind.OTHER:
                kind = work_kind(word)
                break
        add(
            span(
                match.start(),
                match.end(),
                kind,
                None,
                vague=True,
                claim=claim,
                claim_start=claim_start,
            )
        )

    # 7. "i årets kartläggning", "enligt den senaste rapporten"
    for match in _THIS_YEARS.finditer(text):
        work = match.group("work")
        claim, claim_start = claim_for(match.start(), match.end(), True)
        add(
            span(
                match.start(),
                match.end(),
                work_kind(work),
                None,
                work=work.lower(),
                claim=claim,
                claim_start=claim_start,
                anaphor=True,
            )
        )

    # 8. definite works referring back ("enligt kartläggningen", "rapporten visar")
    for match in finditer_near(_ANAPHOR, text, anchors, before=80):
        if not (match.group("prep") or match.group("rest").strip()):
            if not match.group("det") or "årets" not in match.group("det"):
                continue
        if match.group("prep") and match.group("prep").lower() in ("i", "av", "från"):
            if not (
                match.group("rest").strip()
                or re.match(
                    r"\s+(?:framgår|framgick|visas|redovisas|konstateras|uppger|uppgav|anges)",
                    text[match.end() : match.end() + 30],
                )
                or (match.group("det") and "årets" in match.group("det"))
            ):
                continue
        start = match.start()
        work = match.group("work")
        end = match.start("rest") if match.group("rest") else match.end()
        claim, claim_start = claim_for(start, end, bool(match.group("prep")))
        title = match.group("title").strip() if match.group("title") else None
        add(
            span(
                start,
                end,
                work_kind(work),
                None,
                title=title,
                work=work.lower(),
                claim=claim,
                claim_start=claim_start,
                anaphor=True,
            )
        )

    # 9. the sentence after an attribution that continues it: "Myndigheten konstaterar vidare
    # att", "enligt tidningen", "Andelen har dessutom ökat till"; the extractor resolves them
    for sentence in sentences.items:
        local = sentence.text
        back = _BACK.match(local) or _BACK_ENLIGT.search(local)
        continued = _CONTINUED.match(local)
        if back is not None:
            start, end = sentence.start + back.start(), sentence.start + back.end()
            claim, claim_start = claim_for(start, end, back.re is _BACK_ENLIGT)
        elif continued is not None and not _OWN.search(local) and parse_quantities(local):
            start, end = sentence.start, sentence.start + continued.end()
            claim, claim_start = local, sentence.start
        else:
            continue
        add(
            span(
                start,
                end,
                SourceKind.OTHER,
                None,
                claim=claim,
                claim_start=claim_start,
                anaphor=True,
                back=True,
            )
        )

    # 10. attribution frames: a sender and a verb of reporting in either order, active or
    # passive, named works, unnamed senders (verify.extract.frames); only where no cue above
    # has found an attribution
    for att in find_frames(text, sentences, read, spans.overlaps):
        add(att)

    found.sort(key=lambda a: a.start)
    return [_claim_before(att, text, sentences) for att in found]


#: "Det visar en ny rapport från Tillväxtanalys.": the sentence says what the one before it rests on
_POINTS_BACK = re.compile(
    r"\s*(?:Det|Detta|Det här|Vilket|This|That)\s+(?:(?:har|hade|has)\s+)?(?:\w+\s+)?"
    r"(?:visar|visade|visat|framgår|framgick|bekräftar|bekräftas|konstaterar|konstateras|shows|"
    r"showed|confirms)\b"
)


def _claim_before(att: Attribution, text: str, sentences: Sentences) -> Attribution:
    """The sentence before as the claim when the attribution's sentence points back to it:
    "Andelen ökade med 20 procent. Det visar en ny rapport från Tillväxtanalys"."""
    index = sentences.index(att.start)
    if index <= 0:
        return att
    sentence = sentences.items[index]
    if not _POINTS_BACK.match(sentence.text):
        return att
    if att.claim and parse_quantities(collapse(att.claim)) and att.claim_start != sentence.start:
        return att
    before = sentences.items[index - 1]
    if before.text.lstrip().startswith("#"):
        return att
    return replace(att, claim=before.text.strip(), claim_start=before.start)
