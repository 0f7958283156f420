"""Activities through the API: list with pagination and filters, detail, streams, upload."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.jobs.models import Job
from tests.web.activities.conftest import RUN_FIT

LIST = reverse("api-v1:list_activities")
UPLOAD = reverse("api-v1:upload_activities")


def test_it_pages_through_a_runners_activities(
    runner_with_data: User, api_client: Callable[..., Client]
) -> None:
    client = api_client(runner_with_data)
    total = Activity.objects.filter(owner=runner_with_data).count()
    first = client.get(LIST, {"limit": 4}).json()
    assert first["count"] == total == 10
    assert (first["limit"], first["offset"]) == (4, 0)
    assert len(first["items"]) == 4
    starts = [item["start_utc"] for item in first["items"]]
    assert starts == sorted(starts, reverse=True)
    seen = []
    for offset in range(0, total, 4):
        seen += [i["id"] for i in client.get(LIST, {"limit": 4, "offset": offset}).json()["items"]]
    assert sorted(seen) == sorted(
        Activity.objects.filter(owner=runner_with_data).values_list("pk", flat=True)
    )
    beyond = client.get(LIST, {"offset": 1000}).json()
    assert beyond["items"] == []
    assert beyond["count"] == total


def test_it_filters_by_date_and_sport(
    runner_with_data: User, api_client: Callable[..., Client]
) -> None:
    runs = Activity.objects.filter(owner=runner_with_data).order_by("start_utc")
    middle = runs[4].start_utc.date()
    client = api_client(runner_with_data)
    since = client.get(LIST, {"since": middle.isoformat()}).json()
    assert since["count"] == runs.filter(start_utc__date__gte=middle).count()
    assert all(i["start_utc"][:10] >= middle.isoformat() for i in since["items"])
    until = client.get(LIST, {"until": middle.isoformat()}).json()
    assert (
        until["count"] + since["count"]
        == runs.count() + runs.filter(start_utc__date=middle).count()
    )
    assert client.get(LIST, {"sport": "swimming"}).json()["count"] == 0
    backwards = client.get(
        LIST,
        {"since": middle.isoformat(), "until": (middle - datetime.timedelta(days=1)).isoformat()},
    )
    assert backwards.status_code == 422
    assert backwards.json()["error"]["field"] == "until"


def test_the_detail_and_streams_of_an_imported_run(
    runner_with_data: User, api_client: Callable[..., Client]
) -> None:
    activity = Activity.objects.get(owner=runner_with_data, source_format="fit")
    client = api_client(runner_with_data)
    detail = client.get(reverse("api-v1:get_activity", kwargs={"activity_id": activity.pk}))
    assert detail.status_code == 200
    body = detail.json()
    assert body["id"] == activity.pk
    assert body["sport"] == activity.sport
    assert body["samples"] == activity.samples > 0
    assert isinstance(body["laps"], list)
    url = reverse("api-v1:get_streams", kwargs={"activity_id": activity.pk})
    streams = client.get(url).json()
    assert streams["samples"] == activity.samples
    assert len(streams["channels"]["time_s"]) == activity.samples
    assert streams["channels"]["time_s"][0] == 0.0
    every = client.get(url, {"every": 10}).json()
    assert len(every["channels"]["time_s"]) == len(range(0, activity.samples, 10))


def test_an_upload_becomes_an_import_job(runner: User, api_client: Callable[..., Client]) -> None:
    client = api_client(runner, "write")
    upload = SimpleUploadedFile("my run.fit", RUN_FIT.read_bytes())
    response = client.post(UPLOAD, {"files": [upload]})
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["id"])
    assert job.owner == runner
    assert job.kind == "import_activities"
    assert response.json()["status"] == "queued"
    kept = Path(settings.MEDIA_ROOT) / "imports" / str(runner.pk) / str(job.pk)
    assert [p.name for p in kept.iterdir()] == ["0000-my_run.fit"]
    status = client.get(reverse("api-v1:get_job", kwargs={"job_id": job.pk}))
    assert status.json()["id"] == str(job.pk)


def test_an_empty_upload_is_refused_with_the_forms_message(
    runner: User, api_client: Callable[..., Client]
) -> None:
    response = api_client(runner, "write").post(
        UPLOAD, {"files": [SimpleUploadedFile("empty.fit", b"")]}
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "files"
    assert "empty" in response.json()["error"]["message"]
    assert not Job.objects.exists()


def test_a_clinician_cannot_upload(clinician: User, api_client: Callable[..., Client]) -> None:
    upload = SimpleUploadedFile("run.fit", RUN_FIT.read_bytes())
    response = api_client(clinician, "write").post(UPLOAD, {"files": [upload]})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "runner_only"
