"""Makers of test documents: PDFs with reportlab, Word files with python-docx plus own XML."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


@dataclass
class PdfPage:
    """Lines of body text drawn from the top, footnote lines drawn small at the foot."""

    lines: Sequence[str] = ()
    footnotes: Sequence[str] = ()
    page_number: str | None = None
    links: Sequence[tuple[str, tuple[float, float, float, float]]] = ()
    superscripts: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    # line index -> (text before, raised marker, text after): "artikel" + "1" raised + " där"


def write_pdf(
    path: Path,
    pages: Sequence[PdfPage],
    *,
    font: str = "Helvetica",
    encrypt: object | None = None,
) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    if font == "Vera":
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    sheet = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    for page in pages:
        y = 800.0
        for index, line in enumerate(page.lines):
            if index in page.superscripts:
                before, marker, after = page.superscripts[index]
                text = sheet.beginText(72, y)
                text.setFont(font, 11)
                text.textOut(before)
                text.setRise(4)
                text.setFont(font, 7)
                text.textOut(marker)
                text.setRise(0)
                text.setFont(font, 11)
                text.textOut(after)
                sheet.drawText(text)
            else:
                sheet.setFont(font, 11)
                sheet.drawString(72, y, line)
            y -= 14
        y = 60.0 + 10 * len(page.footnotes)
        for line in page.footnotes:
            sheet.setFont(font, 8)
            sheet.drawString(72, y, line)
            y -= 10
        if page.page_number:
            sheet.setFont(font, 9)
            sheet.drawString(290, 30, page.page_number)
        for url, rect in page.links:
            sheet.linkURL(url, rect, relative=0)
        sheet.showPage()
    sheet.save()
    return path


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def write_docx(
    path: Path,
    paragraphs: Sequence[str],
    *,
    footnotes: dict[str, str] | None = None,
    table: Sequence[Sequence[str]] = (),
    links: Sequence[tuple[str, str]] = (),
    page_break_after: int | None = None,
) -> Path:
    """A Word file. ``{{FN1}}`` in a paragraph becomes a reference to footnote "FN1".

    ``footnotes`` maps those names to texts; a text may hold ``[[url|shown]]`` for a HYPERLINK
    field. ``links`` are (shown text, url) hyperlinks appended as a last paragraph.
    """
    import docx
    from docx.enum.text import WD_BREAK
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for index, text in enumerate(paragraphs):
        paragraph = document.add_paragraph(text)
        if page_break_after == index:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    if links:
        paragraph = document.add_paragraph("Källor: ")
        for shown, url in links:
            rel_id = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
            hyperlink = OxmlElement("w:hyperlink")
            hyperlink.set(qn("r:id"), rel_id)
            run = OxmlElement("w:r")
            text_element = OxmlElement("w:t")
            text_element.text = shown
            run.append(text_element)
            hyperlink.append(run)
            paragraph._p.append(hyperlink)
            paragraph.add_run(" ")
    document.save(str(path))
    if footnotes:
        _add_footnotes(path, footnotes)
    return path


def _field(url: str, shown: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> HYPERLINK "{url}" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{shown}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _add_footnotes(path: Path, footnotes: dict[str, str]) -> None:
    ids = {name: str(number) for number, name in enumerate(footnotes, start=1)}
    notes = []
    for name, text in footnotes.items():
        body = re.sub(
            r"\[\[([^|\]]+)\|([^\]]+)\]\]",
            lambda m: (
                "</w:t></w:r>" + _field(m.group(1), m.group(2)) + '<w:r><w:t xml:space="preserve">'
            ),
            text,
        )
        notes.append(
            f'<w:footnote w:id="{ids[name]}"><w:p>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {body}</w:t></w:r></w:p></w:footnote>'
        )
    footnotes_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>" + "".join(notes) + "</w:footnotes>"
    )
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    document = members["word/document.xml"].decode("utf-8")
    for name, number in ids.items():
        document = document.replace(
            "{{" + name + "}}",
            '</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{number}"/></w:r><w:r><w:t xml:space="preserve">',
        )
    members["word/document.xml"] = document.encode("utf-8")
    rels = members["word/_rels/document.xml.rels"].decode("utf-8")
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdFootnotes" Type="{FOOTNOTES_REL}" Target="footnotes.xml"/>'
        "</Relationships>",
    )
    members["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    types = members["[Content_Types].xml"].decode("utf-8")
    types = types.replace(
        "</Types>",
        f'<Override PartName="/word/footnotes.xml" ContentType="{FOOTNOTES_TYPE}"/></Types>',
    )
    members["[Content_Types].xml"] = types.encode("utf-8")
    members["word/footnotes.xml"] = footnotes_xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """make_pdf([{"lines": [...], "footnotes": [...]}, ...], name=..., font=..., encrypt=...)"""

    def make(pages: Sequence[dict], name: str = "doc.pdf", **options: object) -> Path:
        specs = [PdfPage(**page) for page in pages]
        return write_pdf(tmp_path / name, specs, **options)  # type: ignore[arg-type]

    return make


@pytest.fixture
def make_docx(tmp_path: Path) -> Callable[..., Path]:
    def make(paragraphs: Sequence[str], name: str = "doc.docx", **options: object) -> Path:
        return write_docx(tmp_path / name, paragraphs, **options)  # type: ignore[arg-type]

    return make


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is absent ({SHARED}); the shared examples are not available")
    return SHARED
