from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from backstride.plan.model import Goal
from backstride_web.accounts.models import User
from backstride_web.assessments import services as screens
from backstride_web.plans import services
from backstride_web.plans.models import RunnerPlan
from tests.web.assessments.helpers import positive


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def plan(runner: User, today: datetime.date) -> RunnerPlan:
    """A 5 km plan 16 weeks out for a runner with no runs yet (starts at run 1 / walk 2)."""
    goal = Goal("5k", today + datetime.timedelta(weeks=16))
    return services.create_plan(runner, goal, today=today, now=timezone.now())


@pytest.fixture
def due_plan(runner: User, today: datetime.date) -> RunnerPlan:
    """The same plan built eight days ago, so a week of runs is due for review."""
    start = today - datetime.timedelta(days=8)
    goal = Goal("5k", start + datetime.timedelta(weeks=16))
    return services.create_plan(runner, goal, today=start, now=timezone.now())


def block(runner: User, flag: str = "R1") -> None:
    """Record a positive red-flag screen for ``runner`` (R1 leads to EMERGENCY)."""
    screens.record_screen(runner, positive(flag), short=False, now=timezone.now())


def first_run_day(row: RunnerPlan) -> datetime.date:
    plan = services.stored_plan(row)
    return next(s.day for s in plan.sessions() if s.kind == "run_walk")
