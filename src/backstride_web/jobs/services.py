"""Submit, run, watch and retry background jobs.

A Job row is created in the same transaction as the django-tasks queue entry, so a worker
never picks up a task whose Job is not yet visible. While a handler runs, a heartbeat
thread stamps the Job; a Job whose heartbeats stop (its worker was killed, the machine
slept) is marked failed by :func:`reap_stale` and can be retried.
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from backstride.errors import BackstrideError
from backstride_web.jobs.models import Job, JobStatus
from backstride_web.jobs.registry import Progress, get_kind

logger = logging.getLogger(__name__)


def _enqueue(job: Job) -> None:
    from backstride_web.jobs.tasks import run_job

    result = run_job.enqueue(str(job.pk))
    job.task_id = str(result.id)
    job.save(update_fields=["task_id"])


@transaction.atomic
def submit(
    owner: Any,
    kind: str,
    params: dict[str, Any] | None = None,
    *,
    enqueue: bool = True,
    job_id: uuid.UUID | None = None,
) -> Job:
    """Create a job of ``kind`` for ``owner`` and queue it for a worker (``backstride worker``).

    With ``enqueue=False`` the caller runs it itself with :func:`execute` (the CLI does).
    ``job_id`` lets a caller name a folder after the job before creating it (uploads).
    """
    get_kind(kind)
    job = Job.objects.create(id=job_id or uuid.uuid4(), owner=owner, kind=kind, params=params or {})
    if enqueue:
        _enqueue(job)
    return job


@transaction.atomic
def retry(job: Job) -> Job:
    """Queue a failed job again; its attempts count goes on."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.FAILED:
        raise ValueError(f"only a failed job can be retried; this one is {job.status}")
    job.status = JobStatus.QUEUED
    job.progress = 0
    job.message = "Queued again"
    job.error = ""
    job.result = {}
    job.started_at = job.finished_at = job.heartbeat_at = None
    job.save()
    _enqueue(job)
    return job


def _claim(job_id: uuid.UUID, now: datetime) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return None
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.started_at = job.heartbeat_at = now
        job.progress = 0
        job.message = "Started"
        job.save()
        return job


class _Heartbeat:
    """Stamp ``heartbeat_at`` every ``interval_s`` from a thread while a handler runs."""

    def __init__(self, job_id: uuid.UUID, interval_s: float) -> None:
        self.job_id = job_id
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id}", daemon=True)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.interval_s):
                Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()


def _progress_reporter(job_id: uuid.UUID) -> Progress:
    def progress(percent: float, message: str = "") -> None:
        # 100 % is reserved for "done": a handler that reports 100 has not saved its result yet.
        clamped = max(0, min(99, int(percent)))
        Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            progress=clamped, message=message[:200], heartbeat_at=timezone.now()
        )

    return progress


def _finish(job_id: uuid.UUID, **fields: Any) -> None:
    # Only a job still RUNNING is finished here: one reaped as stale stays failed.
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        finished_at=timezone.now(), **fields
    )


def execute(job_id: uuid.UUID, *, heartbeat_s: float | None = None) -> Job:
    """Run a queued job now, in this process, recording success or failure on the Job."""
    job = _claim(job_id, timezone.now())
    if job is None:
        return Job.objects.get(pk=job_id)
    kind = get_kind(job.kind)
    interval = heartbeat_s if heartbeat_s is not None else settings.JOB_HEARTBEAT_S
    try:
        with _Heartbeat(job.pk, interval):
            result = kind.handler(job, _progress_reporter(job.pk))
    except BackstrideError as exc:
        _finish(job.pk, status=JobStatus.FAILED, error=str(exc), message="Failed")
    except Exception as exc:
        logger.exception("job %s (%s) crashed", job.pk, job.kind)
        _finish(
            job.pk,
            status=JobStatus.FAILED,
            error=f"Unexpected error ({type(exc).__name__}): {exc}",
            message="Failed",
        )
    else:
        _finish(job.pk, status=JobStatus.SUCCEEDED, progress=100, message="Done", result=result)
    return Job.objects.get(pk=job.pk)


def reap_stale(*, now: datetime) -> int:
    """Mark running jobs whose worker stopped sending heartbeats as failed; return how many."""
    cutoff = now - timedelta(seconds=settings.JOB_STALE_AFTER_S)
    return Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff).update(
        status=JobStatus.FAILED,
        finished_at=now,
        message="Failed",
        error=(
            f"The worker stopped while running this job (no sign of life for more than "
            f"{settings.JOB_STALE_AFTER_S} s). Retry it to run it again."
        ),
    )


def refresh(job: Job, *, now: datetime) -> Job:
    """Reload ``job``, first reaping it if its worker died."""
    if job.is_stale(now):
        reap_stale(now=now)
    job.refresh_from_db()
    return job


def waiting_for_worker(job: Job, *, now: datetime, after_s: int = 15) -> bool:
    """True when a job has sat in the queue long enough that no worker seems to run."""
    return job.status == JobStatus.QUEUED and now - job.created_at > timedelta(seconds=after_s)
