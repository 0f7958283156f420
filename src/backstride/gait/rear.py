"""Rear view (camera behind a treadmill runner): contacts and frontal-plane metrics.

Image x runs across the runner, y down. ``lateral`` is +1 when the runner's right hip is on
the image's right (filmed from behind) and -1 when it is on the left (filmed from the
front, or a mirrored clip whose labels were kept); every horizontal difference is
multiplied by it, so both give the same numbers.

**Initial contact** (no toe-off from behind). Per foot, one swing is found per stride as
the heel's highest point in the picture; the contact is the frame, between that swing peak
and the heel's lowest point before the next swing, where the heel's downward movement in
the picture stops most sharply: the minimum of its second difference, timed to a fraction
of a frame by a parabola. It adapts Fellin 2010's rule (J Sci Med Sport; foot
strike = the heel's vertical velocity turning, 22–25 ms error in 3D treadmill
running) to a rear picture, where the heel keeps moving down *in the image* after contact
as the belt carries the planted foot towards the camera: the stop of the fall, not the
lowest point, marks contact (the search runs from the heel's fastest fall to where it has
slowed to a third of that or stops slowing, so the turn at the lowest point is not
taken). Our estimate of its error: within ±1 frame at 30–120 fps on clean synthetic data
(perspective included) and with 2 px of landmark jitter at 30 fps; Fellin's 22–25 ms at
best on real video. Checks as for the side view (feet alternate, step time 0.2–1.0 s).

**Metrics** (per contact; median and IQR over ≥ 6 valid steps per side):

- ``cadence``: 60 / step time, as in the side view;
- ``pelvic_drop``: the hip line's angle from the image horizontal, signed so that the
  *swing* side's hip lower than the stance side's is positive (contralateral drop; a
  negative peak = the swing side held higher), peak from this foot's contact to the other
  foot's next contact (the whole step: stance and flight). Relative to the picture's
  horizontal, so a tilted camera adds to one side and takes from the other: the median of
  both sides cancels it, the left/right difference does not (the gate warns);
- ``step_width``: the sideways distance from this heel at contact to the line joining the
  other heel's contacts before and after it (the usual definition, which also cancels a
  steady drift across the belt), positive when each foot lands on its own side, % leg
  length (the ground does not move sideways on a treadmill, so image positions are ground
  positions);
- ``crossover_share``: share of steps whose heel lands across the pelvis midline (the hip
  midpoint at that contact) — the "median" is the share in %;
- ``lateral_sway``: per stride (this contact to the same foot's next), the sideways range
  of the hip midpoint after removing the straight line between its positions at the two
  contacts — so drifting across the belt is not counted as sway (GaitLab's known bug was
  measuring the whole clip's drift) — % leg length.

Leg length: 95th percentile of the thigh's and of the shank's image length over the clip,
added (the segments swing towards and away from the camera, so their image length is
shortest mid-swing and true when they pass the vertical). Sideways distances at the feet
are in the feet's plane, a little further from the camera than the hips, so they come out
a few per cent short (perspective); that bias is constant for one set-up.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from backstride.gait.events import (
    LEG,
    MIN_STRIDE_S,
    SIDES,
    Contact,
    Side,
    checked_contacts,
    hip_mid,
)
from backstride.gait.metrics import (
    Metric,
    MetricTable,
    StepContext,
    _cadence,
    _next_other,
    _next_same,
    _previous_other,
    table_metrics,
)
from backstride.gait.pose import L_HIP, R_HIP

FloatArray = NDArray[np.float64]

#: swing peaks must stand out by this share of the leg length
SWING_PROMINENCE: Final = 0.10
#: pelvic-drop peak: parabola fitted over this many seconds either side of the top sample
PEAK_FIT_S: Final = 0.07
#: the fall counts as stopped once the heel moves down slower than this share of its
#: fastest fall before contact
FALL_SLOWED: Final = 0.35
#: hips closer than this share of the leg length apart in the picture: not a rear view
MIN_HIP_WIDTH: Final = 0.08


def lateral_direction(xy: FloatArray) -> int:
    """+1 when the right hip is on the image's right (seen from behind), else -1."""
    dx = xy[:, R_HIP, 0] - xy[:, L_HIP, 0]
    dx = dx[np.isfinite(dx)]
    return 1 if dx.size == 0 or float(np.median(dx)) >= 0 else -1


def leg_length_px(xy: FloatArray) -> float:
    """95th percentile of the thigh length plus that of the shank (both legs), pixels."""
    thighs, shanks = [], []
    for hip, knee, ankle, _, _ in LEG.values():
        thighs.append(np.linalg.norm(xy[:, knee] - xy[:, hip], axis=1))
        shanks.append(np.linalg.norm(xy[:, ankle] - xy[:, knee], axis=1))
    total = 0.0
    for parts in (thighs, shanks):
        values = np.concatenate(parts)
        values = values[np.isfinite(values)]
        if not values.size:
            return float("nan")
        total += float(np.percentile(values, 95))
    return total


def hip_width_ratio(xy: FloatArray, leg_px: float) -> float:
    """Median hip-to-hip distance across the picture / leg length (0 in a side view)."""
    width = np.abs(xy[:, R_HIP, 0] - xy[:, L_HIP, 0])
    width = width[np.isfinite(width)]
    if not width.size or not np.isfinite(leg_px) or leg_px <= 0:
        return 0.0
    return float(np.median(width)) / leg_px


def hip_line_deg(xy: FloatArray, lateral: int) -> FloatArray:
    """Hip line (left hip → right hip) from the image horizontal; right hip higher positive."""
    dx = (xy[:, R_HIP, 0] - xy[:, L_HIP, 0]) * lateral
    dy = xy[:, L_HIP, 1] - xy[:, R_HIP, 1]  # image y points down
    return np.asarray(np.degrees(np.arctan2(dy, dx)), dtype=np.float64)


def _filled(x: FloatArray) -> FloatArray:
    finite = np.isfinite(x)
    if finite.sum() < 2:
        return np.full_like(x, np.nan)
    index = np.arange(x.size)
    return np.interp(index, index[finite], x[finite])


def _heel_y(xy: FloatArray, side: Side) -> FloatArray:
    _, _, ankle, heel, _ = LEG[side]
    return np.where(np.isfinite(xy[:, heel, 1]), xy[:, heel, 1], xy[:, ankle, 1])


def _vertex(signal: FloatArray, at: int) -> float:
    if at <= 0 or at >= signal.size - 1:
        return float(at)
    a, b, c = signal[at - 1 : at + 2]
    denominator = a - 2 * b + c
    if not np.isfinite(denominator) or denominator == 0:
        return float(at)
    return float(at + np.clip(0.5 * (a - c) / denominator, -0.5, 0.5))


def detect_rear_contacts(xy: FloatArray, fps: float, leg_px: float) -> list[Contact]:
    """Initial contacts of both feet from a rear view, in time order, each checked."""
    from scipy.signal import find_peaks

    n = xy.shape[0]
    found: list[tuple[Side, float, float | None]] = []
    distance = max(1, round(MIN_STRIDE_S * fps))
    prominence = SWING_PROMINENCE * leg_px if np.isfinite(leg_px) else None
    for side in SIDES:
        raw = _heel_y(xy, side)
        y = _filled(raw)
        if not np.isfinite(y).any():
            continue
        swings, _ = find_peaks(-y, distance=distance, prominence=prominence)
        stride = int(np.median(np.diff(swings))) if swings.size >= 2 else round(0.8 * fps)
        # second difference, centred: strongly negative where the fall stops
        # differences over ~33 ms whatever the frame rate, so jitter counts alike
        h = max(1, round(fps / 30.0))
        bend = np.full(n, np.nan)
        bend[h:-h] = y[2 * h :] - 2 * y[h:-h] + y[: -2 * h]
        fall = np.gradient(y)  # image y points down: positive = falling
        for k, peak in enumerate(int(p) for p in swings):
            end = int(swings[k + 1]) if k + 1 < swings.size else min(n, peak + stride)
            lowest = peak + int(np.argmax(y[peak:end]))
            if lowest >= n - 2:  # the clip ends before this foot is down
                continue
            if lowest - peak < 3:
                continue
            # from the fastest fall to where the fall has slowed to a third of it
            fast = peak + int(np.argmax(fall[peak:lowest]))
            after = fall[fast:lowest]
            slowed = (after < FALL_SLOWED * fall[fast]) | (after <= np.roll(after, -1))
            slowed[-1] = True
            stop = fast + int(np.argmax(slowed))  # first frame slowed, or no longer slowing
            window = bend[fast : stop + 2]
            if window.size < 2 or not np.isfinite(window).any():
                continue
            ic = fast + int(np.nanargmin(window))
            if not np.isfinite(raw[ic]):
                continue
            found.append((side, _vertex(-bend, ic), None))
    found.sort(key=lambda item: (item[1], item[0]))
    return checked_contacts(found, fps, toe_off=False)


# --- per-contact metrics -------------------------------------------------------------------


def _heel_x(ctx: StepContext, side: Side, frame: int) -> float:
    _, _, ankle, heel, _ = LEG[side]
    x = ctx.xy[frame, heel, 0]
    return float(x if np.isfinite(x) else ctx.xy[frame, ankle, 0])


def _pelvic_drop(ctx: StepContext, c: Contact) -> float:
    after = _next_other(ctx, c)
    if after is None:
        return float("nan")
    line = hip_line_deg(ctx.xy[c.ic : after.ic + 1], ctx.direction)
    drop = -line if c.side == "left" else line  # swing-side hip lower = positive
    if not np.isfinite(drop).any():
        return float("nan")
    return _smooth_peak(drop, max(2, round(PEAK_FIT_S * ctx.fps)))


def _smooth_peak(series: FloatArray, half: int) -> float:
    """The top of a parabola fitted by least squares to ``half`` samples either side of the
    highest sample: less pulled up by landmark jitter than the highest sample itself."""
    at = int(np.nanargmax(series))
    lo, hi = max(0, at - half), min(series.size, at + half + 1)
    t = np.arange(lo, hi, dtype=np.float64)
    values = series[lo:hi]
    keep = np.isfinite(values)
    if keep.sum() < 5:
        return float(series[at])
    a, b, c = np.polyfit(t[keep] - at, values[keep], 2)
    if a >= 0:  # no top inside the window
        return float(series[at])
    vertex = float(np.clip(-b / (2 * a), lo - at, hi - 1 - at))
    return float(a * vertex**2 + b * vertex + c)


def _step_width(ctx: StepContext, c: Contact) -> float:
    before, after = _previous_other(ctx, c), _next_other(ctx, c)
    if before is None or after is None or not (before.valid and after.valid):
        return float("nan")
    here = _heel_x(ctx, c.side, c.ic)
    x0, x1 = _heel_x(ctx, before.side, before.ic), _heel_x(ctx, after.side, after.ic)
    share = (c.ic_frames - before.ic_frames) / (after.ic_frames - before.ic_frames)
    there = x0 + share * (x1 - x0)  # the other foot's line of contacts, at this contact
    right, left = (here, there) if c.side == "right" else (there, here)
    return 100.0 * (right - left) * ctx.direction / ctx.leg_px


def _crossover(ctx: StepContext, c: Contact) -> float:
    offset = (_heel_x(ctx, c.side, c.ic) - hip_mid(ctx.xy)[c.ic, 0]) * ctx.direction
    if not np.isfinite(offset):
        return float("nan")
    own_side = offset > 0 if c.side == "right" else offset < 0
    return 0.0 if own_side or offset == 0 else 100.0


def _lateral_sway(ctx: StepContext, c: Contact) -> float:
    after = _next_same(ctx, c)
    if after is None or not after.valid:
        return float("nan")
    x = hip_mid(ctx.xy)[c.ic : after.ic + 1, 0]
    if x.size < 3 or not np.isfinite(x).all():
        return float("nan")
    line = np.linspace(x[0], x[-1], x.size)
    return 100.0 * float(np.ptp(x - line)) / ctx.leg_px


#: name -> (unit, function, timing metric, share summary), as metrics.SIDE_VIEW_METRICS
REAR_VIEW_METRICS: Final[MetricTable] = {
    "cadence": ("steps/min", _cadence, False, False),
    "pelvic_drop": ("deg", _pelvic_drop, False, False),
    "step_width": ("% leg length", _step_width, False, False),
    "crossover_share": ("%", _crossover, False, True),
    "lateral_sway": ("% leg length", _lateral_sway, False, False),
}


def rear_view_metrics(ctx: StepContext) -> dict[str, Metric]:
    """Every rear-view metric from valid contacts; ``ctx.direction`` is the lateral sign."""
    return table_metrics(ctx, REAR_VIEW_METRICS)


def clip_tilt_deg(xy: FloatArray, contacts: list[Contact], lateral: int) -> float | None:
    """Mean hip-line angle over whole strides (first to last valid contact of the foot with
    more of them), or over the whole clip without two; None without hips."""
    line = hip_line_deg(xy, lateral)
    span = slice(0, xy.shape[0])
    for side in sorted(SIDES, key=lambda s: -sum(c.valid and c.side == s for c in contacts)):
        own = [c.ic for c in contacts if c.valid and c.side == side]
        if len(own) >= 2:
            span = slice(own[0], own[-1])
            break
    values = line[span]
    values = values[np.isfinite(values)]
    return float(values.mean()) if values.size else None
