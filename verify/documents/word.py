"""Word documents (.docx) with python-docx: paragraphs, tables, footnotes, endnotes, links.

python-docx opens the package; the XML is walked directly (with the lxml python-docx uses),
because python-docx has no API for footnotes, hyperlink spans or field codes.

The text is the body's paragraphs in order, one per line (table cells' paragraphs included,
row by row), then a blank line and the footnotes (``1 text``), then the endnotes (``i text``).
A footnote reference in the body is written as its number where it stands (``artikel1``),
and that span is the footnote's ``ref_start``/``ref_end``. Deleted tracked changes are left
out, inserted ones kept. Hyperlinks are ``w:hyperlink`` elements with an external
relationship and ``HYPERLINK`` fields.

Pages: when Word saved the positions of its page breaks (``w:lastRenderedPageBreak``) these
give the pages; otherwise hard page breaks do. Both are approximate, as Word lays out pages
only when it displays them.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from verify.documents.content import Content
from verify.documents.model import Footnote, Link
from verify.errors import DocumentError

__all__ = ["read_docx"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = f"{{{W}}}"

_SKIP = frozenset({"pPr", "rPr", "del", "moveFrom", "delText", "proofErr", "bookmarkStart"})
_RECURSE = frozenset(
    {"ins", "moveTo", "smartTag", "customXml", "sdtContent", "fldSimple", "dir", "bdo"}
)
_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+(?:\\[a-z]\s+)*"([^"]+)"', re.IGNORECASE)


def _local(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _roman(number: int) -> str:
    values = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"))
    values += ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = []
    for value, letters in values:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


@dataclass
class _Field:
    instruction: str = ""
    result_start: int | None = None


@dataclass
class _Writer:
    """Collects text with running length, links, note references and page breaks."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    links: list[Link] = field(default_factory=list)
    references: list[tuple[str, str, int, int]] = field(default_factory=list)  # kind, id, span
    rendered_breaks: list[int] = field(default_factory=list)
    hard_breaks: list[int] = field(default_factory=list)
    note_counts: dict[str, int] = field(default_factory=dict)
    note_markers: dict[tuple[str, str], str] = field(default_factory=dict)
    fields: list[_Field] = field(default_factory=list)

    def write(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)

    def tail(self, start: int) -> str:
        return self.text()[start:] if start < self.length else ""


class _Walker:
    def __init__(self, writer: _Writer, rels: dict[str, str]) -> None:
        self.out = writer
        self.rels = rels  # relationship id -> external target

    # Block level -------------------------------------------------------------------------
    def blocks(self, container: Any) -> None:
        for child in container:
            name = _local(child)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                for row in child.iter(f"{_W}tr"):
                    if row.getparent() is not child:
                        continue  # nested tables are reached through their cell
                    for cell in row.findall(f"{_W}tc"):
                        self.blocks(cell)
            elif name in {"sdt", "customXml"}:
                content = child.find(f"{_W}sdtContent") if name == "sdt" else child
                if content is not None:
                    self.blocks(content)

    def paragraph(self, element: Any) -> None:
        properties = element.find(f"{_W}pPr")
        if properties is not None and properties.find(f"{_W}pageBreakBefore") is not None:
            self.out.hard_breaks.append(self.out.length)
        self.inline(element)
        self.out.write("\n")

    # Inline level ------------------------------------------------------------------------
    def inline(self, element: Any) -> None:
        for child in element:
            name = _local(child)
            if name == "r":
                self.run(child)
            elif name == "hyperlink":
                self.hyperlink(child)
            elif name in _RECURSE:
                self.inline(child)
            elif name == "sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    self.inline(content)

    def hyperlink(self, element: Any) -> None:
        start = self.out.length
        self.inline(element)
        target = self.rels.get(element.get(f"{{{R}}}id") or "")
        if target:
            self.out.links.append(Link(target, self.out.tail(start), start, self.out.length))

    def run(self, element: Any) -> None:
        out = self.out
        for child in element:
            name = _local(child)
            if name == "t":
                out.write(child.text or "")
            elif name == "tab":
                out.write("\t")
            elif name in {"br", "cr"}:
                if child.get(f"{_W}type") == "page":
                    out.hard_breaks.append(out.length)
                elif child.get(f"{_W}type") != "column":
                    out.write("\n")
            elif name == "noBreakHyphen":
                out.write("-")
            elif name == "sym":
                code = child.get(f"{_W}char") or ""
                try:
                    out.write(chr(int(code, 16)))
                except ValueError:
                    pass
            elif name == "lastRenderedPageBreak":
                out.rendered_breaks.append(out.length)
            elif name in {"footnoteReference", "endnoteReference"}:
                kind = "footnote" if name == "footnoteReference" else "endnote"
                note_id = child.get(f"{_W}id") or ""
                key = (kind, note_id)
                if key not in out.note_markers:
                    count = out.note_counts.get(kind, 0) + 1
                    out.note_counts[kind] = count
                    out.note_markers[key] = str(count) if kind == "footnote" else _roman(count)
                marker = out.note_markers[key]
                start = out.length
                out.write(marker)
                out.references.append((kind, note_id, start, out.length))
            elif name == "fldChar":
                self.field_char(child.get(f"{_W}fldCharType"))
            elif name == "instrText":
                if out.fields:
                    out.fields[-1].instruction += child.text or ""

    def field_char(self, kind: str | None) -> None:
        out = self.out
        if kind == "begin":
            out.fields.append(_Field())
        elif kind == "separate" and out.fields:
            out.fields[-1].result_start = out.length
        elif kind == "end" and out.fields:
            current = out.fields.pop()
            match = _HYPERLINK_FIELD.match(current.instruction)
            if match and current.result_start is not None:
                start = current.result_start
                out.links.append(Link(match.group(1), out.tail(start), start, out.length))


def _xml(blob: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    return etree.fromstring(blob, parser=parser)


def _external_targets(part: Any) -> dict[str, str]:
    targets = {}
    for rel_id, rel in part.rels.items():
        if rel.is_external and rel.reltype == RT.HYPERLINK:
            targets[rel_id] = rel.target_ref
    return targets


def _notes_part(document_part: Any, reltype: str) -> Any | None:
    for rel in document_part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part
    return None


def _damaged(path: Path, error: BaseException) -> DocumentError:
    detail = " ".join(str(error).split())[:160] or type(error).__name__
    return DocumentError(path, f"the Word document is damaged ({detail})")


def read_docx(data: bytes, path: Path) -> Content:
    """Read a .docx file's text, footnotes, endnotes, links and (approximate) pages."""
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        document_part = document.part
        rels = _external_targets(document_part)
    # python-docx and the zip and XML layers under it raise many types on a damaged package
    # (KeyError, BadZipFile, XMLSyntaxError, ValueError ...); here all mean "damaged".
    except Exception as error:  # noqa: BLE001
        raise _damaged(path, error) from None
    writer = _Writer()
    _Walker(writer, rels).blocks(body)
    body_end = writer.length
    breaks = writer.rendered_breaks or writer.hard_breaks
    body_text = writer.text()
    page_starts = [0]
    for offset in sorted(set(breaks)):
        if offset < body_end and body_text[offset] == "\n":
            offset += 1  # a break at the end of a paragraph: the page starts after it
        if 0 < offset < body_end and offset > page_starts[-1]:
            page_starts.append(offset)

    footnotes: list[Footnote] = []
    warnings: list[str] = []
    for kind, reltype in (("footnote", RT.FOOTNOTES), ("endnote", RT.ENDNOTES)):
        references = [ref for ref in writer.references if ref[0] == kind]
        if not references:
            continue
        try:
            part = _notes_part(document_part, reltype)
            root = _xml(part.blob) if part is not None else None
            note_rels = _external_targets(part) if part is not None else {}
        except Exception as error:  # noqa: BLE001 (see above)
            warnings.append(f"the {kind}s could not be read ({_damaged(path, error).reason})")
            continue
        notes = {}
        if root is not None:
            for element in root.iter(f"{_W}{kind}"):
                notes[element.get(f"{_W}id") or ""] = element
        seen: set[str] = set()
        for _, note_id, ref_start, ref_end in references:
            if note_id in seen:
                continue
            seen.add(note_id)
            marker = writer.note_markers[(kind, note_id)]
            element = notes.get(note_id)
            if element is None:
                warnings.append(f"{kind} {marker} is referenced but missing from the file")
                continue
            if writer.length == body_end:
                writer.write("\n")
            # The note is written apart first, so the space after Word's own marker can go.
            note = _Writer()
            _Walker(note, note_rels).blocks(element)
            raw = note.text().replace("\r", "\n")
            lead = len(raw) - len(raw.lstrip())
            body = raw.strip()
            writer.write(f"{marker} ")
            start = writer.length
            writer.write(body + "\n")
            shift = start - lead
            for link in note.links:
                if link.start is not None and link.end is not None and link.start >= lead:
                    writer.links.append(
                        Link(link.url, link.text, link.start + shift, link.end + shift)
                    )
            text = body
            stripped_end = start + len(body)
            page = bisect_right(page_starts, ref_start)
            footnotes.append(
                Footnote(
                    marker=marker,
                    text=" ".join(text.split()),
                    start=start,
                    end=stripped_end,
                    page=page,
                    ref_start=ref_start,
                    ref_end=ref_end,
                )
            )
    text = writer.text().replace("\r", "\n")  # one for one, so offsets stay
    return Content(
        text=text.rstrip("\n"),
        page_starts=tuple(page_starts),
        footnotes=tuple(footnotes),
        links=tuple(writer.links),
        warnings=tuple(warnings),
    )
