"""A simulated pain diary with a known answer, for tests, benchmarks and the demo.

Runs come every 1-2 days. Each run has a context (warm-up, sitting, lifting, pace,
cadence) drawn at random, and its pain onset is drawn from an **exponential** distribution
whose hazard (per minute) is ``base_hazard_per_min * exp(sum(log_hr[c] * x_c))`` — a Cox
model with a constant baseline hazard. The true hazard ratios are therefore known:
``exp(log_hr["warmup"])`` per 5 minutes of warm-up, ``exp(log_hr["sitting"])`` per hour
sat, ``exp(log_hr["lifting"])`` for lifting in the previous 48 h. An onset later than the
run's end is censored ("no pain this run"). The defaults mirror the reference runner: pain
about 5 minutes in without a warm-up, rarely after 15 minutes of warm-up.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Final

import numpy as np

from backstride.pain import DailyCheckin, PainEvent, RunContext, RunRecord

DEFAULT_LOG_HR: Final = {"warmup": math.log(0.5), "sitting": math.log(1.1), "lifting": 0.0}
"""True log hazard ratios: per 5 min of warm-up, per hour sat that day, lifting yes/no."""


def simulated_history(
    n_runs: int,
    *,
    start: datetime,
    seed: int = 23,
    base_hazard_per_min: float = 0.1,
    log_hr: Mapping[str, float] = DEFAULT_LOG_HR,
    warmup_share: float = 0.35,
    diary_share: float = 1.0,
) -> tuple[list[RunRecord], list[DailyCheckin]]:
    """``n_runs`` runs from ``start`` (aware) and one check-in per day, from a fixed seed.

    ``diary_share`` of the runs get a diary answer; the rest have ``pain=None``.
    """
    rng = np.random.default_rng(seed)
    gaps_h = rng.uniform(24, 48, n_runs)
    starts_h = np.cumsum(gaps_h) - gaps_h[0]
    duration_s = rng.uniform(20 * 60, 60 * 60, n_runs)
    long_warmup = rng.random(n_runs) < warmup_share
    warmup_s = np.where(long_warmup, rng.uniform(600, 1200, n_runs), rng.uniform(0, 180, n_runs))
    warmup_s = np.minimum(warmup_s, duration_s * 0.5)
    sitting_h = np.round(rng.uniform(2, 11, n_runs), 1)
    lifting = rng.random(n_runs) < 0.3
    pace = rng.normal(340, 15, n_runs)
    cadence = rng.normal(166, 4, n_runs)
    speed_mps = 1000 / pace
    distance_m = np.round(duration_s * speed_mps * rng.uniform(0.9, 1.0, n_runs))
    linear = (
        log_hr.get("warmup", 0.0) * warmup_s / 300
        + log_hr.get("sitting", 0.0) * sitting_h
        + log_hr.get("lifting", 0.0) * lifting
    )
    hazard = base_hazard_per_min * np.exp(linear)
    onset_s = rng.exponential(1 / hazard) * 60
    has_diary = rng.random(n_runs) < diary_share
    peaks = rng.integers(3, 8, n_runs)
    mornings = rng.integers(0, 3, n_runs)
    runs = []
    for i in range(n_runs):
        run_id = f"run-{i:05d}"
        pain = None
        if has_diary[i]:
            if onset_s[i] <= duration_s[i]:
                pain = PainEvent(
                    run_id=run_id,
                    onset_s=round(float(onset_s[i]), 1),
                    peak=int(peaks[i]),
                    character="pump",
                    location="low_back_both_sides",
                    stopped=bool(peaks[i] >= 6),
                    walked_off=True,
                    settle_min=10.0,
                    next_morning=int(mornings[i]),
                )
            else:
                pain = PainEvent.no_pain(run_id, next_morning=int(mornings[i]))
        runs.append(
            RunRecord(
                run_id=run_id,
                start_utc=start + timedelta(hours=float(starts_h[i])),
                context=RunContext(
                    duration_s=float(duration_s[i]),
                    distance_m=float(distance_m[i]),
                    warmup_s=float(warmup_s[i]),
                    first10_pace_s_per_km=float(pace[i]),
                    cadence_spm=float(cadence[i]),
                    sitting_h_day=float(sitting_h[i]),
                    lifting_48h=bool(lifting[i]),
                ),
                pain=pain,
            )
        )
    days = int(starts_h[-1] // 24) + 1 if n_runs else 0
    morning = rng.integers(0, 3, days)
    checkins = [
        DailyCheckin(
            day=(start + timedelta(days=d)).date(),
            morning_pain=int(morning[d]),
            stiffness=int(morning[d]),
            sitting_h=8.0,
            sleep_h=7.5,
        )
        for d in range(days)
    ]
    return runs, checkins
