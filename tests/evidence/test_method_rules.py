"""The general language rules of method signals, each with sentences written for the test."""

from __future__ import annotations

from verify.evidence import method_signals


def _items(text: str) -> set[str]:
    return set(method_signals(text).disclosed)


def _disclaimers(text: str) -> set[str]:
    return {h.value for h in method_signals(text).disclaimers}


def test_a_negated_sampling_or_opt_in_phrase_is_not_a_disclosure():
    report = method_signals("Panelen rekryteras slumpmässigt, det vill säga inte självrekrytering.")
    assert report.sampling == "probability"
    assert method_signals("It was not a random sample of the town.").sampling is None
    assert "opt_in" not in _disclaimers("We do not use opt-in panels for this tracker.")
    assert "opt_in" in _disclaimers("Results come from an opt-in panel.")


def test_a_margin_of_error_needs_a_figure_and_no_negation():
    assert "margin_of_error" in _items("Felmarginalen är högst 2,5 procentenheter.")
    assert "margin_of_error" in _items("The margins of error reported are adjusted for design.")
    assert "margin_of_error" not in _items("Felmarginal kan inte beräknas för ett kvoturval.")
    assert "margin_of_error" not in _items("Felmarginalen kan inte beräknas på vanligt sätt 2024.")
    assert "margin_of_error" not in _items("The margin of error varies by question.")
    assert "margin_of_error" not in _items("Within a small margin of error, 12 of 13 agreed.")
    assert "margin_of_error" in _items("Maxfelmarginalen är 3 procentenheter.")  # a compound


def test_a_sentence_that_only_points_elsewhere_discloses_nothing():
    text = "För mer information om bortfall och svarsfrekvens, se företagets webbplats."
    assert _items(text) == set()
    assert _items("For more information about weighting and response rate, see the site.") == set()


def test_a_share_or_a_plain_year_is_not_a_sample_size():
    report = method_signals("I enkäten svarade 62 procent av de tillfrågade.")
    assert "response_rate" in report.disclosed and report.sample_sizes == ()
    assert method_signals("2,050 interviews were completed.").sample_sizes == (2050,)
    assert method_signals("Under 2021 svarade 1 200 personer.").sample_sizes == (1200,)


def test_more_ways_of_stating_a_sample_size():
    cases = {
        "Opinionsbolaget Alfa har intervjuat 1 250 röstberättigade väljare.": 1250,
        "Enkäten skickades med post till 8 000 personer.": 8000,
        "Antalet svarande var 3 112.": 3112,
        "Totalt besvarade 2 400 personer enkäten.": 2400,
        "Beta Research interviewed approximately 900 adults per week.": 900,
        "Mätningen bygger på minst 1 500 intervjuer.": 1500,
        "Number of interviews, adults: 1,130": 1130,
        "Varje dag genomförs 150 intervjuer.": 150,
    }
    for text, number in cases.items():
        assert number in method_signals(text).sample_sizes, text


def test_a_named_organisation_doing_the_survey_is_a_sponsor():
    for text in (
        "Opinionsbolaget Alfa har under perioden 3–14 mars intervjuat 1 000 personer.",
        "Alfa genomför regelbundet en mätning av förtroendet.",
        "Beta annually surveys 5,000 people in twelve countries.",
        "SKR:s enkät gick ut till alla kommuner.",
        "Alfas väljarbarometer bygger på 2 000 intervjuer.",
        "Källa: Tidningen/Alfa",
        "Enkäten genomförs av Beta Research på uppdrag av kommunen.",
        "The panel is managed by Gamma Associates.",
        "Interviews were conducted under the direction of Delta Research.",
    ):
        assert "sponsor" in _items(text), text
    for text in (
        "Interviews were conducted by phone in May.",
        "Vi har intervjuat 300 personer.",
        "Årets undersökning visar en ökning.",
    ):
        assert "sponsor" not in _items(text), text


def test_population_forms_and_no_bare_population():
    assert "population" in _items("Målet är röstberättigade i åldern 18 till 79 år.")
    assert "population" in _items("The survey covers adults ages 18+ in the state.")
    assert "population" in _items("Enkäten gick till alla bland förbundets medlemmar.")
    assert "population" not in _items("The results reflect the makeup of the entire population.")


def test_sampling_phrasings():
    for text in (
        "Urvalet dras slumpmässigt ur befolkningsregistret.",
        "Numbers were generated using random-digit-dial methods.",
        "Addresses were chosen by random route.",
        "The design uses multi-stage probability samples.",
        "One adult per household was chosen at random.",
    ):
        assert method_signals(text).sampling == "probability", text
    assert method_signals("A randomly selected prize was offered to all.").sampling is None
    for text in (
        "Det var en klickomröstning där vem som helst kan rösta.",
        "Our reader polls are open to anyone online.",
        "Detta är ett okontrollerat urval av besökare.",
    ):
        assert method_signals(text).sampling == "self_selected", text
    assert "opt_in" in _disclaimers("Our reader polls are open to anyone online.")


def test_mode_phrasings():
    for text in (
        "Intervjuerna gjordes via telefon och sms.",
        "Man kunde även svara digitalt.",
        "Enkäten skickades med post.",
        "Datainsamlingen görs med en webbaserad enkät.",
        "Intervjuerna genomförs online.",
        "Förra veckan hade jag en enkätfråga på bloggen.",
        "Readers answered our online polls.",
    ):
        assert "mode" in _items(text), text


def test_response_rate_from_counts_and_compounds():
    for text in (
        "Undersökningen bygger på 410 svar av 900 utskickade enkäter.",
        "The form went to 60 clubs, 12 of which responded.",
        "A total of 1,800 panelists responded out of 2,000 invited.",
        "Individbortfallet var 48 procent.",
        "Antalet svarande är 4 100, vilket motsvarar 44 procent.",
    ):
        assert "response_rate" in _items(text), text
    assert "response_rate" not in _items("Samples were weighted to correct for nonresponse.")


def test_field_date_phrasings():
    for text in (
        "Interview dates: May 2-6, 2019",
        "Mätningen har pågått sedan den 3 april 2021.",
        "1,500 adults were questioned on 4 June 2019.",
        "From 2010-2014, the poll ran daily.",
        "Under förra veckan kom det in 40 svar.",
    ):
        assert "field_dates" in _items(text), text


def test_weighting_phrasings():
    assert "weighting" in _items("Resultaten viktas efter kön och ålder.")
    assert "weighting" in _items("National weight variables should be used at country level.")
    assert "weighting" in _items("Befolkningsviktning har använts.")


def test_question_wording_is_a_question_not_a_mention_of_one():
    for text in (
        'Frågan som ställdes var: "Hur ofta åker du kollektivt?"',
        "Do you approve or disapprove of the way the mayor handles the budget.",
        "Tycker du att kommunen ska bygga fler bostäder?",
        "The penny poll asking readers to choose ran all day.",
    ):
        assert "question_wording" in _items(text), text
    for text in (
        "Question wording and other practical factors can introduce error.",
        "I brevet fanns frågeformuläret och en svarsblankett.",
        "Non-responding households get a paper questionnaire.",
    ):
        assert "question_wording" not in _items(text), text


def test_more_disclaimer_phrasings():
    assert "not_representative" in _disclaimers("Det går inte att dra några generella slutsatser.")
    assert "not_representative" in _disclaimers("Man kan inte dra slutsatsen att alla tycker så.")
    assert "not_representative" in _disclaimers("Svaren speglar inte allmänhetens åsikter.")
    assert "not_representative" in _disclaimers("You cannot draw conclusions about voters here.")
    assert "not_representative" in _disclaimers(
        "Such polls do not represent the views of the wider public."
    )
    assert "non_scientific" in _disclaimers('The poll is "not scientific," the editors say.')
    assert "opt_in" in _disclaimers("Resultatet bygger på ett okontrollerat urval.")
