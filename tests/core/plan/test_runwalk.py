from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstride.assess.redflags import Allowed, Tier
from backstride.errors import InputError, SafetyBlockError
from backstride.plan import rules
from backstride.plan.runwalk import (
    CONTINUOUS,
    RACES,
    Goal,
    PastRun,
    Plan,
    RunnerState,
    assess_goal,
    build_plan,
    start_level,
)

TODAY = date(2026, 11, 27)
OK = Allowed(True, True, True, Tier.NONE, False, "")
CASE = RunnerState(  # the design's runner: runs ~25 min, pump at 5 min
    recent=(PastRun(date(2026, 11, 20), 25.0), PastRun(date(2026, 11, 24), 20.0)),
    pain_free_run_min=5.0,
)


def check_rules(plan: Plan, state: RunnerState, today: date) -> None:
    """Every rule the plan promises, checked from the outside."""
    assert plan.goal is not None
    sessions = plan.sessions()
    runs = [s for s in sessions if s.kind in ("run_walk", "run", "walk", "race")]
    # nothing in the past, nothing after the race, the race last
    assert all(s.day > today for s in sessions)
    assert runs[-1].kind == "race"
    assert runs[-1].day == plan.goal.race_day
    assert all(s.day <= plan.goal.race_day for s in sessions)
    # at least one rest day between runs
    days = sorted(r.day for r in state.recent)[-1:] + [s.day for s in runs]
    assert all((b - a).days >= 2 for a, b in itertools.pairwise(days))
    # load-spike rule: no run more than 10 % over the longest of the previous 30 days
    history = [(r.day, r.duration_min) for r in state.recent]
    for s in runs[:-1]:
        window = [m for d, m in history if s.day - timedelta(days=30) <= d < s.day]
        limit = max(rules.SESSION_FLOOR_MIN, rules.SPIKE_RATIO * max(window, default=0.0))
        assert s.main_min <= limit + 1e-6, (s.day, s.main_min, limit)
        history.append((s.day, s.main_min))
    # weekly volume never more than 10 % above the highest of the previous four weeks
    start = today + timedelta(days=1)
    volumes = [
        sum(
            r.duration_min
            for r in state.recent
            if start - timedelta(days=7 * k) <= r.day < start - timedelta(days=7 * (k - 1))
        )
        for k in range(4, 0, -1)
    ]
    for week in plan.weeks:
        ref = max(*volumes[-4:], 3 * rules.SESSION_FLOOR_MIN)
        assert week.volume_min <= rules.WEEKLY_GROWTH_RATIO * ref + 1e-6, week.index
        volumes.append(week.volume_min)
    # each run/walk level done at least twice before moving up, one level at a time
    levels = [s.level for s in runs[:-1]]
    count = 0
    for before, after in itertools.pairwise(levels):
        count += 1
        if after != before:
            assert after == before + 1
            assert count >= rules.MIN_SESSIONS_PER_STEP
            count = 0
    # taper precedes race day: the last weeks are taper/race and lighter than the peak
    race = RACES[plan.goal.race]
    phases = [w.phase for w in plan.weeks]
    assert phases[-1] == "race"
    assert phases[-race.taper_weeks :] == ["taper"] * (race.taper_weeks - 1) + ["race"]
    peak = max(w.volume_min for w in plan.weeks if w.phase in ("build", "return"))
    assert all(w.volume_min < peak for w in plan.weeks[-race.taper_weeks :])
    assert "Pain rule" in runs[0].description


def test_case_runner_half_marathon_plan_keeps_every_rule() -> None:
    goal = Goal("half", date(2027, 9, 5))
    plan = build_plan(goal, CASE, today=TODAY, allowed=OK)
    check_rules(plan, CASE, TODAY)
    assert plan.weeks[0].level == start_level(5.0) == 2
    assert plan.weeks[-1].level == CONTINUOUS
    assert plan.weeks[-2].phase == "taper"
    assert any(w.phase == "deload" for w in plan.weeks)
    assert any(s.kind == "strength" for s in plan.sessions())
    peak = max(w.planned_long_min for w in plan.weeks)
    assert peak >= plan.target_long_min - 1


def test_every_fourth_week_is_lighter() -> None:
    plan = build_plan(Goal("marathon", date(2028, 3, 5)), CASE, today=TODAY, allowed=OK)
    deloads = [w for w in plan.weeks if w.phase == "deload"]
    assert deloads
    for week in deloads:
        assert week.volume_min < plan.weeks[week.index - 1].volume_min + 1e-6


def test_marathon_in_three_weeks_from_10_km_a_week_is_refused_with_alternatives() -> None:
    state = RunnerState(
        recent=tuple(PastRun(TODAY - timedelta(days=d), 23.0) for d in (2, 5, 9, 12, 16, 19)),
        pain_free_run_min=40.0,
    )
    goal = Goal("marathon", TODAY + timedelta(weeks=3))
    result = assess_goal(goal, state, today=TODAY)
    assert not result.feasible
    assert result.earliest_race_day is not None
    assert result.earliest_race_day > goal.race_day + timedelta(weeks=20)
    assert "marathon" not in result.feasible_races
    in_ten_weeks = assess_goal(Goal("marathon", TODAY + timedelta(weeks=10)), state, today=TODAY)
    assert "5k" in in_ten_weeks.feasible_races
    assert "5 km" in in_ten_weeks.message
    with pytest.raises(InputError, match="Earliest realistic date") as caught:
        build_plan(goal, state, today=TODAY, allowed=OK)
    assert caught.value.source == "goal"
    later = build_plan(Goal("marathon", result.earliest_race_day), state, today=TODAY, allowed=OK)
    check_rules(later, state, TODAY)


def test_blocked_runner_gets_no_plan(emergency: Allowed) -> None:
    with pytest.raises(SafetyBlockError, match="blocked"):
        build_plan(Goal("5k", date(2027, 6, 6)), CASE, today=TODAY, allowed=emergency)


def test_urgent_runner_gets_walking_only(urgent: Allowed) -> None:
    plan = build_plan(Goal("5k", date(2027, 6, 6)), CASE, today=TODAY, allowed=urgent)
    assert plan.walking_only
    assert {s.kind for s in plan.sessions()} == {"walk"}
    assert all(s.day > TODAY for s in plan.sessions())


@pytest.mark.parametrize(
    ("goal", "match"),
    [
        (Goal("ultra", date(2027, 6, 6)), "unknown race"),
        (Goal("5k", TODAY), "after today"),
    ],
)
def test_bad_goals_are_input_errors(goal: Goal, match: str) -> None:
    with pytest.raises(InputError, match=match):
        assess_goal(goal, CASE, today=TODAY)


def test_future_history_and_silly_pace_are_refused() -> None:
    goal = Goal("10k", date(2027, 9, 5))
    with pytest.raises(InputError, match="future"):
        assess_goal(
            goal, RunnerState(recent=(PastRun(TODAY + timedelta(days=2), 20),)), today=TODAY
        )
    with pytest.raises(InputError, match="pace"):
        assess_goal(goal, RunnerState(easy_pace_s_per_km=60), today=TODAY)


@pytest.mark.parametrize(
    ("minutes", "level"), [(0, 0), (2.7, 1), (5, 2), (8, 5), (29, 7), (30, CONTINUOUS)]
)
def test_start_level_stays_below_the_pain_free_time(minutes: float, level: int) -> None:
    assert start_level(minutes) == level


history = st.lists(st.tuples(st.integers(0, 34), st.floats(5, 150)), max_size=12).map(
    lambda runs: tuple(PastRun(TODAY - timedelta(days=d), m) for d, m in runs)
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    race=st.sampled_from(sorted(RACES)),
    weeks_ahead=st.integers(1, 70),
    extra_days=st.integers(0, 6),
    recent=history,
    pain_free=st.floats(0, 60),
    pace=st.floats(300, 600),
    shift=st.integers(0, 400),
)
def test_property_any_goal_is_planned_safely_or_refused_with_a_feasible_date(
    race: str,
    weeks_ahead: int,
    extra_days: int,
    recent: tuple[PastRun, ...],
    pain_free: float,
    pace: float,
    shift: int,
) -> None:
    today = TODAY + timedelta(days=shift)
    state = RunnerState(
        recent=tuple(PastRun(r.day + timedelta(days=shift), r.duration_min) for r in recent),
        pain_free_run_min=pain_free,
        easy_pace_s_per_km=pace,
    )
    goal = Goal(race, today + timedelta(weeks=weeks_ahead, days=extra_days))
    result = assess_goal(goal, state, today=today)
    if not result.feasible:
        assert result.earliest_race_day is None or result.earliest_race_day > goal.race_day
        assert str(goal.race_day) in result.message
        if result.earliest_race_day is None:
            return
        goal = Goal(race, result.earliest_race_day)
    plan = build_plan(goal, state, today=today, allowed=OK)
    check_rules(plan, state, today)
