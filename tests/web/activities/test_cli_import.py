from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from backstride.cli import app
from backstride_web.accounts.models import User
from backstride_web.activities.models import Activity
from tests.web.activities.conftest import RUN_FIT, WORKOUT_FIT

cli = CliRunner()


def test_json_lines_one_per_file_and_exit_code_1_on_failure(runner: User, tmp_path: Path) -> None:
    broken = tmp_path / "broken.fit"
    broken.write_bytes(b"\x0e\x10garbage")
    result = cli.invoke(
        app,
        ["import", str(RUN_FIT), str(WORKOUT_FIT), str(broken), "--user", runner.email, "--json"],
    )
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["status"] for line in lines] == ["imported", "skipped", "failed"]
    assert set(lines[0]) == {
        "file",
        "status",
        "activity_id",
        "sport",
        "start",
        "duration_s",
        "distance_m",
        "samples",
        "warning",
        "error",
    }
    assert lines[2]["file"].endswith("broken.fit")
    assert lines[2]["error"]
    assert Activity.objects.count() == 1


def test_a_clean_import_exits_0_with_a_summary(runner: User) -> None:
    result = cli.invoke(app, ["import", str(RUN_FIT), "--user", runner.email])
    assert result.exit_code == 0, result.output
    assert "imported" in result.stdout
    again = cli.invoke(app, ["import", str(RUN_FIT), "--user", runner.email])
    assert again.exit_code == 0
    assert Activity.objects.count() == 1


def test_an_unknown_user_is_refused(db: None) -> None:
    result = cli.invoke(app, ["import", str(RUN_FIT), "--user", "nobody@example.org"])
    assert result.exit_code == 2
