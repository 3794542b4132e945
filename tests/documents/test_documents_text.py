"""Plain text, Markdown and HTML files, and the shared examples."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from verify.documents import ReadDocument, read_document

SWEDISH = (
    "Remiss av motion om återvandring\r\nSocialnämnden godkänner förslaget.\r\nÅÄÖ åäö – ”x”\n"
)
EXPECTED = "Remiss av motion om återvandring\nSocialnämnden godkänner förslaget.\nÅÄÖ åäö – ”x”\n"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encode", "warned"),
    [
        (lambda s: s.encode("utf-8"), False),
        (lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), False),
        (lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), False),
        (lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"), False),
        (lambda s: s.encode("cp1252"), True),
    ],
    ids=["utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "cp1252"],
)
def test_txt_encodings_and_newlines(tmp_path: Path, encode, warned: bool) -> None:
    data = encode(SWEDISH)
    document = read_document(_write(tmp_path / "motion.txt", data))
    assert document.text == EXPECTED
    assert document.media_type == "text/plain"
    assert document.name == "motion.txt"
    assert document.size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.pages == 1
    assert any("Windows-1252" in warning for warning in document.warnings) is warned


def test_txt_positions_and_form_feed_pages(tmp_path: Path) -> None:
    data = "sida ett\nrad två\n\fsida två\nrad två\nrad tre\n\f".encode()
    document = read_document(_write(tmp_path / "pdftotext.txt", data))
    assert document.page_starts == (0, 18)
    assert document.text[18:].startswith("sida två")
    assert document.position(document.text.index("rad tre")) == (2, 3)
    assert document.position(document.text.index("rad två")) == (1, 2)


def test_any_bytes_in_a_txt_file_are_read(tmp_path: Path) -> None:
    data = bytes(range(256)) * 4
    document = read_document(_write(tmp_path / "junk.txt", data))
    assert isinstance(document.text, str)


def test_markdown_links_and_footnotes(tmp_path: Path) -> None:
    text = (
        "# Motion\n\n"
        'Enligt [CLDD:s undersökning](https://cldd.se/rapport "Rapport") vill många\n'
        "återvandra, se även <https://www.migrationsverket.se/> och [SCB][scb].\n"
        "En bild ![diagram](bild.png) och kod `[inte](https://länk.se)` räknas inte.\n"
        "Påståendet[^1] är omstritt.\n\n"
        "```\n[inte heller](https://kod.se)\n```\n\n"
        '[scb]: https://www.scb.se/statistik "SCB"\n'
        "[^1]: Dagens Samhälle, 2023-11-02,\n    dagenssamhalle.se.\n"
    )
    document = read_document(_write(tmp_path / "motion.md", text.encode("utf-8")))
    assert document.media_type == "text/markdown"
    assert document.text == text
    urls = [link.url for link in document.links]
    assert urls == [
        "https://cldd.se/rapport",
        "https://www.migrationsverket.se/",
        "https://www.scb.se/statistik",
    ]
    for link in document.links:
        assert document.text[link.start : link.end] == link.text
    assert document.links[0].text == "CLDD:s undersökning"
    assert document.links[2].text == "SCB"
    (note,) = document.footnotes
    assert note.marker == "1"
    assert note.text == "Dagens Samhälle, 2023-11-02, dagenssamhalle.se."
    assert document.text[note.ref_start : note.ref_end] == "[^1]"
    assert document.text[note.start : note.end].startswith("Dagens Samhälle")
    assert document.position(note.start)[1] == text[: note.start].count("\n") + 1


def test_markdown_link_with_parentheses_in_url(tmp_path: Path) -> None:
    text = "[Wikipedia](https://sv.wikipedia.org/wiki/Fri_(musik)) och [tom]()"
    document = read_document(_write(tmp_path / "a.md", text.encode("utf-8")))
    assert [link.url for link in document.links] == ["https://sv.wikipedia.org/wiki/Fri_(musik)"]


HTML = """<!DOCTYPE html>
<html><head><meta charset="windows-1252"><title>Titel</title>
<style>p { color: red }</style><script>var x = "<p>inte</p>";</script></head>
<body>
<nav><a href="/start">Start</a> <a href="/om">Om oss</a></nav>
<h1>Motion   om
 återvandring</h1>
<p>Enligt <a href="https://cldd.se/rapport">CLDD:s
undersökning</a> vill många återvandra.<sup><a href="#fn1" id="ref1">1</a></sup></p>
<ul><li>Första punkten</li><li>Andra <b>punkten</b></li></ul>
<p>Rad ett<br>rad två &amp; mer</p>
<table><tr><td>Kommun</td><td>Antal</td></tr><tr><td>Solna</td><td>12</td></tr></table>
<div hidden>dold text</div>
<ol class="footnotes"><li id="fn1">Dagens Samhälle, <a href="https://www.dagenssamhalle.se/a">
artikeln</a>. <a href="#ref1">&#8617;</a></li></ol>
</body></html>
"""


def test_html_structure_links_and_footnotes(tmp_path: Path) -> None:
    data = HTML.encode("cp1252")
    document = read_document(_write(tmp_path / "motion.html", data))
    assert document.media_type == "text/html"
    assert document.text == (
        "Motion om återvandring\n\n"
        "Enligt CLDD:s undersökning vill många återvandra.1\n\n"
        "Första punkten\nAndra punkten\n\n"
        "Rad ett\nrad två & mer\n\n"
        "Kommun\tAntal\nSolna\t12\n\n"
        "Dagens Samhälle, artikeln. ↩"
    )
    assert [link.url for link in document.links] == [
        "https://cldd.se/rapport",
        "https://www.dagenssamhalle.se/a",
    ]
    for link in document.links:
        assert document.text[link.start : link.end] == link.text
    assert document.links[0].text == "CLDD:s undersökning"
    (note,) = document.footnotes
    assert note.marker == "1"
    assert note.text == "Dagens Samhälle, artikeln."
    assert document.text[note.ref_start : note.ref_end] == "1"
    assert document.text[note.ref_start - 11 : note.ref_end] == "återvandra.1"
    assert document.warnings == ()


def test_html_word_style_footnotes_and_base_href(tmp_path: Path) -> None:
    html = (
        '<html><head><base href="https://www.regeringen.se/artiklar/"></head><body>'
        '<p>Text<a href="#_ftn1" name="_ftnref1"><sup>[1]</sup></a> mer text.</p>'
        '<p><a href="solenergi/">Solenergi</a></p>'
        '<div id="ftn1"><p><a href="#_ftnref1" name="_ftn1">[1]</a> SCB, 2023.</p></div>'
        "</body></html>"
    )
    document = read_document(_write(tmp_path / "word.htm", html.encode("utf-8")))
    assert [link.url for link in document.links] == [
        "https://www.regeringen.se/artiklar/solenergi/"
    ]
    (note,) = document.footnotes
    assert note.marker == "1"
    assert note.text == "SCB, 2023."
    assert document.text[note.ref_start : note.ref_end] == "[1]"


def test_html_utf16_with_bom_and_meta_utf8(tmp_path: Path) -> None:
    html = "<html><body><p>Återvandring åäö</p></body></html>"
    document = read_document(
        _write(tmp_path / "a.html", codecs.BOM_UTF16_LE + html.encode("utf-16-le"))
    )
    assert document.text == "Återvandring åäö"
    broken = b'<html><head><meta charset="utf-8"></head><body><p>\xe5\xe4\xf6</p></body></html>'
    document = read_document(_write(tmp_path / "b.html", broken))
    assert document.text == "åäö"
    assert any("Windows-1252" in warning for warning in document.warnings)


def test_html_without_extension_is_sniffed(tmp_path: Path) -> None:
    document = read_document(_write(tmp_path / "sparad-sida", b"<!doctype html><html><p>Hej</p>"))
    assert document.media_type == "text/html"
    assert document.text == "Hej"


def test_the_real_statement_example(shared: Path) -> None:
    path = shared / "examples" / "tjansteutlatande-SOF-2024-132.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    document = read_document(path)
    assert isinstance(document, ReadDocument)
    assert document.media_type == "text/plain"
    assert document.warnings == ()
    offset = document.text.index("1 Svalt intresse för återvandring")
    assert document.position(offset) == (1, document.text[:offset].count("\n") + 1)
    assert "artikel1" in document.text


def test_a_swedish_government_markdown_file(shared: Path) -> None:
    folder = shared / "corpus" / "swedish-gov" / "docs"
    path = folder / "artiklar__2015__11__regeringens-insatser-for-att-utveckla-solenergin.md"
    if not path.is_file():
        candidates = sorted(folder.glob("*.md"))
        if not candidates:
            pytest.skip(f"no Markdown files in {folder}")
        path = candidates[0]
    document = read_document(path)
    assert document.media_type == "text/markdown"
    assert document.text.startswith("# ")
    assert document.links, "the government texts link to their sources"
    for link in document.links:
        assert document.text[link.start : link.end] == link.text
        assert " " not in link.url
