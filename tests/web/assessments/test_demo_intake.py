"""The demo runner's intake follows the reference case."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.assessments import safety
from backstride_web.assessments.models import InstrumentResponse, Screen, SelfTestResult
from backstride_web.demo import DEMO_PASSWORD, RUNNER_EMAIL, build_demo


@pytest.mark.django_db
def test_the_demo_runner_has_the_reference_intake() -> None:
    today = timezone.localdate()
    runner = build_demo(today=today).runner
    assert Screen.objects.filter(runner=runner, form="full", tier=0).exists()
    assert not Screen.objects.filter(runner=runner).exclude(tier=0).exists()
    startback = InstrumentResponse.objects.get(runner=runner, instrument="startback")
    assert startback.category == "low"
    thomas = SelfTestResult.objects.get(runner=runner, test="modified_thomas")
    statuses = {f["norm"]: f["status"] for f in thomas.findings}
    assert statuses["one_joint_hip_flexors_left"] == "outside"
    assert statuses["one_joint_hip_flexors_right"] == "outside"
    assert safety.plan_access(runner, now=timezone.now()).running
    assert not safety.rescreen_is_due(runner, now=timezone.now())


@pytest.mark.django_db
def test_building_it_twice_keeps_one_intake() -> None:
    today = datetime.date(2026, 11, 27)
    build_demo(today=today)
    runner = build_demo(today=today).runner
    assert Screen.objects.filter(runner=runner).count() == 2
    assert InstrumentResponse.objects.filter(runner=runner).count() == 1


@pytest.mark.django_db
def test_the_demo_runner_logs_straight_in() -> None:
    build_demo(today=timezone.localdate())
    client = Client()
    client.post(reverse("accounts:login"), {"username": RUNNER_EMAIL, "password": DEMO_PASSWORD})
    assert client.get(reverse("pages:home")).status_code == 200
