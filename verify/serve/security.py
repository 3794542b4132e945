"""What keeps other pages and other people out of the officer's desk.

Any page the officer's browser opens can try to reach a server on 127.0.0.1, so every request
passes these gates, in order (an ASGI middleware, before any route runs):

1. **Host allow-list** (DNS rebinding): the Host header must name this server as the officer
   reaches it (``127.0.0.1:PORT``, ``localhost:PORT``, ``[::1]:PORT``, or the ``--host``
   given); anything else is 421.
2. **Access token**: a random token per start, carried once in the first URL (``?token=``) and
   then in an HttpOnly, SameSite=Strict cookie. Without it: 401; with a wrong one: 403.
3. **Origin** on every state-changing request (anything but GET/HEAD): the Origin header, or
   else the Referer's origin, must be this server's; no header at all or another origin: 403.
4. **Size cap** on request bodies (uploads included): a declared Content-Length over the cap
   is 413 before anything is read, and a body that grows past it is cut off with 413.

CSRF tokens on forms are checked where forms are read (:func:`verify.serve.desk.action`),
since that needs the body. Every response carries a strict Content-Security-Policy and friends.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from .words import REFUSALS

__all__ = [
    "PAGE_CSP",
    "BodyTooLarge",
    "VIEW_CSP",
    "Gate",
    "Keys",
    "allowed_hosts",
    "new_keys",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Every page of the desk: scripts and styles only from the desk itself, nothing else loaded.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
#: Archived pages and note previews, shown only in a sandboxed frame of the desk: no scripts,
#: no external load, sandboxed even when opened on their own.
VIEW_CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-src about:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox"
)
SAFE_METHODS = ("GET", "HEAD")


@dataclass(frozen=True)
class Keys:
    """The secrets of one start: the access token and the forms' CSRF token."""

    token: str
    csrf: str

    def cookie_name(self, port: int) -> str:
        # Per port: two desks on one machine keep their cookies apart.
        return f"verify-desk-{port}"


def new_keys() -> Keys:
    """Fresh random secrets (256 bits each)."""
    return Keys(token=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32))


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values that name this server."""
    names = {"127.0.0.1", "localhost", "[::1]"}
    if host not in ("127.0.0.1", "localhost", "::1", ""):
        names.add(f"[{host}]" if ":" in host else host)
    return frozenset(f"{n}:{port}" for n in names) | frozenset(n for n in names if port == 80)


@dataclass
class Gate:
    """The ASGI middleware that applies the gates above to every HTTP request."""

    app: ASGIApp
    keys: Keys
    port: int
    hosts: frozenset[str]
    max_body: int

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        host = headers.get("host", "").lower()
        if host not in self.hosts:
            await _plain(send, 421, REFUSALS["421"])
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        given = query.get("token")
        if given is not None and scope["method"] in SAFE_METHODS:
            if not hmac.compare_digest(given.encode(), self.keys.token.encode()):
                await _plain(send, 403, REFUSALS["403"])
                return
            await self._enter(scope, send, query)
            return
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed cookie header is no token
            cookie = SimpleCookie()
        morsel = cookie.get(self.keys.cookie_name(self.port))
        if morsel is None:
            await _plain(send, 401, REFUSALS["401"])
            return
        if not hmac.compare_digest(morsel.value.encode(), self.keys.token.encode()):
            await _plain(send, 403, REFUSALS["403"])
            return
        if scope["method"] not in SAFE_METHODS and not self._same_origin(headers, host):
            await _plain(send, 403, REFUSALS["origin"])
            return
        declared = headers.get("content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_body
            except ValueError:
                await _plain(send, 400, REFUSALS["400"])
                return
            if too_big:
                await _plain(send, 413, REFUSALS["413"])
                return
        await self.app(scope, _capped(receive, self.max_body), _secured(send, scope["path"]))

    def _same_origin(self, headers: dict[str, str], host: str) -> bool:
        origin = headers.get("origin")
        if origin is None or origin == "null":
            referer = headers.get("referer")
            if not referer:
                return False
            parts = urlsplit(referer)
            origin = f"{parts.scheme}://{parts.netloc}"
        return origin.lower() == f"http://{host}"

    async def _enter(self, scope: Scope, send: Send, query: dict[str, str]) -> None:
        """The first URL: set the cookie and send the browser on without the token in it."""
        rest = {k: v for k, v in query.items() if k != "token"}
        location = scope["path"] + (f"?{urlencode(rest)}" if rest else "")
        cookie = (
            f"{self.keys.cookie_name(self.port)}={self.keys.token}; Path=/; HttpOnly; "
            "SameSite=Strict"
        )
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", location.encode("latin-1")),
                    (b"set-cookie", cookie.encode("latin-1")),
                    (b"cache-control", b"no-store"),
                    (b"referrer-policy", b"same-origin"),
                    (b"content-length", b"0"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})


class BodyTooLarge(Exception):
    """A request body grew past the cap while it was read."""


def _capped(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def capped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return capped


def _secured(send: Send, path: str) -> Send:
    """Add the security headers to every response (a route may set its own CSP)."""

    async def secured(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {k.lower() for k, _ in headers}
            extra = [
                (b"content-security-policy", PAGE_CSP.encode()),
                (b"x-content-type-options", b"nosniff"),
                (b"referrer-policy", b"same-origin"),
                (b"x-frame-options", b"DENY"),
                (b"cache-control", b"no-store"),
                (b"cross-origin-opener-policy", b"same-origin"),
                (b"cross-origin-resource-policy", b"same-origin"),
            ]
            for name, value in extra:
                if name not in names:
                    headers.append((name, value))
            message = {**message, "headers": headers}
        await send(message)

    return secured


def _headers(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        key = name.decode("latin-1").lower()
        text = value.decode("latin-1")
        out[key] = f"{out[key]}; {text}" if key == "cookie" and key in out else text
    return out


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", b"default-src 'none'"),
                (b"x-content-type-options", b"nosniff"),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
