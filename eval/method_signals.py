"""Method signals against a hand-annotated gold set of real survey method descriptions.

The gold file (``eval/gold/method/reports.json``) lists published method descriptions: news
fact boxes ("Så gjordes undersökningen"), agency pages (SCB, Folkhälsomyndigheten, SOM),
Pew/Gallup/YouGov/Eurobarometer method notes, and self-selected polls with disclaimers. Each
entry gives its URL, publisher and language, the method items an expert judged disclosed,
the sampling kind, the acceptable sample sizes and the disclaimers made. The texts are not in
the repository (copyright): save each page's method section as ``<id>.txt`` in a folder and
pass it with ``--texts``; a missing text is skipped with a message.

    .venv/bin/python eval/method_signals.py --texts /tmp/method-texts [--split heldout]
    .venv/bin/python eval/method_signals.py --pages     # the older web-page corpus listing

Printed: precision/recall/F1 per item over the reports and overall (micro), disclaimer
scores, sampling-kind and sample-size agreement, and for each report what was missed (``-``)
or wrongly found (``+``) with the sentence that triggered it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from verify.evidence import method_signals, sentences
from verify.evidence.phrases import DISCLAIMERS, ITEMS

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold" / "method" / "reports.json"
SHARED = ROOT.parent / "shared" / "corpus"
_KIND = {"probability": "probability", "self_selected": "nonprobability", "mixed": "mixed"}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _row(name: str, counts: list[int]) -> str:
    tp, fp, fn = counts
    p, r, f = _prf(tp, fp, fn)
    return f"  {name:<20} tp={tp:>3} fp={fp:>3} fn={fn:>3}  P={p:.2f} R={r:.2f} F1={f:.2f}"


def evaluate(gold_path: Path, texts: Path, verbose: bool = True, split: str = "all") -> dict:
    gold = json.loads(gold_path.read_text("utf-8"))
    counts = {item: [0, 0, 0] for item in ITEMS}
    disc = {name: [0, 0, 0] for name in DISCLAIMERS}
    kind_ok = size_ok = size_n = used = 0
    reports = [e for e in gold["reports"] if split in ("all", e.get("split", "tuning"))]
    for entry in reports:
        path = texts / f"{entry['id']}.txt"
        if not path.exists():
            print(f"skip {entry['id']}: no {path}", file=sys.stderr)
            continue
        used += 1
        report = method_signals(path.read_text("utf-8"))
        want, got = set(entry["disclosed"]), set(report.disclosed)
        lines = []
        for item in ITEMS:
            c = counts[item]
            if item in want and item in got:
                c[0] += 1
            elif item in got:
                c[1] += 1
                hit = report.found(item)[0]
                lines.append(f"    + {item} «{hit.phrase}»: {hit.passage.text[:110]}")
            elif item in want:
                c[2] += 1
                lines.append(f"    - {item}")
        want_d = set(entry["disclaimers"])
        got_d = {h.value for h in report.disclaimers}
        for name in DISCLAIMERS:
            c = disc[name]
            c[0] += name in want_d and name in got_d
            c[1] += name in got_d and name not in want_d
            c[2] += name in want_d and name not in got_d
            if name in got_d and name not in want_d:
                hit = next(h for h in report.disclaimers if h.value == name)
                lines.append(f"    + disclaimer {name} «{hit.phrase}»: {hit.passage.text[:90]}")
            elif name in want_d and name not in got_d:
                lines.append(f"    - disclaimer {name}")
        kind = _KIND.get(report.sampling or "")
        if kind == entry["sampling"]:
            kind_ok += 1
        else:
            lines.append(f"    ~ sampling: gold {entry['sampling']}, found {kind}")
        if entry["sample_sizes"]:
            size_n += 1
            if set(report.sample_sizes) & set(entry["sample_sizes"]):
                size_ok += 1
            else:
                lines.append(
                    f"    ~ sample size: gold {entry['sample_sizes']}, found {list(report.sample_sizes)}"
                )
        if verbose:
            print(f"\n{entry['id']} ({entry['language']}, {entry['publisher']})")
            print("\n".join(lines) if lines else "    all items right")
    overall = [sum(c[i] for c in counts.values()) for i in range(3)]
    print(f"\nreports scored ({split}): {used} of {len(reports)}")
    print("items (a report is one case per item):")
    for item in ITEMS:
        print(_row(item, counts[item]))
    print(_row("OVERALL (micro)", overall))
    print("disclaimers:")
    for name in DISCLAIMERS:
        print(_row(name, disc[name]))
    print(f"sampling kind right: {kind_ok}/{used}")
    print(f"sample size found among gold numbers: {size_ok}/{size_n}")
    return {"items": counts, "overall": overall, "disclaimers": disc, "used": used}


_MENTIONS = re.compile(
    r"\b(poll|polls|polled|survey|surveys|surveyed|respondents|sample|margin of error|"
    r"questionnaire)\b",
    re.IGNORECASE,
)


def pages() -> int:
    """The older listing: poll sentences of news pages in the scrapinghub ground truth."""
    path = SHARED / "pages-scrapinghub" / "ground-truth.json"
    if not path.exists():
        print(f"{path} is absent", file=sys.stderr)
        return 2
    ground = json.loads(path.read_text("utf-8"))
    n = 0
    for key, item in sorted(ground.items()):
        described = [p.text for p in sentences(item["articleBody"]) if _MENTIONS.search(p.text)]
        report = method_signals(" ".join(described)) if described else None
        if report is None or (not report.hits and not report.disclaimers):
            continue
        n += 1
        print(f"\n{item['url']}  ({key[:10]}, {len(described)} method sentences)")
        for hit in report.hits:
            extra = f" n={hit.number}" if hit.number else ""
            print(f"  + {hit.item}{extra} [{hit.value}] «{hit.phrase}»: {hit.passage.text[:140]}")
        for hit in report.disclaimers:
            print(f"  ! disclaimer {hit.value} «{hit.phrase}»: {hit.passage.text[:140]}")
        print(f"  missing: {', '.join(report.missing) or '-'}")
    print(f"\npages with a method description and signals: {n}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, help="folder with one <id>.txt per gold report")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--quiet", action="store_true", help="figures only, no per-report lines")
    ap.add_argument(
        "--split",
        choices=("all", "tuning", "heldout"),
        default="all",
        help="tuning: the reports the rules were improved on; heldout: annotated later, not tuned on",
    )
    ap.add_argument("--pages", action="store_true", help="the older web-page corpus listing")
    args = ap.parse_args(argv)
    if args.pages:
        return pages()
    if args.texts is None:
        ap.error("--texts DIR is required (or --pages)")
    if not args.texts.is_dir():
        print(f"{args.texts} is not a folder", file=sys.stderr)
        return 2
    evaluate(args.gold, args.texts, verbose=not args.quiet, split=args.split)
    return 0


if __name__ == "__main__":
    sys.exit(main())
