"""Extraction merges mentions by key, so repeated citations cost linear time (issue 11).

Not timed: the tests count the comparisons of mentions, which list membership made grow with
the square of the mentions of one source.
"""

from __future__ import annotations

from verify.extract import extractor
from verify.extract.model import CandidateMention
from verify.extract.spans import DisjointSpans, SpanIndex
from verify.models import SourceKind

from .conftest import make_doc

PARAGRAPH = (
    "Enligt SCB var drygt {n},1 miljoner födda i ett annat land. Riksrevisionen bedömer att "
    "kostnaderna ökade med {n} procent, se prop. 2017/18:228."
)


def _count_eq(monkeypatch) -> list[int]:
    calls = [0]
    original = CandidateMention.__eq__

    def counting(self, other):
        calls[0] += 1
        return original(self, other)

    monkeypatch.setattr(CandidateMention, "__eq__", counting)
    return calls


def test_absorb_merges_mentions_by_key(monkeypatch):
    calls = _count_eq(monkeypatch)
    target = extractor._Draft("org:scb|other", SourceKind.STATISTICS)
    for i in range(2000):
        other = extractor._Draft("org:scb|other", SourceKind.STATISTICS)
        mention = CandidateMention(1, 1, i, i + 5, f"passage {i}", "attribution")
        other.add_mention(mention)
        other.add_claim(f"claim {i % 10}", 0)
        target.absorb(other)
        target.absorb(other)  # the same mentions again change nothing
    assert len(target.mentions) == 2000
    assert len(target.claims) == 10
    assert [m.start for m in target.mentions] == list(range(2000))
    assert calls[0] <= 2 * 2000  # a list would compare each new mention with all before it


def test_repeated_citations_compare_linearly(monkeypatch):
    calls = _count_eq(monkeypatch)
    counts = []
    for paragraphs in (100, 400):
        calls[0] = 0
        text = "\n\n".join(PARAGRAPH.format(n=i % 9 + 1) for i in range(paragraphs))
        result = extractor.extract_citations(make_doc(text))
        scb = next(c for c in result.candidates if c.acronym == "SCB")
        assert len(scb.mentions) == paragraphs
        counts.append(calls[0])
    assert counts[1] <= 4 * counts[0] + 50, counts


def test_disjoint_spans():
    spans = DisjointSpans()
    assert spans.add(10, 20) and spans.add(30, 40) and spans.add(0, 5)
    assert not spans.add(15, 35)  # overlaps both
    assert not spans.add(19, 21)
    assert spans.add(20, 30)  # touching is not overlapping
    assert spans.covers(10) and spans.covers(39) and not spans.covers(40)
    assert not spans.covers(7) and not spans.overlaps(5, 10)


def test_span_index_encloses():
    index = SpanIndex([(10, 20, "a"), (30, 40, "b")])
    assert index.enclosing(12, 18) == "a"
    assert index.enclosing(12, 22, slack=2) == "a"
    assert index.enclosing(12, 23, slack=2) is None
    assert index.enclosing(31, 40) == "b"
    assert index.enclosing(25, 26) is None
