"""How the API lets people in: tokens with scopes, or the browser session with CSRF."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.diary.models import DailyCheckin

CHECKINS = reverse("api-v1:create_checkin")


def _checkin(day: str = "") -> str:
    return json.dumps(
        {"day": day or timezone.localdate().isoformat(), "morning_pain": 2, "morning_stiffness": 1}
    )


def test_nobody_gets_in_without_credentials(runner: User) -> None:
    response = Client().get(reverse("api-v1:list_activities"))
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "code": "unauthenticated",
            "message": "Log in, or send 'Authorization: Bearer <token>' with a valid API token.",
            "field": None,
        }
    }


def test_a_read_token_cannot_write(runner: User, api_client: Callable[..., Client]) -> None:
    response = api_client(runner, "read").post(
        CHECKINS, _checkin(), content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_scope"
    assert not DailyCheckin.objects.exists()


def test_a_write_token_writes(runner: User, api_client: Callable[..., Client]) -> None:
    response = api_client(runner, "write").post(
        CHECKINS, _checkin(), content_type="application/json"
    )
    assert response.status_code == 201
    assert DailyCheckin.objects.get(runner=runner).morning_pain == 2


def test_the_browser_session_reads(runner: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(runner).get(reverse("api-v1:list_checkins"))
    assert response.status_code == 200


def test_the_browser_session_needs_the_csrf_token_to_write(runner: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(runner)
    refused = client.post(CHECKINS, _checkin(), content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    assert not DailyCheckin.objects.exists()

    client.get(reverse("api:tokens"))  # any page sets the csrftoken cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(
        CHECKINS, _checkin(), content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201


def test_a_token_needs_no_csrf(runner: User, api_client: Callable[..., Client]) -> None:
    client = api_client(runner, "write")
    client.handler.enforce_csrf_checks = True
    response = client.post(CHECKINS, _checkin(), content_type="application/json")
    assert response.status_code == 201
