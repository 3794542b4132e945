"""Render two of the test motions to PDF (reportlab) and Word (python-docx).

Usage::

    .venv/bin/python eval/make_fixtures.py [OUT_DIR]     # default: a new temporary folder

Prints the folder; pass it to ``eval/extraction.py --rendered OUT_DIR``. The PDF keeps the
footnotes at the foot of the page, as a word processor's export does.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MOTIONS = REPO / "tests" / "fixtures" / "motions"
RENDERED = ("motion-skola-sv.txt", "motion-trygghet-sv.txt")


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def render_pdf(source: Path, target: Path) -> Path:
    """One page per motion; footnote lines ("1 ...") at the foot of the page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story = []
    for para in _paragraphs(source.read_text(encoding="utf-8")):
        for line in para.split("\n"):
            escaped = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            story.append(Paragraph(escaped, styles["BodyText"]))
        story.append(Spacer(1, 6))
    SimpleDocTemplate(str(target), pagesize=A4).build(story)
    return target


def render_docx(source: Path, target: Path) -> Path:
    """One Word paragraph per paragraph of the motion."""
    import docx

    document = docx.Document()
    text = source.read_text(encoding="utf-8")
    for para in text.split("\n\n"):
        lines = [line for line in para.split("\n") if line.strip()]
        # footnote lines stay separate paragraphs, running text is joined
        body = [ln for ln in lines if not ln[:2].strip().isdigit()]
        notes = [ln for ln in lines if ln[:2].strip().isdigit()]
        if body:
            document.add_paragraph(" ".join(body))
        for note in notes:
            document.add_paragraph(note)
    document.save(str(target))
    return target


def make(out: Path) -> list[Path]:
    """Render the motions into ``out``; the files' stems match their gold documents."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for name in RENDERED:
        source = MOTIONS / name
        made.append(render_pdf(source, out / f"{source.stem}.pdf"))
        made.append(render_docx(source, out / f"{source.stem}.docx"))
    return made


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path(tempfile.mkdtemp(prefix="verify-fixtures-"))
    for path in make(out):
        print(path)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
