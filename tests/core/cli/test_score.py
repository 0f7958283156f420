"""``backstride score``: JSON out, --list, bad input -> stderr and exit code 2."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from backstride.cli import app

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["score", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_scores_startback_as_json() -> None:
    code, out, _ = run("startback", "--answers", '[1,0,0,0,1,1,1,0,"very much"]')
    assert code == 0
    assert json.loads(out) == {
        "instrument": "startback",
        "version": "9-item (Keele 2007)",
        "score": 5,
        "subscores": {"psychosocial": 4},
        "category": "high",
    }


def test_scores_odi_with_a_missing_and_a_double_ticked_section() -> None:
    answers = {
        "1": 2,
        "2": [1, 3],
        "3": 2,
        "4": 2,
        "5": 2,
        "6": 2,
        "7": 2,
        "8": None,
        "9": 1,
        "10": 0,
    }
    code, out, _ = run("odi", "--answers", json.dumps(answers))
    assert code == 0
    data = json.loads(out)
    assert data["score"] == 35.6
    assert data["category"] == "moderate"
    assert data["subscores"]["personal_care"] == 3


def test_reads_answers_from_stdin() -> None:
    code, out, _ = run("rmdq", "--answers", "-", stdin=json.dumps([True] * 24))
    assert code == 0
    assert json.loads(out)["score"] == 24


def test_list_names_every_instrument_with_its_version() -> None:
    code, out, _ = run("--list")
    assert code == 0
    for name, version in [
        ("startback", "9-item"),
        ("rmdq", "RMDQ-24"),
        ("odi", "2.1a"),
        ("run_outcome", "backstride-run-1"),
    ]:
        line = next(line for line in out.splitlines() if line.startswith(name))
        assert version in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sf36", "--answers", "[]"], "unknown instrument"),
        (["startback", "--answers", "[1, 2"], "not valid JSON"),
        (["startback", "--answers", "[1,1,1,1,1,1,1,1]"], "expected 9 answers"),
        (["startback", "--answers", '{"1": 1}'], "item2: missing answer"),
        (["rmdq", "--answers", json.dumps([0] * 23 + [3])], "item24"),
        (["odi", "--answers", "[1, null, null, null, 1, 1, 1, 1, 1, 1]"], "at least 8"),
        (["startback"], "--answers is required"),
        ([], "name an instrument"),
    ],
)
def test_bad_input_goes_to_stderr_with_exit_code_2(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert message in err
