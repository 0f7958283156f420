from __future__ import annotations

import hashlib
import io
import json
import os
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from typer.testing import CliRunner

from backstride.cli import app
from backstride_web.accounts import export
from backstride_web.accounts.models import CareGrant, ClinicianNote, User
from backstride_web.activities.models import Activity
from backstride_web.assessments.services import record_self_test
from backstride_web.diary.models import DailyCheckin, RunPain
from backstride_web.gait.models import GaitSession
from backstride_web.jobs.models import Job, JobStatus
from backstride_web.jobs.services import execute
from tests.web.activities.conftest import RUN_FIT

MIB = 1024 * 1024
VIDEO = b"\x00\x00\x00\x18ftypmp42 not really a video"


def _runner_with_an_upload(runner: User, client: Client) -> Activity:
    """Upload a real FIT file through the web and run the import job."""
    client.post(
        reverse("activities:upload"),
        {"uploads": [SimpleUploadedFile(RUN_FIT.name, RUN_FIT.read_bytes())]},
    )
    job = execute(Job.objects.get(kind="import_activities").pk)
    assert job.status == JobStatus.SUCCEEDED, job.error
    return Activity.objects.get(owner=runner)


def _export(client: Client) -> tuple[Job, zipfile.ZipFile]:
    client.post(reverse("accounts:export"))
    job = execute(Job.objects.filter(kind="export_account").latest("created_at").pk)
    assert job.status == JobStatus.SUCCEEDED, job.error
    download = client.get(reverse("jobs:download", kwargs={"job_id": job.pk}))
    assert download.status_code == 200
    return job, zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))


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


def test_the_zip_holds_the_json_the_original_bytes_and_the_report(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    runner.display_name = "Rita Runner"
    runner.save()
    runner.runner_profile.other_sports = "rugby"
    runner.runner_profile.save()
    client = client_for(runner)
    activity = _runner_with_an_upload(runner, client)
    CareGrant.objects.filter(clinician=clinician).update(scope=CareGrant.Scope.COMMENT)
    ClinicianNote.objects.create(
        runner=runner, author=clinician, author_name=str(clinician), text="Hip flexors tight."
    )
    record_self_test(
        runner,
        "modified_thomas",
        {"thigh_level_left": False, "thigh_level_right": True},
        now=timezone.now(),
        entered_by=clinician,
    )

    RunPain.objects.create(activity=activity, onset_s=300, peak=5)
    DailyCheckin.objects.create(
        runner=runner, day=timezone.localdate(), morning_pain=3, morning_stiffness=2
    )
    session = GaitSession(runner=runner, original_name="clip.mp4")
    session.video.save("clip.mp4", ContentFile(VIDEO), save=True)

    job, archive = _export(client)

    names = archive.namelist()
    assert {"data.json", "report.html", "README.txt"} <= set(names)
    [original] = [n for n in names if n.startswith("originals/")]
    import_job = Job.objects.get(kind="import_activities")
    assert original == f"originals/{import_job.pk}/{RUN_FIT.name}"
    data = archive.read(original)
    assert data == RUN_FIT.read_bytes()
    assert hashlib.sha256(data).hexdigest() == activity.source_sha256

    assert archive.read(f"files/gait/{session.folder}/clip.mp4") == VIDEO

    document = json.loads(archive.read("data.json"))
    assert document["format"] == "backstride-export"
    assert document["account"]["email"] == runner.email
    assert document["runner_profile"]["other_sports"] == "rugby"
    assert document["care_grants"][0]["clinician"] == clinician.email
    assert document["clinician_notes"] == [
        {
            "entered_by": str(clinician),
            "entered_by_email": clinician.email,
            "created_at": document["clinician_notes"][0]["created_at"],
            "text": "Hip flexors tight.",
        }
    ]
    [exported_activity] = document["activities"]
    assert exported_activity["id"] == activity.pk
    assert exported_activity["source_sha256"] == activity.source_sha256
    assert document["diary"]["run_pain"][0]["activity_id"] == activity.pk
    assert document["diary"]["run_pain"][0]["peak"] == 5
    assert document["diary"]["checkins"][0]["morning_pain"] == 3
    assert document["plan"] is None
    [streams] = [n for n in names if n.startswith("streams/")]
    lines = archive.read(streams).decode().splitlines()
    assert lines[0].startswith("time_s,")
    assert len(lines) == activity.samples + 1
    [self_test] = document["assessments"]["self_tests"]
    assert self_test["entered_by"] == clinician.email

    report = archive.read("report.html").decode()
    assert report.lstrip().lower().startswith("<!doctype html")
    assert "Rita Runner" in report
    readme = archive.read("README.txt").decode()
    assert "originals/" in readme
    assert "data.json" in readme
    assert job.result["files"]["originals"] == 1
    assert job.result["bytes"] == default_storage.size(job.result["file"])

    # Written atomically: only the finished zip is in the runner's export folder.
    folder = Path(default_storage.path(f"exports/{runner.pk}"))
    assert [p.name for p in folder.iterdir()] == [Path(job.result["file"]).name]


def test_only_the_owner_downloads_the_export(
    runner: User, clinician: User, stranger: User, client_for: Callable[[User], Client]
) -> None:
    job, _ = _export(client_for(runner))
    url = reverse("jobs:download", kwargs={"job_id": job.pk})
    assert client_for(clinician).get(url).status_code == 404
    assert client_for(stranger).get(url).status_code == 404


@pytest.mark.django_db(transaction=True)  # the CLI runs the job in a thread
def test_the_cli_writes_the_same_zip(
    runner: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    _runner_with_an_upload(runner, client_for(runner))
    out = tmp_path / "mine.zip"
    result = CliRunner().invoke(app, ["export", "--user", runner.email, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(str(out))
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert {"data.json", "report.html", "README.txt"} <= set(names)
        [original] = [n for n in names if n.startswith("originals/")]
        assert archive.read(original) == RUN_FIT.read_bytes()
        assert json.loads(archive.read("data.json"))["account"]["email"] == runner.email


def test_big_files_are_streamed_into_the_zip_not_read_whole(tmp_path: Path) -> None:
    big = tmp_path / "long-run.fit"
    big.write_bytes(os.urandom(32 * MIB))
    target = tmp_path / "out.zip"
    with target.open("wb") as handle, zipfile.ZipFile(handle, "w") as archive:
        tracemalloc.start()
        try:
            export._add_file(archive, "originals/long-run.fit", big)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 8 * MIB
    with zipfile.ZipFile(target) as archive, archive.open("originals/long-run.fit") as member:
        digest = hashlib.file_digest(member, "sha256").hexdigest()
    assert digest == hashlib.sha256(big.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", ["../escape.fit", "/etc/passwd", "a/../../b", ""])
def test_a_hook_cannot_name_a_file_outside_its_folder(name: str) -> None:
    with pytest.raises(ValueError, match="not a plain relative path"):
        export._safe_member("originals", name)


def test_it_needs_a_post(runner: User, client_for: Callable[[User], Client]) -> None:
    assert client_for(runner).get(reverse("accounts:export")).status_code == 405
    assert not Job.objects.exists()


def test_a_clinician_exports_their_account_and_notes_without_a_report(
    runner: User, clinician: User, client_for: Callable[[User], Client]
) -> None:
    _, archive = _export(client_for(clinician))
    names = set(archive.namelist())
    assert "report.html" not in names
    assert {"data.json", "README.txt"} <= names
    document = json.loads(archive.read("data.json"))
    assert document["account"]["role"] == "clinician"
    assert "no report" in archive.read("README.txt").decode()
