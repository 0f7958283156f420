"""Every assessment view, for every persona: runner, clinician, stranger and anonymous."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.assessments import services
from backstride_web.assessments.models import InstrumentResponse, Screen, SelfTestResult
from tests.web.assessments.helpers import positive

RUNNER_ONLY = [
    ("assessments:screen", []),
    ("assessments:weekly_screen", []),
    ("assessments:clearance", []),
    ("assessments:pain_profile", []),
    ("assessments:instruments", []),
    ("assessments:instrument", ["startback"]),
    ("assessments:self_tests", []),
    ("assessments:self_test", ["modified_thomas"]),
]


@pytest.fixture
def records(runner: User) -> dict[str, int]:
    now = timezone.now()
    screen = services.record_screen(runner, positive("R9"), short=False, now=now)
    response = services.record_instrument(runner, "rmdq", ["no"] * 24, entered_by=runner, now=now)
    result = services.record_self_test(
        runner, "modified_thomas", {"thigh_level_left": True, "thigh_level_right": True}, now=now
    )
    return {"screen": screen.pk, "response": response.pk, "result": result.pk}


def _shared_urls(runner: User, records: dict[str, int]) -> list[str]:
    return [
        reverse("assessments:runner_results", args=[runner.pk]),
        reverse("assessments:screen_detail", args=[records["screen"]]),
        reverse("assessments:response_detail", args=[records["response"]]),
        reverse("assessments:self_test_result", args=[records["result"]]),
    ]


@pytest.mark.parametrize(("name", "args"), RUNNER_ONLY)
def test_runner_pages(
    name: str,
    args: list[str],
    runner: User,
    clinician: User,
    client_for: Callable[[User], Client],
) -> None:
    url = reverse(name, args=args)
    assert client_for(runner).get(url).status_code == 200
    assert client_for(clinician).get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))


def test_shared_pages(
    runner: User,
    clinician: User,
    stranger: User,
    records: dict[str, int],
    client_for: Callable[[User], Client],
) -> None:
    for url in _shared_urls(runner, records):
        assert client_for(runner).get(url).status_code == 200, url
        assert client_for(clinician).get(url).status_code == 200, url
        assert client_for(stranger).get(url).status_code == 404, url
        assert Client().get(url).status_code == 302, url


def test_a_clinician_cannot_write_into_a_runners_record_except_the_scorers(
    runner: User,
    clinician: User,
    records: dict[str, int],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(clinician)
    assert (
        client.post(reverse("assessments:acknowledge", args=[records["screen"]])).status_code == 404
    )
    assert client.post(reverse("assessments:clearance"), {"confirm": "on"}).status_code == 404
    startback = reverse("assessments:runner_instrument", args=[runner.pk, "startback"])
    assert client.post(startback, {}).status_code == 404
    assert Screen.objects.filter(runner=runner).count() == 2
    assert InstrumentResponse.objects.count() == 1
    assert SelfTestResult.objects.count() == 1


def test_home_for_every_persona(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("assessments:home")
    assert "Safety status" in client_for(runner).get(url).content.decode()
    assert "read-only" in client_for(clinician).get(url).content.decode()
    assert Client().get(url)["Location"].startswith(reverse("accounts:login"))
