"""Extraction of cited sources and claims from a read document (pure).

``extract_citations(doc)`` gives an :class:`Extraction`: the candidate sources, each with its
mentions (page, line, span, citing passage, footnote marker) and the claims attributed to
it with their quantities, and the document's own case numbers (diarienummer).
"""

from __future__ import annotations

from .extractor import extract_citations
from .model import Candidate, CandidateClaim, CandidateMention, Extraction

__all__ = [
    "Candidate",
    "CandidateClaim",
    "CandidateMention",
    "Extraction",
    "extract_citations",
]
