from __future__ import annotations

import datetime
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.diary.models import DailyCheckin

URL = reverse("diary:checkin")


def _data(**change: str) -> dict[str, str]:
    data = {
        "day": timezone.localdate().isoformat(),
        "morning_pain": "2",
        "morning_stiffness": "3",
        "sitting_hours": "9",
        "sleep_hours": "7.5",
    }
    data.update(change)
    return data


def test_it_saves_and_a_second_save_the_same_day_updates(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    assert client.post(URL, _data()).status_code == 302
    client.post(URL, _data(morning_pain="4"))
    checkin = DailyCheckin.objects.get()
    assert checkin.morning_pain == 4
    assert checkin.sitting_hours == 9


def test_defaults_carry_yesterdays_hours(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    DailyCheckin.objects.create(
        runner=runner,
        day=timezone.localdate() - datetime.timedelta(days=1),
        morning_pain=1,
        morning_stiffness=1,
        sitting_hours=10,
        sleep_hours=6,
    )
    form = client_for(runner).get(URL).context["form"]
    assert form.initial["sitting_hours"] == 10
    assert form.initial["day"] == timezone.localdate()


def test_bad_values_are_field_errors(runner: User, client_for: Callable[[User], Client]) -> None:
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client_for(runner).post(
        URL, _data(day=tomorrow, morning_pain="12", sitting_hours="30")
    )
    errors = response.context["form"].errors
    assert "future" in errors["day"][0]
    assert "morning_pain" in errors
    assert "sitting_hours" in errors
    assert not DailyCheckin.objects.exists()


def test_clinicians_have_no_checkin(clinician: User, client_for: Callable[[User], Client]) -> None:
    assert client_for(clinician).get(URL).status_code == 404


def test_the_check_in_answers_next_morning_for_yesterdays_runs(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    from backstride_web.activities.models import Activity
    from backstride_web.diary.models import RunPain

    yesterday_evening = timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate() - datetime.timedelta(days=1), datetime.time(18, 0)
        )
    )
    run = Activity.objects.create(
        owner=runner,
        sport="running",
        start_utc=yesterday_evening,
        elapsed_s=1800,
        source_name="by hand",
        source_format="manual",
        source_sha256="manual:yesterday",
    )
    RunPain.objects.create(activity=run, onset_s=300, peak=6)
    client_for(runner).post(URL, _data(morning_pain="3"))
    assert RunPain.objects.get(activity=run).next_morning == 3
