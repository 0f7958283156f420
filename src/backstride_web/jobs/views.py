from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from backstride_web.accounts.access import current_user
from backstride_web.jobs import services
from backstride_web.jobs.models import Job, JobStatus
from backstride_web.jobs.registry import KINDS


def _own_job(request: HttpRequest, job_id: uuid.UUID) -> Job:
    job = get_object_or_404(Job, pk=job_id, owner=current_user(request))
    return services.refresh(job, now=timezone.now())


def _context(job: Job) -> dict[str, object]:
    kind = KINDS.get(job.kind)
    return {
        "job": job,
        "label": kind.label if kind else job.kind,
        "result_template": kind.result_template if kind else None,
        "waiting_for_worker": services.waiting_for_worker(job, now=timezone.now()),
    }


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.filter(owner=current_user(request))[:50]
    rows = [_context(job) for job in jobs]
    return render(request, "jobs/list.html", {"rows": rows})


@login_required
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    return render(request, "jobs/detail.html", _context(_own_job(request, job_id)))


@login_required
def job_status(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The live part of a job's page; HTMX polls it until the job finishes."""
    return render(request, "jobs/_status.html", _context(_own_job(request, job_id)))


@login_required
@require_POST
def job_retry(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = _own_job(request, job_id)
    if job.status != JobStatus.FAILED:
        messages.error(request, "Only a failed job can be retried.")
    else:
        services.retry(job)
        messages.success(request, "Job queued again.")
    return redirect("jobs:detail", job_id=job.pk)


@login_required
def job_download(request: HttpRequest, job_id: uuid.UUID) -> FileResponse:
    job = _own_job(request, job_id)
    relative = job.result.get("file") if job.status == JobStatus.SUCCEEDED else None
    if not relative:
        raise Http404("This job has no file to download")
    # From the default storage: a folder under MEDIA_ROOT, or an S3 bucket (docs/deploy.md).
    name = PurePosixPath(str(relative))
    if name.is_absolute() or ".." in name.parts:
        raise Http404("The file of this job is gone")
    try:
        handle = default_storage.open(str(name), "rb")
    except (OSError, SuspiciousFileOperation):
        raise Http404("The file of this job is gone") from None
    return FileResponse(handle, as_attachment=True, filename=name.name)
