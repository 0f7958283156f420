"""The demo runner's plan: Sam's marathon, two weeks in, with two weekly reviews.

Built after the demo runs, diary and intake (so the gate is open): the plan is made as it
would have been two weeks ago from Sam's real data, then each week is reviewed with the pain
rule - a progress and a hold - so the plan's history has something to show.
"""

from __future__ import annotations

import datetime

from backstride.errors import InputError
from backstride.plan.adapt import SessionOutcome
from backstride.plan.model import Goal
from backstride_web.accounts.models import User
from backstride_web.plans import services
from backstride_web.plans.models import RunnerPlan

DEMO_WEEKS_AGO = 2
FALLBACK_RACE = "half"


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


def _outcomes(
    row: RunnerPlan, day: datetime.date, pains: list[int], morning: int
) -> list[SessionOutcome]:
    runs, _week = services.review_window(row, day)
    return [SessionOutcome(s.day, True, pains[i % len(pains)], morning) for i, s in enumerate(runs)]


def build_demo_plan(runner: User, *, today: datetime.date) -> RunnerPlan:
    """Sam's plan to his profile's goal race, reviewed twice; replaces any plan he had.

    From Sam's pain-free running time the marathon on his profile's date may not be
    realistic: the plan then aims at the earliest realistic date the core proposes (and at a
    half marathon on his date if there is none)."""
    RunnerPlan.objects.filter(runner=runner).delete()
    profile = runner.runner_profile
    start = today - datetime.timedelta(weeks=DEMO_WEEKS_AGO)
    goal = Goal(profile.goal_race, profile.goal_date or today + datetime.timedelta(weeks=26))
    try:
        feasibility = services.check_goal(runner, goal, today=start)
    except InputError:
        goal = Goal(FALLBACK_RACE, goal.race_day)
    else:
        if not feasibility.feasible:
            goal = Goal(
                goal.race if feasibility.earliest_race_day else FALLBACK_RACE,
                feasibility.earliest_race_day or goal.race_day,
            )
    row = services.create_plan(runner, goal, today=start, now=_at(today))
    morning = round(row.baseline_morning_pain)
    for weeks_ago, pains in ((1, [2, 1, 2]), (0, [2, 4, 3])):
        day = today - datetime.timedelta(weeks=weeks_ago)
        services.review(row, _outcomes(row, day, pains, morning), today=day, now=_at(day))
        row.refresh_from_db()
    return row
