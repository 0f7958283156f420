"""The one access rule, through the API: the runner, a clinician with a grant, and nobody else.

A stranger or a revoked clinician gets 404 (never 403) for a runner's records and for
``?runner=<id>``, whether they come with a token or a browser session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import AccessLog, CareGrant, User
from backstride_web.activities.models import Activity
from backstride_web.assessments.models import InstrumentResponse, Screen, SelfTestResult
from tests.factories import make_clinician

LISTS = [
    "list_activities",
    "list_pain_events",
    "list_checkins",
    "list_screens",
    "list_questionnaires",
    "list_self_tests",
    "get_analysis",
    "get_explanation",
    "get_plan",
]


def _records(runner: User) -> dict[str, tuple[str, Any]]:
    activity = Activity.objects.filter(owner=runner).first()
    assert activity is not None
    return {
        "get_activity": ("activity_id", activity.pk),
        "get_streams": ("activity_id", activity.pk),
        "get_screen": ("screen_id", Screen.objects.filter(runner=runner).first().pk),  # type: ignore[union-attr]
        "get_questionnaire": (
            "response_id",
            InstrumentResponse.objects.filter(runner=runner).first().pk,  # type: ignore[union-attr]
        ),
        "get_self_test": ("result_id", SelfTestResult.objects.filter(runner=runner).first().pk),  # type: ignore[union-attr]
    }


@pytest.fixture
def outsiders(runner_with_data: User, stranger: User) -> dict[str, User]:
    revoked = make_clinician("revoked@example.org", patients=[runner_with_data])
    CareGrant.objects.filter(clinician=revoked).update(revoked_at=timezone.now())
    return {"stranger": stranger, "revoked clinician": revoked}


@pytest.mark.parametrize("how", ["token", "session"])
def test_outsiders_get_404_for_a_runners_data(
    runner_with_data: User,
    outsiders: dict[str, User],
    api_client: Callable[..., Client],
    client_for: Callable[[User], Client],
    how: str,
) -> None:
    for who, outsider in outsiders.items():
        client = api_client(outsider) if how == "token" else client_for(outsider)
        for name in LISTS:
            response = client.get(reverse(f"api-v1:{name}"), {"runner": runner_with_data.pk})
            assert response.status_code == 404, f"{who} {name}"
            assert response.json()["error"]["code"] == "not_found"
        for name, (key, pk) in _records(runner_with_data).items():
            response = client.get(reverse(f"api-v1:{name}", kwargs={key: pk}))
            assert response.status_code == 404, f"{who} {name}"
            assert runner_with_data.email not in response.content.decode()


def test_a_runners_token_only_sees_their_own_data(
    runner_with_data: User, stranger: User, api_client: Callable[..., Client]
) -> None:
    body = api_client(stranger).get(reverse("api-v1:list_activities")).json()
    assert body["count"] == 0
    assert body["items"] == []


def test_a_clinician_with_a_grant_reads_and_it_is_logged(
    runner_with_data: User, clinician: User, api_client: Callable[..., Client]
) -> None:
    client = api_client(clinician)
    for name in LISTS[:-1]:
        response = client.get(reverse(f"api-v1:{name}"), {"runner": runner_with_data.pk})
        assert response.status_code == 200, name
    for name, (key, pk) in _records(runner_with_data).items():
        assert client.get(reverse(f"api-v1:{name}", kwargs={key: pk})).status_code == 200, name
    logged = AccessLog.objects.filter(runner=runner_with_data, clinician=clinician)
    assert logged.filter(path__startswith="/api/v1/activities").exists()
    assert logged.count() == len(LISTS) - 1 + len(_records(runner_with_data))


def test_a_clinician_must_say_whose_data(
    clinician: User, api_client: Callable[..., Client]
) -> None:
    response = api_client(clinician).get(reverse("api-v1:list_activities"))
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "runner_required",
        "message": "Say whose data: add ?runner=<id> (clinicians).",
        "field": "runner",
    }


def test_revoking_the_grant_closes_the_api_at_once(
    runner_with_data: User, clinician: User, api_client: Callable[..., Client]
) -> None:
    client = api_client(clinician)
    url = reverse("api-v1:list_activities")
    assert client.get(url, {"runner": runner_with_data.pk}).status_code == 200
    CareGrant.objects.filter(clinician=clinician).update(revoked_at=timezone.now())
    assert client.get(url, {"runner": runner_with_data.pk}).status_code == 404


def test_jobs_are_their_owners_only(
    runner: User, stranger: User, api_client: Callable[..., Client]
) -> None:
    from backstride_web.jobs import services

    job = services.submit(runner, "export_account")
    url = reverse("api-v1:get_job", kwargs={"job_id": job.pk})
    assert api_client(runner).get(url).status_code == 200
    assert api_client(stranger).get(url).status_code == 404
    assert api_client(stranger).get(reverse("api-v1:list_jobs")).json()["count"] == 0
