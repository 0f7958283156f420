from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.diary import services

URL = reverse("diary:timeline")


def _recent(run: Activity) -> Activity:
    run.start_utc = timezone.now() - timezone.timedelta(days=2)
    run.save()
    return run


def test_unlogged_runs_are_offered_first(
    runner: User, run: Activity, client_for: Callable[[User], Client]
) -> None:
    _recent(run)
    body = client_for(runner).get(URL).content.decode()
    assert reverse("diary:log_pain", kwargs={"activity_id": run.pk}) in body
    assert "How did your back feel?" in body


def test_logged_pain_shows_on_the_timeline(
    runner: User, run: Activity, client_for: Callable[[User], Client]
) -> None:
    _recent(run)
    services.record_pain(run, {"onset": ("time", 312.0), "peak": 6, "stopped": True})
    body = client_for(runner).get(URL).content.decode()
    assert "pain at 5:12, 6/10, stopped" in body
    assert "How did your back feel?" not in body


def test_a_clinician_reads_a_shared_diary_but_strangers_do_not(
    runner: User,
    run: Activity,
    clinician: User,
    stranger: User,
    client_for: Callable[[User], Client],
) -> None:
    _recent(run)
    services.record_no_pain(run)
    shared = client_for(clinician).get(URL, {"runner": runner.pk})
    assert shared.status_code == 200
    assert "no pain" in shared.content.decode()
    assert "log pain" not in shared.content.decode()
    assert client_for(stranger).get(URL, {"runner": runner.pk}).status_code == 404
