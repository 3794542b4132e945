"""The phrase lists of method signals, Swedish and English, in one place (pure data).

Each entry maps a method item (and, for sampling and disclaimers, a value) to regular
expressions matched case-insensitively against one sentence at a time. Patterns use ``\\b``
word boundaries; ``{N}`` stands for a number (digits with Swedish or English separators, or
a number word) and is expanded by :mod:`verify.evidence.method`.

To add a phrase: put it under the right item, in both languages when it has an equivalent,
and add a sentence that exercises it to ``tests/evidence/test_method.py``.
"""

from __future__ import annotations

__all__ = ["DISCLAIMERS", "DISCLAIMER_PHRASES", "ITEMS", "PHRASES", "SAMPLE_NOUNS"]

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
    r"intervjuer", r"enkätsvar", r"svar",
    # English
    r"respondents", r"people", r"adults", r"participants", r"voters", r"residents",
    r"americans", r"individuals", r"households", r"likely voters", r"registered voters",
    r"interviews", r"responses", r"migrants", r"parents", r"students", r"employees",
    r"members", r"businesses", r"companies", r"users", r"consumers", r"patients",
)  # fmt: skip

#: item -> value -> patterns. ``value`` is ``"yes"`` for items that are only present/absent.
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "sponsor": {
        "yes": (
            r"\bpå uppdrag av\b", r"\bbeställd av\b", r"\bfinansierad av\b",
            r"\bgenomförd av\b", r"\bgenomfördes av\b", r"\bbekostad av\b", r"\bi samarbete med\b",
            r"\bundersökningen (?:är|har) (?:gjord|genomförd)\b",
            r"\bcommissioned by\b", r"\bsponsored by\b", r"\bfunded by\b", r"\bpaid for by\b",
            r"\bconducted by\b", r"\bcarried out by\b", r"\bon behalf of\b",
            r"\b(?:survey|poll|study) (?:was )?(?:conducted|fielded|run) (?:for|by)\b",
        ),
    },
    "population": {
        "yes": (
            r"\bmålgrupp(?:en)?\b", r"\bpopulation(?:en)?\b", r"\brikstäckande\b",
            r"\b(?:i åldern|mellan) \d+\s?(?:och|-|–)\s?\d+ år\b", r"\b\d+ år och äldre\b",
            r"\bbland (?:svenskar|invånare|allmänheten|medborgare)\b",
            r"\bsvenska befolkningen\b", r"\bbefolkningen i\b", r"\bhela landet\b",
            r"\bnationally representative\b", r"\b(?:adults|people|residents) (?:aged|ages) \d+",
            r"\baged \d+ (?:and|or) (?:older|over|above)\b", r"\b\d+ (?:and|or) older\b",
            r"\baged between \d+ (?:and|to) \d+", r"\b\d+ år eller äldre\b",
            r"\b(?:u\.s\.|american|british|uk|general) (?:adults|public|population)\b",
            r"\blikely voters\b", r"\bregistered voters\b", r"\btarget population\b",
        ),
    },
    "sampling": {
        "probability": (
            r"\bslumpmässigt urval\b", r"\bslumpvis utvalda\b", r"\bslumpmässigt utvalda\b",
            r"\bsannolikhetsurval\b", r"\bobundet slumpmässigt\b", r"\bstratifierat urval\b",
            r"\bdragits slumpmässigt\b", r"\bfrån befolkningsregistret\b", r"\bSPAR\b",
            r"\brandom(?:ly)? (?:sample|selected|drawn|chosen)\b", r"\brandom sample\b",
            r"\bprobability(?:-based)? (?:sample|panel|sampling)\b", r"\brandom digit dial",
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
            r"\bnon-?probability\b", r"\bopt-?in\b", r"\bonline panel\b",
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
            r"\bintervjuades per telefon",
            r"\bfokusgrupp", r"\bdjupintervju",
            r"\bonline (?:survey|poll|panel|questionnaire)\b", r"\bweb(?:-based)? survey\b",
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
            r"\bpolled (?:between|from|on)\b",
            r"\bunder (?:hösten|våren|sommaren|vintern) \d{4}\b",
            r"\b(?:between|from|mellan|från) \d{4} (?:and|to|och|till) \d{4}\b",
            r"\b(?:genomfördes|gjordes|pågick)\b[^.]{0,40}\b(?:januari|februari|mars|april|maj|"
            r"juni|juli|augusti|september|oktober|november|december|vecka \d)",
            r"\b(?:conducted|fielded|carried out|surveyed|polled)\b[^;]{0,40}\b(?:jan|feb|march|"
            r"april|may|june|july|aug|sept?|oct|nov|dec)[a-z]*\.? \d{1,2}\b",
        ),
    },
    "response_rate": {
        "yes": (
            r"\bsvarsfrekvens", r"\bsvarsandel", r"\bbortfall", r"\bsvarade \d+ procent\b",
            r"\bresponse rate\b", r"\bnon-?response\b", r"\bcooperation rate\b",
        ),
    },
    "margin_of_error": {
        "yes": (
            r"\bfelmarginal", r"\bstatistisk(?:a)? osäkerhet", r"\bkonfidensintervall",
            r"\bprocentenheter (?:åt )?(?:vardera|båda) hållen\b", r"\bplus minus\b",
            r"\bmargin of (?:sampling )?error\b", r"\bconfidence interval\b",
            r"\bplus or minus\b", r"\b±\s?\d", r"\+/-\s?\d", r"\bcredibility interval\b",
        ),
    },
    "weighting": {
        "yes": (
            r"\bviktat", r"\bviktning", r"\bviktade\b", r"\bvägd(?:a)?\b(?! medel)",
            r"\bweighted\b", r"\bweighting\b", r"\bweights?\b (?:for|to|by)\b",
            r"\bpost-?stratif",
        ),
    },
    "question_wording": {
        "yes": (
            r"\bfrågan (?:löd|var|ställdes)\b", r"\bfrågeformulering", r"\bfrågeformulär",
            r"\bfick frågan\b", r"\bsvarsalternativ", r"\bfrågorna (?:löd|finns)\b",
            r"\bquestion (?:was|read|asked)\b", r"\bquestion wording\b", r"\bquestionnaire\b",
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
        r"\b(?:is |was )?not (?:a )?scientific(?:ally)? (?:survey|poll|study|sample|valid)?",
        r"\bnon-?scientific\b", r"\bunscientific\b",
    ),
    "not_representative": (
        r"\b(?:inte|ej|icke) (?:är |var )?(?:statistiskt )?representativ",
        r"\bkan inte (?:veta|säga|garantera) (?:om|att) (?:urvalet|det|de) (?:är )?representativ",
        r"\bkan inte generaliseras\b", r"\bgår inte att generalisera\b",
        r"\b(?:is |are |was )?not (?:statistically |nationally )?representative\b",
        r"\bcannot be generali[sz]ed\b", r"\bshould not be generali[sz]ed\b",
        r"\bnot generali[sz]able\b",
    ),
    "opt_in": (
        r"\bopt-?in\b", r"\bsjälvselekt", r"\bsjälvrekryter", r"\bself-selected\b",
        r"\bunweighted (?:online|web) (?:poll|survey)\b",
    ),
}  # fmt: skip
