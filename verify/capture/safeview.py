"""A safe local copy of an archived page for a person to look at (``verify snapshot open``).

Archived pages are hostile: the copy keeps the markup and text but removes every script,
event-handler and inline style attribute, every external reference in SVG and MathML (``href``,
``xlink:href``), ``javascript:``/``vbscript:``/``data:`` URL in a link or source,
iframes, frames, objects, embeds, applets, ``<base>``, external stylesheets and preloads,
meta refreshes and the page's own CSP; then it adds a Content-Security-Policy that blocks
every external load (``default-src 'none'; img-src data:; style-src 'unsafe-inline'``), a
no-referrer policy, and a banner naming the URL and the capture time. Text is inserted
through the parser (escaped), never concatenated into markup.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from bs4 import BeautifulSoup, Comment, Doctype, MarkupResemblesLocatorWarning

__all__ = ["CSP", "safe_html", "text_page"]

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'"

_REMOVE_TAGS = (
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "link",
    "portal",
    "noscript",
    "template",
)
_URL_ATTRS = (
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "srcset",
    "xlink:href",
    "ping",
    "lowsrc",
    "dynsrc",
    "manifest",
    "codebase",
    "cite",
    "longdesc",
)
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
#: Attributes that make a browser load something: removed outright, so the copy asks for
#: nothing (the CSP would block it anyway, but every blocked load is a console error).
_LOAD_ATTRS = frozenset(
    {
        "src", "srcset", "poster", "background", "lowsrc", "dynsrc", "data", "manifest",
        "codebase", "ping", "xlink:href", "imagesrcset",
    }
)  # fmt: skip
_CSS_URL = re.compile(r"url\s*\([^)]*\)|@import[^;]*;?", re.IGNORECASE)

_BANNER_STYLE = (
    "all:initial;display:block;box-sizing:border-box;width:100%;padding:8px 12px;"
    "background:#fff3cd;color:#222;border-bottom:2px solid #c9a227;"
    "font:14px/1.4 sans-serif;position:relative;z-index:2147483647"
)


def _scheme_of(value: str) -> str:
    return "".join(ch for ch in value if not ch.isspace() and ch.isprintable()).lower()


def _clean_tree(soup: BeautifulSoup) -> None:
    for name in _REMOVE_TAGS:
        for tag in soup.find_all(name):
            tag.decompose()
    for node in soup.find_all(string=lambda s: isinstance(s, Comment | Doctype)):
        node.extract()
    for meta in soup.find_all("meta"):
        if meta.get("http-equiv") is not None or meta.get("charset") is not None:
            meta.decompose()
    for tag in soup.find_all(True):
        foreign = tag.name in ("svg", "math") or tag.find_parent(("svg", "math")) is not None
        for attr in list(tag.attrs):
            low = attr.lower()
            value = tag.attrs[attr]
            text = " ".join(value) if isinstance(value, list) else str(value)
            if low.startswith("on") or low in _LOAD_ATTRS or low == "style":
                del tag.attrs[attr]  # every event handler, every load, every inline style
            elif foreign and (low == "href" or low.endswith(":href")):
                del tag.attrs[attr]  # SVG and MathML references load (<image href>, <use>)
            elif low in _URL_ATTRS or low.endswith(":href"):
                if any(_scheme_of(text).startswith(s) for s in _BAD_SCHEMES):
                    del tag.attrs[attr]
        if tag.name == "style" and tag.string:
            tag.string = _CSS_URL.sub("none", tag.string)
        if tag.name == "a":
            tag["rel"] = "noopener noreferrer"
        if tag.name == "form":
            tag.attrs.pop("action", None)


def _head_and_body(soup: BeautifulSoup) -> tuple[Any, Any]:
    html = soup.find("html")
    if html is None:
        html = soup.new_tag("html")
        for child in list(soup.contents):
            html.append(child.extract())
        soup.append(html)
    head = soup.find("head")
    if head is None:
        head = soup.new_tag("head")
        html.insert(0, head)
    body = soup.find("body")
    if body is None:
        body = soup.new_tag("body")
        for child in list(html.contents):
            if child is not head:
                body.append(child.extract())
        html.append(body)
    return head, body


def _protect(soup: BeautifulSoup, head: Any, body: Any, banner: str) -> None:
    extras = [
        soup.new_tag("meta", attrs={"charset": "utf-8"}),
        soup.new_tag("meta", attrs={"http-equiv": "Content-Security-Policy", "content": CSP}),
        soup.new_tag("meta", attrs={"name": "referrer", "content": "no-referrer"}),
    ]
    for index, tag in enumerate(extras):
        head.insert(index, tag)
    note = soup.new_tag("div", attrs={"id": "verify-banner", "style": _BANNER_STYLE})
    note.string = banner
    body.insert(0, note)


def banner_text(url: str, captured_at: str, snapshot_id: str) -> str:
    return (
        f"Archived copy ({snapshot_id}) of {url}, captured {captured_at} (UTC) by verify. "
        "Scripts were removed and nothing is loaded from the network."
    )


def safe_html(html: bytes | str, *, url: str, captured_at: str, snapshot_id: str) -> str:
    """The page with scripts and external loads removed, a CSP and a banner (UTF-8 text)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    _clean_tree(soup)
    head, body = _head_and_body(soup)
    _protect(soup, head, body, banner_text(url, captured_at, snapshot_id))
    return "<!DOCTYPE html>\n" + str(soup)


def text_page(text: str, *, url: str, captured_at: str, snapshot_id: str, title: str) -> str:
    """An HTML page showing the extracted text of a non-HTML snapshot (a PDF, say)."""
    soup = BeautifulSoup("<html><head><title></title></head><body><pre></pre></body></html>",
                         "html.parser")  # fmt: skip
    soup.title.string = title
    pre = soup.find("pre")
    pre["style"] = "white-space:pre-wrap;font:14px/1.5 sans-serif"
    pre.string = text
    head, body = _head_and_body(soup)
    _protect(soup, head, body, banner_text(url, captured_at, snapshot_id))
    return "<!DOCTYPE html>\n" + str(soup)
