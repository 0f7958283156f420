"""Turn decoded samples of any format into an :class:`~backstride.model.Activity`.

Every decoder (FIT, GPX, TCX) produces :class:`RawSamples` plus whatever summary the
file itself carries; this module cleans the samples the same way for all formats and
fills the summary, preferring the device's own figures where the file has them.

Cleaning, each step reported as a warning when it changes anything:

- samples without a timestamp are dropped;
- samples whose timestamp goes backwards (before the latest one seen) are dropped;
- heart rate 0 is "no reading" (chest strap not yet in contact); a channel that holds no
  valid value at all is removed;
- cadence is doubled from strides to steps per minute for on-foot sports, unless the
  values already look like steps (median above ``steps_cadence_min_spm``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import numpy as np

from backstride.analysis.metrics import RunThresholds, ascent_m, moving_time_s, path_distance_m
from backstride.model import FOOT_SPORTS, Activity, FloatArray, Lap, Leg, ParseResult, Streams

STEPS_CADENCE_MIN_SPM = 120.0
"""On-foot cadence whose median is above this is already in steps/min, not strides/min."""
MAX_PLAUSIBLE_STEPS_SPM = 240.0
"""A median step cadence above this is a file that doubled it already (seen on treadmills)."""


@dataclass
class RawSamples:
    """Per-sample values as decoded, before cleaning; times in Unix seconds (UTC)."""

    timestamp_s: FloatArray
    distance_m: FloatArray | None = None
    speed_mps: FloatArray | None = None
    heart_rate_bpm: FloatArray | None = None
    cadence: FloatArray | None = None
    """Strides (or revolutions) per minute as recorded, fractional part included."""
    altitude_m: FloatArray | None = None
    lat_deg: FloatArray | None = None
    lon_deg: FloatArray | None = None
    power_w: FloatArray | None = None


@dataclass
class FileSummary:
    """What the file says about itself; None where it says nothing."""

    sport: str = "generic"
    sub_sport: str | None = None
    start_utc: datetime | None = None
    elapsed_s: float | None = None
    timer_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    avg_cadence: float | None = None
    """As recorded (strides/min for on-foot sports), converted like the stream."""
    avg_speed_mps: float | None = None
    device: str | None = None
    local_utc_offset_s: int | None = None
    laps: tuple[Lap, ...] = ()
    legs: tuple[Leg, ...] = ()
    extra_warnings: list[str] = field(default_factory=list)


def _clean_channel(values: FloatArray | None, keep: np.ndarray) -> FloatArray | None:
    if values is None:
        return None
    kept = values[keep]
    return None if len(kept) and np.isnan(kept).all() else kept


def _finite(value: float | None) -> float | None:
    return None if value is None or value != value else float(value)


def build(
    samples: RawSamples,
    summary: FileSummary,
    *,
    source_sha256: str,
    source_format: str,
    warnings: list[str],
    records: int,
    recovered: bool = False,
    thresholds: RunThresholds | None = None,
) -> ParseResult:
    """Clean ``samples`` and combine them with ``summary`` into a ParseResult."""
    ts = samples.timestamp_s
    keep = ~np.isnan(ts)
    if (~keep).any():
        warnings.append(f"{int((~keep).sum())} samples without a timestamp were dropped")
    running_max = np.fmax.accumulate(np.where(keep, ts, -np.inf)) if len(ts) else ts
    backwards = keep & (ts < np.concatenate(([-np.inf], running_max[:-1])))
    if backwards.any():
        warnings.append(
            f"{int(backwards.sum())} samples whose timestamp jumps backwards were dropped"
        )
        keep &= ~backwards
    heart_rate = samples.heart_rate_bpm
    if heart_rate is not None:
        heart_rate = np.where(heart_rate > 0, heart_rate, np.nan)
        if len(heart_rate) and np.isnan(heart_rate[keep]).all():
            if bool(np.any(samples.heart_rate_bpm == 0)):
                warnings.append("heart rate is zero throughout (no sensor contact); ignored")
            heart_rate = None
    cadence = _clean_channel(samples.cadence, keep)
    cadence_spm = cadence_rpm = None
    per_foot = summary.sport in FOOT_SPORTS
    factor = 2.0
    if cadence is not None and per_foot:
        moving = cadence[cadence > 0]
        median = float(np.median(moving)) if len(moving) else 0.0
        if median > MAX_PLAUSIBLE_STEPS_SPM:
            factor = 0.5
            warnings.append(
                f"cadence median {median:.0f} is implausible for steps/min; halved "
                "(the file counted it twice)"
            )
        elif median > STEPS_CADENCE_MIN_SPM:
            factor = 1.0
        cadence_spm = cadence * factor
    elif cadence is not None:
        cadence_rpm = cadence
    times = ts[keep]
    start = summary.start_utc
    if start is None:
        if len(times) == 0:
            raise ValueError("no samples and no start time")
        start = datetime.fromtimestamp(float(times[0]), tz=UTC)
    start_unix = start.timestamp()
    streams = Streams(
        time_s=times - start_unix,
        distance_m=_clean_channel(samples.distance_m, keep),
        speed_mps=_clean_channel(samples.speed_mps, keep),
        heart_rate_bpm=_clean_channel(heart_rate, keep),
        cadence_spm=cadence_spm,
        cadence_rpm=cadence_rpm,
        altitude_m=_clean_channel(samples.altitude_m, keep),
        lat_deg=_clean_channel(samples.lat_deg, keep),
        lon_deg=_clean_channel(samples.lon_deg, keep),
        power_w=_clean_channel(samples.power_w, keep),
    )
    activity = Activity(
        sport=summary.sport,
        sub_sport=summary.sub_sport,
        start_utc=start,
        elapsed_s=_elapsed_s(summary, streams),
        source_sha256=source_sha256,
        source_format=source_format,
        streams=streams,
        local_utc_offset_s=summary.local_utc_offset_s,
        moving_s=moving_time_s(streams, thresholds),
        timer_s=_finite(summary.timer_s),
        distance_m=_finite(summary.distance_m) or _stream_distance_m(streams),
        ascent_m=_finite(summary.ascent_m) if summary.ascent_m is not None else _ascent(streams),
        avg_hr_bpm=_finite(summary.avg_hr_bpm) or _stat(streams.heart_rate_bpm, np.nanmean),
        max_hr_bpm=_finite(summary.max_hr_bpm) or _stat(streams.heart_rate_bpm, np.nanmax),
        avg_cadence_spm=_avg_cadence(summary, streams, factor if per_foot else None),
        avg_speed_mps=_finite(summary.avg_speed_mps),
        device=summary.device,
        laps=summary.laps,
        legs=summary.legs,
    )
    if activity.avg_speed_mps is None and activity.moving_s and activity.distance_m:
        activity = replace(activity, avg_speed_mps=activity.distance_m / activity.moving_s)
    return ParseResult(
        activity=activity,
        warnings=tuple(warnings + summary.extra_warnings),
        records=records,
        recovered=recovered,
    )


def _elapsed_s(summary: FileSummary, streams: Streams) -> float:
    if summary.elapsed_s is not None and summary.elapsed_s == summary.elapsed_s:
        return float(summary.elapsed_s)
    if len(streams) == 0:
        return 0.0
    return float(max(streams.time_s[-1], 0.0))


def _stat(values: FloatArray | None, how: object) -> float | None:
    if values is None or np.isnan(values).all():
        return None
    return float(how(values))  # type: ignore[operator]


def _stream_distance_m(streams: Streams) -> float | None:
    if streams.distance_m is not None and not np.isnan(streams.distance_m).all():
        return float(np.nanmax(streams.distance_m) - np.nanmin(streams.distance_m))
    if streams.lat_deg is not None and streams.lon_deg is not None:
        path = path_distance_m(streams.lat_deg, streams.lon_deg)
        return None if np.isnan(path).all() else float(np.nanmax(path))
    return None


def _ascent(streams: Streams) -> float | None:
    return None if streams.altitude_m is None else ascent_m(streams.altitude_m)


def _avg_cadence(summary: FileSummary, streams: Streams, factor: float | None) -> float | None:
    if factor is None:
        return None
    if summary.avg_cadence is not None and summary.avg_cadence == summary.avg_cadence:
        return float(summary.avg_cadence) * factor
    if streams.cadence_spm is None:
        return None
    moving = streams.cadence_spm[streams.cadence_spm > 0]
    return float(moving.mean()) if len(moving) else None
