"""Keep one person: split the pose track where it jumps to someone else.

Legacy BlazePose follows one person, but when it loses them it may pick up another (the
Sports2D demo: a man on a box, then a passing walker). Mixing two people in one series
gives nonsense events, so the track is cut wherever the hip midpoint jumps further than a
body can move, or the torso's size changes abruptly, and only the segment seen longest is
kept (the issue's rule: follow the person tracked longest).
"""

from __future__ import annotations

import itertools
from typing import Final

import numpy as np
from numpy.typing import NDArray

from backstride.gait.pose import L_HIP, L_SHOULDER, R_HIP, R_SHOULDER

FloatArray = NDArray[np.float64]

#: a jump of the hip midpoint, in torso lengths per frame elapsed, that no runner makes
#: (5 m/s at 30 fps moves ~0.35 torso lengths a frame)
MAX_JUMP_TORSOS_PER_FRAME: Final = 1.0
#: a frame-to-frame change of torso length by this factor means another person
MAX_SIZE_RATIO: Final = 1.6


def segments(pixels: FloatArray) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` frame ranges of one person each, in time order.

    ``pixels`` is ``(n, 33, 2)``; frames without a pose (NaN) belong to no segment.
    """
    hip = (pixels[:, L_HIP] + pixels[:, R_HIP]) / 2
    shoulder = (pixels[:, L_SHOULDER] + pixels[:, R_SHOULDER]) / 2
    torso = np.linalg.norm(shoulder - hip, axis=1)
    seen = np.flatnonzero(np.isfinite(hip).all(axis=1) & np.isfinite(torso) & (torso > 0))
    if seen.size == 0:
        return []
    found: list[tuple[int, int]] = []
    start = int(seen[0])
    for before, after in itertools.pairwise(seen):
        elapsed = int(after - before)
        jump = float(np.linalg.norm(hip[after] - hip[before]))
        size = max(torso[after], torso[before]) / min(torso[after], torso[before])
        limit = MAX_JUMP_TORSOS_PER_FRAME * float(torso[before]) * elapsed
        if jump > limit or size > MAX_SIZE_RATIO:
            found.append((start, int(before) + 1))
            start = int(after)
    found.append((start, int(seen[-1]) + 1))
    return found


def keep_longest(
    landmarks: FloatArray, pixels: FloatArray
) -> tuple[FloatArray, list[tuple[int, int]]]:
    """Landmarks with every frame outside the longest-seen person's segments set to NaN.

    Segments of the same person separated by another are not re-joined: the longest single
    segment wins. Returns the landmarks and all segments found.
    """
    found = segments(pixels)
    if len(found) <= 1:
        return landmarks, found
    start, stop = max(found, key=lambda seg: (seg[1] - seg[0], -seg[0]))
    out = np.full_like(landmarks, np.nan)
    out[start:stop] = landmarks[start:stop]
    return out, found
