from __future__ import annotations

import datetime
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from backstride.plan.rules import PAIN_RULE
from backstride_web.accounts.models import User
from backstride_web.plans.models import RunnerPlan

URL = reverse("plans:overview")


def test_without_a_plan_it_offers_the_goal_form(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "No plan yet" in page
    assert 'name="race_day"' in page


def test_it_shows_today_the_weeks_and_the_pain_rule_with_its_source(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client]
) -> None:
    page = client_for(runner).get(URL).content.decode()
    assert "5 km" in page
    assert "Rest day" in page  # the plan starts tomorrow
    assert PAIN_RULE.split(":")[0] in page
    assert "Silbernagel" in page
    assert page.count("Moves on only if the pain rule held") >= 3
    assert reverse("plans:ics") in page
    assert reverse("plans:fit_zip") in page


def test_the_next_session_links_to_its_page(
    runner: User, plan: RunnerPlan, client_for: Callable[[User], Client], today: datetime.date
) -> None:
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    page = client_for(runner).get(URL).content.decode()
    assert reverse("plans:session", kwargs={"day": tomorrow})[:-11] in page


def test_a_clinician_without_runner_id_is_sent_to_choose_one(
    clinician: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(clinician).get(URL)["Location"] == reverse("pages:home")  # choose a runner


def test_anonymous_goes_to_log_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_post_is_not_allowed(runner: User, client_for: Callable[[User], Client]) -> None:
    assert client_for(runner).post(URL).status_code == 405
