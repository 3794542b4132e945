"""Attribution frames (issue 13): senders and verbs of reporting in either order, active or
passive, named works, unnamed senders; and the claim the frame governs."""

from __future__ import annotations

import pytest

from verify.extract.lexicon import conjugate, parse_lexicon
from verify.models import SourceKind


def _one(extract, text: str, **match: object):
    found = [
        c for c in extract(text).candidates
        if all(getattr(c, k) == v for k, v in match.items())
    ]  # fmt: skip
    assert len(found) == 1, [(c.key, c.organisation) for c in extract(text).candidates]
    return found[0]


def _claims(candidate) -> list[str]:
    return [c.text for c in candidate.claims]


def test_organisation_finds_without_att(extract):
    text = "Kemikalieinspektionen har hittat giftiga ämnen i 30 av 120 undersökta leksaker.\n"
    kemi = _one(extract, text, organisation="Kemikalieinspektionen")
    assert kemi.kind is SourceKind.REPORT  # an agency's kind from the gazetteer
    assert _claims(kemi) == [text.strip().rstrip(".")] or "30 av 120" in _claims(kemi)[0]
    assert kemi.claims[0].quantities


@pytest.mark.parametrize(
    "text, sender",
    [
        ("Riksrevisionen bedömer att kostnaderna ökar med 4 procent.", "Riksrevisionen"),
        ("I sin årsbok bedömer Säkerhetspolisen att hotet har ökat.", "Säkerhetspolisen"),
        ("Produkten har kritiserats av Konsumentverket för vilseledande reklam.",
         "Konsumentverket"),
        ("Aftonbladet har visat att 30 procent av kommunerna saknar plan.", "Aftonbladet"),
        ("Draghi konstaterar i sin rapport att Europa halkar efter.", "Draghi"),
    ],
)  # fmt: skip
def test_sender_and_verb(extract, text, sender):
    found = _one(extract, text + "\n", organisation=sender)
    assert found.mentions[0].via == "attribution"


def test_inverted_verb_takes_the_att_clause(extract):
    text = "I sin årsbok bedömer Säkerhetspolisen att hotet har ökat med 20 procent.\n"
    sapo = _one(extract, text, organisation="Säkerhetspolisen")
    assert _claims(sapo) == ["hotet har ökat med 20 procent."]


def test_person_with_a_report_governs_the_att_clause(extract):
    found = _one(extract, "Draghi konstaterar i sin rapport att Europa halkar efter.\n")
    assert _claims(found) == ["Europa halkar efter."]


def test_passive_agent_and_commissioned_study(extract):
    text = (
        "En studie genomförd av Karolinska institutet på uppdrag av Socialstyrelsen visade att "
        "12 procent drabbas.\n"
    )
    result = extract(text)
    names = [c.organisation for c in result.candidates]
    assert "Karolinska institutet" in names
    assert "Socialstyrelsen" not in names  # who commissioned it is not the source
    ki = _one(extract, text, organisation="Karolinska institutet")
    assert ki.kind is SourceKind.STUDY


def test_unnamed_agent_of_a_passive_is_vague(extract):
    text = (
        "En granskning genomförd av sydkoreanska myndigheter visade att 40 procent av "
        "produkterna var farliga.\n"
    )
    result = extract(text)
    assert any(c.vague for c in result.candidates)


def test_named_index_in_brackets_and_as_modifier(extract):
    result = extract(
        "Sverige är EU:s mest innovativa land (European Innovation Scoreboard 2022). "
        "I 2022 års Global Innovation Index rankas vi på tredje plats.\n"
    )
    titles = {c.title for c in result.candidates}
    assert "European Innovation Scoreboard 2022" in titles
    assert "Global Innovation Index" in titles


def test_index_of_a_named_owner(extract):
    text = (
        "Thailand rankas på den lägsta nivån i den internationella fackliga "
        "samarbetsorganisationen ITUC:s Global Rights index 2021.\n"
    )
    ituc = _one(extract, text, acronym="ITUC")
    assert ituc.title == "Global Rights index 2021"


def test_poll_told_as_a_question(extract):
    novus = _one(extract, "När Novus frågade svenskarna svarade 40 procent ja.\n",
                 organisation="Novus")  # fmt: skip
    assert novus.kind is SourceKind.SURVEY
    assert novus.claims[0].quantities[0].value == 40


@pytest.mark.parametrize(
    "text, name",
    [
        ("Kriminaliteten har ökat kraftigt i förorterna (SvD 28/11 2022).", "SvD"),
        ("En kartläggning av Sveriges Radio visar att 40 kommuner saknar plan.",
         "Sveriges Radio"),
    ],
)  # fmt: skip
def test_media_as_sources(extract, text, name):
    result = extract(text + "\n")
    assert any(name in (c.organisation, c.acronym) for c in result.candidates), [
        (c.organisation, c.acronym) for c in result.candidates
    ]


def test_full_name_with_acronym_after_a_comma(extract):
    text = (
        "Organisationen för ekonomiskt samarbete och utveckling, OECD, bedömer att "
        "tillväxten blir 2 procent.\n"
    )
    oecd = _one(extract, text, acronym="OECD")
    assert oecd.organisation == "Organisationen för ekonomiskt samarbete och utveckling"
    assert _claims(oecd) == ["tillväxten blir 2 procent."]


def test_two_senders_in_one_span(extract):
    result = extract(
        "Biståndet har kritiserats av såväl Riksrevisionen som Expertgruppen för biståndsanalys.\n"
    )
    names = {c.organisation for c in result.candidates}
    assert {"Riksrevisionen", "Expertgruppen för biståndsanalys"} <= names


def test_named_and_unnamed_senders_after_enligt(extract):
    result = extract("Enligt såväl FN som människorättsorganisationer förekommer tortyr.\n")
    assert any(c.acronym == "FN" for c in result.candidates)
    assert any(c.vague for c in result.candidates)


@pytest.mark.parametrize(
    "text",
    [
        "Fram till årsskiftet uppges fler än 1 500 civila ha dödats.",
        "Myndigheterna har kritiserats för bristfälliga utredningar.",
        "Det finns uppgifter om att barn placeras på institutioner.",
        "Enligt vittnesmål förekommer tortyr i lägren.",
        "Upprepade rapporter vittnar om flyganfall mot lägren.",
        "Såväl inhemska som internationella bedömare menar att det rör sig om avrättningar.",
    ],
)
def test_unnamed_sources_are_vague(extract, text):
    result = extract(text + "\n")
    assert [c.vague for c in result.candidates] == [True], [c.key for c in result.candidates]


def test_commission_and_its_proposal(extract):
    result = extract(
        "Skolkommissionen har lämnat det mest genomarbetade förslaget för att utveckla skolan.\n"
    )
    assert [c.organisation for c in result.candidates] == ["Skolkommissionen"]
    assert result.candidates[0].kind is SourceKind.OFFICIAL_PUBLICATION


def test_body_named_again_by_a_definite_noun(extract):
    result = extract(
        "Behandlingen av fångar har kritiserats av FN:s kommitté mot tortyr. "
        "Kommittén rekommenderade bland annat att straffen ses över.\n"
    )
    committee = [c for c in result.candidates if c.organisation == "FN:s kommitté mot tortyr"]
    assert len(committee) == 1 and len(committee[0].mentions) == 2


def test_named_works_without_a_sender(extract):
    result = extract(
        "Århuskonventionen kopplar samman miljö och mänskliga rättigheter. "
        "I boken Tills alla dör yttrar en kvinna orden.\n"
    )
    titles = {c.title for c in result.candidates}
    assert {"Århuskonventionen", "Tills alla dör"} <= titles
    assert all(c.key.startswith("work:") for c in result.candidates)


@pytest.mark.parametrize(
    "text",
    [
        "Regeringen bedömer att kostnaderna ökar.",
        "Regeringen ger Statistiska centralbyrån (SCB) i uppdrag att kartlägga läget.",
        "SCB ska analysera metoderna, och om myndigheten bedömer att det finns en risk ska den "
        "föreslå andra metoder.",
        "Socialstyrelsen har bland annat redovisat hur arbetet ska genomföras.",
        "Motionen är skriven av Gabriel Kroon.",
        "Konkurrensverket och Kemikalieinspektionen har presenterat ett kravpaket för kommunerna.",
        "Uppdraget ska rapporteras till Regeringskansliet senast den 1 mars.",
        "Folkhälsomyndigheten och Socialstyrelsen genomför en kartläggning av äldres hälsa.",
        "# Utrikesdeklarationen 2016",
    ],
)
def test_no_source(extract, text):
    assert extract(text + "\n").candidates == (), [c.key for c in extract(text + "\n").candidates]


def test_enligt_scb_keeps_the_whole_sentence(extract):
    """Issue 10: the claim is the clause, not the fragment after "Enligt SCB"."""
    text = (
        "Enligt SCB var drygt 2,1 miljoner av Sveriges invånare födda i ett annat land år 2023.\n"
    )
    scb = _one(extract, text, acronym="SCB")
    assert scb.kind is SourceKind.STATISTICS
    assert _claims(scb) == [
        "Enligt SCB var drygt 2,1 miljoner av Sveriges invånare födda i ett annat land år 2023."
    ]
    assert scb.claims[0].quantities[0].value == 2_100_000


def test_a_new_verb_is_a_line_of_data():
    verbs = (
        "lemma\tconj\tactive\tpassive\tparticiple\tparticle\tobject\tclass\tlang\tvague\tneeds\n"
        "förklara\t1\t\t\t\t\t\treport\tsv\tyes\t\n"
        "framgå\t\tframgår|framgick\t\t\t\t\treport\tsv\t\t\n"
    )
    lex = parse_lexicon(verbs, "type\tword\tvalue\nwork\trapport\treport\n")
    assert [f.voice for f in lex.verb_forms("förklarade")] == ["active", "participle"]
    assert [f.voice for f in lex.verb_forms("förklaras")] == ["passive"]
    assert lex.verb_forms("förklaras")[0].verb.vague
    assert [f.voice for f in lex.verb_forms("framgick")] == ["active"]
    assert lex.verb_forms("framgicks") == []
    assert lex.work("årsrapporterna") == ("rapport", SourceKind.REPORT)


def test_conjugation_groups():
    assert conjugate("visa", "1")[0] == ["visar", "visade", "visat"]
    assert conjugate("bedöma", "2a")[1] == ["bedöms", "bedömdes", "bedömts"]
    assert conjugate("lyfta", "2b")[0] == ["lyfter", "lyfte", "lyft"]
    assert conjugate("mäta", "2b")[0] == ["mäter", "mätte", "mätt"]
    assert conjugate("tro", "3")[0] == ["tror", "trodde", "trott"]


def test_coordinated_verb_shares_the_subject(extract):
    text = (
        "OCHA har en samordnande roll för det humanitära systemet och presenterar årligen en "
        "översikt över de globala humanitära behoven.\n"
    )
    assert [c.acronym for c in extract(text).candidates] == ["OCHA"]


def test_relative_clause_after_a_body(extract):
    text = (
        "Jag ingår i Ban Ki- Moons panel för humanitär finansiering, som har lagt fram "
        "nyskapande förslag om finansieringen.\n"
    )
    names = [c.organisation for c in extract(text).candidates]
    assert names == ["Ban Ki- Moons panel för humanitär finansiering"]


def test_work_before_som_names_the_senders_work(extract):
    text = (
        "Den prognos som Energimyndigheten tagit fram visar ett överskott om cirka 25 TWh år "
        "2020.\n"
    )
    energy = _one(extract, text, organisation="Energimyndigheten")
    assert energy.kind is SourceKind.STATISTICS  # a forecast


def test_indefinite_work_that_reports_is_vague(extract):
    result = extract("Det finns en studie som visar att 30 procent av eleverna halkar efter.\n")
    assert [c.vague for c in result.candidates] == [True]
    assert result.candidates[0].kind is SourceKind.STUDY


def test_criticism_from_unnamed_senders(extract):
    text = (
        "Utvecklingen har väckt omfattande kritik från en lång rad länder, inklusive Sverige, "
        "samt internationella människorättsorganisationer.\n"
    )
    assert [c.vague for c in extract(text).candidates] == [True]


def test_own_work_with_its_title(extract):
    text = (
        "Denna fråga söker FN:s befolkningsfond UNFPA besvara i sin senaste rapport ”The power "
        "of the 1,8 billion” som släpps i november.\n"
    )
    unfpa = _one(extract, text, acronym="UNFPA")
    assert unfpa.title == "The power of the 1,8 billion" and unfpa.kind is SourceKind.REPORT


def test_resolution_adopted_by_a_body(extract):
    text = (
        "Det har gått tjugo år sedan resolution 1325 om kvinnor, fred och säkerhet antogs i "
        "FN:s säkerhetsråd.\n"
    )
    council = _one(extract, text, organisation="FN:s säkerhetsråd")
    assert council.title == "resolution 1325"
    assert council.kind is SourceKind.OFFICIAL_PUBLICATION


def test_a_name_and_a_bodys_work_after_a_comma_are_one_work(extract):
    text = (
        "Det framgår av Kolada, Rådet för främjande av kommunala analysers databas, där "
        "medianen ligger på 16.\n"
    )
    result = extract(text)
    assert len(result.candidates) == 1 and result.candidates[0].title == "Kolada"


def test_unnamed_studies_something_was_measured_in(extract):
    text = "Elevernas resultat har förbättrats i flera internationella kunskapsmätningar.\n"
    assert [c.vague for c in extract(text).candidates] == [True]


@pytest.mark.parametrize(
    "text",
    [
        "Enligt våra egna beräkningar sparar kommunen 3 miljoner kronor.",
        "I vår presenteras nya landsspecifika rapporter om läget i alla regioner.",
        "Arbetet med att göra Barnkonventionen till svensk lag fortsätter.",
        "Konventionen började gälla i Sverige i början av år 2009.",
        "En studie från Karolinska Institutet publicerad i The Lancet 2022 följde 4 000 barn.",
    ],
)
def test_no_further_source(extract, text):
    result = extract(text + "\n")
    assert len(result.candidates) <= 1, [c.key for c in result.candidates]
    assert not any(c.title and "Lancet" in c.title for c in result.candidates)
    assert not any(c.title and "onventionen" in c.title for c in result.candidates)
    assert not any(c.vague for c in result.candidates)


def test_eu_directive_numbers_before_2015():
    from verify.extract.designations import find_designations

    found = find_designations("enligt Direktiv 2009/28/EG och rådets direktiv 92/43/EEG")
    assert [d.canonical for d in found] == ["direktiv 2009/28/EG", "direktiv 92/43/EEG"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("En undersökning som Novus genomfört på uppdrag av Vårdförbundet visar att 6 av 10 "
         "sjuksköterskor överväger att sluta.", "Novus"),
        ("Aftonbladet avslöjade i höstas att 200 bolag saknade tillstånd.", "Aftonbladet"),
        ("Enligt professor Lars Calmfors har reformen höjt sysselsättningen.", "Lars Calmfors"),
        ("Polisen rapporterar att antalet skjutningar minskade med 30 procent.", "Polisen"),
    ],
)  # fmt: skip
def test_more_senders(extract, text, name):
    result = extract(text + "\n")
    assert [c.organisation for c in result.candidates] == [name]


def test_inquiry_by_its_title_alone(extract):
    result = extract("Utredningen En ny kärnavfallslag föreslår att ansvaret flyttas.\n")
    assert [(c.title, c.kind) for c in result.candidates] == [
        ("En ny kärnavfallslag", SourceKind.OFFICIAL_PUBLICATION)
    ]
    # with its designation, the designation names it
    result = extract("Utredningen Jämlik tandhälsa (SOU 2021:8) föreslog ett nytt stöd.\n")
    assert [c.designation for c in result.candidates] == ["SOU 2021:8"]


def test_it_shows_points_back_to_the_sentence_before(extract):
    result = extract(
        "Andelen ökade med 20 procent förra året. Det visar en ny rapport från Tillväxtanalys.\n"
    )
    (report,) = result.candidates
    assert [c.text for c in report.claims] == ["Andelen ökade med 20 procent förra året."]


def test_a_claim_inside_another_is_claimed_once(extract):
    text = (
        "Äldre möter i genomsnitt 17 olika personal. Det framgår av Kolada, Rådet för främjande "
        "av kommunala analysers databas, där medianen ligger på 16.\n"
    )
    (kolada,) = extract(text).candidates
    values = [q.value for c in kolada.claims for q in c.quantities]
    assert sorted(values) == [16, 17]
