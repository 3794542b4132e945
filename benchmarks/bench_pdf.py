"""Benchmark: read a 300-page text PDF with footnotes. Target: under 20 s on one core.

Run from the repository root::

    .venv/bin/python benchmarks/bench_pdf.py [--pages 300]

Makes the PDF with reportlab in a temporary folder (not timed), then times
``verify.documents.read_document`` on it in this process (pypdf is single-threaded) and
prints pages, seconds, pages per second, footnotes found and the peak memory allocated by
Python during the read (tracemalloc; tracing slows the read, so the time is measured in a
separate, untraced run first).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from verify.documents import read_document  # noqa: E402

TARGET_SECONDS = 20.0

WORDS = (
    "kommunen socialnämnden återvandring Migrationsverket remissen motionen förvaltningen "
    "undersökningen statistik källa tillförlitlig samverkan projekt uppdrag invånare "
    "socialtjänsten information möjlighet stöd kontakten enskilde organisationer rådgivning "
    "regeringen myndigheten beslut underlag kostnader bedömning år procent andel personer "
    "och att som för med den det är inte har till av på om en ett de kan ska vid"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def make_pdf(path: Path, pages: int, seed: int = 2024) -> int:
    """Write a PDF of ``pages`` pages, 48 body lines and 2 footnotes each; return the notes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    sheet = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    marker = 0
    for page in range(1, pages + 1):
        words: list[str] = []
        while len(words) < 48 * 11:
            words.extend(_sentence(rng).split())
        lines: list[str] = []
        current: list[str] = []
        for word in words:
            if len(" ".join([*current, word])) > 88:
                lines.append(" ".join(current))
                current = []
            current.append(word)
            if len(lines) == 48:
                break
        # A word hyphenated across lines and two footnote references on every page.
        lines[10] = lines[10] + " Migrations-"
        lines[11] = "verket " + lines[11]
        y = 800.0
        for index, line in enumerate(lines):
            if index in (5, 30):
                marker += 1
                line = f"{line} enligt rapporten{marker}"
            sheet.setFont("Helvetica", 10)
            sheet.drawString(60, y, line)
            y -= 14
        sheet.setFont("Helvetica", 8)
        y = 75.0
        for number in (marker - 1, marker):
            sheet.drawString(
                60, y, f"{number} Svalt intresse för återvandring i kommunerna – ”Kan uppfattas"
            )
            sheet.drawString(60, y - 9, "som känsligt” - Dagens Samhälle (dagenssamhalle.se)")
            y -= 20
        sheet.drawString(290, 25, str(page))
        sheet.showPage()
    sheet.save()
    return marker


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.pdf"
        notes = make_pdf(path, args.pages)
        size = path.stat().st_size
        started = time.perf_counter()
        document = read_document(path)
        seconds = time.perf_counter() - started
        tracemalloc.start()
        read_document(path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    found = len(document.footnotes)
    with_refs = sum(1 for note in document.footnotes if note.ref_start is not None)
    print(f"file:       {size / 1e6:.1f} MB, {args.pages} pages, {notes} footnotes made")
    print(f"pages:      {document.pages}")
    print(f"seconds:    {seconds:.2f}")
    print(f"pages/s:    {document.pages / seconds:.1f}")
    print(f"footnotes:  {found} found, {with_refs} with their reference in the body")
    left = document.text.count("Migrations-\n")
    print(f"dehyphen.:  {left} of {args.pages} 'Migrations-/verket' breaks left unjoined")
    print(f"peak mem:   {peak / 1e6:.1f} MB (tracemalloc, Python allocations)")
    verdict = "OK" if seconds < TARGET_SECONDS else "TOO SLOW"
    print(f"target:     < {TARGET_SECONDS:.0f} s for 300 pages on one core -> {verdict}")
    return 0 if seconds < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
