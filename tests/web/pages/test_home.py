from __future__ import annotations

from collections.abc import Callable

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
