"""Figures derived from activities: run metrics, later load and survival statistics."""

from backstride.analysis.metrics import (
    RunMetrics,
    RunThresholds,
    Segment,
    WalkBreak,
    analyse_run,
    dedupe_key,
    moving_time_s,
    same_activity,
)

__all__ = [
    "RunMetrics",
    "RunThresholds",
    "Segment",
    "WalkBreak",
    "analyse_run",
    "dedupe_key",
    "moving_time_s",
    "same_activity",
]
