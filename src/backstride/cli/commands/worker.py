from __future__ import annotations

from typing import Annotated

import typer

from backstride.cli.django_env import setup_django


def worker(
    batch: Annotated[
        bool, typer.Option("--batch", help="Run every queued job, then exit.")
    ] = False,
    interval: Annotated[
        float, typer.Option(help="Seconds between looks at an empty queue.", min=0.05)
    ] = 1.0,
) -> None:
    """Run background jobs (imports, analyses, exports) from the database queue."""
    setup_django()
    from django.core.management import call_command
    from django.utils import timezone

    from backstride_web.jobs.services import reap_stale

    reaped = reap_stale(now=timezone.now())
    if reaped:
        typer.echo(f"marked {reaped} job(s) of a stopped worker as failed")
    call_command(
        "db_worker",
        queue_name="*",
        batch=batch,
        interval=interval,
        reload=False,
        startup_delay=not batch,
        verbosity=1,
    )


def register(app: typer.Typer) -> None:
    app.command()(worker)
