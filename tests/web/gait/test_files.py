"""Files live in the default storage and leave with their session or their runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.urls import reverse

from backstride_web.accounts.models import User
from backstride_web.gait.models import GaitMetric, GaitSession
from tests.web.gait.conftest import done_session


def _names(session: GaitSession) -> list[str]:
    return [str(f.name) for f in session.files()]


def test_deleting_a_session_deletes_its_files(
    session: GaitSession,
    runner: User,
    client_for: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    names = _names(session)
    assert len(names) == 4
    assert all(default_storage.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(runner).post(
            reverse("gait:delete", kwargs={"session_id": session.pk})
        )
    assert response.status_code == 302
    assert not GaitSession.objects.filter(pk=session.pk).exists()
    assert not GaitMetric.objects.filter(session_id=session.pk).exists()
    assert not any(default_storage.exists(n) for n in names)
    assert not Path(default_storage.path(names[0])).parent.exists()  # the empty folder too


def test_deleting_the_runner_deletes_every_session_file(
    runner: User, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    names = _names(done_session(runner, tmp_path / "a")) + _names(
        done_session(runner, tmp_path / "b")
    )
    with django_capture_on_commit_callbacks(execute=True):
        runner.delete()
    assert names
    assert not any(default_storage.exists(n) for n in names)


def test_a_clinician_cannot_delete(
    session: GaitSession, clinician: User, client_for: Callable[..., Any]
) -> None:
    url = reverse("gait:delete", kwargs={"session_id": session.pk})
    response = client_for(clinician).post(url + f"?runner={session.runner_id}")
    assert response.status_code == 404
    assert GaitSession.objects.filter(pk=session.pk).exists()


def test_a_metric_without_a_median_must_say_unavailable(session: GaitSession) -> None:
    with pytest.raises(IntegrityError):
        GaitMetric.objects.filter(session=session, name="cadence").update(median=None)


def test_a_queued_session_can_be_deleted_and_its_job_then_fails_cleanly(
    runner: User, client_for: Callable[..., Any]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from backstride_web.gait.services import create_session
    from backstride_web.jobs import services as jobs
    from backstride_web.jobs.models import JobStatus

    queued = create_session(runner, SimpleUploadedFile("run.mp4", b"x"), enqueue=False)
    url = reverse("gait:delete", kwargs={"session_id": queued.pk})
    assert client_for(runner).post(url).status_code == 302
    job = jobs.execute(queued.job_id, heartbeat_s=3600)  # type: ignore[arg-type]
    assert job.status == JobStatus.FAILED
    assert "the gait session of this job was deleted" in job.error
    assert not GaitSession.objects.filter(pk=queued.pk).exists()
