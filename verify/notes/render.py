"""Renderers: one Note to Markdown, plain text, JSON, Word and self-contained HTML.

Every renderer is deterministic: the same Note gives the same bytes (the .docx's core
properties are fixed from the note, not from the clock).
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from .model import Note, Sentence

__all__ = ["FORMATS", "render", "render_docx", "render_html", "render_markdown", "render_text"]

FORMATS = ("md", "txt", "docx", "html", "json")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!])")


def _with_refs(sentence: Sentence, marker: str = "[{}]") -> str:
    """The sentence with its reference numbers before the closing full stop."""
    text = sentence.text
    if not sentence.refs:
        return text
    marks = "".join(marker.format(n) for n in sentence.refs)
    if text.endswith("."):
        return f"{text[:-1]} {marks}."
    return f"{text} {marks}"


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_markdown(note: Note) -> str:
    """Paste-ready Markdown."""
    lines = [f"# {_md_escape(note.title)}", "", _md_escape(note.case_line), ""]
    for source in note.sources:
        lines += [f"## {_md_escape(source.heading)}", ""]
        for paragraph in source.paragraphs:
            escaped = [Sentence(_md_escape(s.text), s.refs, s.evidence, s.code) for s in paragraph]
            lines += [" ".join(_with_refs(s, "[{}]") for s in escaped), ""]
    if note.references:
        lines += [f"## {_md_escape(note.references_heading)}", ""]
        for ref in note.references:
            lines.append(f"{ref.number}. {_md_escape(_reference_text(ref))}")
        lines.append("")
    if note.generated_by:
        lines += [f"_{_md_escape(note.generated_by)}_", ""]
    if note.anchor:
        lines += [f"<small>{note.anchor}</small>", ""]
    return "\n".join(lines)


def _reference_text(ref) -> str:  # noqa: ANN001 - Reference
    parts = [ref.label, ref.url or "", *ref.details]
    return ". ".join(p.rstrip(".") for p in parts if p) + "."


def render_text(note: Note) -> str:
    """Plain text, for pasting where no formatting survives."""
    lines = [note.title, "=" * len(note.title), "", note.case_line, ""]
    for source in note.sources:
        lines += [source.heading, "-" * len(source.heading), ""]
        for paragraph in source.paragraphs:
            lines += [" ".join(_with_refs(s) for s in paragraph), ""]
    if note.references:
        lines += [note.references_heading, "-" * len(note.references_heading), ""]
        lines += [f"[{r.number}] {_reference_text(r)}" for r in note.references]
        lines.append("")
    if note.generated_by:
        lines += [note.generated_by, ""]
    if note.anchor:
        lines += [note.anchor, ""]
    return "\n".join(lines)


def render_json(note: Note) -> str:
    return json.dumps(note.to_dict(), ensure_ascii=False, indent=2) + "\n"


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


def render_html(note: Note) -> str:
    """A self-contained HTML page; links are Robust Links (data-versionurl/-versiondate)."""
    return environment().get_template("note.html.j2").render(note=note, with_refs=_with_refs)


def render_docx(note: Note) -> bytes:
    """A Word document in a plain official style: headings, paragraphs, numbered references."""
    from docx import Document
    from docx.shared import Pt, RGBColor

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
    fixed = datetime(2000, 1, 1, tzinfo=UTC)
    if note.as_of:
        try:
            fixed = datetime.fromisoformat(note.as_of).replace(tzinfo=UTC)
        except ValueError:
            pass
    props = doc.core_properties
    props.title = note.title
    props.author = "verify"
    props.last_modified_by = "verify"
    props.created = fixed
    props.modified = fixed
    props.revision = 1
    doc.add_heading(note.title, level=1)
    doc.add_paragraph(note.case_line)
    for source in note.sources:
        doc.add_heading(source.heading, level=2)
        for paragraph in source.paragraphs:
            doc.add_paragraph(" ".join(_with_refs(s) for s in paragraph))
    if note.references:
        doc.add_heading(note.references_heading, level=2)
        for ref in note.references:
            doc.add_paragraph(f"[{ref.number}] {_reference_text(ref)}")
    if note.generated_by:
        doc.add_paragraph().add_run(note.generated_by).italic = True
    if note.anchor:
        doc.add_paragraph().add_run(note.anchor).font.size = Pt(8)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so the same document gives the same bytes."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def render(note: Note, fmt: str) -> bytes:
    """The note in ``fmt`` (one of :data:`FORMATS`) as bytes (text formats are UTF-8)."""
    if fmt == "md":
        return render_markdown(note).encode("utf-8")
    if fmt == "txt":
        return render_text(note).encode("utf-8")
    if fmt == "json":
        return render_json(note).encode("utf-8")
    if fmt == "html":
        return render_html(note).encode("utf-8")
    if fmt == "docx":
        return render_docx(note)
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
