"""Cleaning landmark trajectories before events and angles are taken from them.

Order (GAIT.md "Implications" §2, after Sports2D/Pose2Sim's pipeline): visibility below a
threshold → NaN; repair left/right leg swaps; Hampel outlier filter; fill short gaps
linearly; zero-lag Butterworth low-pass whose cut-off rises with the frame rate. Every
setting lives in :class:`SignalSettings` with its source.

Arrays are ``(frames, 33, 2)`` image coordinates in pixels (y down) unless said otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np
from numpy.typing import NDArray

from backstride.gait.pose import LEG_PAIRS

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: (fps, cut-off Hz) anchors: GAIT.md §3 "suggested defaults" (6/8/10/12 Hz at 30/60/120/240).
_CUTOFF_ANCHORS: Final = ((30.0, 6.0), (60.0, 8.0), (120.0, 10.0), (240.0, 12.0))


def cutoff_for_fps(fps: float) -> float:
    """Low-pass cut-off in Hz: 6/8/10/12 Hz at 30/60/120/240 fps, log-interpolated between.

    Never above 0.4 × fps (the Nyquist limit is 0.5 × fps).
    """
    log_fps = np.log2([anchor[0] for anchor in _CUTOFF_ANCHORS])
    cutoffs = [anchor[1] for anchor in _CUTOFF_ANCHORS]
    value = float(np.interp(np.log2(max(fps, 1.0)), log_fps, cutoffs))
    return min(value, 0.4 * fps)


@dataclass(frozen=True)
class SignalSettings:
    """Pre-processing settings; the defaults and their sources.

    - ``visibility_min`` 0.5: BlazePose's own presence threshold; Sports2D drops
      keypoints below 0.3 and persons below 0.5 (GAIT.md §1).
    - ``repair_swaps`` True: leg swaps are a known failure of 2D pose (Stenum 2021 had a
      manual fixing tool; Sports2D lists it as to-do).
    - ``swap_penalty_px`` 2.0: cost of labelling a frame "swapped", so that ties keep the
      model's own labels.
    - ``hampel_window_s`` 0.23 and ``hampel_sigmas`` 2: Sports2D's Hampel window
      round(7·fps/30) frames, 2 sigma.
    - ``max_gap_s`` 0.1: gaps up to 100 ms are filled linearly (GAIT.md §2).
    - ``butterworth_order`` 4, zero-lag (``filtfilt``): Sports2D/Pose2Sim default.
    - ``cutoff_hz`` None: chosen by :func:`cutoff_for_fps`; set a number to override.
    """

    visibility_min: float = 0.5
    repair_swaps: bool = True
    swap_penalty_px: float = 2.0
    hampel_window_s: float = 0.23
    hampel_sigmas: float = 2.0
    max_gap_s: float = 0.1
    butterworth_order: int = 4
    cutoff_hz: float | None = None

    def cutoff(self, fps: float) -> float:
        return self.cutoff_hz if self.cutoff_hz is not None else cutoff_for_fps(fps)


def mask_low_visibility(xy: FloatArray, visibility: FloatArray, threshold: float) -> FloatArray:
    """Copy of ``xy`` with points whose visibility is below ``threshold`` set to NaN."""
    out = np.array(xy, dtype=np.float64, copy=True)
    out[visibility < threshold] = np.nan
    return out


def _swap(xy: FloatArray, frame: int) -> None:
    for left, right in LEG_PAIRS:
        xy[frame, [left, right]] = xy[frame, [right, left]]


def _leg_points(xy: FloatArray, swapped: bool) -> FloatArray:
    left = [pair[0] for pair in LEG_PAIRS]
    right = [pair[1] for pair in LEG_PAIRS]
    order = right + left if swapped else left + right
    return xy[order]


def _distance(a: FloatArray, b: FloatArray) -> float:
    d = np.linalg.norm(a - b, axis=-1)
    d = d[np.isfinite(d)]
    return float(d.mean()) if d.size else 0.0


def repair_swaps(xy: FloatArray, *, penalty_px: float = 2.0) -> tuple[FloatArray, BoolArray]:
    """Undo left/right leg swaps; returns the repaired copy and which frames were swapped.

    A two-state dynamic programme (Viterbi) over "labels as given" / "labels swapped" per
    frame. The cost of a transition is the mean distance each leg point (knee, ankle,
    heel, toe) moves between consecutive frames under the two labellings; each swapped
    frame pays ``penalty_px``, so the model's labels win ties and the labelling of the
    majority of frames is kept. It repairs single-frame and short swaps wherever the legs
    are apart; where they overlap (mid-swing in a side view) either labelling is nearly
    the same point, so nothing is lost.
    """
    n = xy.shape[0]
    out = np.array(xy, dtype=np.float64, copy=True)
    swapped = np.zeros(n, dtype=bool)
    if n < 2:
        return out, swapped
    cost = np.array([0.0, penalty_px])
    back = np.zeros((n, 2), dtype=np.int8)
    previous = [_leg_points(xy[0], False), _leg_points(xy[0], True)]
    for t in range(1, n):
        current = [_leg_points(xy[t], False), _leg_points(xy[t], True)]
        new_cost = np.empty(2)
        for state in (0, 1):
            options = [cost[p] + _distance(previous[p], current[state]) for p in (0, 1)]
            best = int(np.argmin(options))
            back[t, state] = best
            new_cost[state] = options[best] + (penalty_px if state else 0.0)
        cost = new_cost
        # a frame with no leg points carries the previous frame's positions forward
        previous = [
            np.where(np.isfinite(current[s]), current[s], previous[int(back[t, s])]) for s in (0, 1)
        ]
    state = int(np.argmin(cost))
    for t in range(n - 1, -1, -1):
        swapped[t] = bool(state)
        state = int(back[t, state])
    for frame in np.flatnonzero(swapped):
        _swap(out, int(frame))
    return out, swapped


def hampel(x: FloatArray, half_window: int, n_sigmas: float = 2.0) -> FloatArray:
    """Hampel filter of a 1-D series: points further than ``n_sigmas`` scaled MADs from
    the moving median of ``2·half_window + 1`` samples become NaN (to be gap-filled).

    NaNs are ignored inside windows. The MAD is scaled by 1.4826 (normal consistency).
    """
    x = np.asarray(x, dtype=np.float64)
    out = x.copy()
    n = x.size
    if n == 0 or half_window < 1:
        return out
    padded = np.pad(x, half_window, mode="constant", constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half_window + 1)
    finite = np.isfinite(windows).any(axis=1)
    median = np.full(n, np.nan)
    mad = np.full(n, np.nan)
    if finite.any():
        median[finite] = np.nanmedian(windows[finite], axis=1)
        mad[finite] = 1.4826 * np.nanmedian(np.abs(windows[finite] - median[finite, None]), axis=1)
    with np.errstate(invalid="ignore"):
        outlier = np.abs(x - median) > n_sigmas * mad
    outlier &= mad > 0
    out[outlier] = np.nan
    return out


def fill_gaps(x: FloatArray, max_gap: int) -> FloatArray:
    """Fill interior NaN runs of at most ``max_gap`` samples by linear interpolation."""
    x = np.asarray(x, dtype=np.float64)
    out = x.copy()
    bad = ~np.isfinite(x)
    if not bad.any() or bad.all():
        return out
    good = np.flatnonzero(~bad)
    index = np.arange(x.size)
    filled = np.interp(index, good, x[good])
    start = None
    for i in range(x.size + 1):
        is_bad = i < x.size and bad[i]
        if is_bad and start is None:
            start = i
        elif not is_bad and start is not None:
            interior = start > 0 and i < x.size
            if interior and i - start <= max_gap:
                out[start:i] = filled[start:i]
            start = None
    return out


def lowpass(x: FloatArray, fps: float, cutoff_hz: float, order: int = 4) -> FloatArray:
    """Zero-lag Butterworth low-pass (``sosfiltfilt``) applied to each finite run of ``x``.

    Runs too short for the filter's padding are left unfiltered.
    """
    from scipy.signal import butter, sosfiltfilt

    x = np.asarray(x, dtype=np.float64)
    out = x.copy()
    sos = butter(order, cutoff_hz, btype="low", fs=fps, output="sos")
    finite = np.isfinite(x)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], finite.astype(np.int8), [0]))))
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        run = x[start:stop]
        padlen = min(3 * (2 * len(sos) + 1), run.size - 1)
        if run.size >= 2 * order + 1:
            out[start:stop] = sosfiltfilt(sos, run, padlen=padlen)
    return out


@dataclass
class CleanedPose:
    """Raw and cleaned landmark series of one clip, in pixels."""

    raw_xy: FloatArray  # (n, 33, 2) as estimated, NaN where no pose
    visibility: FloatArray  # (n, 33)
    xy: FloatArray  # (n, 33, 2) cleaned and filtered
    swapped: BoolArray  # (n,) frames whose leg labels were swapped back
    cutoff_hz: float
    outliers: int = field(default=0)
    unfiltered: FloatArray | None = None  # (n, 33, 2) repaired, despiked, gap-filled; no low-pass


def clean(
    raw_xy: FloatArray, visibility: FloatArray, fps: float, settings: SignalSettings
) -> CleanedPose:
    """Run the whole pre-processing chain on one clip."""
    xy = mask_low_visibility(raw_xy, visibility, settings.visibility_min)
    swapped = np.zeros(xy.shape[0], dtype=bool)
    if settings.repair_swaps:
        xy, swapped = repair_swaps(xy, penalty_px=settings.swap_penalty_px)
    half = max(1, round(settings.hampel_window_s * fps / 2))
    max_gap = max(1, round(settings.max_gap_s * fps))
    cutoff = settings.cutoff(fps)
    out = np.full_like(xy, np.nan)
    unfiltered = np.full_like(xy, np.nan)
    outliers = 0
    for point in range(xy.shape[1]):
        for axis in (0, 1):
            series = xy[:, point, axis]
            despiked = hampel(series, half, settings.hampel_sigmas)
            outliers += int(np.sum(np.isfinite(series) & ~np.isfinite(despiked)))
            filled = fill_gaps(despiked, max_gap)
            unfiltered[:, point, axis] = filled
            out[:, point, axis] = lowpass(filled, fps, cutoff, settings.butterworth_order)
    return CleanedPose(
        np.asarray(raw_xy, dtype=np.float64), visibility, out, swapped, cutoff, outliers, unfiltered
    )
