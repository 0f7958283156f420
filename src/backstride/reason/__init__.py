"""Reasoning: rank the possible contributors to a runner's pain, with every reason shown.

One code path for the web page, the CLI and the report::

    case (JSON file or stored data) -> explain(case) -> Explanation -> page / as_json / report

* :mod:`.case` - the case format (docs/case-format.md) and its validating loader;
* :mod:`.evidence` - a case -> yes / no / unknown signals, each with its detail;
* :mod:`.hypotheses` - signals -> a log-odds score per contributor, every term listed;
* :mod:`.next_test` - which available test would most change the ranking.

Safety comes first: with no safety screen, or an EMERGENCY or URGENT red flag not yet cleared
by a clinician, :func:`explain` ranks nothing and says why. Nothing here diagnoses: a
contributor "may contribute"; the route to a professional is always offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from backstride.assess import redflags
from backstride.assess.redflags import Tier
from backstride.reason.case import Case, case_from_dict, load_case
from backstride.reason.evidence import Observation, observe
from backstride.reason.hypotheses import Folk, Ranked, Term, folk, rank
from backstride.reason.next_test import NextTest, suggest

__all__ = [
    "NOTICE",
    "Case",
    "Explanation",
    "as_json",
    "case_from_dict",
    "explain",
    "load_case",
]

NOTICE: Final = (
    "backstride does not diagnose. These are possible contributors that may play a part, ranked "
    "by the evidence in your own data; each says how strong the science is. See a "
    "physiotherapist or doctor if pain persists, rises, or spreads into a leg."
)
NO_SCREEN: Final = (
    "No safety screen yet: answer the red-flag screen first. Nothing is ranked until then."
)
FOLK_TOP: Final = 5


@dataclass(frozen=True, slots=True)
class Explanation:
    """The ranking of one case, or the reason it is blocked."""

    blocked: bool
    reason: str | None
    ranked: tuple[Ranked, ...]
    next_tests: tuple[NextTest, ...]
    observations: tuple[Observation, ...]
    folk: tuple[Folk, ...]
    tier: Tier
    notice: str = NOTICE


def _block_reason(case: Case) -> str | None:
    flags = case.red_flags
    if not flags.screened:
        return NO_SCREEN
    if flags.tier >= Tier.URGENT and not flags.cleared:
        info = redflags.tier_info(flags.tier)
        shown = ", ".join(flags.positives) or "a red flag"
        return (
            f"{info.headline}. The safety screen ({shown}) comes before any explanation: "
            f"{info.action} Nothing is ranked until a clinician has checked you."
        )
    return None


def explain(case: Case) -> Explanation:
    """Rank the contributors for ``case`` (or block, see the module docstring)."""
    reason = _block_reason(case)
    if reason is not None:
        return Explanation(True, reason, (), (), (), (), case.red_flags.tier)
    observations = observe(case)
    ranked = rank(observations)
    leaders = {r.id for r in ranked[:FOLK_TOP]}
    notes = tuple(f for f in folk() if leaders.intersection(f.contributors))
    return Explanation(
        blocked=False,
        reason=None,
        ranked=ranked,
        next_tests=suggest(observations, ranked),
        observations=observations,
        folk=notes,
        tier=case.red_flags.tier,
    )


def _term(term: Term) -> dict[str, Any]:
    return {
        "signal": term.key,
        "finding": term.detail,
        "weight": round(term.weight, 3),
        "reason": term.reason,
    }


def as_json(explanation: Explanation) -> dict[str, Any]:
    """``{"blocked", "reason", "contributors": [...], "next_tests": [...]}`` (docs/cli.md)."""
    return {
        "blocked": explanation.blocked,
        "reason": explanation.reason,
        "contributors": [
            {
                "id": r.id,
                "name": r.contributor.name,
                "score": round(r.score, 3),
                "grade": r.contributor.grade,
                "for": [_term(t) for t in r.speaks_for],
                "against": [_term(t) for t in r.speaks_against],
                "unknown": [{"signal": t.key, "question": t.question} for t in r.unknown],
            }
            for r in explanation.ranked
        ],
        "next_tests": [
            {
                "id": t.check.id,
                "name": t.check.name,
                "kind": t.check.kind,
                "settles": list(t.settles),
                "informs": list(t.informs),
                "expected_score_change": t.expected_score_change,
                "expected_rank_change": t.expected_rank_change,
                "why": t.why,
                "how": t.check.how,
            }
            for t in explanation.next_tests
        ],
    }
