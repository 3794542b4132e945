"""Evaluate claim matching on real pages: numbers rewritten in another surface form.

Takes sentences with figures from the ground-truth texts in ../shared/corpus (the
scrapinghub article bodies, English and others, and the Swedish government texts), rewrites
the first figure of each in another surface form ("40%" -> "40 percent", "25" -> "twenty-five",
"9,228" -> "9228", "40 procent" -> "40 %", "50 %" -> "hälften"), and matches the rewritten
sentence against the whole page text. It reports how often it is ``found`` (target >= 95 %),
and how often the same claim with the figure changed is ``found`` (target <= 2 %).

    .venv/bin/python eval/claim_matching.py [--per-page 3] [--limit 400] [-v]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from verify.evidence import match_claim, sentences
from verify.quantities import guess_language, parse_quantities

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
_EN_WORDS = {
    1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
    9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 15: "fifteen", 20: "twenty",
    30: "thirty", 40: "forty", 50: "fifty",
}  # fmt: skip
_EN_TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy",
            8: "eighty", 9: "ninety"}  # fmt: skip
_SV_WORDS = {
    2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta", 9: "nio",
    10: "tio", 11: "elva", 12: "tolv", 20: "tjugo", 30: "trettio",
}  # fmt: skip
_SV_TENS = {2: "tjugo", 3: "trettio", 4: "fyrtio", 5: "femtio", 6: "sextio", 7: "sjuttio",
            8: "åttio", 9: "nittio"}  # fmt: skip
_SV_ONES = {1: "ett", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta",
            9: "nio"}  # fmt: skip
_EN_ONES = {k: v for k, v in _EN_WORDS.items() if k < 10}


def pages() -> list[tuple[str, str, str]]:
    """(label, url, text) of every ground-truth page."""
    out = []
    gt = json.loads((SHARED / "pages-scrapinghub" / "ground-truth.json").read_text("utf-8"))
    for key, item in sorted(gt.items()):
        out.append((key[:10], item.get("url", ""), item["articleBody"]))
    for path in sorted((SHARED / "swedish-gov" / "docs").glob("*.md")):
        out.append((path.stem[:40], path.name, path.read_text("utf-8")))
    return out


def _number_words(value: int, lang: str) -> str | None:
    if lang == "sv":
        if value in _SV_WORDS:
            return _SV_WORDS[value]
        tens, ones = divmod(value, 10)
        if 2 <= tens <= 9 and ones:
            return _SV_TENS[tens] + _SV_ONES[ones]
        return None
    if value in _EN_WORDS:
        return _EN_WORDS[value]
    tens, ones = divmod(value, 10)
    if 2 <= tens <= 9 and ones:
        return f"{_EN_TENS[tens]}-{_EN_ONES[ones]}"
    return None


def _fmt(value: float, lang: str, thousands: bool) -> str:
    if float(value).is_integer():
        text = f"{int(value):,}" if thousands else str(int(value))
        return text.replace(",", " ") if lang == "sv" else text
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "sv" else text


def rewrite(unit: str, value: float, lang: str, scale_words: str) -> str | None:
    """Another surface form of the same figure."""
    if unit == "percent":
        if value == 50:
            return "hälften" if lang == "sv" else "half"
        if value == 25:
            return "en fjärdedel" if lang == "sv" else "a quarter"
        num = _fmt(value, lang, False)
        return f"{num} %" if lang == "sv" else f"{num} percent"
    if unit == "count" and not scale_words:
        if float(value).is_integer() and 1 < value < 100:
            return _number_words(int(value), lang)
        if float(value).is_integer() and value >= 1000:
            return _fmt(value, lang, thousands=True) if lang == "sv" else str(int(value))
    return None


def changed(unit: str, value: float, lang: str) -> str:
    """The same kind of figure with another value."""
    other = value + 7 if value < 60 else round(value * 1.37) + 3
    if unit == "percent":
        other = value + 11 if value < 80 else value - 23
        return f"{_fmt(other, lang, False)} {'procent' if lang == 'sv' else 'percent'}"
    return _fmt(other, lang, thousands=other >= 10000)


def cases(per_page: int) -> list[dict[str, str]]:
    out = []
    for label, url, text in pages():
        lang = guess_language(text)
        if lang not in ("sv", "en"):
            continue
        taken = 0
        for passage in sentences(text):
            if taken >= per_page:
                break
            sentence = passage.text
            if len(sentence) < 40 or len(sentence) > 400:
                continue
            quantities = [
                q for q in parse_quantities(sentence, lang) if q.unit in ("percent", "count")
            ]
            if not quantities:
                continue
            q = quantities[0]
            digits = re.search(r"\d[\d,. \u00a0]*", q.text)
            if digits is None or sentence.count(q.text) != 1:
                continue
            before = sentence[: sentence.index(q.text)].rstrip().lower()
            if re.search(
                r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?$", before
            ) or re.search(r"(?:januari|mars|maj|juni|juli)$", before):
                continue  # a day of the month, not a figure (parse_quantities reads it as one)
            scale = re.sub(r"[\d,. \u00a0]", "", q.text[digits.end() :])
            hedge = (q.hedge + " ") if q.hedge else ""
            form = rewrite(q.unit, q.value, lang, scale)
            if form is None:
                continue
            wrong = changed(q.unit, q.value, lang)
            out.append(
                {
                    "page": label,
                    "url": url,
                    "original": sentence,
                    "claim": sentence.replace(q.text, hedge + form),
                    "changed": sentence.replace(q.text, hedge + wrong),
                    "text": text,
                }
            )
            taken += 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-page", type=int, default=3)
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    if not SHARED.exists():
        print(f"{SHARED} is absent", file=sys.stderr)
        return 2
    chosen = cases(args.per_page)[: args.limit]
    found = false_found = 0
    for case in chosen:
        hit = match_claim(case["claim"], case["text"]).match == "found"
        miss = match_claim(case["changed"], case["text"]).match == "found"
        found += hit
        false_found += miss
        if args.verbose and (not hit or miss):
            tag = "MISSED" if not hit else "FALSE "
            print(f"{tag} {case['page']}: {case['claim'] if not hit else case['changed']}")
    n = len(chosen)
    print(f"claims: {n} sentences with figures from {len({c['page'] for c in chosen})} pages")
    print(f"rewritten figure found: {found}/{n} = {100 * found / n:.1f} % (target >= 95 %)")
    print(
        f"changed figure found:   {false_found}/{n} = {100 * false_found / n:.1f} % (target <= 2 %)"
    )
    return 0 if found / n >= 0.95 and false_found / n <= 0.02 else 1


if __name__ == "__main__":
    sys.exit(main())
