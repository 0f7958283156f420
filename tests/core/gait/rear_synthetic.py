"""A synthetic treadmill runner filmed from behind, with known truth, generated in code.

World metres: X sideways (the runner's right positive), Y up, Z forward (away from the
camera). The hip centre stays at Z = 0 (treadmill). A pinhole camera at height
``camera_height_m``, ``distance_m`` behind the hips, looks straight ahead (focal length
``FOCAL_PX``); ``perspective=False`` projects orthographically at the hips' scale instead.

Per stride (phase 0 at the left foot's initial contact, IC):

- each heel: stance (phase 0..duty) on the ground from ``reach`` ahead of the hips to
  ``reach`` behind on a half cosine; swing returns it on a half cosine while lifting it
  ``lift`` (half sine), so it is still falling when it lands — IC is that frame;
- each foot lands ``step_width_m / 2`` to its own side of the belt's centre line (negative
  width = crossover), plus ``drift_m_s`` × t as the runner drifts across the belt;
- the pelvis centre sways ``sway_m`` peak to peak towards the stance foot, plus the drift;
- the hip line dips on the swing side by ``drop_left_deg`` during the left foot's step
  (left IC to right IC) and ``drop_right_deg`` during the right foot's, as a half sine;
- ``tilt_deg`` rotates the whole picture (a tilted camera).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from backstride.gait import pose
from tests.core.gait.synthetic import HEIGHT, SHANK, THIGH, WIDTH, StrideClock, knee_ik

FloatArray = NDArray[np.float64]
FOCAL_PX = 1400.0
HIP_HALF_M = 0.09
LEG_M = THIGH + SHANK


@dataclass
class RearRunner(StrideClock):
    duty: float = 0.36
    reach_m: float = 0.30
    lift_m: float = 0.30
    step_width_m: float = 0.08
    sway_m: float = 0.03
    drift_m_s: float = 0.0
    drop_left_deg: float = 6.0
    drop_right_deg: float = 6.0
    bounce_m: float = 0.04
    hip_height_m: float = 0.90
    camera_height_m: float = 0.90
    distance_m: float = 4.0
    perspective: bool = True
    tilt_deg: float = 0.0

    def true_ics(self, side: str) -> list[float]:
        """IC frames (exact, fractional) inside the clip."""
        offset = 0.0 if side == "left" else 0.5
        out = []
        for k in range(-2, int(self.duration_s * self.stride_hz) + 3):
            frame = (k - self.phase0 - offset) / self.stride_hz * self.fps
            if 0 < frame < self.n - 1:
                out.append(frame)
        return out

    def heel(self, side: str) -> FloatArray:
        phi = self.phase(side)
        d, a = self.duty, self.reach_m
        stance = phi < d
        s = np.where(stance, 0.0, (phi - d) / (1 - d))
        z = np.where(stance, a * np.cos(np.pi * phi / d), -a * np.cos(np.pi * s))
        y = np.where(stance, 0.0, self.lift_m * np.sin(np.pi * s))
        sign = 1.0 if side == "right" else -1.0
        x = sign * self.step_width_m / 2 + self.drift_m_s * self.time()
        return np.stack([x, y, z], axis=1)

    def pelvis(self) -> tuple[FloatArray, FloatArray]:
        """Left and right hip (n, 3)."""
        phi = self.phase("left")
        x = -self.sway_m / 2 * np.sin(2 * np.pi * phi) + self.drift_m_s * self.time()
        y = self.hip_height_m - self.bounce_m * np.cos(4 * np.pi * (phi - self.duty / 2))
        left_step = phi < 0.5
        u = np.where(left_step, phi / 0.5, (phi - 0.5) / 0.5)
        right_up = np.where(
            left_step,
            -self.drop_left_deg * np.sin(np.pi * u),
            self.drop_right_deg * np.sin(np.pi * u),
        )
        a = np.radians(right_up)
        centre = np.stack([x, y, np.zeros(self.n)], axis=1)
        half = HIP_HALF_M * np.stack([np.cos(a), np.sin(a), np.zeros(self.n)], axis=1)
        return centre - half, centre + half

    def world(self) -> dict[int, FloatArray]:
        left_hip, right_hip = self.pelvis()
        points: dict[int, FloatArray] = {pose.L_HIP: left_hip, pose.R_HIP: right_hip}
        for side, hip in (("left", left_hip), ("right", right_hip)):
            knee_i, ankle_i, heel_i, toe_i = (
                (pose.L_KNEE, pose.L_ANKLE, pose.L_HEEL, pose.L_TOE)
                if side == "left"
                else (pose.R_KNEE, pose.R_ANKLE, pose.R_HEEL, pose.R_TOE)
            )
            heel = self.heel(side)
            ankle = heel + np.array([0.0, 0.08, 0.05])
            toe = heel + np.array([0.0, 0.02, 0.20])
            # knee in the sagittal plane (forward = Z), sideways halfway between hip and ankle
            sagittal = knee_ik(hip[:, [2, 1]], ankle[:, [2, 1]])
            knee = np.stack([(hip[:, 0] + ankle[:, 0]) / 2, sagittal[:, 1], sagittal[:, 0]], axis=1)
            points.update({knee_i: knee, ankle_i: ankle, heel_i: heel, toe_i: toe})
        centre = (left_hip + right_hip) / 2
        shoulder = centre + np.array([0.0, 0.55, 0.0])
        points[pose.L_SHOULDER] = shoulder - np.array([0.18, 0.0, 0.0])
        points[pose.R_SHOULDER] = shoulder + np.array([0.18, 0.0, 0.0])
        head = shoulder + np.array([0.0, 0.25, 0.0])
        for k in range(pose.N_LANDMARKS):
            points.setdefault(k, head if k <= 10 else shoulder)
        return points

    def pixels(self) -> FloatArray:
        """``(n, 33, 2)`` pixels (y down) of a ``WIDTH``×``HEIGHT`` frame."""
        out = np.empty((self.n, pose.N_LANDMARKS, 2))
        cx, cy = WIDTH / 2, HEIGHT / 2
        for k, p in self.world().items():
            depth = p[:, 2] + self.distance_m if self.perspective else self.distance_m
            out[:, k, 0] = cx + FOCAL_PX * p[:, 0] / depth
            out[:, k, 1] = cy + FOCAL_PX * (self.camera_height_m - p[:, 1]) / depth
        if self.tilt_deg:
            a = np.radians(self.tilt_deg)
            rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
            out = (out - [cx, cy]) @ rot.T + [cx, cy]
        return out

    def landmarks(self) -> FloatArray:
        """``(n, 33, 4)`` in the pose seam's normalised coordinates."""
        px = self.pixels()
        out = np.zeros((self.n, pose.N_LANDMARKS, 4))
        out[:, :, 0] = px[:, :, 0] / WIDTH
        out[:, :, 1] = px[:, :, 1] / HEIGHT
        out[:, :, 3] = 0.9
        return out


#: BlazePose left/right landmark pairs (face, arms, hands, legs)
PAIRS = ((1, 4), (2, 5), (3, 6), (7, 8), (9, 10), *((k, k + 1) for k in range(11, 33, 2)))


def mirrored_relabelled(landmarks: FloatArray) -> FloatArray:
    """A left-right flipped video as a pose model sees it: x flipped, and the person's left
    and right labels exchanged (the flipped runner's left leg is the real right leg)."""
    out = landmarks.copy()
    out[:, :, 0] = 1.0 - out[:, :, 0]
    for left, right in PAIRS:
        out[:, [left, right]] = out[:, [right, left]]
    return out
