"""Benchmark `verify archive` on the ~250 corpus pages served locally.

    .venv/bin/python benchmarks/bench_archive.py [--limit N] [--big MB]

Prints pages per second, the time trafilatura's extraction alone takes on the same pages, their
ratio (target: archive <= 1.3x extraction alone), and the store's size against the raw pages.
``--big MB`` also serves one response of that many MB and reports the peak memory (RSS) of
archiving it with the default 50 MB cap (it must stop at the cap as too_large, under 150 MB).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import shutil
import sys
import tempfile
import threading
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


def serve(routes: dict[str, bytes], big_mb: int) -> ThreadingHTTPServer:
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
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--big", type=int, default=0, help="also archive one response of N MB")
    args = parser.parse_args()
    pages = corpus_pages()
    if args.limit:
        pages = pages[: args.limit]
    routes = {name: html for name, html in pages}
    server = serve(routes, args.big)
    base = f"http://127.0.0.1:{server.server_port}/"
    work = Path(tempfile.mkdtemp(prefix="bench-archive-"))
    try:
        ctx = init_case(work / "case", title="bench")
        for name, _ in pages:
            add_source(ctx, url=base + name)
        t0 = time.perf_counter()
        outcomes = archive_sources(ctx, allow_private=True)
        archive_s = time.perf_counter() - t0
        ok = sum(1 for o in outcomes if o.snapshot is not None)
        t0 = time.perf_counter()
        for name, html in pages:
            extract_html(html, base + name)
        extract_s = time.perf_counter() - t0
        raw = sum(len(h) for _, h in pages)
        objects = sum(p.stat().st_size for p in (work / "case" / "cache" / "objects").rglob("*")
                      if p.is_file())  # fmt: skip
        db = sum(p.stat().st_size for p in (work / "case" / "cache").glob("verify.sqlite3*"))
        print(f"pages: {len(pages)} archived: {ok}")
        print(f"archive: {archive_s:.2f} s = {len(pages) / archive_s:.1f} pages/s")
        print(f"trafilatura extraction alone: {extract_s:.2f} s")
        print(f"ratio archive / extraction: {archive_s / extract_s:.2f} (target <= 1.3)")
        print(f"raw pages: {raw / 1e6:.1f} MB; objects: {objects / 1e6:.1f} MB "
              f"({objects / raw:.0%} of raw); index: {db / 1e6:.2f} MB")  # fmt: skip
        ctx.close()
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
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
