"""Background jobs: the caller's own jobs and their status (an upload returns one)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.params import P, PathEx

from backstride_web.api.common import (
    DEFAULT_LIMIT,
    Limit,
    Offset,
    Page,
    paginate,
    responses,
    viewer,
)
from backstride_web.jobs import services
from backstride_web.jobs.models import Job
from backstride_web.jobs.registry import KINDS

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: uuid.UUID
    kind: str
    label: str
    status: str
    progress: int
    message: str
    error: str
    attempts: int
    result: dict[str, Any]
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None


def job_out(job: Job) -> JobOut:
    kind = KINDS.get(job.kind)
    return JobOut(
        id=job.pk,
        kind=job.kind,
        label=kind.label if kind else job.kind,
        status=job.status,
        progress=job.progress,
        message=job.message,
        error=job.error,
        attempts=job.attempts,
        result=dict(job.result or {}),
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


@router.get("/jobs", response=responses(Page[JobOut]))
def list_jobs(
    request: HttpRequest,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The caller's own background jobs, newest first."""
    return paginate(Job.objects.filter(owner=viewer(request)), limit, offset, job_out)


@router.get("/jobs/{job_id}", response=responses(JobOut))
def get_job(request: HttpRequest, job_id: PathEx[uuid.UUID, P()]) -> JobOut:
    """One of the caller's jobs; a job whose worker died is reported failed (retry it)."""
    job = get_object_or_404(Job, pk=job_id, owner=viewer(request))
    return job_out(services.refresh(job, now=timezone.now()))
