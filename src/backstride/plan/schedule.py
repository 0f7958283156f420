"""Week-by-week generation of the nominal plan (every step assumed to pass the pain rule).

Rules, in the order they are applied each week (sources in :mod:`backstride.plan.rules`):
phase (return / build / deload every 4th / taper / race); the run/walk level moves up once
per build week after at least two sessions at it; the long run grows at most 10 % over the
last build week, never beyond the race's target, 40 min while still run/walk; easy runs are
60 % of it (20-60 min); each session is capped at 10 % over the longest of the previous 30
days (20-min floor); the week is trimmed to 10 % over the highest of the previous four weeks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final

from backstride.plan import rules
from backstride.plan.model import (
    CONTINUOUS,
    LEVELS,
    Level,
    PastRun,
    Race,
    RunnerState,
    Session,
    Week,
    start_level,
    target_long_min,
)

__all__ = ["generate"]

_TAPER: Final = {1: (), 2: (0.7,), 3: (0.75, 0.6)}
_DELOAD: Final = 0.7
_EASY_SHARE: Final = 0.6
_EASY_MAX_MIN: Final = 60.0
_RACE_WEEK_SHARE: Final = 0.4
_RUN_OFFSETS: Final = ((1, "easy"), (3, "easy"), (6, "long"))
_STRENGTH_OFFSETS: Final = (2, 4)


class _Ledger:
    """Minutes on feet by day (history and planned), for the 30-day load-spike rule."""

    def __init__(self, recent: Sequence[PastRun]) -> None:
        self.days: list[tuple[date, float]] = [(r.day, r.duration_min) for r in recent]

    def cap(self, day: date) -> float:
        first = day - timedelta(days=rules.SPIKE_WINDOW_DAYS)
        longest = max((m for d, m in self.days if first <= d < day), default=0.0)
        return max(rules.SESSION_FLOOR_MIN, rules.SPIKE_RATIO * longest)

    def add(self, day: date, minutes: float) -> None:
        self.days.append((day, minutes))


def _history_weeks(recent: Sequence[PastRun], start: date) -> list[float]:
    """Minutes in each of the four 7-day windows before ``start``, oldest first."""
    sums = []
    for k in range(4, 0, -1):
        lo, hi = start - timedelta(days=7 * k), start - timedelta(days=7 * (k - 1))
        sums.append(sum(r.duration_min for r in recent if lo <= r.day < hi))
    return sums


def _fit_week(mains: list[float], roles: list[str], cap_min: float) -> list[float]:
    """Trim the easy sessions evenly, then the long one, towards the floor until the week fits."""
    out = list(mains)
    for group in (
        [i for i, r in enumerate(roles) if r == "easy"],
        [i for i, r in enumerate(roles) if r != "easy"],
    ):
        while (excess := sum(out) - cap_min) > 1e-9:
            room = [i for i in group if out[i] > rules.SESSION_FLOOR_MIN + 1e-9]
            if not room:
                break
            share = excess / len(room)
            for i in room:
                out[i] -= min(share, out[i] - rules.SESSION_FLOOR_MIN)
    return out


def _run_session(day: date, week: int, role: str, minutes: float, level: Level) -> Session:
    warm, cool = rules.WARM_UP_MIN, rules.COOL_DOWN_MIN
    if level.continuous:
        main = float(math.floor(minutes))
        what = f"{main:.0f} min continuous easy running (you can talk in sentences)"
        kind, repeats, run_s, tail_s = "run", 1, int(main * 60), 0
    else:
        cycle = level.run_s + level.walk_s
        total_s = max(math.floor(minutes) * 60, cycle)
        repeats, tail_s = divmod(total_s, cycle)
        main = total_s / 60
        what = f"{repeats} x ({level.describe()})"
        if tail_s:
            what += f", then walk {tail_s // 60:.0f}:{tail_s % 60:02.0f}"
        what += f" = {main:g} min"
        kind, run_s = "run_walk", level.run_s
    title = f"{'Long' if role == 'long' else 'Easy'} {'run' if level.continuous else 'run/walk'}"
    description = (
        f"{title}: {warm:.0f} min warm-up (brisk walk, then the drills), {what}, "
        f"{cool:.0f} min walk to cool down. Flat ground, easy effort.\n{rules.PAIN_RULE}"
    )
    return Session(
        day,
        week,
        kind,
        role,
        main,
        level.index,
        run_s,
        level.walk_s,
        repeats,
        warm,
        cool,
        title,
        description,
        tail_s if not level.continuous else 0,
    )


def _phase(k: int, n: int, taper_weeks: int, cycle_pos: int, level: int) -> str:
    left = n - 1 - k
    if left == 0:
        return "race"
    if left < taper_weeks:
        return "taper"
    if cycle_pos % 4 == 3:
        return "deload"
    return "build" if level == CONTINUOUS else "return"


def generate(
    race: Race, state: RunnerState, start: date, race_day: date, strength: bool
) -> list[Week]:
    n = (race_day - start).days // 7 + 1
    target = target_long_min(race, state.easy_pace_s_per_km)
    level = state.level if state.level is not None else start_level(state.pain_free_run_min)
    ledger = _Ledger(state.recent)
    volumes = _history_weeks(state.recent, start)
    base_long = min(ledger.cap(start) / rules.SPIKE_RATIO, target)
    build_volume = 0.0
    at_level, cycle_pos = 0, 0
    weeks: list[Week] = []
    last_recent = max((r.day for r in state.recent), default=start - timedelta(days=2))
    first_run = max(start, last_recent + timedelta(days=2))
    for k in range(n):
        end = race_day - timedelta(days=7 * (n - 1 - k))
        phase = _phase(k, n, race.taper_weeks, cycle_pos, level)
        step, entering = ("long run +10 %" if level == CONTINUOUS else "same level"), False
        progress = phase in ("build", "return") and k > 0 and level < CONTINUOUS
        if progress and at_level >= rules.MIN_SESSIONS_PER_STEP:
            level, at_level = level + 1, 0
            entering = level == CONTINUOUS
            step = f"move up to {LEVELS[level].describe()} (pain rule met)"
        if phase in ("build", "return"):
            long = min(target, base_long * rules.SPIKE_RATIO)
        elif phase == "deload":
            long = base_long * _DELOAD
            step = "lighter week"
        elif phase == "taper":
            taper = _TAPER[race.taper_weeks][race.taper_weeks - 1 - (n - 1 - k)]
            long = base_long * taper
            step = "taper"
        else:
            long = 0.0
            step = "race week"
        if level < CONTINUOUS:
            long = min(long, rules.RETURN_PHASE_MAX_MIN)
        if entering:
            long = min(long, rules.FIRST_CONTINUOUS_MAX_MIN)
        if k == 0 and state.first_week_cap_min is not None:
            long = min(long, state.first_week_cap_min)
        long = max(long, rules.SESSION_FLOOR_MIN)
        easy = min(long, max(rules.SESSION_FLOOR_MIN, _EASY_SHARE * long), _EASY_MAX_MIN)
        slots = [(end - timedelta(days=6 - o), role) for o, role in _RUN_OFFSETS]
        slots = [
            (d, r) for d, r in slots if d >= first_run and not (phase == "race" and r == "long")
        ]
        if phase == "race":
            easy = min(rules.SESSION_FLOOR_MIN, _RACE_WEEK_SHARE * base_long)
        wanted = [min(long if r == "long" else easy, ledger.cap(d)) for d, r in slots]
        week_cap = rules.WEEKLY_GROWTH_RATIO * max(*volumes[-4:], 3 * rules.SESSION_FLOOR_MIN)
        if phase == "taper" and build_volume:
            week_cap = min(week_cap, taper * build_volume)
        fitted = _fit_week(wanted, [r for _d, r in slots], week_cap)
        sessions: list[Session] = []
        planned_long = 0.0
        for (day, role), minutes in zip(slots, fitted, strict=True):
            allowed_min = min(minutes, ledger.cap(day))
            if role == "long":
                planned_long = allowed_min
            session = _run_session(day, k, role, allowed_min, LEVELS[level])
            ledger.add(day, session.main_min)
            sessions.append(session)
        at_level += len(sessions)
        if strength and phase != "race":
            sessions += [
                _strength(end - timedelta(days=6 - o), k)
                for o in _STRENGTH_OFFSETS
                if end - timedelta(days=6 - o) >= start
            ]
        if phase == "race":
            sessions.append(_race_session(race, race_day, k, state.easy_pace_s_per_km))
        week = Week(
            k,
            max(end - timedelta(days=6), start),
            end,
            phase,
            level,
            tuple(sorted(sessions, key=lambda s: s.day)),
            step,
            planned_long,
        )
        volumes.append(week.volume_min)
        if phase in ("build", "return") and not entering:
            base_long = planned_long or base_long
            build_volume = week.volume_min
        if phase in ("build", "return", "deload"):
            cycle_pos += 1
        weeks.append(week)
    return weeks


def _strength(day: date, week: int) -> Session:
    text = (
        f"Strength, plan week {week + 1}: McGill curl-up, side bridge, bird dog, glute bridge and "
        "two hip exercises, dosed in your strength routine. Stop any exercise that brings on "
        "sharp pain or leg symptoms."
    )
    return Session(day, week, "strength", "strength", 25.0, 0, title="Strength", description=text)


def _race_session(race: Race, day: date, week: int, pace_s_per_km: float) -> Session:
    minutes = race.distance_km * pace_s_per_km / 60
    text = (
        f"{race.name}. Warm up as usual; run/walk is a fine race strategy (similar marathon times, "
        f"less muscle pain: Hottenrott 2016). Stop if pain goes above 5/10.\n{rules.PAIN_RULE}"
    )
    return Session(
        day,
        week,
        "race",
        "race",
        round(minutes, 1),
        CONTINUOUS,
        warmup_min=rules.WARM_UP_MIN,
        title=race.name,
        description=text,
    )
