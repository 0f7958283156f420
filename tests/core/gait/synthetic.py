"""A synthetic side-view runner with known truth, generated in code (no files).

World units are metres (x forward, y up), converted to pixels of a 1920×1080 frame (y down)
and then to the pose seam's normalised coordinates. One stride per ``1 / stride_hz``:

- heel relative to the hip: stance (phase 0..duty) moves from +A to -A on the ground
  along a half cosine; swing eases back to +A the same way while lifting ``lift``; so the heel
  is furthest ahead exactly at initial contact (phase 0) and the toe furthest behind at
  toe-off (phase = duty), the rules :mod:`backstride.gait.events` uses;
- foot angle: ``strike_deg`` at contact, flat by 20 % of stance, flat until 60 %, then
  -30° at toe-off, and back to ``strike_deg`` through swing;
- knee from two-link inverse kinematics (thigh = shank = 0.45 m), bent forward;
- hip height oscillates ``bounce`` metres either side, lowest at mid-stance;
- trunk (hip→shoulder, 0.55 m) leans ``lean_deg`` forward.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from backstride.gait import pose

FloatArray = NDArray[np.float64]
WIDTH, HEIGHT = 1920, 1080
THIGH = SHANK = 0.45
FOOT = 0.25
SCALE = 450.0  # px per metre
GROUND_PX = 1000.0
CENTRE_PX = 960.0


@dataclass
class StrideClock:
    """Timing shared by the synthetic runners: each foot's phase in its stride, 0 at contact."""

    fps: float = 30.0
    duration_s: float = 10.0
    cadence_spm: float = 170.0
    phase0: float = 0.3

    @property
    def stride_hz(self) -> float:
        return self.cadence_spm / 120.0

    @property
    def n(self) -> int:
        return round(self.duration_s * self.fps)

    def time(self) -> FloatArray:
        return np.arange(self.n) / self.fps

    def phase(self, side: str) -> FloatArray:
        offset = 0.0 if side == "left" else 0.5
        return (self.time() * self.stride_hz + self.phase0 + offset) % 1.0


@dataclass
class Runner(StrideClock):
    duty: float = 0.36
    reach_m: float = 0.30
    lift_m: float = 0.25
    strike_deg: float = 15.0
    lean_deg: float = 8.0
    bounce_m: float = 0.04
    hip_height_m: float = 0.83
    facing: int = 1

    def true_contacts(self, side: str) -> tuple[list[float], list[float]]:
        """(IC frames, TO frames) as exact fractional frame numbers inside the clip."""
        offset = 0.0 if side == "left" else 0.5
        ics, tos = [], []
        for k in range(-2, int(self.duration_s * self.stride_hz) + 3):
            t_ic = (k - self.phase0 - offset) / self.stride_hz
            t_to = t_ic + self.duty / self.stride_hz
            if 0 < t_ic * self.fps < self.n - 1:
                ics.append(t_ic * self.fps)
            if 0 < t_to * self.fps < self.n - 1:
                tos.append(t_to * self.fps)
        return ics, tos

    def foot(self, side: str) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Heel (n, 2), toe (n, 2), ankle (n, 2) in world metres, hip at x = 0."""
        phi = self.phase(side)
        d, a = self.duty, self.reach_m
        stance = phi < d
        s = np.where(stance, 0.0, (phi - d) / (1 - d))
        x = np.where(stance, a * np.cos(np.pi * phi / d), -a * np.cos(np.pi * s))
        y = np.where(stance, 0.0, self.lift_m * np.sin(np.pi * s))
        u = phi / d
        theta_stance = np.interp(u, [0.0, 0.2, 0.6, 1.0], [self.strike_deg, 0.0, 0.0, -30.0])
        theta = np.where(stance, theta_stance, -30.0 + (self.strike_deg + 30.0) * s)
        t = np.radians(theta)
        heel = np.stack([x, y], axis=1)
        toe = heel + FOOT * np.stack([np.cos(t), np.sin(t)], axis=1)
        # ankle 5 cm ahead of and 8 cm above the heel, in the foot's frame
        ankle = heel + np.stack(
            [0.05 * np.cos(t) - 0.08 * np.sin(t), 0.05 * np.sin(t) + 0.08 * np.cos(t)], axis=1
        )
        return heel, toe, ankle

    def hip(self) -> FloatArray:
        phi = self.phase("left")
        height = self.hip_height_m - self.bounce_m * np.cos(4 * np.pi * (phi - self.duty / 2))
        return np.stack([np.zeros(self.n), height], axis=1)

    def world(self) -> dict[int, FloatArray]:
        hip = self.hip()
        points: dict[int, FloatArray] = {}
        lean = np.radians(self.lean_deg)
        shoulder = hip + 0.55 * np.array([np.sin(lean), np.cos(lean)])
        nose = shoulder + np.array([0.08, 0.25])
        for side, idx in (
            ("left", (pose.L_HIP, pose.L_KNEE, pose.L_ANKLE, pose.L_HEEL, pose.L_TOE)),
            ("right", (pose.R_HIP, pose.R_KNEE, pose.R_ANKLE, pose.R_HEEL, pose.R_TOE)),
        ):
            heel, toe, ankle = self.foot(side)
            points[idx[0]] = hip
            points[idx[1]] = knee_ik(hip, ankle)
            points[idx[2]] = ankle
            points[idx[3]] = heel
            points[idx[4]] = toe
        points[pose.L_SHOULDER] = points[pose.R_SHOULDER] = shoulder
        for k in range(pose.N_LANDMARKS):
            points.setdefault(k, nose if k <= 10 else shoulder)
        return points

    def pixels(self) -> FloatArray:
        """``(n, 33, 2)`` pixel coordinates (y down)."""
        world = self.world()
        out = np.empty((self.n, pose.N_LANDMARKS, 2))
        for k, p in world.items():
            out[:, k, 0] = CENTRE_PX + self.facing * SCALE * p[:, 0]
            out[:, k, 1] = GROUND_PX - SCALE * p[:, 1]
        return out

    def landmarks(self) -> FloatArray:
        """``(n, 33, 4)`` in the seam's normalised coordinates, near (left) side more visible."""
        px = self.pixels()
        out = np.zeros((self.n, pose.N_LANDMARKS, 4))
        out[:, :, 0] = px[:, :, 0] / WIDTH
        out[:, :, 1] = px[:, :, 1] / HEIGHT
        out[:, :, 3] = 0.95
        for _, right in pose.LEG_PAIRS:
            out[:, right, 3] = 0.85
        return out


def knee_ik(hip: FloatArray, ankle: FloatArray) -> FloatArray:
    """Knee position (world metres) for thigh = shank, bent forward."""
    d_vec = ankle - hip
    d = np.linalg.norm(d_vec, axis=1)
    d = np.minimum(d, THIGH + SHANK - 1e-9)
    half = d / 2
    offset = np.sqrt(THIGH**2 - half**2)
    mid = hip + d_vec / 2
    unit = d_vec / np.linalg.norm(d_vec, axis=1)[:, None]
    normal = np.stack([-unit[:, 1], unit[:, 0]], axis=1)  # rotate +90°
    normal = np.where(normal[:, :1] >= 0, normal, -normal)  # pointing forward
    return mid + offset[:, None] * normal


def mirrored(landmarks: FloatArray) -> FloatArray:
    out = landmarks.copy()
    out[:, :, 0] = 1.0 - out[:, :, 0]
    return out
