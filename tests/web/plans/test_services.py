from __future__ import annotations

import datetime
from datetime import UTC

from django.utils import timezone

from backstride.plan.model import Goal, RunnerState
from backstride.plan.runwalk import build_plan
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.assessments.safety import plan_access
from backstride_web.diary.models import DailyCheckin, RunPain
from backstride_web.plans import codec, services


def _run(runner: User, day: datetime.date, minutes: float, *, pain_at_min: float | None) -> None:
    activity = Activity.objects.create(
        owner=runner,
        sport="running",
        start_utc=datetime.datetime.combine(day, datetime.time(7), tzinfo=UTC),
        elapsed_s=minutes * 60,
        moving_s=minutes * 60,
        distance_m=minutes * 60 / 360 * 1000,
        source_name="hand",
        source_format="manual",
        source_sha256=f"manual:{day}",
    )
    RunPain.objects.create(
        activity=activity,
        onset_s=None if pain_at_min is None else pain_at_min * 60,
        peak=None if pain_at_min is None else 3,
        next_morning=1,
    )


def test_the_state_comes_from_runs_diary_and_check_ins(runner: User, today: datetime.date) -> None:
    for k, pain in enumerate([5, 6, None]):
        _run(runner, today - datetime.timedelta(days=2 + 2 * k), 30, pain_at_min=pain)
    _run(runner, today - datetime.timedelta(days=60), 50, pain_at_min=None)  # too old for load
    for k, morning in enumerate([1, 2, 2]):
        DailyCheckin.objects.create(
            runner=runner,
            day=today - datetime.timedelta(days=k),
            morning_pain=morning,
            morning_stiffness=1,
        )
    state, baseline, evidence = services.runner_state(runner, today=today)
    assert [r.duration_min for r in state.recent] == [30.0, 30.0, 30.0]
    assert state.pain_free_run_min == 18.0  # median of 5, 6, 30 (pain-free) and 50
    assert state.easy_pace_s_per_km == 360
    assert baseline == 2.0
    assert (evidence.runs, evidence.pain_runs, evidence.checkins) == (3, 4, 3)


def test_a_runner_with_no_data_starts_from_nothing(runner: User, today: datetime.date) -> None:
    state, baseline, _evidence = services.runner_state(runner, today=today)
    assert state == RunnerState()
    assert baseline == 0.0


def test_a_stored_plan_reads_back_equal(runner: User, today: datetime.date) -> None:
    goal = Goal("10k", today + datetime.timedelta(weeks=30))
    state = RunnerState(pain_free_run_min=7.5, level=2, first_week_cap_min=25.0)
    plan = build_plan(goal, state, today=today, allowed=plan_access(runner, now=timezone.now()))
    assert codec.plan_from_json(codec.plan_json(plan)) == plan
    assert codec.state_from_json(codec.state_json(state)) == state
