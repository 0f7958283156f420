"""Build, store and adapt a runner's plan from their real data.

Data flows one way: the runner's runs, diary and check-ins -> :func:`runner_state` -> the
core (:func:`backstride.plan.runwalk.build_plan`, :func:`backstride.plan.adapt.review_week`)
-> one transaction that stores the plan (and the adjustment) or nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from statistics import median

from django.db import transaction
from django.utils import timezone

from backstride.errors import InputError
from backstride.plan import adapt, routines
from backstride.plan.adapt import Adjustment, SessionOutcome
from backstride.plan.model import (
    Feasibility,
    Goal,
    PastRun,
    Plan,
    RunnerState,
    Session,
    Week,
)
from backstride.plan.runwalk import assess_goal, build_plan
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.assessments.safety import plan_access
from backstride_web.diary.models import DailyCheckin, RunPain
from backstride_web.plans.adherence import keep_past_sessions
from backstride_web.plans.codec import plan_from_json, plan_json, state_from_json, state_json
from backstride_web.plans.models import MarkStatus, PlanAdjustment, RunnerPlan, SessionMark

RECENT_DAYS = 35
"""Runs this far back feed the load rules (30-day spike window, four-week weekly rule)."""
PAIN_RUNS = 8
"""The pain-free running time is the median over this many latest runs with a diary entry."""
BASELINE_DAYS = 28
RUN_SPORTS = ("running",)
PACE_BOUNDS_S_PER_KM = (180.0, 900.0)


@dataclass(frozen=True)
class Evidence:
    """What :func:`runner_state` read, shown to the runner beside the plan."""

    runs: int
    pain_runs: int
    baseline_morning_pain: float
    checkins: int


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def runner_state(runner: User, *, today: datetime.date) -> tuple[RunnerState, float, Evidence]:
    """The runner's state for the core, their usual morning pain, and what it came from.

    * recent runs: running activities of the last :data:`RECENT_DAYS` days, minutes moving;
    * pain-free running time: per run with a diary entry, the pain onset (or, pain-free, the
      longest continuous running), median over the last :data:`PAIN_RUNS` such runs;
    * easy pace: the median pace of the recent runs (420 s/km when unknown);
    * usual morning pain: the median morning pain of the last :data:`BASELINE_DAYS` days of
      check-ins (0 when none).
    """
    since = today - datetime.timedelta(days=RECENT_DAYS)
    runs = list(
        Activity.objects.filter(
            owner=runner, sport__in=RUN_SPORTS, start_utc__date__gte=since
        ).defer("laps", "warnings")
    )
    recent = tuple(
        sorted(
            (
                PastRun(_local_day(a.start_utc), round((a.moving_s or a.elapsed_s) / 60, 1))
                for a in runs
                if _local_day(a.start_utc) <= today
            ),
            key=lambda run: run.day,
        )
    )
    paces = [
        p
        for a in runs
        if (p := a.pace_s_per_km) is not None
        and PACE_BOUNDS_S_PER_KM[0] <= p <= PACE_BOUNDS_S_PER_KM[1]
    ]
    pain_rows = list(
        RunPain.objects.filter(
            activity__owner=runner,
            activity__sport__in=RUN_SPORTS,
            activity__start_utc__date__lte=today,
        )
        .select_related("activity")
        .order_by("-activity__start_utc")[:PAIN_RUNS]
    )
    free = [
        row.onset_s / 60
        if row.onset_s is not None
        else (row.activity.longest_continuous_s or row.activity.elapsed_s) / 60
        for row in pain_rows
    ]
    mornings = list(
        DailyCheckin.objects.filter(
            runner=runner,
            day__gt=today - datetime.timedelta(days=BASELINE_DAYS),
            day__lte=today,
        ).values_list("morning_pain", flat=True)
    )
    baseline = float(median(mornings)) if mornings else 0.0
    state = RunnerState(
        recent=recent,
        pain_free_run_min=round(float(median(free)), 1) if free else 0.0,
        easy_pace_s_per_km=round(float(median(paces))) if paces else 420.0,
    )
    return state, baseline, Evidence(len(recent), len(pain_rows), baseline, len(mornings))


def check_goal(runner: User, goal: Goal, *, today: datetime.date) -> Feasibility:
    """Whether ``goal`` is realistic for ``runner`` now (raises InputError on bad input)."""
    state, _baseline, _evidence = runner_state(runner, today=today)
    return assess_goal(goal, state, today=today)


def stored_plan(row: RunnerPlan) -> Plan:
    return plan_from_json(row.plan)


def current_plan(runner: User) -> RunnerPlan | None:
    return RunnerPlan.objects.filter(runner=runner).first()


def create_plan(
    runner: User, goal: Goal, *, today: datetime.date, now: datetime.datetime
) -> RunnerPlan:
    """Build the plan to ``goal`` from the runner's data and store it (replacing the old one).

    Raises :class:`~backstride.errors.SafetyBlockError` when the red-flag gate is closed and
    :class:`~backstride.errors.InputError` (``source="goal"``) with the earliest realistic
    date when the goal is not realistic; nothing is stored then.
    """
    state, baseline, _evidence = runner_state(runner, today=today)
    plan = build_plan(goal, state, today=today, allowed=plan_access(runner, now=now))
    return _store(runner, goal, state, baseline, plan, today=today, now=now)


@transaction.atomic
def _store(
    runner: User,
    goal: Goal,
    state: RunnerState,
    baseline: float,
    plan: Plan,
    *,
    today: datetime.date,
    now: datetime.datetime,
) -> RunnerPlan:
    row = RunnerPlan.objects.select_for_update().filter(runner=runner).first()
    if row is None:
        row = RunnerPlan(runner=runner, created_at=now)
    else:
        row.revision += 1
        row.past_sessions = keep_past_sessions(row, today=today)
    row.race = goal.race
    row.race_day = goal.race_day
    row.built_on = today
    row.state = state_json(state)
    row.baseline_morning_pain = baseline
    row.plan = plan_json(plan)
    row.updated_at = now
    row.save()
    return row


def review_window(row: RunnerPlan, today: datetime.date) -> tuple[list[Session], Week | None]:
    """The runs due since the plan was last built (up to ``today``) and the plan week of the
    last of them, which :func:`~backstride.plan.adapt.next_state` steps from."""
    plan = stored_plan(row)
    due = [s for s in plan.sessions() if s.day <= today and s.is_run and s.kind != "race"]
    if not due:
        return [], None
    week = next(w for w in plan.weeks if w.start <= due[-1].day <= w.end)
    return due, week


def diary_outcomes(runner: User, days: Sequence[datetime.date]) -> dict[datetime.date, RunPain]:
    """The diary's pain entry for runs on ``days`` (latest run of each day)."""
    rows = RunPain.objects.filter(
        activity__owner=runner, activity__sport__in=RUN_SPORTS
    ).select_related("activity")
    found: dict[datetime.date, RunPain] = {}
    wanted = set(days)
    for row in rows.filter(
        activity__start_utc__date__gte=min(days, default=datetime.date.min),
        activity__start_utc__date__lte=max(days, default=datetime.date.max),
    ).order_by("activity__start_utc"):
        day = _local_day(row.activity.start_utc)
        if day in wanted:
            found[day] = row
    return found


def review(
    row: RunnerPlan,
    outcomes: Sequence[SessionOutcome],
    *,
    today: datetime.date,
    now: datetime.datetime,
) -> PlanAdjustment:
    """Apply the pain rule to the runs due since the last build, store the adjustment and
    rebuild.

    ``stop`` (new leg, bladder, bowel or saddle symptoms) stores the adjustment and leaves
    the plan as it is: the runner redoes the safety check first. Any other decision rebuilds
    the plan from tomorrow with :func:`backstride.plan.adapt.next_state`; if the goal no
    longer fits, the adjustment is still stored and the old plan kept, with that reason.
    """
    due, week = review_window(row, today)
    alarm = any(o.new_symptoms for o in outcomes)
    if week is None and not alarm:
        raise InputError("no runs are due yet since the plan was last updated", source="plan")
    previous = list(
        row.adjustments.exclude(morning_mean__isnull=True)
        .order_by("decided_at", "pk")
        .values_list("morning_mean", flat=True)
    )
    adjustment = adapt.review_week(
        outcomes,
        baseline_morning_pain=row.baseline_morning_pain,
        previous_morning_means=[m for m in previous if m is not None],
    )
    reasons = list(adjustment.reasons)
    rebuilt: Plan | None = None
    state: RunnerState | None = None
    if adjustment.decision is not adapt.Decision.STOP and week is not None:
        fresh, _baseline, _evidence = runner_state(row.runner, today=today)
        state = adapt.next_state(state_from_json(row.state), week, adjustment, recent=fresh.recent)
        goal = Goal(row.race, row.race_day)
        try:
            rebuilt = build_plan(goal, state, today=today, allowed=plan_access(row.runner, now=now))
        except InputError as error:
            reasons.append(f"the plan was not rebuilt: {error.message}")
    start = due[0].day if due else today
    return _store_review(
        row, (start, today), adjustment, reasons, outcomes, rebuilt, state, today, now
    )


@transaction.atomic
def _store_review(
    row: RunnerPlan,
    window: tuple[datetime.date, datetime.date],
    adjustment: Adjustment,
    reasons: list[str],
    outcomes: Sequence[SessionOutcome],
    rebuilt: Plan | None,
    state: RunnerState | None,
    today: datetime.date,
    now: datetime.datetime,
) -> PlanAdjustment:
    locked = RunnerPlan.objects.select_for_update().get(pk=row.pk)
    saved = PlanAdjustment.objects.create(
        plan=locked,
        week_start=window[0],
        week_end=window[1],
        revision_before=locked.revision,
        decision=adjustment.decision.value,
        reasons=reasons,
        see_clinician=adjustment.see_clinician,
        rescreen=adjustment.rescreen,
        morning_mean=adjustment.morning_mean,
        outcomes=[
            {**asdict(o), "day": o.day.isoformat(), "new_symptoms": list(o.new_symptoms)}
            for o in outcomes
        ],
        sources=list(adjustment.sources),
        decided_at=now,
    )
    # The review's "done" answers are the runner's word too: they count for adherence
    # unless the runner already marked that day themselves.
    kinds = {s.day: s.kind for s in stored_plan(locked).sessions()}
    for outcome in outcomes:
        if outcome.done and outcome.day in kinds:
            SessionMark.objects.get_or_create(
                plan=locked,
                day=outcome.day,
                defaults={"status": MarkStatus.DONE, "kind": kinds[outcome.day], "marked_at": now},
            )
    if rebuilt is not None and state is not None:
        locked.revision += 1
        locked.past_sessions = keep_past_sessions(locked, today=today)
        locked.built_on = today
        locked.state = state_json(state)
        locked.plan = plan_json(rebuilt)
        locked.updated_at = now
        locked.save()
    return saved


def desk_break_routine(runner: User, *, now: datetime.datetime) -> routines.Routine | None:
    """The hourly desk micro-break for runners who sit at work, when exercises are allowed."""
    profile = getattr(runner, "runner_profile", None)
    if profile is None or profile.work_pattern != "desk":
        return None
    allowed = plan_access(runner, now=now)
    return routines.desk_break(allowed) if allowed.exercises else None
