"""Training load: weekly totals, load spikes, and the acute:chronic ratio (shown, not used).

**Load spike** (Garmin-RUNSAFE: Nielsen et al., BJSM 2025, 5,205 runners and 588,071 runs;
https://blogs.bmj.com/bjsm/2025/10/06/how-much-running-is-too-much-a-new-take-on-injury-risk-for-runners
): a run more than 10 % longer than the longest run of the previous 30 days. Compared with
runs below that, the study reported hazard rate ratios for *any overuse injury* (not low-back
pain specifically) of 1.64 for 10-30 % longer, 1.52 for 30-100 % and 2.28 for more than
100 %. "Longer" is by distance; runs without a distance (entered by hand, treadmill) are
compared by duration. A run with no run in the previous 30 days has no reference and is
never flagged, and neither is a run in the first 30 days of the data: its window is not
fully recorded (an imported history that starts last week would otherwise "spike" on its
second run). The comparison is strict: exactly 10 % longer is not a spike.

**Acute:chronic workload ratio** (ACWR): the last 7 days' distance divided by the mean
weekly distance of the last 28 days (coupled, as Gabbett, BJSM 2016;50:273). It is
reported because runners meet it elsewhere, but flagged never to be used alone: the ratio
is mathematically coupled (Lolli et al., BJSM 2019;53:921), random chronic loads reproduce
its "sweet spot" (Impellizzeri et al., IJSPP 2020;15:907), and in Garmin-RUNSAFE it did not
predict injury where the single-run spike did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

import numpy as np

from backstride.analysis.jsonable import to_jsonable
from backstride.model import FloatArray
from backstride.pain import RunRecord

SPIKE_FRACTION: Final = 0.10
SPIKE_WINDOW_DAYS: Final = 30
RUNSAFE_BANDS: Final = ((0.10, 0.30, 1.64), (0.30, 1.00, 1.52), (1.00, float("inf"), 2.28))
"""(lower, upper, hazard rate ratio) of any overuse injury by how much longer the run was."""

_DAY_S: Final = 86_400.0
_EPOCH: Final = date(1970, 1, 1)
_REL_TOL: Final = 1e-12
"""Relative slack for float rounding in 1.1 x longest, so exactly 10 % is never a spike."""


@dataclass(frozen=True, slots=True)
class LoadSpike:
    """A run more than 10 % longer than the longest of the previous 30 days."""

    run_id: str
    start_utc: datetime
    basis: str
    """"distance_m" or "duration_s": which the comparison used."""
    value: float
    longest_previous: float
    increase: float
    """Fraction longer: 0.25 means 25 % longer."""
    band: str
    reported_hrr: float
    """Garmin-RUNSAFE hazard rate ratio for any overuse injury in this band."""


@dataclass(frozen=True, slots=True)
class WeekLoad:
    week_start: date
    """Local Monday."""
    runs: int
    distance_m: float
    duration_s: float
    spikes: int


@dataclass(frozen=True, slots=True)
class AcuteChronic:
    basis: str
    acute_7d: float
    chronic_weekly_mean_28d: float
    ratio: float | None
    use_alone: bool = False
    note: str = (
        "shown for reference only; never use it alone: it is mathematically coupled and did "
        "not predict injury in Garmin-RUNSAFE (BJSM 2025), where single-run spikes did"
    )


@dataclass(frozen=True, slots=True)
class LoadSummary:
    weeks: tuple[WeekLoad, ...]
    spikes: tuple[LoadSpike, ...]
    acwr: AcuteChronic | None
    longest_30d_distance_m: float | None
    next_run_limit_m: float | None
    """Longest distance of the 30 days before ``now`` plus 10 %: stay at or under it."""
    longest_30d_duration_s: float | None
    next_run_limit_s: float | None

    def as_json(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


def window_max_before(times_s: FloatArray, values: FloatArray, window_s: float) -> FloatArray:
    """For each i, the max of ``values[j]`` with ``times_s[i] - window_s <= times_s[j] <
    times_s[i]``; NaN where there is none. ``times_s`` must be sorted; NaN values are skipped.

    Range-maximum queries over a sparse table: O(n log n) with numpy, no Python loop per run.
    """
    n = len(times_s)
    if n == 0:
        return np.empty(0)
    lo = np.searchsorted(times_s, times_s - window_s, side="left")
    hi = np.searchsorted(times_s, times_s, side="left")
    base = np.where(np.isnan(values), -np.inf, values)
    table = [base]
    width = 1
    while 2 * width <= n:
        prev = table[-1]
        table.append(np.maximum(prev[: n - 2 * width + 1], prev[width : n - width + 1]))
        width *= 2
    length = hi - lo
    out = np.full(n, -np.inf)
    has = length > 0
    level = np.zeros(n, dtype=np.int64)
    level[has] = np.floor(np.log2(length[has])).astype(np.int64)
    for k in np.unique(level[has]).tolist():
        rows = has & (level == k)
        row = table[k]
        out[rows] = np.maximum(row[lo[rows]], row[hi[rows] - (1 << k)])
    return np.where(np.isfinite(out), out, np.nan)


def window_sum_before(times_s: FloatArray, values: FloatArray, window_s: float) -> FloatArray:
    """For each i, the sum of ``values[j]`` (NaN as 0) in ``[t_i - window_s, t_i)``."""
    lo = np.searchsorted(times_s, times_s - window_s, side="left")
    hi = np.searchsorted(times_s, times_s, side="left")
    csum = np.concatenate(([0.0], np.cumsum(np.nan_to_num(values, nan=0.0))))
    return np.asarray(csum[hi] - csum[lo], dtype=np.float64)


def _band(increase: float) -> tuple[str, float]:
    for low, high, hrr in RUNSAFE_BANDS:
        if low < increase <= high:
            upper = "" if high == float("inf") else f"-{high * 100:.0f}"
            return f">{low * 100:.0f}{upper} %", hrr
    return f">{RUNSAFE_BANDS[-1][0] * 100:.0f} %", RUNSAFE_BANDS[-1][2]


def is_spike(value: float, longest_previous: float) -> bool:
    """True when ``value`` is more than 10 % above ``longest_previous`` (exactly 10 % is not)."""
    limit = longest_previous * (1.0 + SPIKE_FRACTION)
    return value > limit + _REL_TOL * abs(limit)


@dataclass(frozen=True, slots=True)
class _Columns:
    ids: list[str]
    starts: list[datetime]
    time_s: FloatArray
    distance_m: FloatArray
    duration_s: FloatArray
    local_day: np.ndarray[Any, np.dtype[np.int64]]


def _columns(runs: Sequence[RunRecord]) -> _Columns:
    ordered = sorted(runs, key=lambda r: r.start_utc)
    time_s = np.array([r.start_utc.timestamp() for r in ordered], dtype=np.float64)
    offsets = np.array([r.utc_offset_s for r in ordered], dtype=np.float64)
    return _Columns(
        ids=[r.run_id for r in ordered],
        starts=[r.start_utc for r in ordered],
        time_s=time_s,
        distance_m=np.array(
            [np.nan if r.context.distance_m is None else r.context.distance_m for r in ordered],
            dtype=np.float64,
        ),
        duration_s=np.array([r.context.duration_s for r in ordered], dtype=np.float64),
        local_day=np.floor((time_s + offsets) / _DAY_S).astype(np.int64),
    )


def spikes(runs: Sequence[RunRecord]) -> tuple[LoadSpike, ...]:
    """Every run more than 10 % longer than the longest run of its previous 30 days."""
    cols = _columns(runs)
    return _spikes(cols)


def _spikes(cols: _Columns) -> tuple[LoadSpike, ...]:
    window = SPIKE_WINDOW_DAYS * _DAY_S
    prev_distance = window_max_before(cols.time_s, cols.distance_m, window)
    prev_duration = window_max_before(cols.time_s, cols.duration_s, window)
    use_distance = np.isfinite(cols.distance_m) & np.isfinite(prev_distance)
    value = np.where(use_distance, cols.distance_m, cols.duration_s)
    previous = np.where(use_distance, prev_distance, prev_duration)
    limit = previous * (1.0 + SPIKE_FRACTION)
    covered = cols.time_s - cols.time_s[0] >= window if len(cols.ids) else np.zeros(0, bool)
    with np.errstate(invalid="ignore"):
        over = value > limit + _REL_TOL * np.abs(limit)
        flagged = np.flatnonzero(covered & (previous > 0) & over)
    out = []
    for i in flagged.tolist():
        increase = float(value[i] / previous[i] - 1.0)
        band, hrr = _band(increase)
        out.append(
            LoadSpike(
                run_id=cols.ids[i],
                start_utc=cols.starts[i],
                basis="distance_m" if use_distance[i] else "duration_s",
                value=float(value[i]),
                longest_previous=float(previous[i]),
                increase=increase,
                band=band,
                reported_hrr=hrr,
            )
        )
    return tuple(out)


def trailing_week_distance_m(runs: Sequence[RunRecord]) -> dict[str, float]:
    """Distance run in the 7 days before each run (the run itself excluded), by run id."""
    cols = _columns(runs)
    sums = window_sum_before(cols.time_s, cols.distance_m, 7 * _DAY_S)
    return dict(zip(cols.ids, sums.tolist(), strict=True))


def _weeks(cols: _Columns, spike_ids: set[str], last_day: int) -> tuple[WeekLoad, ...]:
    if len(cols.ids) == 0:
        return ()
    week = (cols.local_day + 3) // 7  # 1970-01-01 was a Thursday: weeks start on Monday
    first, last = int(week.min()), max(int(week.max()), (last_day + 3) // 7)
    index = week - first
    size = last - first + 1
    runs = np.bincount(index, minlength=size)
    distance = np.bincount(index, np.nan_to_num(cols.distance_m, nan=0.0), minlength=size)
    duration = np.bincount(index, cols.duration_s, minlength=size)
    flagged = np.array([i in spike_ids for i in cols.ids], dtype=np.float64)
    spike_count = np.bincount(index, flagged, minlength=size)
    return tuple(
        WeekLoad(
            week_start=_EPOCH + timedelta(days=(first + k) * 7 - 3),
            runs=int(runs[k]),
            distance_m=float(distance[k]),
            duration_s=float(duration[k]),
            spikes=int(spike_count[k]),
        )
        for k in range(size)
    )


def _acwr(cols: _Columns, now_s: float) -> AcuteChronic | None:
    recent = (cols.time_s > now_s - 28 * _DAY_S) & (cols.time_s <= now_s)
    if not recent.any():
        return None
    acute = recent & (cols.time_s > now_s - 7 * _DAY_S)
    use_distance = bool(np.isfinite(cols.distance_m[recent]).all())
    values = cols.distance_m if use_distance else cols.duration_s
    chronic = float(values[recent].sum()) / 4.0
    acute_sum = float(values[acute].sum())
    return AcuteChronic(
        basis="distance_m" if use_distance else "duration_s",
        acute_7d=acute_sum,
        chronic_weekly_mean_28d=chronic,
        ratio=acute_sum / chronic if chronic > 0 else None,
    )


def load_summary(runs: Sequence[RunRecord], *, now: datetime) -> LoadSummary:
    """Weekly totals (every local week up to ``now``'s), spikes, ACWR and next-run limits."""
    cols = _columns([r for r in runs if r.start_utc <= now])
    found = _spikes(cols)
    now_s = now.timestamp()
    offset = now.utcoffset()
    now_day = int((now_s + (offset.total_seconds() if offset else 0.0)) // _DAY_S)
    last30 = cols.time_s > now_s - SPIKE_WINDOW_DAYS * _DAY_S
    distances = cols.distance_m[last30]
    distances = distances[np.isfinite(distances)]
    longest_m = float(distances.max()) if len(distances) else None
    longest_s = float(cols.duration_s[last30].max()) if last30.any() else None
    return LoadSummary(
        weeks=_weeks(cols, {s.run_id for s in found}, now_day),
        spikes=found,
        acwr=_acwr(cols, now_s),
        longest_30d_distance_m=longest_m,
        next_run_limit_m=None if longest_m is None else longest_m * (1 + SPIKE_FRACTION),
        longest_30d_duration_s=longest_s,
        next_run_limit_s=None if longest_s is None else longest_s * (1 + SPIKE_FRACTION),
    )


def naive_spike_ids(runs: Sequence[RunRecord]) -> list[str]:
    """Reference implementation (pure Python, O(n^2)): the ids :func:`spikes` flags.

    Kept for tests and as the baseline of ``bench/analysis_bench.py``.
    """
    ordered = sorted(runs, key=lambda r: r.start_utc)
    window = timedelta(days=SPIKE_WINDOW_DAYS)
    out = []
    for i, run in enumerate(ordered):
        if run.start_utc - ordered[0].start_utc < window:
            continue
        before = [r for r in ordered[:i] if run.start_utc - window <= r.start_utc < run.start_utc]
        if not before:
            continue
        distances = [r.context.distance_m for r in before if r.context.distance_m is not None]
        if run.context.distance_m is not None and distances:
            value, longest = run.context.distance_m, max(distances)
        else:
            value, longest = run.context.duration_s, max(r.context.duration_s for r in before)
        if longest > 0 and is_spike(value, longest):
            out.append(run.run_id)
    return out
