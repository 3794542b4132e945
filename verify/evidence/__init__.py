"""Evidence about sources: claim matching, method signals, the rubric, the suggested verdict.

Pure code: functions of their inputs, no I/O. The steps in :mod:`verify.steps.evidence` read the
store, call these, and record what the officer decides.
"""

from .availability import Availability, availability_of
from .matching import ClaimMatch, MatchResult, match_claim, spell_out_compounds
from .method import MethodHit, MethodReport, merge_reports, method_signals
from .records import (
    CRITERIA,
    Finding,
    FindingKind,
    Search,
    SearchResult,
    Verdict,
    VerdictRecord,
)
from .rubric import Assessment, Criterion, Signal, SourceEvidence, assess_source
from .text import Passage, sentences
from .verdict import RULES, Reason, suggest_verdict

__all__ = [
    "CRITERIA",
    "RULES",
    "Assessment",
    "Availability",
    "ClaimMatch",
    "Criterion",
    "Finding",
    "FindingKind",
    "MatchResult",
    "MethodHit",
    "MethodReport",
    "Passage",
    "Reason",
    "Search",
    "SearchResult",
    "Signal",
    "SourceEvidence",
    "Verdict",
    "VerdictRecord",
    "assess_source",
    "availability_of",
    "match_claim",
    "merge_reports",
    "method_signals",
    "sentences",
    "spell_out_compounds",
    "suggest_verdict",
]
