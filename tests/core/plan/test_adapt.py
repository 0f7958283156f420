from __future__ import annotations

from datetime import date, timedelta

import pytest

from backstride.assess.redflags import Allowed, Tier
from backstride.errors import InputError
from backstride.plan import rules
from backstride.plan.adapt import Decision, SessionOutcome, next_state, review_week
from backstride.plan.runwalk import CONTINUOUS, Goal, PastRun, RunnerState, build_plan

MONDAY = date(2026, 11, 30)
OK = Allowed(True, True, True, Tier.NONE, False, "")


def week_of(
    *pains: tuple[int | None, int | None], symptoms: tuple[str, ...] = ()
) -> list[SessionOutcome]:
    return [
        SessionOutcome(
            MONDAY + timedelta(days=2 * i), True, during, morning, symptoms if i == 0 else ()
        )
        for i, (during, morning) in enumerate(pains)
    ]


def test_low_pain_settled_by_morning_progresses() -> None:
    result = review_week(week_of((2, 1), (3, 1), (1, 0)), baseline_morning_pain=1)
    assert result.decision is Decision.PROGRESS
    assert "3/10" in result.reasons[0]
    assert not result.see_clinician


def test_pain_of_four_or_five_holds() -> None:
    result = review_week(week_of((2, 1), (5, 1), (3, 1)), baseline_morning_pain=1)
    assert result.decision is Decision.HOLD
    assert "5/10" in result.reasons[0]


def test_pain_above_five_steps_back() -> None:
    result = review_week(week_of((2, 1), (6, 1), (3, 1)), baseline_morning_pain=1)
    assert result.decision is Decision.STEP_BACK
    assert any("6/10" in r for r in result.reasons)


def test_morning_pain_above_usual_steps_back_even_with_low_run_pain() -> None:
    result = review_week(week_of((2, 3), (2, 1), (1, 1)), baseline_morning_pain=1)
    assert result.decision is Decision.STEP_BACK
    assert any("not settled" in r for r in result.reasons)


def test_rising_morning_pain_week_on_week_prompts_a_clinician() -> None:
    result = review_week(
        week_of((2, 3), (2, 3), (2, 2)), baseline_morning_pain=1, previous_morning_means=[1.0, 2.0]
    )
    assert result.decision is Decision.STEP_BACK
    assert result.see_clinician
    assert any("clinician" in r for r in result.reasons)


@pytest.mark.parametrize("symptom", ["leg", "numbness", "bladder", "saddle"])
def test_new_leg_or_saddle_symptoms_stop_and_rescreen(symptom: str) -> None:
    result = review_week(week_of((1, 0), (1, 0), symptoms=(symptom,)), baseline_morning_pain=0)
    assert result.decision is Decision.STOP
    assert result.rescreen
    assert result.see_clinician
    assert symptom in result.reasons[0]


def test_too_few_logged_sessions_hold() -> None:
    outcomes = [*week_of((1, 0)), SessionOutcome(MONDAY + timedelta(days=4), False)]
    result = review_week(outcomes, baseline_morning_pain=0)
    assert result.decision is Decision.HOLD
    assert "at least 2" in result.reasons[0]


def test_pain_outside_0_to_10_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        review_week(week_of((11, 0), (1, 0)), baseline_morning_pain=0)
    assert caught.value.source == "pain_during"


STATE = RunnerState(recent=(PastRun(date(2026, 11, 24), 25.0),), pain_free_run_min=5.0)
GOAL = Goal("10k", date(2027, 9, 5))


def test_next_state_moves_level_up_after_progress() -> None:
    plan = build_plan(GOAL, STATE, today=date(2026, 11, 27), allowed=OK)
    week = plan.weeks[1]
    result = review_week(week_of((1, 0), (2, 0), (1, 0)), baseline_morning_pain=0)
    state = next_state(STATE, week, result)
    assert state.level == week.level + 1
    assert state.first_week_cap_min is None


def test_step_back_goes_a_level_down_and_shortens_next_long_run() -> None:
    today = date(2026, 11, 27)
    plan = build_plan(GOAL, STATE, today=today, allowed=OK)
    week = plan.weeks[2]
    result = review_week(week_of((7, 2), (3, 1), (2, 1)), baseline_morning_pain=1)
    runs = [PastRun(s.day, s.main_min) for w in plan.weeks[:3] for s in w.sessions if s.is_run]
    state = next_state(STATE, week, result, recent=runs)
    assert state.level == week.level - 1
    assert state.first_week_cap_min == pytest.approx(0.8 * week.planned_long_min)
    replanned = build_plan(GOAL, state, today=week.end, allowed=OK)
    first = replanned.weeks[0]
    assert first.level == week.level - 1
    assert first.long_min <= max(0.8 * week.planned_long_min, rules.SESSION_FLOOR_MIN)


def test_hold_repeats_the_level_and_long_run() -> None:
    plan = build_plan(GOAL, STATE, today=date(2026, 11, 27), allowed=OK)
    week = plan.weeks[2]
    result = review_week(week_of((4, 1), (3, 1)), baseline_morning_pain=1)
    state = next_state(STATE, week, result)
    assert (state.level, state.first_week_cap_min) == (week.level, week.planned_long_min)


def test_progress_into_continuous_running_starts_at_30_minutes() -> None:
    plan = build_plan(
        GOAL, RunnerState(pain_free_run_min=25.0), today=date(2026, 11, 27), allowed=OK
    )
    week = next(w for w in plan.weeks if w.level == CONTINUOUS - 1)
    result = review_week(week_of((1, 0), (1, 0)), baseline_morning_pain=0)
    state = next_state(RunnerState(), week, result)
    assert state.level == CONTINUOUS
    assert state.first_week_cap_min == rules.FIRST_CONTINUOUS_MAX_MIN
