"""`verify archive` and `verify report` on hostile pages: time and peak memory.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_hostile_page.py            # 200,000 links; 1M nested divs

A local server (a thread of this process) serves a page of N links (about 8 MB) and a page of
a million nested ``<div>``; each is added to a fresh case and archived, then the report is
written, each command in a child process of its own whose wall time and peak RSS are printed.
Target (issue 11): each at most 30 s and 500 MB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHILD = (
    "import resource, sys, time; from verify.cli import main; t = time.monotonic(); "
    "code = main(sys.argv[1:]); "
    "print(f'RESULT {code} {time.monotonic() - t:.1f} "
    "{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}', file=sys.stderr)"
)


def pages(links: int, depth: int) -> dict[str, bytes]:
    return {
        "/links": (
            "<html><head><title>Links</title></head><body>"
            + "".join(f'<a href="/p{i}">länk nummer {i}</a> ' for i in range(links))
            + "</body></html>"
        ).encode(),
        "/deep": (
            "<html><head><title>Deep</title></head><body>" + "<div>" * depth
            + "40 procent vill återvandra." + "</div>" * depth + "</body></html>"
        ).encode(),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=200_000)
    parser.add_argument("--depth", type=int, default=1_000_000)
    args = parser.parse_args()
    served = pages(args.links, args.depth)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

        def do_GET(self) -> None:
            body = served.get(self.path, b"not here")
            self.send_response(200 if self.path in served else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}

    def verify(*argv: str) -> str:
        child = subprocess.run([sys.executable, "-c", CHILD, *argv], env=env,
                               capture_output=True, text=True, timeout=1200)  # fmt: skip
        line = next((x for x in child.stderr.splitlines() if x.startswith("RESULT")), "")
        return line.removeprefix("RESULT ") or child.stderr.strip()[-200:]

    print(f"{'page':8} {'MB':>6} {'step':8} {'exit':>4} {'seconds':>8} {'peak RSS MB':>11}")
    for path, body in served.items():
        with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
            case = str(Path(tmp) / "case")
            verify("init", case)
            (Path(case) / "verify.toml").write_text("allow_private = true\n", encoding="utf-8")
            verify("source", "add", base + path, "--case", case)
            for step in ("archive", "report"):
                code, seconds, rss = (verify(step, "--case", case).split() + ["?", "?", "?"])[:3]
                print(f"{path:8} {len(body) / 1e6:>6.1f} {step:8} {code:>4} {seconds:>8} {rss:>11}")
    server.shutdown()


if __name__ == "__main__":
    main()
