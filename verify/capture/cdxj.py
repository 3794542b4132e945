"""CDXJ index lines, keyed the way replay tools look them up: the only module that uses surt.

A CDXJ line is ``<SURT key> <14-digit timestamp> <JSON>``. pywb finds a page by canonicalising
the URL asked for with the ``surt`` package and comparing it with the keys, so the keys must
be that package's output exactly (``1,0,0,127:8765)/aclu`` for ``http://127.0.0.1:8765/aclu/``:
octets reversed, trailing slash gone, ``www``/``www2`` dropped, query sorted and lower-cased),
not a look-alike of our own. wabac.js (ReplayWeb.page) reads the JSON's ``url`` and its own
key, so the same lines serve both.
"""

from __future__ import annotations

import json
from typing import Any

import surt as _surt

__all__ = ["cdxj_line", "surt_key"]


def surt_key(url: str) -> str:
    """The SURT key pywb computes for ``url`` (``com,example)/a/b?a=2&z=1``)."""
    try:
        return _surt.surt(url)
    except Exception:  # noqa: BLE001 - surt raises bare errors on odd input; keep the URL
        return url.strip().lower()


def _timestamp14(warc_date: str) -> str:
    digits = "".join(ch for ch in warc_date if ch.isdigit())
    return (digits + "0" * 14)[:14]


def cdxj_line(entry: dict[str, Any], filename: str) -> str:
    """One CDXJ line for an index entry from :func:`verify.capture.warc.index_entries`."""
    data: dict[str, Any] = {"url": entry["url"], "mime": entry["mime"]}
    if entry.get("status") is not None:
        data["status"] = str(entry["status"])
    if entry.get("digest"):
        data["digest"] = entry["digest"]
    data["length"] = str(entry["length"])
    data["offset"] = str(entry["offset"])
    data["filename"] = filename
    body = json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
    return f"{surt_key(entry['url'])} {_timestamp14(entry['date'])} {body}"
