from __future__ import annotations

import datetime
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.plans import services
from backstride_web.plans.models import RunnerPlan
from tests.web.plans.conftest import first_run_day


def _url(day: datetime.date | str) -> str:
    text = day if isinstance(day, str) else day.isoformat()
    return reverse("plans:session", kwargs={"day": text})


def test_a_run_shows_what_to_do_the_warm_up_and_the_watch_download(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    day = first_run_day(plan)
    response = client_for(runner).get(_url(day))
    assert response.status_code == 200
    page = response.content.decode()
    assert "-minute warm-up" in page
    assert "Leg swings" in page
    assert reverse("plans:exercise", kwargs={"exercise_id": "walking_lunges"}) in page
    assert reverse("plans:fit", kwargs={"day": day.isoformat()}) in page
    assert "Pain rule" in page
    assert "Silbernagel" in page


def test_a_strength_day_shows_the_strength_routine(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    day = next(s.day for s in services.stored_plan(plan).sessions() if s.kind == "strength")
    page = client_for(runner).get(_url(day)).content.decode()
    assert "McGill curl-up" in page
    assert ".fit" not in page


def test_a_day_without_a_session_or_a_bad_day_is_404(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    client = client_for(runner)
    assert client.get(_url(today - datetime.timedelta(days=3))).status_code == 404
    assert client.get(_url("2026-13-45")).status_code == 404


def test_without_a_plan_it_is_404(
    runner: User, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    assert client_for(runner).get(_url(today)).status_code == 404


def test_others_get_404(
    plan: RunnerPlan, clinician: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    day = first_run_day(plan)
    assert client_for(clinician).get(_url(day))["Location"] == reverse(
        "pages:home"
    )  # choose a runner
    assert client_for(stranger).get(_url(day)).status_code == 404
