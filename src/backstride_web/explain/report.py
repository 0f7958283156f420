"""The Explain section of the clinician report: the ranked possible contributors.

The same ranking as the Explain page (:func:`~backstride_web.explain.services.explain_runner`),
as of the period's end: each contributor with its score, what in the runner's data speaks for
and against it, what may help, and its sources. Nothing is ranked while the safety screen
blocks it; the section then says why.
"""

from __future__ import annotations

from typing import Any, Final

from backstride_web.accounts.models import User
from backstride_web.explain.services import explain_runner
from backstride_web.report.sections import ReportPeriod, report_section

TOP: Final = 6


@report_section(
    "contributors",
    title="Possible contributors, with their evidence",
    order=60,
    template="report/sections/contributors.html",
)
def contributors_section(runner: User, period: ReportPeriod) -> dict[str, Any]:
    case, found = explain_runner(runner, now=period.as_of)
    ranked = list(found.ranked[:TOP])
    sources: list[str] = []
    for item in ranked:
        sources.extend(item.contributor.sources)
    for test in found.next_tests:
        sources.append(test.check.source)
    return {
        "explanation": found,
        "ranked": ranked,
        "more": max(len(found.ranked) - TOP, 0),
        "next_tests": found.next_tests,
        "notes": case.notes,
        "sources": sources,
    }
