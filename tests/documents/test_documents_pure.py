"""The pure helpers: encoding detection, newlines, ligatures, dehyphenation, footnote lines."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verify.documents import (
    decode_text,
    dehyphenate,
    find_footnotes,
    find_reference,
    normalise_ligatures,
    normalise_newlines,
    sniff_media_type,
)

SWEDISH = "Återvandring: åäö ÅÄÖ – ”citat” €"

CLDD = [
    "en sökmotor 2024-02-02 återfinns en artikel1 där",
    "generalsekreteraren för CLDD på frågan om migranterna i",
    "undersökningen utgör ett representativt urval svarar att CLDD tror",
    "det men inte kan veta då det inte är en vetenskaplig undersökning.",
    "1 Svalt intresse för återvandring i kommunerna – ”Kan uppfattas",
    "som känsligt” - Dagens Samhälle (dagenssamhalle.se)",
]


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (SWEDISH.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + SWEDISH.encode("utf-8"), "utf-8", True),
        (codecs.BOM_UTF16_LE + SWEDISH.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + SWEDISH.encode("utf-16-be"), "utf-16-be", True),
        (SWEDISH.encode("utf-16-le"), "utf-16-le", False),
        (SWEDISH.encode("cp1252"), "cp1252", False),
    ],
)
def test_decode_text_finds_the_encoding(data: bytes, encoding: str, bom: bool) -> None:
    decoded = decode_text(data)
    assert decoded.text == SWEDISH
    assert decoded.encoding == encoding
    assert decoded.bom is bom


def test_decode_text_uses_latin1_for_bytes_cp1252_leaves_undefined() -> None:
    assert decode_text(b"h\xe4r \x81 \x9d").text == "här \x81 \x9d"


def test_decode_text_honours_a_declared_charset_when_utf8_fails() -> None:
    data = "Привет".encode("koi8-r")
    assert decode_text(data, declared="koi8-r").text == "Привет"
    assert decode_text(data, declared="no-such-codec").encoding == "cp1252"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decode_text_never_fails(data: bytes) -> None:
    assert isinstance(decode_text(data).text, str)


def test_normalise_newlines() -> None:
    assert normalise_newlines("a\r\nb\rc\nd\u2028e") == "a\nb\nc\nd\ne"


def test_ligatures_become_letters_and_nothing_else_changes() -> None:
    assert normalise_ligatures("\ufb01nns \ufb02era o\ufb00entliga \ufb03 \ufb04") == (
        "finns flera offentliga ffi ffl"
    )
    assert normalise_ligatures("½ ² ｆ") == "½ ² ｆ"  # NFKC is applied to ligatures only


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (
            ["samverkan med Migrations-", "verket för att"],
            ["samverkan med Migrationsverket", "för att"],
        ),
        (["andra EU-", "länder har"], ["andra EU-länder", "har"]),
        (["under 2020-", "talet"], ["under 2020-talet"]),
        (["skicka e-", "post till"], ["skicka e-post", "till"]),
        (["Stockholms-", "och Uppsalaregionen"], ["Stockholms-", "och Uppsalaregionen"]),
        (["en rapport från Social-", "Styrelsen"], ["en rapport från Social-", "Styrelsen"]),
        (["ett tankestreck -", "här"], ["ett tankestreck -", "här"]),
        (["Migrations-", "verket"], ["Migrationsverket"]),
        (["mjuk bind\u00ad", "streck"], ["mjuk bindstreck"]),
        (["inget", "bindestreck"], ["inget", "bindestreck"]),
    ],
)
def test_dehyphenate(lines: list[str], joined: list[str]) -> None:
    assert dehyphenate(lines) == joined


def test_footnote_of_the_real_cldd_statement() -> None:
    notes = find_footnotes(CLDD, expected=1)
    assert len(notes) == 1
    note = notes[0]
    assert note.marker == "1"
    assert (note.first, note.last) == (4, 5)
    assert note.text == (
        "Svalt intresse för återvandring i kommunerna – ”Kan uppfattas som känsligt” - "
        "Dagens Samhälle (dagenssamhalle.se)"
    )
    body = "\n".join(CLDD[:4])
    start, end = find_reference(body, "1")
    assert body[start - 7 : end] == "artikel1"


def test_footnotes_chain_with_page_number_below() -> None:
    lines = [
        "Enligt en rapport3 ökade antalet. Och en annan källa4 säger",
        "något annat om 2 kommuner som deltog i samverkan med staten.",
        "3 Rapport från Migrationsverket, 2023.",
        "4 Dagens Samhälle, ”Svalt intresse”, 2023-11-02.",
        "Sida 2 (3)",
    ]
    notes = find_footnotes(lines, expected=3)
    assert [note.marker for note in notes] == ["3", "4"]
    assert notes[0].text == "Rapport från Migrationsverket, 2023."
    assert notes[1].last == 3


def test_a_number_starting_a_body_line_is_not_a_footnote() -> None:
    lines = [
        "Socialnämnden har yttrat sig i ärendet och",
        "2 kommuner har deltagit i projekten sedan",
        "starten, vilket är färre än vad som var tänkt från början.",
        "Därför föreslås att staden avvaktar.",
    ]
    assert find_footnotes(lines, expected=1) == []


def test_glued_superscript_and_marker_only_lines() -> None:
    glued = ["Brödtext med en referens1.", "1Källa: SCB, Befolkningsstatistik."]
    assert find_footnotes(glued)[0].text == "Källa: SCB, Befolkningsstatistik."
    alone = ["Brödtext med en referens¹.", "¹", "Källa: SCB."]
    notes = find_footnotes(alone)
    assert notes[0].marker == "1"
    assert notes[0].text == "Källa: SCB."
    assert find_reference(alone[0], "1") == (24, 25)


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("en artikel1 där", "artikel1"),
        ("en undersökning.1 Det", "undersökning.1"),
        ("”känsligt”1 sade", "”känsligt”1"),
        ("se 1 kommun", None),
        ("år 2021 och 12 till", None),
    ],
)
def test_find_reference(body: str, found: str | None) -> None:
    span = find_reference(body, "1")
    if found is None:
        assert span is None
    else:
        assert span is not None
        assert body[span[1] - len(found) : span[1]] == found


@pytest.mark.parametrize(
    ("head", "suffix", "names", "media_type"),
    [
        (b"%PDF-1.7\n", ".pdf", None, "application/pdf"),
        (b"%PDF-1.4\n", ".txt", None, "application/pdf"),
        (b"<!DOCTYPE html><html><p>x", ".html", None, "text/html"),
        (b"<!doctype html><html><body>x", "", None, "text/html"),
        (b"# Rubrik", ".md", None, "text/markdown"),
        (b"just text", ".log", None, "text/plain"),
        (
            b"PK\x03\x04",
            ".docx",
            ["word/document.xml"],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_sniff_media_type(
    head: bytes, suffix: str, names: list[str] | None, media_type: str
) -> None:
    assert sniff_media_type(head, suffix, names) == media_type


@pytest.mark.parametrize(
    ("head", "suffix", "names", "message"),
    [
        (b"hello", ".pdf", None, "not a PDF file"),
        (b"PK\x03\x04", ".docx", ["a.txt"], "zip file but not a Word document"),
        (b"hello", ".docx", None, "not a Word document"),
        (b"\x00\x01\x02\x03binary", ".bin", None, "verify reads .txt, .md, .html, .pdf and .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc", None, "old Word (.doc)"),
    ],
)
def test_sniff_media_type_refuses(
    head: bytes, suffix: str, names: list[str] | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        sniff_media_type(head, suffix, names)
