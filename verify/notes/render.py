"""Renderers: one Note to Markdown, plain text, JSON, Word and self-contained HTML.

Each renders the text to paste, the bilaga, or both (``part``: ``text``, ``bilaga``,
``both``, in that order). Every renderer is deterministic: the same Note gives the same bytes
(the Word file's creation time is the note's own ``created_at``, which comes from the clock
the note was composed with).

The Word file is shaped like a tjänsteutlåtande: a header block (nämnd or förvaltning, dnr,
date, handläggare), Word's own heading styles, real footnotes (``word/footnotes.xml``) with
hyperlinks, the text marked sv-SE (en-GB for English notes), and the bilaga after a page
break, its tables as Word tables.
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from jinja2 import Environment, PackageLoader, select_autoescape

from .model import PARTS, Note, Sentence

__all__ = [
    "FORMATS",
    "PARTS",
    "render",
    "render_docx",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
]

FORMATS = ("md", "txt", "docx", "html", "json")
LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!])")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _with_refs(sentence: Sentence, marker: str = "[{}]", escape=None) -> str:  # noqa: ANN001
    """The sentence with its footnote numbers where they belong (:meth:`Sentence.split`)."""
    before, after = sentence.split()
    if escape is not None:
        before, after = escape(before), escape(after)
    if not sentence.refs:
        return before + after
    return before + "".join(marker.format(n) for n in sentence.refs) + after


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _check_part(part: str) -> None:
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}")


def _text_wanted(part: str) -> bool:
    return part in ("both", "text")


def _bilaga_wanted(part: str) -> bool:
    return part in ("both", "bilaga")


# -- Markdown -------------------------------------------------------------------------------


def render_markdown(note: Note, part: str = "both") -> str:
    """Paste-ready Markdown (footnotes as ``[^1]``), then the bilaga with its tables."""
    _check_part(part)
    lines: list[str] = []
    if _text_wanted(part):
        lines += [f"# {_md_escape(note.title)}", ""]
        for label, value in note.header:
            lines.append(f"{_md_escape(label)}: {_md_escape(value)}  ")
        if note.header:
            lines.append("")
        if note.case_line:
            lines += [_md_escape(note.case_line), ""]
        for source in note.sources:
            for paragraph in source.paragraphs:
                lines += [" ".join(_with_refs(s, "[^{}]", _md_escape) for s in paragraph), ""]
        for fn in note.footnotes:
            where = f" <{fn.url}>" if fn.url else ""
            lines.append(f"[^{fn.number}]: {_md_escape(fn.text)}{where}")
        if note.footnotes:
            lines.append("")
    if _bilaga_wanted(part) and note.bilaga is not None:
        if lines:
            lines += ["---", ""]
        bilaga = note.bilaga
        lines += [f"# {_md_escape(bilaga.title)}", "", _md_escape(bilaga.intro), ""]
        for table in bilaga.tables:
            lines += [f"## {_md_escape(table.heading)}", "", _md_escape(table.intro), ""]
            if not table.rows:
                lines += [_md_escape(table.empty), ""]
                continue
            lines.append("| " + " | ".join(_md_escape(c) for c in table.columns) + " |")
            lines.append("|" + "---|" * len(table.columns))
            for row in table.rows:
                lines.append("| " + " | ".join(_md_escape(str(v)) for v in row) + " |")
            lines.append("")
        if bilaga.anchor:
            lines += [_md_escape(bilaga.anchor_intro), "", f"`{bilaga.anchor}`", ""]
        if note.generated_by:
            lines += [f"_{_md_escape(note.generated_by)}_", ""]
    return "\n".join(lines)


# -- plain text -----------------------------------------------------------------------------


def render_text(note: Note, part: str = "both") -> str:
    """Plain text, for pasting where no formatting survives."""
    _check_part(part)
    lines: list[str] = []
    if _text_wanted(part):
        lines += [note.title, "=" * len(note.title), ""]
        lines += [f"{label}: {value}" for label, value in note.header]
        if note.header:
            lines.append("")
        if note.case_line:
            lines += [note.case_line, ""]
        for source in note.sources:
            for paragraph in source.paragraphs:
                lines += [" ".join(_with_refs(s) for s in paragraph), ""]
        if note.footnotes:
            heading = note.labels.get("footnotes", "")
            lines += [heading, "-" * len(heading)] if heading else []
            for fn in note.footnotes:
                lines.append(f"[{fn.number}] {fn.text}" + (f", {fn.url}" if fn.url else ""))
            lines.append("")
    if _bilaga_wanted(part) and note.bilaga is not None:
        bilaga = note.bilaga
        lines += [bilaga.title, "=" * len(bilaga.title), "", bilaga.intro, ""]
        for table in bilaga.tables:
            lines += [table.heading, "-" * len(table.heading), table.intro, ""]
            if not table.rows:
                lines += [table.empty, ""]
                continue
            for row in table.rows:
                lines.append("; ".join(f"{c}: {v}" for c, v in zip(table.columns, row,
                                                                   strict=False)))  # fmt: skip
            lines.append("")
        if bilaga.anchor:
            lines += [bilaga.anchor_intro, bilaga.anchor, ""]
        if note.generated_by:
            lines += [note.generated_by, ""]
    return "\n".join(lines)


# -- JSON -----------------------------------------------------------------------------------


def render_json(note: Note, part: str = "both") -> str:
    _check_part(part)
    data = note.to_dict()
    if not _text_wanted(part):
        data["sources"], data["footnotes"] = [], []
    if not _bilaga_wanted(part):
        data["bilaga"] = None
    data["part"] = part
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- HTML -----------------------------------------------------------------------------------

_ENV: Environment | None = None

_CONTROLS = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _finalize(value: object) -> object:
    """Every value printed by a template loses control and bidirectional-override characters,
    so archived text cannot reorder what an auditor reads."""
    return _CONTROLS.sub("", value) if isinstance(value, str) else value


def environment() -> Environment:
    """The Jinja2 environment (autoescaping on for every template)."""
    global _ENV
    if _ENV is None:
        _ENV = Environment(
            loader=PackageLoader("verify.notes", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_finalize,
        )
    return _ENV


def render_html(note: Note, part: str = "both") -> str:
    """A self-contained HTML page; footnote links are Robust Links (data-originalurl,
    data-versionurl, data-versiondate)."""
    _check_part(part)
    return environment().get_template("note.html.j2").render(
        note=note, text=_text_wanted(part), bilaga=_bilaga_wanted(part) and note.bilaga,
        safe_url=_safe_url,
    )  # fmt: skip


def _safe_url(url: str | None) -> str | None:
    return url if url and url.startswith(("http://", "https://")) else None


# -- Word -----------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_HYPERLINK_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def _set_language(doc, tag: str) -> None:  # noqa: ANN001 - a python-docx Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    targets = []
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            targets.append(rpr_default.find(qn("w:rPr")))
    for style in styles.findall(qn("w:style")):
        rpr = style.find(qn("w:rPr"))
        if rpr is not None:
            targets.append(rpr)
    for rpr in targets:
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
        lang.set(qn("w:bidi"), tag)
        rpr.append(lang)


def _hyperlink(paragraph, part, url: str, text: str) -> None:  # noqa: ANN001
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = part.relate_to(url, _HYPERLINK_RT, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.append(color)
    rpr.append(underline)
    run.append(rpr)
    node = OxmlElement("w:t")
    node.set(qn("xml:space"), "preserve")
    node.text = text
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def _footnote_reference(paragraph, number: int) -> None:  # noqa: ANN001
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    rpr.append(align)
    run.append(rpr)
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), str(number))
    run.append(ref)
    paragraph._p.append(run)


def _footnotes_part(doc, note: Note, tag: str) -> None:  # noqa: ANN001
    """Add ``word/footnotes.xml`` (separators and one footnote per note footnote)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_CT, b"", doc.part.package)
    body = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
        'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
        'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>",
    ]
    small = f'<w:rPr><w:sz w:val="18"/><w:lang w:val="{tag}"/></w:rPr>'
    for fn in note.footnotes:
        runs = [
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="18"/></w:rPr>'
            "<w:footnoteRef/></w:r>",
            f'<w:r>{small}<w:t xml:space="preserve"> </w:t></w:r>',
        ]
        text = xml_escape(fn.text)
        if fn.url and fn.url.startswith(("http://", "https://")):
            rid = part.relate_to(fn.url, _HYPERLINK_RT, is_external=True)
            runs.append(
                f'<w:hyperlink r:id="{rid}"><w:r><w:rPr><w:color w:val="0563C1"/>'
                f'<w:u w:val="single"/><w:sz w:val="18"/><w:lang w:val="{tag}"/></w:rPr>'
                f'<w:t xml:space="preserve">{text}</w:t></w:r></w:hyperlink>'
            )
        else:
            runs.append(f'<w:r>{small}<w:t xml:space="preserve">{text}</w:t></w:r>')
        body.append(
            f'<w:footnote w:id="{fn.number}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            + "".join(runs)
            + "</w:p></w:footnote>"
        )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:footnotes xmlns:w="{_W}" xmlns:r="{_R}">' + "".join(body) + "</w:footnotes>"
    )
    part._blob = xml.encode("utf-8")
    doc.part.relate_to(part, _FOOTNOTES_RT)


def _created(note: Note) -> datetime:
    try:
        return datetime.fromisoformat(note.created_at.replace("Z", "+00:00"))
    except ValueError:
        return datetime(2000, 1, 1, tzinfo=UTC)


def render_docx(note: Note, part: str = "both") -> bytes:
    """A Word document shaped like a tjänsteutlåtande (see the module docstring)."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt, RGBColor

    _check_part(part)
    tag = LANGUAGE_TAGS.get(note.lang, "sv-SE")
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for name, size in (("Heading 1", 14), ("Heading 2", 12)):
        heading = doc.styles[name]
        heading.font.name = "Arial"
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.color.rgb = RGBColor(0, 0, 0)
    _set_language(doc, tag)
    created = _created(note)
    props = doc.core_properties
    props.title = note.title
    props.author = "verify"
    props.last_modified_by = "verify"
    props.created = created
    props.modified = created
    props.revision = 1
    props.language = tag
    if _text_wanted(part):
        if note.header:
            table = doc.add_table(rows=0, cols=2)
            for label, value in note.header:
                cells = table.add_row().cells
                cells[0].text = label
                cells[1].text = value
                for run in cells[0].paragraphs[0].runs:
                    run.bold = True
            doc.add_paragraph()
        doc.add_heading(note.title, level=1)
        if note.case_line:
            doc.add_paragraph(note.case_line)
        for source in note.sources:
            for paragraph in source.paragraphs:
                p = doc.add_paragraph()
                for index, sentence in enumerate(paragraph):
                    before, after = sentence.split()
                    p.add_run(("" if index == 0 else " ") + before)
                    for number in sentence.refs:
                        _footnote_reference(p, number)
                    if after:
                        p.add_run(after)
        if note.footnotes:
            _footnotes_part(doc, note, tag)
    if _bilaga_wanted(part) and note.bilaga is not None:
        bilaga = note.bilaga
        if _text_wanted(part):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(bilaga.title, level=1)
        doc.add_paragraph(bilaga.intro)
        for section in bilaga.tables:
            doc.add_heading(section.heading, level=2)
            doc.add_paragraph(section.intro)
            if not section.rows:
                doc.add_paragraph(section.empty)
                continue
            table = doc.add_table(rows=1, cols=len(section.columns))
            table.style = doc.styles["Table Grid"]
            for cell, name in zip(table.rows[0].cells, section.columns, strict=False):
                cell.text = name
                for run in cell.paragraphs[0].runs:
                    run.bold = True
                    run.font.size = Pt(9)
            for row in section.rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    value = str(value)
                    if value.startswith(("http://", "https://")):
                        cell.text = ""
                        _hyperlink(cell.paragraphs[0], doc.part, value, value)
                    else:
                        cell.text = value
                    for run in cell.paragraphs[0].runs:
                        run.font.size = Pt(9)
        if bilaga.anchor:
            doc.add_paragraph(bilaga.anchor_intro)
            doc.add_paragraph().add_run(bilaga.anchor).font.size = Pt(8)
        if note.generated_by:
            doc.add_paragraph().add_run(note.generated_by).italic = True
    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalise_zip(buffer.getvalue(), created)


def _normalise_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite a zip with the note's time on every member, so the same note gives the same
    bytes."""
    import zipfile

    stamp = when.astimezone(UTC)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute,
                 stamp.second)  # fmt: skip
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def render(note: Note, fmt: str, part: str = "both") -> bytes:
    """The note in ``fmt`` (one of :data:`FORMATS`) as bytes (text formats are UTF-8)."""
    if fmt == "md":
        return render_markdown(note, part).encode("utf-8")
    if fmt == "txt":
        return render_text(note, part).encode("utf-8")
    if fmt == "json":
        return render_json(note, part).encode("utf-8")
    if fmt == "html":
        return render_html(note, part).encode("utf-8")
    if fmt == "docx":
        return render_docx(note, part)
    raise ValueError(f"unknown format {fmt!r}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (temporary file, then rename)."""
    import os

    from ..errors import storage_error

    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise storage_error(exc, path) from None
