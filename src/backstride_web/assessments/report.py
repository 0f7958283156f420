"""The assessment sections of the clinician report: the safety screen and the scores over time.

Registered from :meth:`AssessmentsConfig.ready`. The safety section is always printed (a
runner with no screen is worth saying so); the scores section is "no data" when nothing was
answered by the end of the period.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from django.utils.safestring import mark_safe

from backstride.assess import instruments, redflags
from backstride.assess.redflags import Tier
from backstride.errors import InputError
from backstride.report.charts import line_chart_svg
from backstride_web.accounts.models import User
from backstride_web.assessments import safety
from backstride_web.assessments.models import InstrumentResponse, Screen, SelfTestResult
from backstride_web.report.sections import ReportPeriod, report_section

TIER_WORDS = {
    Tier.NONE: "no red flags",
    Tier.ROUTINE: "routine: book a GP or physiotherapist",
    Tier.URGENT: "urgent: see a doctor within 24-48 h",
    Tier.EMERGENCY: "emergency care now",
}


def _split(source: object) -> list[str]:
    parts = source if isinstance(source, list) else str(source).split("; ")
    return [str(p).strip() for p in parts if str(p).strip()]


@report_section("safety", title="Safety screen", order=10, template="report/sections/safety.html")
def safety_section(runner: User, period: ReportPeriod) -> dict[str, Any]:
    """The red-flag status at the end of the period and every screen answered in it."""
    start, end = period.bounds()
    as_of = period.as_of
    screens = list(
        Screen.objects.filter(runner=runner, answered_at__gte=start, answered_at__lt=end)
    )
    last_before = (
        Screen.objects.filter(runner=runner, answered_at__lt=start).only("answered_at").first()
    )
    access = safety.plan_access(runner, now=as_of)
    clearance = safety.latest_clearance(runner, now=as_of)
    sources: list[str] = []
    rows = []
    for screen in screens:
        positives = [p for p in screen.positives if isinstance(p, dict)]
        for flag in positives:
            sources.extend(_split(flag.get("source", "")))
        rows.append(
            {
                "screen": screen,
                "outcome": TIER_WORDS[screen.tier_enum],
                "positives": positives,
                "flagged": screen.tier_enum is not Tier.NONE,
            }
        )
    info = redflags.tier_info(access.tier) if access.tier is not Tier.NONE else None
    if info is not None:
        sources.extend(_split(info.source))
    sources.extend(_split(redflags.safety_net().get("source", "")))
    return {
        "screened": safety.has_completed_screen(runner),
        "access": access,
        "status": TIER_WORDS[access.tier],
        "info": info,
        "clearance": clearance,
        "screens": rows,
        "positive_screens": sum(1 for r in rows if r["flagged"]),
        "last_before": last_before,
        "sources": sources,
    }


def _title(name: str) -> str:
    try:
        return instruments.get(name).title
    except InputError:
        return name


def _chart(rows: list[InstrumentResponse], title: str, period: ReportPeriod) -> str | None:
    start = period.bounds()[0]
    days = np.array([(r.answered_at - start).total_seconds() / 86_400 for r in rows])
    scores = np.array([r.score for r in rows], dtype=np.float64)
    svg = line_chart_svg(
        days,
        scores,
        title=title,
        y_label="score",
        x_label=f"days since {period.start.isoformat()}",
        height=170,
    )
    return None if svg is None else mark_safe(svg)  # noqa: S308 - numbers and escaped labels


@report_section(
    "scores",
    title="Questionnaires and self-tests over time",
    order=20,
    template="report/sections/scores.html",
)
def scores_section(runner: User, period: ReportPeriod) -> dict[str, Any] | None:
    """Every questionnaire score in the period (with the last one before it as a baseline)
    and the self-test findings."""
    start, end = period.bounds()
    by_instrument: dict[str, list[InstrumentResponse]] = defaultdict(list)
    for row in InstrumentResponse.objects.filter(runner=runner, answered_at__lt=end).order_by(
        "answered_at", "pk"
    ):
        by_instrument[row.instrument].append(row)
    sources: list[str] = []
    questionnaires = []
    for name, rows in sorted(by_instrument.items()):
        inside = [r for r in rows if r.answered_at >= start]
        before = [r for r in rows if r.answered_at < start][-1:]
        shown = before + inside
        if not inside:
            continue
        for r in shown:
            sources.extend(_split(r.source))
        title = _title(name)
        change = shown[-1].score - shown[0].score if len(shown) > 1 else None
        questionnaires.append(
            {
                "title": title,
                "rows": shown,
                "baseline": before[0] if before else None,
                "change": change,
                "chart": _chart(shown, f"{title}: score", period) if len(shown) > 1 else None,
            }
        )
    tests = []
    for result in SelfTestResult.objects.filter(
        runner=runner, answered_at__gte=start, answered_at__lt=end
    ).order_by("answered_at", "pk"):
        findings = [f for f in result.findings if isinstance(f, dict)]
        sources.extend(_split(result.source))
        for finding in findings:
            sources.extend(_split(finding.get("source", "")))
        tests.append({"result": result, "findings": findings})
    if not questionnaires and not tests:
        return None
    return {"questionnaires": questionnaires, "self_tests": tests, "sources": sources}
