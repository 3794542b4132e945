"""ClaimReview a consumer accepts: the example motion read, a verdict decided, the JSON-LD
checked against the properties Google's ClaimReview documentation requires and recommends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verify.extract.signature import read_signature

MOTION = Path(__file__).resolve().parents[2] / "examples" / "motion-frivillig-aterandring.txt"
PUBLISHED = "https://www.stockholm.se/handlingar/SOF-2024-132"

#: developers.google.com/search/docs/appearance/structured-data/factcheck
REQUIRED = ("claimReviewed", "reviewRating", "url")
RECOMMENDED = ("author", "datePublished", "itemReviewed")
RATING_REQUIRED = ("alternateName",)
RATING_RECOMMENDED = ("bestRating", "name", "ratingValue", "worstRating")
CLAIM_RECOMMENDED = ("author", "datePublished", "appearance")


def _settings(case_dir: Path, publish: bool = True) -> None:
    lines = ['board = "Socialnämnden"', 'administration = "Socialförvaltningen"']
    if publish:
        lines.append(f'publish_url = "{PUBLISHED}"')
    (case_dir / "verify.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def motion_case(case_dir, run):
    _settings(case_dir)
    result = run("extract", str(MOTION), "--accept", "--json")
    assert result.code == 0, result.err
    sources = json.loads(run("source", "list", "--json").out)
    cldd = next(s for s in sources if s.get("acronym") == "CLDD")
    assert cldd["claims"], cldd
    return cldd


def test_a_decided_verdict_is_published_with_every_required_and_recommended_property(
    motion_case, run, tmp_path
):
    sid = motion_case["id"]
    run("verdict", sid, "not_reliable", "--because", "Inte en vetenskaplig undersökning")
    out = tmp_path / "claimreview.json"
    result = run("export", "--claimreview", str(out), "--claim-author", "Gabriel Kroon (SD)")
    assert result.code == 0, result.err
    assert out.is_file(), result.out
    reviews = json.loads(out.read_text(encoding="utf-8"))
    assert len(reviews) == len(motion_case["claims"]) >= 1
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        for key in REQUIRED + RECOMMENDED:
            assert review.get(key), (key, review)
        rating = review["reviewRating"]
        for key in RATING_REQUIRED + RATING_RECOMMENDED:
            assert rating.get(key) is not None, (key, rating)
        assert rating["name"] == rating["alternateName"] == "inte tillförlitlig"
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        claim = review["itemReviewed"]
        assert claim["@type"] == "Claim"
        for key in CLAIM_RECOMMENDED:
            assert claim.get(key), (key, claim)
        assert review["url"] == PUBLISHED
        # Who made the claim: the motion's author, not the organisation the motion cites.
        assert claim["author"] == {"@type": "Person", "name": "Gabriel Kroon (SD)"}
        # When: the motion's date, read from its closing line ("Stockholm den 10 december 2023").
        assert claim["datePublished"] == "2023-12-10"
        assert claim["firstAppearance"]["name"].startswith("Motion om samverkan med")
        assert "verify" not in json.dumps(claim["firstAppearance"]).lower()  # not our note
        # Who reviewed: the förvaltning; the officer only when asked for.
        assert review["author"] == {"@type": "Organization", "name": "Socialförvaltningen"}
        assert review["claimReviewed"] in {c["text"] for c in motion_case["claims"]}
    assert "Not known" not in result.out
    named = run("export", "--claimreview", str(out), "--claim-author", "Gabriel Kroon (SD)",
                "--name-officer")  # fmt: skip
    assert named.code == 0, named.err
    authors = json.loads(out.read_text(encoding="utf-8"))[0]["author"]
    assert authors[0]["@type"] == "Organization" and authors[1]["@type"] == "Person"


def test_without_an_author_it_says_what_is_left_out(motion_case, run, tmp_path):
    run("verdict", motion_case["id"], "not_reliable", "--because", "Inte vetenskaplig")
    out = tmp_path / "cr.json"
    result = run("export", "--claimreview", str(out))
    assert result.code == 0, result.err
    assert "Not known, left out: the motion's authors (--claim-author)." in result.out
    claim = json.loads(out.read_text(encoding="utf-8"))[0]["itemReviewed"]
    assert "author" not in claim and claim["datePublished"] == "2023-12-10"


def test_a_suggestion_is_never_published(motion_case, run, tmp_path):
    out = tmp_path / "cr.json"
    result = run("export", "--claimreview", str(out), "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["claimreview"]["reviews"] == 0
    assert not out.exists()
    assert "Wrote no ClaimReview" in run("export", "--claimreview", str(out)).out


def test_without_publish_url_nothing_is_exported(case_dir, run, tmp_path):
    _settings(case_dir, publish=False)
    run("source", "add", "https://cldd.invalid/", "--claim", "40 procent vill återvandra")
    run("verdict", "S1", "not_reliable", "--because", "Inte vetenskaplig")
    out, wacz = tmp_path / "cr.json", tmp_path / "case.wacz"
    result = run("export", "--claimreview", str(out), "--wacz", str(wacz))
    assert result.code == 2, (result.out, result.err)
    assert "publish_url" in result.err and result.err.count("\n") == 1
    assert not out.exists() and not wacz.exists()


def test_a_bad_claim_date_is_one_line(motion_case, run, tmp_path):
    result = run("export", "--claimreview", str(tmp_path / "x.json"), "--claim-date", "2023-02-30")
    assert result.code == 2 and result.err.count("\n") == 1, result.err


@pytest.mark.parametrize(
    ("text", "date", "authors"),
    [
        ("Motion om X\n\nText.\n\nStockholm den 10 december 2023\n\nGabriel Kroon (SD)\n",
         "2023-12-10", ["Gabriel Kroon (SD)"]),
        ("Text.\n\nGöteborg 2024-03-01\n\nAnna-Karin von Sydow (C)\nPer Ek (C)\n\n1 Fotnot Här\n",
         "2024-03-01", ["Anna-Karin von Sydow (C)", "Per Ek (C)"]),
        ("Motion till riksdagen 2023/24:1234\nav Jonas Andersson (SD) och Eva Berg (SD)\n\nText.",
         None, ["Jonas Andersson (SD)", "Eva Berg (SD)"]),
        # no signature under the date; the footnote after it is not a name
        ("Text.\n\nStockholm den 10 december 2023\n\n1 Svalt intresse för återvandring\n",
         "2023-12-10", []),
        ("Stockholm den 30 februari 2024\n\nAnna Berg\n", None, []),  # no such day
        ("En undersökning av Centre for Local Development (CLDD) visar.\n", None, []),
        ("", None, []),
    ],
)  # fmt: skip
def test_the_motion_signature_is_read_only_in_its_own_forms(text, date, authors):
    signature = read_signature(text)
    assert (signature.date, signature.authors) == (date, authors)
