"""``backstride explain --case FILE``: no database, the documented JSON, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from backstride.cli import app

cli = CliRunner()


def test_case_json_has_exactly_the_documented_shape(cases_dir: Path) -> None:
    result = cli.invoke(app, ["explain", "--case", str(cases_dir / "demo_like.json"), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"blocked", "reason", "contributors", "next_tests"}
    assert document["blocked"] is False
    assert document["reason"] is None
    first = document["contributors"][0]
    assert set(first) == {"id", "name", "score", "grade", "for", "against", "unknown"}
    assert first["id"] == "insufficient_warm_up"
    assert all({"signal", "finding", "weight", "reason"} <= set(t) for t in first["for"])
    assert document["next_tests"][0]["why"]


def test_case_text_output_says_may_contribute(cases_dir: Path) -> None:
    result = cli.invoke(app, ["explain", "--case", str(cases_dir / "demo_like.json")])
    assert result.exit_code == 0, result.output
    assert "may contribute" in result.stdout
    assert "Insufficient warm-up" in result.stdout
    assert "does not diagnose" in result.stdout


def test_a_blocked_case(cases_dir: Path) -> None:
    result = cli.invoke(app, ["explain", "--case", str(cases_dir / "red_flag_r3.json"), "--json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["blocked"] is True
    assert document["contributors"] == []
    text = cli.invoke(app, ["explain", "--case", str(cases_dir / "red_flag_r3.json")])
    assert "Nothing is ranked" in text.stdout


def test_a_bad_case_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "backstride-case/1", "as_of": "yesterday"}))
    result = cli.invoke(app, ["explain", "--case", str(bad)])
    assert result.exit_code == 2
    assert "as_of" in result.output


def test_exactly_one_source_is_required(cases_dir: Path) -> None:
    assert cli.invoke(app, ["explain"]).exit_code == 2
    both = ["explain", "--case", str(cases_dir / "demo_like.json"), "--user", "a@b.c"]
    assert cli.invoke(app, both).exit_code == 2
