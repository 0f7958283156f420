"""Analysis, explanation and plan through the API: the pages' computations, with their gates."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride.analysis.overview import NOTICE
from backstride.assess import redflags
from backstride.plan.model import Goal
from backstride_web.accounts.models import User
from backstride_web.assessments.services import record_screen
from backstride_web.plans import services as plans


def _flag(runner: User, **positive: str) -> None:
    answers = {q.id: "no" for q in redflags.questions() if q.follow_up_of is None}
    record_screen(runner, {**answers, **positive}, short=False, now=timezone.now())


def test_the_analysis_is_the_diary_analysis(
    runner_with_data: User, api_client: Callable[..., Client]
) -> None:
    body = api_client(runner_with_data).get(reverse("api-v1:get_analysis")).json()
    assert body["runner"] == runner_with_data.pk
    analysis = body["analysis"]
    assert analysis["n_runs"] == 10
    assert analysis["n_diary_runs"] == 9
    assert analysis["notice"] == NOTICE
    assert {c["condition"] for c in analysis["comparisons"]} >= {"warm-up 10+ min"}


def test_the_explanation_ranks_with_sources(
    runner_with_data: User, api_client: Callable[..., Client]
) -> None:
    body = api_client(runner_with_data).get(reverse("api-v1:get_explanation")).json()
    assert body["blocked"] is False
    assert body["tier"] == "NONE"
    assert "does not diagnose" in body["notice"]
    assert body["contributors"]
    assert all({"id", "name", "score", "grade"} <= set(c) for c in body["contributors"])


def test_an_emergency_flag_blocks_the_explanation(
    runner: User, api_client: Callable[..., Client]
) -> None:
    _flag(runner, R3="yes")
    body = api_client(runner).get(reverse("api-v1:get_explanation")).json()
    assert body["blocked"] is True
    assert body["contributors"] == []
    assert body["tier"] == "EMERGENCY"
    assert body["reason"]


def test_the_plan(runner_with_data: User, api_client: Callable[..., Client]) -> None:
    client = api_client(runner_with_data)
    none_yet = client.get(reverse("api-v1:get_plan"))
    assert none_yet.status_code == 404
    assert none_yet.json()["error"]["message"] == "No plan yet: make one on the Plan page."
    today = timezone.localdate()
    goal = Goal("5k", today + datetime.timedelta(weeks=16))
    row = plans.create_plan(runner_with_data, goal, today=today, now=timezone.now())
    body = client.get(reverse("api-v1:get_plan")).json()
    assert body["race"] == "5k"
    assert body["race_day"] == row.race_day.isoformat()
    assert body["weeks"]
    assert body["sources"]
    assert body["pain_rule"]


def test_a_red_flag_blocks_the_plan(runner: User, api_client: Callable[..., Client]) -> None:
    _flag(runner, R3="yes")
    response = api_client(runner).get(reverse("api-v1:get_plan"))
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "plan_blocked"
    assert error["message"]


def test_an_urgent_red_flag_gives_walks_only(
    runner_with_data: User, api_client: Callable[..., Client]
) -> None:
    today = timezone.localdate()
    plans.create_plan(
        runner_with_data,
        Goal("5k", today + datetime.timedelta(weeks=16)),
        today=today,
        now=timezone.now(),
    )
    _flag(runner_with_data, R7="yes", R7b="no")  # one weaker leg, stable: URGENT
    body = api_client(runner_with_data).get(reverse("api-v1:get_plan")).json()
    assert body["running_paused"] is True
    assert body["walking_only"] is True
    assert "Running is paused" in body["notice"]
    sessions = [s for week in body["weeks"] for s in week["sessions"]]
    assert sessions
    assert {s["kind"] for s in sessions} == {"walk"}
    assert all(s["day"] >= today.isoformat() for s in sessions)
