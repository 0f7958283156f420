"""Derived run metrics on synthetic streams (exact) and on a real run (plausible)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from backstride.analysis import RunThresholds, analyse_run, dedupe_key, moving_time_s, same_activity
from backstride.analysis.metrics import ascent_m, path_distance_m, running_segments
from backstride.ingest.fit import parse_fit
from backstride.model import Activity, Streams

DATA = Path(__file__).resolve().parents[2] / "data" / "activities"


def _streams(speeds: list[tuple[float, int]]) -> Streams:
    """One sample per second: ``[(speed_mps, seconds), ...]``; distance integrates speed."""
    speed = np.concatenate([np.full(n, v) for v, n in speeds])
    time_s = np.arange(len(speed), dtype=np.float64)
    return Streams(time_s=time_s, speed_mps=speed, distance_m=np.cumsum(speed) - speed[0])


def test_warm_up_is_the_time_before_running_is_first_sustained() -> None:
    streams = _streams([(1.2, 180), (3.0, 30), (1.2, 60), (3.0, 900)])
    metrics = analyse_run(streams)
    # the 30 s burst is too short to count; running is sustained from t = 270
    assert metrics.warmup_s == pytest.approx(270, abs=3)
    assert len(metrics.segments) == 1
    assert metrics.longest_segment_s == pytest.approx(900, abs=5)


def test_running_from_the_start_has_no_warm_up_and_short_dips_are_forgiven() -> None:
    streams = _streams([(3.0, 300), (1.0, 5), (3.0, 300)])
    metrics = analyse_run(streams)
    assert metrics.warmup_s == pytest.approx(0, abs=3)
    assert len(metrics.segments) == 1
    assert metrics.walk_breaks == ()


def test_walk_breaks_and_stops_between_segments() -> None:
    streams = _streams([(3.0, 240), (1.3, 60), (3.0, 240), (0.0, 40), (3.0, 240)])
    metrics = analyse_run(streams)
    assert len(metrics.segments) == 3
    assert [round(b.duration_s / 10) * 10 for b in metrics.walk_breaks] == [60, 40]
    assert [b.stopped for b in metrics.walk_breaks] == [False, True]
    assert metrics.moving_s == pytest.approx(240 * 3 + 60, abs=2)


def test_never_sustaining_running_gives_no_warm_up() -> None:
    metrics = analyse_run(_streams([(1.4, 1200)]))
    assert metrics.warmup_s is None
    assert metrics.segments == ()
    assert metrics.longest_segment_s == 0


def test_thresholds_are_parameters() -> None:
    streams = _streams([(1.6, 600)])
    assert analyse_run(streams).warmup_s is None
    assert analyse_run(streams, RunThresholds(running_speed_mps=1.5)).warmup_s == 0


def test_pace_first_ten_minutes_versus_the_rest() -> None:
    metrics = analyse_run(_streams([(2.5, 600), (3.333, 1200)]))
    assert metrics.first_split_pace_s_per_km == pytest.approx(400, rel=0.01)
    assert metrics.rest_pace_s_per_km == pytest.approx(300, rel=0.01)


def test_cadence_decides_running_when_there_is_no_speed() -> None:
    n = 400
    cadence = np.concatenate([np.full(100, 110.0), np.full(300, 170.0)])
    streams = Streams(time_s=np.arange(n, dtype=np.float64), cadence_spm=cadence)
    segments = running_segments(streams)
    assert len(segments) == 1
    assert segments[0].start_s == pytest.approx(100, abs=5)
    assert moving_time_s(streams) is None


def test_pauses_in_recording_are_not_moving_time() -> None:
    time_s = np.array([0, 1, 2, 3, 600, 601, 602], dtype=np.float64)
    streams = Streams(time_s=time_s, speed_mps=np.full(7, 3.0))
    assert moving_time_s(streams) == 5


def test_geometry_helpers() -> None:
    distance = path_distance_m(np.array([0.0, 1.0, np.nan, 2.0]), np.array([0.0, 0.0, 0.0, 0.0]))
    assert distance[1] == pytest.approx(111_195, rel=1e-3)
    assert np.isnan(distance[2])
    assert distance[3] == pytest.approx(2 * 111_195, rel=1e-3)
    assert ascent_m(np.array([100, 101, 100, 101, 110, 108, 120, 90.0])) == pytest.approx(20)


def test_real_run_gives_plausible_figures() -> None:
    data = (DATA / "python-fitparse/activity-small-fenix2-run.fit").read_bytes()
    activity = parse_fit(data, source="fenix2.fit").activity
    metrics = analyse_run(activity.streams)
    assert metrics.moving_s is not None
    assert 0.9 * activity.elapsed_s < metrics.moving_s <= activity.elapsed_s
    assert metrics.warmup_s is not None
    assert metrics.warmup_s < 600
    assert metrics.longest_segment_s > 600
    assert metrics.first_split_pace_s_per_km is not None
    assert 180 < metrics.first_split_pace_s_per_km < 600


def _activity(start: datetime, elapsed_s: float, sha: str) -> Activity:
    return Activity(
        sport="running",
        sub_sport=None,
        start_utc=start,
        elapsed_s=elapsed_s,
        source_sha256=sha,
        source_format="fit",
        streams=Streams(time_s=np.zeros(0)),
    )


def test_same_activity_from_two_files() -> None:
    start = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
    fit = _activity(start, 3600, "a")
    assert same_activity(fit, _activity(start + timedelta(seconds=45), 3560, "b"))
    assert not same_activity(fit, _activity(start + timedelta(seconds=90), 3600, "b"))
    assert not same_activity(fit, _activity(start, 3400, "b"))
    assert same_activity(fit, replace(fit, start_utc=start + timedelta(days=1)))  # same file
    assert dedupe_key(fit) == "a"
