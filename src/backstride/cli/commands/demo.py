from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from backstride.cli.commands.serve import (
    HostOption,
    PortOption,
    WorkerOption,
    prepare_database,
    run_server,
)
from backstride.cli.django_env import setup_django


def demo(
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the web UI after building.")
    ] = True,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    worker: WorkerOption = True,
) -> None:
    """Build (or reset) the demo runner and clinician, then serve the web UI."""
    setup_django()
    from django.conf import settings
    from django.utils import timezone

    from backstride_web.demo import build_demo

    prepare_database()
    people = build_demo(today=timezone.localdate())
    logins = [
        f"  data folder  {settings.HOME}",
        f"  runner       [bold]{people.runner.email}[/]  password [bold]{people.password}[/]",
        f"  clinician    [bold]{people.clinician.email}[/]  password [bold]{people.password}[/]",
    ]
    if not serve:
        console = Console()
        console.print("[bold]Demo ready.[/]")
        for line in logins:
            console.print(line)
        return
    run_server(host=host, port=port, with_worker=worker, banner=logins)


def register(app: typer.Typer) -> None:
    app.command()(demo)
