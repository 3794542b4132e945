"""Local servers for the web tests: real sockets on 127.0.0.1, port 0, no internet."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from verify.config import Settings
from verify.timeutil import fixed_clock
from verify.web.client import HttpClient

Handler = Callable[[BaseHTTPRequestHandler], None]


def page(title: str, body: str = "", h1: str | None = None, head: str = "") -> bytes:
    """A small HTML page."""
    heading = f"<h1>{h1}</h1>" if h1 else ""
    filler = body or " ".join(["Detta är en vanlig artikel om kommunens budget."] * 20)
    return (
        f"<!doctype html><html><head><title>{title}</title>{head}</head>"
        f"<body>{heading}<p>{filler}</p></body></html>"
    ).encode()


def send(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    ctype: str = "text/html; charset=utf-8",
) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        h.send_header(key, value)
    h.end_headers()
    if h.command != "HEAD":
        h.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client closing early is part of the tests


class Site:
    """A server whose routes are functions; unknown paths get ``fallback`` (404 by default)."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.prefixes: dict[str, Handler] = {}
        self.fallback: Handler = lambda h: send(h, 404, page("Not here", h1="Not here"))
        self.hits: dict[str, int] = {}
        site = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                site.hits[path] = site.hits.get(path, 0) + 1
                handler = site.routes.get(path)
                if handler is None:
                    for prefix, h in site.prefixes.items():
                        if path.startswith(prefix):
                            handler = h
                            break
                try:
                    (handler or site.fallback)(self)
                except OSError:
                    pass  # the client went away (a deadline, a cap): expected

            do_HEAD = do_GET

        self.server = _QuietServer(("127.0.0.1", 0), H)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _drip(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "1000")
    h.end_headers()
    for _ in range(1000):
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(1.0)


def _gzip_bomb(h: BaseHTTPRequestHandler) -> None:
    body = gzip.compress(b"<html>" + b" " * (8 * 1024 * 1024), compresslevel=9, mtime=0)
    send(h, 200, body, {"Content-Encoding": "gzip"})


def _retry_once() -> Handler:
    state = {"n": 0}

    def handler(h: BaseHTTPRequestHandler) -> None:
        state["n"] += 1
        if state["n"] == 1:
            send(h, 429, b"slow down", {"Retry-After": "1"}, "text/plain")
        else:
            send(h, 200, page("Efter väntan"))

    return handler


def standard_site() -> Site:
    """The site with a route per status the checks must tell apart."""
    site = Site()
    r = site.route
    r("/", lambda h: send(h, 200, page("Startsida", h1="Välkommen")))
    r("/ok", lambda h: send(h, 200, page("Budget 2024", h1="Budget 2024")))
    r("/docs/report", lambda h: send(h, 200, page("Rapport", h1="Rapport om skolan")))
    r("/moved", lambda h: send(h, 301, b"", {"Location": "/ok"}))
    r("/temp", lambda h: send(h, 302, b"", {"Location": "/moved"}))
    r("/404", lambda h: send(h, 404, page("Not found", h1="Not found")))
    r("/410", lambda h: send(h, 410, page("Gone")))
    r("/500", lambda h: send(h, 500, b"boom", ctype="text/plain"))
    r("/429", lambda h: send(h, 429, b"slow", {"Retry-After": "120"}, "text/plain"))
    r("/retry", _retry_once())
    r("/drip", _drip)
    r("/bomb", _gzip_bomb)
    r("/big", lambda h: send(h, 200, b"a" * 300_000, ctype="text/plain"))
    r("/loop/a", lambda h: send(h, 302, b"", {"Location": "/loop/b"}))
    r("/loop/b", lambda h: send(h, 302, b"", {"Location": "/loop/a"}))
    for i in range(12):
        r(f"/chain/{i}", lambda h, i=i: send(h, 302, b"", {"Location": f"/chain/{i + 1}"}))
    r(
        "/nyheter/sidan-finns-inte",
        lambda h: send(h, 200, page("Sidan kunde inte hittas", h1="Sidan kunde inte hittas")),
    )
    r(
        "/nyheter/artikel",
        lambda h: send(
            h, 200, page("Flygplanet hittades inte – Nyheter", h1="Flygplanet not found")
        ),
    )
    r(
        "/challenge",
        lambda h: send(
            h,
            403,
            b"<html><head><title>Just a moment...</title></head><body>"
            b"<script src='/cdn-cgi/challenge-platform/h/b/orchestrate'></script></body></html>",
            {"cf-mitigated": "challenge", "Server": "cloudflare"},
        ),
    )
    r(
        "/parked",
        lambda h: send(
            h,
            200,
            page("example.se is for sale", "This domain is for sale! Buy this domain today."),
        ),
    )
    jsonld = (
        '<script type="application/ld+json">{"@context":"https://schema.org",'
        '"@type":"NewsArticle","headline":"Skatter","isAccessibleForFree":false,'
        '"hasPart":{"@type":"WebPageElement","isAccessibleForFree":"False",'
        '"cssSelector":".paywall"}}</script>'
    )
    r("/premium/artikel", lambda h: send(h, 200, page("Skatter", head=jsonld)))
    r(
        "/consent",
        lambda h: send(h, 302, b"", {"Location": "https://consent.google.com/ml?continue=x"}),
    )
    r("/private", lambda h: send(h, 302, b"", {"Location": "/login?next=/private"}))
    r(
        "/login",
        lambda h: send(
            h, 200, page("Logga in", h1="Logga in", body="<input type='password' name='pw'>")
        ),
    )
    r("/auth", lambda h: send(h, 401, b"who?", {"WWW-Authenticate": "Basic"}, "text/plain"))
    site.prefixes["/gammal/"] = lambda h: send(h, 302, b"", {"Location": "/"})
    r("/empty/page", lambda h: send(h, 200, b"<html><head><title>404</title></head></html>"))
    return site


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    s = standard_site()
    yield s
    s.close()


@pytest.fixture(scope="module")
def catchall() -> Iterator[Site]:
    """A site that serves its home page for any path."""
    s = Site()
    home = page("Kommunen", h1="Välkommen till kommunen")
    s.fallback = lambda h: send(h, 200, home)
    yield s
    s.close()


def make_settings(**changes: object) -> Settings:
    base: dict[str, object] = {
        "allow_private": True,
        "connect_timeout": 1.0,
        "read_timeout": 1.0,
        "deadline": 2.0,
        "retries": 0,
        "retry_after_cap": 2.0,
        "max_body": 1_000_000,
        "host_delay": 0.0,
        "memento_timegates": (),
    }
    base.update(changes)
    return Settings(**base)  # type: ignore[arg-type]


CLOCK = "2024-03-01T10:00:00Z"


@pytest.fixture
def clock() -> Callable[[], object]:
    return fixed_clock(CLOCK)


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with HttpClient(make_settings(), fixed_clock(CLOCK)) as c:
        yield c


class ArchiveServer:
    """CDX and Memento TimeGate answers in the documented formats, from a capture list."""

    def __init__(self, captures: dict[str, list[tuple[str, str]]]) -> None:
        self.captures = captures  # url -> [(timestamp, statuscode)], ascending
        self.mode = "ok"
        self.requests: list[str] = []
        self.site = Site()
        self.site.prefixes["/cdx"] = self._cdx
        self.site.prefixes["/timegate/"] = self._timegate

    @property
    def cdx(self) -> str:
        return self.site.url("/cdx/search/cdx")

    @property
    def timegate(self) -> str:
        return self.site.url("/timegate/")

    def _cdx(self, h: BaseHTTPRequestHandler) -> None:
        self.requests.append(h.path)
        if self.mode == "down":
            send(h, 503, b"unavailable", ctype="text/plain")
            return
        q = {k: v[0] for k, v in parse_qs(urlsplit(h.path).query).items()}
        fields = q.get("fl", "urlkey,timestamp,original,mimetype,statuscode,digest,length")
        names = fields.split(",")
        rows = [
            (ts, code)
            for ts, code in self.captures.get(q["url"], [])
            if q.get("from", "0") <= ts <= q.get("to", "99999999999999")
        ]
        limit = int(q.get("limit", "10000"))
        rows = rows[limit:] if limit < 0 else rows[:limit]
        if not rows:
            send(h, 200, b"[]", ctype="application/json")
            return
        values = {
            "urlkey": "x",
            "original": q["url"],
            "mimetype": "text/html",
            "digest": "ABCDEF",
            "length": "1234",
        }
        out = [names] + [
            [{"timestamp": ts, "statuscode": code}.get(n, values.get(n, "")) for n in names]
            for ts, code in rows
        ]
        send(h, 200, json.dumps(out).encode(), ctype="application/json")

    def _timegate(self, h: BaseHTTPRequestHandler) -> None:
        self.requests.append(h.path)
        self.accept_datetime = h.headers.get("Accept-Datetime")
        if self.mode == "down":
            send(h, 503, b"unavailable", ctype="text/plain")
            return
        original = h.path[len("/timegate/") :]
        caps = self.captures.get(original, [])
        if not caps:
            send(h, 404, b"no mementos", ctype="text/plain")
            return
        base = self.site.url("/memento/")

        def dt(ts: str) -> str:
            from datetime import UTC, datetime
            from email.utils import format_datetime

            moment = datetime.strptime(ts, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
            return format_datetime(moment, usegmt=True)

        chosen = caps[0][0]
        links = [
            f'<{original}>; rel="original"',
            f'<{base}{caps[0][0]}/{original}>; rel="first memento"; datetime="{dt(caps[0][0])}"',
            f'<{base}{caps[-1][0]}/{original}>; rel="last memento"; datetime="{dt(caps[-1][0])}"',
            f'<{base}{chosen}/{original}>; rel="memento"; datetime="{dt(chosen)}"',
        ]
        send(
            h,
            302,
            b"",
            {
                "Location": f"{base}{chosen}/{original}",
                "Link": ", ".join(links),
                "Vary": "accept-datetime",
            },
        )

    def close(self) -> None:
        self.site.close()
