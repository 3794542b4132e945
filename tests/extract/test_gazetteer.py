"""The gazetteer: organisations from data files, their derived forms, and reading them in text."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path

import pytest

from verify.extract.bodies import find_body, is_news_publisher
from verify.extract.gazetteer import (
    KINDS,
    Gazetteer,
    Organisation,
    definite_forms,
    gazetteer,
    genitives,
    parse_gazetteer,
)
from verify.extract.senders import read_sender
from verify.models import SourceKind

REPO = Path(__file__).resolve().parents[2]
DATA = resources.files("verify.extract").joinpath("data")

SAMPLE = """# gazetteer-test.tsv: a test file
# source: made up for the test
# ambiguous: KI
# generic-word names (capitalised mid-sentence only): Kommunal
name\tshort_forms\tacronyms\tkind\tsource_kind\tcountry
Statistiska centralbyrån\tStatistics Sweden\tSCB\tstatistics_agency\tstatistics\tSE
Novus\tNovus Group\t\tpollster\tsurvey\tSE
Konjunkturinstitutet\t\tKI\tagency\treport\tSE
Karolinska institutet\t\tKI\tuniversity\tstudy\tSE
Svenska Kommunalarbetareförbundet\tKommunal\t\tinterest_org\treport\tSE
Statens energimyndighet\tEnergimyndigheten\t\tagency\treport\tSE
Odd Body\t\t\tno_such_kind\tno_such_source_kind\t
"""


@pytest.fixture
def sample() -> Gazetteer:
    return Gazetteer(parse_gazetteer(SAMPLE))


def test_parse_reads_columns_kinds_and_comment_lists():
    orgs = {o.name: o for o in parse_gazetteer(SAMPLE)}
    scb = orgs["Statistiska centralbyrån"]
    assert scb.acronyms == ("SCB",) and scb.short_forms == ("Statistics Sweden",)
    assert scb.kind == "statistics_agency" and scb.source_kind is SourceKind.STATISTICS
    assert orgs["Novus"].source_kind is SourceKind.SURVEY
    assert orgs["Konjunkturinstitutet"].ambiguous == {"KI"}
    assert orgs["Konjunkturinstitutet"].acronym is None  # ambiguous: not its key
    assert orgs["Svenska Kommunalarbetareförbundet"].generic == {"Kommunal"}
    odd = orgs["Odd Body"]
    assert odd.kind == "other" and odd.source_kind is SourceKind.OTHER and odd.country is None


def test_parse_needs_a_name_column():
    with pytest.raises(ValueError, match="name"):
        parse_gazetteer("naam\tkind\nX\tagency\n", "bad.tsv")


def test_derived_forms():
    assert "Skolverkets" in genitives("Skolverket")
    assert "SCB:s" in genitives("SCB") and "OECD's" in genitives("OECD")
    assert "Novuss" not in genitives("Novus")  # a name in -s is its own genitive
    assert definite_forms("Statens energimyndighet") == ("Energimyndigheten",)
    assert definite_forms("Statens institutionsstyrelse") == ("Institutionsstyrelsen",)
    assert definite_forms("Sveriges riksbank") == ("Riksbanken",)
    assert definite_forms("Riksrevisionen") == ()


def test_match_at_reads_the_longest_name_and_its_genitive(sample):
    text = "Enligt Statistiska centralbyråns statistik och SCB:s siffror"
    found = list(sample.find_all(text))
    assert [(m.form, m.genitive) for m in found] == [
        ("Statistiska centralbyrån", True),
        ("SCB", True),
    ]
    assert text[found[1].start : found[1].end] == "SCB:s"
    assert sample.match_at("Novus Group frågade", 0).end == len("Novus Group")
    assert sample.match_at("Novusundersökningen", 0) is None  # not a word of its own


def test_generic_word_names_only_inside_a_sentence(sample):
    assert sample.match_at("Kommunal har frågat sina medlemmar.", 0) is None
    text = "Det visar en enkät som Kommunal har gjort."
    assert sample.match_at(text, text.index("Kommunal")).organisation.name.startswith("Svenska")


def test_a_form_of_two_bodies_is_a_body_of_its_own(sample):
    ki = sample.find("KI")
    assert ki is not None and ki.name == "KI"
    assert sample.find("Konjunkturinstitutet").name == "Konjunkturinstitutet"
    assert sample.find("Energimyndighetens").name == "Statens energimyndighet"


def test_shipped_files_are_well_formed():
    files = [p for p in DATA.iterdir() if p.name.startswith("gazetteer-")]
    assert files, "no gazetteer data files"
    for path in files:
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        assert any(line.startswith("# source:") for line in lines), path.name
        header = next(line for line in lines if line and not line.startswith("#"))
        assert header.split("\t")[:6] == [
            "name", "short_forms", "acronyms", "kind", "source_kind", "country",
        ], path.name  # fmt: skip
        for number, line in enumerate(lines, 1):
            if not line or line.startswith("#") or line == header:
                continue
            cells = line.split("\t")
            assert len(cells) == 6, f"{path.name}:{number}"
            assert cells[0].strip(), f"{path.name}:{number}"
            assert cells[3] in KINDS, f"{path.name}:{number}: {cells[3]}"
            SourceKind(cells[4])


def test_shipped_gazetteer_covers_the_categories():
    g = gazetteer()
    by_kind: dict[str, int] = {}
    for org in g.organisations:
        by_kind[org.kind] = by_kind.get(org.kind, 0) + 1
    if any(p.name == "gazetteer-municipalities-regions.tsv" for p in DATA.iterdir()):
        assert by_kind["municipality"] == 290 and by_kind["region"] >= 20
    assert find_body("SCB").source_kind is SourceKind.STATISTICS
    assert find_body("SCB").domain == "scb.se"  # the built-in list adds domains
    assert find_body("Novus").source_kind is SourceKind.SURVEY
    assert is_news_publisher("Aftonbladet") and is_news_publisher("SvD")
    assert not is_news_publisher("Riksrevisionen")
    for name in ("Kemikalieinspektionen", "Säkerhetspolisen", "Konsumentverket", "OECD",
                 "Europeiska kommissionen", "Nordiska rådet", "Eurostat"):  # fmt: skip
        assert find_body(name) is not None, name


def test_package_data_ships_the_files():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["verify.extract"]
    for path in DATA.iterdir():
        if path.name.endswith(".tsv"):
            assert any(fnmatch(f"data/{path.name}", p) for p in patterns), path.name


def test_senders_use_the_gazetteer():
    sender = read_sender("Kemikalieinspektionen har hittat giftiga ämnen", 0)
    assert sender is not None and sender.body is not None
    assert sender.body.kind == "agency" and sender.name == "Kemikalieinspektionen"
    # the text's own spelling is kept; an acronym gives the full name
    sender = read_sender("enligt SCB", 7)
    assert sender.name == "Statistiska centralbyrån" and sender.acronym == "SCB"
    # the government is the author of the texts, not a source
    assert read_sender("Regeringen bedömer att", 0) is None


def test_organisation_names():
    org = Organisation("Statistiska centralbyrån", ("Statistics Sweden",), ("SCB",))
    assert org.names == ("Statistiska centralbyrån", "SCB", "Statistics Sweden")
    assert org.acronym == "SCB" and org.aliases == ("Statistics Sweden",)
