from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from backstride.cli.commands.jobs import UserOption, report, run_with_progress
from backstride.cli.django_env import setup_django, user_by_email


def export(
    user: UserOption,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Copy the export zip to this file.", dir_okay=False),
    ] = None,
) -> None:
    """Export everything backstride holds about an account as one zip file: data.json,
    the original uploaded files, report.html and a README (the same as the web export)."""
    setup_django()
    from django.core.files.storage import FileSystemStorage, default_storage

    from backstride_web.accounts.export import copy_export

    job = run_with_progress(user_by_email(user), "export_account")
    report(job)
    name = str(job.result["file"])
    if out is not None:
        copy_export(name, out)
        typer.echo(str(out))
    elif isinstance(default_storage, FileSystemStorage):
        typer.echo(default_storage.path(name))
    else:
        typer.echo(f"{name} (in the storage bucket; use --out to copy it here)")


def register(app: typer.Typer) -> None:
    app.command()(export)
