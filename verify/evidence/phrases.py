"""The phrase lists of method signals, Swedish and English, in one place (pure data).

Each entry maps a method item (and, for sampling and disclaimers, a value) to regular
expressions matched case-insensitively against one sentence at a time. Patterns use ``\\b``
word boundaries; ``{N}`` stands for a number (digits with Swedish or English separators, or
a number word) and is expanded by :mod:`verify.evidence.method`.

To add a phrase: put it under the right item, in both languages when it has an equivalent,
and add a sentence that exercises it to ``tests/evidence/test_method.py``.
"""

from __future__ import annotations

__all__ = [
    "DISCLAIMERS",
    "DISCLAIMER_PHRASES",
    "ITEMS",
    "NAMED_SPONSOR",
    "PHRASES",
    "SAMPLE_NOUNS",
]

#: The method items a survey or report should disclose, in the order they are reported.
ITEMS = (
    "sponsor",
    "population",
    "sampling",
    "sample_size",
    "mode",
    "field_dates",
    "response_rate",
    "margin_of_error",
    "weighting",
    "question_wording",
)

#: Explicit disclaimers a sender makes about its own survey.
DISCLAIMERS = ("non_scientific", "not_representative", "opt_in")

#: Nouns for the people or units a sample is counted in ("500 migranter deltog").
SAMPLE_NOUNS = (
    # Swedish
    r"personer", r"respondenter", r"svarande", r"deltagare", r"migranter", r"invånare",
    r"svenskar", r"medborgare", r"individer", r"intervjupersoner", r"kommuner", r"företag",
    r"elever", r"föräldrar", r"anställda", r"medlemmar", r"hushåll", r"tillfrågade",
    r"intervjuer", r"enkätsvar", r"svar", r"väljare", r"röstberättigade", r"panelister",
    # English
    r"respondents", r"people", r"adults", r"participants", r"voters", r"residents",
    r"americans", r"individuals", r"households", r"likely voters", r"registered voters",
    r"interviews", r"responses", r"migrants", r"parents", r"students", r"employees",
    r"members", r"businesses", r"companies", r"users", r"consumers", r"patients",
    r"panelists",
)  # fmt: skip

#: item -> value -> patterns. ``value`` is ``"yes"`` for items that are only present/absent.
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "sponsor": {
        "yes": (
            r"\bpå uppdrag av\b", r"\bbeställd av\b", r"\bfinansierad av\b",
            r"\bgenomförd av\b", r"\bgenomfördes av\b", r"\bbekostad av\b", r"\bi samarbete med\b",
            r"\bundersökningen (?:är|har) (?:gjord|genomförd)\b",
            r"\bcommissioned by\b", r"\bsponsored by\b", r"\bfunded by\b", r"\bpaid for by\b",
            r"\bconducted by\b(?! (?:tele)?phone| mail| post| e-?mail| sms| text)",
            r"\bcarried out by\b", r"\bon behalf of\b",
            r"\b(?:survey|poll|study) (?:was )?(?:conducted|fielded|run) (?:for|by)\b",
            # passive "made by" forms and the responsible body
            r"\b(?:genomförs|görs|utförs|utfördes|framtagen|framtagna|framtaget) av\b",
            r"\bpå initiativ av\b", r"\banlitas för att genomföra\b",
            r"\btog fram (?:en |den )?(?:egen )?\w*(?:undersökning|enkät|mätning)",
            r"\b(?:undersökning|enkät|mätning|studie)(?:en)? från [A-ZÅÄÖ]",
            r"\b(?:created|managed|administered|fielded) by\b", r"\bunder the direction of\b",
        ),
    },
    "population": {
        "yes": (
            r"\bmålgrupp(?:en)?\b", r"\brikstäckande\b",
            r"\bpopulationen (?:är|var|utgörs|består|omfattar)\b",
            r"\bpopulation (?:of|aged|ages|is|was|consists|comprises)\b",
            r"\b(?:i åldern|mellan) \d+\s?(?:och|-|–)\s?\d+ år\b", r"\b\d+ år och äldre\b",
            r"\bbland (?:svenskar|invånare|allmänheten|medborgare)\b",
            r"\bsvenska befolkningen\b", r"\bbefolkningen i\b", r"\bhela landet\b",
            r"\bnationally representative\b", r"\b(?:adults|people|residents) (?:aged|ages) \d+",
            r"\baged \d+ (?:and|or) (?:older|over|above)\b", r"\b\d+ (?:and|or) older\b",
            r"\baged between \d+ (?:and|to) \d+", r"\b\d+ år eller äldre\b",
            r"\b(?:u\.s\.|american|british|uk|general) (?:adults|public|population)\b",
            r"\blikely voters\b", r"\bregistered voters\b", r"\btarget population\b",
            r"\bröstberättigade\b", r"\beligible voters\b", r"\b(?:över|under) \d+ år\b",
            r"\b\d+ (?:till|-|–) \d+ år\b", r"\bages? \d+ ?\+", r"\b(?:gb|eu|us) adults\b",
            r"\bbland (?:\w+ )?(?:medlemmar|anställda|elever|invånare)\b",
            r"\bamong (?:its |their |our )?(?:members|employees|students|residents)\b",
        ),
    },
    "sampling": {
        "probability": (
            r"\bslumpmässigt urval\b", r"\bslumpvis utvalda\b", r"\bslumpmässigt utvalda\b",
            r"\bsannolikhetsurval\b", r"\bobundet slumpmässigt\b", r"\bstratifierat urval\b",
            r"\bdragits slumpmässigt\b", r"\bfrån befolkningsregistret\b", r"\bSPAR\b",
            r"\brandom(?:ly)? (?:sample|selected|drawn|chosen)\b(?! (?:prize|winner|gift))",
            r"\brandom sample\b", r"\bat random\b", r"\brandom route\b",
            r"\bprobability(?:-based)? (?:samples?|panel|sampling)\b", r"\brandom[- ]digit[- ]dial",
            r"\b(?:dras|drogs|dragits|valts ut|valdes ut|rekryteras|rekryterades|urval\w*)\b"
            r"[^.]{0,30}\bslump",
            r"\bslump\w*[^.]{0,30}\b(?:urval\w*|utvald\w*|dras|drogs)\b",
            r"\bRDD\b", r"\baddress-based sampl", r"\bstratified (?:random )?sampl",
        ),
        "self_selected": (
            r"\bsjälvselekt", r"\bsjälvrekryter", r"\bfrivilligt deltagande\b",
            r"\bbekvämlighetsurval\b", r"\bsnöbollsurval\b", r"\böppen (?:webb)?enkät\b",
            r"\bvem som helst kunde (?:svara|delta)\b", r"\bspreds (?:via|i|på) sociala medier\b",
            r"\bdelades (?:via|i|på) sociala medier\b", r"\bsvarade frivilligt\b",
            r"\bself-selected\b", r"\bself-selection\b", r"\bconvenience sample\b",
            r"\bsnowball sampl", r"\bvolunteer sample\b", r"\bopen to anyone\b",
            r"\banyone could (?:take|answer|respond)\b", r"\bshared on social media\b",
            r"\bnon-?probability\b", r"\bopt-?in\b",
            r"\b(?:vem som helst|alla|varje \w+) (?:kan|kunde|fick) (?:svara|delta|rösta|trycka)\b",
            r"\bokontrollerat urval\b", r"\buncontrolled sample\b",
            r"\b(?:available|open) (?:online )?to (?:anyone|whoever|everyone)\b",
            r"\b(?:click|reader|straw) polls?\b", r"\b(?:läsar|klick|webb)omröstning",
        ),
    },
    "sample_size": {
        # digits-and-nouns forms are added by the module from SAMPLE_NOUNS
        "yes": (
            r"\bn\s?=\s?{N}", r"\burval(?:et)? (?:på|om|av) {N}\b",
            r"\bsample (?:size )?of {N}\b", r"\b(?:surveyed|polled|interviewed) {N}\b",
            r"\b{N} (?:har )?(?:svarat|deltagit)\b", r"\bsvarade {N}\b",
        ),
    },
    "mode": {
        "yes": (
            r"\bwebbenkät", r"\bwebbpanel", r"\bwebbintervju", r"\btelefonintervju",
            r"\bpostal(?:a)? enkät", r"\bpappersenkät", r"\bbesöksintervju", r"\bdigital enkät",
            r"\benkät(?:en)? (?:på nätet|online)\b", r"\bonlineenkät",
            r"\bintervjuades per telefon", r"\b(?:via|per|i) (?:talad )?telefon(?:i)?\b",
            r"\b(?:med|per|via) post(?:en)?\b", r"\bvia (?:nätet|webben|internet|sms)",
            r"\bsvara digitalt\b", r"\bwebbaserad", r"\b(?:internet|webb|nät)undersökning",
            r"\b(?:genomförs|genomfördes|görs|gjordes|besvaras|besvarades) (?:online|på nätet)\b",
            r"\b(?:enkät|fråga|omröstning)\w* (?:här )?på (?:bloggen|sajten|webbplatsen|hemsidan)",
            r"\bfokusgrupp", r"\bdjupintervju",
            r"\bonline (?:survey|poll|panel|questionnaire|tool|form)s?\b",
            r"\bweb(?:-based)? surveys?\b", r"\binternet (?:click )?polls?\b",
            r"\btelephone (?:survey|interviews?|poll)\b", r"\bphone (?:survey|interviews?|poll)\b",
            r"\b(?:by|via|over the) (?:tele)?phone\b", r"\bcell ?phones? and landlines?\b",
            r"\blandline", r"\bmail(?:ed)? (?:survey|questionnaire)\b", r"\bface-to-face\b",
            r"\bin-person interviews?\b", r"\bconducted online\b", r"\bfocus groups?\b",
        ),
    },
    "field_dates": {
        "yes": (
            r"\b(?:genomfördes|gjordes|pågick|skedde) (?:under|mellan|den|i)\b",
            r"\bfältperiod", r"\binsamling(?:en)? (?:skedde|pågick|gjordes)\b",
            r"\bmellan den \d+", r"\bunder perioden\b",
            r"\b(?:conducted|fielded|carried out|taken) (?:between|from|on|in)\b",
            r"\bsurveyed (?:between|from|on)\b", r"\bfield(?:work| period| dates)\b",
            r"\bpolled (?:between|from|on)\b", r"\binterview(?:ing)? (?:dates?|period)\b",
            r"\b(?:intervju|insamlings|mät|undersöknings|fält)period", r"\bintervjudatum",
            r"\bunder (?:förra|den gångna|senaste) (?:veckan|månaden)\b",
            # a collection verb with a day and month: "questioned on 21 September 2015"
            r"\b(?:questioned|interviewed|surveyed|polled|intervjuade|intervjuades|tillfrågades|"
            r"pågått|pågick|pågår)\b[^.;]{0,30}\b\d{1,2}(?:st|nd|rd|th)? "
            r"(?:jan|feb|mar|apr|maj|may|jun|jul|aug|sep|okt|oct|nov|dec)[a-z]*\b",
            r"\bunder (?:hösten|våren|sommaren|vintern) \d{4}\b",
            r"\b(?:between|from|mellan|från) \d{4} ?(?:and|to|och|till|-|–) ?\d{4}\b",
            r"\b(?:genomfördes|gjordes|pågick)\b[^.]{0,40}\b(?:januari|februari|mars|april|maj|"
            r"juni|juli|augusti|september|oktober|november|december|vecka \d)",
            r"\b(?:conducted|fielded|carried out|surveyed|polled)\b[^;]{0,40}\b(?:jan|feb|march|"
            r"april|may|june|july|aug|sept?|oct|nov|dec)[a-z]*\.? \d{1,2}\b",
        ),
    },
    "response_rate": {
        "yes": (
            r"svarsfrekvens", r"svarsandel", r"bortfall", r"\bsvarade \d+ procent\b",
            r"\bresponse rate\b", r"\bnon-?response (?:rate|was|is|of)\b", r"\bcooperation rate\b",
            r"\b(?:svarande|respondents)\b[^.]{0,60}\b(?:motsvarar|motsvarande|corresponding to|"
            r"equivalent to) [\d,.]+ ?(?:procent|percent|%)",
            r"\b{N} (?:\w+ ){0,2}(?:svar|enkäter|responses|answers) (?:av|of|out of) \d",
            r"\b(?:responded|answered|svarade|svarat) (?:out of|av) \d",
            r"\b\d[\d,.]* of (?:which|whom|them) (?:responded|answered|replied)\b",
        ),
    },
    "margin_of_error": {
        "yes": (
            r"felmarginal", r"\bstatistisk(?:a)? osäkerhet", r"konfidensintervall",
            r"\bprocentenheter (?:åt )?(?:vardera|båda) hållen\b", r"\bplus minus\b",
            r"\bmargins? of (?:sampling )?error\b", r"\bconfidence intervals?\b",
            r"\berror attributable to sampling\b", r"\bsampling error\b",
            r"\bplus or minus\b", r"\b±\s?\d", r"\+/-\s?\d", r"\bcredibility interval\b",
        ),
    },
    "weighting": {
        "yes": (
            r"\bviktat", r"viktning", r"\bviktade\b", r"\bviktas\b", r"\bvägd(?:a)?\b(?! medel)",
            r"\bweighted\b", r"\bweighting\b", r"\bweights?\b (?:for|to|by)\b",
            r"\bpost-?stratif", r"\bweight variables?\b",
            r"\b(?:base|design|national|european|calibration|final|survey) weights?\b",
        ),
    },
    "question_wording": {
        "yes": (
            r"\bfrågan (?:löd|var|ställdes)\b", r"\bfrågeformulering", r"\bfick frågan\b",
            r"\bsvarsalternativ", r"\bfrågorna (?:löd|finns)\b", r"\bpå frågan\b",
            r"\bfråg(?:an|orna) som ställ(?:des|ts)\b", r"\bfrågeformuläret finns (?:på|i|som)\b",
            r"\bquestion (?:was|read|asked)\b", r"\b(?:exact|full) question wording\b",
            r"\bquestion wording (?:is|was|for|:)",
            r"\bquestionnaire (?:is|was) (?:available|attached)",
            r"\b(?:full|complete) questionnaire\b", r"\b(?:poll|survey) asking\b",
            # a quoted question, or a second-person question put to respondents
            r"[\"”“«][^\"”“»]{8,200}\?\s*[\"”“»]",
            r"\b(?:do|would|did|have|are|will) you (?:\w+ ){0,2}(?:approve|support|think|agree|"
            r"favou?r|oppose|trust|believe|say)\b",
            r"\b(?:tycker|anser|tror|har|skulle|vill) (?:du|ni) [^.?]{3,160}\?",
            r"\bwere asked (?:whether|if|how|what|about|to)\b", r"\banswer options\b",
            r"\btopline\b",
        ),
    },
}  # fmt: skip

#: disclaimer -> patterns: what a sender says about the limits of its own survey.
DISCLAIMER_PHRASES: dict[str, tuple[str, ...]] = {
    "non_scientific": (
        r"\b(?:inte|icke|ej) (?:är |var )?(?:en |någon )?vetenskaplig(?:t)? "
        r"(?:undersökning|studie|enkät|metod|underlag)",
        r"\binte (?:är |var )?vetenskapligt? (?:gjord|genomförd|utformad)",
        r"\bovetenskaplig", r"\bicke-vetenskaplig",
        r"\bnot (?:a )?scientific(?:ally)?\b(?: (?:survey|poll|study|sample|valid))?",
        r"\bnon-?scientific\b", r"\bunscientific\b",
    ),
    "not_representative": (
        r"\b(?:inte|ej|icke) (?:är |var )?(?:statistiskt )?representativ",
        r"\bkan inte (?:veta|säga|garantera) (?:om|att) (?:urvalet|det|de) (?:är )?representativ",
        r"\bkan inte generaliseras\b", r"\bgår inte att generalisera\b",
        r"\b(?:is |are |was )?not (?:statistically |nationally )?representative\b",
        r"\bcannot be generali[sz]ed\b", r"\bshould not be generali[sz]ed\b",
        r"\bnot generali[sz]able\b",
        r"\b(?:inte|ej|inga)\b[^.]{0,25}\bdra\b[^.]{0,20}\bslutsats",
        r"\b(?:cannot|can't|can not|should not|shouldn't)\b[^.]{0,25}\b(?:draw|make)\b"
        r"[^.]{0,25}\bconclusions?\b",
        r"\b(?:do|does|did|can|will) not (?:accurately )?(?:represent|reflect)\b[^.]{0,60}"
        r"\b(?:population|public|opinion|voters|views)\b",
        r"\b(?:speglar|representerar|återspeglar) inte\b",
    ),
    "opt_in": (
        r"\bopt-?in\b", r"\bsjälvselekt", r"\bsjälvrekryter", r"\bself-selected\b",
        r"\bunweighted (?:online|web) (?:poll|survey)\b", r"\bokontrollerat urval\b",
        r"\buncontrolled sample\b",
        r"\b(?:available|open) (?:online )?to (?:anyone|whoever|everyone)\b",
    ),
}  # fmt: skip

#: Words that start a sentence or name a thing but are not an organisation doing a survey.
_NOT_ORG = (
    r"(?!(?:Vi|We|De|They|Man|Den|Det|Detta|Denna|Dessa|This|These|It|The|I|Jag|Du|Ni|Han|Hon|"
    r"Interviews|Intervjuerna|Intervjuer|Results|Resultaten|Data|Surveys|Respondents|"
    r"Respondenterna|Panelists|Households|Interviewers|Svaren|Mätningen|Undersökningen|"
    r"Enkäten|Urvalet|Årets|Dagens|Veckans|Månadens|Förra|Nästa|Senaste)\b)"
)
_ORG = _NOT_ORG + r"[A-ZÅÄÖ][\w&./-]*(?: [A-ZÅÄÖ][\w&./-]*){0,3}"

#: A named organisation doing the survey, matched case-sensitively (a capitalised name):
#: "Ipsos har under perioden ... intervjuat", "Gallup annually surveys", "SCB:s undersökning",
#: "Demoskops väljarbarometer", and a fact box's closing "Källa: DN/Ipsos".
NAMED_SPONSOR: tuple[str, ...] = (
    _ORG + r" (?:har )?(?:(?!(?:were|was|are|is|been|blev|har)\b)[a-zåäö]+ )?"
    r"(?:under [^.]{0,40} )?(?:intervjuat|intervjuade|genomfört|genomför|genomförde|frågat|"
    r"frågade|tillfrågat|interviewed|surveys|surveyed|sampled|conducted|conducts|polled)\b",
    _ORG + r"(?::s|s) (?:undersökning|enkät|mätning|väljarbarometer|opinionsmätning|studie|"
    r"onlinepanel|webbpanel)",
    r"(?:^|\n)\s*(?:Källa|Källor|Source|Sources): ?[A-ZÅÄÖ]",
)
