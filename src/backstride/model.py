"""Core dataclasses for activities: what every decoder produces and every analysis reads.

Units are in the names (``_s`` seconds, ``_m`` metres, ``_mps`` metres per second, ``_bpm``,
``_spm`` steps per minute, ``_w`` watts, ``_deg`` degrees). Times are timezone-aware UTC
``datetime`` objects; a local time zone is only known as a UTC offset, and only where the
file records one (FIT's ``activity.local_timestamp``).

Cadence is always **steps per minute** here. FIT, TCX and Garmin's GPX extension record
running cadence per foot (strides per minute, often with a fractional part); the decoders
double it for on-foot sports. Cycling cadence stays in revolutions per minute
(``cadence_rpm``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Final

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

FOOT_SPORTS: Final = frozenset({"running", "walking", "hiking", "mountaineering", "snowshoeing"})
"""Sports whose cadence is counted in steps (so strides are doubled)."""

STREAM_CHANNELS: Final = (
    "distance_m",
    "speed_mps",
    "heart_rate_bpm",
    "cadence_spm",
    "cadence_rpm",
    "altitude_m",
    "lat_deg",
    "lon_deg",
    "power_w",
)


@dataclass(frozen=True, slots=True, eq=False)
class Streams:
    """Per-sample channels, one row per recorded sample, in time order.

    ``time_s`` counts seconds from the activity start. Most watches record once a second;
    "smart recording" and GPX files are irregular, so always use ``time_s`` rather than
    the row index. A channel the file does not carry is ``None``; a gap inside a channel is
    NaN. All arrays have the same length as ``time_s``.
    """

    time_s: FloatArray
    distance_m: FloatArray | None = None
    speed_mps: FloatArray | None = None
    heart_rate_bpm: FloatArray | None = None
    cadence_spm: FloatArray | None = None
    cadence_rpm: FloatArray | None = None
    altitude_m: FloatArray | None = None
    lat_deg: FloatArray | None = None
    lon_deg: FloatArray | None = None
    power_w: FloatArray | None = None

    def __post_init__(self) -> None:
        n = len(self.time_s)
        for name in STREAM_CHANNELS:
            values = getattr(self, name)
            if values is not None and len(values) != n:
                raise ValueError(f"stream {name} has {len(values)} samples, time_s has {n}")

    def __len__(self) -> int:
        return len(self.time_s)

    def channels(self) -> dict[str, FloatArray]:
        """The channels present, by name, ``time_s`` first (for storage and charts)."""
        present = {"time_s": self.time_s}
        for name in STREAM_CHANNELS:
            values = getattr(self, name)
            if values is not None:
                present[name] = values
        return present

    @classmethod
    def from_channels(cls, channels: dict[str, FloatArray]) -> Streams:
        """Inverse of :meth:`channels`; unknown names are rejected."""
        unknown = set(channels) - {"time_s", *STREAM_CHANNELS}
        if unknown:
            raise ValueError(f"unknown stream channels: {sorted(unknown)}")
        return cls(**channels)


@dataclass(frozen=True, slots=True)
class Lap:
    """A lap as the device (or file) summarised it; values None when not recorded."""

    start_utc: datetime
    elapsed_s: float
    timer_s: float | None = None
    distance_m: float | None = None
    avg_speed_mps: float | None = None
    max_speed_mps: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    avg_cadence_spm: float | None = None
    ascent_m: float | None = None
    trigger: str | None = None


@dataclass(frozen=True, slots=True)
class Leg:
    """One sport within a multisport activity (one FIT ``session``)."""

    sport: str
    sub_sport: str | None
    start_utc: datetime
    elapsed_s: float
    distance_m: float | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Activity:
    """One activity: a summary, its laps and its streams.

    ``sport`` uses FIT's names (running, cycling, walking, ...; ``multisport`` when legs
    differ). ``sub_sport`` refines it (treadmill, trail, track, street, ...).
    ``elapsed_s`` is wall-clock duration; ``moving_s`` is computed from the streams by
    :func:`backstride.analysis.metrics.moving_time_s` so that FIT, GPX and TCX agree;
    ``timer_s`` is the device's own timer time where the file has it.
    ``source_sha256`` is the hash of the decompressed file content: the same file twice
    (zipped or not) has the same hash.
    """

    sport: str
    sub_sport: str | None
    start_utc: datetime
    elapsed_s: float
    source_sha256: str
    source_format: str
    streams: Streams
    local_utc_offset_s: int | None = None
    moving_s: float | None = None
    timer_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    avg_cadence_spm: float | None = None
    avg_speed_mps: float | None = None
    device: str | None = None
    laps: tuple[Lap, ...] = ()
    legs: tuple[Leg, ...] = ()

    @property
    def end_utc(self) -> datetime:
        return self.start_utc + timedelta(seconds=self.elapsed_s)

    @property
    def start_local(self) -> datetime | None:
        """Start in the device's local time (as a fixed-offset datetime), when known."""
        if self.local_utc_offset_s is None:
            return None
        return self.start_utc.astimezone(timezone(timedelta(seconds=self.local_utc_offset_s)))


@dataclass(frozen=True, slots=True)
class ParseResult:
    """A decoded activity plus what was wrong with the file, if anything.

    ``warnings`` are human sentences ("file truncated ...; recovered 1,234 records") that
    the importer shows next to an activity that was still imported.
    """

    activity: Activity
    warnings: tuple[str, ...] = ()
    records: int = 0
    """Samples decoded from the file (before cleaning), for the import summary."""
    recovered: bool = False
    """True when the file was damaged and only the part before the fault was used."""
