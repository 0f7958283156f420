"""The upload form: what it accepts, what it refuses (naming the field), what it queues."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.gait.forms import parse_crop
from backstride_web.gait.models import GaitSession, GaitStatus
from backstride_web.jobs.models import Job, JobStatus
from tests.web.gait.conftest import VIDEO


def _post(client: Any, **fields: Any) -> Any:
    data = {"view": "side", "label": "", **fields}
    return client.post(reverse("gait:upload"), data)


def test_it_stores_the_video_and_queues_the_analysis(
    runner: User, client_for: Callable[..., Any]
) -> None:
    upload = SimpleUploadedFile("My Run.MP4", VIDEO.read_bytes(), content_type="video/mp4")
    response = _post(
        client_for(runner),
        video=upload,
        label="before",
        filmed_fps="",
        start_s="1",
        end_s="6.8",
        crop="0, 48, 100, 100",
    )
    session = GaitSession.objects.get(runner=runner)
    assert response.status_code == 302
    assert response["Location"] == reverse("gait:detail", kwargs={"session_id": session.pk})
    assert session.status == GaitStatus.QUEUED
    assert session.label == "before"
    assert session.original_name == "My Run.MP4"
    assert session.crop == [0.0, 0.48, 1.0, 1.0]
    assert (session.start_s, session.end_s) == (1.0, 6.8)
    assert session.video.name.endswith("/original.mp4")
    assert default_storage.size(session.video.name) == VIDEO.stat().st_size
    job = Job.objects.get(pk=session.job_id)
    assert (job.kind, job.status, job.params) == (
        "gait_analysis",
        JobStatus.QUEUED,
        {"session_id": session.pk},
    )
    page = client_for(runner).get(response["Location"]).content.decode()
    assert 'data-status="queued"' in page
    assert "hx-get" in page


@pytest.mark.parametrize(
    ("name", "content", "fields", "field", "message"),
    [
        ("notes.txt", b"hello", {}, "video", "notes.txt: .txt is not a video format we read"),
        ("empty.mp4", b"", {}, "video", "The submitted file is empty."),
        ("run.mp4", b"x", {"crop": "0, 48, 100"}, "crop", "3 number(s) given"),
        ("run.mp4", b"x", {"crop": "50, 0, 10, 100"}, "crop", "left must be less than right"),
        ("run.mp4", b"x", {"filmed_fps": "5"}, "filmed_fps", "greater than or equal to 15"),
        ("run.mp4", b"x", {"start_s": "4", "end_s": "5"}, "end_s", "at least 3 s after"),
    ],
)
def test_it_refuses_bad_input_naming_the_field(
    runner: User,
    client_for: Callable[..., Any],
    name: str,
    content: bytes,
    fields: dict[str, str],
    field: str,
    message: str,
) -> None:
    response = _post(client_for(runner), video=SimpleUploadedFile(name, content), **fields)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not GaitSession.objects.exists()


def test_crop_is_read_as_percent() -> None:
    assert parse_crop("") is None
    assert parse_crop("10; 20; 90; 100") == (0.1, 0.2, 0.9, 1.0)


def test_only_runners_upload(clinician: User, client_for: Callable[..., Any]) -> None:
    assert client_for(clinician).get(reverse("gait:upload")).status_code == 404
    response = _post(client_for(clinician), video=SimpleUploadedFile("a.mp4", b"x"))
    assert response.status_code == 404
