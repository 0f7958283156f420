"""A realistic running history in the reference case's pattern, for the demo.

Sam runs three times a week near home: most runs start almost at once and a tight lower
back ("pump") makes him walk a few minutes in, around minute 5–9; every third week he
jogs errands first, a 15–20 minute easy warm-up, and then runs on without a break; the
Sunday run grows longer week by week. The streams (pace, heart rate, cadence, GPS,
altitude) are simulated second by second from a fixed seed, so the same ``today`` always
gives the same files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from backstride.model import Activity, Streams

HOME_LAT_DEG, HOME_LON_DEG = 53.8008, -1.5491
LOOP_RADIUS_M = 650.0
EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True, slots=True)
class SimulatedRun:
    """A simulated run with what Sam would write in his diary about it.

    ``kind`` is "pump" (stopped to walk when the pump built), "steady" (pushed through
    it), or "long_warmup" (errands first; no pump). ``warmup_s`` is the easy warm-up as
    he would report it; ``pain_onset_s`` is None on a pain-free run.
    """

    activity: Activity
    kind: str
    warmup_s: float
    pain_onset_s: float | None
    peak_pain: int
    stopped: bool


@dataclass(frozen=True, slots=True)
class Phase:
    """A stretch of one kind: seconds long, at this speed (m/s) and cadence (steps/min)."""

    duration_s: float
    speed_mps: float
    cadence_spm: float


def _phases(kind: str, run_minutes: float, rng: np.random.Generator) -> list[Phase]:
    walk = Phase(rng.uniform(45, 90), 1.45, 112)
    easy = 1000 / rng.uniform(335, 355)  # about 5:35-5:55 per km
    if kind == "long_warmup":
        errands = [
            Phase(rng.uniform(180, 300), 2.4, 154),
            Phase(rng.uniform(120, 240), 1.3, 104),
            Phase(rng.uniform(300, 420), 2.5, 156),
            Phase(rng.uniform(60, 120), 1.2, 100),
            Phase(rng.uniform(180, 300), 2.6, 158),
        ]
        return [walk, *errands, Phase(run_minutes * 60, easy, rng.uniform(163, 169))]
    if kind == "pump":
        onset_s = rng.uniform(300, 540)
        rest = Phase(rng.uniform(90, 200), 1.35, 108)
        return [
            walk,
            Phase(onset_s, easy, rng.uniform(163, 169)),
            rest,
            Phase(max(run_minutes * 60 - onset_s, 300), easy * 0.97, rng.uniform(161, 167)),
        ]
    return [walk, Phase(run_minutes * 60, easy, rng.uniform(163, 169))]


def _streams(phases: list[Phase], rng: np.random.Generator) -> Streams:
    speed = np.concatenate([np.full(int(p.duration_s), p.speed_mps) for p in phases])
    cadence = np.concatenate([np.full(int(p.duration_s), p.cadence_spm) for p in phases])
    n = len(speed)
    kernel = np.ones(8) / 8
    speed = np.convolve(speed, kernel, mode="same") + rng.normal(0, 0.08, n)
    speed = np.clip(speed, 0.3, None)
    cadence = np.round(np.convolve(cadence, kernel, mode="same") + rng.normal(0, 1.5, n), 1)
    t = np.arange(n, dtype=np.float64)
    distance = np.concatenate([[0.0], np.cumsum(speed[1:])])
    effort = np.clip((speed - 1.2) / 2.0, 0, 1)
    target = 95 + 65 * effort + 0.004 * t  # cardiac drift
    hr = np.empty(n)
    hr[0] = 88.0
    for i in range(1, n):  # heart rate lags effort by about half a minute
        hr[i] = hr[i - 1] + (target[i] - hr[i - 1]) / 30.0
    angle = distance / LOOP_RADIUS_M
    north = LOOP_RADIUS_M * np.sin(angle)
    east = LOOP_RADIUS_M * (1 - np.cos(angle))
    lat = HOME_LAT_DEG + np.degrees(north / EARTH_RADIUS_M)
    lon = HOME_LON_DEG + np.degrees(east / (EARTH_RADIUS_M * math.cos(math.radians(HOME_LAT_DEG))))
    altitude = 62 + 7 * np.sin(angle) + rng.normal(0, 0.3, n)
    return Streams(
        time_s=t,
        distance_m=distance,
        speed_mps=speed,
        heart_rate_bpm=np.round(hr + rng.normal(0, 1.0, n)),
        cadence_spm=cadence,
        altitude_m=altitude,
        lat_deg=lat,
        lon_deg=lon,
    )


def _diary(
    kind: str, phases: list[Phase], rng: np.random.Generator
) -> tuple[float, float | None, int, bool]:
    """(warm-up as reported, pain onset or None, peak pain, stopped) for a run."""
    if kind == "long_warmup":
        return sum(p.duration_s for p in phases[:-1]), None, 0, False
    warmup = phases[0].duration_s
    if kind == "pump":
        onset = warmup + phases[1].duration_s - rng.uniform(20, 60)
        return warmup, onset, int(rng.integers(6, 9)), True
    return warmup, warmup + rng.uniform(270, 540), int(rng.integers(3, 6)), False


def _activity(start_local: datetime, phases: list[Phase], rng: np.random.Generator) -> Activity:
    streams = _streams(phases, rng)
    start_utc = start_local.astimezone(UTC)
    offset = start_local.utcoffset()
    elapsed = float(streams.time_s[-1])
    assert streams.distance_m is not None
    return Activity(
        sport="running",
        sub_sport="street",
        start_utc=start_utc,
        elapsed_s=elapsed,
        source_sha256="",
        source_format="fit",
        streams=streams,
        local_utc_offset_s=int(offset.total_seconds()) if offset is not None else None,
        distance_m=float(streams.distance_m[-1]),
    )


def reference_history(
    *, today: date, weeks: int = 12, seed: int = 23, tz: str = "Europe/London"
) -> list[SimulatedRun]:
    """Sam's last ``weeks`` weeks of runs (Tuesday, Thursday, Sunday), oldest first."""
    rng = np.random.default_rng(seed)
    zone = ZoneInfo(tz)
    last_monday = today - timedelta(days=today.weekday())
    runs: list[SimulatedRun] = []
    for week in range(weeks):
        monday = last_monday - timedelta(weeks=weeks - week)
        long_warmup_week = week % 3 == 2
        for day, clock, minutes in (
            (1, time(7, 10), rng.uniform(24, 32)),
            (3, time(18, 20), rng.uniform(26, 34)),
            (6, time(9, 0), 38 + 2.5 * week + rng.uniform(-3, 3)),
        ):
            when = datetime.combine(monday + timedelta(days=day), clock, tzinfo=zone)
            if when.date() >= today:
                continue
            if long_warmup_week and day == 3:
                kind = "long_warmup"
            else:
                kind = "pump" if rng.random() < 0.8 else "steady"
            phases = _phases(kind, minutes, rng)
            activity = _activity(when, phases, rng)
            runs.append(SimulatedRun(activity, kind, *_diary(kind, phases, rng)))
    return runs
