"""Two `backstride worker` processes on one queue never run the same job twice."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django_tasks_db.models import DBTaskResult

from backstride_web.jobs import services
from backstride_web.jobs.models import Job, JobStatus
from tests.factories import make_runner
from tests.subprocesses import worker_env

JOBS = 16


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_the_queue_without_overlap() -> None:
    runner = make_runner("busy@example.org")
    queued = [services.submit(runner, "export_account") for _ in range(JOBS)]
    command = [sys.executable, "-m", "backstride", "worker", "--batch", "--interval", "0.05"]
    workers = [
        subprocess.Popen(
            command, env=worker_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=180)[0] for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    jobs = Job.objects.filter(pk__in=[job.pk for job in queued])
    assert sorted(job.status for job in jobs) == [JobStatus.SUCCEEDED] * JOBS
    assert {job.attempts for job in jobs} == {1}, "a job was claimed twice"
    tasks = DBTaskResult.objects.filter(pk__in=[job.task_id for job in jobs])
    assert [len(task.worker_ids) for task in tasks] == [1] * JOBS, "a task was claimed twice"
