"""Faults the service must survive: a worker killed in the middle of a job, and a SQLite
database that another process holds locked while the app writes."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backstride.fit_write import encode_activity
from backstride.simulate import reference_history
from backstride_web.activities.jobs import upload_folder
from backstride_web.activities.models import Activity
from backstride_web.diary.models import DailyCheckin
from backstride_web.jobs import services
from backstride_web.jobs.models import Job, JobStatus
from tests.factories import make_runner
from tests.subprocesses import worker_env

WORKER = [sys.executable, "-m", "backstride", "worker", "--batch", "--interval", "0.05"]


def _queue_an_import_of_many_runs(runner: object, weeks: int) -> tuple[Job, int]:
    """Upload ``weeks`` weeks of distinct simulated runs as FIT files, the way the web does."""
    runs = reference_history(today=date(2026, 11, 1), weeks=weeks, seed=5)
    job = services.submit(runner, "import_activities", enqueue=False)
    folder = upload_folder(job)
    folder.mkdir(parents=True)
    for number, run in enumerate(runs):
        (folder / f"{number:04d}-run{number}.fit").write_bytes(encode_activity(run.activity))
    services._enqueue(job)  # the web view also enqueues only once the uploads are stored
    return job, len(runs)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_a_retryable_job_and_its_uploads() -> None:
    runner = make_runner("killed@example.org")
    job, files = _queue_an_import_of_many_runs(runner, weeks=60)
    worker = subprocess.Popen(WORKER, env=worker_env(), stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status == JobStatus.RUNNING and job.progress > 0:
                break
            assert job.status in (JobStatus.QUEUED, JobStatus.RUNNING), job.error
            time.sleep(0.02)
        else:
            pytest.fail("the worker never started the import")
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.wait(timeout=30)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING, "nobody may mark it done: its worker is dead"
    imported_before = Activity.objects.filter(owner=runner).count()
    assert 0 < imported_before < files, "the kill should land mid-import"

    later = timezone.now() + timedelta(seconds=settings.JOB_STALE_AFTER_S + 1)
    assert services.reap_stale(now=later) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Retry" in job.error
    assert len(list(upload_folder(job).iterdir())) == files, "the uploads were kept"

    services.retry(job)
    finished = subprocess.run(WORKER, env=worker_env(), capture_output=True, timeout=180)
    assert finished.returncode == 0, finished.stderr
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    activities = Activity.objects.filter(owner=runner)
    assert activities.count() == files, "every run once: no loss, no duplicate"
    assert (
        job.result["counts"].get("imported", 0) + job.result["counts"].get("duplicate", 0) == files
    )
    assert not activities.filter(elapsed_s__lte=0).exists()
    assert not upload_folder(job).exists(), "uploads are removed once the import succeeded"


def _hold_the_write_lock(path: Path, seconds: float, locked: threading.Event) -> None:
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        locked.set()
        time.sleep(seconds)
        other.execute("COMMIT")
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_a_write_waits_for_a_locked_sqlite_database_and_is_not_lost() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite locking; PostgreSQL has row locks and no database-wide write lock")
    runner = make_runner("locked@example.org")
    client = Client()
    client.force_login(runner)
    locked = threading.Event()
    holder = threading.Thread(
        target=_hold_the_write_lock,
        args=(Path(connection.settings_dict["NAME"]), 1.5, locked),
    )
    holder.start()
    assert locked.wait(10)
    started = time.monotonic()
    response = client.post(
        reverse("diary:checkin"),
        {
            "day": timezone.localdate().isoformat(),
            "morning_pain": 3,
            "morning_stiffness": 2,
            "sitting_hours": 8,
            "sleep_hours": 7,
        },
    )
    waited = time.monotonic() - started
    holder.join()
    assert response.status_code in (200, 302), response.content[:500]
    assert DailyCheckin.objects.filter(runner=runner, morning_pain=3).count() == 1
    assert waited >= 1.0, "the write went through while another process held the lock?"


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_under_lock_contention_lose_nothing() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite locking")
    runner = make_runner("many@example.org")
    errors: list[BaseException] = []

    def write(day: int) -> None:
        try:
            DailyCheckin.objects.create(
                runner=runner,
                day=date(2026, 1, 1) + timedelta(days=day),
                morning_pain=day % 10,
                morning_stiffness=1,
                sitting_hours=8,
                sleep_hours=7,
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    locked = threading.Event()
    holder = threading.Thread(
        target=_hold_the_write_lock,
        args=(Path(connection.settings_dict["NAME"]), 1.0, locked),
    )
    holder.start()
    assert locked.wait(10)
    writers = [threading.Thread(target=write, args=(day,)) for day in range(24)]
    for writer in writers:
        writer.start()
    for writer in [*writers, holder]:
        writer.join(60)
    assert not errors, errors
    assert DailyCheckin.objects.filter(runner=runner).count() == 24
