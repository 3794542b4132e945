"""Score citation extraction against gold annotations; print precision, recall and F1.

Usage (from the repository root)::

    .venv/bin/python eval/extraction.py                    # every gold file in eval/gold
    .venv/bin/python eval/extraction.py --rendered DIR     # also .pdf/.docx made by
                                                           # eval/make_fixtures.py
    .venv/bin/python eval/extraction.py --json             # figures as JSON

Gold files (``eval/gold/*.json``) name their document by ``document`` relative to ``root``:
``"shared"`` is ``../shared`` beside the repository, ``"repo"`` the repository itself. A gold
file whose document is absent is skipped (and said so). Each gold source has ``sender``,
``aliases``, ``kind``, ``designation``, ``url``, ``domain``, ``title``, ``vague``,
``passage`` and ``claims`` (each with ``quantities``: ``value`` and ``unit``).

Matching rule (one-to-one; best-scoring pairs first):

* a predicted candidate matches a gold source when the **designations** are equal
  (case-insensitive), or the **URLs** are equal after normalisation, or (gold without URL)
  the **domains** are equal, or the gold **sender or one of its aliases** equals the
  candidate's organisation, acronym or publisher (case- and punctuation-insensitive); a
  sender match scores higher when the kind or title agrees too, so two works of one
  sender pair with the right candidates;
* a **vague** gold source (no sender) matches a vague candidate whose citing passage
  contains the gold ``passage``.
* otherwise a candidate matches when its **title** equals the gold ``title`` or one of the
  gold ``aliases`` (case- and punctuation-insensitive; or one contains the other when both
  have eight characters or more): a work named without a sender ("Århuskonventionen", "I
  boken Tills alla dör") has nothing else to match by.

Sources: precision = matched / predicted, recall = matched / gold.

Claims are scored by their quantities: each gold quantity (value + unit, compared with
:func:`verify.quantities.same_quantity`, so 40 percent = 0.4 fraction) counts as found
when a claim of the matched candidate carries it; every predicted quantity not so used is
a false positive (all quantities of unmatched candidates are). Claims without quantities
are not scored.

The targets (recall >= 0.9, precision >= 0.8) apply to sources, overall.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from verify.documents.model import ReadDocument  # noqa: E402
from verify.errors import InvalidURLError  # noqa: E402
from verify.extract import Candidate, extract_citations  # noqa: E402
from verify.models import Quantity  # noqa: E402
from verify.quantities import same_quantity  # noqa: E402
from verify.urls import normalize_url  # noqa: E402

GOLD_DIR = REPO / "eval" / "gold"
SHARED = REPO.parent / "shared"


def read(path: Path) -> ReadDocument:
    """The document through verify's reader, or as plain text if the reader is missing."""
    try:
        from verify.documents import read_document
    except ImportError:
        read_document = None
    if read_document is not None:
        return read_document(path)
    data = path.read_bytes()
    text = data.decode("utf-8")
    return ReadDocument(path.name, "text/plain", hashlib.sha256(data).hexdigest(), len(data), text)


def _norm(text: str | None) -> str:
    return re.sub(r"[^\w]+", " ", (text or "").casefold()).strip()


def _url(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return normalize_url(text)
    except InvalidURLError:
        return text


def score_pair(gold: dict[str, Any], cand: Candidate) -> float:
    """How well a candidate fits a gold source (0 = not a match)."""
    if gold.get("designation") and cand.designation:
        if _norm(gold["designation"]) == _norm(cand.designation):
            return 5.0
    if gold.get("url") and cand.url and _url(gold["url"]) == _url(cand.url):
        return 5.0
    if gold.get("vague"):
        passage = _norm(gold.get("passage"))
        if cand.vague and passage and any(passage in _norm(m.passage) for m in cand.mentions):
            return 4.0
        return 0.0
    score = 0.0
    names = {_norm(n) for n in [gold.get("sender"), *gold.get("aliases", [])] if n}
    mine = {_norm(n) for n in (cand.organisation, cand.acronym, cand.publisher) if n}
    if names & mine and not cand.vague:
        score = 2.0
        if gold.get("kind") == str(cand.kind):
            score += 0.5
        if (
            gold.get("title")
            and cand.title
            and (
                _norm(gold["title"]) in _norm(cand.title)
                or _norm(cand.title) in _norm(gold["title"])
            )
        ):
            score += 1.0
        if gold.get("url") and cand.url:
            score -= 1.5  # same sender, but another address: probably another work
    if not gold.get("url") and gold.get("domain") and cand.domain == gold["domain"]:
        score = max(score, 3.0)
    if score == 0 and cand.title and not cand.vague:
        # a work named by its title: "Århuskonventionen", "I boken Tills alla dör"
        mine_title = _norm(cand.title)
        for title in (gold.get("title"), *gold.get("aliases", [])):
            theirs = _norm(title)
            if theirs and (
                theirs == mine_title
                or min(len(theirs), len(mine_title)) >= 8
                and (theirs in mine_title or mine_title in theirs)
            ):
                score = 1.5
                break
    return score


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def prf(self) -> tuple[float | None, float | None, float | None]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        return p, r, f


def evaluate(gold: dict[str, Any], candidates: tuple[Candidate, ...]) -> dict[str, Any]:
    """Source and claim counts for one document, and what matched what."""
    sources = gold["sources"]
    pairs = sorted(
        (
            (score_pair(g, c), gi, ci)
            for gi, g in enumerate(sources)
            for ci, c in enumerate(candidates)
        ),  # fmt: skip
        reverse=True,
    )
    used_g: dict[int, int] = {}
    used_c: set[int] = set()
    for score, gi, ci in pairs:
        if score <= 0 or gi in used_g or ci in used_c:
            continue
        used_g[gi] = ci
        used_c.add(ci)
    src = Counts(tp=len(used_g), fp=len(candidates) - len(used_g), fn=len(sources) - len(used_g))
    claims = Counts()
    for gi, g in enumerate(sources):
        wanted = [Quantity("", float(q["value"]), q["unit"]) for c in g["claims"]
                  for q in c["quantities"]]  # fmt: skip
        got: list[Quantity] = []
        if gi in used_g:
            got = [q for c in candidates[used_g[gi]].claims for q in c.quantities]
        for q in wanted:
            hit = next((i for i, p in enumerate(got) if same_quantity(p, q)), None)
            if hit is None:
                claims.fn += 1
            else:
                claims.tp += 1
                got.pop(hit)
        claims.fp += len(got)
    for ci, c in enumerate(candidates):
        if ci not in used_c:
            claims.fp += sum(len(cl.quantities) for cl in c.claims)
    missed = [g["id"] for gi, g in enumerate(sources) if gi not in used_g]
    extra = [c.key for ci, c in enumerate(candidates) if ci not in used_c]
    return {"sources": src, "claims": claims, "missed": missed, "extra": extra}


def document_path(gold: dict[str, Any]) -> Path:
    root = SHARED if gold.get("root", "shared") == "shared" else REPO
    return root / gold["document"]


def run(gold_dir: Path = GOLD_DIR, rendered: Path | None = None) -> dict[str, Any]:
    """Evaluate every gold file (and rendered pdf/docx copies); per-document and overall."""
    results: dict[str, Any] = {"documents": [], "skipped": []}
    total_src, total_claims = Counts(), Counts()
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        paths = [document_path(gold)]
        if rendered is not None:
            stem = Path(gold["document"]).stem
            paths += sorted(p for p in rendered.glob(f"{stem}.*") if p.suffix in (".pdf", ".docx"))
        for path in paths:
            if not path.exists():
                results["skipped"].append(f"{gold_file.name}: {path} is absent")
                continue
            extraction = extract_citations(read(path))
            outcome = evaluate(gold, extraction.candidates)
            total_src.add(outcome["sources"])
            total_claims.add(outcome["claims"])
            cases_ok = set(gold.get("case_designations", [])) <= set(extraction.case_designations)
            results["documents"].append(
                {
                    "document": path.name,
                    "sources": outcome["sources"],
                    "claims": outcome["claims"],
                    "missed": outcome["missed"],
                    "extra": outcome["extra"],
                    "case_designations_ok": cases_ok,
                }  # fmt: skip
            )
    results["overall"] = {"sources": total_src, "claims": total_claims}
    return results


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.2f}"


def _row(name: str, counts: Counts) -> str:
    p, r, f = counts.prf()
    return (
        f"{name[:58]:58} {_fmt(p)} {_fmt(r)} {_fmt(f)}  "
        f"tp={counts.tp} fp={counts.fp} fn={counts.fn}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="folder of gold files")
    parser.add_argument("--rendered", type=Path, help="folder with .pdf/.docx renderings")
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    results = run(args.gold, args.rendered)
    if args.json:

        def conv(o: Any) -> Any:
            if isinstance(o, Counts):
                p, r, f = o.prf()
                return {"tp": o.tp, "fp": o.fp, "fn": o.fn, "precision": p, "recall": r, "f1": f}
            raise TypeError(type(o))

        print(json.dumps(results, default=conv, indent=2, ensure_ascii=False))
        return 0
    header = f"{'document':58} {'    P'} {'    R'} {'   F1'}"
    for what in ("sources", "claims"):
        print(
            f"\n{what.upper()} (claims: quantities value+unit)" if what == "claims" else "\nSOURCES"
        )
        print(header)
        for doc in results["documents"]:
            print(_row(doc["document"], doc[what]))
            if args.verbose and what == "sources" and (doc["missed"] or doc["extra"]):
                print(f"    missed: {doc['missed']}\n    extra:  {doc['extra']}")
        print(_row("OVERALL", results["overall"][what]))
    bad_cases = [d["document"] for d in results["documents"] if not d["case_designations_ok"]]
    if bad_cases:
        print(f"\ncase designations missed in: {', '.join(bad_cases)}")
    for skipped in results["skipped"]:
        print(f"skipped: {skipped}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
