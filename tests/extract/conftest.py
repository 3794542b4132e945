"""Helpers for extraction tests: a plain-text ReadDocument from a string."""

from __future__ import annotations

import hashlib

import pytest

from verify.documents.model import Footnote, Link, ReadDocument
from verify.extract import Extraction, extract_citations


def make_doc(
    text: str,
    footnotes: tuple[Footnote, ...] = (),
    links: tuple[Link, ...] = (),
    media_type: str = "text/plain",
) -> ReadDocument:
    data = text.encode("utf-8")
    return ReadDocument(
        "test.txt",
        media_type,
        hashlib.sha256(data).hexdigest(),
        len(data),
        text,
        footnotes=footnotes,
        links=links,
    )


@pytest.fixture
def extract():
    def run(text: str, **kwargs: object) -> Extraction:
        return extract_citations(make_doc(text, **kwargs))  # type: ignore[arg-type]

    return run
