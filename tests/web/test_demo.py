from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import CareGrant, User
from backstride_web.demo import CLINICIAN_EMAIL, DEMO_PASSWORD, RUNNER_EMAIL, build_demo

TODAY = datetime.date(2026, 11, 27)


@pytest.mark.django_db
def test_building_the_demo_twice_changes_nothing() -> None:
    build_demo(today=TODAY)
    build_demo(today=TODAY)
    assert User.objects.count() == 2
    assert CareGrant.objects.count() == 1


@pytest.mark.django_db
def test_the_demo_runner_is_the_reference_case() -> None:
    people = build_demo(today=TODAY)
    profile = people.runner.runner_profile
    assert TODAY.year - profile.birth_year == 23
    assert profile.goal_race == "marathon"
    assert profile.goal_date > TODAY
    assert profile.goal_date.weekday() == 6
    assert profile.work_pattern == "desk"


@pytest.mark.django_db
def test_the_printed_logins_work() -> None:
    build_demo(today=TODAY)
    for email in (RUNNER_EMAIL, CLINICIAN_EMAIL):
        client = Client()
        response = client.post(
            reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, email
        assert client.get(reverse("pages:home")).status_code == 200


@pytest.mark.django_db
def test_the_clinician_sees_the_demo_runner() -> None:
    people = build_demo(today=TODAY)
    client = Client()
    client.force_login(people.clinician)
    assert RUNNER_EMAIL in client.get(reverse("pages:home")).content.decode()


@pytest.mark.django_db
def test_the_demo_runner_has_a_finished_and_a_running_experiment() -> None:
    from backstride_web.experiments.models import Experiment

    build_demo(today=TODAY)
    people = build_demo(today=TODAY)
    experiments = Experiment.objects.filter(runner=people.runner).order_by("start")
    assert [(e.template_id, e.status) for e in experiments] == [
        ("warm_up", "finished"),
        ("cadence", "running"),
    ]
    assert experiments[0].verdict == "a_better"
    assert experiments[1].start <= TODAY <= experiments[1].end
