"""`verify extract` records what a document cites, once, and refuses bad files cleanly."""

from __future__ import annotations

import json
import zipfile

import pytest

from tests.conftest import shared_path, store_dump

MOTION = (
    "Motion om bättre statistik\n\n"
    "Enligt en undersökning från Centre for Local Development and Diaspora (CLDD) vill "
    "40 procent återvandra. CLDD har också visat att intresset ökar.\n"
    "Enligt SCB bodde drygt 9 228 personer i kommunen 2022.\n"
    "Se även SOU 2019:30 och https://www.example.se/rapport.pdf.\n"
    "Dnr KS 2023/1387\n"
)


def test_extract_records_candidates_once(case_dir, run, tmp_path):
    motion = tmp_path / "motion.txt"
    motion.write_text(MOTION, encoding="utf-8")
    first = run("extract", str(motion), "--json")
    assert first.code == 0, first.err
    data = json.loads(first.out)
    assert data["document"]["id"] == "D1" and data["document"]["media_type"] == "text/plain"
    assert data["case_designations"] == ["KS 2023/1387"]
    senders = {
        s["acronym"] or s["organisation"] or s["designation"] or s["url"]: s
        for s in data["sources"]
    }
    assert senders["CLDD"]["status"] == "candidate"
    assert senders["CLDD"]["claims"][0]["quantities"][0]["value"] == 40
    assert len(senders["CLDD"]["mentions"]) == 2
    assert "SOU 2019:30" in senders
    assert all(s["new"] for s in data["sources"])
    count = len(data["sources"])

    second = json.loads(run("extract", str(motion), "--json").out)
    assert not any(s["new"] for s in second["sources"])
    listed = json.loads(run("source", "list", "--json").out)
    assert len(listed) == count
    assert sum(len(s["mentions"]) for s in listed) == sum(
        len(s["mentions"]) for s in data["sources"]
    )

    accepted = json.loads(run("extract", str(motion), "--accept", "--json").out)
    assert {s["status"] for s in accepted["sources"]} == {"confirmed"}
    assert run("log", "--verify").code == 0


def test_extract_keeps_the_document_as_evidence(case_dir, run, tmp_path):
    import hashlib

    motion = tmp_path / "motion.txt"
    motion.write_bytes(MOTION.encode("cp1252"))
    data = json.loads(run("extract", str(motion), "--json").out)
    digest = hashlib.sha256(motion.read_bytes()).hexdigest()
    assert data["document"]["sha256"] == digest
    stored = case_dir / "cache" / "objects" / "sha256" / digest[:2] / digest[2:]
    assert stored.read_bytes() == motion.read_bytes()


def test_the_statement_yields_its_sources(case_dir, run):
    statement = shared_path("examples", "tjansteutlatande-SOF-2024-132.txt")
    data = json.loads(run("extract", str(statement), "--json").out)
    assert set(data["case_designations"]) == {"KS 2023/1387", "SOF 2024/132"}
    by_sender = {(s["acronym"] or s["organisation"] or s["publisher"]): s for s in data["sources"]}
    cldd = by_sender["CLDD"]
    assert cldd["organisation"] == "Centre for Local Development and Diaspora"
    assert cldd["kind"] == "survey" and len(cldd["mentions"]) == 3
    assert any(
        q["value"] == 40 and q["unit"] == "percent" for c in cldd["claims"] for q in c["quantities"]
    )
    assert "Migrationsverket" in by_sender
    article = next(s for s in data["sources"] if s["kind"] == "article")
    assert article["publisher"] == "Dagens Samhälle"
    assert article["domain"] == "dagenssamhalle.se"
    assert article["title"].startswith("Svalt intresse för återvandring i kommunerna")
    assert article["mentions"][0]["footnote"] == "1"


def _other_zip(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a word document")


@pytest.mark.parametrize(
    ("name", "make", "says", "code"),
    [
        ("junk.pdf", lambda p: p.write_bytes(b"\x00\x01junk" * 100), "not a PDF", 4),
        ("missing.txt", None, "no such file", 4),
        ("other.docx", _other_zip, "not a Word document", 4),
        ("image.xyz", lambda p: p.write_bytes(bytes(range(256)) * 10), "cannot read", 4),
    ],
)
def test_bad_documents_change_nothing(case_dir, run, tmp_path, name, make, says, code):
    path = tmp_path / name
    if make:
        make(path)
    before = store_dump(case_dir)
    result = run("extract", str(path))
    assert result.code == code, result.err
    assert says in result.err and result.err.count("\n") == 1
    assert store_dump(case_dir) == before


def test_empty_file_warns_and_records_nothing(case_dir, run, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    before = store_dump(case_dir)
    result = run("extract", str(path))
    assert result.code == 0
    assert "empty" in result.out
    assert store_dump(case_dir) == before
