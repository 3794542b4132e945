"""Method signals on method descriptions in real pages (no internet here).

Real survey reports could not be downloaded in this environment, so the method descriptions
come from news articles in the scrapinghub ground truth (../shared/corpus/pages-scrapinghub/
ground-truth.json) that describe a poll or survey: the sentences that mention a poll, survey,
respondents or sample are taken as the method description, and :func:`method_signals` is run
on them. Each page is listed with its URL from the ground-truth file, what was disclosed (with
the sentence), what is missing, and any disclaimer or flag.

    .venv/bin/python eval/method_signals.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from verify.evidence import method_signals, sentences

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
_MENTIONS = re.compile(
    r"\b(poll|polls|polled|survey|surveys|surveyed|respondents|sample|margin of error|questionnaire)\b",
    re.IGNORECASE,
)


def main() -> int:
    path = SHARED / "pages-scrapinghub" / "ground-truth.json"
    if not path.exists():
        print(f"{path} is absent", file=sys.stderr)
        return 2
    ground = json.loads(path.read_text("utf-8"))
    pages = 0
    for key, item in sorted(ground.items()):
        described = [p.text for p in sentences(item["articleBody"]) if _MENTIONS.search(p.text)]
        if not described:
            continue
        report = method_signals(" ".join(described))
        if not report.hits and not report.disclaimers:
            continue
        pages += 1
        print(f"\n{item['url']}  ({key[:10]}, {len(described)} method sentences)")
        for hit in report.hits:
            extra = f" n={hit.number}" if hit.number else ""
            print(f"  + {hit.item}{extra} [{hit.value}] «{hit.phrase}»: {hit.passage.text[:140]}")
        for hit in report.disclaimers:
            print(f"  ! disclaimer {hit.value} «{hit.phrase}»: {hit.passage.text[:140]}")
        print(f"  missing: {', '.join(report.missing) or '-'}")
        if report.flags:
            print(f"  flags: {', '.join(report.flags)}")
    print(f"\npages with a method description and signals: {pages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
