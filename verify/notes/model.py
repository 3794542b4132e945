"""A reliability note as data, in two parts (pure).

* The **text to paste** (:attr:`Note.sources`): one paragraph per source, in the statement's
  prose, with footnotes in the statement's form (:class:`Footnote`), and nothing else: no ids,
  no hashes, no tool wording. A source without the officer's verdict ends with a marked
  placeholder for the officer to fill in, never with the tool's suggestion.
* The **bilaga** (:class:`Bilaga`), for the case file and the auditor: the register of
  sources, every check with its date, every saved copy with its SHA-256, the findings and
  searches, the tool's suggestions with their reasons, and the chain anchor.

Composition (:mod:`verify.notes.compose`) builds a :class:`Note` from recorded evidence only;
the renderers turn the same Note into Markdown, plain text, Word, HTML and JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["PARTS", "Bilaga", "BilagaTable", "Footnote", "Note", "Sentence", "SourceNote"]

#: Which parts a rendering holds.
PARTS = ("both", "text", "bilaga")


@dataclass(frozen=True)
class Footnote:
    """A footnote of the text to paste: the work as the statement cites it, and its address.

    ``text`` is what the footnote says ("Svalt intresse för återvandring i kommunerna -
    Dagens Samhälle (dagenssamhalle.se)"); ``url`` the address it links to; ``version_url`` and
    ``version_date`` an archived copy, for Robust Links.
    """

    number: int
    text: str
    url: str | None = None
    version_url: str | None = None
    version_date: str | None = None  # YYYY-MM-DD

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text,
            "url": self.url,
            "version_url": self.version_url,
            "version_date": self.version_date,
        }


@dataclass(frozen=True)
class Sentence:
    """One sentence of the text, the footnotes it cites and the ids of its evidence (the ids
    are for the bilaga and the JSON; they never appear in the text)."""

    text: str
    refs: tuple[int, ...] = ()
    evidence: tuple[str, ...] = ()
    code: str = ""  # which rule of the catalogue produced it
    #: Where in ``text`` the footnote marks go (after the words they belong to, as in "en
    #: artikel¹ där …"); None: before the closing full stop.
    ref_at: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "refs": list(self.refs),
            "evidence": list(self.evidence),
            "code": self.code,
            "ref_at": self.ref_at,
        }

    def split(self) -> tuple[str, str]:
        """The text before and after where the footnote marks go."""
        if not self.refs:
            return self.text, ""
        if self.ref_at is not None and 0 <= self.ref_at <= len(self.text):
            return self.text[: self.ref_at], self.text[self.ref_at :]
        if self.text.endswith("."):
            return self.text[:-1], "."
        return self.text, ""


@dataclass(frozen=True)
class SourceNote:
    """The text to paste about one source: its paragraph(s), the verdict and who set it.

    ``verdict_by`` is ``officer`` when the officer decided, else ``none`` (the paragraph then
    ends with a placeholder); ``suggested`` is the tool's suggestion, kept for the bilaga.
    """

    source: str
    heading: str
    paragraphs: tuple[tuple[Sentence, ...], ...]
    verdict: str | None  # reliable, partly_reliable, cannot_be_assessed, not_reliable
    verdict_by: str  # "officer" or "none"
    suggested: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "heading": self.heading,
            "paragraphs": [[s.to_dict() for s in p] for p in self.paragraphs],
            "verdict": self.verdict,
            "verdict_by": self.verdict_by,
            "suggested": self.suggested,
        }


@dataclass(frozen=True)
class BilagaTable:
    """One table of the bilaga: a heading, an explanation, column names and rows of text."""

    key: str  # sources | checks | snapshots | findings | searches | suggestions
    heading: str
    intro: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = ""  # said when there are no rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "heading": self.heading,
            "intro": self.intro,
            "columns": list(self.columns),
            "rows": [list(r) for r in self.rows],
            "empty": self.empty,
        }


@dataclass(frozen=True)
class Bilaga:
    """The appendix (underlag) for the case file and the auditor."""

    title: str
    intro: str
    tables: tuple[BilagaTable, ...]
    anchor: str = ""
    anchor_intro: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "intro": self.intro,
            "tables": [t.to_dict() for t in self.tables],
            "anchor": self.anchor,
            "anchor_intro": self.anchor_intro,
        }


@dataclass(frozen=True)
class Note:
    """The whole note: the header block, the text to paste with its footnotes, the bilaga."""

    lang: str
    title: str
    as_of: str | None
    sources: tuple[SourceNote, ...]
    footnotes: tuple[Footnote, ...] = ()
    bilaga: Bilaga | None = None
    #: The tjänsteutlåtande's header block: (label, value) pairs (nämnd, dnr, date, officer).
    header: tuple[tuple[str, str], ...] = ()
    case_line: str = ""
    generated_by: str = ""
    anchor: str = ""  # the chain anchor line (in the bilaga's last section too)
    created_at: str = ""  # when the note was written (UTC)
    labels: dict[str, str] = field(default_factory=dict)  # words the renderers need
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "title": self.title,
            "as_of": self.as_of,
            "header": [list(pair) for pair in self.header],
            "case_line": self.case_line,
            "sources": [s.to_dict() for s in self.sources],
            "footnotes": [f.to_dict() for f in self.footnotes],
            "bilaga": self.bilaga.to_dict() if self.bilaga else None,
            "generated_by": self.generated_by,
            "anchor": self.anchor,
            "created_at": self.created_at,
            "meta": dict(self.meta),
        }
