"""A real ``backstride worker`` process runs what the web app queued."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from backstride_web.accounts.models import User
from backstride_web.jobs import services
from backstride_web.jobs.models import Job, JobStatus
from tests.subprocesses import worker_env


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_queued_export(runner: User) -> None:
    job = services.submit(runner, "export_account")
    env = worker_env()
    completed = subprocess.run(
        [sys.executable, "-m", "backstride", "worker", "--batch"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert (Path(settings.MEDIA_ROOT) / job.result["file"]).is_file()
    assert f"Task id={job.task_id}" in completed.stdout + completed.stderr


@pytest.mark.django_db(transaction=True)
def test_the_worker_reaps_jobs_of_a_dead_worker_on_start(runner: User) -> None:
    from datetime import timedelta

    from django.utils import timezone

    ghost = Job.objects.create(
        owner=runner,
        kind="export_account",
        status=JobStatus.RUNNING,
        heartbeat_at=timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER_S + 5),
    )
    env = worker_env()
    completed = subprocess.run(
        [sys.executable, "-m", "backstride", "worker", "--batch"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "marked 1 job(s) of a stopped worker as failed" in completed.stdout
    ghost.refresh_from_db()
    assert ghost.status == JobStatus.FAILED
    services.retry(ghost)
    ghost.refresh_from_db()
    assert ghost.status == JobStatus.QUEUED
