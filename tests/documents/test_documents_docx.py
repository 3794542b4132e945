"""Word files made with python-docx (footnotes part written by the test helper)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from verify.documents import read_document
from verify.errors import DocumentError

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_docx_paragraphs_and_tables(make_docx: Callable[..., Path]) -> None:
    path = make_docx(
        ["Remiss av motion om återvandring", "Socialnämnden godkänner förslaget."],
        table=[["Kommun", "Antal"], ["Solna", "12"]],
    )
    document = read_document(path)
    assert document.media_type == DOCX
    assert document.text == (
        "Remiss av motion om återvandring\nSocialnämnden godkänner förslaget.\n"
        "Kommun\nAntal\nSolna\n12"
    )
    assert document.position(document.text.index("Solna")) == (1, 5)
    assert document.footnotes == ()
    assert document.warnings == ()


def test_docx_footnotes_with_references(make_docx: Callable[..., Path]) -> None:
    path = make_docx(
        [
            "Vid en sökning återfinns en artikel{{a}} där generalsekreteraren svarar.",
            "Migrationsverket har i uppdrag{{b}} att arbeta med återvandring.",
        ],
        footnotes={
            "a": "Svalt intresse för återvandring i kommunerna – ”Kan uppfattas som känsligt”"
            " - Dagens Samhälle ([[https://www.dagenssamhalle.se/x|dagenssamhalle.se]])",
            "b": "Regleringsbrev för Migrationsverket 2024.",
        },
    )
    document = read_document(path)
    first, second = document.footnotes
    assert first.marker == "1"
    assert second.marker == "2"
    assert "artikel1 där" in document.text
    assert document.text[first.ref_start - 7 : first.ref_end] == "artikel1"
    assert document.text[second.ref_start : second.ref_end] == "2"
    assert first.text == (
        "Svalt intresse för återvandring i kommunerna – ”Kan uppfattas som känsligt” - "
        "Dagens Samhälle (dagenssamhalle.se)"
    )
    assert document.text[first.start : first.end] == first.text
    assert document.text[first.start - 2 : first.start] == "1 "
    assert second.text == "Regleringsbrev för Migrationsverket 2024."
    (link,) = document.links
    assert link.url == "https://www.dagenssamhalle.se/x"
    assert document.text[link.start : link.end] == "dagenssamhalle.se"
    assert first.start < link.start < first.end


def test_docx_hyperlinks(make_docx: Callable[..., Path]) -> None:
    path = make_docx(
        ["Motionen hänvisar till två källor."],
        links=[("CLDD", "https://cldd.se/rapport"), ("SCB", "https://www.scb.se/")],
    )
    document = read_document(path)
    assert [(link.url, link.text) for link in document.links] == [
        ("https://cldd.se/rapport", "CLDD"),
        ("https://www.scb.se/", "SCB"),
    ]
    for link in document.links:
        assert document.text[link.start : link.end] == link.text


def test_docx_hard_page_break_gives_pages(make_docx: Callable[..., Path]) -> None:
    path = make_docx(["Sida ett", "Sida två"], page_break_after=0)
    document = read_document(path)
    assert document.pages == 2
    assert document.position(document.text.index("Sida två")) == (2, 1)


def test_docx_that_is_another_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "motion.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hej")
    with pytest.raises(DocumentError, match="is a zip file but not a Word document"):
        read_document(path)


def test_docx_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "motion.docx"
    path.write_text("bara text", encoding="utf-8")
    with pytest.raises(DocumentError, match="not a Word document"):
        read_document(path)


def test_damaged_docx_gives_one_line(tmp_path: Path) -> None:
    path = tmp_path / "trasig.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><not xml")
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert "the Word document is damaged" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_truncated_docx_gives_one_line(make_docx: Callable[..., Path], tmp_path: Path) -> None:
    data = make_docx(["Text"]).read_bytes()
    path = tmp_path / "avklippt.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert "\n" not in str(caught.value)
