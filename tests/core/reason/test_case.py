"""The case format: round trip, and errors that name the bad field."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from backstride.assess.redflags import Tier
from backstride.errors import InputError
from backstride.reason.case import case_from_dict, load_case


def _demo(cases_dir: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((cases_dir / "demo_like.json").read_text())
    return document


def test_every_case_file_round_trips(cases_dir: Path) -> None:
    for path in sorted(cases_dir.glob("*.json")):
        case = load_case(path)
        assert case_from_dict(json.loads(json.dumps(case.as_dict()))) == case


def test_red_flag_answers_are_screened_by_the_core(cases_dir: Path) -> None:
    case = load_case(cases_dir / "red_flag_r3.json")
    assert case.red_flags.tier is Tier.EMERGENCY
    assert case.red_flags.positives == ("R3",)


def test_missing_sections_are_unknown(cases_dir: Path) -> None:
    document = {"format": "backstride-case/1", "as_of": "2026-11-27T09:00:00+00:00"}
    case = case_from_dict(document)
    assert not case.red_flags.screened
    assert case.pain_profile is None
    assert case.runs is None
    assert case.gait is None


@pytest.mark.parametrize(
    ("change", "source", "message"),
    [
        (lambda d: d.update(format="other/1"), "format", "backstride-case/1"),
        (lambda d: d.update(as_of="2026-11-27T09:00:00"), "as_of", "time zone"),
        (lambda d: d.update(sex="other"), "sex", "not one of"),
        (lambda d: d.update(extra=1), "extra", "unknown field"),
        (
            lambda d: d["runs"]["comparisons"][0].update(p_value=2),
            "runs.comparisons[0].p_value",
            "outside",
        ),
        (
            lambda d: d["runs"]["comparisons"][1].update(condition="warm_up"),
            "runs.comparisons[1].condition",
            "twice",
        ),
        (
            lambda d: d["pain_profile"].update(warm_up_effect="magic"),
            "pain_profile.warm_up_effect",
            "choose one",
        ),
        (
            lambda d: d["self_tests"][0]["values"].update(knee_flexion_deg_left=500),
            "self_tests[0].knee_flexion_deg_left",
            "outside",
        ),
        (
            lambda d: d["self_tests"].append(copy.deepcopy(d["self_tests"][0])),
            "self_tests[1].test",
            "twice",
        ),
        (lambda d: d["red_flags"].update(tier="SEVERE"), "red_flags.tier", "not one of"),
        (lambda d: d["red_flags"].update(positives=["R99"]), "red_flags.positives[0]", "red-flag"),
        (lambda d: d.update(red_flags={"answers": {"R1": "no"}}), "red_flags.answers.R2", "answer"),
        (lambda d: d.update(gait={"trunk_lean_deg": "ten"}), "gait.trunk_lean_deg", "number"),
        (
            lambda d: d["runs"].update(load_spikes=[{"date": "soon", "increase": 0.2}]),
            "runs.load_spikes[0].date",
            "not a date",
        ),
        (lambda d: d["runs"].update(n_runs=-1), "runs.n_runs", "whole number"),
    ],
)
def test_errors_name_the_field(cases_dir: Path, change: Any, source: str, message: str) -> None:
    document = _demo(cases_dir)
    change(document)
    with pytest.raises(InputError, match=message) as caught:
        case_from_dict(document)
    assert caught.value.source == source


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON") as caught:
        load_case(broken)
    assert caught.value.source == str(broken)
    with pytest.raises(InputError, match="cannot be read"):
        load_case(tmp_path / "missing.json")
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"format": "backstride-case/1", "as_of": 3}), encoding="utf-8")
    with pytest.raises(InputError) as field:
        load_case(wrong)
    assert str(field.value).startswith(f"{wrong}: as_of")
