from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from backstride_web.accounts.models import User
from backstride_web.jobs import services
from backstride_web.jobs.models import Job, JobStatus


def test_submit_queues_a_task_for_the_worker(runner: User, test_kinds: list[Any]) -> None:
    from django_tasks_db.models import DBTaskResult

    job = services.submit(runner, "test_steps")
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.args_kwargs["args"] == [str(job.pk)]
    assert task.status == "READY"


def test_an_unknown_kind_is_refused(runner: User) -> None:
    with pytest.raises(LookupError, match="unknown job kind 'nope'"):
        services.submit(runner, "nope")
    assert not Job.objects.exists()


def test_execute_records_success_and_result(runner: User, test_kinds: list[Any]) -> None:
    job = services.execute(services.submit(runner, "test_steps").pk)
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress == 100
    assert job.result == {"steps": 3}
    assert job.attempts == 1
    assert job.started_at is not None
    assert job.finished_at is not None
    assert test_kinds == [0, 1, 2]


def test_execute_runs_a_job_once(runner: User, test_kinds: list[Any]) -> None:
    job = services.submit(runner, "test_steps")
    services.execute(job.pk)
    services.execute(job.pk)
    assert test_kinds == [0, 1, 2]


def test_an_input_error_is_shown_plainly(runner: User, test_kinds: list[Any]) -> None:
    job = services.execute(services.submit(runner, "test_bad_input").pk)
    assert job.status == JobStatus.FAILED
    assert job.error == "run.fit: the file ends in the middle of a record"


def test_a_crash_is_recorded_with_its_type(runner: User, test_kinds: list[Any]) -> None:
    job = services.execute(services.submit(runner, "test_crash").pk)
    assert job.status == JobStatus.FAILED
    assert job.error == "Unexpected error (ZeroDivisionError): division by zero"
    assert job.progress == 40


@override_settings(JOB_STALE_AFTER_S=60)
def test_a_job_whose_worker_died_is_reaped(runner: User, test_kinds: list[Any]) -> None:
    now = timezone.now()
    alive = Job.objects.create(
        owner=runner,
        kind="test_steps",
        status=JobStatus.RUNNING,
        heartbeat_at=now - datetime.timedelta(seconds=30),
    )
    dead = Job.objects.create(
        owner=runner,
        kind="test_steps",
        status=JobStatus.RUNNING,
        heartbeat_at=now - datetime.timedelta(seconds=61),
    )
    assert services.reap_stale(now=now) == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == JobStatus.FAILED
    assert "worker stopped" in dead.error
    assert alive.status == JobStatus.RUNNING


def test_a_reaped_job_is_not_revived_by_its_late_worker(
    runner: User, test_kinds: list[Any]
) -> None:
    job = services.submit(runner, "test_steps")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    services._finish(job.pk, status=JobStatus.SUCCEEDED)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    services._finish(job.pk, status=JobStatus.SUCCEEDED)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_retry_requeues_a_failed_job(runner: User, test_kinds: list[Any]) -> None:
    job = services.execute(services.submit(runner, "test_crash").pk)
    first_task = job.task_id
    job = services.retry(job)
    assert job.status == JobStatus.QUEUED
    assert job.error == ""
    assert job.task_id != first_task
    job = services.execute(job.pk)
    assert job.attempts == 2


def test_only_failed_jobs_can_be_retried(runner: User, test_kinds: list[Any]) -> None:
    job = services.submit(runner, "test_steps")
    with pytest.raises(ValueError, match="only a failed job"):
        services.retry(job)


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_keeps_a_slow_job_alive(runner: User) -> None:
    from backstride_web.jobs.registry import KINDS, job_kind

    seen: list[datetime.datetime | None] = []

    @job_kind("test_slow", label="Slow")
    def slow(job: Any, progress: Any) -> dict[str, Any]:
        import time

        time.sleep(0.35)
        seen.append(Job.objects.get(pk=job.pk).heartbeat_at)
        return {}

    try:
        job = services.submit(runner, "test_slow")
        started = timezone.now()
        services.execute(job.pk, heartbeat_s=0.1)
    finally:
        KINDS.pop("test_slow")
    assert seen[0] is not None
    assert seen[0] > started
