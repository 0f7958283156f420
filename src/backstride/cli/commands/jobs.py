from __future__ import annotations

import threading
import time
import uuid
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from backstride.cli.django_env import setup_django, user_by_email

jobs_app = typer.Typer(help="List, watch and retry background jobs.", no_args_is_help=True)
UserOption = Annotated[str, typer.Option("--user", help="E-mail address of the account.")]


def _job(job_id: str, owner: Any) -> Any:
    from backstride_web.jobs.models import Job

    try:
        return Job.objects.get(pk=uuid.UUID(job_id), owner=owner)
    except (ValueError, Job.DoesNotExist):
        raise typer.BadParameter(
            f"{owner.email} has no job {job_id!r}", param_hint="JOB_ID"
        ) from None


def watch(job: Any, *, label: str, poll_s: float = 0.2) -> Any:
    """Show a job's progress as a Rich bar until it finishes; return the finished job."""
    from django.utils import timezone

    from backstride_web.jobs.services import refresh

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task(label, total=100)
        while True:
            job = refresh(job, now=timezone.now())
            bar.update(
                task, completed=job.progress, description=f"{label}: {job.message or job.status}"
            )
            if job.is_finished:
                return job
            time.sleep(poll_s)


def run_with_progress(owner: Any, kind: str, params: dict[str, Any] | None = None) -> Any:
    """Run a job in this process (no worker needed) while a Rich bar shows its progress."""
    from django.db import connection

    from backstride_web.jobs.registry import get_kind
    from backstride_web.jobs.services import execute, submit

    job = submit(owner, kind, params, enqueue=False)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            execute(job.pk)
        except BaseException as exc:  # reported below; the Job row already says "failed"
            failure.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=f"job-{job.pk}")
    thread.start()
    finished = watch(job, label=get_kind(kind).label)
    thread.join()
    if failure:
        raise failure[0]
    return finished


def report(job: Any) -> None:
    """Print a finished job's outcome; exit 1 when it failed."""
    if job.status == "failed":
        typer.secho(f"failed: {job.error}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    typer.echo(f"{job.status}: {job.message}")


@jobs_app.command("list")
def list_jobs(user: UserOption) -> None:
    """List an account's most recent jobs."""
    setup_django()
    from django.utils import timezone

    from backstride_web.jobs.models import Job
    from backstride_web.jobs.services import reap_stale

    owner = user_by_email(user)
    reap_stale(now=timezone.now())
    table = Table("kind", "status", "progress", "created", "message")
    table.add_column("id", no_wrap=True, min_width=36)
    for job in Job.objects.filter(owner=owner)[:50]:
        table.add_row(
            job.kind,
            job.status,
            f"{job.progress}%",
            f"{job.created_at:%Y-%m-%d %H:%M}",
            job.error or job.message,
            str(job.pk),
        )
    Console().print(table)


@jobs_app.command("watch")
def watch_job(job_id: str, user: UserOption) -> None:
    """Follow a job's progress until it finishes."""
    setup_django()
    from backstride_web.jobs.registry import KINDS

    job = _job(job_id, user_by_email(user))
    kind = KINDS.get(job.kind)
    report(watch(job, label=kind.label if kind else job.kind))


@jobs_app.command("retry")
def retry_job(job_id: str, user: UserOption) -> None:
    """Queue a failed job again (a worker runs it)."""
    setup_django()
    from backstride_web.jobs.services import retry

    job = _job(job_id, user_by_email(user))
    try:
        retry(job)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="JOB_ID") from None
    typer.echo(f"queued again: {job.pk}")


def register(app: typer.Typer) -> None:
    app.add_typer(jobs_app, name="jobs")
