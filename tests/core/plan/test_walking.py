"""Walking only while running is paused (URGENT): walks, no runs, no strength."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backstride.assess.redflags import Allowed, Tier
from backstride.errors import InputError
from backstride.plan.export_fit import plan_to_fit
from backstride.plan.export_ics import plan_to_ics
from backstride.plan.model import Plan, Session, Week
from backstride.plan.runwalk import Goal, PastRun, RunnerState, build_plan
from backstride.plan.walking import (
    WALK_MAX_MIN,
    WALK_MIN_MIN,
    daily_walks,
    walking_only,
)

TODAY = date(2026, 11, 27)
OK = Allowed(True, True, True, Tier.NONE, False, "")
STATE = RunnerState(
    recent=(PastRun(date(2026, 11, 20), 25.0), PastRun(date(2026, 11, 24), 20.0)),
    pain_free_run_min=5.0,
)


@pytest.fixture(scope="module")
def half() -> Plan:
    return _plan(race="half", days_out=40 * 7)


def _plan(days_out: int = 16 * 7, race: str = "5k") -> Plan:
    return build_plan(Goal(race, TODAY + timedelta(days=days_out)), STATE, today=TODAY, allowed=OK)


def test_runs_become_walks_of_the_same_minutes_within_the_bounds() -> None:
    plan = _plan()
    start = TODAY + timedelta(days=1)
    walks = walking_only(plan, start=start)
    original = {
        s.day: s
        for s in plan.sessions()
        if s.kind in ("run_walk", "run", "walk") and s.day < start + timedelta(days=14)
    }
    assert walks.walking_only
    assert {s.day for s in walks.sessions()} == set(original)
    for s in walks.sessions():
        assert s.kind == "walk"
        assert (s.run_s, s.repeats, s.warmup_min, s.cooldown_min) == (0, 0, 0.0, 0.0)
        expected = min(WALK_MAX_MIN, max(WALK_MIN_MIN, round(original[s.day].main_min)))
        assert s.main_min == expected
        assert "Running is paused until a doctor has seen you" in s.description
        assert "Instead of" in s.description
    assert plan.sessions()[0].kind != "walk"  # the plan is unchanged


def test_strength_days_are_dropped(half: Plan) -> None:
    assert any(s.kind == "strength" for s in half.sessions())
    walks = walking_only(half, start=TODAY + timedelta(days=1), days=28)
    assert walks.sessions()
    assert all(s.kind == "walk" for s in walks.sessions())


def test_long_runs_are_capped_and_a_race_becomes_a_walk() -> None:
    day = TODAY + timedelta(days=3)
    long_run = Session(day, 0, "run", "long", 95.0, 8, title="Long run")
    race = Session(day + timedelta(days=4), 0, "race", "race", 60.0, 8, title="Race")
    plan = Plan(
        None, TODAY, (Week(0, day, day + timedelta(days=6), "race", 8, (long_run, race)),), 0.0
    )
    walks = walking_only(plan, start=TODAY + timedelta(days=1), days=14)
    assert walks.sessions()[0].main_min == WALK_MAX_MIN
    last = walks.sessions()[-1]
    assert last.day == race.day
    assert last.kind == "walk"
    assert last.main_min <= WALK_MAX_MIN


def test_only_the_window_is_walked() -> None:
    plan = _plan()
    start = TODAY + timedelta(days=8)
    walks = walking_only(plan, start=start, days=7)
    assert all(start <= s.day < start + timedelta(days=7) for s in walks.sessions())


def test_no_plan_or_nothing_planned_gives_a_daily_walk() -> None:
    start = TODAY + timedelta(days=1)
    walks = walking_only(None, start=start, days=10)
    assert [s.day for s in walks.sessions()] == [start + timedelta(days=i) for i in range(10)]
    assert {s.main_min for s in walks.sessions()} == {WALK_MIN_MIN}
    after_the_race = walking_only(_plan(), start=TODAY + timedelta(days=200), days=3)
    assert len(after_the_race.sessions()) == 3
    assert after_the_race.walking_only


@pytest.mark.parametrize("days", [0, -1, 57])
def test_a_bad_window_names_the_field(days: int) -> None:
    with pytest.raises(InputError) as raised:
        daily_walks(TODAY, days=days)
    assert raised.value.source == "days"


def test_the_exports_carry_walks_only(half: Plan) -> None:
    from datetime import UTC, datetime

    walks = walking_only(half, start=TODAY + timedelta(days=1), days=14)
    now = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    ics = plan_to_ics(walks, plan_id="plan1", now=now, tz="Europe/Berlin").decode()
    assert "-walk@backstride" in ics
    assert "-run@backstride" not in ics
    assert "-strength@backstride" not in ics
    files = plan_to_fit(walks, time_created=now)
    assert files
    assert all(name.endswith("-walk.fit") for name in files)
