"""URL validation and normalisation (pure).

A URL that verify may record or fetch is http or https, has a host, has no white space and is
at most :data:`MAX_URL_LENGTH` characters. A bare domain ("dagenssamhalle.se/sida") is read as
https. Normalising lower-cases the scheme and host, encodes an international host name with
IDNA, drops the default port and the fragment, and leaves path and query as written.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

from .errors import InvalidURLError

__all__ = ["MAX_URL_LENGTH", "domain_of", "host_key", "looks_like_domain", "normalize_url"]

MAX_URL_LENGTH = 4096

_SPACE = re.compile(r"\s")  # str.isspace's characters
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_BARE_DOMAIN = re.compile(
    r"^(?:[\w-]+\.)+[a-z]{2,24}(?::\d{1,5})?(?:[/?#]\S*)?$", re.IGNORECASE | re.UNICODE
)


def looks_like_domain(text: str) -> bool:
    """Whether ``text`` is a bare host name with an optional path, such as ``www.x.se/sida``."""
    return bool(_BARE_DOMAIN.match(text)) and not text.startswith("-")


def _host(raw: str, url: str) -> str:
    host = raw.rstrip(".").lower()
    if not host:
        raise InvalidURLError(url, "it has no host name")
    literal = host.strip("[]")
    if ":" in literal:  # an IPv6 literal: checked by the HTTP client's address policy
        try:
            return f"[{ipaddress.IPv6Address(literal.split('%', 1)[0]).compressed}]"
        except ValueError:
            raise InvalidURLError(url, "the IPv6 address is not valid") from None
    if host.isascii():  # IDNA leaves an ASCII name as it is; the label check below suffices
        ascii_host = host
    else:
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise InvalidURLError(url, "the host name is not valid") from exc
    labels = ascii_host.split(".")
    if not all(_LABEL.match(label) for label in labels):
        raise InvalidURLError(url, "the host name is not valid")
    return ascii_host


def normalize_url(url: str) -> str:
    """The canonical form of ``url``, or :class:`InvalidURLError` saying what is wrong."""
    if not isinstance(url, str) or not url.strip():
        raise InvalidURLError(str(url), "it is empty")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidURLError(url, f"it is longer than {MAX_URL_LENGTH} characters")
    text = url.strip()
    if _SPACE.search(text):
        raise InvalidURLError(url, "it contains spaces; write them as %20")
    if _CONTROL.search(text):
        raise InvalidURLError(url, "it contains control characters")
    match = _SCHEME.match(text)
    if match and not (looks_like_domain(text) and match.group(1).isdigit()):
        scheme = match.group(1).lower()
        if scheme not in ("http", "https"):
            raise InvalidURLError(url, f"only http and https links can be checked, not {scheme}:")
    elif looks_like_domain(text):
        text = "https://" + text
    else:
        raise InvalidURLError(url, "it is not a web address (expected https://...)")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidURLError(url, str(exc)) from exc
    if parts.username is not None or parts.password is not None:
        raise InvalidURLError(url, "it carries a user name or password")
    host = _host(parts.hostname or "", url)
    scheme = parts.scheme.lower()
    netloc = host
    if port is not None and not (
        (scheme == "http" and port == 80) or (scheme == "https" and port == 443)
    ):
        netloc = f"{host}:{port}"
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def host_key(url: str) -> str:
    """The host and port of a URL as written, lower-cased: what per-host limits count by."""
    try:
        return urlsplit(url).netloc.lower() or url
    except ValueError:
        return url


def domain_of(url: str) -> str:
    """The registrable-looking host of a normalised URL, without ``www.``."""
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host
