"""Main text and metadata of an archived web page: the only module that uses trafilatura.

:func:`extract_html` returns two layers of the page's text, with title, author, site name,
publication date (htmldate, through trafilatura's metadata with ``original_date``) and
language (the document's ``lang`` attribute or ``Content-Language``):

* ``text``, the main (article) text: trafilatura's output (when it finds nothing, its
  ``baseline`` extractor, then all visible text), plus what trafilatura dropped that belongs
  to the article (:func:`article_additions`): the paragraphs of schema.org ``articleBody``
  (JSON-LD) it lacks, and the paragraphs of a second extractor (a plain pass over the page's
  block elements) that lie inside the article's region - the element that holds most of
  trafilatura's paragraphs, widened to its ``<article>`` - and are no link lists,
  navigation, forms or comment sections. A precision guard keeps the additions bounded: they
  are dropped when they would grow the text by more than :data:`MAX_ADDED` of its length.
* ``visible_text``: all the text a reader sees on the page (no scripts, styles, hidden
  elements), one block a line: the second layer, in which a figure the main text lacks can
  still be found ("on the page but outside the article text"). Blocks are separated by a
  blank line.

Nothing here touches the network, and warnings from the libraries are kept inside (logged at
debug level).
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import trafilatura
from trafilatura.settings import use_config

__all__ = [
    "MAX_ADDED",
    "MAX_ELEMENTS",
    "PageText",
    "article_additions",
    "extract_html",
    "visible_text",
]

log = logging.getLogger(__name__)

_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no signal-based timeouts in a library
_CONFIG.set("DEFAULT", "MAX_FILE_SIZE", str(50 * 1024 * 1024))
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True)
class PageText:
    """Text and metadata of one page. ``page_starts`` are offsets of PDF pages in ``text``."""

    text: str
    extractor: str  # trafilatura | baseline | all_text | pdf | none
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    date: str | None = None
    language: str | None = None
    page_starts: tuple[int, ...] = (0,)
    visible_text: str | None = None  # all visible text of an HTML page (None: not kept)
    added: int = 0  # characters the article additions put into ``text``
    #: Why the page was read with the cheap extractor instead of trafilatura: ``too_large``
    #: (more elements than :data:`TRAFILATURA_ELEMENTS`), ``too_deep`` (nested deeper than
    #: the HTML parser goes), or None.
    limited: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "extractor": self.extractor,
            "limited": self.limited,
            "added_characters": self.added,
            "title": self.title,
            "author": self.author,
            "sitename": self.sitename,
            "date": self.date,
            "language": self.language,
            "pages": len(self.page_starts),
            "page_starts": list(self.page_starts),
            "characters": len(self.text),
        }


def _lang(tree: Any, content_language: str | None) -> str | None:
    value = tree.get("lang") if tree is not None else None
    if not value and tree is not None:
        found = tree.xpath('//meta[@http-equiv="content-language"]/@content')
        value = found[0] if found else None
    value = value or content_language
    if not value:
        return None
    return value.split(",")[0].strip() or None


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


#: trafilatura reads a page with at most this many elements: its cost grows faster than the
#: page (a page of 200,000 links takes over a minute), and real articles have a few thousand
#: (at most 4,328 in the corpus pages). A larger page is read by :func:`_cheap_text`.
TRAFILATURA_ELEMENTS = 40_000
#: libxml2's HTML parser stops building the tree at this depth: what lies deeper is lost, so
#: a page that reaches it is read by :func:`_cheap_text` instead.
PARSER_DEPTH = 255


def _shape(tree: Any) -> tuple[int, int]:
    """The number of elements and the deepest nesting of a parsed page (one linear walk)."""
    from lxml import etree

    count = depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            count += 1
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return count, deepest


class _TextOnly(HTMLParser):
    """A streaming reader of visible text: no tree, so no depth or size limit bites."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "title"})
    _BREAK = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
         "article", "blockquote", "table", "ul", "ol", "td", "th"}
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.size = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self._SKIP:
            self.skip += 1
        elif tag in self._BREAK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skip:
            self.skip -= 1
        elif tag in self._BREAK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip and self.size < CHEAP_TEXT_LIMIT:
            self.parts.append(data)
            self.size += len(data)


#: The cheap extractor keeps at most this many characters of text.
CHEAP_TEXT_LIMIT = 2_000_000


def _cheap_text(html: bytes | str) -> str:
    """All visible text of a page in document order, read without building a tree."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    reader = _TextOnly()
    try:
        reader.feed(html)
        reader.close()
    except (AssertionError, ValueError):  # html.parser on broken markup: keep what it read
        pass
    lines = (" ".join(line.split()) for line in "".join(reader.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def extract_html(
    html: bytes | str, url: str | None = None, content_language: str | None = None
) -> PageText:
    """Main text and metadata of an HTML page (never raises for bad markup).

    Within a budget: a page with more than :data:`TRAFILATURA_ELEMENTS` elements, or nested
    deeper than the parser goes, is read by the cheap extractor (all visible text, streamed)
    and says why in ``limited``, so a hostile page costs seconds, not minutes, and an empty
    text is never silent."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = trafilatura.load_html(html)
        except Exception:  # noqa: BLE001 - lxml can fail on junk in many ways
            log.debug("could not parse %s as HTML", url, exc_info=True)
            tree = None
        if tree is None:
            return PageText(text="", extractor="none")
        language = _lang(tree, content_language)
        count, deepest = _shape(tree)
        if count > TRAFILATURA_ELEMENTS or deepest >= PARSER_DEPTH:
            why = "too_deep" if deepest >= PARSER_DEPTH else "too_large"
            log.info("%s: %d elements, depth %d: read with the cheap extractor (%s)", url,
                     count, deepest, why)  # fmt: skip
            text = _cheap_text(html)
            titles = tree.xpath("//title/text()")
            return PageText(
                text=text,
                extractor="cheap" if text else "none",
                title=_clean(titles[0]) if titles else None,
                language=language,
                visible_text=text or None,
                limited=why,
            )
        try:
            doc = trafilatura.bare_extraction(
                tree,
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                date_extraction_params=dict(_DATE_PARAMS),
                config=_CONFIG,
            )
        except Exception:  # noqa: BLE001 - one bad page must not stop an archive run
            log.debug("trafilatura failed on %s", url, exc_info=True)
            doc = None
        text = (getattr(doc, "text", None) or "").strip()
        extractor = "trafilatura"
        if not text:
            extractor = "baseline"
            try:
                _, text, _ = trafilatura.baseline(html)
            except Exception:  # noqa: BLE001
                text = ""
            text = (text or "").strip()
        if not text:
            extractor = "all_text"
            try:
                text = (trafilatura.html2txt(html) or "").strip()
            except Exception:  # noqa: BLE001
                text = ""
    added = 0
    visible: str | None = None
    try:
        blocks = _blocks(tree)
        if extractor == "trafilatura":
            additions = article_additions(tree, text, blocks)
            if additions:
                text = _merged(text, additions)
                added = sum(len(a) for _, a in additions)
        visible = visible_text(tree, blocks)
    except (ValueError, RecursionError):  # a pathological tree: keep trafilatura's text
        log.debug("no additions or visible text for %s", url, exc_info=True)
    if not text:
        extractor = "none"
    return PageText(
        text=text,
        extractor=extractor,
        title=_clean(getattr(doc, "title", None)),
        author=_clean(getattr(doc, "author", None)),
        sitename=_clean(getattr(doc, "sitename", None)),
        date=_clean(getattr(doc, "date", None)),
        language=language,
        visible_text=visible,
        added=added,
    )


# --- the page's blocks: the second extractor and the visible layer ---------------------------

#: The additions may grow the main text by this share of its length at most.
MAX_ADDED = 2.0
#: Elements the block reader visits at most (a bound on its time for a pathological page:
#: what lies beyond is left out of the visible layer and the additions).
MAX_ELEMENTS = 60_000
#: Elements whose text no reader sees.
_INVISIBLE = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object",
              "select", "option", "button", "canvas", "map", "title", "meta", "link"}  # fmt: skip
#: Blocks: elements that hold a paragraph's worth of text.
_BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "pre",
          "dd", "dt", "td", "th", "caption", "div", "section", "article", "header", "footer",
          "aside", "nav", "main", "ul", "ol", "dl", "table", "tr", "figure", "form", "address",
          "details", "summary", "br", "hr", "body", "html", "center"}  # fmt: skip
#: Containers that are never the article's text, whatever region they are in.
_NOT_ARTICLE_TAGS = {"nav", "form", "aside", "footer", "menu"}
_NOT_ARTICLE = frozenset({
    "comment", "comments", "share", "sharing", "social", "related", "recommended",
    "newsletter", "promo", "advert", "advertisement", "ad", "ads", "cookie", "consent", "nav",
    "navigation", "menu", "breadcrumb", "breadcrumbs", "subscribe", "subscription", "sidebar",
    "widget", "popup", "modal", "footer", "outbrain", "taboola", "signup", "paywall", "tag",
    "tags", "trending", "popular",
})  # fmt: skip


def _names_not_article(node: Any) -> bool:
    """Whether an element's class, id or role names a part that is no article text: each
    class's base name ("share-bar" of "share-bar--top", not its modifiers) is read."""
    names = f"{node.get('class') or ''} {node.get('id') or ''} {node.get('role') or ''}"
    for name in names.split():
        base = re.split(r"--|__", name.lower())[0]
        if any(word in _NOT_ARTICLE for word in re.split(r"[-_]", base)):
            return True
    return False


_SQUASH = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                         "–": "-", "—": "-", "\u00ad": ""})  # fmt: skip


def _squash(text: str) -> str:
    """Text as compared for presence: NFKC, plain quotes and dashes, no white space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_SQUASH)
    return "".join(text.split()).lower()


def _hidden(el: Any) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _blocks(root: Any) -> list[tuple[Any, str, int]]:
    """The page's visible text as (block element, its own text, characters in links), in
    document order: each block's text without the text of the blocks inside it."""
    out: list[tuple[Any, str, int] | None] = []
    budget = [MAX_ELEMENTS]

    def walk(el: Any, pieces: list[str], links: list[int], in_link: bool) -> None:
        tag = el.tag
        if not isinstance(tag, str) or tag in _INVISIBLE or budget[0] <= 0:
            return  # a comment, a processing instruction, a script; or the bound is reached
        budget[0] -= 1
        if el.attrib and _hidden(el):
            return
        if tag in _BLOCK:
            slot = len(out)
            out.append(None)  # keeps the block's place before the blocks inside it
            mine: list[str] = []
            mine_links = [0]
            if el.text:
                mine.append(el.text)
            for child in el:
                walk(child, mine, mine_links, in_link)
                if child.tail:
                    mine.append(child.tail)
            text = " ".join("".join(mine).split())
            if text:
                out[slot] = (el, text, mine_links[0])
            return
        if el.text:
            pieces.append(el.text)
            if in_link or tag == "a":
                links[0] += len(el.text.strip())
        for child in el:
            walk(child, pieces, links, in_link or tag == "a")
            if child.tail:
                pieces.append(child.tail)
                if in_link:
                    links[0] += len(child.tail.strip())

    body = root.find(".//body")
    walk(body if body is not None else root, [], [0], False)
    return [block for block in out if block is not None]


def visible_text(root: Any, blocks: list[tuple[Any, str, int]] | None = None) -> str:
    """All the text a reader sees on the page, in document order, one block a paragraph (a
    blank line between blocks, so no sentence runs from a heading into the next block)."""
    return "\n\n".join(text for _, text, _ in (blocks if blocks is not None else _blocks(root)))


def _excluded(el: Any, region: Any) -> bool:
    """Whether a block sits in navigation, a form, a comment section, ... within the region."""
    node = el
    while node is not None and node is not region:
        if _tag(node) in _NOT_ARTICLE_TAGS:
            return True
        if _names_not_article(node):
            return True
        node = node.getparent()
    return False


_ARTICLE_NAMES = frozenset({"article", "story", "post", "entry", "articlebody"})


def _names_article(node: Any) -> bool:
    if _tag(node) == "article" or (node.get("itemprop") or "").lower() == "articlebody":
        return True
    for name in f"{node.get('class') or ''} {node.get('id') or ''}".split():
        base = re.split(r"--|__", name.lower())[0]
        if any(word in _ARTICLE_NAMES for word in re.split(r"[-_]", base)):
            return True
    return False


def _region(kept: list[tuple[Any, int]]) -> Any | None:
    """The deepest element that holds at least 80 % of the kept text, widened to the
    outermost element within four levels above it that is named as the article
    (``<article>``, ``itemprop=articleBody``, a class such as ``article__body`` or
    ``story``); None when that is the whole page."""
    total = sum(size for _, size in kept)
    weight: dict[Any, int] = {}
    depth: dict[Any, int] = {}
    for el, size in kept:
        chain = [el, *el.iterancestors()]
        for level, node in enumerate(reversed(chain)):
            weight[node] = weight.get(node, 0) + size
            depth[node] = level
    heavy = [n for n, w in weight.items() if w >= 0.8 * total]
    if not heavy:
        return None
    region = max(heavy, key=lambda n: depth[n])
    for node in [region, *region.iterancestors()][:5]:
        if _tag(node) in ("body", "html"):
            break
        if _names_article(node):
            region = node
    if _tag(region) in ("body", "html"):
        return None
    return region


def _list_of_links(
    el: Any, region: Any, links: dict[Any, tuple[int, int]], known: dict[Any, bool]
) -> bool:
    """Whether a block is an item of a list whose items are mostly links (related stories);
    ``known`` keeps the answer per list."""
    node = el
    while node is not None and node is not region:
        if _tag(node) in ("ul", "ol"):
            if node not in known:
                text = linked = 0
                for item in node.iter():
                    size, in_links = links.get(item, (0, 0))
                    text += size
                    linked += in_links
                known[node] = text > 0 and linked > 0.3 * text
            return known[node]
        node = node.getparent()
    return False


def _paragraph_like(text: str, in_links: int) -> bool:
    """A block that reads as running text: long enough, ends a sentence, few links."""
    return (
        len(text) >= 60
        and in_links <= 0.2 * len(text)
        and bool(re.search(r"[.!?…:\"”»')\]]$", text))
    )


def _ld_bodies(root: Any) -> list[str]:
    """The ``articleBody`` texts of the page's schema.org JSON-LD."""
    out: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            body = value.get("articleBody")
            if isinstance(body, str) and body.strip():
                out.append(body)
            for item in value.values():
                if isinstance(item, (dict, list)):
                    visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            visit(json.loads(script.text or ""))
        except (ValueError, RecursionError):
            continue
    return out


def article_additions(
    root: Any, text: str, blocks: list[tuple[Any, str, int]] | None = None
) -> list[tuple[int, str]]:
    """What belongs to the article but is not in ``text`` (trafilatura's main text), each as
    (index of the line of ``text`` it follows, -1 for before the first; the paragraph).
    ``blocks`` are the page's blocks when already read."""
    lines = text.split("\n")
    squashed = [_squash(line) for line in lines]
    whole = "".join(squashed)
    additions: list[tuple[int, str]] = []
    # schema.org articleBody: the pieces the main text lacks, if the rest agrees with it
    for body in _ld_bodies(root):
        pieces = [p.strip() for p in re.split(r"\n+", body) if p.strip()]
        present = [_squash(p) in whole for p in pieces]
        agree = sum(len(p) for p, ok in zip(pieces, present, strict=True) if ok)
        if agree < 0.5 * sum(len(p) for p in pieces):
            continue
        after = -1
        for piece, ok in zip(pieces, present, strict=True):
            if ok:
                after = _line_of(squashed, _squash(piece), after)
            elif len(piece) >= 2:
                additions.append((after, piece))
        break
    # the second extractor: blocks in the article's region that trafilatura left out
    if blocks is None:
        blocks = _blocks(root)
    keys = [_squash(t) for _, t, _ in blocks]
    present = [bool(k) and k in whole for k in keys]
    kept = [(el, len(t)) for (el, t, _), ok in zip(blocks, present, strict=True)
            if ok and len(t) >= 20]  # fmt: skip
    body: list[tuple[int, str]] = []  # before the first kept block and between kept ones
    tail: list[tuple[int, str]] = []  # after the last kept block
    if len(kept) >= 2:
        region = _region(kept)
        if region is not None:
            inside = set(region.iter())
            links = {el: (len(t), n) for el, t, n in blocks}
            lists: dict[Any, bool] = {}
            after = -1
            pending: list[tuple[int, str, int, str]] = []
            seen = {_squash(a) for _, a in additions}
            for (el, block_text, in_links), key, ok in zip(blocks, keys, present, strict=True):
                if not key or el not in inside:
                    continue
                if ok:
                    # between kept blocks: the article's flow (subheads, captions, quotes);
                    # before the first: its lead, as running text or the headline
                    first = after == -1 and not body
                    after = _line_of(squashed, key, after)
                    for a, t, n, tag in pending:
                        lead = (
                            _paragraph_like(t, n)
                            or (len(t) >= 80 and n <= 0.2 * len(t))
                            or tag == "h1"
                        )
                        if lead if first else len(t) >= 20:
                            body.append((a, t))
                    pending = []
                    continue
                if in_links > 0.5 * len(block_text) or _excluded(el, region):
                    continue
                if _list_of_links(el, region, links, lists) or key in seen:
                    continue
                seen.add(key)
                pending.append((after, block_text, in_links, _tag(el)))
            misses = 0  # the tail: running text, until two blocks in a row are not
            for a, t, n, _ in pending:
                if _paragraph_like(t, n):
                    tail.append((a, t))
                    misses = 0
                else:
                    misses += 1
                    if misses >= 2:
                        break
    limit = MAX_ADDED * max(len(text), 1)
    for chosen in (additions + body + tail, additions + body, additions):
        if sum(len(a) for _, a in chosen) <= limit:
            return chosen
    return []


def _line_of(squashed: list[str], key: str, after: int) -> int:
    """The index of the first line from ``after`` on that holds ``key`` (else ``after``)."""
    for index in range(max(after, 0), len(squashed)):
        if key and key in squashed[index]:
            return index
    return after


def _merged(text: str, additions: list[tuple[int, str]]) -> str:
    lines = text.split("\n")
    before: dict[int, list[str]] = {}
    for after, piece in additions:
        before.setdefault(after, []).append(piece)
    out = list(before.get(-1, []))
    for index, line in enumerate(lines):
        out.append(line)
        out.extend(before.get(index, []))
    return "\n".join(out)
