"""Benchmark `verify archive` on the ~250 corpus pages served locally.

    .venv/bin/python benchmarks/bench_archive.py [--limit N] [--repeat R] [--big MB]

Prints pages per second, the time verify's page-text extraction alone (``extract_html``:
trafilatura, the article additions and the visible layer) takes on the same pages, their ratio
(target: archive <= 1.3x extraction alone), the same against trafilatura alone (bare
``bare_extraction`` with verify's options), and the store's size against the raw pages.

Both are timed in this process on the same pages, after a warm-up of both on a few pages, in
``--repeat`` rounds that alternate (extraction alone, then a fresh archive); the ratio is the
median of the rounds' ratios (each round's two timings are back to back, so a busy moment on
a shared machine spoils one round, not the figure); every round and the ratio of the best
times are printed too. The pages
are served by a separate process, as a remote server would be: serving them from a thread of
this one would charge the server's Python work to the archive step.
``--big MB`` also serves one response of that many MB and reports the peak memory (RSS) of
archiving it with the default 50 MB cap (it must stop at the cap as too_large, under 150 MB).
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import resource
import shutil
import statistics
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from verify.capture.pagetext import extract_html
from verify.steps.archive import archive_sources
from verify.steps.case import init_case
from verify.steps.sources import add_source

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def corpus_pages() -> list[tuple[str, bytes]]:
    pages = []
    for page in sorted((CORPUS / "pages-readability" / "pages").iterdir()):
        pages.append((f"r/{page.name}", (page / "source.html").read_bytes()))
    for item in sorted((CORPUS / "pages-scrapinghub" / "html").glob("*.html.gz")):
        pages.append((f"z/{item.name[:16]}", gzip.decompress(item.read_bytes())))
    return pages


def make_server(routes: dict[str, bytes], big_mb: int) -> ThreadingHTTPServer:
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a: object) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?")[0].lstrip("/")
            if path == "big":
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(big_mb * 1024 * 1024))
                self.end_headers()
                chunk = b"\0" * (1024 * 1024)
                try:
                    for _ in range(big_mb):
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            body = routes.get(path)
            status = 200 if body is not None else 404
            body = body if body is not None else b"<html><title>404</title>Not found</html>"
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), H)
    server.daemon_threads = True
    return server


def _serve_child(limit: int, big_mb: int, ports: multiprocessing.Queue) -> None:
    pages = corpus_pages()
    server = make_server(dict(pages[:limit] if limit else pages), big_mb)
    ports.put(server.server_port)
    server.serve_forever()


def serve_elsewhere(limit: int, big_mb: int) -> tuple[multiprocessing.Process, int]:
    """Serve the pages from a child process; return it and its port."""
    mp = multiprocessing.get_context("spawn")
    ports: multiprocessing.Queue = mp.Queue()
    child = mp.Process(target=_serve_child, args=(limit, big_mb, ports), daemon=True)
    child.start()
    return child, ports.get(timeout=60)


def time_archive(work: Path, name: str, base: str, pages: list[tuple[str, bytes]]) -> tuple:
    ctx = init_case(work / name, title="bench")
    for page, _ in pages:
        add_source(ctx, url=base + page)
    t0 = time.perf_counter()
    outcomes = archive_sources(ctx, allow_private=True)
    seconds = time.perf_counter() - t0
    ctx.close()
    return seconds, sum(1 for o in outcomes if o.snapshot is not None)


def time_extraction(base: str, pages: list[tuple[str, bytes]]) -> float:
    t0 = time.perf_counter()
    for name, html in pages:
        extract_html(html, base + name)
    return time.perf_counter() - t0


def time_trafilatura(base: str, pages: list[tuple[str, bytes]]) -> float:
    """trafilatura alone, with the options verify gives it (no additions, no visible layer)."""
    import warnings

    import trafilatura
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, html in pages:
            trafilatura.bare_extraction(
                trafilatura.load_html(html), url=base + name, with_metadata=True,
                include_comments=False, include_tables=True, config=config,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )  # fmt: skip
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds (best is reported)")
    parser.add_argument("--big", type=int, default=0, help="also archive one response of N MB")
    args = parser.parse_args()
    pages = corpus_pages()
    if args.limit:
        pages = pages[: args.limit]
    child, port = serve_elsewhere(args.limit, args.big)
    base = f"http://127.0.0.1:{port}/"
    work = Path(tempfile.mkdtemp(prefix="bench-archive-"))
    try:
        time_extraction(base, pages[:5])  # warm-up: imports, first-use set-up, connections
        time_archive(work, "warm", base, pages[:5])
        rounds = []
        alone = []
        for index in range(max(1, args.repeat)):
            traf_s = time_trafilatura(base, pages)
            extract_s = time_extraction(base, pages)
            archive_s, ok = time_archive(work, f"case{index}", base, pages)
            rounds.append((archive_s, extract_s))
            alone.append((archive_s, traf_s))
            print(f"round {index + 1}: archive {archive_s:.2f} s, extraction alone "
                  f"{extract_s:.2f} s, ratio {archive_s / extract_s:.2f}; trafilatura alone "
                  f"{traf_s:.2f} s, ratio {archive_s / traf_s:.2f}")  # fmt: skip
        archive_s = min(a for a, _ in rounds)
        extract_s = min(e for _, e in rounds)
        raw = sum(len(h) for _, h in pages)
        case = work / f"case{len(rounds) - 1}"
        objects = sum(p.stat().st_size for p in (case / "cache" / "objects").rglob("*")
                      if p.is_file())  # fmt: skip
        db = sum(p.stat().st_size for p in (case / "cache").glob("verify.sqlite3*"))
        print(f"pages: {len(pages)} archived: {ok}")
        print(f"archive (best of {len(rounds)}): {archive_s:.2f} s = "
              f"{len(pages) / archive_s:.1f} pages/s")  # fmt: skip
        print(f"trafilatura extraction alone (best of {len(rounds)}): {extract_s:.2f} s")
        ratio = statistics.median(a / e for a, e in rounds)
        print(f"ratio archive / extraction: {ratio:.2f} median of rounds, "
              f"{archive_s / extract_s:.2f} of the best times (target <= 1.3)")  # fmt: skip
        traf_best = min(t for _, t in alone)
        print(f"trafilatura alone (best of {len(alone)}): {traf_best:.2f} s; ratio archive / "
              f"trafilatura alone: {statistics.median(a / t for a, t in alone):.2f} median of "
              f"rounds, {archive_s / traf_best:.2f} of the best times")  # fmt: skip
        print(f"raw pages: {raw / 1e6:.1f} MB; objects: {objects / 1e6:.1f} MB "
              f"({objects / raw:.0%} of raw); index: {db / 1e6:.2f} MB")  # fmt: skip
        if args.big:
            ctx = init_case(work / "big", title="big")
            add_source(ctx, url=base + "big")
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            t0 = time.perf_counter()
            [outcome] = archive_sources(ctx, allow_private=True)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(json.dumps({
                "big_mb": args.big, "status": outcome.status, "seconds": round(time.perf_counter() - t0, 2),
                "payload_size": outcome.snapshot.payload_size if outcome.snapshot else None,
                "peak_rss_mb_before": round(before), "peak_rss_mb_after": round(peak),
            }))  # fmt: skip
            ctx.close()
    finally:
        child.terminate()
        child.join()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
