"""A case of real corpus pages archived by verify and exported, for the replay-tool tests.

Fifteen article pages from ../shared/corpus/pages-scrapinghub are served by a local server
(every third one gzip-encoded, as transferred), plus one URL that redirects to a page; each is
archived, one is archived again (a revisit record), and the case is exported as a WACZ. The
replay tests then ask pywb and ReplayWeb.page for every snapshot.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from verify.cli import main
from verify.steps.case import open_case
from verify.steps.snapshots import Snapshot, list_snapshots
from verify.timeutil import fixed_clock

from ..conftest import shared_path
from .conftest import Site, reply

PAGES = 15


@dataclass
class Archived:
    case: Path
    wacz: Path
    snapshots: list[Snapshot]
    #: What the local server sent for each URL: the body bytes as transferred.
    sent: dict[str, bytes] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # final URL -> the page's <title>
    redirects: dict[str, str] = field(default_factory=dict)  # from -> to

    def warc(self, snap: Snapshot) -> Path:
        digest = snap.warc_sha256
        return self.case / "cache" / "objects" / "sha256" / digest[:2] / digest[2:]


def _title(html: bytes) -> str:
    match = re.search(rb"<title[^>]*>(.*?)</title>", html, re.S | re.I)
    text = match.group(1).decode("utf-8", "replace") if match else ""
    return " ".join(unescape(text).split())


def corpus_pages(count: int = PAGES) -> list[tuple[str, bytes]]:
    """``count`` corpus pages that have a <title> (the ReplayWeb.page test looks for it)."""
    zyte = shared_path("corpus", "pages-scrapinghub")
    truth = json.loads((zyte / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for key in sorted(truth):
        html = gzip.decompress((zyte / "html" / f"{key}.html.gz").read_bytes())
        if _title(html) and len(_title(html)) > 8:
            out.append((key, html))
        if len(out) == count:
            break
    return out


def build(root: Path) -> tuple[Archived, Site]:
    """Serve, archive and export; the caller shuts the site down."""
    pages = corpus_pages()
    site = Site()
    threading.Thread(target=site.server.serve_forever, daemon=True).start()
    case = root / "case"
    clock = fixed_clock("2024-02-02T09:00:00Z", step_seconds=1)
    archived = Archived(case, root / "case.wacz", [])
    assert main(["init", str(case), "--title", "Repris", "--officer", "T"], clock=clock) == 0
    urls = []
    for i, (key, html) in enumerate(pages):
        path = f"/articles/{i}/{key[:12]}"
        if i % 3 == 0:
            packed = gzip.compress(html, mtime=0)
            site.routes[path] = lambda h, b=packed: reply(
                h, 200, b, "text/html; charset=utf-8", {"Content-Encoding": "gzip"}
            )
            archived.sent[site.url(path)] = packed
        else:
            site.page(path, html)
            archived.sent[site.url(path)] = html
        archived.titles[site.url(path)] = _title(html)
        urls.append(site.url(path))
    # A source whose URL redirects: the snapshot's final page is the article.
    start = site.redirect("/moved", urls[1])
    archived.redirects[start] = urls[1]
    for url in [*urls, start]:
        assert main(["--case", str(case), "source", "add", url], clock=clock) == 0
    assert main(["--case", str(case), "archive", "--allow-private"], clock=clock) == 0
    # The same page again: its snapshot is a revisit record.
    assert main(["--case", str(case), "archive", "--allow-private", "S3"], clock=clock) == 0
    assert main(["--case", str(case), "export", "--wacz", str(archived.wacz)], clock=clock) == 0
    with open_case(case) as ctx:
        archived.snapshots = list_snapshots(ctx)
    return archived, site


TYPES = {".js": "application/javascript", ".html": "text/html; charset=utf-8",
         ".wacz": "application/wacz+zip"}  # fmt: skip


class RangeFiles:
    """A static file server on 127.0.0.1 that answers HTTP Range requests (206), as
    ReplayWeb.page needs to read a WACZ in pieces; ``files`` maps URL paths to files."""

    def __init__(self, files: dict[str, Path]) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.files = files
        served = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(self, body: bool) -> None:
                path = served.files.get(self.path.split("?", 1)[0].split("#", 1)[0])
                if path is None:
                    self.send_error(404)
                    return
                size = path.stat().st_size
                start, end = 0, size - 1
                wanted = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
                if wanted and (wanted.group(1) or wanted.group(2)):
                    if wanted.group(1):
                        start = int(wanted.group(1))
                        end = min(int(wanted.group(2) or end), end)
                    else:
                        start = max(size - int(wanted.group(2)), 0)
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
                else:
                    self.send_response(200)
                kind = TYPES.get(path.suffix, "application/octet-stream")
                self.send_header("Content-Type", kind)
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("Content-Length", str(end - start + 1))
                self.end_headers()
                if not body:
                    return
                with path.open("rb") as handle:
                    handle.seek(start)
                    left = end - start + 1
                    while left > 0 and (piece := handle.read(min(left, 1 << 16))):
                        self.wfile.write(piece)
                        left -= len(piece)

            def do_GET(self) -> None:
                try:
                    self._send(True)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_HEAD(self) -> None:
                self._send(False)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
