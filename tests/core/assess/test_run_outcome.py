"""Run-specific outcome: pain-monitoring categories and ranges."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.assess import instruments
from backstride.errors import InputError


@pytest.mark.parametrize(
    ("peak", "category"),
    [(0, "progress"), (3, "progress"), (4, "hold"), (5, "hold"), (6, "step_back")],
)
def test_peak_pain_zones(peak: int, category: str) -> None:
    result = instruments.score(
        "run_outcome", {"pain_free_minutes": 5, "peak_pain": peak, "next_morning_pain": 1}
    )
    assert result.category == category
    assert result.score == 5.0
    assert result.subscores["peak_pain"] == peak


def test_worse_next_morning_than_baseline_steps_back() -> None:
    answers = {"pain_free_minutes": 30, "peak_pain": 2, "next_morning_pain": 3}
    assert instruments.score("run_outcome", {**answers, "baseline_morning_pain": 3}).category == (
        "progress"
    )
    worse = instruments.score("run_outcome", {**answers, "baseline_morning_pain": 2})
    assert worse.category == "step_back"
    assert worse.notes


@pytest.mark.parametrize(
    ("change", "source"),
    [
        ({"peak_pain": 11}, "peak_pain"),
        ({"peak_pain": 2.5}, "peak_pain"),
        ({"next_morning_pain": -1}, "next_morning_pain"),
        ({"pain_free_minutes": -1}, "pain_free_minutes"),
        ({"pain_free_minutes": float("nan")}, "pain_free_minutes"),
        ({"pain_free_minutes": "5"}, "pain_free_minutes"),
        ({"pain_free_minutes": None}, "pain_free_minutes"),
        ({"cadence": 170}, "cadence"),
    ],
)
def test_bad_values_name_the_field(change: dict[str, object], source: str) -> None:
    answers: dict[str, object] = {"pain_free_minutes": 5, "peak_pain": 2, "next_morning_pain": 1}
    with pytest.raises(InputError) as caught:
        instruments.score("run_outcome", answers | change)
    assert caught.value.source == source


def test_answers_must_be_an_object() -> None:
    with pytest.raises(InputError):
        instruments.score("run_outcome", [5, 2, 1])


@given(
    st.floats(min_value=0, max_value=600),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=0, max_value=10),
)
def test_scores_stay_in_range(minutes: float, peak: int, morning: int) -> None:
    result = instruments.score(
        "run_outcome",
        {"pain_free_minutes": minutes, "peak_pain": peak, "next_morning_pain": morning},
    )
    assert 0 <= result.score <= 600
    assert result.category in {"progress", "hold", "step_back"}
