from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.plans.models import RunnerPlan


def _url(runner: User) -> str:
    return reverse("plans:runner_overview", kwargs={"runner_id": runner.pk})


def test_a_clinician_with_a_grant_sees_the_plan_read_only(
    runner: User, clinician: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    response = client_for(clinician).get(_url(runner))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Read-only" in page
    assert "5 km" in page
    assert reverse("plans:review") not in page
    assert reverse("plans:goal") not in page
    assert 'method="post"' not in page.split("<main", 1)[1]


def test_a_stranger_gets_404(
    runner: User, stranger: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    assert client_for(stranger).get(_url(runner)).status_code == 404


def test_a_revoked_grant_gets_404(
    runner: User, clinician: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    from django.utils import timezone

    runner.grants_given.update(revoked_at=timezone.now())
    assert client_for(clinician).get(_url(runner)).status_code == 404


def test_the_runner_sees_their_own_page(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    page = client_for(runner).get(_url(runner)).content.decode()
    assert "Read-only" not in page


def test_no_plan_yet(runner: User, clinician: User, client_for: Callable[[User], Client]) -> None:
    page = client_for(clinician).get(_url(runner)).content.decode()
    assert "No plan yet" in page
    assert 'name="race_day"' not in page
