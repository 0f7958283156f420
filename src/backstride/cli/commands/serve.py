from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console

from backstride.cli.django_env import setup_django

HostOption = Annotated[str, typer.Option(help="Address to listen on.")]
PortOption = Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)]
ThreadsOption = Annotated[
    int,
    typer.Option(
        help="Request threads in each web server process (they share that process's GIL).",
        min=1,
        max=64,
    ),
]
ProcessesOption = Annotated[
    int,
    typer.Option(
        help="Web server processes sharing the port (Linux/macOS); one per core uses every core.",
        min=1,
        max=64,
    ),
]
DEFAULT_THREADS = 8
DEFAULT_PROCESSES = 1
WorkerOption = Annotated[
    bool, typer.Option("--worker/--no-worker", help="Also run a background-job worker.")
]
# A child that dies this soon after its start is broken (not unlucky): stop instead of looping.
RESPAWN_AFTER_S = 5.0
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def prepare_database() -> None:
    """Apply migrations: a local install upgrades itself on start."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """Listen on ``host:port`` with one socket per server process, bound before any starts.

    On Linux each process gets its own ``SO_REUSEPORT`` socket and the kernel spreads new
    connections evenly over them; one shared socket would not: with keep-alive, the process
    that wins the first ``accept`` burst keeps most connections while the other idles.
    Elsewhere the processes share one socket.
    """
    reuse_port = sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sockets = [
            socket.create_server((host, port), family=family, backlog=1024, reuse_port=reuse_port)
            for _ in range(count if reuse_port else 1)
        ]
    except OSError as exc:
        raise SystemExit(f"backstride serve: cannot listen on {host}:{port}: {exc}") from exc
    for sock in sockets:
        sock.setblocking(False)
    return sockets * (1 if reuse_port else count)


def serve_in_processes(
    serve_one: Callable[[int], object], processes: int, console: Console
) -> None:
    """Fork ``processes`` children that run ``serve_one(slot)`` until the parent stops.

    A child that dies is replaced in its slot; one that dies right after its start stops
    them all (a broken start would otherwise loop).
    """
    children: dict[int, tuple[int, float]] = {}

    def spawn(slot: int) -> None:
        # Signals wait until the child is recorded, so a stop never leaves one behind.
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            pid = os.fork()
            if pid == 0:  # the child: serve until a signal, never return into the parent's code
                code = 0
                try:
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
                    serve_one(slot)
                except BaseException:  # report it, and leave with a failure code
                    import traceback

                    traceback.print_exc()
                    code = 1
                finally:
                    os._exit(code)
            children[pid] = (slot, time.monotonic())
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        for slot in range(processes):
            spawn(slot)
        while children:
            pid, status = os.wait()
            child = children.pop(pid, None)
            if child is None:
                continue
            slot, started = child
            console.print(f"[red]server process {pid} ended ({status}); starting another[/]")
            if time.monotonic() - started < RESPAWN_AFTER_S:
                raise SystemExit(f"backstride serve: server process {pid} failed on start")
            spawn(slot)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in list(children):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def run_server(
    *,
    host: str,
    port: int,
    with_worker: bool,
    banner: list[str] | None = None,
    threads: int = DEFAULT_THREADS,
    processes: int = DEFAULT_PROCESSES,
) -> None:
    """Serve the web UI with waitress (and a worker subprocess) until interrupted.

    With ``processes`` > 1 the waitress servers run in forked children listening on the
    same port (:func:`listening_sockets`): pages render on every core instead of waiting on
    one GIL.
    """
    import waitress
    from django.core.wsgi import get_wsgi_application

    console = Console()
    # waitress warns on every request queued behind busy threads: under load that is a
    # stream of log lines (CPU the pages need), and a queue is normal, not a fault.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    application = get_wsgi_application()
    sockets = listening_sockets(host, port, processes) if processes > 1 else []
    worker = (
        subprocess.Popen([sys.executable, "-m", "backstride", "worker"]) if with_worker else None
    )
    shape = f"{processes} processes × {threads} threads" if processes > 1 else f"{threads} threads"
    console.print(
        f"[bold]backstride[/] serving on [link]http://{host}:{port}/[/link]  "
        f"({shape}; Ctrl+C stops)"
    )
    for line in banner or []:
        console.print(line)
    try:
        if not sockets:
            waitress.serve(application, host=host, port=port, threads=threads, ident="backstride")
        else:
            from django.db import connections

            # No connection may cross the fork: each child opens its own.
            connections.close_all()
            serve_in_processes(
                lambda slot: waitress.serve(
                    application, sockets=[sockets[slot]], threads=threads, ident="backstride"
                ),
                processes,
                console,
            )
    finally:
        for sock in sockets:
            sock.close()
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
    processes: ProcessesOption = DEFAULT_PROCESSES,
) -> None:
    """Serve the web UI on your data (BACKSTRIDE_HOME), migrating the database first."""
    if processes > 1 and not hasattr(os, "fork"):
        raise typer.BadParameter(
            "several processes need fork (Linux, macOS); on Windows run one "
            "`backstride serve --no-worker --port P` per port behind a proxy",
            param_hint="--processes",
        )
    setup_django()
    prepare_database()
    run_server(host=host, port=port, with_worker=worker, threads=threads, processes=processes)


def register(app: typer.Typer) -> None:
    app.command()(serve)
