from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.jobs.models import Job, JobStatus
from backstride_web.jobs.services import execute


def test_it_queues_an_export_job_and_shows_it(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    response = client.post(reverse("accounts:export"))
    job = Job.objects.get()
    assert job.owner == runner
    assert job.kind == "export_account"
    assert job.status == JobStatus.QUEUED
    assert job.task_id
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})


def test_the_export_holds_the_profile_and_downloads(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    runner.runner_profile.other_sports = "rugby"
    runner.runner_profile.save()
    client = client_for(runner)
    client.post(reverse("accounts:export"))
    job = execute(Job.objects.get().pk)
    assert job.status == JobStatus.SUCCEEDED, job.error
    document = json.loads((Path(settings.MEDIA_ROOT) / job.result["file"]).read_text())
    assert document["format"] == "backstride-export"
    assert document["account"]["email"] == runner.email
    assert document["runner_profile"]["other_sports"] == "rugby"
    assert document["care_grants"][0]["clinician"] == clinician.email
    download = client.get(reverse("jobs:download", kwargs={"job_id": job.pk}))
    assert download.status_code == 200
    assert json.loads(b"".join(download.streaming_content))["account"]["email"] == runner.email


def test_it_needs_a_post(runner: User, client_for: Callable[[User], Client]) -> None:
    assert client_for(runner).get(reverse("accounts:export")).status_code == 405
    assert not Job.objects.exists()
