"""Builders for experiment tests: runs with a diary answer, built in code."""

from __future__ import annotations

from datetime import UTC, date, datetime

from backstride.pain import PainEvent, RunContext, RunRecord


def make_run(
    day: date,
    *,
    run_id: str | None = None,
    duration_min: float = 30.0,
    onset_min: float | None = None,
    peak: int = 0,
    next_morning: int | None = None,
    warmup_min: float | None = None,
    cadence_spm: float | None = None,
    shoes: str | None = None,
    lifting_48h: bool | None = None,
    location: str | None = None,
    diary: bool = True,
) -> RunRecord:
    """A run at 07:00 UTC on ``day``; pain-free unless ``onset_min`` is given."""
    rid = run_id or f"run-{day.isoformat()}"
    pain = None
    if diary:
        pain = PainEvent(
            run_id=rid,
            onset_s=None if onset_min is None else onset_min * 60.0,
            peak=peak if onset_min is not None else 0,
            next_morning=next_morning,
            location=location,
        )
    return RunRecord(
        run_id=rid,
        start_utc=datetime(day.year, day.month, day.day, 7, 0, tzinfo=UTC),
        context=RunContext(
            duration_s=duration_min * 60.0,
            warmup_s=None if warmup_min is None else warmup_min * 60.0,
            cadence_spm=cadence_spm,
            shoes=shoes,
            lifting_48h=lifting_48h,
        ),
        pain=pain,
    )
