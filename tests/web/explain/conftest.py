"""A runner whose diary, intake and self-test make the Explain page fully populated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.assessments import services
from tests.factories import make_warm_up_diary

PAIN_PROFILE = {
    "years_with_pain": 2,
    "onset_minute": 5,
    "character": ["pump", "tightness"],
    "location": ["central"],
    "warm_up_effect": "abolishes",
    "aggravators": ["pace", "long_sitting"],
    "relievers": ["stopping"],
    "other_sports": ["weights"],
    "sitting_hours_per_day": 9,
    "goal": "A marathon",
}
THOMAS = {"thigh_level_left": False, "thigh_level_right": False}


def give_warm_up_diary(runner: User, n: int = 24, seed: int = 3) -> None:
    make_warm_up_diary(runner, n, seed, cadence_spm=168)


def give_intake(runner: User) -> None:
    now = timezone.now() - timedelta(days=1)
    services.record_pain_profile(runner, PAIN_PROFILE, now=now)
    services.record_self_test(runner, "modified_thomas", THOMAS, now=now)


@pytest.fixture
def populated(runner: User) -> User:
    give_warm_up_diary(runner)
    give_intake(runner)
    return runner
