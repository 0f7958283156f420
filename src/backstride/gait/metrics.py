"""Side-view running metrics per contact, summarised per metric with norms and quality.

Each metric keeps its per-step values per side, and reports the median and IQR of all
valid steps, ``n``, a quality flag (``ok``, ``approximate``, ``unavailable``), the expected
measurement error and the reference range with its source, read from
``knowledge/gait_norms.toml``. No metric is reported from fewer than
:data:`MIN_STEPS_PER_SIDE` valid steps on either side: it is ``unavailable``, with the
reason.

Definitions (GAIT.md §3–§4), all in the direction of travel:

- cadence: 60 / step time, step = IC to the next IC of the other foot, given to the foot
  that lands at its end;
- contact time: TO - IC; duty factor: contact time / stride time (IC to next IC, same foot);
- foot-strike angle: foot (heel→toe) angle at IC minus the same foot's median angle over
  mid-stance frames (the flat-foot reference, which also cancels camera tilt); a rearfoot
  strike is a strike angle above 8° (Altman & Davis 2012);
- overstride: heel ahead of the hip midpoint at IC, % leg length;
- shank angle at IC: ankle ahead of knee positive, vertical 0°;
- knee flexion at IC, and its peak during stance ("mid-stance");
- peak hip extension: the most negative hip flexion (thigh behind the trunk line) in
  stance, reported positive;
- trunk lean: hip-midpoint→shoulder-midpoint from vertical, mean over stance;
- vertical oscillation: hip-midpoint vertical range from IC to the next IC, % leg length.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from backstride import knowledge
from backstride.gait import angles
from backstride.gait.events import LEG, SIDES, Contact, Side, hip_mid
from backstride.gait.pose import L_SHOULDER, R_SHOULDER

FloatArray = NDArray[np.float64]

MIN_STEPS_PER_SIDE: Final = 6
APPROXIMATE_BELOW_FPS: Final = 120.0
RFS_THRESHOLD_DEG: Final = 8.0


@dataclass(frozen=True)
class Reference:
    """A metric's expected error and reference band, with sources (from gait_norms.toml)."""

    error: str
    error_value: float
    low: float | None
    high: float | None
    note: str
    source: str
    evidence: str


@functools.cache
def reference(name: str) -> Reference:
    entry = knowledge.as_table(knowledge.load("gait_norms"), name)
    low, high = entry.get("low"), entry.get("high")
    return Reference(
        error=knowledge.as_str(entry, "error"),
        error_value=knowledge.as_float(entry, "error_value"),
        low=None if low is None else float(low),
        high=None if high is None else float(high),
        note=knowledge.as_str(entry, "range_note"),
        source=knowledge.as_str(entry, "source"),
        evidence=knowledge.as_str(entry, "evidence"),
    )


@dataclass
class Metric:
    """One metric over a clip; ``median``/``iqr`` are None when unavailable."""

    name: str
    unit: str
    per_step: dict[Side, list[float]]
    median: float | None
    iqr: float | None
    n: int
    quality: str
    reason: str
    reference: Reference
    asymmetry_pct: float | None = None

    def summary(self) -> dict[str, Any]:
        """The CLI/JSON shape: median, iqr, unit, n, quality."""
        return {
            "median": None if self.median is None else round(self.median, 2),
            "iqr": None if self.iqr is None else round(self.iqr, 2),
            "unit": self.unit,
            "n": self.n,
            "quality": self.quality,
        }


@dataclass
class StepContext:
    """Everything a per-contact metric function needs."""

    xy: FloatArray
    fps: float
    direction: int
    leg_px: float
    contacts: list[Contact]
    foot_reference_deg: dict[Side, float] = field(default_factory=dict)


def _next_same(ctx: StepContext, contact: Contact) -> Contact | None:
    later = [c for c in ctx.contacts if c.side == contact.side and c.ic > contact.ic]
    return later[0] if later else None


def _next_other(ctx: StepContext, contact: Contact) -> Contact | None:
    later = [c for c in ctx.contacts if c.ic > contact.ic]
    return later[0] if later and later[0].side != contact.side else None


def _previous_other(ctx: StepContext, contact: Contact) -> Contact | None:
    earlier = [c for c in ctx.contacts if c.ic < contact.ic]
    return earlier[-1] if earlier and earlier[-1].side != contact.side else None


def _stance(contact: Contact) -> slice:
    assert contact.to is not None
    return slice(contact.ic, contact.to + 1)


def _points(ctx: StepContext, side: Side) -> tuple[FloatArray, ...]:
    hip, knee, ankle, heel, toe = LEG[side]
    xy = ctx.xy
    return xy[:, hip], xy[:, knee], xy[:, ankle], xy[:, heel], xy[:, toe]


def _cadence(ctx: StepContext, c: Contact) -> float:
    before = _previous_other(ctx, c)
    if before is None or not before.valid:
        return float("nan")
    return 60.0 * ctx.fps / (c.ic_frames - before.ic_frames)


def _contact_time(ctx: StepContext, c: Contact) -> float:
    to = c.to_frames
    assert to is not None
    return 1000.0 * (to - c.ic_frames) / ctx.fps


def _duty_factor(ctx: StepContext, c: Contact) -> float:
    after = _next_same(ctx, c)
    to = c.to_frames
    if after is None or to is None:
        return float("nan")
    return 100.0 * (to - c.ic_frames) / (after.ic_frames - c.ic_frames)


def _foot_angle_series(ctx: StepContext, side: Side) -> FloatArray:
    _, _, _, heel, toe = _points(ctx, side)
    return angles.foot_angle(heel, toe, ctx.direction)


def foot_reference(ctx: StepContext, side: Side) -> float:
    """Median foot angle over the middle third of every valid stance of one foot."""
    series = _foot_angle_series(ctx, side)
    values: list[float] = []
    for c in ctx.contacts:
        if c.side == side and c.valid and c.to is not None:
            third = max(1, (c.to - c.ic) // 3)
            values.extend(series[c.ic + third : c.to - third + 1])
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    return float(np.median(finite)) if finite.size else float("nan")


def _foot_strike(ctx: StepContext, c: Contact) -> float:
    ref = ctx.foot_reference_deg.get(c.side, float("nan"))
    return float(_foot_angle_series(ctx, c.side)[c.ic]) - ref


def _rearfoot(ctx: StepContext, c: Contact) -> float:
    angle = _foot_strike(ctx, c)
    return float("nan") if not np.isfinite(angle) else 100.0 * (angle > RFS_THRESHOLD_DEG)


def _overstride(ctx: StepContext, c: Contact) -> float:
    _, _, _, heel, _ = _points(ctx, c.side)
    ahead = (heel[c.ic, 0] - hip_mid(ctx.xy)[c.ic, 0]) * ctx.direction
    return 100.0 * float(ahead) / ctx.leg_px


def _shank(ctx: StepContext, c: Contact) -> float:
    _, knee, ankle, _, _ = _points(ctx, c.side)
    return float(angles.shank_angle(knee[c.ic], ankle[c.ic], ctx.direction))


def _knee_series(ctx: StepContext, side: Side) -> FloatArray:
    hip, knee, ankle, _, _ = _points(ctx, side)
    return angles.knee_flexion(hip, knee, ankle)


def _knee_ic(ctx: StepContext, c: Contact) -> float:
    return float(_knee_series(ctx, c.side)[c.ic])


def _knee_mid(ctx: StepContext, c: Contact) -> float:
    window = _knee_series(ctx, c.side)[_stance(c)]
    return float(np.nanmax(window)) if np.isfinite(window).any() else float("nan")


def _shoulder_mid(ctx: StepContext) -> FloatArray:
    return (ctx.xy[:, L_SHOULDER] + ctx.xy[:, R_SHOULDER]) / 2.0


def _hip_extension(ctx: StepContext, c: Contact) -> float:
    hip, knee, _, _, _ = _points(ctx, c.side)
    flexion = angles.hip_flexion(_shoulder_mid(ctx), hip, knee, ctx.direction)[_stance(c)]
    return float(-np.nanmin(flexion)) if np.isfinite(flexion).any() else float("nan")


def _trunk(ctx: StepContext, c: Contact) -> float:
    lean = angles.segment_angle_from_vertical(_shoulder_mid(ctx), hip_mid(ctx.xy), ctx.direction)
    window = lean[_stance(c)]
    return float(np.nanmean(window)) if np.isfinite(window).any() else float("nan")


def _oscillation(ctx: StepContext, c: Contact) -> float:
    after = _next_other(ctx, c)
    if after is None:
        return float("nan")
    y = hip_mid(ctx.xy)[c.ic : after.ic + 1, 1]
    if not np.isfinite(y).all():
        return float("nan")
    return 100.0 * float(y.max() - y.min()) / ctx.leg_px


MetricFunction = Callable[[StepContext, Contact], float]

#: name -> (unit, function, timing metric flagged approximate below 120 fps, share summary)
SIDE_VIEW_METRICS: Final[dict[str, tuple[str, MetricFunction, bool, bool]]] = {
    "cadence": ("steps/min", _cadence, False, False),
    "contact_time": ("ms", _contact_time, True, False),
    "duty_factor": ("%", _duty_factor, True, False),
    "foot_strike_angle": ("deg", _foot_strike, False, False),
    "rearfoot_strike_share": ("%", _rearfoot, False, True),
    "overstride": ("% leg length", _overstride, False, False),
    "shank_angle_ic": ("deg", _shank, False, False),
    "knee_flexion_ic": ("deg", _knee_ic, False, False),
    "knee_flexion_midstance": ("deg", _knee_mid, False, False),
    "hip_extension_peak": ("deg", _hip_extension, False, False),
    "trunk_lean": ("deg", _trunk, False, False),
    "vertical_oscillation": ("% leg length", _oscillation, False, False),
}


def _asymmetry(per_step: dict[Side, list[float]]) -> float | None:
    left, right = np.median(per_step["left"]), np.median(per_step["right"])
    scale = (abs(left) + abs(right)) / 2.0
    return None if scale == 0 else float(100.0 * (right - left) / scale)


def summarise(
    name: str, unit: str, per_step: dict[Side, list[float]], *, approximate: bool, share: bool
) -> Metric:
    """Median/IQR (or the share, for 0/100 per-step values) with the 6-steps-per-side rule."""
    ref = reference(name)
    counts = {side: len(per_step[side]) for side in SIDES}
    n = sum(counts.values())
    if min(counts.values()) < MIN_STEPS_PER_SIDE:
        reason = (
            f"{counts['left']} left and {counts['right']} right valid steps; "
            f"need at least {MIN_STEPS_PER_SIDE} per side"
        )
        return Metric(name, unit, per_step, None, None, n, "unavailable", reason, ref)
    values = np.array(per_step["left"] + per_step["right"], dtype=np.float64)
    if share:
        median, iqr = float(values.mean()), None
    else:
        q25, q50, q75 = np.percentile(values, [25, 50, 75])
        median, iqr = float(q50), float(q75 - q25)
    quality = "approximate" if approximate else "ok"
    reason = "contact timing from < 120 frames/s video" if approximate else ""
    return Metric(
        name,
        unit,
        per_step,
        median,
        iqr,
        n,
        quality,
        reason,
        ref,
        None if share else _asymmetry(per_step),
    )


MetricTable = dict[str, tuple[str, MetricFunction, bool, bool]]


def side_view_metrics(
    ctx: StepContext, *, only: tuple[str, ...] | None = None
) -> dict[str, Metric]:
    """Every side-view metric (or those named in ``only``) from valid contacts."""
    for side in SIDES:
        ctx.foot_reference_deg[side] = foot_reference(ctx, side)
    return table_metrics(ctx, SIDE_VIEW_METRICS, only=only)


def table_metrics(
    ctx: StepContext, table: MetricTable, *, only: tuple[str, ...] | None = None
) -> dict[str, Metric]:
    """Every metric of ``table`` (or those named in ``only``) from valid contacts."""
    found: dict[str, Metric] = {}
    for name, (unit, function, timing, share) in table.items():
        if only is not None and name not in only:
            continue
        per_step: dict[Side, list[float]] = {"left": [], "right": []}
        for contact in ctx.contacts:
            if not contact.valid:
                continue
            value = function(ctx, contact)
            if np.isfinite(value):
                per_step[contact.side].append(float(value))
        found[name] = summarise(
            name,
            unit,
            per_step,
            approximate=timing and ctx.fps < APPROXIMATE_BELOW_FPS,
            share=share,
        )
    return found


def unavailable(reason: str, table: MetricTable | None = None) -> dict[str, Metric]:
    """Every metric of ``table`` (default: the side view's) unavailable with the same reason."""
    return {
        name: Metric(
            name,
            unit,
            {"left": [], "right": []},
            None,
            None,
            0,
            "unavailable",
            reason,
            reference(name),
        )
        for name, (unit, _, _, _) in (SIDE_VIEW_METRICS if table is None else table).items()
    }


def spectral_cadence(
    hip_y: FloatArray, fps: float, band_spm: tuple[float, float] = (60.0, 240.0)
) -> float | None:
    """Step frequency from the spectrum of the hip-midpoint height, in steps/min.

    The hip rises and falls once per step. Linear detrend, Hann window, 8× zero padding,
    parabolic interpolation of the peak inside ``band_spm``. None without enough signal.
    """
    y = np.asarray(hip_y, dtype=np.float64)
    finite = np.isfinite(y)
    if finite.sum() < 2 * fps:
        return None
    index = np.arange(y.size)
    y = np.interp(index, index[finite], y[finite])
    y = y - np.polyval(np.polyfit(index, y, 1), index)
    size = 8 * int(2 ** np.ceil(np.log2(y.size)))
    spectrum = np.abs(np.fft.rfft(y * np.hanning(y.size), n=size))
    freqs_spm = np.fft.rfftfreq(size, d=1.0 / fps) * 60.0
    band = np.flatnonzero((freqs_spm >= band_spm[0]) & (freqs_spm <= band_spm[1]))
    if band.size < 3 or spectrum[band].max() <= 0:
        return None
    k = int(band[np.argmax(spectrum[band])])
    a, b, c = np.log(spectrum[k - 1 : k + 2] + 1e-12)
    shift = 0.5 * (a - c) / (a - 2 * b + c) if (a - 2 * b + c) != 0 else 0.0
    return float((k + shift) * (freqs_spm[1] - freqs_spm[0]))
