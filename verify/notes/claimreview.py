"""schema.org ClaimReview JSON-LD from a note (pure).

One ClaimReview per claim of each source that has a verdict: ``claimReviewed`` is the claim as
the motion states it, ``itemReviewed`` a Claim whose ``firstAppearance`` is the motion,
``reviewRating`` the verdict on a 1-4 scale with its name in ``alternateName``, ``author`` the
officer, ``datePublished`` the note's date, ``inLanguage`` its language. A verdict that is only
the tool's suggestion is said so in ``reviewRating.ratingExplanation``.
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
    motion: dict[str, Any] | None,
    officer: str | None,
) -> list[dict[str, Any]]:
    """The ClaimReview objects of ``note`` for ``sources`` (``Source.to_dict()`` each)."""
    by_id = {s["id"]: s for s in sources}
    first = {"@type": "CreativeWork", "name": (motion or {}).get("name") or note.title}
    if motion and motion.get("identifier"):
        first["identifier"] = motion["identifier"]
    if motion and motion.get("sha256"):
        first["sha256"] = motion["sha256"]
    reviews = []
    for part in note.sources:
        source = by_id.get(part.source)
        if source is None or part.verdict not in RATING:
            continue
        label = t(note.lang, f"verdict.label.{part.verdict}")
        explanation = " ".join(s.text for s in part.paragraphs[-1]) if part.paragraphs else ""
        if part.verdict_by != "officer":
            explanation = f"{t(note.lang, 'claimreview.suggested')} {explanation}".strip()
        sender = source.get("organisation") or source.get("publisher") or source.get("acronym")
        for claim in source.get("claims") or []:
            item: dict[str, Any] = {"@type": "Claim", "firstAppearance": first}
            if sender:
                item["author"] = {"@type": "Organization", "name": sender}
            review = {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "claimReviewed": claim["text"],
                "itemReviewed": item,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": RATING[part.verdict],
                    "bestRating": 4,
                    "worstRating": 1,
                    "alternateName": label,
                    "ratingExplanation": explanation,
                },
                "author": {"@type": "Person", "name": officer or "verify"},
                "datePublished": note.as_of,
                "inLanguage": note.lang,
            }
            if source.get("url"):
                review["itemReviewed"]["appearance"] = {"@type": "CreativeWork",
                                                        "url": source["url"]}  # fmt: skip
            reviews.append(review)
    return reviews
