"""Angle functions against points placed at known angles: exact to 0.1°."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.gait import angles


def _polar(origin: tuple[float, float], length: float, deg_from_down_forward: float) -> list[float]:
    """A point ``length`` px from ``origin``, ``deg`` forward of straight down (image y down)."""
    r = np.radians(deg_from_down_forward)
    return [origin[0] + length * np.sin(r), origin[1] + length * np.cos(r)]


@given(st.floats(0, 170), st.floats(-60, 60), st.sampled_from([1, -1]))
def test_knee_flexion_is_exact_for_any_thigh_orientation(
    flexion: float, thigh: float, facing: int
) -> None:
    hip = (500.0, 100.0)
    knee = _polar(hip, 200, thigh)
    ankle = _polar((knee[0], knee[1]), 220, thigh - flexion)
    if facing == -1:
        hip, knee, ankle = (
            (1000 - hip[0], hip[1]),
            [1000 - knee[0], knee[1]],
            [1000 - ankle[0], ankle[1]],
        )
    assert float(angles.knee_flexion(hip, knee, ankle)) == pytest.approx(flexion, abs=0.1)


@pytest.mark.parametrize("deg", [-25.0, -3.0, 0.0, 7.5, 30.0])
@pytest.mark.parametrize("facing", [1, -1])
def test_shank_angle_is_positive_with_the_ankle_ahead(deg: float, facing: int) -> None:
    knee = [400.0, 300.0]
    ankle = [400.0 + facing * 180 * np.sin(np.radians(deg)), 300.0 + 180 * np.cos(np.radians(deg))]
    assert float(angles.shank_angle(knee, ankle, facing)) == pytest.approx(deg, abs=0.1)


@pytest.mark.parametrize("deg", [-5.0, 0.0, 8.0, 20.0])
@pytest.mark.parametrize("facing", [1, -1])
def test_trunk_lean_is_positive_forward(deg: float, facing: int) -> None:
    hip = [600.0, 500.0]
    shoulder = [
        600.0 + facing * 250 * np.sin(np.radians(deg)),
        500.0 - 250 * np.cos(np.radians(deg)),
    ]
    assert float(angles.segment_angle_from_vertical(shoulder, hip, facing)) == pytest.approx(
        deg, abs=0.1
    )


@pytest.mark.parametrize("deg", [-30.0, 0.0, 12.0, 25.0])
@pytest.mark.parametrize("facing", [1, -1])
def test_foot_angle_is_positive_toe_up(deg: float, facing: int) -> None:
    heel = [300.0, 900.0]
    toe = [300.0 + facing * 110 * np.cos(np.radians(deg)), 900.0 - 110 * np.sin(np.radians(deg))]
    assert float(angles.foot_angle(heel, toe, facing)) == pytest.approx(deg, abs=0.1)


@pytest.mark.parametrize("thigh", [-20.0, -5.0, 0.0, 15.0, 40.0])
@pytest.mark.parametrize("lean", [0.0, 10.0])
@pytest.mark.parametrize("facing", [1, -1])
def test_hip_flexion_is_thigh_forward_of_the_trunk_line(
    thigh: float, lean: float, facing: int
) -> None:
    hip = np.array([500.0, 500.0])
    up = np.array([facing * np.sin(np.radians(lean)), -np.cos(np.radians(lean))])
    shoulder = hip + 300 * up
    knee = _polar((500.0, 500.0), 200, thigh - lean)  # the trunk line below the hip points back
    knee = [500.0 + facing * (knee[0] - 500.0), knee[1]]
    assert float(angles.hip_flexion(shoulder, hip, knee, facing)) == pytest.approx(thigh, abs=0.1)


def test_series_broadcast() -> None:
    hips = np.array([[0.0, 0.0], [0.0, 0.0]])
    knees = np.array([[0.0, 1.0], [0.0, 1.0]])
    ankles = np.array([[0.0, 2.0], [1.0, 1.0]])
    assert np.allclose(angles.knee_flexion(hips, knees, ankles), [0.0, 90.0])
