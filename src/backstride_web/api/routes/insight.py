"""What backstride makes of a runner's data: the analysis, the explanation, the plan.

These are the same computations the pages show (the diary's analysis, the Explain page,
the Plan page), as JSON. None of them diagnoses: each answer carries its notice and
sources, and a safety screen that blocks a page blocks its endpoint too.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field

from backstride.plan import walking
from backstride.reason import as_json as explanation_json
from backstride_web.api.common import RunnerParam, responses, runner_for
from backstride_web.api.errors import ApiError
from backstride_web.assessments.safety import plan_access
from backstride_web.diary.analysis import analyse_runner
from backstride_web.explain.services import explain_runner
from backstride_web.plans import services as plans

router = Router(tags=["insight"])


class AnalysisOut(Schema):
    runner: int
    skipped_records: int = Field(description="diary answers left out as inconsistent")
    analysis: dict[str, Any] = Field(
        description="survival comparisons, Cox model, load, morning trend, insight cards"
    )


class ExplanationOut(Schema):
    runner: int
    blocked: bool
    reason: str | None
    tier: str = Field(description="the red-flag tier in force (NONE when none)")
    notice: str
    contributors: list[dict[str, Any]]
    next_tests: list[dict[str, Any]]
    notes: list[str] = Field(description="stored records left out of the case, and why")


class PlanOut(Schema):
    runner: int
    race: str
    race_day: datetime.date
    revision: int
    built_on: datetime.date
    walking_only: bool
    running_paused: bool = Field(
        default=False,
        description="an URGENT red flag pauses running until a doctor has seen the runner: "
        "``weeks`` then hold brisk walks only (the next two weeks), ``notice`` says why",
    )
    notice: str = ""
    pain_rule: str
    sources: list[str]
    weeks: list[dict[str, Any]]
    adjustments: list[dict[str, Any]]


@router.get("/analysis", response=responses(AnalysisOut))
def get_analysis(
    request: HttpRequest,
    runner: RunnerParam = None,
) -> AnalysisOut:
    """The runner's overview analysis (what the diary's Analysis page shows)."""
    owner = runner_for(request, runner)
    result = analyse_runner(owner, now=timezone.now())
    return AnalysisOut(
        runner=owner.pk,
        skipped_records=result.skipped_records,
        analysis=result.analysis.as_json(),
    )


@router.get("/explain", response=responses(ExplanationOut))
def get_explanation(
    request: HttpRequest,
    runner: RunnerParam = None,
) -> ExplanationOut:
    """What may contribute to the runner's pain, ranked, with evidence and the next tests.
    ``blocked`` is true (and nothing is ranked) until the safety screen allows it."""
    owner = runner_for(request, runner)
    case, found = explain_runner(owner, now=timezone.now())
    body = explanation_json(found)
    return ExplanationOut(
        runner=owner.pk,
        blocked=found.blocked,
        reason=found.reason,
        tier=found.tier.name,
        notice=found.notice,
        contributors=body["contributors"],
        next_tests=body["next_tests"],
        notes=list(case.notes),
    )


@router.get("/plan", response=responses(PlanOut))
def get_plan(
    request: HttpRequest,
    runner: RunnerParam = None,
) -> PlanOut:
    """The runner's current run/walk plan. While an URGENT red flag pauses running it holds
    walks only (``running_paused``, as the Plan page); 403 ``plan_blocked`` while a red flag
    blocks everything (the reason says what to do); 404 before a plan is made."""
    owner = runner_for(request, runner)
    access = plan_access(owner, now=timezone.now())
    paused = access.walking and not access.running
    if not paused and not (access.running and access.exercises):
        raise ApiError(
            403, "plan_blocked", access.reason or "Complete the safety screen first (Assess)."
        )
    row = plans.current_plan(owner)
    if row is None:
        raise ApiError(404, "not_found", "No plan yet: make one on the Plan page.")
    stored = plans.stored_plan(row)
    if paused:
        stored = walking.walking_only(stored, start=timezone.localdate())
    return PlanOut(
        runner=owner.pk,
        race=row.race,
        race_day=row.race_day,
        revision=row.revision,
        built_on=row.built_on,
        walking_only=stored.walking_only or paused,
        running_paused=paused,
        notice=f"{walking.PAUSE_NOTE} {access.reason}".strip() if paused else "",
        pain_rule=stored.pain_rule,
        sources=list(stored.sources),
        weeks=[week.summary_json() for week in stored.weeks],
        adjustments=[
            {
                "decided_at": a.decided_at.isoformat(),
                "week_start": a.week_start.isoformat(),
                "week_end": a.week_end.isoformat(),
                "decision": a.decision,
                "reasons": a.reasons,
                "see_clinician": a.see_clinician,
                "rescreen": a.rescreen,
            }
            for a in row.adjustments.all()
        ],
    )
