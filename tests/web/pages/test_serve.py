"""`backstride serve --threads`: the web server's request threads."""

from __future__ import annotations

from typing import Any

import pytest
import waitress
from typer.testing import CliRunner

from backstride.cli import app
from backstride.cli.commands.serve import DEFAULT_THREADS, run_server

cli = CliRunner()


def _capture(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(waitress, "serve", lambda wsgi_app, **kwargs: seen.update(kwargs))
    return seen


def test_the_thread_count_reaches_waitress(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _capture(monkeypatch)
    run_server(host="127.0.0.1", port=8123, with_worker=False, threads=3)
    assert seen["threads"] == 3
    assert seen["port"] == 8123


def test_the_default_is_eight_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _capture(monkeypatch)
    run_server(host="127.0.0.1", port=8123, with_worker=False)
    assert seen["threads"] == DEFAULT_THREADS == 8


@pytest.mark.parametrize("value", ["0", "65", "many"])
def test_a_bad_thread_count_is_refused_naming_the_option(value: str) -> None:
    result = cli.invoke(app, ["serve", "--no-worker", "--threads", value])
    assert result.exit_code == 2
    assert "--threads" in result.output
