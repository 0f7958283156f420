"""Morning pain from the daily check-ins: the trend the safety rules watch.

**Rising morning pain** (our screening rule, not a validated instrument): the mean morning
pain (0-10) of the check-ins in the last 7 days is at least :data:`RISE_POINTS` higher than
the mean of the 7 days before, with at least :data:`MIN_CHECKINS` check-ins in each week.
The pain-monitoring model (Silbernagel et al., AJSM 2007;35:897) asks that morning symptoms
do not rise from week to week; DESIGN.md §4 turns a rise into a prompt to see a clinician.
One point is about the smallest change a 0-10 rating resolves (the minimal important change
for low-back pain is often put at 2 points or 30 %, Ostelo et al., Spine 2008;33:90), so the
rule is deliberately sensitive: it prompts a check, it does not diagnose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from backstride.pain import DailyCheckin

RISE_POINTS: Final = 1.0
MIN_CHECKINS: Final = 3


@dataclass(frozen=True, slots=True)
class MorningTrend:
    """Mean morning pain over the last 7 days (ending ``today``) and the 7 days before."""

    today: date
    last7_mean: float | None
    prev7_mean: float | None
    last7_n: int
    prev7_n: int
    rising: bool


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def morning_trend(checkins: Sequence[DailyCheckin], *, today: date) -> MorningTrend:
    """Compare the last 7 days' morning pain with the 7 days before (see module docstring)."""
    last = [c.morning_pain for c in checkins if today - timedelta(days=7) < c.day <= today]
    prev = [
        c.morning_pain
        for c in checkins
        if today - timedelta(days=14) < c.day <= today - timedelta(days=7)
    ]
    last_mean, prev_mean = _mean(last), _mean(prev)
    rising = (
        len(last) >= MIN_CHECKINS
        and len(prev) >= MIN_CHECKINS
        and last_mean is not None
        and prev_mean is not None
        and last_mean - prev_mean >= RISE_POINTS
    )
    return MorningTrend(today, last_mean, prev_mean, len(last), len(prev), rising)
