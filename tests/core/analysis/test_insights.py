from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backstride.analysis.checkins import morning_trend
from backstride.analysis.insights import (
    comparison_card,
    cox_card,
    data_card,
    last_run_card,
    median_text,
    p_text,
    safety_cards,
)
from backstride.analysis.survival import Comparison, CoxResult, KMCurve, LogRank
from backstride.pain import DailyCheckin, PainEvent, RunContext, RunRecord

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def _curve(
    label: str, n: int, events: int, median: float | None, low: float | None, high: float | None
) -> KMCurve:
    return KMCurve(label, n, events, median, low, high, (0.0,), (1.0,), (1.0,), (1.0,))


def _comparison(p: float, n_yes: int = 8, n_no: int = 10) -> Comparison:
    return Comparison(
        condition="warm-up 10+ min",
        yes=_curve("with a warm-up of 10+ min", n_yes, 2, 34.0, 22.0, None),
        no=_curve("with a shorter warm-up", n_no, 10, 6.0, 4.0, 8.0),
        logrank=LogRank(9.5, p),
    )


def test_the_warmup_card_reads_like_the_issue_example() -> None:
    card = comparison_card(_comparison(0.002))
    assert card is not None
    assert card.text.startswith(
        "With a warm-up of 10+ min, your median pain-free running was 34 min "
        "(95 % CI 22–not reached) vs 6 min (95 % CI 4–8) with a shorter warm-up "
        "(p = 0.002, log-rank, 18 runs)."
    )
    assert "not proof of cause" in card.text
    assert card.small_sample
    assert "Small sample (18 runs, 12 with pain)" in card.text


def test_a_large_p_value_is_called_chance() -> None:
    card = comparison_card(_comparison(0.41, 20, 20))
    assert card is not None
    assert "could well be chance" in card.text
    assert "unlikely to be chance" not in card.text


def test_no_card_for_groups_too_small_to_compare() -> None:
    assert comparison_card(_comparison(0.01, n_yes=2)) is None


@pytest.mark.parametrize(
    ("p", "text"), [(0.0004, "p < 0.001"), (0.002, "p = 0.002"), (0.4123, "p = 0.41")]
)
def test_p_values_are_rounded_honestly(p: float, text: str) -> None:
    assert p_text(p) == text


def test_a_median_not_reached_says_so() -> None:
    assert median_text(_curve("x", 5, 0, None, None, None)) == (
        "not reached (95 % CI not reached–not reached)"
    )
    assert median_text(_curve("x", 5, 3, 7.25, 3.0, 12.4)) == "7.2 min (95 % CI 3–12)"


def test_the_cox_card_says_how_many_more_runs_it_needs() -> None:
    refused = CoxResult(
        fitted=False,
        message="",
        n_runs=12,
        n_events=8,
        covariates=("warmup", "sitting"),
        events_needed=20,
        more_runs_needed=18,
    )
    card = cox_card(refused, {"warmup": "warm-up", "sitting": "sitting that day"})
    assert "needs 20 runs with pain and the diary has 8" in card.text
    assert "about 18 more runs" in card.text
    assert card.small_sample


def test_rising_morning_pain_sends_the_runner_to_a_clinician() -> None:
    today = NOW.date()
    checkins = [DailyCheckin(today - timedelta(days=d), 1 if d >= 7 else 3) for d in range(14)]
    trend = morning_trend(checkins, today=today)
    assert trend.rising
    (card,) = safety_cards(trend, [], now=NOW)
    assert card.level == "see_clinician"
    assert "see a physiotherapist or doctor" in card.text


def test_stable_or_sparse_morning_pain_is_not_rising() -> None:
    today = NOW.date()
    steady = [DailyCheckin(today - timedelta(days=d), 2) for d in range(14)]
    assert not morning_trend(steady, today=today).rising
    sparse = [DailyCheckin(today, 6), DailyCheckin(date(2026, 11, 15), 1)]
    assert not morning_trend(sparse, today=today).rising


def test_leg_symptoms_send_the_runner_to_a_clinician() -> None:
    run = RunRecord(
        "r1",
        NOW - timedelta(days=3),
        RunContext(duration_s=1800),
        PainEvent("r1", onset_s=400, peak=4, location="below_knee"),
    )
    (card,) = safety_cards(None, [run], now=NOW)
    assert card.key == "leg_symptoms"
    assert card.level == "see_clinician"
    assert "red-flag" in card.text


def test_no_card_diagnoses() -> None:
    cards = [comparison_card(_comparison(0.002)), data_card(4, 2)]
    for card in cards:
        assert card is not None
        assert "diagnos" not in card.text.lower()
        assert "you have " not in card.text.lower()


def _last_run(peak: int, next_morning: int) -> RunRecord:
    return RunRecord(
        "r9",
        NOW - timedelta(days=1),
        RunContext(duration_s=1800),
        PainEvent("r9", onset_s=420, peak=peak, next_morning=next_morning),
    )


def test_the_last_run_is_read_with_the_pain_monitoring_model() -> None:
    usual = [DailyCheckin(NOW.date() - timedelta(days=d), 1) for d in range(2, 9)]
    worse = last_run_card([_last_run(3, 3)], usual, now=NOW)
    assert worse is not None
    assert worse.level == "caution"
    assert worse.numbers["category"] == "step_back"
    assert "next morning 3/10 (usual 1/10)" in worse.text
    held = last_run_card([_last_run(5, 1)], usual, now=NOW)
    assert held is not None
    assert held.numbers["category"] == "hold"
    assert last_run_card([_last_run(2, 1)], usual, now=NOW + timedelta(days=30)) is None
