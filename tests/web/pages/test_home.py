from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User


def test_a_runner_sees_their_home_with_every_area(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    body = client_for(runner).get(reverse("pages:home")).content.decode()
    for area in ("Runs", "Diary", "Assess", "Explain", "Plan", "Experiments", "Gait", "Report"):
        assert f">{area}" in body
    assert "not a diagnosis" in body
    assert "emergency care" in body


def test_a_clinician_sees_the_runners_who_shared(
    runner: User, stranger: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    body = client_for(clinician).get(reverse("pages:home")).content.decode()
    assert runner.email in body
    assert stranger.email not in body


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in() -> None:
    response = Client().get(reverse("pages:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_pages_load_nothing_from_other_origins(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).get(reverse("pages:home"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    assert "http://" not in body.replace("http://testserver", "")
    assert "https://" not in body


def test_the_home_page_asks_about_unlogged_runs_and_the_check_in(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    from django.utils import timezone

    from backstride_web.activities.models import Activity

    run = Activity.objects.create(
        owner=runner,
        sport="running",
        start_utc=timezone.now(),
        elapsed_s=1800,
        source_name="by hand",
        source_format="manual",
        source_sha256="manual:home",
    )
    body = client_for(runner).get(reverse("pages:home")).content.decode()
    assert reverse("diary:log_pain", kwargs={"activity_id": run.pk}) in body
    assert reverse("diary:checkin") in body


def test_the_home_page_shows_each_write_at_once(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    """Nothing on the dashboard is cached: a run, its pain report and the day's check-in
    written between two visits show on the second."""
    from django.utils import timezone

    from backstride_web.diary.services import record_checkin, record_manual_run, record_no_pain

    client = client_for(runner)
    home = reverse("pages:home")
    assert "No runs yet" in client.get(home).content.decode()
    run = record_manual_run(runner, started=timezone.now(), duration_s=1800, distance_m=5000)
    body = client.get(home).content.decode()
    log_pain = reverse("diary:log_pain", kwargs={"activity_id": run.pk})
    assert log_pain in body
    assert reverse("activities:detail", kwargs={"activity_id": run.pk}) in body
    record_no_pain(run)
    assert log_pain not in client.get(home).content.decode()
    assert reverse("diary:checkin") in client.get(home).content.decode()
    record_checkin(runner, {"day": timezone.localdate(), "morning_pain": 2, "morning_stiffness": 1})
    assert reverse("diary:checkin") not in client.get(home).content.decode()


def test_the_home_page_shows_only_the_runners_own_runs(
    runner: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    from django.utils import timezone

    from backstride_web.diary.services import record_manual_run

    theirs = record_manual_run(stranger, started=timezone.now(), duration_s=600, distance_m=None)
    body = client_for(runner).get(reverse("pages:home")).content.decode()
    assert reverse("activities:detail", kwargs={"activity_id": theirs.pk}) not in body
    assert reverse("diary:log_pain", kwargs={"activity_id": theirs.pk}) not in body
    assert "No runs yet" in body


def test_the_home_page_costs_the_same_few_queries_with_many_runs(
    runner: User, client_for: Callable[[User], Client], django_assert_max_num_queries: Any
) -> None:
    import hashlib
    from datetime import timedelta

    from django.utils import timezone

    from backstride_web.activities.models import Activity

    start = timezone.now() - timedelta(days=1000)
    Activity.objects.bulk_create(
        Activity(
            owner=runner,
            sport="running",
            start_utc=start + timedelta(days=i),
            elapsed_s=1800,
            source_name=f"{i}.fit",
            source_format="fit",
            source_sha256=hashlib.sha256(str(i).encode()).hexdigest(),
        )
        for i in range(1000)
    )
    client = client_for(runner)
    client.get(reverse("pages:home"))
    with django_assert_max_num_queries(8):
        body = client.get(reverse("pages:home")).content.decode()
    assert body.count("How was your back on") == 5
