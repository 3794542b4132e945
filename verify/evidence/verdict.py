"""The suggested verdict: transparent, documented rules over the evidence (pure).

The scale is fixed (:class:`~verify.evidence.records.Verdict`): ``reliable``,
``partly_reliable``, ``cannot_be_assessed``, ``not_reliable``. Every rule that fires gives a
:class:`Reason` with a stable ``code``, the verdict it points to (or none: a fact worth
saying), and its evidence (ids of checks, snapshots, findings, claims, and the quoted
sentence). The suggestion is the most severe verdict any rule points to, in this order::

    not_reliable  >  cannot_be_assessed  >  partly_reliable  >  reliable

and ``cannot_be_assessed`` (``insufficient_evidence``) when no rule points anywhere. So an
unreachable source with no archived copy cannot be assessed, *unless* a finding shows it is
not reliable. A suggestion is never a decision: the officer records that with
``verify verdict``.

The rules, in :data:`RULES` order:

``non_scientific_disclaimer`` → not_reliable
    The sender (in the source or as reported in a finding) says the survey is not scientific
    or not representative, and a claim uses it to state a share of a population.
``self_selected_sample`` → not_reliable
    The sample is self-selected / opt-in / convenience (said in the text), and a claim states
    a share of a population.
``disclaimer_without_share`` → partly_reliable
    A disclaimer as above, but no claim states a share.
``margin_of_error_opt_in`` → partly_reliable
    A margin of error is claimed for an opt-in or self-selected sample.
``primary_unreachable_no_archive`` → cannot_be_assessed
    The source's own address was checked and was not there (their side: not found, gone,
    no such domain, an error page, ...), and the archives were asked and hold no copy (or
    were not asked, for a check of today), and no snapshot of the source exists.
``primary_unreachable_archive_unknown`` → cannot_be_assessed
    As above, but the archives could not be asked, so whether a copy exists is not known.
``availability_not_checked`` → (none)
    The checks could not be made (no network, DNS down, the archives unreachable): that
    says nothing about the source and is never a reason for a verdict.
``primary_restricted`` → cannot_be_assessed
    Behind a paywall, login, consent wall or block, and no snapshot with text exists.
``not_checked`` → cannot_be_assessed
    Nothing was checked or archived and no finding exists.
``claim_different_value`` → partly_reliable
    The source's text states another figure on the topic of a claim.
``claim_not_found`` → partly_reliable
    The source's text is there but a claim (its figure, or its quotation) is not in it.
``claim_found_elsewhere_on_page`` → (none)
    The claim is on the source's page, but outside its main (article) text: in a lead, a
    fact box, a caption or a part the text extractor left out. Not a mismatch and never a
    push towards a verdict; the officer reads where it stands. It does not count as traced.
``method_not_disclosed`` → partly_reliable
    A survey, statistics, study or dataset (or a report describing one) whose text discloses
    neither sampling nor sample size nor population. Articles, web pages and official
    publications are not judged on method items: what an article reports about a survey's
    method is evidence about that survey, never a penalty on the article.
``claims_traced`` → reliable
    Every claim is found in the source's text, the text is available (live or archived), and
    for a survey or study the sampling is a probability sample with a sample size stated.
``primary_archived_only`` → (none)
    Not reachable live on the date, but an archived copy or snapshot exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import Claim, Source
from ..quantities import parse_quantities
from .availability import Availability
from .matching import ClaimMatch, MatchResult, spell_out_compounds
from .method import MethodHit, MethodReport
from .records import Finding, Verdict

__all__ = ["METHOD_KINDS", "RULES", "SEVERITY", "SURVEY_KINDS", "Reason", "suggest_verdict"]

#: Most severe first.
SEVERITY = (
    Verdict.NOT_RELIABLE,
    Verdict.CANNOT_BE_ASSESSED,
    Verdict.PARTLY_RELIABLE,
    Verdict.RELIABLE,
)
#: Kinds whose method (sampling, sample size, population, ...) is assessed.
METHOD_KINDS = frozenset({"survey", "study", "dataset", "statistics"})
SURVEY_KINDS = METHOD_KINDS  # the older name
_SAMPLE_KINDS = frozenset({"survey", "study"})

#: code -> the verdict it points to (None: a fact, not a push).
RULES: dict[str, Verdict | None] = {
    "non_scientific_disclaimer": Verdict.NOT_RELIABLE,
    "self_selected_sample": Verdict.NOT_RELIABLE,
    "disclaimer_without_share": Verdict.PARTLY_RELIABLE,
    "margin_of_error_opt_in": Verdict.PARTLY_RELIABLE,
    "primary_unreachable_no_archive": Verdict.CANNOT_BE_ASSESSED,
    "primary_unreachable_archive_unknown": Verdict.CANNOT_BE_ASSESSED,
    "availability_not_checked": None,
    "primary_restricted": Verdict.CANNOT_BE_ASSESSED,
    "not_checked": Verdict.CANNOT_BE_ASSESSED,
    "claim_different_value": Verdict.PARTLY_RELIABLE,
    "claim_not_found": Verdict.PARTLY_RELIABLE,
    "claim_found_elsewhere_on_page": None,
    "method_not_disclosed": Verdict.PARTLY_RELIABLE,
    "claims_traced": Verdict.RELIABLE,
    "primary_archived_only": None,
    "insufficient_evidence": Verdict.CANNOT_BE_ASSESSED,
}


@dataclass(frozen=True)
class Reason:
    """A rule that fired: its code, the verdict it points to, and its evidence."""

    code: str
    verdict: Verdict | None
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "verdict": str(self.verdict) if self.verdict else None,
            "evidence": self.evidence,
        }


def _reason(code: str, **evidence: Any) -> Reason:
    return Reason(code, RULES[code], {k: v for k, v in evidence.items() if v not in (None, [])})


def _hits(hits: Sequence[MethodHit]) -> list[dict[str, Any]]:
    return [
        {"origin": h.origin, "value": h.value, "phrase": h.phrase, "sentence": h.passage.text}
        for h in hits
    ]


def _origins(hits: Sequence[MethodHit], prefix: str) -> list[str]:
    out: list[str] = []
    for hit in hits:
        for part in (hit.origin or "").split("/"):
            if part.startswith(prefix) and part not in out:
                out.append(part)
    return out


def states_share(claim: Claim) -> bool:
    """Whether a claim states a share of a population (a percent or a fraction)."""
    quantities = claim.quantities or tuple(parse_quantities(spell_out_compounds(claim.text)))
    return any(q.unit in ("percent", "fraction") for q in quantities)


def suggest_verdict(
    source: Source,
    availability: Availability,
    matches: Sequence[ClaimMatch],
    method: MethodReport,
    findings: Sequence[Finding] = (),
    *,
    has_text: bool = False,
) -> tuple[Verdict, tuple[Reason, ...]]:
    """The suggested verdict and every reason that fired (see the module docstring)."""
    reasons: list[Reason] = []
    share_claims = [c.id for c in source.claims if states_share(c)]
    limits = ("non_scientific", "not_representative")
    scientific = [h for h in method.disclaimers if h.value in limits]
    if scientific and share_claims:
        reasons.append(
            _reason(
                "non_scientific_disclaimer",
                claims=share_claims,
                findings=_origins(scientific, "F"),
                snapshots=_origins(scientific, "P"),
                hits=_hits(scientific),
            )
        )
    opt_in = [h for h in method.found("sampling") if h.value == "self_selected"]
    opt_in += [h for h in method.disclaimers if h.value == "opt_in"]
    if opt_in and share_claims:
        reasons.append(
            _reason(
                "self_selected_sample",
                claims=share_claims,
                findings=_origins(opt_in, "F"),
                snapshots=_origins(opt_in, "P"),
                hits=_hits(opt_in),
            )
        )
    if (scientific or opt_in) and not share_claims:
        hits = scientific + opt_in
        reasons.append(
            _reason(
                "disclaimer_without_share",
                findings=_origins(hits, "F"),
                snapshots=_origins(hits, "P"),
                hits=_hits(hits),
            )
        )
    if "margin_of_error_with_opt_in" in method.flags:
        hits = list(method.found("margin_of_error")) + opt_in
        reasons.append(_reason("margin_of_error_opt_in", hits=_hits(hits)))
    state = availability.state
    statuses = [str(c.get("status")) for c in availability.checks]
    if state == "unreachable":
        code = (
            "primary_unreachable_archive_unknown"
            if availability.archive == "could_not_check"
            else "primary_unreachable_no_archive"
        )
        reasons.append(
            _reason(
                code,
                checks=availability.check_ids,
                statuses=statuses,
                snapshots=[str(s.get("id")) for s in availability.error_pages],
                url=source.url,
                as_of=availability.as_of,
            )
        )
    elif state == "could_not_check":
        reasons.append(
            _reason(
                "availability_not_checked",
                checks=availability.check_ids,
                statuses=statuses,
                as_of=availability.as_of,
            )
        )
    elif state == "restricted" and not has_text:
        reasons.append(
            _reason("primary_restricted", checks=availability.check_ids, statuses=statuses)
        )
    elif state == "not_checked" and not has_text and not findings:
        reasons.append(_reason("not_checked", url=source.url))
    elif state == "archived":
        reasons.append(
            _reason(
                "primary_archived_only",
                checks=availability.check_ids,
                snapshots=availability.snapshot_ids,
            )
        )
    for match in matches:
        where = match.passage.text if match.passage else None
        if match.match is MatchResult.DIFFERENT_VALUE:
            reasons.append(
                _reason(
                    "claim_different_value",
                    claims=[match.claim_id] if match.claim_id else [],
                    snapshots=[match.snapshot] if match.snapshot else [],
                    expected=list(match.expected),
                    figures=list(match.figures),
                    sentence=where,
                )
            )
        elif match.match is MatchResult.FOUND_ELSEWHERE_ON_PAGE:
            reasons.append(
                _reason(
                    "claim_found_elsewhere_on_page",
                    claims=[match.claim_id] if match.claim_id else [],
                    snapshots=[match.snapshot] if match.snapshot else [],
                    sentence=where,
                )
            )
        elif match.match is MatchResult.NOT_FOUND:
            reasons.append(
                _reason(
                    "claim_not_found",
                    claims=[match.claim_id] if match.claim_id else [],
                    snapshots=[match.snapshot] if match.snapshot else [],
                    how=match.how,
                )
            )
    kind = str(source.kind)
    core = {"sampling", "sample_size", "population"}
    applies = kind in METHOD_KINDS or (kind == "report" and bool(method.hits))
    if has_text and applies and not core & set(method.disclosed):
        reasons.append(_reason("method_not_disclosed", missing=list(method.missing)))
    traced = bool(matches) and all(m.match is MatchResult.FOUND for m in matches)
    sound = kind not in _SAMPLE_KINDS or (
        method.sampling == "probability" and bool(method.sample_sizes)
    )
    pushing = [r for r in reasons if r.verdict is not None]
    if has_text and traced and sound and not pushing and state in ("available", "archived"):
        reasons.append(
            _reason(
                "claims_traced",
                claims=[m.claim_id for m in matches if m.claim_id],
                snapshots=sorted({m.snapshot for m in matches if m.snapshot}),
            )
        )
    pushed = [r.verdict for r in reasons if r.verdict is not None]
    if not pushed:
        reasons.append(_reason("insufficient_evidence"))
        return Verdict.CANNOT_BE_ASSESSED, tuple(reasons)
    for verdict in SEVERITY:
        if verdict in pushed:
            return verdict, tuple(reasons)
    return Verdict.CANNOT_BE_ASSESSED, tuple(reasons)  # pragma: no cover
