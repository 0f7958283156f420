"""The CLI, run in-process with Typer's runner."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import backstride
from backstride.cli import app
from backstride_web.demo import RUNNER_EMAIL

ROOT = Path(__file__).resolve().parents[2]
cli = CliRunner()


def test_version() -> None:
    result = cli.invoke(app, ["version"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"backstride {backstride.__version__}")


def test_help_lists_the_commands() -> None:
    result = cli.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("demo", "serve", "worker", "manage", "version", "jobs", "export"):
        assert command in result.stdout


def test_every_command_is_documented() -> None:
    import typer.main

    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    group = typer.main.get_group(app)
    names = [f"backstride {name}" for name in group.commands]
    for name, command in group.commands.items():
        names += [f"backstride {name} {sub}" for sub in getattr(command, "commands", {})]
    assert [name for name in names if f"`{name}" not in docs] == []


@pytest.mark.django_db
def test_demo_without_serving_prints_the_logins() -> None:
    result = cli.invoke(app, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert RUNNER_EMAIL in result.stdout
    assert "stride-demo-2026" in result.stdout


@pytest.mark.django_db
def test_manage_passes_through() -> None:
    result = cli.invoke(app, ["manage", "check"])
    assert result.exit_code == 0, result.output


@pytest.mark.django_db(transaction=True)
def test_export_runs_with_a_progress_bar_and_writes_the_file(tmp_path: Path) -> None:
    from tests.factories import make_runner

    make_runner("cli@example.org")
    out = tmp_path / "me.zip"
    result = cli.invoke(app, ["export", "--user", "cli@example.org", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Export of all my data" in result.output
    with zipfile.ZipFile(out) as archive:
        assert json.loads(archive.read("data.json"))["account"]["email"] == "cli@example.org"


@pytest.mark.django_db
def test_an_unknown_user_is_a_clear_error() -> None:
    result = cli.invoke(app, ["jobs", "list", "--user", "ghost@example.org"])
    assert result.exit_code == 2
    assert "no account with e-mail 'ghost@example.org'" in result.output


@pytest.mark.django_db(transaction=True)
def test_jobs_list_watch_and_retry() -> None:
    from backstride_web.jobs import services
    from backstride_web.jobs.models import JobStatus
    from tests.factories import make_runner

    runner = make_runner("jobs@example.org")
    job = services.submit(runner, "export_account")
    listed = cli.invoke(app, ["jobs", "list", "--user", runner.email])
    assert str(job.pk) in listed.stdout
    refused = cli.invoke(app, ["jobs", "retry", str(job.pk), "--user", runner.email])
    assert refused.exit_code == 2
    assert "only a failed job can be retried" in refused.output
    services.execute(job.pk)
    watched = cli.invoke(app, ["jobs", "watch", str(job.pk), "--user", runner.email])
    assert watched.exit_code == 0
    assert "succeeded" in watched.stdout
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
