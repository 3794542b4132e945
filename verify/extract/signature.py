"""Who wrote a motion, and when (pure): read from the document's own text.

Swedish motions say both in fixed places. A municipal motion ends with the place and date and
the signatures under them::

    Stockholm den 10 december 2023

    Gabriel Kroon (SD)

A Riksdag motion names its authors in the heading ("Motion till riksdagen 2023/24:1234 av
Jonas Andersson (SD)"). Only these forms are read: a name is taken when it looks like one (two
to four capitalised words; in a heading, with its party in parentheses), a date when it is a
real calendar date. Anything else gives ``None``, and the
caller says that it is missing rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

__all__ = ["Signature", "read_signature"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "january", "jan"), ("februari", "february", "feb"),
            ("mars", "march", "mar"), ("april", "apr"), ("maj", "may"), ("juni", "june", "jun"),
            ("juli", "july", "jul"), ("augusti", "august", "aug"), ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip

_WORD = r"[A-ZÅÄÖÉÜ][a-zåäöéèüøæ'’]+(?:-[A-ZÅÄÖÉÜ]?[a-zåäöéèüøæ'’]+)*"
#: A person's name: two to four capitalised words ("Anna-Karin von Sydow" allows one particle).
_NAME = rf"{_WORD}(?:\s+(?:(?:von|af|de|van|der|la)\s+)?{_WORD}){{1,3}}"
_PARTY = r"\((?:[A-ZÅÄÖ]{1,3}|[A-ZÅÄÖ][a-zåäö]{1,3})\)"
_SIGNER = re.compile(rf"^\s*({_NAME})(?:\s*{_PARTY})?\s*[,.]?\s*$")
_HEADING_AUTHORS = re.compile(rf"\bav\s+({_NAME}\s*{_PARTY}(?:\s*(?:,|och)\s*{_NAME}\s*{_PARTY})*)")
_PLACE_DATE = re.compile(
    r"^\s*(?:[A-ZÅÄÖ][\wåäö-]+(?:\s+[A-ZÅÄÖ][\wåäö-]+)?,?\s+)?(?:den\s+)?"
    r"(?:(\d{1,2})\s+([A-Za-zåäö]+)\.?\s+(\d{4})|(\d{4})-(\d{2})-(\d{2}))\s*$"
)


@dataclass(frozen=True)
class Signature:
    """The motion's date (ISO) and its authors as the document gives them."""

    date: str | None = None
    authors: list[str] = field(default_factory=list)


def _date(match: re.Match[str]) -> str | None:
    try:
        if match.group(1):
            month = _MONTHS.get(match.group(2).lower())
            if month is None:
                return None
            return date(int(match.group(3)), month, int(match.group(1))).isoformat()
        return date(int(match.group(4)), int(match.group(5)), int(match.group(6))).isoformat()
    except ValueError:
        return None


def read_signature(text: str) -> Signature:
    """The date and signers under a motion's closing place-and-date line, else the authors its
    heading names ("… av Jonas Andersson (SD)")."""
    lines = text.splitlines()
    found_date: str | None = None
    authors: list[str] = []
    # The last place-and-date line with a signature under it (footnotes may follow).
    for index in range(len(lines) - 1, -1, -1):
        match = _PLACE_DATE.match(lines[index])
        if match is None or (day := _date(match)) is None:
            continue
        signers = []
        for line in lines[index + 1 : index + 12]:
            if not line.strip():
                continue
            signer = _SIGNER.match(line)
            if signer is None:
                break
            signers.append(" ".join(signer.group(0).strip().rstrip(",.").split()))
        if signers or found_date is None:
            found_date = day
            authors = signers
        if signers:
            break
    if not authors:
        head = " ".join(" ".join(line for line in lines[:8] if line.strip()).split()[:60])
        match = _HEADING_AUTHORS.search(head)
        if match:
            authors = [" ".join(a.split()) for a in re.split(r"\s*(?:,|och)\s*", match.group(1))]
    return Signature(found_date, authors)
