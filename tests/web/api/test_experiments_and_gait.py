"""Self-experiments and gait sessions through the API (read only)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.experiments import services
from tests.web.experiments.conftest import at, today, warm_up_experiment
from tests.web.gait.conftest import done_session


def test_a_finished_experiment_with_its_result(
    runner: User, api_client: Callable[..., Client]
) -> None:
    experiment = warm_up_experiment(
        runner, start=today() - datetime.timedelta(days=60), effect_min=15.0
    )
    services.refresh(experiment, at(experiment.end + datetime.timedelta(days=1), 12))
    client = api_client(runner)
    listed = client.get(reverse("api-v1:list_experiments")).json()
    assert [e["id"] for e in listed["items"]] == [experiment.pk]
    assert listed["items"][0]["status"] == "finished"
    url = reverse("api-v1:get_experiment", kwargs={"experiment_id": experiment.pk})
    body = client.get(url).json()
    assert body["verdict"] == experiment.verdict != ""
    assert body["result"] is not None
    assert body["n_blocks"] == 6
    assert all(slot["revealed"] for slot in body["slots"])


def test_a_running_experiment_does_not_reveal_future_arms(
    runner: User, api_client: Callable[..., Client]
) -> None:
    experiment = warm_up_experiment(
        runner, start=today() - datetime.timedelta(days=9), effect_min=15.0
    )
    url = reverse("api-v1:get_experiment", kwargs={"experiment_id": experiment.pk})
    body = api_client(runner).get(url).json()
    assert body["status"] == "running"
    assert body["result"] is None
    future = [s for s in body["slots"] if s["first_day"] > timezone.localdate().isoformat()]
    assert future
    assert all(s["arm"] is None and not s["revealed"] for s in future)
    past = [s for s in body["slots"] if s["phase"] == "block" and s["revealed"]]
    assert past
    assert all(s["arm"] in (experiment.label_a, experiment.label_b) for s in past)


def test_gait_sessions_with_their_metrics(
    runner: User, api_client: Callable[..., Client], tmp_path: Path
) -> None:
    session = done_session(runner, tmp_path / "a", label="treadmill")
    client = api_client(runner)
    listed = client.get(reverse("api-v1:list_gait_sessions")).json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert item["label"] == "treadmill"
    assert item["status"] == "done"
    assert {m["name"] for m in item["metrics"]} == set(
        session.metrics.values_list("name", flat=True)
    )
    detail = client.get(reverse("api-v1:get_gait_session", kwargs={"session_id": session.pk}))
    assert detail.status_code == 200
    assert detail.json()["summary"]


def test_outsiders_get_404_for_experiments_and_gait(
    runner: User,
    stranger: User,
    clinician: User,
    api_client: Callable[..., Client],
    tmp_path: Path,
) -> None:
    experiment = warm_up_experiment(
        runner, start=today() - datetime.timedelta(days=9), effect_min=15.0
    )
    session = done_session(runner, tmp_path / "a")
    urls = [
        reverse("api-v1:get_experiment", kwargs={"experiment_id": experiment.pk}),
        reverse("api-v1:get_gait_session", kwargs={"session_id": session.pk}),
    ]
    for url in urls:
        assert api_client(stranger).get(url).status_code == 404
        assert api_client(clinician).get(url).status_code == 200
    for name in ("list_experiments", "list_gait_sessions"):
        url = reverse(f"api-v1:{name}")
        assert api_client(stranger).get(url, {"runner": runner.pk}).status_code == 404
        assert api_client(clinician).get(url, {"runner": runner.pk}).json()["count"] == 1
