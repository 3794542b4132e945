"""Benchmark: citation extraction time against document size. Targets: linear in the number of
paragraphs, 13,000 repeated paragraphs in < 10 s, a 358 KB docx in < 10 s, a 50-page document
in < 5 s.

Run from the repository root::

    .venv/bin/python benchmarks/bench_extract.py [--sizes 1000 3000 6000 13000] [--no-docx]

Generates the documents itself (nothing is read from disk but the docx it writes to a
temporary folder): motion-like paragraphs that cite the same few sources over and over
("Enligt SCB ...", "En undersökning från CLDD ...", "Rapporten visar att ...", links,
designations, footnote markers), so every source collects thousands of mentions, which is
what made extraction quadratic. For each size it prints the paragraphs, characters, seconds
(``verify.extract.extract_citations`` on the read document, best of ``--rounds``), seconds per
1,000 paragraphs (flat when extraction is linear), the candidates and mentions found, and the
peak memory Python allocated during one more, traced run (tracemalloc slows it, so it is not
the timed run). Then the same for a docx of about 358 KB (read and extracted) and for a
50-page document of varied text with a few hundred distinct sources.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from verify.documents.model import Footnote, ReadDocument  # noqa: E402
from verify.extract import extract_citations  # noqa: E402

TARGET_13K = 10.0
TARGET_DOCX = 10.0
TARGET_50_PAGES = 5.0

#: Paragraphs that cite the same sources again and again ({n}: a number that varies).
REPEATED = (
    "Enligt SCB var drygt {n},1 miljoner av Sveriges invånare födda i ett annat land år 2023.",
    "En undersökning från Centre for Local Development and Diaspora (CLDD) har visat att {n} "
    "procent uppger att de vill återvandra. Undersökningen finns på https://cldd.se/enkat.",
    "Samtidigt visar Migrationsverkets egen analys att {n} kommuner har velat delta. "
    "Rapporten visar också att intresset har minskat med {n} procent.",
    "Riksrevisionen bedömer att kostnaderna ökade med {n} procent, se prop. 2017/18:228 och "
    "SOU 2019:30.",
    "Frågan har uppmärksammats i medierna[1] och forskning visar att {n} procent av de "
    "tillfrågade är positiva.",
    "Kemikalieinspektionen har hittat giftiga ämnen i {n} av 120 undersökta leksaker.",
)

FILLER = (
    "kommunen socialnämnden återvandring remissen motionen förvaltningen samverkan projekt "
    "uppdrag invånare socialtjänsten information möjlighet stöd kontakten enskilde "
    "rådgivning beslut underlag kostnader bedömning år andel personer och att som för med "
    "den det är inte har till av på om en ett de kan ska vid"
).split()

SENDERS = (
    "SCB", "Socialstyrelsen", "Skolverket", "Riksrevisionen", "Brottsförebyggande rådet (Brå)",
    "Folkhälsomyndigheten", "Försäkringskassan", "Arbetsförmedlingen", "Boverket", "IFAU",
    "Konjunkturinstitutet", "Statskontoret", "Tillväxtverket", "Trafikverket", "OECD",
)  # fmt: skip
WORKS = ("rapport", "undersökning", "kartläggning", "statistik", "analys", "granskning")


def _doc(text: str, footnotes: tuple[Footnote, ...] = ()) -> ReadDocument:
    data = text.encode("utf-8")
    return ReadDocument(
        "bench.txt", "text/plain", hashlib.sha256(data).hexdigest(), len(data), text,
        footnotes=footnotes,
    )  # fmt: skip


def repeated(paragraphs: int) -> ReadDocument:
    """``paragraphs`` paragraphs cycling through :data:`REPEATED`, and one footnote."""
    parts = [REPEATED[i % len(REPEATED)].format(n=i % 90 + 1) for i in range(paragraphs)]
    body = "\n\n".join(parts)
    note = "[1] Svalt intresse för återvandring - Dagens Samhälle (dagenssamhalle.se)"
    text = f"{body}\n\n{note}\n"
    start = text.rindex("[1]")
    ref = text.index("[1]")
    footnote = Footnote("1", note[4:], start + 4, len(text) - 1, None, ref, ref + 3)
    return _doc(text, (footnote,))


def fifty_pages(seed: int = 13) -> ReadDocument:
    """About 50 pages (3,000 characters each) of varied text citing many distinct sources."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    year = 2000
    while size < 50 * 3000:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            words = [rng.choice(FILLER) for _ in range(rng.randint(8, 20))]
            sentences.append(" ".join(words).capitalize() + ".")
        sender = rng.choice(SENDERS)
        work = rng.choice(WORKS)
        year = 2000 + (year + 1) % 25
        cite = rng.choice(
            (
                f"Enligt {sender} ökade andelen till {rng.randint(1, 99)} procent år {year}.",
                f"{sender} konstaterar i sin {work} från {year} att {rng.randint(2, 900)} "
                "personer berördes.",
                f"En {work} från {sender} visar att {rng.randint(1, 99)} procent är nöjda.",
                f"Det framgår av SOU {year}:{rng.randint(1, 120)} att kostnaden är "
                f"{rng.randint(2, 90)} miljoner kronor.",
                f"Se https://www.example{rng.randint(1, 400)}.se/rapport-{year}.pdf för detaljer.",
            )
        )
        sentences.insert(rng.randint(0, len(sentences)), cite)
        paragraph = " ".join(sentences)
        out.append(paragraph)
        size += len(paragraph) + 2
    return _doc("\n\n".join(out))


def _docx(path: Path, paragraphs: int, seed: int = 358) -> None:
    import docx

    rng = random.Random(seed)
    document = docx.Document()
    for i in range(paragraphs):
        filler = " ".join(rng.choice(FILLER) for _ in range(rng.randint(6, 14)))
        cite = REPEATED[i % len(REPEATED)].format(n=i % 90 + 1)
        document.add_paragraph(f"{cite} {filler.capitalize()}.")
    document.save(str(path))


def write_docx(path: Path, target_bytes: int = 358_000) -> int:
    """A docx of citing paragraphs (each with a sentence of varied words, so it does not
    compress to nothing) of about ``target_bytes``; its paragraph count."""
    count = 1000
    for _ in range(3):  # compression is not linear in the count: scale, then scale again
        _docx(path, count)
        count = round(count * target_bytes / path.stat().st_size)
    _docx(path, count)
    return count


def timed(run, rounds: int) -> tuple[float, object]:
    """Best wall-clock seconds of ``rounds`` runs, and the result; the CPU seconds of that run
    are kept in :data:`CPU` (on a shared machine they say more than the wall clock)."""
    best, result = float("inf"), None
    for _ in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        result = run()
        if time.perf_counter() - started < best:
            best = time.perf_counter() - started
            CPU[0] = time.process_time() - cpu
    return best, result


CPU = [0.0]


def peak_mb(run) -> float:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 6000, 13000])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-docx", action="store_true")
    args = parser.parse_args(argv)

    print(f"{'paragraphs':>10} {'chars':>9} {'seconds':>8} {'cpu s':>7} {'s/1k par':>9} "
          f"{'candidates':>10} {'mentions':>9} {'peak MB':>8}")  # fmt: skip
    rows = []
    for size in args.sizes:
        doc = repeated(size)
        seconds, extraction = timed(lambda d=doc: extract_citations(d), args.rounds)
        mentions = sum(len(c.mentions) for c in extraction.candidates)  # type: ignore[attr-defined]
        peak = peak_mb(lambda d=doc: extract_citations(d))
        rows.append((size, seconds))
        print(f"{size:>10} {len(doc.text):>9} {seconds:>8.2f} {CPU[0]:>7.2f} {1000 * seconds / size:>9.3f} "
              f"{len(extraction.candidates):>10} {mentions:>9} {peak:>8.1f}")  # type: ignore[attr-defined]  # fmt: skip
    if len(rows) > 1:
        (n0, t0), (n1, t1) = rows[0], rows[-1]
        growth = (t1 / t0) / (n1 / n0) if t0 > 0 else float("nan")
        print(f"time grows {t1 / t0:.1f}x for {n1 / n0:.1f}x the paragraphs "
              f"(1.0 = linear: {growth:.2f})")  # fmt: skip
    ok = True
    if 13000 in args.sizes:
        t13 = dict(rows)[13000]
        ok &= t13 < TARGET_13K
        print(f"13,000 paragraphs: {t13:.2f} s (target < {TARGET_13K:.0f} s)")

    if not args.no_docx:
        from verify.documents import read_document

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.docx"
            count = write_docx(path)
            size_kb = path.stat().st_size / 1000
            seconds, extraction = timed(
                lambda: extract_citations(read_document(path)), args.rounds
            )  # fmt: skip
            peak = peak_mb(lambda: extract_citations(read_document(path)))
            ok &= seconds < TARGET_DOCX
            print(f"docx {size_kb:.0f} KB, {count} paragraphs: read + extract {seconds:.2f} s "
                  f"({CPU[0]:.2f} s CPU), "
                  f"peak {peak:.1f} MB (target < {TARGET_DOCX:.0f} s)")  # fmt: skip

    doc = fifty_pages()
    seconds, extraction = timed(lambda: extract_citations(doc), max(args.rounds, 3))
    ok &= seconds < TARGET_50_PAGES
    print(f"50 pages ({len(doc.text)} chars, {len(extraction.candidates)} candidates): "  # type: ignore[attr-defined]
          f"{seconds:.2f} s, {CPU[0]:.2f} s CPU (target < {TARGET_50_PAGES:.0f} s)")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
