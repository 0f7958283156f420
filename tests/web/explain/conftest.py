"""A runner whose diary, intake and self-test make the Explain page fully populated."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.assessments import services
from backstride_web.diary.models import RunPain

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
    """Runs where a long warm-up (every third run) keeps the pain away."""
    rng = np.random.default_rng(seed)
    start = timezone.now() - timedelta(days=2 * n + 1)
    for i in range(n):
        long_warmup = i % 3 == 0
        activity = Activity.objects.create(
            owner=runner,
            sport="running",
            start_utc=start + timedelta(days=2 * i),
            elapsed_s=2400,
            distance_m=7000,
            avg_cadence_spm=168,
            source_name=f"{i}.fit",
            source_format="manual",
            source_sha256=f"{runner.pk:08d}{i:056d}",
        )
        RunPain.objects.create(
            activity=activity,
            onset_s=None if long_warmup else float(rng.uniform(240, 540)),
            peak=0 if long_warmup else 6,
            warmup_min=15 if long_warmup else 1,
        )


def give_intake(runner: User) -> None:
    now = timezone.now() - timedelta(days=1)
    services.record_pain_profile(runner, PAIN_PROFILE, now=now)
    services.record_self_test(runner, "modified_thomas", THOMAS, now=now)


@pytest.fixture
def populated(runner: User) -> User:
    give_warm_up_diary(runner)
    give_intake(runner)
    return runner
