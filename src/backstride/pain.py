"""The pain diary: pain events linked to runs, the context of each run, daily check-ins.

Definitions used by the analysis (:mod:`backstride.analysis.survival`):

- **Onset** (``PainEvent.onset_s``) is the time from the start of the run's recording to
  the moment the runner first noticed the pain, in seconds. The runner can give it as
  minutes:seconds (:func:`parse_mm_ss`) or as a distance, mapped to time through the
  run's stream (:func:`onset_from_distance`).
- **No pain this run** is a first-class answer (``onset_s is None``): the run is a
  *censored* observation, pain-free for at least the whole run (``RunContext.duration_s``).
  A run without any diary entry (``RunRecord.pain is None``) is *missing*, not pain-free,
  and is left out of the pain analysis.
- Pain ratings are 0-10 numeric rating scale (NRS) integers: ``peak`` during the run and
  ``next_morning`` on waking the next day (asked then, so it may be ``None`` for a while).

Validation raises :class:`~backstride.errors.InputError` whose ``source`` names the field,
so a form can show the message beside it. Time is a parameter: checks against "the future"
take ``now=`` and never read the clock.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

import numpy as np

from backstride.analysis.metrics import RunThresholds, analyse_run, path_distance_m
from backstride.errors import InputError
from backstride.model import Activity, Streams

LOCATIONS: Final = (
    "low_back_central",
    "low_back_one_side",
    "low_back_both_sides",
    "buttock",
    "thigh",
    "below_knee",
    "other",
)
"""Where the pain was felt. ``thigh`` and ``below_knee`` are leg symptoms: new ones prompt
the runner to see a clinician and to repeat the red-flag screen (DESIGN.md §4)."""

LEG_LOCATIONS: Final = frozenset({"thigh", "below_knee"})

MAX_TEXT_CHARS: Final = 500


def _check_nrs(value: int | None, name: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise InputError(f"must be a whole number from 0 to 10, got {value!r}", source=name)


def _check_range(value: float | None, name: str, low: float, high: float, unit: str) -> None:
    if value is None:
        return
    if not math.isfinite(value) or not low <= value <= high:
        raise InputError(f"must be between {low:g} and {high:g} {unit}, got {value!r}", source=name)


def _check_text(value: str | None, name: str) -> None:
    if value is not None and len(value) > MAX_TEXT_CHARS:
        raise InputError(f"must be at most {MAX_TEXT_CHARS} characters", source=name)


@dataclass(frozen=True, slots=True)
class PainEvent:
    """One run's pain answer. ``onset_s is None`` means "no pain this run" (censored).

    ``peak`` is the worst pain during the run (0-10; must be 0 when there was no pain),
    ``character`` the runner's word for it ("pump", "ache", ...), ``location`` one of
    :data:`LOCATIONS`, ``stopped`` whether the pain made them stop running,
    ``walked_off`` whether it eased while walking, ``settle_min`` minutes until it settled
    after the run, ``next_morning`` pain on waking the next day (0-10, None until asked).
    """

    run_id: str
    onset_s: float | None
    peak: int = 0
    character: str | None = None
    location: str | None = None
    stopped: bool = False
    walked_off: bool = False
    settle_min: float | None = None
    next_morning: int | None = None

    def __post_init__(self) -> None:
        if not self.run_id:
            raise InputError("a pain event must name its run", source="run_id")
        _check_range(self.onset_s, "onset_s", 0.0, 86_400.0, "seconds")
        _check_nrs(self.peak, "peak")
        _check_nrs(self.next_morning, "next_morning")
        if self.onset_s is None and self.peak != 0:
            raise InputError(
                "peak pain must be 0 for a run without pain; give the onset time instead",
                source="peak",
            )
        if self.location is not None and self.location not in LOCATIONS:
            raise InputError(f"must be one of {', '.join(LOCATIONS)}", source="location")
        _check_text(self.character, "character")
        _check_range(self.settle_min, "settle_min", 0.0, 7 * 24 * 60.0, "minutes")

    @property
    def had_pain(self) -> bool:
        return self.onset_s is not None

    @classmethod
    def no_pain(cls, run_id: str, *, next_morning: int | None = None) -> PainEvent:
        """The answer "no pain this run"."""
        return cls(run_id=run_id, onset_s=None, peak=0, next_morning=next_morning)


@dataclass(frozen=True, slots=True)
class RunContext:
    """What might change when the pain starts, for one run; None where unknown.

    ``duration_s`` is the recorded (elapsed) time, the censoring time of a pain-free run;
    ``warmup_s`` the warm-up length (see :mod:`backstride.analysis.metrics`, confirmable by
    the runner); ``first10_pace_s_per_km`` pace over the first 10 minutes;
    ``cadence_spm`` mean running cadence; ``sitting_h_before`` hours sat since waking
    and before the run; ``sitting_h_day`` hours sat over the whole day of the run;
    ``lifting_48h`` heavy lifting in the previous 48 hours;
    ``weekly_distance_m`` distance run in the 7 days before (derived from the runs when None).
    """

    duration_s: float
    distance_m: float | None = None
    warmup_s: float | None = None
    first10_pace_s_per_km: float | None = None
    cadence_spm: float | None = None
    sitting_h_before: float | None = None
    sitting_h_day: float | None = None
    lifting_48h: bool | None = None
    weekly_distance_m: float | None = None
    shoes: str | None = None

    def __post_init__(self) -> None:
        _check_range(self.duration_s, "duration_s", 1.0, 86_400.0, "seconds")
        _check_range(self.distance_m, "distance_m", 0.0, 1_000_000.0, "metres")
        _check_range(self.warmup_s, "warmup_s", 0.0, self.duration_s, "seconds")
        _check_range(self.first10_pace_s_per_km, "first10_pace_s_per_km", 60.0, 3600.0, "s/km")
        _check_range(self.cadence_spm, "cadence_spm", 60.0, 260.0, "steps/min")
        _check_range(self.sitting_h_before, "sitting_h_before", 0.0, 24.0, "hours")
        _check_range(self.sitting_h_day, "sitting_h_day", 0.0, 24.0, "hours")
        _check_range(self.weekly_distance_m, "weekly_distance_m", 0.0, 2_000_000.0, "metres")
        _check_text(self.shoes, "shoes")

    @classmethod
    def from_activity(
        cls,
        activity: Activity,
        *,
        thresholds: RunThresholds | None = None,
        sitting_h_before: float | None = None,
        sitting_h_day: float | None = None,
        lifting_48h: bool | None = None,
        shoes: str | None = None,
    ) -> RunContext:
        """Derive duration, distance, warm-up, first-10-minute pace and cadence from a file."""
        th = thresholds or RunThresholds()
        metrics = analyse_run(activity.streams, th)
        cadence = activity.avg_cadence_spm
        if cadence is None and activity.streams.cadence_spm is not None:
            values = activity.streams.cadence_spm
            running = values[np.isfinite(values) & (values >= th.running_cadence_spm)]
            cadence = float(running.mean()) if len(running) else None
        return cls(
            duration_s=activity.elapsed_s,
            distance_m=activity.distance_m,
            warmup_s=metrics.warmup_s,
            first10_pace_s_per_km=metrics.first_split_pace_s_per_km,
            cadence_spm=cadence,
            sitting_h_before=sitting_h_before,
            sitting_h_day=sitting_h_day,
            lifting_48h=lifting_48h,
            shoes=shoes,
        )


@dataclass(frozen=True, slots=True)
class RunRecord:
    """A run (from a file or entered by hand) with its context and diary answer.

    ``start_utc`` is timezone-aware; ``utc_offset_s`` places it in the runner's local
    calendar (weeks start on local Mondays). ``pain`` is None when no diary entry exists.
    """

    run_id: str
    start_utc: datetime
    context: RunContext
    pain: PainEvent | None = None
    utc_offset_s: int = 0

    def __post_init__(self) -> None:
        if self.start_utc.tzinfo is None:
            raise InputError("the start time needs a time zone", source="start_utc")
        if self.pain is not None:
            check_pain_for_run(self.pain, self.run_id, self.context.duration_s)

    def check_not_future(self, *, now: datetime) -> None:
        """Raise if the run starts after ``now`` (timezone-aware)."""
        if self.start_utc > now:
            raise InputError("the run cannot start in the future", source="start_utc")


def check_pain_for_run(event: PainEvent, run_id: str, duration_s: float) -> None:
    """Raise unless ``event`` belongs to the run ``run_id`` and starts within its duration."""
    if event.run_id != run_id:
        raise InputError("this pain event belongs to another run", source="run_id")
    if event.onset_s is not None and event.onset_s > duration_s:
        raise InputError(
            f"onset {format_mm_ss(event.onset_s)} is after the run ended "
            f"({format_mm_ss(duration_s)})",
            source="onset_s",
        )


@dataclass(frozen=True, slots=True)
class DailyCheckin:
    """The morning check-in for ``day``: pain and stiffness on waking (0-10), hours sat
    and slept, whether the day's exercises were done, and a free note."""

    day: date
    morning_pain: int
    stiffness: int = 0
    sitting_h: float | None = None
    sleep_h: float | None = None
    exercises_done: bool = False
    note: str = ""

    def __post_init__(self) -> None:
        _check_nrs(self.morning_pain, "morning_pain")
        _check_nrs(self.stiffness, "stiffness")
        _check_range(self.sitting_h, "sitting_h", 0.0, 24.0, "hours")
        _check_range(self.sleep_h, "sleep_h", 0.0, 24.0, "hours")
        _check_text(self.note, "note")

    def check_not_future(self, *, now: datetime) -> None:
        """Raise if the check-in is dated after ``now.date()``; pass ``now`` in the runner's
        time zone, since a check-in's date is a local date."""
        if self.day > now.date():
            raise InputError("a check-in cannot be dated in the future", source="day")


_MM_SS = re.compile(r"^\s*(\d{1,4})(?::([0-5]?\d))?\s*$")


def parse_mm_ss(text: str, *, source: str = "onset") -> float:
    """Seconds from "m:ss" or plain whole minutes ("5" = 300 s)."""
    match = _MM_SS.match(text)
    if match is None:
        raise InputError(f"expected minutes:seconds such as 5:30, got {text!r}", source=source)
    minutes, seconds = match.groups()
    return int(minutes) * 60.0 + (int(seconds) if seconds else 0)


def format_mm_ss(seconds: float) -> str:
    """Seconds as m:ss (rounded to the second)."""
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def onset_from_distance(streams: Streams, distance_m: float) -> float:
    """The time (s from the start) at which the run first reached ``distance_m``.

    Uses the distance channel, or the GPS track when there is none; linear between samples.
    Raises :class:`InputError` (source ``onset_distance_m``) when the run has no distance
    or the distance lies beyond the run's end.
    """
    source = "onset_distance_m"
    if not math.isfinite(distance_m) or distance_m < 0:
        raise InputError(f"must be a distance of 0 m or more, got {distance_m!r}", source=source)
    covered = streams.distance_m
    if (covered is None or np.isnan(covered).all()) and streams.lat_deg is not None:
        assert streams.lon_deg is not None
        covered = path_distance_m(streams.lat_deg, streams.lon_deg)
    if covered is None or np.isnan(covered).all():
        raise InputError("this run has no distance; give the onset as a time", source=source)
    valid = np.isfinite(covered)
    time_s = streams.time_s[valid]
    cumulative = np.maximum.accumulate(covered[valid])
    if distance_m > cumulative[-1]:
        raise InputError(
            f"{distance_m / 1000:.2f} km is beyond the end of the run "
            f"({cumulative[-1] / 1000:.2f} km)",
            source=source,
        )
    i = int(np.searchsorted(cumulative, distance_m, side="left"))
    if i == 0:
        return float(time_s[0] - streams.time_s[0])
    d0, d1 = float(cumulative[i - 1]), float(cumulative[i])
    t0, t1 = float(time_s[i - 1]), float(time_s[i])
    share = (distance_m - d0) / (d1 - d0) if d1 > d0 else 1.0
    return t0 + share * (t1 - t0) - float(streams.time_s[0])
