"""Adherence services: marks, imported runs matched to planned runs, the percentage."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride.errors import InputError
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.plans import adherence, services
from backstride_web.plans.models import RunnerPlan, SessionMark


def _run(
    runner: User, day: datetime.date, minutes: float, *, hour: int = 12, sport: str = "running"
) -> Activity:
    return Activity.objects.create(
        owner=runner,
        sport=sport,
        start_utc=timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))),
        elapsed_s=minutes * 60 + 30,
        moving_s=minutes * 60,
        source_name="hand",
        source_format="manual",
        source_sha256=f"manual:{day}:{hour}:{sport}",
    )


def _due(row: RunnerPlan, today: datetime.date) -> list[adherence.PlannedDay]:
    return [d for d in adherence.planned_days(row, services.stored_plan(row)) if d.day < today]


def _states(row: RunnerPlan, today: datetime.date) -> dict[datetime.date, adherence.PlannedDay]:
    found = adherence.statuses(row, services.stored_plan(row), today=today)
    return {d.day: d for d in found}


def test_an_imported_run_on_a_planned_run_day_counts_as_done(
    runner: User, due_plan: RunnerPlan, today: datetime.date
) -> None:
    run_day = next(d.day for d in _due(due_plan, today) if d.is_run)
    activity = _run(runner, run_day, 25)
    state = _states(due_plan, today)[run_day]
    assert (state.status, state.by, state.activity_id) == ("done", "run", activity.pk)


def test_ties_keep_one_match_the_longest_run(
    runner: User, due_plan: RunnerPlan, today: datetime.date
) -> None:
    run_day = next(d.day for d in _due(due_plan, today) if d.is_run)
    _run(runner, run_day, 20, hour=7)
    longest = _run(runner, run_day, 35, hour=18)
    assert adherence.matched_runs(runner, [run_day])[run_day].pk == longest.pk
    summary = adherence.summary(_states(due_plan, today).values(), today=today)
    assert summary.done == 1


def test_rides_other_runners_and_other_days_do_not_match(
    runner: User, stranger: User, due_plan: RunnerPlan, today: datetime.date
) -> None:
    days = _due(due_plan, today)
    run_day = next(d.day for d in days if d.is_run)
    strength_day = next(d.day for d in days if d.kind == "strength")
    _run(runner, run_day, 30, sport="cycling")
    _run(stranger, run_day, 30)
    _run(runner, strength_day, 30)  # no planned run that day: not moved elsewhere
    states = _states(due_plan, today)
    assert states[run_day].status == "open"
    assert states[strength_day].status == "open"


def test_the_runners_mark_beats_a_matched_run(
    runner: User, due_plan: RunnerPlan, today: datetime.date
) -> None:
    run_day = next(d.day for d in _due(due_plan, today) if d.is_run)
    _run(runner, run_day, 30)
    adherence.mark(due_plan, run_day, "skipped", today=today, now=timezone.now())
    assert _states(due_plan, today)[run_day].status == "skipped"


def test_the_percentage_is_done_over_due_with_skipped_not_done(
    runner: User, due_plan: RunnerPlan, today: datetime.date
) -> None:
    due = _due(due_plan, today)
    assert len(due) >= 3
    adherence.mark(due_plan, due[0].day, "done", today=today, now=timezone.now())
    adherence.mark(due_plan, due[1].day, "skipped", today=today, now=timezone.now())
    summary = adherence.summary(_states(due_plan, today).values(), today=today)
    assert (summary.done, summary.skipped, summary.due) == (1, 1, len(due))
    assert summary.percent == round(100 / len(due))
    assert adherence.Adherence(0, 0, 0).percent is None


def test_today_counts_only_once_marked(runner: User, today: datetime.date) -> None:
    from backstride.plan.model import Goal

    for back in range(1, 8):  # some build day in the last week puts a session on today
        start = today - datetime.timedelta(days=back)
        goal = Goal("5k", start + datetime.timedelta(weeks=16))
        row = services.create_plan(runner, goal, today=start, now=timezone.now())
        planned = adherence.planned_days(row, services.stored_plan(row))
        if any(d.day == today for d in planned):
            break
    before = adherence.summary(_states(row, today).values(), today=today)
    assert before.due == sum(d.day < today for d in planned)
    adherence.mark(row, today, "done", today=today, now=timezone.now())
    after = adherence.summary(_states(row, today).values(), today=today)
    assert (after.due, after.done) == (before.due + 1, 1)


def test_marks_can_be_cleared_and_are_one_per_day(
    runner: User, due_plan: RunnerPlan, today: datetime.date
) -> None:
    day = _due(due_plan, today)[0].day
    adherence.mark(due_plan, day, "done", today=today, now=timezone.now())
    adherence.mark(due_plan, day, "skipped", today=today, now=timezone.now())
    assert SessionMark.objects.get().status == "skipped"
    assert adherence.mark(due_plan, day, "open", today=today, now=timezone.now()) is None
    assert not SessionMark.objects.exists()


@pytest.mark.parametrize(
    ("offset", "status", "message"),
    [
        (None, "maybe", "unknown status"),
        ("rest", "done", "nothing was planned"),
        ("future", "done", "from its day on"),
    ],
)
def test_bad_marks_are_input_errors_and_store_nothing(
    runner: User,
    due_plan: RunnerPlan,
    today: datetime.date,
    offset: str | None,
    status: str,
    message: str,
) -> None:
    planned = adherence.planned_days(due_plan, services.stored_plan(due_plan))
    days = {d.day for d in planned}
    if offset == "rest":
        day = next(
            today - datetime.timedelta(days=k)
            for k in range(1, 8)
            if today - datetime.timedelta(days=k) not in days
        )
    elif offset == "future":
        day = next(d.day for d in planned if d.day > today)
    else:
        day = planned[0].day
    with pytest.raises(InputError, match=message):
        adherence.mark(due_plan, day, status, today=today, now=timezone.now())
    assert not SessionMark.objects.exists()


def test_a_rebuild_keeps_the_sessions_already_due(
    runner: User, due_plan: RunnerPlan, today: datetime.date, client_for: Callable[[User], Client]
) -> None:
    before = [d.day for d in _due(due_plan, today)]
    runs, _week = services.review_window(due_plan, today)
    data = {f"done_{i}": "on" for i in range(len(runs))} | {
        f"pain_during_{i}": "1" for i in range(len(runs))
    }
    client_for(runner).post(reverse("plans:review"), data)
    due_plan.refresh_from_db()
    assert due_plan.revision == 1
    assert [d.day for d in _due(due_plan, today)] == before
    # the review's "done" answers became marks
    assert set(SessionMark.objects.values_list("day", flat=True)) == {s.day for s in runs}
