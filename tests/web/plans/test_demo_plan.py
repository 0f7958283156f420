from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from backstride_web.demo import build_demo
from backstride_web.plans.models import PlanAdjustment, RunnerPlan

TODAY = datetime.date(2026, 11, 27)


@pytest.mark.django_db
def test_sam_has_a_marathon_plan_with_a_history_and_rebuilding_changes_nothing() -> None:
    build_demo(today=TODAY)
    people = build_demo(today=TODAY)
    row = RunnerPlan.objects.get(runner=people.runner)
    assert row.race == "marathon"
    assert row.race_day > TODAY
    assert row.built_on == TODAY
    assert [a.decision for a in row.adjustments.order_by("decided_at")] == ["progress", "hold"]
    assert PlanAdjustment.objects.count() == 2


@pytest.mark.django_db
def test_sam_and_his_physio_see_the_plan() -> None:
    people = build_demo(today=TODAY)
    for user, url in (
        (people.runner, reverse("plans:overview")),
        (
            people.clinician,
            reverse("plans:runner_overview", kwargs={"runner_id": people.runner.pk}),
        ),
    ):
        client = Client()
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Marathon" in page
        assert "History of adjustments" in page
