"""The plan section of the clinician report: the plan in force and how it was followed.

Adherence is :mod:`backstride_web.plans.adherence` restricted to the sessions planned in the
period (a mark by the runner, else an imported run on a planned run day, counts as done). The
section also shows the weekly decisions taken in the period, the week in progress at its end,
the pain-monitoring rule every progression follows, and the plan's sources.
"""

from __future__ import annotations

from typing import Any

from backstride.plan.model import LEVELS, RACES
from backstride_web.accounts.models import User
from backstride_web.assessments.safety import plan_access
from backstride_web.plans import adherence, services
from backstride_web.report.sections import ReportPeriod, report_section


@report_section("plan", title="Plan and adherence", order=90, template="report/sections/plan.html")
def plan_section(runner: User, period: ReportPeriod) -> dict[str, Any] | None:
    row = services.current_plan(runner)
    if row is None:
        return None
    plan = services.stored_plan(row)
    start, end = period.bounds()
    last_day = min(period.end, period.as_of.date())
    days = [
        d
        for d in adherence.statuses(row, plan, today=last_day)
        if period.start <= d.day <= last_day
    ]
    summary = adherence.summary(days, today=last_day)
    week = next((w for w in plan.weeks if w.start <= last_day <= w.end), None)
    race = RACES.get(row.race)
    return {
        "row": row,
        "plan": plan,
        "race": race.name if race is not None else row.race,
        "access": plan_access(runner, now=period.as_of),
        "adherence": summary,
        "days": days,
        "adjustments": list(
            row.adjustments.filter(decided_at__gte=start, decided_at__lt=end).order_by("decided_at")
        ),
        "week": week,
        "level": LEVELS[week.level].describe() if week is not None else None,
        "pain_rule": plan.pain_rule,
        "sources": list(plan.sources),
    }
