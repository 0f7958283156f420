"""Export, download and deletion through a storage that is not a local folder.

Django's in-memory storage stands in for S3 here: it has no ``path()``, so every code path
that a clinic on MinIO or S3 takes (upload of the finished zip, listing by prefix, download
through the storage, deletion by name) runs without a network.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import InMemoryStorage, default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from backstride_web.accounts.files import walk
from backstride_web.accounts.models import User
from backstride_web.jobs.models import Job, JobStatus
from backstride_web.jobs.services import execute
from tests.factories import PASSWORD
from tests.web.activities.conftest import RUN_FIT


@pytest.fixture(autouse=True)
def object_storage(settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def test_export_download_and_delete_on_object_storage(
    runner: User, client_for: Callable[[User], Client], media_root: Path
) -> None:
    assert isinstance(storages["default"], InMemoryStorage)
    client = client_for(runner)
    client.post(
        reverse("activities:upload"),
        {"uploads": [SimpleUploadedFile(RUN_FIT.name, RUN_FIT.read_bytes())]},
    )
    assert execute(Job.objects.get(kind="import_activities").pk).status == JobStatus.SUCCEEDED
    client.post(reverse("accounts:export"))
    job = execute(Job.objects.get(kind="export_account").pk)
    assert job.status == JobStatus.SUCCEEDED, job.error

    stored = default_storage.listdir(f"exports/{runner.pk}")[1]
    assert stored == [Path(job.result["file"]).name]
    download = client.get(reverse("jobs:download", kwargs={"job_id": job.pk}))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    [original] = [n for n in archive.namelist() if n.startswith("originals/")]
    assert archive.read(original) == RUN_FIT.read_bytes()
    # Nothing but the upload staging (now emptied) touched the local folder.
    assert not [p for p in media_root.rglob("*") if p.is_file()]

    client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "delete everything"})
    assert not User.objects.filter(email=runner.email).exists()
    for prefix in ("originals", "exports"):
        assert list(walk(f"{prefix}/{runner.pk}")) == []  # no file left (S3 has no folders)
