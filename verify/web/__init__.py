"""Availability checking: the safe HTTP client, status classification, web-archive lookups.

``check_url``/``check_many`` are the entry points; ``HttpClient`` is the only place that talks
HTTP; ``classify`` is pure; ``archives`` asks CDX and Memento TimeGates.
"""

from .check import CheckResult, ProbeCache, check_url
from .client import HttpClient
from .exchange import Body, Exchange, Hop
from .many import check_many
from .status import CheckStatus

__all__ = [
    "Body",
    "CheckResult",
    "CheckStatus",
    "Exchange",
    "Hop",
    "HttpClient",
    "ProbeCache",
    "check_many",
    "check_url",
]
