from __future__ import annotations

import uuid

from django_tasks import task

from backstride_web.jobs import services


@task()
def run_job(job_id: str) -> str:
    """The one django-tasks task: run the Job with this id and return its final status."""
    return str(services.execute(uuid.UUID(job_id)).status)
