"""``backstride plan``, run in-process."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import icalendar
from garmin_fit_sdk import Decoder, Stream
from typer.testing import CliRunner

from backstride.cli import app
from backstride_web.accounts.models import User
from backstride_web.plans.models import RunnerPlan
from tests.web.plans.conftest import block

cli = CliRunner()


def test_it_makes_a_plan_prints_json_and_writes_the_exports(
    runner: User, today: datetime.date, tmp_path: Path
) -> None:
    race_day = today + datetime.timedelta(weeks=16)
    ics, fit_dir = tmp_path / "plan.ics", tmp_path / "fit"
    result = cli.invoke(
        app,
        [
            "plan",
            "--user",
            runner.email,
            "--goal",
            "5k",
            "--date",
            race_day.isoformat(),
            "--json",
            "--ics",
            str(ics),
            "--fit-dir",
            str(fit_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["race"], data["race_day"], data["revision"]) == ("5k", race_day.isoformat(), 0)
    assert data["weeks"][0]["sessions"]
    assert "Pain rule" in data["pain_rule"]
    assert icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    files = sorted(fit_dir.glob("*.fit"))
    assert files
    _messages, errors = Decoder(Stream.from_byte_array(bytearray(files[0].read_bytes()))).read()
    assert errors == []


def test_without_options_it_shows_the_stored_plan(runner: User, plan: RunnerPlan) -> None:
    result = cli.invoke(app, ["plan", "--user", runner.email])
    assert result.exit_code == 0, result.output
    assert "5k on" in result.stdout
    assert "Pain rule" in result.stdout


def test_an_unrealistic_goal_is_refused_with_the_earliest_date(
    runner: User, today: datetime.date
) -> None:
    race_day = today + datetime.timedelta(weeks=20)
    result = cli.invoke(
        app, ["plan", "--user", runner.email, "--goal", "marathon", "--date", race_day.isoformat()]
    )
    assert result.exit_code == 2
    assert "Earliest realistic date" in result.output
    assert not RunnerPlan.objects.exists()


def test_bad_options_are_clear_errors(runner: User) -> None:
    for args in (["--goal", "5k"], ["--goal", "5k", "--date", "next year"]):
        result = cli.invoke(app, ["plan", "--user", runner.email, *args])
        assert result.exit_code == 2, args
    assert cli.invoke(app, ["plan", "--user", runner.email]).exit_code == 1


def test_a_red_flag_locks_the_cli_too(runner: User, plan: RunnerPlan, tmp_path: Path) -> None:
    block(runner)
    ics = tmp_path / "plan.ics"
    result = cli.invoke(app, ["plan", "--user", runner.email, "--json", "--ics", str(ics)])
    assert result.exit_code == 3
    assert "Plans are locked" in result.output
    assert not ics.exists()
    assert result.stdout == "" or "weeks" not in result.stdout
