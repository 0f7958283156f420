from __future__ import annotations

import json
import math
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lifelines import KaplanMeierFitter

from backstride.analysis.simulated import simulated_history
from backstride.analysis.survival import (
    compare,
    cox_model,
    events_needed,
    kaplan_meier,
    more_runs_needed,
)

MIN = 60.0


def test_km_matches_a_hand_worked_example() -> None:
    # Minutes 1..5; pain at 1, 3, 4; pain-free (censored) runs ended at 2 and 5.
    # S(1) = 4/5 = 0.8; S(3) = 0.8 * 2/3 = 0.533; S(4) = 0.533 * 1/2 = 0.267 -> median 4.
    curve = kaplan_meier(np.array([1, 2, 3, 4, 5]) * MIN, np.array([1, 0, 1, 1, 0]), "x")
    assert curve.times_min == (0.0, 1.0, 2.0, 3.0, 4.0, 5.0)
    assert curve.survival == pytest.approx((1.0, 0.8, 0.8, 0.53333, 0.26667, 0.26667))
    assert curve.median_min == 4.0
    assert (curve.n_runs, curve.n_events) == (5, 3)
    assert curve.median_ci_high_min is None  # the upper band never reaches 0.5


def _product_limit(minutes: list[int], pain: list[bool]) -> dict[float, float]:
    """Textbook Kaplan-Meier by hand: S(t) = prod over event times (1 - d / n at risk)."""
    survival, out = 1.0, {}
    for t in sorted(set(minutes)):
        at_risk = sum(1 for m in minutes if m >= t)
        died = sum(1 for m, p in zip(minutes, pain, strict=True) if m == t and p)
        survival *= 1 - died / at_risk
        out[float(t)] = survival
    return out


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 60), st.booleans()), min_size=1, max_size=30))
def test_km_matches_the_product_limit_formula(rows: list[tuple[int, bool]]) -> None:
    minutes, pain = [r[0] for r in rows], [r[1] for r in rows]
    curve = kaplan_meier(np.array(minutes) * MIN, np.array(pain), "x")
    expected = _product_limit(minutes, pain)
    got = dict(zip(curve.times_min, curve.survival, strict=True))
    for t, value in expected.items():
        assert got[t] == pytest.approx(value, abs=1e-5)
    assume(all(abs(value - 0.5) > 1e-9 for value in expected.values()))  # ties: lifelines'
    below = [t for t, value in expected.items() if value <= 0.5]
    assert curve.median_min == (min(below) if below else None)


def test_km_median_and_ci_match_lifelines() -> None:
    rng = np.random.default_rng(3)
    onset = rng.exponential(8.0, 60)
    end = rng.uniform(10, 40, 60)
    minutes, pain = np.minimum(onset, end), onset <= end
    curve = kaplan_meier(minutes * MIN, pain, "x")
    kmf = KaplanMeierFitter().fit(minutes, pain)
    assert curve.median_min == pytest.approx(kmf.median_survival_time_)
    assert curve.median_min is not None
    assert curve.median_ci_low_min is not None
    assert curve.median_ci_high_min is not None
    assert curve.median_ci_low_min <= curve.median_min <= curve.median_ci_high_min


def test_a_median_never_reached_is_none_and_valid_json() -> None:
    curve = kaplan_meier(np.array([20, 30, 40, 25]) * MIN, np.array([1, 0, 0, 0]), "warm")
    assert curve.median_min is None
    assert curve.median_ci_high_min is None
    json.dumps(curve.as_json(), allow_nan=False)


def test_an_empty_group_gives_a_flat_curve() -> None:
    curve = kaplan_meier(np.array([]), np.array([], dtype=bool), "none")
    assert (curve.n_runs, curve.median_min, curve.survival) == (0, None, (1.0,))


def test_logrank_separates_clearly_different_groups() -> None:
    rng = np.random.default_rng(11)
    early, late = rng.exponential(4.0, 25), rng.exponential(40.0, 25)
    onset = np.concatenate((early, late))
    end = np.full(50, 45.0)
    warm = np.arange(50) >= 25
    comp = compare(
        np.minimum(onset, end) * MIN,
        onset <= end,
        warm,
        name="warm-up",
        yes_label="warm",
        no_label="cold",
    )
    assert comp.logrank is not None
    assert comp.logrank.p_value < 0.001
    assert comp.yes.median_min is not None
    assert comp.no.median_min is not None
    assert comp.yes.median_min > comp.no.median_min


def test_logrank_does_not_invent_a_difference() -> None:
    rng = np.random.default_rng(12)
    onset = rng.exponential(8.0, 60)
    comp = compare(
        np.minimum(onset, 30) * MIN,
        onset <= 30,
        np.arange(60) % 2 == 0,
        name="coin",
        yes_label="heads",
        no_label="tails",
    )
    assert comp.logrank is not None
    assert comp.logrank.p_value > 0.05


def test_runs_with_an_unknown_condition_are_left_out() -> None:
    comp = compare(
        np.array([1, 2, 3, 4]) * MIN,
        np.ones(4, bool),
        np.array([True, False, True, False]),
        name="c",
        yes_label="y",
        no_label="n",
        known=np.array([True, True, False, True]),
    )
    assert (comp.yes.n_runs, comp.no.n_runs, comp.n_runs_unknown) == (1, 2, 1)


def test_cox_ci_covers_the_true_hazard_ratios() -> None:
    runs, _ = simulated_history(400, start=datetime(2024, 1, 1, tzinfo=UTC), seed=7)
    durations = np.array(
        [r.pain.onset_s if r.pain and r.pain.onset_s else r.context.duration_s for r in runs]
    )
    events = np.array([bool(r.pain and r.pain.had_pain) for r in runs])
    warmup = np.array([(r.context.warmup_s or 0) / 300 for r in runs])
    sitting = np.array([r.context.sitting_h_day or 0 for r in runs])
    result = cox_model(durations, events, {"warmup": warmup, "sitting": sitting})
    assert result.fitted
    assert not result.unstable
    by_name = {hr.covariate: hr for hr in result.hazard_ratios}
    assert by_name["warmup"].ci_low < 0.5 < by_name["warmup"].ci_high
    assert by_name["sitting"].ci_low < 1.1 < by_name["sitting"].ci_high
    assert result.ph_ok is True
    json.dumps(result.as_json(), allow_nan=False)


def test_cox_refuses_with_too_few_events_and_says_how_many_runs_it_needs() -> None:
    rng = np.random.default_rng(1)
    durations = rng.uniform(1, 30, 30) * MIN
    events = np.arange(30) % 2 == 0  # 15 events in 30 runs
    result = cox_model(durations, events, {"a": rng.normal(size=30), "b": rng.normal(size=30)})
    assert not result.fitted
    assert result.events_needed == 20
    assert result.more_runs_needed == 10  # 5 more events at 1 event per 2 runs
    assert "20 runs with pain" in result.message
    assert "about 10 more runs" in result.message


def test_runs_needed_rule() -> None:
    assert events_needed(6) == 60
    assert more_runs_needed(30, 0, 10) is None
    assert more_runs_needed(30, 12, 10) == 0
    assert more_runs_needed(10, 3, 10) == math.ceil(7 * 10 / 3)


def test_cox_reports_a_proportional_hazards_violation() -> None:
    rng = np.random.default_rng(5)
    group = rng.random(300) < 0.5
    onset = np.where(group, rng.weibull(0.5, 300), rng.weibull(4.0, 300)) * 10
    result = cox_model(np.minimum(onset, 30) * MIN, onset < 30, {"group": group.astype(float)})
    assert result.fitted
    assert result.ph_ok is False
    assert result.hazard_ratios[0].ph_p_value is not None
    assert result.hazard_ratios[0].ph_p_value < 0.05
    assert "proportional-hazards check failed" in result.message


def test_cox_flags_separation_as_unstable() -> None:
    rng = np.random.default_rng(2)
    x = np.r_[np.ones(20), np.zeros(20)]
    durations = np.r_[np.full(20, 40.0), rng.exponential(5, 20)] * MIN
    events = np.r_[np.zeros(20, bool), np.ones(20, bool)]
    result = cox_model(durations, events, {"x": x})
    assert result.fitted
    assert result.unstable
    assert "unstable" in result.message
    json.dumps(result.as_json(), allow_nan=False)


def test_cox_explains_a_model_that_cannot_be_fitted() -> None:
    rng = np.random.default_rng(0)
    durations = rng.exponential(5, 40) * MIN
    result = cox_model(durations, np.ones(40, bool), {"constant": np.ones(40)})
    assert not result.fitted
    assert "could not be fitted" in result.message
