"""Pain events and check-ins: listed, and created with the diary forms' validation."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.diary.models import DailyCheckin, RunPain

PAIN = reverse("api-v1:create_pain_event")
CHECKINS = reverse("api-v1:create_checkin")


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def _run(runner: User, **fields: Any) -> Activity:
    values: dict[str, Any] = {
        "owner": runner,
        "sport": "running",
        "start_utc": timezone.now() - datetime.timedelta(hours=3),
        "elapsed_s": 1800,
        "distance_m": 5000,
        "source_name": "x",
        "source_format": "manual",
        "source_sha256": "manual:api-test",
        **fields,
    }
    return Activity.objects.create(**values)


def test_it_lists_pain_events_newest_first_and_filters_them(
    runner_with_data: User, api_client: Callable[..., Client]
) -> None:
    client = api_client(runner_with_data)
    url = reverse("api-v1:list_pain_events")
    body = client.get(url).json()
    assert body["count"] == RunPain.objects.filter(activity__owner=runner_with_data).count() == 9
    starts = [i["run_start_utc"] for i in body["items"]]
    assert starts == sorted(starts, reverse=True)
    with_pain = client.get(url, {"had_pain": "true"}).json()
    without = client.get(url, {"had_pain": "false"}).json()
    assert with_pain["count"] + without["count"] == 9
    assert all(i["had_pain"] and i["onset_s"] > 0 for i in with_pain["items"])
    assert all(i["onset_s"] is None for i in without["items"])


def test_it_records_pain_the_way_the_diary_page_does(
    runner: User, api_client: Callable[..., Client]
) -> None:
    run = _run(runner)
    response = _post(
        api_client(runner, "write"),
        PAIN,
        {"activity_id": run.pk, "onset": "5:30", "peak": 4, "character": "pump", "stopped": True},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["event"]["onset_s"] == 330
    assert body["new_leg_symptom"] is False
    pain = RunPain.objects.get(activity=run)
    assert (pain.onset_s, pain.peak, pain.character, pain.stopped) == (330, 4, "pump", True)


def test_a_distance_onset_is_mapped_onto_time(
    runner: User, api_client: Callable[..., Client]
) -> None:
    run = _run(runner)
    response = _post(
        api_client(runner, "write"), PAIN, {"activity_id": run.pk, "onset": "1 km", "peak": 3}
    )
    assert response.status_code == 201
    assert RunPain.objects.get(activity=run).onset_s == 360


def test_an_onset_after_the_run_is_refused_naming_the_field(
    runner: User, api_client: Callable[..., Client]
) -> None:
    run = _run(runner)
    response = _post(
        api_client(runner, "write"), PAIN, {"activity_id": run.pk, "onset": "45", "peak": 3}
    )
    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "invalid",
        "message": "That is after the run ended (30 min long).",
        "field": "onset",
    }
    assert not RunPain.objects.exists()


def test_pain_needs_a_peak_and_an_onset(runner: User, api_client: Callable[..., Client]) -> None:
    run = _run(runner)
    client = api_client(runner, "write")
    assert (
        _post(client, PAIN, {"activity_id": run.pk, "onset": "5"}).json()["error"]["field"]
        == "peak"
    )
    assert (
        _post(client, PAIN, {"activity_id": run.pk, "peak": 5}).json()["error"]["field"] == "onset"
    )
    bad = _post(client, PAIN, {"activity_id": run.pk, "peak": 5, "location": "moon"})
    assert bad.json()["error"]["field"] == "location"
    assert not RunPain.objects.exists()


def test_a_pain_free_run(runner: User, api_client: Callable[..., Client]) -> None:
    run = _run(runner)
    response = _post(api_client(runner, "write"), PAIN, {"activity_id": run.pk, "no_pain": True})
    assert response.status_code == 201
    assert RunPain.objects.get(activity=run).onset_s is None


def test_new_leg_pain_prompts_the_safety_check(
    runner: User, api_client: Callable[..., Client]
) -> None:
    run = _run(runner)
    body = _post(
        api_client(runner, "write"),
        PAIN,
        {"activity_id": run.pk, "onset": "5", "peak": 5, "location": "thigh"},
    ).json()
    assert body["new_leg_symptom"] is True
    assert "safety check" in body["advice"]


def test_nobody_logs_pain_on_someone_elses_run(
    runner: User, stranger: User, clinician: User, api_client: Callable[..., Client]
) -> None:
    run = _run(runner)
    refused = _post(
        api_client(stranger, "write"), PAIN, {"activity_id": run.pk, "onset": "5", "peak": 5}
    )
    assert refused.status_code == 404
    by_clinician = _post(
        api_client(clinician, "write"), PAIN, {"activity_id": run.pk, "onset": "5", "peak": 5}
    )
    assert by_clinician.status_code == 403
    assert not RunPain.objects.exists()


def test_a_checkin_and_its_validation(runner: User, api_client: Callable[..., Client]) -> None:
    client = api_client(runner, "write")
    today = timezone.localdate()
    body = {"day": today.isoformat(), "morning_pain": 3, "morning_stiffness": 2, "note": "ok"}
    created = _post(client, CHECKINS, body)
    assert created.status_code == 201
    assert created.json()["morning_pain"] == 3
    again = _post(client, CHECKINS, {**body, "morning_pain": 5})
    assert again.status_code == 201
    assert DailyCheckin.objects.get(runner=runner).morning_pain == 5
    future = _post(
        client, CHECKINS, {**body, "day": (today + datetime.timedelta(days=2)).isoformat()}
    )
    assert future.status_code == 422
    assert future.json()["error"] == {
        "code": "invalid",
        "message": "The day is in the future.",
        "field": "day",
    }
    too_high = _post(client, CHECKINS, {**body, "sleep_hours": 25})
    assert too_high.json()["error"]["field"] == "sleep_hours"
    nul = _post(client, CHECKINS, {**body, "note": "a\x00b"})
    assert nul.status_code == 422
    assert DailyCheckin.objects.count() == 1


def test_checkins_list_with_dates(
    runner_with_data: User, api_client: Callable[..., Client]
) -> None:
    client = api_client(runner_with_data)
    url = reverse("api-v1:list_checkins")
    assert client.get(url).json()["count"] == 3
    today = timezone.localdate().isoformat()
    only_today = client.get(url, {"since": today}).json()
    assert [i["day"] for i in only_today["items"]] == [today]
