"""2D angle functions in image coordinates (pixels, y down), signed by direction of travel.

``direction`` is +1 when the runner faces image-right and -1 when facing left; every
function multiplies horizontal differences by it, so a mirrored video gives the same
angles. Conventions follow Sports2D where it defines them (GAIT.md §1): knee flexion is
0° with the leg straight; angles are in degrees. Inputs broadcast: pass ``(2,)`` points or
``(n, 2)`` series.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def _xy(points: ArrayLike) -> FloatArray:
    return np.asarray(points, dtype=np.float64)


def segment_angle_from_horizontal(start: ArrayLike, end: ArrayLike, direction: int) -> FloatArray:
    """Angle of start→end above the horizontal, forward = 0°, up positive (-180..180)."""
    a, b = _xy(start), _xy(end)
    dx = (b[..., 0] - a[..., 0]) * direction
    dy = -(b[..., 1] - a[..., 1])
    return np.degrees(np.arctan2(dy, dx))


def segment_angle_from_vertical(top: ArrayLike, bottom: ArrayLike, direction: int) -> FloatArray:
    """Angle of a segment from the vertical, positive when ``top`` is ahead of ``bottom``.

    Trunk lean: top = shoulder midpoint, bottom = hip midpoint (forward lean positive).
    Shank angle: top = ankle, bottom = knee is wrong way up, so use
    :func:`shank_angle` for that.
    """
    t, b = _xy(top), _xy(bottom)
    dx = (t[..., 0] - b[..., 0]) * direction
    dy = b[..., 1] - t[..., 1]  # up is positive
    return np.degrees(np.arctan2(dx, dy))


def shank_angle(knee: ArrayLike, ankle: ArrayLike, direction: int) -> FloatArray:
    """Shank (tibia) angle from vertical: 0° vertical, positive with the ankle ahead of the knee."""
    k, a = _xy(knee), _xy(ankle)
    dx = (a[..., 0] - k[..., 0]) * direction
    dy = a[..., 1] - k[..., 1]  # down is positive
    return np.degrees(np.arctan2(dx, dy))


def three_point_angle(a: ArrayLike, vertex: ArrayLike, c: ArrayLike) -> FloatArray:
    """Unsigned angle a–vertex–c in degrees (0..180)."""
    u = _xy(a) - _xy(vertex)
    v = _xy(c) - _xy(vertex)
    cross = u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0]
    dot = (u * v).sum(axis=-1)
    return np.asarray(np.degrees(np.abs(np.arctan2(cross, dot))), dtype=np.float64)


def knee_flexion(hip: ArrayLike, knee: ArrayLike, ankle: ArrayLike) -> FloatArray:
    """Knee flexion: 0° with the leg straight, 90° at a right angle."""
    return 180.0 - three_point_angle(hip, knee, ankle)


def hip_flexion(shoulder: ArrayLike, hip: ArrayLike, knee: ArrayLike, direction: int) -> FloatArray:
    """Signed hip flexion: angle of the thigh (hip→knee) ahead of the trunk line extended
    down through the hip; 0° when thigh and trunk are aligned, negative = extension."""
    s, h, k = _xy(shoulder), _xy(hip), _xy(knee)
    down = h - s  # the trunk line continued below the hip
    thigh = k - h
    down_angle = np.arctan2(down[..., 1], down[..., 0] * direction)
    thigh_angle = np.arctan2(thigh[..., 1], thigh[..., 0] * direction)
    # in (forward-x, y-down) coordinates, a thigh swung forward has a smaller angle
    diff = np.degrees(down_angle - thigh_angle)
    return np.asarray((diff + 180.0) % 360.0 - 180.0, dtype=np.float64)


def foot_angle(heel: ArrayLike, toe: ArrayLike, direction: int) -> FloatArray:
    """Foot segment (heel→toe) above the horizontal; toe up positive."""
    return segment_angle_from_horizontal(heel, toe, direction)
