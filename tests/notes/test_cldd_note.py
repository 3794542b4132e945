"""The statement's CLDD case end to end, ending in golden notes in Swedish and English."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parents[1] / "golden"

ARTICLE = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">
<title>Svalt intresse för återvandring i kommunerna – ”Kan uppfattas som känsligt”</title>
</head><body><article><h1>Svalt intresse för återvandring i kommunerna</h1>
<p>Få kommuner vill samarbeta med Migrationsverket om återvandring, visar en genomgång.</p>
<p>Organisationen CLDD har gjort en enkät bland migranter som fått stor spridning.
Enligt enkäten vill 40 procent återvandra direkt eller inom en snar framtid.</p>
<p>På frågan om migranterna i undersökningen utgör ett representativt urval svarar
generalsekreteraren att CLDD tror det men inte kan veta, eftersom det inte är en vetenskaplig
undersökning.</p>
<p>Flera kommuner uppger att frågan kan uppfattas som känslig och att de avvaktar.</p>
</article></body></html>"""


def _normalise(text: str, base: str) -> str:
    text = text.replace(base, "http://127.0.0.1:PORT")
    return re.sub(r"\b[0-9a-f]{64}\b", "<sha256>", text)


@pytest.fixture
def cldd_case(case_dir, run, httpserver):
    httpserver.expect_request("/artikel").respond_with_data(
        ARTICLE, content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/cdx").respond_with_json([])
    (case_dir / "verify.toml").write_text(
        "allow_private = true\nconnect_timeout = 2.0\nread_timeout = 2.0\ndeadline = 5.0\n"
        "retries = 0\nhost_delay = 0.0\nmemento_timegates = []\n"
        f'cdx_endpoint = "{httpserver.url_for("/cdx")}"\n',
        encoding="utf-8",
    )
    steps = [
        (
            "source",
            "add",
            "http://cldd.invalid/undersokning",
            "--org",
            "Centre for Local Development and Diaspora",
            "--acronym",
            "CLDD",
            "--kind",
            "survey",
            "--claim",
            "40 procent uppger att de vill återvandra direkt eller inom en snar framtid",
        ),
        ("check",),
        (
            "finding",
            "add",
            "S1",
            "--url",
            httpserver.url_for("/artikel"),
            "--text",
            "En artikel i Dagens Samhälle återger en intervju med CLDD:s generalsekreterare om "
            "undersökningen",
            "--quote",
            "det inte är en vetenskaplig undersökning",
        ),
    ]
    for args in steps:
        result = run(*args)
        assert result.code == 0, (args, result.err)
    return case_dir, httpserver


def _note(run, case_dir, lang):
    result = run("note", "--lang", lang, "--format", "md", "--json")
    assert result.code == 0, result.err
    path = Path(json.loads(result.out)["combined"])
    return path, path.read_text(encoding="utf-8")


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("VERIFY_UPDATE_GOLDEN") or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path}"


def test_suggested_verdict_and_then_the_officers(cldd_case, run):
    case_dir, server = cldd_case
    base = server.url_for("/").rstrip("/")
    assessed = json.loads(run("assess", "S1", "--json").out)[0]
    assert assessed["suggested_verdict"] == "not_reliable"
    _, text = _note(run, case_dir, "sv")
    assert "Förslag från verktyget, inte fastställt av handläggaren" in text
    assert "bedöms inte utgöra en tillförlitlig källa" in text

    decided = run(
        "verdict",
        "S1",
        "not_reliable",
        "--because",
        "Avsändaren uppger själv att undersökningen inte är vetenskaplig",
    )
    assert decided.code == 0, decided.err
    path, text = _note(run, case_dir, "sv")
    assert path.parent == case_dir / "reports"
    assert path.name == "kallgranskning-KS-2023-1387-2024-02-02.md"
    assert "kunde inte nås den 2 februari 2024" in text
    assert "domännamnet cldd.invalid finns inte" in text
    assert "inte är en vetenskaplig undersökning" in text
    assert (
        "Undersökningen som motionen refererar till bedöms inte utgöra en tillförlitlig "
        "källa för underlag." in text
    )
    assert "Förslag från verktyget" not in text
    _golden("note-cldd-sv.md", _normalise(text, base))

    _, english = _note(run, case_dir, "en")
    assert "could not be reached on 2 February 2024" in english
    assert "is not assessed to be a reliable source" in english
    _golden("note-cldd-en.md", _normalise(english, base))


def test_the_same_store_gives_byte_identical_notes(cldd_case, run):
    case_dir, _ = cldd_case
    for fmt in ("md", "txt", "html", "json", "docx"):
        first = run("note", "--format", fmt, "--json")
        path = Path(json.loads(first.out)["combined"])
        data = path.read_bytes()
        run("note", "--format", fmt)
        assert path.read_bytes() == data, fmt


def test_docx_opens_and_says_the_same(cldd_case, run, tmp_path):
    import docx

    case_dir, _ = cldd_case
    out = tmp_path / "note.docx"
    assert run("note", "--format", "docx", "-o", str(out)).code == 0
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Källgranskning – KS 2023/1387" in text
    assert "kunde inte nås den 2 februari 2024" in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Referenser" in headings


def test_docx_converts_to_pdf_where_libreoffice_is_installed(cldd_case, run, tmp_path):
    import shutil
    import subprocess

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path / "note.docx"
    run("note", "--format", "docx", "-o", str(out))
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert (tmp_path / "note.pdf").stat().st_size > 1000


def test_claimreview_json_ld(cldd_case, run, tmp_path):
    case_dir, _ = cldd_case
    run("verdict", "S1", "not_reliable", "--because", "Inte en vetenskaplig undersökning")
    out = tmp_path / "claimreview.json"
    result = run("export", "--claimreview", str(out))
    assert result.code == 0, result.err
    reviews = json.loads(out.read_text(encoding="utf-8"))
    assert len(reviews) == 1
    review = reviews[0]
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"].startswith("40 procent uppger")
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["firstAppearance"]["@type"] == "CreativeWork"
    assert review["itemReviewed"]["author"]["name"] == "Centre for Local Development and Diaspora"
    rating = review["reviewRating"]
    assert rating["alternateName"] == "inte tillförlitlig" and rating["ratingValue"] == 1
    assert review["author"]["name"] == "Test Officer"
    assert review["datePublished"] == "2024-02-02" and review["inLanguage"] == "sv"
    english = json.loads(run("export", "--claimreview", str(out), "--lang", "en", "--json").out)
    assert english["claimreview"]["reviews"] == 1
    assert json.loads(out.read_text(encoding="utf-8"))[0]["reviewRating"]["alternateName"] == (
        "not reliable"
    )


def test_export_needs_something_to_export(case_dir, run):
    result = run("export")
    assert result.code == 2 and "--wacz FILE and/or --claimreview FILE" in result.err
