"""Footnotes: find them in plain text, link their markers, parse their text into a reference.

In text from a PDF a footnote stands at the foot of its page ("\\n1 Svalt intresse ... -
Dagens Samhälle (dagenssamhalle.se)") and its marker is glued to a word ("en artikel1
där"). :func:`find_plain_footnotes` finds such pairs when the reader gave no footnotes.

:func:`parse_reference` splits a footnote's text into title, publisher, URL, domain and
designation: "Title - Publisher (domain.se)", "Publisher: Title, https://...", "SOU 2019:30".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..documents.model import Footnote
from ..urls import domain_of
from .bodies import NEWS_DOMAINS, find_body, is_news_publisher
from .designations import find_designations
from .links import find_links

__all__ = ["Reference", "find_plain_footnotes", "parse_reference"]

#: "1 Title", "[1] Title", "¹ Title" at the start of a line.
_FOOT_LINE = re.compile(
    r"^[ \t\u00a0]*(\d{1,2}\.?|\[\d{1,2}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})[ \t\u00a0]+(\S.*)$", re.MULTILINE
)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _marker_of(raw: str) -> str:
    """The footnote number of a line's marker: "1", "[1]" and "¹" are all "1"."""
    return raw.strip("[].").translate(_SUPERSCRIPTS)


def _marker_in_body(
    text: str, marker: str, before: int, style: str = "plain"
) -> tuple[int, int] | None:
    """The glued marker "artikel1" for ``marker`` before offset ``before``, last one wins.

    ``style`` is how the footnote line writes its number: "plain" ("1", whose marker may be
    "1" or "¹"), "superscript" ("¹": marker "¹") or "bracket" ("[1]": marker "[1]").
    """
    sup = marker.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    if style == "paren":  # "1. OECD (2023) ..." in a list, "(1)" after the claim
        pattern = re.compile(
            rf"(?<=[\w.,;:”\"’)])[ \u00a0]?(\({re.escape(marker)}\))(?=[\s.,;:]|$)"
        )
    elif style == "bracket":
        pattern = re.compile(rf"(?<=[\w.,;:)”\"’])[ \u00a0]?(\[{re.escape(marker)}\])(?!\()")
    elif style == "superscript":
        pattern = re.compile(rf"(?<![⁰¹²³⁴⁵⁶⁷⁸⁹])({sup})(?![⁰¹²³⁴⁵⁶⁷⁸⁹])")
    else:
        pattern = re.compile(
            rf"(?<=[A-Za-zÅÄÖåäöé\)\]”\"’.,;:])({re.escape(marker)}|{sup})(?=[\s.,;:)\]]|$)"
            rf"|({sup})"
        )
    best = None
    for match in pattern.finditer(text, 0, before):
        # not a designation, a year or a unit ("CO2", "23:e")
        if (
            style == "plain"
            and match.group(1)
            and re.search(r"\d[:/]?$", text[max(0, match.start() - 2) : match.start()])
        ):
            continue
        if text[match.start() - 1] == ":" and re.match(r"\d+:?[ae]\b", text[match.start() :]):
            continue
        best = (match.start(1), match.end(1)) if style in ("bracket", "paren") else match.span()
    return best


def find_plain_footnotes(text: str) -> list[Footnote]:
    """Footnotes written as plain lines ("\\n1 Title - Publisher") whose marker is in the text.

    A footnote line starts with its number and follows its glued marker; its text goes on
    over following lines until a blank line, the next footnote, a line ending with a web
    address, or three lines.
    """
    notes: list[Footnote] = []
    for match in _FOOT_LINE.finditer(text):
        marker, first = _marker_of(match.group(1)), match.group(2)
        if not re.match(r"[A-ZÅÄÖ\"”“'«]|https?://|www\.", first):
            continue
        if re.match(r"\d", first) or len(first) < 8:
            continue
        raw = match.group(1)
        style = "bracket" if raw.startswith("[") else "plain" if raw.isascii() else "superscript"
        if raw.endswith("."):
            style = "paren"
        ref = _marker_in_body(text, marker, match.start(), style)
        if ref is None:
            continue
        if any(n.marker == marker for n in notes):
            continue
        start = match.start(2)
        end = match.end(2)
        lines = 1
        pos = match.end()
        while lines < 3 and not _ends_reference(text[start:end]):
            nxt = re.match(r"\n([^\n]*)", text[pos:])
            if nxt is None:
                break
            line = nxt.group(1)
            if not line.strip() or _FOOT_LINE.match(line):
                break
            end = pos + 1 + len(line.rstrip())
            pos = pos + nxt.end()
            lines += 1
        body = re.sub(r"\s+", " ", text[start:end]).strip()
        notes.append(
            Footnote(
                marker=marker, text=body, start=start, end=end, ref_start=ref[0], ref_end=ref[1]
            )
        )
    return notes


def _ends_reference(text: str) -> bool:
    stripped = text.rstrip()
    return bool(
        re.search(
            r"(https?://\S+|\(\s*[\w.-]+\.[a-z]{2,}\S*\s*\)|\b[\w-]+\.[a-z]{2,}/\S*)$", stripped
        )
    )


@dataclass(frozen=True)
class Reference:
    """A footnote or list reference split into its parts."""

    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    domain: str | None = None
    designation: str | None = None
    organisation: str | None = None
    kind: str = "other"


_SEPARATORS = (" | ", " - ", " — ", " – ")


def _name_like(text: str) -> bool:
    """Whether a reference's first part reads as a sender: "Trafikanalys", "WSP", "Sweco"
    or "Svensk Kollektivtrafik" (capitalised words, at most four, no digits)."""
    words = text.split()
    if not 0 < len(words) <= 4 or re.search(r"\d", text):
        return False
    connectors = {"och", "för", "i", "of", "for", "and", "the", "&"}
    return words[0][:1].isupper() and all(
        w[:1].isupper() or w in connectors or i > 0 and len(words) == 2 and w.islower()
        for i, w in enumerate(words)
    )


def parse_reference(text: str) -> Reference:
    """Split a reference into title, publisher, URL, domain, designation and kind."""
    body = text.strip()
    designations = find_designations(body)
    links = find_links(body)
    url = domain = None
    if links:
        link = links[0]
        domain = link.domain
        url = None if link.bare else link.url
        body = (body[: link.start] + body[link.end :]).strip()
        body = re.sub(r"\(\s*\)|\[\s*\]|<\s*>", "", body).strip()
        body = re.sub(r"(?i)(?:[,.;:]|\s)*(?:hämtad|accessed|retrieved|läst)\b.*$", "", body)
    body = body.strip(" ,;:.-–—")
    title = publisher = author = organisation = None
    # "Socialstyrelsen (2024). Hemlöshet 2023 – omfattning och karaktär."
    dated = re.match(
        r"(?P<who>[^.()]{2,80}?)\s*\((?:19|20)\d{2}[a-z]?\)[.:,]?\s+(?P<rest>.+)", body
    )
    if dated:
        publisher = dated.group("who").strip(" ,")
        body = dated.group("rest").strip(" ,;:.-–—")
        title = re.split(r"\.\s+(?=[A-ZÅÄÖ0-9])", body)[0].strip(" .") or None
    for sep in _SEPARATORS if title is None else ():
        if sep in body:
            head, tail = body.rsplit(sep, 1)
            if 0 < len(tail.split()) <= 6 and tail[:1].isupper():
                title, publisher = head.strip(), tail.strip()
                break
    if title is None and ": " in body:
        head, tail = body.split(": ", 1)
        if 0 < len(head.split()) <= 5 and (find_body(head) or is_news_publisher(head)):
            publisher, title = head.strip(), tail.strip()
    if title is None and body:
        parts = [p.strip() for p in body.split(", ")]
        dots = re.split(r"\.\s+(?=[A-ZÅÄÖ])", body)
        if len(parts) >= 2 and (
            find_body(parts[0]) or is_news_publisher(parts[0])
            or (_name_like(parts[0]) and parts[1][:1].isupper())
        ):  # fmt: skip
            publisher, title = parts[0], ", ".join(parts[1:])
            # "Kollektivtrafik 2023, Statistik 2024:14": the series number is not the title
            title = re.sub(r",\s*[A-ZÅÄÖ][\w ]{0,25}\s(?:19|20)\d{2}:\d+$", "", title)
        elif len(dots) >= 2 and find_body(dots[0]):
            publisher, title = dots[0], dots[1]  # "Folkhälsomyndigheten. Spel om pengar. ..."
        else:
            title = body
    if title:
        title = re.sub(r",?\s*\(?(?:19|20)\d{2}\)?\.?$", "", title).strip(" ,.") or title
    if domain and not publisher and domain in NEWS_DOMAINS:
        publisher = NEWS_DOMAINS[domain]
    body_org = find_body(publisher) if publisher else None
    if body_org:
        organisation = body_org.name
    kind = "web_page" if (url or domain) else "other"
    if designations:
        kind = "official_publication"
    elif (domain and domain in NEWS_DOMAINS) or (publisher and is_news_publisher(publisher)):
        kind = "article"
    elif organisation or (url and url.lower().endswith(".pdf")):
        kind = "report"
    if domain and url is None and domain_of("https://" + domain) != domain:
        domain = domain_of("https://" + domain)
    return Reference(
        title=title or None,
        publisher=publisher,
        author=author,
        url=url,
        domain=domain,
        designation=designations[0].canonical if designations else None,
        organisation=organisation,
        kind=kind,
    )
