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
