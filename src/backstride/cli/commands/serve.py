from __future__ import annotations

import subprocess
import sys
from typing import Annotated

import typer
from rich.console import Console

from backstride.cli.django_env import setup_django

HostOption = Annotated[str, typer.Option(help="Address to listen on.")]
PortOption = Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)]
ThreadsOption = Annotated[
    int,
    typer.Option(
        help="Request threads in the web server (one process: more threads wait on one GIL).",
        min=1,
        max=64,
    ),
]
DEFAULT_THREADS = 8
WorkerOption = Annotated[
    bool, typer.Option("--worker/--no-worker", help="Also run a background-job worker.")
]


def prepare_database() -> None:
    """Apply migrations: a local install upgrades itself on start."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def run_server(
    *,
    host: str,
    port: int,
    with_worker: bool,
    banner: list[str] | None = None,
    threads: int = DEFAULT_THREADS,
) -> None:
    """Serve the web UI with waitress (and a worker subprocess) until interrupted."""
    import waitress
    from django.core.wsgi import get_wsgi_application

    console = Console()
    worker = (
        subprocess.Popen([sys.executable, "-m", "backstride", "worker"]) if with_worker else None
    )
    console.print(
        f"[bold]backstride[/] serving on [link]http://{host}:{port}/[/link]  (Ctrl+C stops)"
    )
    for line in banner or []:
        console.print(line)
    try:
        waitress.serve(
            get_wsgi_application(), host=host, port=port, threads=threads, ident="backstride"
        )
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()


def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    worker: WorkerOption = True,
    threads: ThreadsOption = DEFAULT_THREADS,
) -> None:
    """Serve the web UI on your data (BACKSTRIDE_HOME), migrating the database first."""
    setup_django()
    prepare_database()
    run_server(host=host, port=port, with_worker=worker, threads=threads)


def register(app: typer.Typer) -> None:
    app.command()(serve)
