"""API personas: a runner with runs, a diary, check-ins and an intake; tokens to call with."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.activities.services import import_paths
from backstride_web.api.tokens import create_token
from backstride_web.assessments.demo import build_intake
from backstride_web.diary.models import DailyCheckin
from tests.factories import make_warm_up_diary
from tests.web.activities.conftest import RUN_FIT


@pytest.fixture
def runner_with_data(runner: User) -> User:
    now = timezone.now()
    build_intake(runner, now=now)
    list(import_paths(runner, [RUN_FIT]))
    make_warm_up_diary(runner, n=9)
    for days_ago in range(3):
        DailyCheckin.objects.create(
            runner=runner,
            day=timezone.localdate() - datetime.timedelta(days=days_ago),
            morning_pain=2,
            morning_stiffness=3,
            sitting_hours=7.5,
        )
    return runner


def token_for(user: User, scope: str = "read", **kwargs: Any) -> str:
    options: dict[str, Any] = {"valid_days": None, **kwargs}
    return create_token(user, name="test", scope=scope, now=timezone.now(), **options).token


@pytest.fixture
def api_client() -> Callable[..., Client]:
    """``api_client(user, scope)``: a Client that sends a fresh bearer token of ``user``."""

    def make(user: User, scope: str = "read") -> Client:
        return Client(headers={"Authorization": f"Bearer {token_for(user, scope)}"})

    return make
