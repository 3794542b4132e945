"""Main text and metadata of an archived web page: the only module that uses trafilatura.

:func:`extract_html` returns the page's main text (trafilatura; when it finds nothing, its
``baseline`` extractor, then all visible text), with title, author, site name, publication
date (htmldate, through trafilatura's metadata with ``original_date``) and language (the
document's ``lang`` attribute or ``Content-Language``). Nothing here touches the network, and
warnings from the libraries are kept inside (logged at debug level).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import Any

import trafilatura
from trafilatura.settings import use_config

__all__ = ["PageText", "extract_html"]

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "extractor": self.extractor,
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


def extract_html(
    html: bytes | str, url: str | None = None, content_language: str | None = None
) -> PageText:
    """Main text and metadata of an HTML page (never raises for bad markup)."""
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
    )
