from __future__ import annotations

import datetime
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride.assess import redflags
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.assessments import services as assess
from backstride_web.diary.models import DailyCheckin
from backstride_web.pages.alerts import alerts_for


def _run(runner: User, days_ago: float, km: float) -> None:
    Activity.objects.create(
        owner=runner,
        sport="running",
        start_utc=timezone.now() - datetime.timedelta(days=days_ago),
        elapsed_s=km * 330,
        distance_m=km * 1000,
        source_name="x",
        source_format="manual",
        source_sha256=f"manual:{runner.pk}:{days_ago}",
    )


def test_nothing_to_flag_for_a_quiet_runner(runner: User) -> None:
    _run(runner, 20, 8)
    _run(runner, 3, 8.5)
    assert alerts_for(runner, now=timezone.now()) == []


def test_a_load_spike_in_the_last_two_weeks(runner: User) -> None:
    _run(runner, 20, 8)
    _run(runner, 3, 9.5)
    [alert] = alerts_for(runner, now=timezone.now())
    assert alert.text.startswith("Load spike")
    assert "9.5 km" in alert.text


def test_rising_morning_pain(runner: User) -> None:
    today = timezone.localdate()
    for days_ago in range(14):
        DailyCheckin.objects.create(
            runner=runner,
            day=today - datetime.timedelta(days=days_ago),
            morning_pain=4 if days_ago < 7 else 1,
            morning_stiffness=2,
        )
    [alert] = alerts_for(runner, now=timezone.now())
    assert alert.text.startswith("Morning pain rising: 4.0/10")


def test_an_uncleared_red_flag_comes_first_on_the_workspace(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    answers = dict.fromkeys((q.id for q in redflags.questions()), "no")
    answers["R3"] = "yes"
    assess.record_screen(runner, answers, short=False, now=timezone.now())
    alerts = alerts_for(runner, now=timezone.now())
    assert alerts[0].level == "see_clinician"
    body = client_for(clinician).get(reverse("pages:home")).content.decode()
    assert "Red flag (emergency) not yet cleared." in body
