from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import User

URL = reverse("accounts:profile")


def _valid(**change: str) -> dict[str, str]:
    race_day = timezone.localdate() + datetime.timedelta(days=120)
    data = {
        "birth_year": "2003",
        "sex": "male",
        "height_cm": "181",
        "weight_kg": "78.5",
        "running_years": "4",
        "weekly_distance_km": "18",
        "other_sports": "weights, rugby",
        "goal_race": "marathon",
        "goal_date": race_day.isoformat(),
        "units": "km",
        "work_pattern": "desk",
        "sitting_hours_per_day": "9",
    }
    data.update(change)
    return data


def test_it_saves_the_profile(runner: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(runner).post(URL, _valid())
    assert response.status_code == 302
    runner.runner_profile.refresh_from_db()
    assert runner.runner_profile.weight_kg == Decimal("78.5")
    assert runner.runner_profile.goal_race == "marathon"
    assert runner.runner_profile.completeness_pct == 100


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"birth_year": "1850"}, "birth_year"),
        ({"height_cm": "400"}, "height_cm"),
        ({"weight_kg": "-3"}, "weight_kg"),
        ({"sitting_hours_per_day": "25"}, "sitting_hours_per_day"),
        ({"goal_date": ""}, "goal_date"),
        ({"goal_date": "2001-01-01"}, "goal_date"),
        ({"goal_date": "not a date"}, "goal_date"),
        ({"goal_race": "none"}, "goal_race"),
        ({"units": "furlongs"}, "units"),
        ({"goal_race": "ultra"}, "goal_race"),
    ],
)
def test_bad_values_get_field_errors_and_nothing_is_saved(
    runner: User, client_for: Callable[[User], Client], change: dict[str, str], field: str
) -> None:
    response = client_for(runner).post(URL, _valid(**change))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    runner.runner_profile.refresh_from_db()
    assert runner.runner_profile.birth_year is None


def test_a_clinician_has_no_runner_profile_page(
    clinician: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(clinician).get(URL).status_code == 404


@pytest.mark.django_db
def test_it_needs_a_login() -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
