from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta

import pytest

from backstride.analysis.overview import Split, analyse, warmup_split
from backstride.analysis.simulated import simulated_history
from backstride.errors import InputError
from backstride.pain import DailyCheckin, RunRecord

START = datetime(2025, 1, 6, 7, 0, tzinfo=UTC)


def _history(n: int, diary_share: float = 1.0) -> tuple[list[RunRecord], list[DailyCheckin]]:
    return simulated_history(n, start=START, seed=4, diary_share=diary_share)


def test_the_whole_analysis_serialises_to_strict_json() -> None:
    runs, checkins = _history(150)
    now = runs[-1].start_utc + timedelta(hours=3)
    result = analyse(runs, checkins, now=now)
    text = json.dumps(result.as_json(), allow_nan=False)
    assert json.loads(text)["n_runs"] == 150
    assert result.n_diary_runs == 150
    assert result.cox.fitted
    keys = [card.key for card in result.insights]
    assert "split:warm-up 10+ min" in keys
    assert "cox" in keys
    warm = result.comparisons[0]
    assert warm.logrank is not None
    assert warm.logrank.p_value < 0.001
    assert len(result.pain_free_runs) == 150


def test_it_is_as_of_now() -> None:
    runs, checkins = _history(60)
    now = runs[29].start_utc
    result = analyse(runs, checkins, now=now)
    assert result.n_runs == 30
    assert result.morning.today == now.date()


def test_with_few_events_cox_uses_what_the_data_support_and_says_what_is_missing() -> None:
    runs, checkins = _history(30)
    result = analyse(runs, checkins, now=runs[-1].start_utc)
    cox = result.cox
    assert cox.fitted
    assert len(cox.covariates) == cox.n_events // 10
    assert cox.covariates[0] == "warmup"
    assert cox.left_out
    assert cox.events_needed == 10 * (len(cox.covariates) + len(cox.left_out))
    assert cox.more_runs_needed is not None
    assert cox.more_runs_needed > 0


def test_without_a_diary_there_is_nothing_to_compare_but_a_nudge() -> None:
    runs, checkins = _history(20, diary_share=0.0)
    result = analyse(runs, checkins, now=runs[-1].start_utc)
    assert result.n_diary_runs == 0
    assert result.comparisons == ()
    assert not result.cox.fitted
    assert any(card.key == "more_data" for card in result.insights)


def test_user_chosen_splits() -> None:
    runs, checkins = _history(80)
    long_runs = Split(
        "runs over 40 min",
        "on runs over 40 min",
        "on shorter runs",
        lambda run: run.context.duration_s > 2400,
    )
    result = analyse(runs, checkins, now=runs[-1].start_utc, splits=(warmup_split(15), long_runs))
    assert [c.condition for c in result.comparisons] == ["warm-up 15+ min", "runs over 40 min"]


def test_bad_input_is_refused() -> None:
    runs, checkins = _history(5)
    with pytest.raises(InputError) as excinfo:
        analyse([*runs, dataclasses.replace(runs[0])], checkins, now=runs[-1].start_utc)
    assert excinfo.value.source == "run_id"
    with pytest.raises(ValueError, match="timezone"):
        analyse(runs, checkins, now=datetime(2026, 1, 1))


def test_a_covariate_recorded_on_too_few_runs_is_not_modelled_and_said_so() -> None:
    runs, checkins = _history(150)
    no_cadence = [
        dataclasses.replace(r, context=dataclasses.replace(r.context, cadence_spm=None))
        if i % 2
        else r
        for i, r in enumerate(runs)
    ]
    cox = analyse(no_cadence, checkins, now=runs[-1].start_utc).cox
    assert cox.fitted
    assert "cadence" not in cox.covariates
    assert "not modelled" in cox.message
    assert "cadence" in cox.message
