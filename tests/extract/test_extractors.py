"""One test per extractor, Swedish and English."""

from __future__ import annotations

from verify.documents.model import Footnote, Link
from verify.extract.designations import find_case_numbers, find_designations
from verify.extract.footnotes import find_plain_footnotes, parse_reference
from verify.extract.links import find_links
from verify.models import SourceKind


def by_org(extraction, name):
    return [c for c in extraction.candidates if c.organisation == name or c.acronym == name]


def test_urls_and_bare_domains_are_cleaned():
    text = "Se (dagenssamhalle.se), www.x.se/sida. och https://scb.se/a). Mejla a.b@stockholm.se"
    urls = [f.url for f in find_links(text)]
    assert urls == ["https://dagenssamhalle.se/", "https://www.x.se/sida", "https://scb.se/a"]


def test_links_from_the_reader_become_candidates(extract):
    text = "Läs rapporten här."
    ex = extract(text, links=(Link("https://www.bra.se/rapport.pdf", "rapporten", 4, 13),))
    [cand] = ex.candidates
    assert cand.url == "https://www.bra.se/rapport.pdf"
    assert cand.organisation == "Brottsförebyggande rådet"
    assert cand.kind is SourceKind.REPORT


def test_designations_are_canonical():
    text = "Se Prop. 2017/18:228, sou 2019:30, Ds 2018:5, Dir. 2018:6, bet. 2017/18:SfU20, "
    text += "rskr. 2017/18:391, SFS 2001:453 och förordningen (2016:899)."
    found = [d.canonical for d in find_designations(text)]
    assert found == ["prop. 2017/18:228", "SOU 2019:30", "Ds 2018:5", "dir. 2018:6",
                     "bet. 2017/18:SfU20", "rskr. 2017/18:391", "SFS 2001:453",
                     "SFS 2016:899"]  # fmt: skip


def test_case_numbers_are_the_case_not_sources(extract):
    ex = extract(
        "Svar på remiss, Dnr KS 2023/1387. Tjänsteutlåtande Dnr SOF 2024/132, KS 2023/1387"
    )
    assert ex.case_designations == ("KS 2023/1387", "SOF 2024/132")
    assert ex.candidates == ()
    assert [v for v, _, _ in find_case_numbers("dnr 2024/1120")] == ["2024/1120"]


def test_plain_footnote_glued_marker():
    text = (
        "Det finns en artikel1 där det står.\n1 Titel om saken – ”Citat” - Dagens Samhälle "
        "(dagenssamhalle.se)\nNästa sida."
    )
    [note] = find_plain_footnotes(text)
    assert note.marker == "1"
    assert text[note.ref_start : note.ref_end] == "1"
    assert note.text.endswith("(dagenssamhalle.se)")


def test_footnote_reference_parsed():
    ref = parse_reference(
        "Svalt intresse för återvandring i kommunerna – ”Kan uppfattas som "
        "känsligt” - Dagens Samhälle (dagenssamhalle.se)"
    )
    assert (
        ref.title == "Svalt intresse för återvandring i kommunerna – ”Kan uppfattas som känsligt”"
    )
    assert ref.publisher == "Dagens Samhälle"
    assert ref.domain == "dagenssamhalle.se"
    assert ref.kind == "article"
    assert parse_reference("SOU 2019:30 En utredning").designation == "SOU 2019:30"


def test_reader_footnotes_are_used(extract):
    text = "SCB visar att 40 procent flyttar.1\n\n1 SCB, Flyttstatistik 2023, https://scb.se/flytt"
    note = Footnote(
        "1",
        "SCB, Flyttstatistik 2023, https://scb.se/flytt",
        36,
        len(text),
        ref_start=33,
        ref_end=34,
    )
    ex = extract(text, footnotes=(note,))
    [cand] = ex.candidates
    assert cand.url == "https://scb.se/flytt"
    assert cand.mentions[0].footnote == "1" or cand.mentions[-1].footnote == "1"


def test_swedish_attribution_cues(extract):
    text = (
        "Enligt Migrationsverket ökar antalet. En rapport från Skolinspektionen visar att var "
        "tredje skola brister. SCB:s senaste siffror visar att 9 228 personer flyttade. "
        "Visar siffror från Försäkringskassan att sjukskrivningarna ökar? "
        "Folkhälsomyndigheten visar att hälften röker mindre."
    )
    ex = extract(text)
    assert by_org(ex, "Migrationsverket")
    [skol] = by_org(ex, "Skolinspektionen")
    assert skol.kind is SourceKind.REPORT
    assert skol.claims[0].quantities[0].value == 1 / 3
    [scb] = by_org(ex, "SCB")
    assert scb.kind is SourceKind.STATISTICS
    assert scb.claims[0].quantities[0].value == 9228
    assert by_org(ex, "Försäkringskassan")
    assert by_org(ex, "Folkhälsomyndigheten")


def test_english_attribution_cues(extract):
    text = (
        "According to Eurostat, 12.5 percent of homes are overcrowded. A survey by the Institute "
        "for Fiscal Studies (IFS) found that two in five families struggle. The IFS found that "
        "nearly half of them rent."
    )
    ex = extract(text)
    assert by_org(ex, "Eurostat")[0].claims[0].quantities[0].value == 12.5
    [ifs] = by_org(ex, "IFS")
    assert ifs.organisation == "Institute for Fiscal Studies"
    assert ifs.kind is SourceKind.SURVEY
    assert len(ifs.mentions) == 2


def test_acronym_first_and_recurring(extract):
    text = (
        "En undersökning från tankesmedjan Centrum för välfärd (CFV) visar att 30 % svarar. "
        "En undersökning från CFV, Centrum för Välfärd, som citeras. "
        "En undersökning från CFV visar samma sak."
    )
    ex = extract(text)
    [cand] = ex.candidates
    assert cand.acronym == "CFV"
    assert cand.organisation == "Centrum för välfärd"
    assert len(cand.mentions) == 3


def test_vague_attributions_are_flagged(extract):
    text = (
        "Forskning visar att barn mår bättre. Enligt en undersökning är det så. Flera forskare "
        "menar att det stämmer. Research shows that it works. Experts say that it helps. "
        "Studies show that it lasts."
    )
    ex = extract(text)
    assert len(ex.candidates) == 6
    assert all(c.vague and c.note == "source not specified" for c in ex.candidates)


def test_same_sender_two_titled_reports_stay_apart(extract):
    text = (
        "SCB:s rapport ”Befolkningen 2023” visar att 10 % är äldre. SCB:s rapport ”Flytt och "
        "bostad” visar att 5 % flyttar. Enligt SCB ökar det. SCB visar att det är så."
    )
    ex = extract(text)
    titled = [c for c in ex.candidates if c.title]
    assert {c.title for c in titled} == {"Befolkningen 2023", "Flytt och bostad"}
    bare = [
        c for c in ex.candidates if c.organisation == "Statistiska centralbyrån" and not c.title
    ]
    assert len(bare) == 1
    assert len(bare[0].mentions) == 2


def test_laws_and_persons_after_enligt_are_not_sources(extract):
    ex = extract(
        "Enligt skollagen ska alla gå i skolan. Enligt motionens författare är det fel. "
        "Det sker enligt GDPR."
    )
    assert ex.candidates == ()


def test_keys_are_stable(extract):
    text = "Enligt SCB:s statistik ökar det. Se prop. 2017/18:228 och https://x.se/a."
    first = [c.key for c in extract(text).candidates]
    assert first == [c.key for c in extract(text).candidates]
    assert "designation:prop. 2017/18:228" in first
    assert "url:https://x.se/a" in first
