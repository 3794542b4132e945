"""PDF files made with reportlab: pages, positions, hyphens, ligatures, footnotes, links."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from verify.documents import read_document
from verify.errors import DocumentError

BODY_1 = [
    "Kommunstyrelsen har remitterat en motion om samverkan med Migrations-",
    "verket för att främja frivillig återvandring till andra EU-",
    "länder. Vid en sökning efter undersökningen i en sökmotor 2024-02-02",
    "återfinns en artikel",
    "generalsekreteraren för CLDD på frågan om migranterna i undersökningen.",
]
NOTES_1 = [
    "1 Svalt intresse för återvandring i kommunerna – ”Kan uppfattas som känsligt” - Dagens",
    "Samhälle (dagenssamhalle.se)",
]
BODY_2 = [
    "Undersökningen som motionen refererar till bedöms inte utgöra en tillförlitlig källa.2",
    "Staden har samarbete med organisationer som ger juridisk rådgivning.",
]
NOTES_2 = ["2 Migrationsverket, Årsredovisning 2023, s. 14."]


def _two_pages() -> list[dict]:
    return [
        {
            "lines": BODY_1,
            "footnotes": NOTES_1,
            "page_number": "1",
            "superscripts": {3: ("återfinns en artikel", "1", " där")},
            "links": [("https://www.dagenssamhalle.se/svalt-intresse", (72, 60, 520, 72))],
        },
        {"lines": BODY_2, "footnotes": NOTES_2, "page_number": "2"},
    ]


def test_pdf_pages_text_and_positions(make_pdf: Callable[..., Path]) -> None:
    document = read_document(make_pdf(_two_pages()))
    assert document.media_type == "application/pdf"
    assert document.pages == 2
    assert document.warnings == ()
    page_two = document.page_starts[1]
    assert document.text[page_two:].startswith("Undersökningen som motionen")
    offset = document.text.index("Staden har samarbete")
    assert document.position(offset) == (2, 2)
    assert document.position(document.text.index("generalsekreteraren")) == (1, 5)


def test_pdf_joins_hyphenated_words_but_keeps_compounds(make_pdf: Callable[..., Path]) -> None:
    document = read_document(make_pdf(_two_pages()))
    assert "samverkan med Migrationsverket\nför att" in document.text
    assert "andra EU-länder." in document.text
    assert "Migrations-" not in document.text


def test_pdf_footnotes_with_references_on_each_page(make_pdf: Callable[..., Path]) -> None:
    document = read_document(make_pdf(_two_pages()))
    first, second = document.footnotes
    assert first.marker == "1"
    assert first.page == 1
    assert first.text == (
        "Svalt intresse för återvandring i kommunerna – ”Kan uppfattas som känsligt” - "
        "Dagens Samhälle (dagenssamhalle.se)"
    )
    assert document.text[first.start : first.end].startswith("Svalt intresse")
    assert document.text[first.start : first.end].endswith("(dagenssamhalle.se)")
    assert first.ref_start is not None
    assert document.text[first.ref_start - 7 : first.ref_end] == "artikel1"
    assert second.marker == "2"
    assert second.page == 2
    assert second.text == "Migrationsverket, Årsredovisning 2023, s. 14."
    assert document.text[second.ref_start - 6 : second.ref_end] == "källa.2"
    assert document.position(second.start)[0] == 2


def test_pdf_link_annotation(make_pdf: Callable[..., Path]) -> None:
    document = read_document(make_pdf(_two_pages()))
    (link,) = document.links
    assert link.url == "https://www.dagenssamhalle.se/svalt-intresse"
    assert link.start is not None
    assert document.text[link.start : link.end] == link.text
    assert "Samhälle (dagenssamhalle.se)" in link.text


def test_pdf_ligatures_are_normalised(make_pdf: Callable[..., Path]) -> None:
    pages = [{"lines": ["generalsekreteraren \ufb01nns på \ufb02era o\ufb03ciella listor"]}]
    document = read_document(make_pdf(pages, font="Vera"))
    assert "generalsekreteraren finns på flera" in document.text
    assert "\ufb01" not in document.text


def test_pdf_numbers_in_body_are_not_footnotes(make_pdf: Callable[..., Path]) -> None:
    pages = [
        {
            "lines": [
                "Under året deltog",
                "2 kommuner i projekten och",
                "3 myndigheter i samverkan med staden.",
            ]
        }
    ]
    document = read_document(make_pdf(pages))
    assert document.footnotes == ()


def test_pdf_without_text_warns(make_pdf: Callable[..., Path]) -> None:
    document = read_document(make_pdf([{}]))
    assert document.text == ""
    assert any("no text layer" in warning for warning in document.warnings)


def test_encrypted_pdf_is_refused(make_pdf: Callable[..., Path]) -> None:
    path = make_pdf([{"lines": ["Hemlig text"]}], encrypt="hemligt")
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"cannot read {path}: the PDF is encrypted; save an unprotected copy and try again"
    )


def test_pdf_with_empty_user_password_is_read(make_pdf: Callable[..., Path]) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    encryption = StandardEncryption("", ownerPassword="ägaren", canPrint=0)
    document = read_document(make_pdf([{"lines": ["Skyddad men läsbar"]}], encrypt=encryption))
    assert document.text == "Skyddad men läsbar"


def test_damaged_pdf_gives_one_line(make_pdf: Callable[..., Path], tmp_path: Path) -> None:
    good = make_pdf([{"lines": ["Text"]}]).read_bytes()
    for name, data in {
        "truncated.pdf": good[: len(good) // 3],
        "garbage.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 20,
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        try:
            document = read_document(path)
        except DocumentError as error:
            assert "\n" not in str(error)
            assert str(error).startswith(f"cannot read {path}: ")
        else:
            assert isinstance(document.text, str)  # pypdf recovered what it could


def test_junk_pdf_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "motion.pdf"
    path.write_text("<html>this is not a PDF</html>", encoding="utf-8")
    with pytest.raises(DocumentError, match="not a PDF file"):
        read_document(path)


def test_pdf_with_wrong_extension_is_sniffed(make_pdf: Callable[..., Path]) -> None:
    path = make_pdf([{"lines": ["Sniffad text"]}], name="motion.txt")
    document = read_document(path)
    assert document.media_type == "application/pdf"
    assert document.text == "Sniffad text"
