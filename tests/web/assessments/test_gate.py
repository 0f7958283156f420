"""The safety gate (assessments.safety): plan pages stay blocked until cleared, whatever the URL."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride.assess.redflags import Tier
from backstride_web.accounts.models import User
from backstride_web.assessments import safety, services
from backstride_web.assessments.models import Acknowledgement, Screen
from tests.factories import make_runner
from tests.web.assessments.gate_urls import PLAN_TEXT
from tests.web.assessments.helpers import all_no, positive

pytestmark = pytest.mark.urls("tests.web.assessments.gate_urls")


@pytest.fixture
def blocked(runner: User) -> User:
    services.record_screen(runner, positive("R1"), short=False, now=timezone.now())
    return runner


def _open(response: object) -> bool:
    return getattr(response, "status_code", 0) == 200 and PLAN_TEXT in response.content.decode()  # type: ignore[attr-defined]


def test_a_screened_runner_with_no_flags_sees_the_plan(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    assert _open(client_for(runner).get("/plan/"))


@pytest.mark.parametrize(
    "url",
    [
        "/plan/",
        "/plan/?cleared=1",
        "/plan/?tier=0&force=true",
        "/plan/exercises/",
        "/plan/any/",
        "/plan/any/../exercises",
        "/plan/any/%2e%2e/",
        "/PLAN/",
    ],
)
def test_no_url_gets_around_the_block(
    blocked: User, client_for: Callable[[User], Client], url: str
) -> None:
    response = client_for(blocked).get(url)
    assert response.status_code in (403, 404)
    assert PLAN_TEXT not in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "head", "options"])
def test_no_method_gets_around_the_block(
    blocked: User, client_for: Callable[[User], Client], method: str
) -> None:
    response = getattr(client_for(blocked), method)("/plan/")
    assert response.status_code == 403
    assert PLAN_TEXT not in response.content.decode()


def test_the_runners_own_id_in_the_url_is_blocked_too(
    blocked: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(blocked).get(f"/plan/runners/{blocked.pk}/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Go to emergency care now" in page
    assert reverse("assessments:clearance") in page


def test_a_clinician_sees_the_block_not_the_plan(
    blocked: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(clinician).get(f"/plan/runners/{blocked.pk}/")
    assert response.status_code == 403
    assert PLAN_TEXT not in response.content.decode()


def test_a_stranger_gets_404_and_anonymous_a_log_in(
    blocked: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(stranger).get(f"/plan/runners/{blocked.pk}/").status_code == 404
    response = Client().get("/plan/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_clinician_without_a_runner_is_sent_to_choose_one(
    clinician: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(clinician).get("/plan/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_reading_the_advice_does_not_lift_the_block(
    blocked: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(blocked)
    screen = Screen.objects.filter(runner=blocked).first()
    assert screen is not None
    client.post(reverse("assessments:acknowledge", args=[screen.pk]))
    assert Acknowledgement.objects.filter(kind="read").count() == 1
    assert client.get("/plan/").status_code == 403


def test_a_later_all_no_weekly_screen_does_not_lift_the_block(
    blocked: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(blocked)
    client.post(reverse("assessments:weekly_screen"), all_no(short=True))
    assert client.get("/plan/").status_code == 403


def test_confirming_clearance_lifts_the_block(
    blocked: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(blocked)
    response = client.post(reverse("assessments:clearance"), {"confirm": "on", "note": "GP, A&E"})
    assert response.status_code == 302
    assert _open(client.get("/plan/"))
    cleared = Acknowledgement.objects.get(kind="cleared")
    assert cleared.note == "GP, A&E"
    assert cleared.confirmed_at >= Screen.objects.filter(runner=blocked).first().answered_at  # type: ignore[union-attr]


def test_a_clearance_does_not_cover_a_later_positive_screen(
    blocked: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(blocked)
    client.post(reverse("assessments:clearance"), {"confirm": "on"})
    client.post(reverse("assessments:weekly_screen"), positive("R4", short=True))
    assert client.get("/plan/").status_code == 403


def test_no_screen_allows_nothing(db: None) -> None:
    runner = make_runner("unscreened@example.org", screened=False)
    access = safety.plan_access(runner, now=timezone.now())
    assert (access.running, access.walking, access.exercises) == (False, False, False)


def test_a_clearance_dated_in_the_future_does_not_count(blocked: User) -> None:
    now = timezone.now()
    screen = Screen.objects.filter(runner=blocked).first()
    assert screen is not None
    Acknowledgement.objects.create(
        runner=blocked,
        screen=screen,
        kind="cleared",
        confirmed_at=now + datetime.timedelta(days=1),
    )
    assert safety.plan_access(blocked, now=now).tier is Tier.EMERGENCY
    assert not safety.plan_access(blocked, now=now).running


def test_the_decorator_refuses_an_unknown_need() -> None:
    with pytest.raises(ValueError, match="needs"):
        safety.requires_plan_clearance(needs=("swimming",))  # type: ignore[arg-type]
