"""Rear view on a synthetic treadmill runner filmed from behind, with known truth."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from backstride.cli import app
from backstride.gait import FakePose, GaitResult, analyse_landmarks
from backstride.gait import analyse as analyse_module
from backstride.gait.metrics import MIN_STEPS_PER_SIDE
from backstride.gait.rear import REAR_VIEW_METRICS, clip_tilt_deg, hip_line_deg
from tests.core.gait.clips import write_clip
from tests.core.gait.rear_synthetic import LEG_M, RearRunner, mirrored_relabelled
from tests.core.gait.synthetic import HEIGHT, WIDTH, Runner


def _analyse(runner: RearRunner, landmarks: np.ndarray | None = None) -> GaitResult:
    found = runner.landmarks() if landmarks is None else landmarks
    return analyse_landmarks(found, fps=runner.fps, width=WIDTH, height=HEIGHT, view="rear")


def _medians(result: GaitResult, name: str) -> dict[str, float]:
    per_step = result.metrics[name].per_step
    return {side: float(np.median(values)) for side, values in per_step.items()}


@pytest.mark.parametrize("perspective", [True, False])
@pytest.mark.parametrize("fps", [30.0, 60.0, 120.0])
def test_contacts_are_within_one_frame_of_the_truth(fps: float, perspective: bool) -> None:
    runner = RearRunner(fps=fps, perspective=perspective)
    result = _analyse(runner)
    for side in ("left", "right"):
        truth = np.array(runner.true_ics(side))
        found = np.array([c.ic_frames for c in result.contacts if c.side == side])
        # every contact found is a true one, to within a frame ...
        assert all(np.min(np.abs(truth - at)) <= 1.0 for at in found)
        # ... and every true contact with a whole swing before it in the clip is found
        wanted = truth[truth > 0.8 * fps / runner.stride_hz]
        assert all(np.min(np.abs(found - at)) <= 1.0 for at in wanted)
    assert all(c.valid for c in result.contacts)
    assert all(c.to is None for c in result.contacts)  # no toe-off from behind


@pytest.mark.parametrize("cadence", [150.0, 172.0, 190.0])
def test_cadence_within_one_step_per_minute(cadence: float) -> None:
    result = _analyse(RearRunner(cadence_spm=cadence))
    assert result.metrics["cadence"].median == pytest.approx(cadence, abs=1.0)
    assert result.cadence_spectral_spm == pytest.approx(cadence, abs=1.0)


@pytest.mark.parametrize("fps", [30.0, 60.0])
def test_pelvic_drop_per_side_within_half_a_degree(fps: float) -> None:
    runner = RearRunner(fps=fps, drop_left_deg=9.0, drop_right_deg=4.0)
    result = _analyse(runner)
    drop = result.metrics["pelvic_drop"]
    assert drop.quality == "ok"
    assert drop.unit == "deg"
    assert all(v == pytest.approx(9.0, abs=0.5) for v in drop.per_step["left"])
    assert all(v == pytest.approx(4.0, abs=0.5) for v in drop.per_step["right"])
    assert drop.asymmetry_pct is not None
    assert drop.asymmetry_pct < -50
    assert drop.reference.source
    assert drop.reference.error_value > 0


def test_symmetric_pelvic_drop_median_and_hip_line_sign() -> None:
    result = _analyse(RearRunner(drop_left_deg=6.0, drop_right_deg=6.0))
    assert result.metrics["pelvic_drop"].median == pytest.approx(6.0, abs=0.5)
    assert result.metrics["pelvic_drop"].n >= 2 * MIN_STEPS_PER_SIDE
    # the hip line: right hip higher is positive
    xy = np.zeros((1, 33, 2))
    xy[0, 23] = [100.0, 200.0]  # left hip
    xy[0, 24] = [200.0, 190.0]  # right hip, 10 px higher in the picture
    assert hip_line_deg(xy, 1)[0] == pytest.approx(np.degrees(np.arctan2(10, 100)))


def test_step_width_and_sway_match_the_truth_without_perspective() -> None:
    runner = RearRunner(perspective=False, step_width_m=0.08, sway_m=0.03)
    result = _analyse(runner)
    m = {name: metric.median for name, metric in result.metrics.items()}
    assert m["step_width"] == pytest.approx(100 * 0.08 / LEG_M, abs=0.3)
    assert m["lateral_sway"] == pytest.approx(100 * 0.03 / LEG_M, abs=0.3)
    assert m["crossover_share"] == 0.0
    assert result.metrics["crossover_share"].iqr is None  # a share, not a median


def test_perspective_shortens_step_width_only_a_little() -> None:
    result = _analyse(RearRunner(step_width_m=0.08))
    truth = 100 * 0.08 / LEG_M
    assert result.metrics["step_width"].median == pytest.approx(truth, rel=0.10)


def test_crossover_gait_gives_negative_width_and_every_step_across() -> None:
    result = _analyse(RearRunner(step_width_m=-0.04, perspective=False))
    assert result.metrics["step_width"].median == pytest.approx(100 * -0.04 / LEG_M, abs=0.3)
    assert result.metrics["crossover_share"].median == 100.0


def test_drifting_across_the_belt_is_not_sway_or_width() -> None:
    still = _analyse(RearRunner())
    drifting = _analyse(RearRunner(drift_m_s=0.03))
    for name in ("lateral_sway", "step_width"):
        before, after = still.metrics[name], drifting.metrics[name]
        assert after.median == pytest.approx(before.median, abs=0.1)
        assert after.asymmetry_pct is not None
        assert abs(after.asymmetry_pct) < 5


def test_two_pixels_of_landmark_jitter_keep_events_and_cadence() -> None:
    """Jitter pulls a peak up a little (documented); events and cadence hold."""
    runner = RearRunner(drop_left_deg=8.0, drop_right_deg=5.0)
    landmarks = runner.landmarks()
    rng = np.random.default_rng(1)
    landmarks[:, :, 0] += rng.normal(0.0, 2.0, landmarks.shape[:2]) / WIDTH
    landmarks[:, :, 1] += rng.normal(0.0, 2.0, landmarks.shape[:2]) / HEIGHT
    result = _analyse(runner, landmarks)
    for side in ("left", "right"):
        truth = np.array(runner.true_ics(side))
        assert all(
            np.min(np.abs(truth - c.ic_frames)) <= 1.0 for c in result.contacts if c.side == side
        )
    assert result.metrics["cadence"].median == pytest.approx(170.0, abs=1.5)
    medians = _medians(result, "pelvic_drop")
    assert medians["left"] == pytest.approx(8.0, abs=1.0)
    assert medians["right"] == pytest.approx(5.0, abs=1.0)


def test_a_mirrored_clip_gives_the_same_magnitudes_with_sides_swapped() -> None:
    runner = RearRunner(drop_left_deg=8.0, drop_right_deg=5.0, step_width_m=0.06)
    straight = _analyse(runner)
    flipped = _analyse(runner, mirrored_relabelled(runner.landmarks()))
    assert flipped.direction == straight.direction == 1
    for name in REAR_VIEW_METRICS:
        a, b = straight.metrics[name], flipped.metrics[name]
        assert b.median == pytest.approx(a.median, abs=0.3), name
        assert _medians(flipped, name)["left"] == pytest.approx(
            _medians(straight, name)["right"], abs=0.3
        )
        assert _medians(flipped, name)["right"] == pytest.approx(
            _medians(straight, name)["left"], abs=0.3
        )
    assert flipped.steps() == {"left": straight.steps()["right"], "right": straight.steps()["left"]}


def test_a_front_view_or_unrelabelled_flip_gives_the_same_metrics() -> None:
    runner = RearRunner(drop_left_deg=8.0, drop_right_deg=5.0)
    landmarks = runner.landmarks()
    flipped = landmarks.copy()
    flipped[:, :, 0] = 1.0 - flipped[:, :, 0]  # x flipped, labels kept: seen from the front
    a, b = _analyse(runner), _analyse(runner, flipped)
    assert b.direction == -1
    assert b.as_json() == a.as_json()


def test_fewer_than_six_steps_per_side_is_unavailable_with_the_reason() -> None:
    result = _analyse(RearRunner(duration_s=3.0))
    assert min(result.steps().values()) < MIN_STEPS_PER_SIDE
    for metric in result.metrics.values():
        assert metric.median is None
        assert metric.quality == "unavailable"
        assert "per side" in metric.reason
    assert "too_few_steps" in {w.code for w in result.warnings}


def test_a_tilted_camera_warns_and_flags_pelvic_drop() -> None:
    runner = RearRunner(tilt_deg=5.0)
    result = _analyse(runner)
    assert "camera_tilted" in {w.code for w in result.warnings}
    assert result.metrics["pelvic_drop"].quality == "approximate"
    assert "lean" in result.metrics["pelvic_drop"].reason
    tilt = clip_tilt_deg(result.cleaned.xy, result.contacts, result.direction)
    assert tilt is not None
    assert abs(tilt) == pytest.approx(5.0, abs=0.3)
    level = _analyse(RearRunner())
    assert not {w.code for w in level.warnings} & {"camera_tilted", "not_rear_view"}


def test_a_side_view_clip_analysed_as_rear_invents_nothing() -> None:
    side = Runner()
    result = analyse_landmarks(side.landmarks(), fps=30.0, width=WIDTH, height=HEIGHT, view="rear")
    assert all(m.quality == "unavailable" for m in result.metrics.values())
    assert all("not a view from behind" in m.reason for m in result.metrics.values())
    assert "not_rear_view" in {w.code for w in result.warnings}
    assert result.as_json()["view"] == "rear"


def test_rear_json_has_the_cli_shape_and_detail_is_json_ready(tmp_path: Path) -> None:
    result = _analyse(RearRunner())
    document = result.as_json()
    assert set(document) == {"view", "fps", "frames", "steps", "metrics", "warnings"}
    assert list(document["metrics"]) == list(REAR_VIEW_METRICS)
    assert list(REAR_VIEW_METRICS) == [
        "cadence",
        "pelvic_drop",
        "step_width",
        "crossover_share",
        "lateral_sway",
    ]
    for metric in document["metrics"].values():
        assert set(metric) == {"median", "iqr", "unit", "n", "quality"}
    detail = result.as_detail()
    assert detail["metrics"]["pelvic_drop"]["reference"]["high"] == 6.0
    assert all(c["to_frame"] is None for c in detail["contacts"])
    json.dumps(detail)
    _, steps = result.write_csv(tmp_path)
    with steps.open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(result.contacts)
    assert set(REAR_VIEW_METRICS) <= set(rows[0])


def test_results_are_deterministic() -> None:
    first, second = _analyse(RearRunner()).as_json(), _analyse(RearRunner()).as_json()
    assert json.dumps(first) == json.dumps(second)


def test_cli_view_rear_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI end to end on a 16:9 video, the pose model replaced by the synthetic runner."""
    runner = RearRunner()
    landmarks = runner.landmarks()

    class Replay(FakePose):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(landmarks)

        def close(self) -> None:
            pass

    monkeypatch.setattr(analyse_module, "MediaPipePose", Replay)
    video = write_clip(tmp_path / "rear.mp4", seconds=runner.duration_s, size=(640, 360))
    result = CliRunner().invoke(app, ["gait", str(video), "--view", "rear", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["view"] == "rear"
    assert min(document["steps"].values()) >= MIN_STEPS_PER_SIDE
    assert document["metrics"]["pelvic_drop"]["median"] == pytest.approx(6.0, abs=0.5)
    assert document["metrics"]["cadence"]["median"] == pytest.approx(170.0, abs=1.0)
    assert document["metrics"]["pelvic_drop"]["quality"] == "ok"
