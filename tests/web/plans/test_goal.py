from __future__ import annotations

import datetime
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.plans.models import RunnerPlan

URL = reverse("plans:goal")


def test_a_realistic_goal_makes_the_plan(
    runner: User, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    race_day = today + datetime.timedelta(weeks=16)
    response = client_for(runner).post(URL, {"race": "5k", "race_day": race_day.isoformat()})
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:overview")
    row = RunnerPlan.objects.get(runner=runner)
    assert (row.race, row.race_day, row.revision) == ("5k", race_day, 0)
    assert row.plan["weeks"]
    assert row.state["pain_free_run_min"] == 0.0


def test_an_unrealistic_goal_is_a_field_error_with_the_earliest_date(
    runner: User, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    race_day = today + datetime.timedelta(weeks=20)
    response = client_for(runner).post(URL, {"race": "marathon", "race_day": race_day.isoformat()})
    assert response.status_code == 200
    errors = response.context["form"].errors["race_day"]
    assert "not realistic" in errors[0]
    assert "Earliest realistic date" in errors[0]
    assert "you could aim for" in errors[0]
    assert not RunnerPlan.objects.exists()


def test_bad_input_is_a_field_error_and_nothing_is_saved(
    runner: User, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    client = client_for(runner)
    for data, field in [
        ({"race": "ultra", "race_day": "2027-06-01"}, "race"),
        ({"race": "5k", "race_day": "not a date"}, "race_day"),
        ({"race": "5k", "race_day": today.isoformat()}, "race_day"),
        (
            {"race": "5k", "race_day": (today + datetime.timedelta(days=5000)).isoformat()},
            "race_day",
        ),
    ]:
        response = client.post(URL, data)
        assert response.status_code == 200
        assert field in response.context["form"].errors
    assert not RunnerPlan.objects.exists()


def test_a_new_goal_replaces_the_plan_and_raises_the_revision(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    race_day = today + datetime.timedelta(weeks=30)
    client_for(runner).post(URL, {"race": "10k", "race_day": race_day.isoformat()})
    row = RunnerPlan.objects.get(runner=runner)
    assert (row.race, row.revision) == ("10k", 1)


def test_the_form_starts_from_the_profile_goal(
    runner: User, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    profile = runner.runner_profile
    profile.goal_race = "half"
    profile.goal_date = today + datetime.timedelta(weeks=40)
    profile.save()
    form = client_for(runner).get(URL).context["form"]
    assert form.initial == {"race": "half", "race_day": profile.goal_date}


def test_clinicians_and_strangers_cannot_set_a_goal_for_anyone(
    clinician: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(clinician).post(URL, {"race": "5k", "race_day": "2027-06-01"})
    assert response.status_code == 302  # to choose a runner; nothing saved
    assert not RunnerPlan.objects.exists()


def test_with_a_plan_the_form_starts_from_its_goal(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    form = client_for(runner).get(URL).context["form"]
    assert form.initial == {"race": "5k", "race_day": plan.race_day}
