"""The demo runner and clinician: the same people for ``make demo`` and for the tests.

Sam is the reference case of docs/architecture.md: 23, fit, lifts and plays football and
rugby, sits at a desk all day, and gets a lower-back "pump" five minutes into every run
that a long warm-up makes go away. He wants to run a marathon. His last twelve weeks of
runs are written as real FIT files and imported through the normal import path; he has
finished a randomised warm-up self-experiment and is halfway through a cadence one. Building
the demo again resets both accounts to this state; nothing else in the database is touched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from backstride_web.accounts.models import (
    CareGrant,
    GoalRace,
    Role,
    RunnerProfile,
    Sex,
    Units,
    User,
    WorkPattern,
)
from backstride_web.activities.demo import build_demo_runs
from backstride_web.assessments.demo import build_intake
from backstride_web.diary.demo import build_demo_diary
from backstride_web.experiments.demo import build_demo_experiments
from backstride_web.plans.demo import build_demo_plan

RUNNER_EMAIL = "runner@demo.backstride"
CLINICIAN_EMAIL = "clinician@demo.backstride"
DEMO_PASSWORD = "stride-demo-2026"  # noqa: S105 - a published demo login, documented in README


@dataclass(frozen=True)
class DemoPeople:
    runner: User
    clinician: User
    password: str = DEMO_PASSWORD


def _person(email: str, *, role: str, display_name: str) -> User:
    user, _ = User.objects.update_or_create(
        email=email, defaults={"role": role, "display_name": display_name, "is_active": True}
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def _first_sunday_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(6 - day.weekday()) % 7 or 7)


@transaction.atomic
def build_demo(*, today: datetime.date) -> DemoPeople:
    runner = _person(RUNNER_EMAIL, role=Role.RUNNER, display_name="Sam (demo)")
    clinician = _person(CLINICIAN_EMAIL, role=Role.CLINICIAN, display_name="Alex, physio (demo)")
    RunnerProfile.objects.update_or_create(
        user=runner,
        defaults={
            "birth_year": today.year - 23,
            "sex": Sex.MALE,
            "height_cm": 181,
            "weight_kg": Decimal("78.0"),
            "running_years": 4,
            "weekly_distance_km": Decimal("18.0"),
            "other_sports": "Weights (5x5) three times a week, football, rugby",
            "goal_race": GoalRace.MARATHON,
            "goal_date": _first_sunday_after(today + datetime.timedelta(weeks=26)),
            "units": Units.KM,
            "work_pattern": WorkPattern.DESK,
            "sitting_hours_per_day": Decimal("9.0"),
        },
    )
    if not CareGrant.objects.filter(
        runner=runner, clinician=clinician, revoked_at__isnull=True
    ).exists():
        CareGrant.objects.create(runner=runner, clinician=clinician, scope=CareGrant.Scope.COMMENT)
    build_demo_diary(runner, build_demo_runs(runner, today=today), today=today)
    build_intake(
        runner, now=datetime.datetime.combine(today, datetime.time(9), tzinfo=datetime.UTC)
    )
    build_demo_experiments(runner, today=today)
    build_demo_plan(runner, today=today)
    return DemoPeople(runner=runner, clinician=clinician)
