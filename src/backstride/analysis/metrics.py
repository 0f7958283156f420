"""Derived figures per run: moving time, warm-up, continuous running, walk breaks, pacing.

These feed the pain analysis (does pain start after a short warm-up? during long unbroken
running?), so the definitions are spelled out here and every threshold is a field of
:class:`RunThresholds`, never a number buried in code.

Definitions (``t`` is ``Streams.time_s``):

- A sample is **running** when its speed is at least ``running_speed_mps``; when the file
  has no speed or distance (some treadmill files), when its cadence is at least
  ``running_cadence_spm``. Speed is smoothed over ``smoothing_s`` first, so GPS jitter
  does not split a run.
- The time between two samples belongs to the later sample. Gaps longer than
  ``max_gap_s`` are pauses (auto-pause, watch stopped) and count as neither moving nor
  running.
- **Moving time** is the time of samples with speed at least ``moving_speed_mps``.
- A **continuous-running segment** is a stretch of running samples; dips out of running
  shorter than ``min_walk_break_s`` are forgiven (a road crossing is not a walk break).
  Only stretches of at least ``sustain_s`` count as segments.
- **Warm-up length** is the time from the first sample to the start of the first
  continuous-running segment: how long before the runner first sustains running pace for
  ``sustain_s``. 0 when the runner starts running at once; None when they never do.
- A **walk break** is the time between two consecutive segments; ``stopped`` is True when
  the runner was mostly below ``moving_speed_mps`` (standing) during it.
- **Pace split**: pace (seconds per km, over moving time) in the first ``split_s`` of
  the activity versus the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from backstride.model import Activity, FloatArray, Streams

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG), for great-circle distances between GPS points."""


@dataclass(frozen=True, slots=True)
class RunThresholds:
    """Settings of the derived run metrics; the defaults suit recreational runners."""

    running_speed_mps: float = 1.9
    """About 8:46 min/km: faster than a brisk walk (~1.5-1.7 m/s), slower than easy running."""
    running_cadence_spm: float = 140.0
    """Used only without speed: walking is ~100-125 steps/min, running ~150-190."""
    moving_speed_mps: float = 0.5
    sustain_s: float = 60.0
    min_walk_break_s: float = 10.0
    max_gap_s: float = 30.0
    smoothing_s: float = 5.0
    split_s: float = 600.0


@dataclass(frozen=True, slots=True)
class Segment:
    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True)
class WalkBreak:
    start_s: float
    end_s: float
    stopped: bool

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True)
class RunMetrics:
    moving_s: float | None
    warmup_s: float | None
    segments: tuple[Segment, ...]
    walk_breaks: tuple[WalkBreak, ...]
    first_split_pace_s_per_km: float | None
    rest_pace_s_per_km: float | None

    @property
    def longest_segment_s(self) -> float:
        return max((s.duration_s for s in self.segments), default=0.0)


def path_distance_m(lat_deg: FloatArray, lon_deg: FloatArray) -> FloatArray:
    """Cumulative great-circle (haversine) distance along a track; NaN points are skipped."""
    n = len(lat_deg)
    out = np.full(n, np.nan)
    valid = np.flatnonzero(~(np.isnan(lat_deg) | np.isnan(lon_deg)))
    if len(valid) == 0:
        return out
    lat = np.radians(lat_deg[valid])
    lon = np.radians(lon_deg[valid])
    a = (
        np.sin(np.diff(lat) / 2) ** 2
        + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(np.diff(lon) / 2) ** 2
    )
    step = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    out[valid] = np.concatenate(([0.0], np.cumsum(step)))
    return out


def ascent_m(altitude_m: FloatArray, hysteresis_m: float = 3.0) -> float:
    """Total climb, ignoring wiggles smaller than ``hysteresis_m`` (barometer/GPS noise)."""
    alt = altitude_m[~np.isnan(altitude_m)]
    if len(alt) < 2:
        return 0.0
    total = 0.0
    low = high = float(alt[0])
    climbing = False
    for value in alt.tolist():
        if climbing:
            if value > high:
                high = value
            elif high - value >= hysteresis_m:
                total += high - low
                low = high = value
                climbing = False
        elif value < low:
            low = high = value
        elif value - low >= hysteresis_m:
            climbing = True
            high = value
    if climbing:
        total += high - low
    return total


def speed_mps(streams: Streams) -> FloatArray | None:
    """The speed channel, or speed derived from distance or positions; None without any."""
    if streams.speed_mps is not None and not np.isnan(streams.speed_mps).all():
        return streams.speed_mps
    distance = streams.distance_m
    has_position = streams.lat_deg is not None and streams.lon_deg is not None
    if (distance is None or np.isnan(distance).all()) and has_position:
        assert streams.lat_deg is not None
        assert streams.lon_deg is not None
        distance = path_distance_m(streams.lat_deg, streams.lon_deg)
    if distance is None or len(distance) < 2 or np.isnan(distance).all():
        return None
    dt = np.diff(streams.time_s)
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.where(dt > 0, np.diff(distance) / dt, np.nan)
    return np.concatenate(([np.nan], step))


def _durations(time_s: FloatArray, max_gap_s: float) -> FloatArray:
    """Seconds each sample stands for: time since the previous one; 0 for pauses."""
    dt = np.diff(time_s, prepend=time_s[:1])
    return np.where((dt > 0) & (dt <= max_gap_s), dt, 0.0)


def _smooth(values: FloatArray, time_s: FloatArray, window_s: float) -> FloatArray:
    """Mean of the samples in the trailing ``window_s`` (NaN-aware), by cumulative sums."""
    filled = np.nan_to_num(values, nan=0.0)
    counts = (~np.isnan(values)).astype(np.float64)
    csum = np.concatenate(([0.0], np.cumsum(filled)))
    ccount = np.concatenate(([0.0], np.cumsum(counts)))
    start = np.searchsorted(time_s, time_s - window_s, side="left")
    stop = np.arange(1, len(values) + 1)
    n = ccount[stop] - ccount[start]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, (csum[stop] - csum[start]) / n, np.nan)


def moving_time_s(streams: Streams, thresholds: RunThresholds | None = None) -> float | None:
    """Seconds spent at or above ``moving_speed_mps``; None when speed cannot be known."""
    th = thresholds or RunThresholds()
    speed = speed_mps(streams)
    if speed is None or len(streams) == 0:
        return None
    durations = _durations(streams.time_s, th.max_gap_s)
    return float(durations[np.nan_to_num(speed, nan=0.0) >= th.moving_speed_mps].sum())


def running_mask(streams: Streams, thresholds: RunThresholds | None = None) -> FloatArray:
    """1.0 where a sample is running, 0.0 where not (see the module docstring)."""
    th = thresholds or RunThresholds()
    speed = speed_mps(streams)
    if speed is not None:
        smooth = _smooth(speed, streams.time_s, th.smoothing_s)
        return (np.nan_to_num(smooth, nan=0.0) >= th.running_speed_mps).astype(np.float64)
    if streams.cadence_spm is not None:
        smooth = _smooth(streams.cadence_spm, streams.time_s, th.smoothing_s)
        return (np.nan_to_num(smooth, nan=0.0) >= th.running_cadence_spm).astype(np.float64)
    return np.zeros(len(streams))


def running_segments(
    streams: Streams, thresholds: RunThresholds | None = None
) -> tuple[Segment, ...]:
    """Continuous-running segments of at least ``sustain_s``, short dips forgiven."""
    th = thresholds or RunThresholds()
    if len(streams) < 2:
        return ()
    t = streams.time_s
    running = (running_mask(streams, th) > 0) & (_durations(t, th.max_gap_s) > 0)
    edges = np.diff(running.astype(np.int8), prepend=0, append=0)
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1) - 1
    merged: list[list[float]] = []
    for i, j in zip(starts.tolist(), stops.tolist(), strict=True):
        start_s = float(t[i - 1]) if i > 0 else float(t[i])
        end_s = float(t[j])
        if merged and start_s - merged[-1][1] < th.min_walk_break_s:
            merged[-1][1] = end_s
        else:
            merged.append([start_s, end_s])
    return tuple(Segment(a, b) for a, b in merged if b - a >= th.sustain_s)


def walk_breaks(
    streams: Streams,
    segments: tuple[Segment, ...],
    thresholds: RunThresholds | None = None,
) -> tuple[WalkBreak, ...]:
    """The gaps between consecutive segments, marked ``stopped`` when mostly standing."""
    th = thresholds or RunThresholds()
    speed = speed_mps(streams)
    durations = _durations(streams.time_s, th.max_gap_s)
    out = []
    for before, after in pairwise(segments):
        inside = (streams.time_s > before.end_s) & (streams.time_s <= after.start_s)
        stopped = True
        if speed is not None and durations[inside].sum() > 0:
            moving = np.nan_to_num(speed[inside], nan=0.0) >= th.moving_speed_mps
            stopped = durations[inside][moving].sum() < 0.5 * durations[inside].sum()
        out.append(WalkBreak(before.end_s, after.start_s, bool(stopped)))
    return tuple(out)


def _pace_s_per_km(
    distance_m: FloatArray, durations: FloatArray, moving: FloatArray, mask: FloatArray
) -> float | None:
    select = mask.astype(bool)
    if select.sum() < 2:
        return None
    moved_s = float(durations[select & (moving > 0)].sum())
    covered = distance_m[select]
    covered = covered[~np.isnan(covered)]
    if len(covered) < 2 or covered[-1] - covered[0] <= 0 or moved_s <= 0:
        return None
    return moved_s / (float(covered[-1] - covered[0]) / 1000.0)


def pace_split(
    streams: Streams, thresholds: RunThresholds | None = None
) -> tuple[float | None, float | None]:
    """Moving pace (s/km) in the first ``split_s`` seconds and in the rest of the activity."""
    th = thresholds or RunThresholds()
    if len(streams) < 2:
        return None, None
    distance = streams.distance_m
    has_position = streams.lat_deg is not None and streams.lon_deg is not None
    if (distance is None or np.isnan(distance).all()) and has_position:
        assert streams.lat_deg is not None
        assert streams.lon_deg is not None
        distance = path_distance_m(streams.lat_deg, streams.lon_deg)
    speed = speed_mps(streams)
    if distance is None or speed is None:
        return None, None
    durations = _durations(streams.time_s, th.max_gap_s)
    moving = (np.nan_to_num(speed, nan=0.0) >= th.moving_speed_mps).astype(np.float64)
    elapsed = streams.time_s - streams.time_s[0]
    first = (elapsed <= th.split_s).astype(np.float64)
    rest = (elapsed >= th.split_s).astype(np.float64)
    return (
        _pace_s_per_km(distance, durations, moving, first),
        _pace_s_per_km(distance, durations, moving, rest) if elapsed[-1] > th.split_s else None,
    )


def analyse_run(streams: Streams, thresholds: RunThresholds | None = None) -> RunMetrics:
    """All derived figures of one run (see the module docstring for definitions)."""
    th = thresholds or RunThresholds()
    segments = running_segments(streams, th)
    first_pace, rest_pace = pace_split(streams, th)
    warmup = None
    if segments:
        warmup = max(0.0, segments[0].start_s - float(streams.time_s[0]))
    return RunMetrics(
        moving_s=moving_time_s(streams, th),
        warmup_s=warmup,
        segments=segments,
        walk_breaks=walk_breaks(streams, segments, th),
        first_split_pace_s_per_km=first_pace,
        rest_pace_s_per_km=rest_pace,
    )


def dedupe_key(activity: Activity) -> str:
    """Identity of the *file*: importing the same content twice is a no-op."""
    return activity.source_sha256


def same_activity(
    a: Activity,
    b: Activity,
    *,
    max_start_diff_s: float = 60.0,
    max_duration_diff: float = 0.02,
) -> bool:
    """True when two activities are one outing recorded twice (e.g. its FIT and its GPX).

    Starts within ``max_start_diff_s`` and elapsed times within ``max_duration_diff``
    (a fraction of the longer one).
    """
    if dedupe_key(a) == dedupe_key(b):
        return True
    if abs((a.start_utc - b.start_utc).total_seconds()) > max_start_diff_s:
        return False
    longer = max(a.elapsed_s, b.elapsed_s)
    return longer == 0 or abs(a.elapsed_s - b.elapsed_s) <= max_duration_diff * longer
