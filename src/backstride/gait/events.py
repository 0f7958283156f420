"""Gait events from a side view: initial contact (IC) and toe-off (TO) per foot.

- IC: the frame where the heel is furthest *ahead* of the hip midpoint (Zeni 2008, Gait
  Posture 27:710 — the hip midpoint stands in for the sacrum; 94 % of treadmill events
  within one frame of force plates). Forward is the direction the runner faces.
- TO: the frame, between one IC and the next IC of the same foot, where the toe (foot
  index) is furthest *behind* the hip midpoint (Zeni's toe-off rule).
- Checks (GAIT.md §3): the two feet alternate; step times 0.2–1.0 s (running is
  0.25–0.45 s, walking longer); contact times 0.1–1.0 s. Failing contacts are kept but
  marked invalid, with the reason.

Everything here is pure numpy on cleaned pixel series (:mod:`backstride.gait.signal`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray

from backstride.gait.pose import (
    L_ANKLE,
    L_HEEL,
    L_HIP,
    L_KNEE,
    L_TOE,
    R_ANKLE,
    R_HEEL,
    R_HIP,
    R_KNEE,
    R_TOE,
)

FloatArray = NDArray[np.float64]
Side = Literal["left", "right"]
SIDES: Final[tuple[Side, Side]] = ("left", "right")

#: landmark indices per side: hip, knee, ankle, heel, toe
LEG: Final[dict[Side, tuple[int, int, int, int, int]]] = {
    "left": (L_HIP, L_KNEE, L_ANKLE, L_HEEL, L_TOE),
    "right": (R_HIP, R_KNEE, R_ANKLE, R_HEEL, R_TOE),
}

STEP_TIME_S: Final = (0.2, 1.0)
CONTACT_TIME_S: Final = (0.1, 1.0)
MIN_STRIDE_S: Final = 0.4


@dataclass(frozen=True)
class Contact:
    """One foot contact: IC frame, TO frame (None if not found), validity and why not."""

    side: Side
    ic: int
    to: int | None
    valid: bool
    reason: str = ""
    ic_at: float = float("nan")  # sub-frame IC (frames), parabolic peak interpolation
    to_at: float | None = None  # sub-frame TO (frames)

    @property
    def ic_frames(self) -> float:
        return self.ic_at if np.isfinite(self.ic_at) else float(self.ic)

    @property
    def to_frames(self) -> float | None:
        if self.to is None:
            return None
        return self.to_at if self.to_at is not None else float(self.to)


def _filled(x: FloatArray) -> FloatArray:
    finite = np.isfinite(x)
    if finite.sum() < 2:
        return np.full_like(x, np.nan)
    index = np.arange(x.size)
    return np.interp(index, index[finite], x[finite])


def hip_mid(xy: FloatArray) -> FloatArray:
    """Hip midpoint series ``(n, 2)``."""
    return (xy[:, L_HIP] + xy[:, R_HIP]) / 2.0


def facing_direction(xy: FloatArray) -> int:
    """+1 if the runner faces image-right, -1 if left: sign of Σ(toe x - heel x) (Sports2D)."""
    dx = np.concatenate([xy[:, L_TOE, 0] - xy[:, L_HEEL, 0], xy[:, R_TOE, 0] - xy[:, R_HEEL, 0]])
    dx = dx[np.isfinite(dx)]
    return 1 if dx.size == 0 or float(np.sum(dx)) >= 0 else -1


def leg_length_px(xy: FloatArray) -> float:
    """Median thigh + shank length over frames and both legs, in pixels (NaN if unknown)."""
    lengths = []
    for hip, knee, ankle, _, _ in LEG.values():
        thigh = np.linalg.norm(xy[:, knee] - xy[:, hip], axis=1)
        shank = np.linalg.norm(xy[:, ankle] - xy[:, knee], axis=1)
        lengths.append(thigh + shank)
    values = np.concatenate(lengths)
    values = values[np.isfinite(values)]
    return float(np.median(values)) if values.size else float("nan")


def forward_of_hip(xy: FloatArray, point: int, direction: int) -> FloatArray:
    """Horizontal distance of a landmark ahead of the hip midpoint, pixels (forward positive)."""
    return (xy[:, point, 0] - hip_mid(xy)[:, 0]) * direction


def _refine(signal: FloatArray, at: int, reach: int, *, peak: bool) -> int:
    """The extremum of ``signal`` within ``reach`` frames of ``at`` (``at`` if none is finite)."""
    lo, hi = max(0, at - reach), min(signal.size, at + reach + 1)
    window = signal[lo:hi] if peak else -signal[lo:hi]
    if not np.isfinite(window).any():
        return at
    return lo + int(np.nanargmax(window))


def detect_contacts(
    xy: FloatArray,
    fps: float,
    direction: int,
    leg_px: float,
    unfiltered: FloatArray | None = None,
) -> list[Contact]:
    """All contacts of both feet, in time order, each checked (see module docstring).

    Peaks are found on the low-passed ``xy``; with ``unfiltered`` (despiked, not
    low-passed) each event moves to that signal's extremum within ±50 ms (at least one
    frame), since low-passing rounds off the sharp turn of the foot (GAIT.md §3), and gets
    its sub-frame time from a parabola through the neighbouring samples.
    """
    from scipy.signal import find_peaks

    found: list[tuple[Side, float, float | None]] = []
    distance = max(1, round(MIN_STRIDE_S * fps))
    prominence = 0.15 * leg_px if np.isfinite(leg_px) else None
    for side in SIDES:
        _, _, ankle, heel, toe = LEG[side]
        heel_ahead = forward_of_hip(xy, heel, direction)
        heel_ahead = np.where(
            np.isfinite(heel_ahead), heel_ahead, forward_of_hip(xy, ankle, direction)
        )
        toe_ahead = forward_of_hip(xy, toe, direction)
        signal = _filled(heel_ahead)
        if not np.isfinite(signal).any():
            continue
        peaks, _ = find_peaks(signal, distance=distance, prominence=prominence)
        peaks = [int(p) for p in peaks if np.isfinite(heel_ahead[p])]
        stride = float(np.median(np.diff(peaks))) if len(peaks) >= 2 else 0.8 * fps
        fine_heel, fine_toe = signal, _filled(toe_ahead)
        if unfiltered is not None:
            raw_heel = forward_of_hip(unfiltered, heel, direction)
            raw_ankle = forward_of_hip(unfiltered, ankle, direction)
            fine_heel = _filled(np.where(np.isfinite(raw_heel), raw_heel, raw_ankle))
            fine_toe = _filled(forward_of_hip(unfiltered, toe, direction))
        reach = max(1, round(0.05 * fps)) if unfiltered is not None else 0
        for k, ic in enumerate(peaks):
            end = peaks[k + 1] if k + 1 < len(peaks) else min(xy.shape[0], ic + round(stride))
            to = _toe_off(toe_ahead, ic, end)
            ic = _refine(fine_heel, ic, reach, peak=True)
            ic_at = _vertex(fine_heel, ic)
            to_at = None
            if to is not None:
                to = _refine(fine_toe, to, reach, peak=False)
                to_at = _vertex(-fine_toe, to)
            found.append((side, ic_at, to_at))
    found.sort(key=lambda item: (item[1], item[0]))
    return checked_contacts(found, fps)


def _vertex(signal: FloatArray, at: int) -> float:
    """Sub-frame position of the extremum at ``at`` by a parabola through three samples."""
    if at <= 0 or at >= signal.size - 1:
        return float(at)
    a, b, c = signal[at - 1 : at + 2]
    denominator = a - 2 * b + c
    if not np.isfinite(denominator) or denominator == 0:
        return float(at)
    return float(at + np.clip(0.5 * (a - c) / denominator, -0.5, 0.5))


def _toe_off(toe_ahead: FloatArray, ic: int, end: int) -> int | None:
    window = toe_ahead[ic + 1 : end]
    if window.size < 3 or not np.isfinite(window).any():
        return None
    at = int(np.nanargmin(window))
    if at in (0, window.size - 1):  # the minimum is at the edge: not a turning point
        return None
    return ic + 1 + at


def checked_contacts(
    found: list[tuple[Side, float, float | None]], fps: float, *, toe_off: bool = True
) -> list[Contact]:
    """Contacts with validity and reasons; ``toe_off=False`` (rear view) needs no toe-off."""
    contacts = []
    for i, (side, ic, to) in enumerate(found):
        reasons = []
        if to is None and toe_off:
            reasons.append("no toe-off found")
        elif to is not None:
            contact_s = (to - ic) / fps
            if not CONTACT_TIME_S[0] <= contact_s <= CONTACT_TIME_S[1]:
                reasons.append(f"contact time {contact_s * 1000:.0f} ms is implausible")
        neighbours = [found[j] for j in (i - 1, i + 1) if 0 <= j < len(found)]
        if any(other[0] == side for other in neighbours):
            reasons.append("feet do not alternate here (a contact was missed)")
        for other in neighbours:
            step_s = abs(other[1] - ic) / fps
            if not STEP_TIME_S[0] <= step_s <= STEP_TIME_S[1]:
                reasons.append(f"step time {step_s:.2f} s is implausible")
        contacts.append(
            Contact(
                side,
                round(ic),
                None if to is None else round(to),
                not reasons,
                "; ".join(reasons),
                ic,
                to,
            )
        )
    return contacts
