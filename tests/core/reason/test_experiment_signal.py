"""Finished self-experiments as evidence: the experiment_* signals and the case format."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from backstride.errors import InputError
from backstride.reason import explain
from backstride.reason.case import ExperimentResult, case_from_dict
from backstride.reason.evidence import EXPERIMENT_SIGNALS, SIGNALS, observe
from tests.core.reason.conftest import bare_case


def _result(verdict: str, template: str = "warm_up", **changes: Any) -> ExperimentResult:
    fields: dict[str, Any] = {
        "name": "Warm-up 10-15 min vs none",
        "template_id": template,
        "contributors": ("insufficient_warm_up",),
        "verdict": verdict,
        "difference": 17.5,
        "p_value": 0.031,
        "n_blocks": 6,
        "ended": date(2026, 11, 1),
    }
    fields.update(changes)
    return ExperimentResult(**fields)


def _signal(*results: ExperimentResult, key: str = "experiment_warm_up") -> Any:
    return next(o for o in observe(bare_case(experiments=results)) if o.key == key)


@pytest.mark.parametrize(
    ("verdict", "value"),
    [
        ("a_better", True),
        ("b_better", False),
        ("no_important_difference", False),
        ("not_enough_evidence", None),
    ],
)
def test_the_verdict_sets_the_signal(verdict: str, value: bool | None) -> None:
    found = _signal(_result(verdict))
    assert found.value is value
    assert "Warm-up 10-15 min vs none" in found.detail
    assert "2026-11-01" in found.detail


def test_the_latest_experiment_of_a_template_wins() -> None:
    older = _result("not_enough_evidence", ended=date(2026, 9, 1))
    assert _signal(older, _result("a_better")).value is True
    assert _signal(_result("a_better"), _result("b_better", ended=date(2026, 12, 1))).value is False


def test_custom_experiments_inform_no_signal() -> None:
    found = observe(bare_case(experiments=(_result("a_better", None),)))
    assert all(o.value is None for o in found if o.key.startswith("experiment_"))


@pytest.mark.parametrize(
    ("verdict", "value"),
    [("a_better", True), ("b_better", True), ("no_important_difference", False)],
)
def test_a_shoe_difference_either_way_says_footwear_matters(verdict: str, value: bool) -> None:
    assert _signal(_result(verdict, "shoes"), key="experiment_shoes").value is value


def test_every_template_signal_is_known_and_read_by_a_contributor() -> None:
    assert set(EXPERIMENT_SIGNALS.values()) <= set(SIGNALS)


def test_a_better_warm_up_experiment_lifts_the_warm_up_contributor() -> None:
    before = explain(bare_case())
    after = explain(bare_case(experiments=(_result("a_better"),)))
    score = {r.id: r.score for r in before.ranked}
    lifted = next(r for r in after.ranked if r.id == "insufficient_warm_up")
    assert lifted.score > score["insufficient_warm_up"]
    assert "experiment_warm_up" in {t.key for t in lifted.speaks_for}


def test_a_stopped_experiment_says_so() -> None:
    assert "stopped early" in _signal(_result("a_better", stopped=True)).detail


def _document() -> dict[str, Any]:
    return bare_case(experiments=(_result("a_better"),)).as_dict()


def test_experiments_round_trip_through_the_case_format() -> None:
    case = bare_case(experiments=(_result("a_better", stopped=True),))
    assert case_from_dict(case.as_dict()) == case


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("verdict", "maybe", "not one of"),
        ("ended", "yesterday", "not a date"),
        ("p_value", 2, "outside"),
        ("name", "", "name"),
        ("contributors", [1], "contributor ids"),
        ("other", 1, "unknown field"),
    ],
)
def test_a_bad_experiment_names_its_field(field: str, value: Any, message: str) -> None:
    document = copy.deepcopy(_document())
    document["experiments"][0][field] = value
    with pytest.raises(InputError) as error:
        case_from_dict(document)
    assert error.value.source == f"experiments[0].{field}"
    assert message in error.value.message
