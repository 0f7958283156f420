from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from backstride.cli.commands.jobs import UserOption
from backstride.cli.django_env import setup_django, user_by_email


def import_(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files (.fit .gpx .tcx, also .gz), folders and export zips."),
    ],
    user: UserOption,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per input file, one per line.")
    ] = False,
) -> None:
    """Import activity files for a runner; exit code 1 if any file failed."""
    setup_django()
    from backstride_web.activities.services import import_paths

    owner = user_by_email(user)
    counts: Counter[str] = Counter()
    failures: list[tuple[str, str]] = []
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), disable=as_json) as bar:
        task = bar.add_task("Importing", total=None)
        for result in import_paths(owner, paths):
            counts[result.status] += 1
            if as_json:
                typer.echo(json.dumps(result.as_json()))
            if result.status == "failed":
                failures.append((result.file, result.error or ""))
            bar.update(task, advance=1, description=f"Importing {Path(result.file).name[:40]}")
    if not as_json:
        table = Table("result", "files")
        for status in ("imported", "duplicate", "skipped", "failed"):
            table.add_row(status, str(counts[status]))
        console = Console()
        console.print(table)
        for name, error in failures:
            console.print(f"[red]failed[/] {name}: {error}")
    if counts["failed"]:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
