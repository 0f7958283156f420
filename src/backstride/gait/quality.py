"""Capture-quality gate: warnings that say what is wrong with the filming and how to re-film.

Thresholds (GAIT.md "Implications" §6): fps < 60 (contact times), runner < 40 % of the
frame height, mean lower-limb visibility < 0.6, camera tilt > 3° (side view: a line fitted
through the feet in mid-stance, as Sports2D fits its floor; rear view: the hip line's mean
angle over whole strides), fewer than 6 valid steps per side. A rear view also checks that
the hips are apart in the picture (:func:`rear_gate`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from backstride.gait.events import LEG, Contact, Side
from backstride.gait.metrics import MIN_STEPS_PER_SIDE

FloatArray = NDArray[np.float64]

MIN_FPS_FOR_CONTACT: Final = 60.0
MIN_HEIGHT_FRACTION: Final = 0.40
MIN_LEG_VISIBILITY: Final = 0.6
MAX_TILT_DEG: Final = 3.0
_LOWER_LIMB: Final = tuple(sorted({i for leg in LEG.values() for i in leg}))


@dataclass(frozen=True)
class QualityWarning:
    """One warning: a stable ``code``, what we found, and how to film better."""

    code: str
    message: str
    advice: str

    def text(self) -> str:
        return f"{self.message} {self.advice}".strip()


def runner_height_fraction(raw_xy: FloatArray, frame_height: int) -> float:
    """Median over frames with a pose of (lowest - highest landmark) / frame height."""
    y = raw_xy[:, :, 1]
    seen = np.isfinite(y).any(axis=1)
    if not seen.any():
        return 0.0
    extent = np.nanmax(y[seen], axis=1) - np.nanmin(y[seen], axis=1)
    return float(np.median(extent)) / frame_height


def lower_limb_visibility(visibility: FloatArray) -> float:
    """Mean visibility of hips, knees, ankles, heels and toes in frames with a pose (0 if none)."""
    values = visibility[:, list(_LOWER_LIMB)]
    values = values[np.isfinite(values).all(axis=1)]
    return float(values.mean()) if values.size else 0.0


def camera_tilt_deg(xy: FloatArray, contacts: list[Contact], direction: int) -> float | None:
    """Tilt of the floor line through heels and toes in mid-stance; None if too few points."""
    xs: list[float] = []
    ys: list[float] = []
    for c in contacts:
        if not c.valid or c.to is None:
            continue
        _, _, _, heel, toe = LEG[c.side]
        third = max(1, (c.to - c.ic) // 3)
        for frame in range(c.ic + third, c.to - third + 1):
            for point in (heel, toe):
                x, y = xy[frame, point]
                if np.isfinite(x) and np.isfinite(y):
                    xs.append(float(x) * direction)
                    ys.append(-float(y))
    if len(xs) < 6 or np.ptp(xs) <= 0:
        return None
    slope = np.polyfit(np.array(xs), np.array(ys), 1)[0]
    return float(np.degrees(np.arctan(slope)))


def gate(
    *,
    fps: float,
    raw_xy: FloatArray,
    visibility: FloatArray,
    frame_height: int,
    xy: FloatArray,
    contacts: list[Contact],
    direction: int,
) -> list[QualityWarning]:
    """All capture-quality warnings for one side-view clip, most important first."""
    found = _steps_size_visibility(contacts, raw_xy, frame_height, visibility)
    tilt = camera_tilt_deg(xy, contacts, direction)
    if tilt is not None and abs(tilt) > MAX_TILT_DEG:
        found.append(
            QualityWarning(
                "camera_tilted",
                f"The camera looks tilted by about {abs(tilt):.1f}° (floor line from the feet).",
                "Level the phone on a tripod at mid-hip height, square to the runner.",
            )
        )
    if fps < MIN_FPS_FOR_CONTACT:
        found.append(
            QualityWarning(
                "low_fps",
                f"The video has {fps:.0f} frames/s: contact time and duty factor are rough "
                "(each event is only known to ±1 frame).",
                "Film in slow motion (120 or 240 frames/s) for contact times.",
            )
        )
    return found


def rear_gate(
    *,
    raw_xy: FloatArray,
    visibility: FloatArray,
    frame_height: int,
    contacts: list[Contact],
    tilt_deg: float | None,
    hip_width_ratio: float,
    min_hip_width: float,
) -> list[QualityWarning]:
    """Capture-quality warnings for one rear-view clip, most important first.

    ``tilt_deg`` is the hip line's mean angle over whole strides: a level pelvis on average
    is assumed, so more than 3° is read as a tilted camera (or a pelvis held lopsided).
    ``hip_width_ratio`` below ``min_hip_width`` means the hips overlap: not a rear view.
    """
    found: list[QualityWarning] = []
    if hip_width_ratio < min_hip_width:
        found.append(
            QualityWarning(
                "not_rear_view",
                f"The hips are only {hip_width_ratio:.0%} of a leg length apart in the picture: "
                "this does not look like a view from behind, so no rear-view metric is given.",
                "Film from straight behind the treadmill, at mid-hip height, 3–5 m back "
                "(or analyse this clip with --view side).",
            )
        )
    found += _steps_size_visibility(contacts, raw_xy, frame_height, visibility)
    if tilt_deg is not None and abs(tilt_deg) > MAX_TILT_DEG:
        found.append(
            QualityWarning(
                "camera_tilted",
                f"The hip line leans {abs(tilt_deg):.1f}° on average over the clip: the camera "
                "is probably tilted (or the pelvis is held lopsided). Pelvic drop is read "
                "against the picture's horizontal, so one side gains what the other loses.",
                "Level the phone on a tripod at mid-hip height, straight behind the runner.",
            )
        )
    return found


def _steps_size_visibility(
    contacts: list[Contact], raw_xy: FloatArray, frame_height: int, visibility: FloatArray
) -> list[QualityWarning]:
    found: list[QualityWarning] = []
    counts: dict[Side, int] = {"left": 0, "right": 0}
    for c in contacts:
        counts[c.side] += c.valid
    if min(counts.values()) < MIN_STEPS_PER_SIDE:
        found.append(
            QualityWarning(
                "too_few_steps",
                f"Only {counts['left']} left and {counts['right']} right usable steps were found; "
                f"metrics need at least {MIN_STEPS_PER_SIDE} per side.",
                "Film at least 15–20 s of steady running with the whole body in view all the time.",
            )
        )
    fraction = runner_height_fraction(raw_xy, frame_height)
    if fraction < MIN_HEIGHT_FRACTION:
        found.append(
            QualityWarning(
                "runner_small",
                f"The runner fills {fraction:.0%} of the frame height (we want at least 40 %).",
                "Move the camera closer (3–5 m) or zoom in, keeping head and feet in view.",
            )
        )
    visible = lower_limb_visibility(visibility)
    if visible < MIN_LEG_VISIBILITY:
        found.append(
            QualityWarning(
                "legs_poorly_visible",
                f"The legs and feet were poorly visible (mean confidence {visible:.2f}).",
                "Light the runner well, avoid clothes that match the background, and keep the "
                "treadmill console or rails from hiding the feet.",
            )
        )
    return found
