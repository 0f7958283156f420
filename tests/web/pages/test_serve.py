"""`backstride serve --threads/--processes`: the web server's threads and processes."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import waitress
from rich.console import Console
from typer.testing import CliRunner

from backstride.cli import app
from backstride.cli.commands import serve as serve_module
from backstride.cli.commands.serve import (
    DEFAULT_PROCESSES,
    DEFAULT_THREADS,
    listening_sockets,
    run_server,
    serve_in_processes,
)

cli = CliRunner()
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc and needs fork + SO_REUSEPORT"
)


def _capture(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(waitress, "serve", lambda wsgi_app, **kwargs: seen.update(kwargs))
    return seen


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_thread_count_reaches_waitress(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _capture(monkeypatch)
    run_server(host="127.0.0.1", port=8123, with_worker=False, threads=3)
    assert seen["threads"] == 3
    assert seen["port"] == 8123


def test_the_default_is_eight_threads_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _capture(monkeypatch)
    run_server(host="127.0.0.1", port=8123, with_worker=False)
    assert seen["threads"] == DEFAULT_THREADS == 8
    assert DEFAULT_PROCESSES == 1
    # One process listens itself, as before: no pre-bound sockets.
    assert "sockets" not in seen
    assert seen["host"] == "127.0.0.1"


@pytest.mark.parametrize("value", ["0", "65", "many"])
def test_a_bad_thread_count_is_refused_naming_the_option(value: str) -> None:
    result = cli.invoke(app, ["serve", "--no-worker", "--threads", value])
    assert result.exit_code == 2
    assert "--threads" in result.output


@pytest.mark.parametrize("value", ["0", "65", "many"])
def test_a_bad_process_count_is_refused_naming_the_option(value: str) -> None:
    result = cli.invoke(app, ["serve", "--no-worker", "--processes", value])
    assert result.exit_code == 2
    assert "--processes" in result.output


@linux_only
def test_each_process_gets_its_own_socket_on_the_same_port() -> None:
    port = _free_port()
    sockets = listening_sockets("127.0.0.1", port, 3)
    try:
        assert len({sock.fileno() for sock in sockets}) == 3
        assert {sock.getsockname() for sock in sockets} == {("127.0.0.1", port)}
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
    finally:
        for sock in sockets:
            sock.close()


def test_a_port_in_use_is_a_clear_error() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit, match=f"cannot listen on 127.0.0.1:{port}"):
            listening_sockets("127.0.0.1", port, 2)


@linux_only
def test_a_process_that_dies_at_once_stops_the_server_instead_of_looping() -> None:
    with pytest.raises(SystemExit, match="failed on start"):
        serve_in_processes(lambda slot: os._exit(3), 2, Console(quiet=True))


@linux_only
def test_a_process_that_dies_later_is_replaced_in_its_slot(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(serve_module, "RESPAWN_AFTER_S", 0.0)
    starts = tmp_path / "starts"

    def serve_one(slot: int) -> None:
        with starts.open("a") as handle:
            handle.write(f"{slot}\n")
        if len(starts.read_text().split()) < 3:
            os._exit(1)  # dies: the parent starts another in the same slot
        os.kill(os.getppid(), signal.SIGTERM)  # the third start stops the parent
        time.sleep(60)

    serve_in_processes(serve_one, 1, Console(quiet=True))
    assert starts.read_text().split() == ["0", "0", "0"]


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@linux_only
def test_several_processes_serve_the_same_port_and_stop_together(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "BACKSTRIDE_HOME": str(tmp_path), "DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "backstride", "serve", "--no-worker"),
            *("--port", str(port), "--processes", "2", "--threads", "2"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        statuses = []
        for _attempt in range(240):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                statuses.append(connection.getresponse().status)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                time.sleep(0.25)
        assert statuses == [200]
        children = _children(server.pid)
        assert len(children) == 2
        # Many connections, each answered, whichever process the kernel gave it to.
        for _ in range(20):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            statuses.append(connection.getresponse().status)
            connection.close()
        assert set(statuses) == {200}
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    for child in children:
        assert not Path(f"/proc/{child}").exists()
