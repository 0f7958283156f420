"""A graded run/walk plan from the runner's current state to a goal race day.

How the plan is built (rules and sources in :mod:`backstride.plan.rules`, docs/plan.md):

* weeks end on the race weekday; runs on days 2, 4 and 7 of each week (easy, easy, long -
  the long run on the race weekday), so there is **at least one rest day between runs**;
  strength on days 3 and 5 when exercises are allowed; nothing before ``today + 1`` and no
  run the day after the last recent run;
* **run/walk levels** (:data:`LEVELS`, from 1 min run / 2 min walk to continuous running)
  start below the runner's pain-free running time; a level moves on once per build week and
  only after **at least two sessions** at it; run/walk sessions stay <= 40 min and the first
  continuous week <= 30 min;
* minutes on feet (main set, warm-up and cool-down excluded) measure load: every session is
  at most 10 % longer than the longest of the previous 30 days (load-spike rule, with a
  20-min floor), each week at most 10 % above the highest of the previous four;
* every 4th week is lighter (x0.7), then the taper (1-3 weeks by race) and race day;
* the long run must reach the race's target (:data:`RACES`: race time on feet, 80 % for a
  half, 70 % and at most 3 h for a marathon - coaching practice, anecdotal) before the
  taper, else the goal is refused with the earliest realistic date and the races that fit;
* the nominal plan assumes each step passes the pain rule; :mod:`backstride.plan.adapt`
  re-plans from the diary each week;
* a red-flag state without walking raises :class:`SafetyBlockError`; walking only (URGENT)
  gives a two-week walking plan and no race build.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from backstride.assess.redflags import Allowed
from backstride.errors import InputError, SafetyBlockError
from backstride.plan import rules
from backstride.plan.model import (
    CONTINUOUS,
    LEVELS,
    RACES,
    Feasibility,
    Goal,
    Level,
    PastRun,
    Plan,
    Race,
    RunnerState,
    Session,
    Week,
    start_level,
    target_long_min,
)
from backstride.plan.schedule import generate

__all__ = [
    "CONTINUOUS",
    "LEVELS",
    "RACES",
    "Feasibility",
    "Goal",
    "Level",
    "PastRun",
    "Plan",
    "Race",
    "RunnerState",
    "Session",
    "Week",
    "assess_goal",
    "build_plan",
    "start_level",
    "target_long_min",
]

_SEARCH_WEEKS: Final = 156
_WALK_WEEKS: Final = 2


def _race(goal: Goal) -> Race:
    if goal.race not in RACES:
        raise InputError(f"unknown race {goal.race!r}; one of {', '.join(RACES)}", source="goal")
    return RACES[goal.race]


def _check(state: RunnerState, today: date) -> None:
    if not 150 <= state.easy_pace_s_per_km <= 1200:
        raise InputError("easy pace must be 2:30-20:00 min/km", source="easy_pace_s_per_km")
    if state.level is not None and not 0 <= state.level <= CONTINUOUS:
        raise InputError(f"level must be 0-{CONTINUOUS}", source="level")
    if any(run.day >= today + timedelta(days=1) for run in state.recent):
        raise InputError("recent runs cannot be in the future", source="recent")


def _peak_long(weeks: list[Week]) -> float:
    return max((w.planned_long_min for w in weeks if w.phase in ("build", "return")), default=0.0)


def _fits(race: Race, state: RunnerState, start: date, race_day: date) -> tuple[bool, float]:
    if (race_day - start).days < 7 * (race.taper_weeks + 1):
        return False, 0.0
    peak = _peak_long(generate(race, state, start, race_day, strength=False))
    return peak >= target_long_min(race, state.easy_pace_s_per_km) - 1.0, peak


def _earliest(race: Race, state: RunnerState, start: date, after: date) -> date | None:
    lo, hi = 0, 1
    while not _fits(race, state, start, after + timedelta(weeks=hi))[0]:
        lo, hi = hi, hi * 2
        if hi > _SEARCH_WEEKS:
            return None
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (
            (lo, mid) if _fits(race, state, start, after + timedelta(weeks=mid))[0] else (mid, hi)
        )
    return after + timedelta(weeks=hi)


def assess_goal(goal: Goal, state: RunnerState, *, today: date) -> Feasibility:
    """Whether ``goal`` is realistic from ``state``; if not, the earliest realistic race day
    for the same race and the races (:data:`RACES` ids) that fit the chosen date.

    Realistic means the long run reaches the race's target before the taper while every
    rule of :mod:`backstride.plan.schedule` holds. Raises :class:`InputError` for an
    unknown race, a race day not after ``today`` or impossible runner values.
    """
    race = _race(goal)
    _check(state, today)
    start = today + timedelta(days=1)
    if goal.race_day < start:
        raise InputError("the race day must be after today", source="race_day")
    target = target_long_min(race, state.easy_pace_s_per_km)
    ok, peak = _fits(race, state, start, goal.race_day)
    if ok:
        return Feasibility(True, f"{race.name} on {goal.race_day} is realistic.", target, peak)
    earliest = _earliest(race, state, start, goal.race_day)
    fitting = tuple(r.id for r in RACES.values() if _fits(r, state, start, goal.race_day)[0])
    message = (
        f"{race.name} on {goal.race_day.isoformat()} is not realistic from where you are: "
        f"keeping each step safe (at most 10 % more each week, a lighter 4th week, the pain "
        f"rule), the long run would reach {peak:.0f} of the {target:.0f} minutes it needs "
        "before the taper."
    )
    if earliest is not None:
        message += f" Earliest realistic date: {earliest.isoformat()}."
    if fitting:
        names = ", ".join(RACES[r].name for r in fitting)
        message += f" On {goal.race_day.isoformat()} you could aim for: {names}."
    return Feasibility(False, message, target, peak, earliest, fitting)


def _walking_plan(goal: Goal | None, today: date, allowed: Allowed) -> Plan:
    start = today + timedelta(days=1)
    weeks = []
    for k in range(_WALK_WEEKS):
        minutes = rules.SESSION_FLOOR_MIN + 5.0 * k
        days = [start + timedelta(days=7 * k + o) for o in (0, 2, 4)]
        text = (
            f"Brisk walk, {minutes:.0f} min on flat ground. Running and strength work are paused "
            f"until a clinician has seen you ({allowed.reason or 'red-flag answer'})."
        )
        sessions = tuple(
            Session(d, k, "walk", "easy", minutes, 0, title="Brisk walk", description=text)
            for d in days
        )
        weeks.append(
            Week(k, days[0], days[0] + timedelta(days=6), "walk", 0, sessions, "walking only")
        )
    note = "Walking only until you confirm a clinician has checked you; then make a new plan."
    return Plan(goal, today, tuple(weeks), 0.0, walking_only=True, notes=(note,))


def build_plan(goal: Goal, state: RunnerState, *, today: date, allowed: Allowed) -> Plan:
    """The nominal plan from ``today + 1`` to ``goal.race_day``.

    Raises :class:`SafetyBlockError` when the red-flag state allows no walking (EMERGENCY or
    no screen); returns a two-week walking plan when running is paused (URGENT); raises
    :class:`InputError` (``source="goal"``) with the earliest realistic date and the races
    that fit when the goal is not realistic (:func:`assess_goal`).
    """
    if not allowed.walking:
        raise SafetyBlockError(f"plans are blocked: {allowed.reason or 'see a clinician first'}")
    if not allowed.running:
        return _walking_plan(goal, today, allowed)
    feasibility = assess_goal(goal, state, today=today)
    if not feasibility.feasible:
        raise InputError(feasibility.message, source="goal")
    race = _race(goal)
    start = today + timedelta(days=1)
    weeks = generate(race, state, start, goal.race_day, strength=allowed.exercises)
    level = LEVELS[weeks[0].level]
    notes = (
        f"Starting at {level.describe()}; each level is done at least twice, with a rest day "
        "between runs, and only moves on when the pain rule is met.",
        "Minutes on feet stand in for distance: no session more than 10 % longer than the "
        "longest of the previous 30 days, no week more than 10 % above the previous four.",
    )
    return Plan(goal, today, tuple(weeks), feasibility.target_long_min, notes=notes)
