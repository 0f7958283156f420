"""No plan URL gets around the red-flag gate, whatever the method or query string."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.assessments.models import Acknowledgement, Screen
from backstride_web.plans.models import PlanAdjustment, RunnerPlan
from tests.web.plans.conftest import block, first_run_day

LOCKED = "Your plans are locked for now"


def _urls(row: RunnerPlan) -> list[str]:
    day = first_run_day(row).isoformat()
    return [
        reverse("plans:overview"),
        reverse("plans:overview") + "?cleared=1&tier=0",
        reverse("plans:goal"),
        reverse("plans:review"),
        reverse("plans:session", kwargs={"day": day}),
        reverse("plans:routines"),
        reverse("plans:exercises"),
        reverse("plans:exercise", kwargs={"exercise_id": "bird_dog"}),
        reverse("plans:ics"),
        reverse("plans:fit_zip"),
        reverse("plans:fit", kwargs={"day": day}),
        reverse("plans:runner_overview", kwargs={"runner_id": row.runner_id}),
    ]


def _locked_when_urgent(row: RunnerPlan) -> list[str]:
    """The plan URLs that stay locked while running is paused (URGENT): the rest show walks."""
    day = first_run_day(row).isoformat()
    return [
        reverse("plans:goal"),
        reverse("plans:review"),
        reverse("plans:mark", kwargs={"day": day}),
        reverse("plans:routines"),
        reverse("plans:exercises"),
        reverse("plans:exercise", kwargs={"exercise_id": "bird_dog"}),
    ]


@pytest.mark.parametrize(("flag", "urls"), [("R1", _urls), ("R7", _locked_when_urgent)])
@pytest.mark.parametrize("method", ["get", "post", "head"])
def test_every_plan_url_is_locked_after_a_red_flag(
    runner: User,
    plan: RunnerPlan,
    client_for: Callable[[User], Client],
    flag: str,
    urls: Callable[[RunnerPlan], list[str]],
    method: str,
) -> None:
    """EMERGENCY (R1) locks every plan URL; URGENT (R7) locks all but the walking pages
    (tests/web/plans/test_walking_mode.py)."""
    block(runner, flag)
    client = client_for(runner)
    for url in urls(plan):
        response = getattr(client, method)(url, {"race": "5k", "race_day": "2027-09-01"})
        assert response.status_code == 403, url
        if method != "head":
            assert LOCKED in response.content.decode(), url
            assert "BEGIN:VCALENDAR" not in response.content.decode()
    assert not PlanAdjustment.objects.exists()
    plan.refresh_from_db()
    assert plan.revision == 0


def test_acknowledging_does_not_unlock_but_a_clearance_does(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    from django.utils import timezone

    block(runner)
    client = client_for(runner)
    screen = Screen.objects.filter(runner=runner).first()
    Acknowledgement.objects.create(
        runner=runner, screen=screen, kind=Acknowledgement.Kind.READ, confirmed_at=timezone.now()
    )
    assert client.get(reverse("plans:overview")).status_code == 403
    Acknowledgement.objects.create(
        runner=runner, screen=screen, kind=Acknowledgement.Kind.CLEARED, confirmed_at=timezone.now()
    )
    assert client.get(reverse("plans:overview")).status_code == 200


def test_the_clinician_of_a_blocked_runner_sees_the_block(
    runner: User, clinician: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    block(runner)
    url = reverse("plans:runner_overview", kwargs={"runner_id": runner.pk})
    response = client_for(clinician).get(url)
    assert response.status_code == 403
    assert "5 km" not in response.content.decode()


def test_an_unscreened_runner_is_sent_to_the_screen(
    client_for: Callable[[User], Client], db: None
) -> None:
    from tests.factories import make_runner

    fresh = make_runner("new@example.org", screened=False)
    response = client_for(fresh).get(reverse("plans:overview"))
    assert response.status_code == 302
    assert reverse("assessments:screen") in response["Location"]


def test_a_clinician_without_a_runner_is_sent_to_choose_one(
    clinician: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(clinician).get(reverse("plans:overview"))
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")
