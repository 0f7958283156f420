"""``backstride gait`` in-process (no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backstride.cli import app
from tests.core.gait.test_real_clip import DATA

cli = CliRunner()


def test_help_lists_the_options() -> None:
    result = cli.invoke(app, ["gait", "--help"])
    assert result.exit_code == 0
    for option in ("--view", "--json", "--csv", "--overlay", "--slowmo", "--crop"):
        assert option in result.stdout


def test_a_file_that_is_not_a_video_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "notes.mp4"
    path.write_text("hello")
    result = cli.invoke(app, ["gait", str(path), "--json"])
    assert result.exit_code == 2
    assert "not a video" in result.output


@pytest.mark.slow
def test_json_and_csv_on_the_demo_clip(tmp_path: Path) -> None:
    args = ["gait", str(DATA), "--json", "--csv", str(tmp_path), "--crop", "0,0.48,1,1"]
    result = cli.invoke(app, [*args, "--start", "1", "--end", "6.8"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"view", "fps", "frames", "steps", "metrics", "warnings"}
    assert document["steps"]["left"] + document["steps"]["right"] == 8  # see test_real_clip
    assert (tmp_path / "frames.csv").is_file()
    assert (tmp_path / "steps.csv").is_file()
