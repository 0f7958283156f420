"""Build test people in code (no fixtures files)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from backstride_web.accounts.models import CareGrant, Role, User
from backstride_web.accounts.services import create_account

PASSWORD = "correct horse battery staple"


def make_runner(email: str, *, screened: bool = True, **profile: Any) -> User:
    """A runner; ``screened`` records an all-"no" full red-flag screen (the onboarding step)."""
    user = create_account(email=email, password=PASSWORD, role=Role.RUNNER)
    if screened:
        from django.utils import timezone

        from backstride.assess import redflags
        from backstride_web.assessments.services import record_screen

        answers = {q.id: "no" for q in redflags.questions() if q.follow_up_of is None}
        record_screen(user, answers, short=False, now=timezone.now())
    if profile:
        for field, value in profile.items():
            setattr(user.runner_profile, field, value)
        user.runner_profile.save()
    return user


def make_clinician(email: str, *, patients: Iterable[User] = ()) -> User:
    user = create_account(email=email, password=PASSWORD, role=Role.CLINICIAN)
    for patient in patients:
        CareGrant.objects.create(runner=patient, clinician=user)
    return user


def make_warm_up_diary(
    runner: User, n: int = 24, seed: int = 1, *, cadence_spm: float | None = None
) -> None:
    """``n`` runs two days apart, each with a pain answer: every third run has a long
    warm-up (15 min) and no pain; the others a 1-minute warm-up and pain at 4-9 min."""
    from datetime import timedelta

    import numpy as np
    from django.utils import timezone

    from backstride_web.activities.models import Activity
    from backstride_web.diary.models import RunPain

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
            avg_cadence_spm=cadence_spm,
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
