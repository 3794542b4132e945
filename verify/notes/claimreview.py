"""schema.org ClaimReview JSON-LD from a note (pure).

One ClaimReview per claim of each source whose verdict the officer decided (a suggestion of the
tool is never published as a review): ``url`` the published note's address, ``claimReviewed``
the claim as the motion states it, ``itemReviewed`` a Claim made by the motion's authors on the
motion's date and first appearing in the motion, ``reviewRating`` the verdict on a 1-4 scale
with its words in ``name`` and ``alternateName``, ``author`` the organisation that answers (the
förvaltning or nämnd), the officer only when asked for, ``datePublished`` the note's date,
``inLanguage`` its language. The properties are those Google's ClaimReview documentation
requires (claimReviewed, reviewRating, url) and recommends (author, datePublished,
itemReviewed with its author, datePublished and appearance).
"""

from __future__ import annotations

from typing import Any

from .catalog import t
from .model import Note

__all__ = ["RATING", "claim_reviews", "html_safe_json"]

#: Characters escaped in JSON-LD meant for an HTML <script> block: they could end the block
#: (``</script>``), start markup, or reorder what a reader sees (line separators, bidi).
_HTML_UNSAFE = {
    "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029",
    **{chr(c): f"\\u{c:04x}" for c in (0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F),
                                          *range(0x2066, 0x206A))},
}  # fmt: skip


def html_safe_json(data: object) -> str:
    """JSON text that can be pasted into an HTML ``<script type="application/ld+json">``."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(_HTML_UNSAFE.get(ch, ch) for ch in text)


#: The verdict scale as schema.org ratings (worst 1, best 4).
RATING = {"not_reliable": 1, "cannot_be_assessed": 2, "partly_reliable": 3, "reliable": 4}


def claim_reviews(
    note: Note,
    sources: list[dict[str, Any]],
    *,
    url: str,
    motion: dict[str, Any] | None,
    organisation: str | None,
    officer: str | None = None,
) -> list[dict[str, Any]]:
    """The ClaimReview objects of ``note`` for ``sources`` (``Source.to_dict()`` each).

    ``motion`` holds what is known of the motion: ``name``, ``identifier`` (its dnr),
    ``sha256``, ``date`` and ``authors`` (names); a missing one is left out, never guessed.
    """
    by_id = {s["id"]: s for s in sources}
    motion = motion or {}
    first: dict[str, Any] | None = None
    if motion.get("name"):
        first = {"@type": "CreativeWork", "name": motion["name"]}
        for key in ("identifier", "sha256"):
            if motion.get(key):
                first[key] = motion[key]
        if motion.get("date"):
            first["datePublished"] = motion["date"]
    authors = [{"@type": "Person", "name": name} for name in motion.get("authors") or []]
    publisher: list[dict[str, Any]] = []
    if organisation:
        publisher.append({"@type": "Organization", "name": organisation})
    if officer:
        publisher.append({"@type": "Person", "name": officer})
    reviews = []
    for part in note.sources:
        source = by_id.get(part.source)
        if source is None or part.verdict not in RATING or part.verdict_by != "officer":
            continue
        label = t(note.lang, f"verdict.label.{part.verdict}")
        explanation = " ".join(s.text for s in part.paragraphs[-1]) if part.paragraphs else ""
        for claim in source.get("claims") or []:
            item: dict[str, Any] = {"@type": "Claim"}
            if authors:
                item["author"] = authors[0] if len(authors) == 1 else authors
            if motion.get("date"):
                item["datePublished"] = motion["date"]
            if first:
                item["firstAppearance"] = first
                item["appearance"] = first
            review: dict[str, Any] = {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": url,
                "claimReviewed": claim["text"],
                "itemReviewed": item,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": RATING[part.verdict],
                    "bestRating": 4,
                    "worstRating": 1,
                    "name": label,
                    "alternateName": label,
                    "ratingExplanation": explanation,
                },
                "datePublished": note.as_of,
                "inLanguage": note.lang,
            }
            if publisher:
                review["author"] = publisher[0] if len(publisher) == 1 else publisher
            if source.get("url"):
                review["citation"] = {"@type": "CreativeWork", "url": source["url"]}
            reviews.append(review)
    return reviews
