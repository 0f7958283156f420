"""The whole analysis on synthetic landmarks: metric truth, JSON shape, mirror, determinism."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from backstride.errors import InputError
from backstride.gait import analyse_landmarks
from backstride.gait.metrics import MIN_STEPS_PER_SIDE, SIDE_VIEW_METRICS, spectral_cadence
from tests.core.gait.synthetic import HEIGHT, SHANK, THIGH, WIDTH, Runner, mirrored


def _analyse(runner: Runner, landmarks: np.ndarray | None = None):  # type: ignore[no-untyped-def]
    found = runner.landmarks() if landmarks is None else landmarks
    return analyse_landmarks(found, fps=runner.fps, width=WIDTH, height=HEIGHT)


@pytest.mark.parametrize("fps", [30.0, 120.0])
@pytest.mark.parametrize("cadence", [150.0, 172.0, 190.0])
def test_cadence_within_one_step_per_minute(fps: float, cadence: float) -> None:
    result = _analyse(Runner(fps=fps, cadence_spm=cadence))
    assert result.metrics["cadence"].median == pytest.approx(cadence, abs=1.0)
    assert result.cadence_spectral_spm == pytest.approx(cadence, abs=1.0)


def test_metrics_match_the_synthetic_truth_at_120_fps() -> None:
    runner = Runner(fps=120.0)
    result = _analyse(runner)
    m = {name: metric.median for name, metric in result.metrics.items()}
    leg = THIGH + SHANK
    assert m["overstride"] == pytest.approx(100 * runner.reach_m / leg, abs=1.0)
    assert m["trunk_lean"] == pytest.approx(runner.lean_deg, abs=0.1)
    assert m["vertical_oscillation"] == pytest.approx(100 * 2 * runner.bounce_m / leg, abs=0.3)
    # Zeni's toe-off on a low-passed toe path that turns sharply lands 1–2 frames late
    assert m["contact_time"] == pytest.approx(1000 * runner.duty / runner.stride_hz, abs=20)
    assert m["duty_factor"] == pytest.approx(100 * runner.duty, abs=3)
    assert m["foot_strike_angle"] == pytest.approx(runner.strike_deg, abs=2.0)
    assert m["rearfoot_strike_share"] == 100.0
    assert result.metrics["contact_time"].quality == "ok"  # 120 fps and up
    assert result.metrics["cadence"].quality == "ok"


def test_forefoot_runner_is_not_rearfoot() -> None:
    result = _analyse(Runner(fps=120.0, strike_deg=-8.0))
    assert result.metrics["rearfoot_strike_share"].median == 0.0
    assert result.metrics["foot_strike_angle"].median == pytest.approx(-8.0, abs=2.0)


def test_a_mirrored_video_gives_the_same_metrics() -> None:
    runner = Runner()
    straight = _analyse(runner).as_json()
    flipped = _analyse(runner, mirrored(runner.landmarks())).as_json()
    assert flipped == straight


def test_results_are_deterministic_and_order_is_stable() -> None:
    runner = Runner()
    first, second = _analyse(runner).as_json(), _analyse(runner).as_json()
    assert json.dumps(first) == json.dumps(second)
    assert list(first["metrics"]) == list(SIDE_VIEW_METRICS)


def test_json_has_exactly_the_cli_shape() -> None:
    document = _analyse(Runner()).as_json()
    assert set(document) == {"view", "fps", "frames", "steps", "metrics", "warnings"}
    assert set(document["steps"]) == {"left", "right"}
    for metric in document["metrics"].values():
        assert set(metric) == {"median", "iqr", "unit", "n", "quality"}
    assert all(isinstance(w, str) for w in document["warnings"])
    json.dumps(document)


def test_too_few_steps_gives_no_numbers_and_says_why() -> None:
    result = _analyse(Runner(duration_s=3.0))
    assert min(result.steps().values()) < MIN_STEPS_PER_SIDE
    for metric in result.metrics.values():
        assert metric.median is None
        assert metric.quality == "unavailable"
        assert "per side" in metric.reason
    assert any("usable steps" in w for w in result.as_json()["warnings"])


def test_nobody_in_the_clip_is_an_error() -> None:
    empty = np.full((300, 33, 4), np.nan)
    with pytest.raises(InputError, match="nobody"):
        analyse_landmarks(empty, fps=30.0, width=WIDTH, height=HEIGHT)


def test_low_visibility_legs_warn() -> None:
    runner = Runner()
    landmarks = runner.landmarks()
    landmarks[:, 23:33, 3] = 0.55
    warnings = _analyse(runner, landmarks).as_json()["warnings"]
    assert any("poorly visible" in w for w in warnings)


def test_small_runner_and_tilted_camera_warn() -> None:
    runner = Runner()
    landmarks = runner.landmarks()
    # shrink the runner to a third of the frame, then tilt the picture by 6 degrees
    landmarks[:, :, :2] = 0.5 + (landmarks[:, :, :2] - 0.5) * 0.45
    px = landmarks[:, :, :2] * [WIDTH, HEIGHT]
    a = np.radians(6.0)
    centre = np.array([WIDTH / 2, HEIGHT / 2])
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    landmarks[:, :, :2] = ((px - centre) @ rot.T + centre) / [WIDTH, HEIGHT]
    codes = " ".join(_analyse(runner, landmarks).as_json()["warnings"])
    assert "frame height" in codes
    assert "tilted" in codes


def test_csv_writers(tmp_path: Path) -> None:
    result = _analyse(Runner())
    frames, steps = result.write_csv(tmp_path / "out")
    with frames.open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == result.frames
    assert {"left_heel_x_raw", "left_heel_visibility", "left_heel_x"} <= set(rows[0])
    with steps.open() as handle:
        step_rows = list(csv.DictReader(handle))
    assert len(step_rows) == len(result.contacts)
    assert set(SIDE_VIEW_METRICS) <= set(step_rows[0])


def test_spectral_cadence_needs_enough_signal() -> None:
    assert spectral_cadence(np.full(10, np.nan), 30.0) is None


def test_detail_extends_the_summary_and_is_json_ready() -> None:
    result = _analyse(Runner())
    detail = result.as_detail()
    summary = result.as_json()
    assert {
        k: v for k, v in detail["metrics"]["cadence"].items() if k in summary["metrics"]["cadence"]
    } == summary["metrics"]["cadence"]
    assert detail["metrics"]["cadence"]["reference"]["source"]
    assert len(detail["metrics"]["cadence"]["per_step"]["left"]) >= MIN_STEPS_PER_SIDE
    assert {w["code"] for w in detail["warnings"]} == {"low_fps"}
    assert len(detail["contacts"]) == len(result.contacts)
    json.dumps(detail)


def test_variable_frame_rate_is_resampled_to_a_uniform_grid() -> None:
    from backstride.gait.estimate import resample_uniform

    times = np.cumsum(np.r_[0.0, np.where(np.arange(299) % 2 == 0, 0.030, 0.0367)])
    landmarks = np.zeros((300, 33, 4))
    landmarks[:, :, 0] = times[:, None]  # x = time, so interpolation is exact
    landmarks[100] = np.nan
    out = resample_uniform(landmarks, times, 30.0)
    grid = np.arange(out.shape[0]) / 30.0
    finite = np.isfinite(out[:, 0, 0])
    assert np.allclose(out[finite, 0, 0], grid[finite])
    assert 1 <= (~finite).sum() <= 2  # only around the missing frame
