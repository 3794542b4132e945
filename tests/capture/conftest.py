"""A local site for the capture tests: real sockets on 127.0.0.1, port 0, fixed Date header."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

Route = Callable[[BaseHTTPRequestHandler], None]


def reply(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    ctype: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        h.send_header(key, value)
    h.end_headers()
    if h.command != "HEAD":
        h.wfile.write(body)


class Site:
    """Routes by path; anything else is a 404 page."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.delay = 0.0
        site = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def date_time_string(self, timestamp: float | None = None) -> str:
                return "Fri, 02 Feb 2024 09:00:00 GMT"

            def version_string(self) -> str:
                return "TestServer/1.0"

            def do_GET(self) -> None:
                if site.delay:
                    time.sleep(site.delay)
                route = site.routes.get(urlsplit(self.path).path)
                try:
                    if route is None:
                        reply(self, 404, b"<html><title>Not found</title><h1>Not found</h1></html>")
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self.do_GET()

            do_HEAD = do_GET

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: bytes, ctype: str = "text/html; charset=utf-8",
             gzipped: bool = False) -> str:  # fmt: skip
        if gzipped:
            packed = gzip.compress(body, mtime=0)
            self.routes[path] = lambda h: reply(h, 200, packed, ctype, {"Content-Encoding": "gzip"})
        else:
            self.routes[path] = lambda h: reply(h, 200, body, ctype)
        return self.url(path)

    def redirect(self, path: str, to: str) -> str:
        self.routes[path] = lambda h: reply(h, 301, b"", "text/plain", {"Location": to})
        return self.url(path)


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    thread = threading.Thread(target=s.server.serve_forever, daemon=True)
    thread.start()
    yield s
    s.server.shutdown()
    s.server.server_close()


def article(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{text} Paragraph {i} of the report.</p>" for i in range(12))
    return (
        f'<!doctype html><html lang="sv"><head><title>{title}</title>'
        '<meta name="author" content="Anna Andersson">'
        '<meta property="article:published_time" content="2023-05-04">'
        f"</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


def objects_of(case: Path) -> list[Path]:
    root = case / "cache" / "objects" / "sha256"
    return sorted(p for p in root.rglob("*") if p.is_file())
