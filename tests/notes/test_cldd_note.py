"""The statement's CLDD case end to end, ending in golden notes in Swedish and English."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parents[1] / "golden"

ARTICLE = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">
<meta property="og:site_name" content="Dagens Samhälle">
<title>Svalt intresse för återvandring i kommunerna – ”Kan uppfattas som känsligt” - Dagens
Samhälle</title>
</head><body><article><h1>Svalt intresse för återvandring i kommunerna</h1>
<p>Få kommuner vill samarbeta med Migrationsverket om återvandring, visar en genomgång.</p>
<p>Organisationen CLDD har gjort en enkät bland migranter som fått stor spridning.
Enligt enkäten vill 40 procent återvandra direkt eller inom en snar framtid.</p>
<p>På frågan om migranterna i undersökningen utgör ett representativt urval svarar
generalsekreteraren att CLDD tror det men inte kan veta.</p>
<p>– Vi tror det, men vi kan inte veta. Det är inte en vetenskaplig undersökning, säger CLDD:s
generalsekreterare.</p>
<p>Flera kommuner uppger att frågan kan uppfattas som känslig och att de avvaktar.</p>
</article></body></html>"""

CONCLUSION = (
    "Undersökningen som motionen refererar till bedöms inte utgöra en tillförlitlig källa för "
    "underlag."
)
SEARCH = (
    "Vid en sökning efter undersökningen i en sökmotor den 2 februari 2024 återfanns en artikel "
    "i Dagens Samhälle"
)
FOOTNOTE = (
    "Svalt intresse för återvandring i kommunerna – ”Kan uppfattas som känsligt” - Dagens Samhälle"
)


def _normalise(text: str, base: str) -> str:
    text = text.replace(base, "http://127.0.0.1:PORT").replace(base.split("//")[1], "HOST")
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
        f'cdx_endpoint = "{httpserver.url_for("/cdx")}"\n'
        'board = "Socialnämnden"\nadministration = "Socialförvaltningen"\n',
        encoding="utf-8",
    )
    steps = [
        ("source", "add", "http://cldd.invalid/undersokning", "--org",
         "Centre for Local Development and Diaspora", "--acronym", "CLDD", "--kind", "survey",
         "--claim", "40 procent uppger att de vill återvandra direkt eller inom en snar framtid"),
        ("check",),
        ("search", "S1", "--manual", "--engine", "Google", "--query",
         "CLDD undersökning återvandring", "--date", "2024-02-02", "--found",
         httpserver.url_for("/artikel"), "--add-findings"),
        ("finding", "edit", "F1", "--quote", "Det är inte en vetenskaplig undersökning"),
    ]  # fmt: skip
    for args in steps:
        result = run(*args)
        assert result.code == 0, (args, result.err)
    return case_dir, httpserver


def _note(run, case_dir, lang, part="both"):
    result = run("note", "--lang", lang, "--format", "md", "--part", part, "--json")
    assert result.code == 0, result.err
    path = Path(json.loads(result.out)["combined"])
    text = path.read_text(encoding="utf-8")
    assert text.strip()
    return path, text


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("VERIFY_UPDATE_GOLDEN") or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path}"


def test_the_statements_case_gives_a_text_to_paste(cldd_case, run):
    case_dir, server = cldd_case
    base = server.url_for("/").rstrip("/")
    assessed = json.loads(run("assess", "S1", "--json").out)[0]
    assert assessed["suggested_verdict"] == "not_reliable"
    _, text = _note(run, case_dir, "sv", "text")
    assert "Förvaltningens bedömning av undersökningens tillförlitlighet ska skrivas här." in text
    assert CONCLUSION not in text  # a suggestion is never the conclusion

    decided = run("verdict", "S1", "not_reliable", "--because",
                  "Avsändaren uppger själv att undersökningen inte är vetenskaplig")  # fmt: skip
    assert decided.code == 0, decided.err
    path, text = _note(run, case_dir, "sv", "text")
    assert path.parent == case_dir / "reports"
    assert path.name == "kallgranskning-KS-2023-1387-2024-02-02-text.md"
    flat = " ".join(text.split())
    assert CONCLUSION in flat
    assert (
        SEARCH
        + "[^1] där CLDD:s generalsekreterare säger: ”Det är inte en vetenskaplig undersökning.”"
        in flat
    )
    assert f"[^1]: {FOOTNOTE}" in text
    assert (
        "Undersökningen gick inte att nå den 2 februari 2024 på CLDD:s webbplats; domänen "
        "cldd.invalid finns inte." in flat
    )
    for bad in ("S1", "F1", "SN", "Förslag", "verktyg", "Skäl:", "SHA-256"):
        assert bad not in text, bad
    _golden("note-cldd-sv.md", _normalise(text, base))
    _, both = _note(run, case_dir, "sv")
    assert both.index(CONCLUSION) < both.index("# Bilaga: Underlag för källgranskningen")
    assert "verify-anchor: event" in both and "Google" in both
    _golden("note-cldd-sv-bilaga.md", _normalise(both[both.index("# Bilaga") :], base))

    _, english = _note(run, case_dir, "en", "text")
    flat = " ".join(english.split())
    assert (
        "A search engine search for the survey on 2 February 2024 found an article in "
        "Dagens Samhälle" in flat
    )
    assert "The survey the motion refers to is not considered a reliable source." in flat
    assert "a survey by the Centre for Local Development and Diaspora (CLDD)" in flat
    _golden("note-cldd-en.md", _normalise(english, base))


def test_the_same_store_gives_byte_identical_notes(cldd_case, run):
    """The same evidence gives the same bytes; only the note's own creation time (in the JSON
    and the Word file's properties) is the moment it was written."""
    import zipfile

    case_dir, _ = cldd_case
    parts = ("word/document.xml", "word/footnotes.xml", "word/styles.xml")

    def content(path: Path, fmt: str) -> bytes:
        if fmt == "json":
            data = json.loads(path.read_bytes())
            data.pop("created_at")
            return json.dumps(data).encode()
        if fmt == "docx":
            with zipfile.ZipFile(path) as z:
                return b"".join(z.read(name) for name in parts)
        return path.read_bytes()

    for fmt in ("md", "txt", "html", "json", "docx"):
        first = run("note", "--format", fmt, "--json")
        path = Path(json.loads(first.out)["combined"])
        before = content(path, fmt)
        assert before
        run("note", "--format", fmt)
        assert content(path, fmt) == before, fmt


def test_docx_is_shaped_like_a_tjansteutlatande(cldd_case, run, tmp_path):
    import zipfile

    import docx

    case_dir, _ = cldd_case
    run("verdict", "S1", "not_reliable", "--because", "Inte vetenskaplig enligt avsändaren")
    out = tmp_path / "note.docx"
    assert run("note", "--format", "docx", "-o", str(out)).code == 0
    document = docx.Document(str(out))
    header = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert header[:3] == [["Nämnd", "Socialnämnden"], ["Förvaltning", "Socialförvaltningen"],
                          ["Dnr", "KS 2023/1387"]]  # fmt: skip
    assert header[3][0] == "Datum" and header[3][1] == "2 februari 2024"
    assert header[4] == ["Handläggare", "Test Officer"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert CONCLUSION in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Källgranskning – KS 2023/1387"
    assert "Bilaga: Underlag för källgranskningen – KS 2023/1387" in headings
    with zipfile.ZipFile(out) as z:
        footnotes = z.read("word/footnotes.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
        styles = z.read("word/styles.xml").decode("utf-8")
        rels = z.read("word/_rels/footnotes.xml.rels").decode("utf-8")
        types = z.read("[Content_Types].xml").decode("utf-8")
    assert "Svalt intresse för återvandring i kommunerna" in footnotes
    assert 'w:footnoteReference w:id="1"' in body
    assert "footnotes+xml" in types and 'TargetMode="External"' in rels
    assert 'w:lang w:val="sv-SE"' in styles and "en-US" not in styles
    assert document.core_properties.language == "sv-SE"
    assert document.core_properties.created.isoformat().startswith("2024-02-02T09:")
    english = tmp_path / "note-en.docx"
    assert run("note", "--format", "docx", "--lang", "en", "-o", str(english)).code == 0
    with zipfile.ZipFile(english) as z:
        assert 'w:lang w:val="en-GB"' in z.read("word/styles.xml").decode("utf-8")


def test_docx_opens_cleanly_in_libreoffice(cldd_case, run, tmp_path):
    import shutil
    import subprocess

    from pypdf import PdfReader

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)")
    case_dir, _ = cldd_case
    run("verdict", "S1", "not_reliable", "--because", "Inte vetenskaplig enligt avsändaren")
    out = tmp_path / "note.docx"
    run("note", "--format", "docx", "-o", str(out))
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "note.pdf"
    assert pdf.stat().st_size > 1000
    text = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(pdf).pages).split())
    assert "Källgranskning" in text and "Socialförvaltningen" in text
    assert "Svalt intresse för återvandring i kommunerna" in text  # the footnote, rendered
    assert "bedöms inte utgöra en tillförlitlig källa" in text


def test_export_needs_something_to_export(case_dir, run):
    result = run("export")
    assert result.code == 2 and "--wacz FILE and/or --claimreview FILE" in result.err
