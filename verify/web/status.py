"""The stable status names of an availability check (the JSON field ``status``)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["CheckStatus", "ERROR_STATUSES", "UNVERIFIABLE_STATUSES"]


class CheckStatus(StrEnum):
    """What a check found. The values are a public contract: never rename one.

    Live checks:

    - ``ok``: the page answered 2xx and no detector fired.
    - ``redirected``: ok after one or more redirects (the chain is kept, each hop marked
      permanent or temporary).
    - ``soft_404``: a 2xx page that is really a "not found" page (two signals, one strong).
    - ``not_found``: 404 (and other 4xx that are not listed below).
    - ``gone``: 410.
    - ``server_error``: 5xx.
    - ``rate_limited``: 429 (after the retries allowed).
    - ``blocked``: bot protection or a plain 403/451/999: *could not verify*, not broken.
    - ``login_required``: 401/407, or a login form where the page should be.
    - ``paywall``: JSON-LD ``isAccessibleForFree: false``, or a redirect to a login page.
    - ``consent_wall``: a redirect to a consent host (consent.google.com, a CMP host, ...).
    - ``parked``: a domain-parking page or a redirect to a parking/for-sale host.
    - ``dns_failure``: the host name does not exist (said only while a well-known name,
      the ``dns_control_host`` setting, still resolves); ``dns_error``: DNS failed for now
      for this name, such as a lookup that gave no answer within ``connect_timeout`` (a
      lookup has its own bound, so it is not ``timeout``, which is about the server, and it
      is not retried).
    - ``network_error``: the computer making the check had no working network: the name did
      not resolve and neither did the control name, or no connection could be made and none
      to the control host either. Nothing is known about the source: the check could not be
      made.
    - ``connection_failed``: no TCP connection (refused, reset, unreachable) while the
      network itself works.
    - ``timeout``: the connect/read timeout or the total deadline passed.
    - ``tls_error``: the certificate was refused (``tls_detail`` says expired, wrong_host,
      untrusted or other). Trusted are the default CA bundle and the ``ca_bundle`` setting.
    - ``redirect_loop``, ``too_many_redirects``: the redirect chain never ended.
    - ``too_large``: the body (or its decompression) passed ``max_body``.
    - ``truncated``: the body ended before its declared length, or the connection closed
      mid-body: what arrived is kept (the WARC says ``WARC-Truncated: disconnect``), but it is
      not the whole page, so it is never ``ok``.
    - ``invalid_url``: not an http(s) URL we can fetch.
    - ``refused``: our own safety policy refused it (a private or loopback address).

    Archive lookups (a past ``as_of`` date):

    - ``archived``: at least one capture was found (see ``captures``).
    - ``not_archived``: the archives answered, and had no capture.
    - ``archive_unreachable``: no archive could be asked.
    """

    OK = "ok"
    REDIRECTED = "redirected"
    SOFT_404 = "soft_404"
    NOT_FOUND = "not_found"
    GONE = "gone"
    SERVER_ERROR = "server_error"
    RATE_LIMITED = "rate_limited"
    BLOCKED = "blocked"
    LOGIN_REQUIRED = "login_required"
    PAYWALL = "paywall"
    CONSENT_WALL = "consent_wall"
    PARKED = "parked"
    DNS_FAILURE = "dns_failure"
    DNS_ERROR = "dns_error"
    NETWORK_ERROR = "network_error"
    CONNECTION_FAILED = "connection_failed"
    TIMEOUT = "timeout"
    TLS_ERROR = "tls_error"
    REDIRECT_LOOP = "redirect_loop"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    TOO_LARGE = "too_large"
    TRUNCATED = "truncated"
    INVALID_URL = "invalid_url"
    REFUSED = "refused"
    ARCHIVED = "archived"
    NOT_ARCHIVED = "not_archived"
    ARCHIVE_UNREACHABLE = "archive_unreachable"


#: Statuses that come from a failed fetch (no usable final response).
ERROR_STATUSES = frozenset(
    {
        CheckStatus.DNS_FAILURE,
        CheckStatus.DNS_ERROR,
        CheckStatus.NETWORK_ERROR,
        CheckStatus.CONNECTION_FAILED,
        CheckStatus.TIMEOUT,
        CheckStatus.TLS_ERROR,
        CheckStatus.REDIRECT_LOOP,
        CheckStatus.TOO_MANY_REDIRECTS,
        CheckStatus.TOO_LARGE,
        CheckStatus.INVALID_URL,
        CheckStatus.REFUSED,
    }
)

#: Statuses meaning "we could not see the page", not "the page is broken".
UNVERIFIABLE_STATUSES = frozenset(
    {
        CheckStatus.BLOCKED,
        CheckStatus.RATE_LIMITED,
        CheckStatus.LOGIN_REQUIRED,
        CheckStatus.PAYWALL,
        CheckStatus.CONSENT_WALL,
        CheckStatus.REFUSED,
        CheckStatus.TIMEOUT,
        CheckStatus.DNS_ERROR,
        CheckStatus.NETWORK_ERROR,
        CheckStatus.ARCHIVE_UNREACHABLE,
    }
)
