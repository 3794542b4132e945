"""Status classification of a fetched page (pure: no I/O).

:func:`classify` takes the :class:`~verify.web.exchange.Exchange`, the
:class:`~verify.web.page.PageInfo` read from the final body and the outcomes of the soft-404
probes, and returns a :class:`Classification`: a :class:`~verify.web.status.CheckStatus` and
the detector signals that fired (stable strings such as ``notfound_title`` or
``consent_host:consent.google.com``).

The fingerprints (consent hosts, parking hosts and phrases, bot-challenge markers, not-found
phrases) are module constants, so they can be extended and tested without a network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .exchange import Exchange, Hop
from .page import PageInfo
from .status import CheckStatus

__all__ = [
    "CHALLENGE_BODY_MARKERS",
    "CHALLENGE_TITLES",
    "CONSENT_HOSTS",
    "NOT_FOUND_PHRASES",
    "PARKING_BODY_MARKERS",
    "PARKING_HOSTS",
    "STRONG_SOFT404_SIGNALS",
    "Classification",
    "PageFingerprint",
    "chain_urls",
    "classify",
    "host_matches",
    "is_home_url",
    "is_login_url",
    "near_identical",
    "notfound_text",
    "soft404_signals",
]

#: Hosts that only serve cookie/consent walls (a redirect there means a consent wall).
CONSENT_HOSTS = (
    "consent.google.com",
    "consent.youtube.com",
    "consent.yahoo.com",
    "guce.yahoo.com",
    "guce.oath.com",
    "consent.aol.com",
    "myprivacy.dpgmedia.nl",
    "myprivacy.dpgmedia.be",
    "consent.trustarc.com",
    "consent.truste.com",
    "cmp.quantcast.com",
    "consent.cookiebot.com",
    "consentcdn.cookiebot.com",
    "consentmanager.net",
    "privacy-mgmt.com",
    "cdn.privacy-mgmt.com",
    "consent.dailymotion.com",
    "cmp.inmobi.com",
    "sourcepoint.mgr.consensu.org",
    "consensu.org",
)

#: Domain-parking and domain-marketplace hosts.
PARKING_HOSTS = (
    "sedo.com",
    "sedoparking.com",
    "bodis.com",
    "parkingcrew.net",
    "parkingcrew.com",
    "dan.com",
    "afternic.com",
    "hugedomains.com",
    "buydomains.com",
    "above.com",
    "parklogic.com",
    "undeveloped.com",
    "domainmarket.com",
    "atom.com",
    "squadhelp.com",
    "brandbucket.com",
    "uniregistry.com",
    "parked.com",
    "parkingpage.namecheap.com",
    "domainnamesales.com",
    "perfectdomain.com",
    "sav.com",
    "voodoo.com",
    "namebright.com",
    "domains.atom.com",
    "smartname.com",
    "dsultra.com",
    "trafficz.com",
    "skenzo.com",
)

#: Lower-case markers of a parking page in its markup (specific enough to match anywhere).
PARKING_BODY_MARKERS = (
    "this domain is for sale",
    "this domain may be for sale",
    "the domain name is for sale",
    "domain is for sale",
    "buy this domain",
    "denna domän är till salu",
    "domänen är till salu",
    "domänen kan vara till salu",
    "is parked free",
    "parked free, courtesy of",
    "sedoparking.com",
    "parkingcrew.net",
    "bodis.com/",
    "window.park",
    "/parking/js/",
    "domain parking",
    "this web page is parked",
    "hugedomains.com",
)

#: Titles of bot-protection challenge pages (lower case, compared after trimming).
CHALLENGE_TITLES = (
    "just a moment...",
    "just a moment",
    "attention required! | cloudflare",
    "please wait while your request is being verified",
    "pardon our interruption",
    "verifying you are human",
    "ddos-guard",
    "security check",
    "one more step",
    "are you a robot?",
    "human verification",
)

#: Lower-case markers of a vendor challenge in the markup of a 403/429/503 page.
CHALLENGE_BODY_MARKERS = (
    "/cdn-cgi/challenge-platform",
    "cf-chl-",
    "cf_chl_",
    "challenges.cloudflare.com",
    "_incapsula_resource",
    "incapsula incident id",
    "captcha-delivery.com",
    "geo.captcha-delivery",
    "px-captcha",
    "perimeterx",
    "sgcaptcha",
    "awswaf",
    "aws-waf-token",
    "ddos-guard",
    "akamai bot manager",
    "reference&#32;&#35;",
)

#: Headers whose presence on a 403/429/503 names a bot-protection vendor.
CHALLENGE_HEADERS = ("x-datadome", "x-iinfo", "x-px", "x-amzn-waf-action", "x-sucuri-block")

#: Not-found phrases (Swedish and English), matched in the title and main headings.
NOT_FOUND_PHRASES = (
    "sidan kunde inte hittas",
    "sidan hittades inte",
    "sidan du söker finns inte",
    "sidan du letar efter finns inte",
    "sidan du söker kunde inte hittas",
    "tyvärr kunde vi inte hitta sidan",
    "vi kunde inte hitta sidan",
    "kunde inte hitta sidan",
    "hittade inte sidan",
    "sidan finns inte",
    "sidan saknas",
    "felaktig sida",
    "page not found",
    "page cannot be found",
    "page can't be found",
    "page can’t be found",
    "page could not be found",
    "page does not exist",
    "page doesn't exist",
    "page doesn’t exist",
    "page you requested could not be found",
    "file not found",
    "404 not found",
    "error 404",
    "we can't find that page",
    "we couldn't find that page",
    "nothing was found",
)
#: Whole title/heading segments that mean "not found" on their own.
NOT_FOUND_EXACT = ("404", "not found", "error", "hittades inte", "oops", "hoppsan")

#: Path segments and host prefixes of login pages.
_LOGIN_PATH = re.compile(
    r"/(login|log-in|logon|signin|sign-in|logga-?in|inloggning|auth|sso|oauth2?|idp|"
    r"session/new|account/login|accounts/login|user/login|konto/logga-in|"
    r"authorize|saml)(/|\.|$|\?)",
    re.IGNORECASE,
)
_LOGIN_HOSTS = ("login.", "auth.", "sso.", "signin.", "accounts.", "account.", "id.", "konto.")
_LOGIN_WORDS = ("logga in", "log in", "login", "sign in", "inloggning", "anmelden")
_HOME_PATHS = {"", "/", "/index.html", "/index.htm", "/index.php", "/start", "/sv", "/en"}
_SEPARATORS = re.compile(r"\s[|–—·:»-]\s|\s\|\s?|\s-\s")

#: Soft-404 signals strong enough to count as the one strong signal required.
STRONG_SOFT404_SIGNALS = frozenset(
    {"notfound_title", "notfound_heading", "sibling_same", "redirect_to_home", "same_as_home"}
)
ALMOST_EMPTY_WORDS = 10


@dataclass(frozen=True)
class Classification:
    """A status and the detector signals that led to it."""

    status: CheckStatus
    signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageFingerprint:
    """Enough of a fetched page to compare it with another (soft-404 probes)."""

    url: str
    final_url: str
    status: int | None
    sha256: str
    title: str | None
    words: frozenset[str]

    @classmethod
    def of(cls, exchange: Exchange, page: PageInfo | None) -> PageFingerprint:
        """The fingerprint of a fetch and its parsed final page."""
        final = exchange.final
        return cls(
            url=exchange.url,
            final_url=exchange.final_url,
            status=final.status if final else None,
            sha256=final.body.sha256 if final else "",
            title=page.title if page else None,
            words=page.words if page else frozenset(),
        )


def host_matches(host: str, patterns: tuple[str, ...]) -> str | None:
    """The pattern ``host`` equals or is a subdomain of, if any."""
    host = host.lower().rstrip(".")
    for pattern in patterns:
        if host == pattern or host.endswith("." + pattern):
            return pattern
    return None


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _site(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


def is_home_url(url: str) -> bool:
    """Whether ``url`` is a site's home page (root path, no query)."""
    parts = urlsplit(url)
    return parts.path.rstrip("/").lower() in _HOME_PATHS and not parts.query


def is_login_url(url: str) -> bool:
    """Whether ``url`` looks like a login page (path or host)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if any(host.startswith(prefix) for prefix in _LOGIN_HOSTS):
        return True
    return bool(_LOGIN_PATH.search(parts.path + ("?" + parts.query if parts.query else "")))


def notfound_text(text: str | None) -> bool:
    """Whether a title or heading says "not found" (as its point, not in passing)."""
    if not text:
        return False
    low = " ".join(text.lower().split())
    segments = [s.strip(" !.,") for s in _SEPARATORS.split(low)] + [low.strip(" !.,")]
    for segment in segments:
        if not segment:
            continue
        if segment in NOT_FOUND_EXACT or re.match(r"^(error\s*)?404\b", segment):
            return True
        for phrase in NOT_FOUND_PHRASES:
            if phrase in segment and len(segment.split()) <= len(phrase.split()) + 4:
                return True
    return False


def near_identical(a: PageFingerprint, b: PageFingerprint) -> bool:
    """Whether two fetches gave the same page: same bytes, or same title and ~same words."""
    if a.status is None or b.status is None or a.status != b.status:
        return False
    if a.sha256 and a.sha256 == b.sha256:
        return True
    if a.title != b.title:
        return False
    if not a.words and not b.words:
        return True
    union = len(a.words | b.words)
    return union > 0 and len(a.words & b.words) / union >= 0.9


def soft404_signals(
    exchange: Exchange,
    page: PageInfo | None,
    sibling: PageFingerprint | None = None,
    home: PageFingerprint | None = None,
) -> tuple[str, ...]:
    """The soft-404 signals of a 2xx page (empty for a site's home page)."""
    if is_home_url(exchange.url):
        return ()
    signals: list[str] = []
    if page is not None:
        if notfound_text(page.title):
            signals.append("notfound_title")
        if any(notfound_text(h) for h in page.headings):
            signals.append("notfound_heading")
        if page.word_count < ALMOST_EMPTY_WORDS:
            signals.append("almost_empty")
    redirected = len(exchange.hops) > 1
    final_url = exchange.final_url
    if (
        redirected
        and is_home_url(final_url)
        and _site(_host(final_url)) == _site(_host(exchange.url))
    ):
        signals.append("redirect_to_home")
    if sibling is not None and sibling.status is not None and 200 <= sibling.status < 300:
        mine = PageFingerprint.of(exchange, page)
        same_landing = redirected and sibling.final_url == final_url
        if same_landing or near_identical(mine, sibling):
            signals.append("sibling_same")
            if home is not None and not redirected and near_identical(mine, home):
                signals.append("same_as_home")
    return tuple(signals)


def chain_urls(exchange: Exchange) -> list[str]:
    """The URLs the redirect chain led to after the first, including a Location not reached."""
    urls = [hop.url for hop in exchange.hops[1:]]
    last = exchange.final
    if last is not None and last.location:
        target = urljoin(last.url, last.location.strip())
        if target not in urls:
            urls.append(target)
    return urls


def _is_soft404(signals: tuple[str, ...]) -> bool:
    return len(signals) >= 2 and any(s in STRONG_SOFT404_SIGNALS for s in signals)


def _challenge(hop: Hop, page: PageInfo | None) -> str | None:
    mitigated = (hop.header("cf-mitigated") or "").lower()
    if mitigated == "challenge":
        return "cf_mitigated_challenge"
    if hop.status == 999:
        return "status_999"
    title = (page.title or "").strip().lower() if page else ""
    if title in CHALLENGE_TITLES:
        return f"challenge_title:{title}"
    if hop.status in (403, 429, 503):
        raw = page.raw_lower if page else ""
        for marker in CHALLENGE_BODY_MARKERS:
            if marker in raw:
                return f"vendor_challenge:{marker}"
        names = {k.lower() for k, _ in hop.response_headers}
        for header in CHALLENGE_HEADERS:
            if header in names:
                return f"vendor_header:{header}"
    return None


def _parking_text(page: PageInfo | None) -> str | None:
    if page is None:
        return None
    title = (page.title or "").lower()
    if "for sale" in title or "till salu" in title:
        return "parking_title"
    for marker in PARKING_BODY_MARKERS:
        if marker in page.raw_lower:
            return f"parking_text:{marker}"
    return None


def _looks_like_login(page: PageInfo | None, url: str) -> bool:
    if page is None or not page.has_password_field:
        return False
    texts = [page.title or "", *page.h1]
    return is_login_url(url) or any(w in t.lower() for t in texts for w in _LOGIN_WORDS)


def _by_status(code: int) -> tuple[CheckStatus, str] | None:
    if code == 404:
        return CheckStatus.NOT_FOUND, "http_404"
    if code == 410:
        return CheckStatus.GONE, "http_410"
    if code == 429:
        return CheckStatus.RATE_LIMITED, "http_429"
    if code in (401, 407):
        return CheckStatus.LOGIN_REQUIRED, f"http_{code}"
    if code in (403, 451, 999):
        return CheckStatus.BLOCKED, f"http_{code}"
    if 400 <= code < 500:
        return CheckStatus.NOT_FOUND, f"http_{code}"
    if code >= 500:
        return CheckStatus.SERVER_ERROR, f"http_{code}"
    return None


#: A page marked ``isAccessibleForFree: false`` is a paywall only when it shows fewer words than
#: this (a teaser); a page that serves the whole article is the article.
PAYWALL_TEASER_WORDS = 350


def classify(
    exchange: Exchange,
    page: PageInfo | None = None,
    *,
    sibling: PageFingerprint | None = None,
    home: PageFingerprint | None = None,
    decoded_too_large: bool = False,
) -> Classification:
    """The status of a fetch and the signals that fired (see the module docstring)."""
    chain = chain_urls(exchange)
    for url in chain:
        consent = host_matches(_host(url), CONSENT_HOSTS)
        if consent:
            return Classification(CheckStatus.CONSENT_WALL, (f"consent_host:{consent}",))
    for url in chain:
        parking = host_matches(_host(url), PARKING_HOSTS)
        if parking:
            return Classification(CheckStatus.PARKED, (f"parking_host:{parking}",))
    if not is_login_url(exchange.url) and any(is_login_url(u) for u in chain):
        return Classification(CheckStatus.PAYWALL, ("redirect_to_login",))
    if exchange.error is not None:
        signals = [f"error:{exchange.error}"]
        if exchange.tls_detail:
            signals.append(f"tls:{exchange.tls_detail}")
        return Classification(CheckStatus(exchange.error), tuple(signals))
    final = exchange.final
    if final is None:
        return Classification(CheckStatus.CONNECTION_FAILED, ("no_response",))
    if final.body.truncated and final.body.truncated_why == "disconnect":
        return Classification(CheckStatus.TRUNCATED, ("body_shorter_than_declared",))
    challenge = _challenge(final, page)
    if challenge:
        return Classification(CheckStatus.BLOCKED, (challenge,))
    mapped = _by_status(final.status)
    if mapped is not None:
        return Classification(mapped[0], (mapped[1],))
    if decoded_too_large:
        return Classification(CheckStatus.TOO_LARGE, ("decompressed_over_cap",))
    parked = _parking_text(page)
    if parked:
        return Classification(CheckStatus.PARKED, (parked,))
    if page is not None and page.accessible_for_free is False:
        if page.word_count < PAYWALL_TEASER_WORDS:
            return Classification(CheckStatus.PAYWALL, ("jsonld_not_free",))
        # Marked as not free, yet the whole text was served (a metered paywall that the
        # page itself lifts, or one enforced by script): what was captured is the article.
        paywall_note: tuple[str, ...] = ("jsonld_not_free_but_text_served",)
    else:
        paywall_note = ()
    if _looks_like_login(page, exchange.final_url):
        return Classification(CheckStatus.LOGIN_REQUIRED, ("login_form",))
    if 200 <= final.status < 300:
        signals = soft404_signals(exchange, page, sibling, home)
        if _is_soft404(signals):
            return Classification(CheckStatus.SOFT_404, signals)
    else:
        signals = (f"http_{final.status}",)
    signals = (*signals, *paywall_note)
    if len(exchange.hops) > 1:
        kinds = {"permanent" if h.status in (301, 308) else "temporary" for h in exchange.hops[:-1]}
        return Classification(
            CheckStatus.REDIRECTED, (*signals, *(f"redirect_{k}" for k in sorted(kinds)))
        )
    return Classification(CheckStatus.OK, tuple(signals))
