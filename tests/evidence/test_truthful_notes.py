"""The note says only what the evidence shows (issue 10), in every format.

* offline is not "unreachable": a computer with no network (a resolver that fails every name,
  the control name too) and archives that cannot be asked give a note that says the checks
  could not be made, never that the source could not be reached;
* a "page not found" is not the source: a 404, a soft 404 or a parking page is kept as
  evidence of that status, never matched as the source's text;
* an article is not judged as a survey, and the officer's own words are not the source's.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from verify.cli import main
from verify.timeutil import fixed_clock

from .test_commands import ARTICLE

FORMATS = ("md", "txt", "docx", "html", "json")
CLAIM = "40 procent uppger att de vill återvandra direkt eller inom en snar framtid"


def offline(host: str, port: int) -> list[str]:
    """A resolver on a computer without network: every name fails, the control name too."""
    import socket

    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


def note_texts(case: Path, run_cli, *extra: str, source: str | None = None) -> dict[str, str]:
    """The note in every format, as text (the docx's document.xml for Word): the combined
    note, or the one of ``source``."""
    out = {}
    for fmt in FORMATS:
        result = run_cli("note", "--format", fmt, *extra)
        assert result.code == 0, result.err
        files = sorted((case / "reports").glob(f"kallgranskning-*.{fmt}"))
        if source:
            chosen = [p for p in files if p.stem.endswith(f"-{source}")]
        else:
            chosen = [p for p in files if not p.stem.split("-")[-1].startswith("S")]
        assert chosen, f"no {fmt} note written"
        data = chosen[0].read_bytes()
        if fmt == "docx":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                out[fmt] = z.read("word/document.xml").decode("utf-8")
        else:
            out[fmt] = data.decode("utf-8")
        assert out[fmt].strip()
    return out


@pytest.fixture
def offline_run(capsys):
    """`verify ARGS` in-process on a computer without network, two months after the case date."""
    clock = fixed_clock("2024-04-04T09:00:00Z", step_seconds=1)

    def _run(*args: str):
        from tests.conftest import Result

        capsys.readouterr()
        code = main(list(args), clock=clock, resolver=offline)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


def test_offline_is_not_unreachable(case_dir, offline_run):
    run = offline_run
    added = run("source", "add", "https://cldd.se/undersokning-aterandring", "--org",
                "Centre for Local Development and Diaspora", "--acronym", "CLDD",
                "--kind", "survey", "--claim", CLAIM)  # fmt: skip
    assert added.code == 0, added.err
    checked = run("check")
    assert checked.code == 0, checked.err
    top = checked.out.strip().splitlines()[0]
    assert top.startswith("Warning: this computer has no working network"), checked.out
    assert "web archives could not be reached" in checked.out
    data = json.loads(run("source", "show", "S1", "--json").out)
    statuses = {(c["method"], c["as_of"]): c["status"] for c in data["checks"]}
    assert statuses == {
        ("live", "2024-04-04"): "network_error",  # today: live
        ("archive", "2024-02-02"): "archive_unreachable",  # the case's date: the archives
    }
    assessed = json.loads(run("assess", "S1", "--json").out)[0]
    assert assessed["availability"]["state"] == "could_not_check"
    codes = [r["code"] for r in assessed["reasons"]]
    assert "primary_unreachable_no_archive" not in codes
    assert "availability_not_checked" in codes
    assert assessed["suggested_verdict"] == "cannot_be_assessed"
    pushing = [r for r in assessed["reasons"] if r["verdict"]]
    assert [r["code"] for r in pushing] == ["insufficient_evidence"]
    notes = note_texts(case_dir, run)
    for fmt, text in notes.items():
        flat = " ".join(text.split())
        assert "Förvaltningen har inte kunnat kontrollera om undersökningen går att nå" in flat, fmt
        assert "saknade nätverksanslutning vid kontrollen den 4 april 2024" in flat, fmt
        assert "ingen nätverksanslutning (kunde inte kontrolleras)" in flat, fmt  # the bilaga
        for false in ("gick inte att nå den", "kunde inte nås", "finns inte (", "domänen",
                      "ingen arkiverad kopia har hittats", "källan gick inte att nå"):  # fmt: skip
            assert false not in flat, (fmt, false)


def _error_site(httpserver):
    missing = (
        "<html><head><title>Sidan kunde inte hittas</title></head><body><h1>Sidan kunde "
        "inte hittas</h1><p>Sidan du söker finns inte längre. Prova sökfunktionen.</p>"
        "</body></html>"
    )
    parked = (
        "<html><head><title>cldd.se is for sale</title></head><body><h1>This domain is for "
        "sale</h1><p>Buy this domain. Sedo domain parking.</p></body></html>"
    )
    httpserver.expect_request("/gone").respond_with_data(missing, 404, content_type="text/html")
    httpserver.expect_request("/soft").respond_with_data(missing, content_type="text/html")
    httpserver.expect_request("/parked").respond_with_data(parked, content_type="text/html")
    httpserver.expect_request("/").respond_with_data(
        "<html><head><title>CLDD</title></head><body><h1>Välkommen</h1>"
        + "<p>Om oss och vårt arbete med diasporan.</p>" * 30 + "</body></html>",
        content_type="text/html",
    )  # fmt: skip
    return httpserver


@pytest.mark.parametrize("path", ["/gone", "/soft", "/parked"])
def test_an_error_page_is_not_the_source(case_dir, run, httpserver, path):
    site = _error_site(httpserver)
    (case_dir / "verify.toml").write_text("allow_private = true\n", encoding="utf-8")
    assert run("source", "add", site.url_for(path), "--org", "CLDD", "--kind", "survey",
               "--claim", CLAIM).code == 0  # fmt: skip
    archived = json.loads(run("archive", "--json").out)
    snapshot = archived[0]["snapshot"]
    assert snapshot is not None, archived
    assert snapshot["status"] in ("not_found", "soft_404", "parked"), snapshot
    assessed = json.loads(run("assess", "S1", "--json").out)[0]
    claim = assessed["claims"][0]
    assert claim["match"] == "source_unavailable"
    assert claim["reason"] == f"error_page:{snapshot['status']}"
    assert assessed["availability"]["state"] == "unreachable"
    assert assessed["method"]["disclosed"] == [] and assessed["method"]["disclaimers"] == []
    assert "method_not_disclosed" not in [r["code"] for r in assessed["reasons"]]
    shown = {"not_found": "sidan finns inte (404)", "soft_404": "mjuk 404",
             "parked": "parkerad domän"}[snapshot["status"]]  # fmt: skip
    for fmt, text in note_texts(case_dir, run).items():
        flat = " ".join(text.split())
        assert "En kopia av sidan sparades" not in flat, fmt
        assert "inte hittat uppgiften" not in flat, fmt
        assert "framgår inte" not in flat, fmt
        assert "Uppgiften har därför inte kunnat kontrolleras mot undersökningen." in flat, fmt
        assert shown in flat, fmt  # the bilaga says what the saved page showed


def test_an_article_is_not_judged_as_a_survey(case_dir, run, httpserver):
    httpserver.expect_request("/artikel").respond_with_data(ARTICLE, content_type="text/html")
    (case_dir / "verify.toml").write_text("allow_private = true\n", encoding="utf-8")
    url = httpserver.url_for("/artikel")
    assert run("source", "add", url, "--publisher", "Dagens Samhälle", "--kind", "article",
               "--title", "Svalt intresse för återvandring i kommunerna").code == 0  # fmt: skip
    assert run("archive").code == 0
    assessed = json.loads(run("assess", "S1", "--json").out)[0]
    codes = [r["code"] for r in assessed["reasons"]]
    assert not {"non_scientific_disclaimer", "disclaimer_without_share",
                "method_not_disclosed"} & set(codes)  # fmt: skip
    assert assessed["method"]["disclaimers"] == []
    rubric = assessed["rubric"]
    assert rubric["method_transparency"]["status"] == "not_assessed"
    authenticity = [s["code"] for s in rubric["authenticity"]["signals"]]
    assert "publisher" in authenticity and ("author_named" in authenticity
                                            or "author_not_named" in authenticity)  # fmt: skip
    assert rubric["traceability"]["signals"][0]["code"] in ("names_its_source", "names_no_source")


def test_the_statements_case_says_nothing_its_evidence_does_not_show(case_dir, run, httpserver):
    """S1 the CLDD survey (its address gives a 404 page), a finding pointing at the article, S4
    the article itself; the suggested verdicts and no false sentence, in every format."""
    site = _error_site(httpserver)
    site.expect_request("/artikel").respond_with_data(ARTICLE, content_type="text/html")
    (case_dir / "verify.toml").write_text("allow_private = true\n", encoding="utf-8")
    steps = [
        ("source", "add", site.url_for("/gone"), "--org",
         "Centre for Local Development and Diaspora", "--acronym", "CLDD", "--kind", "survey",
         "--claim", CLAIM),
        ("source", "add", "--org", "Migrationsverket", "--kind", "report"),
        ("source", "add", "--org", "Statistiska centralbyrån", "--acronym", "SCB",
         "--kind", "statistics", "--claim",
         "Enligt SCB var drygt 2,1 miljoner av Sveriges invånare födda i ett annat land år 2023"),
        ("source", "add", site.url_for("/artikel"), "--publisher", "Dagens Samhälle",
         "--kind", "article", "--title", "Svalt intresse för återvandring i kommunerna"),
        ("check",),
        ("archive",),
        ("finding", "add", "S1", "--url", site.url_for("/artikel"), "--text",
         "En artikel i Dagens Samhälle där CLDD:s generalsekreterare kommenterar undersökningen",
         "--quote", "inte är en vetenskaplig undersökning"),
    ]  # fmt: skip
    for args in steps:
        result = run(*args)
        assert result.code == 0, (args, result.err)
    assert "archived SN3 (ok)" in result.out  # `finding add` names the snapshot it made
    assert "archived None" not in result.out
    s1, _, _, s4 = json.loads(run("assess", "--json").out)
    assert s1["suggested_verdict"] == "not_reliable"
    assert [r["code"] for r in s1["reasons"] if r["verdict"]][:2] == [
        "non_scientific_disclaimer", "primary_unreachable_no_archive"]  # fmt: skip
    assert s1["claims"][0]["match"] == "source_unavailable"
    assert s4["suggested_verdict"] != "not_reliable"
    assert not [r for r in s4["reasons"] if "disclaimer" in r["code"]]
    assert run("audit").code == 0  # a finding's snapshot is no false alarm
    show = run("source", "show", "S1")
    assert "secondary source F1 checked" in show.out
    own = [c for c in json.loads(run("source", "show", "S1", "--json").out)["checks"]
           if not c["finding"]]  # fmt: skip
    assert [c["status"] for c in own] == ["not_found"]
    for fmt, text in note_texts(case_dir, run, source="S1").items():
        flat = " ".join(text.split())
        assert "En kopia av sidan sparades" not in flat, fmt
        assert "inte hittat uppgiften" not in flat, fmt
        assert "framgår inte" not in flat, fmt
        assert "vetenskaplig undersökning" in flat, fmt
        assert "sidan finns inte (servern svarade 404)" in flat, fmt
    for fmt, text in note_texts(case_dir, run, source="S4").items():
        assert "inte är vetenskaplig" not in text and "inte är en vetenskaplig" not in text, fmt
