from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from backstride.cli.commands.jobs import UserOption, report, run_with_progress
from backstride.cli.django_env import setup_django, user_by_email


def export(
    user: UserOption,
    out: Annotated[
        Path | None, typer.Option("--out", help="Copy the export to this file.", dir_okay=False)
    ] = None,
) -> None:
    """Export everything backstride holds about an account as one JSON file."""
    setup_django()
    from django.conf import settings

    job = run_with_progress(user_by_email(user), "export_account")
    report(job)
    produced = Path(settings.MEDIA_ROOT) / job.result["file"]
    if out is not None:
        shutil.copyfile(produced, out)
        produced = out
    typer.echo(str(produced))


def register(app: typer.Typer) -> None:
    app.command()(export)
