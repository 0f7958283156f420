from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from backstride_web.jobs.models import Job, JobStatus
from backstride_web.jobs.services import execute, retry
from tests.web.activities.conftest import RUN_FIT, TRUNCATED_FIT

URL = reverse("activities:upload")


def _file(path: object, name: str | None = None) -> SimpleUploadedFile:
    from pathlib import Path

    assert isinstance(path, Path)
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def test_uploaded_files_are_imported_by_a_job(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(runner)
    response = client.post(URL, {"uploads": [_file(RUN_FIT), _file(TRUNCATED_FIT)]})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert job.kind == "import_activities"
    job = execute(job.pk)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result["counts"] == {"imported": 2}
    assert Activity.objects.filter(owner=runner).count() == 2
    page = client.get(reverse("jobs:detail", kwargs={"job_id": job.pk})).content.decode()
    assert "activity-small-fenix2-run.fit" in page
    assert "2</strong> imported" in page


def test_a_zip_archive_is_imported_member_by_member(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("activities/run.fit", RUN_FIT.read_bytes())
        archive.writestr("activities/../../evil.fit", RUN_FIT.read_bytes())
        archive.writestr("activities/notes.fit", b"not a fit file at all")
    client_for(runner).post(URL, {"uploads": [SimpleUploadedFile("export.zip", buffer.getvalue())]})
    job = execute(Job.objects.get().pk)
    statuses = {row["file"].rsplit("!", 1)[-1]: row["status"] for row in job.result["files"]}
    assert statuses["activities/run.fit"] == "imported"
    assert statuses["activities/notes.fit"] == "failed"
    assert any(name.endswith("evil.fit") and s == "failed" for name, s in statuses.items())
    assert Activity.objects.count() == 1


def test_an_empty_upload_is_a_field_error(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(runner).post(URL, {"uploads": [SimpleUploadedFile("zero.fit", b"")]})
    assert response.status_code == 200
    assert "zero.fit" in str(response.context["form"].errors["uploads"])
    assert not Job.objects.exists()


def test_no_file_is_a_field_error(runner: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(runner).post(URL, {})
    assert response.context["form"].errors["uploads"]
    assert not Job.objects.exists()


@override_settings(MAX_UPLOAD_FILES=1)
def test_too_many_files_are_refused(runner: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(runner).post(URL, {"uploads": [_file(RUN_FIT), _file(TRUNCATED_FIT)]})
    assert "the limit is 1" in str(response.context["form"].errors["uploads"])


def test_a_failed_import_keeps_its_files_and_can_be_retried(
    runner: User, client_for: Callable[[User], Client]
) -> None:
    client_for(runner).post(URL, {"uploads": [_file(RUN_FIT)]})
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    job = execute(retry(Job.objects.get(pk=job.pk)).pk)
    assert job.status == JobStatus.SUCCEEDED
    assert Activity.objects.count() == 1


def test_clinicians_and_anonymous_cannot_upload(
    clinician: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(clinician).get(URL).status_code == 404
    assert Client().get(URL).status_code == 302


def test_a_post_without_csrf_is_rejected(runner: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(runner)
    assert client.post(URL, {"uploads": [_file(RUN_FIT)]}).status_code == 403
