"""When the tracker jumps to another person, only the person followed longest is kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from backstride.gait import analyse_landmarks, analyse_video
from backstride.gait.people import keep_longest, segments
from tests.core.gait.synthetic import HEIGHT, WIDTH, Runner

DATA = Path(__file__).resolve().parents[2] / "data" / "video" / "sports2d-demo-walk.mp4"


def _with_bystander(landmarks: np.ndarray, frames: slice) -> np.ndarray:
    out = landmarks.copy()
    # a smaller person standing in the top-left corner
    out[frames, :, :2] = 0.1 + 0.5 * landmarks[frames, :, :2] * [0.5, 0.5]
    return out


def test_one_person_is_one_segment() -> None:
    pixels = Runner().pixels()
    assert segments(pixels) == [(0, pixels.shape[0])]


def test_a_jump_to_a_bystander_is_cut_out() -> None:
    runner = Runner(duration_s=14.0)
    mixed = _with_bystander(runner.landmarks(), slice(300, 330))
    kept, found = keep_longest(mixed, mixed[:, :, :2] * [WIDTH, HEIGHT])
    assert found == [(0, 300), (300, 330), (330, 420)]
    assert np.isnan(kept[300:]).all()
    assert np.array_equal(kept[:300], mixed[:300])


def test_analysis_warns_and_uses_only_the_runner() -> None:
    runner = Runner(duration_s=14.0)
    mixed = _with_bystander(runner.landmarks(), slice(300, 330))
    result = analyse_landmarks(mixed, fps=30.0, width=WIDTH, height=HEIGHT)
    assert any("switched between people" in w for w in result.as_json()["warnings"])
    assert result.metrics["cadence"].median == pytest.approx(runner.cadence_spm, abs=1.0)


@pytest.mark.slow
def test_the_demo_clip_uncropped_does_not_mix_people() -> None:
    # BlazePose follows the man on the box, then the walker, then the man again: we keep
    # the man on the box (seen longest), who takes no steps, so nothing is reported
    document = analyse_video(DATA).as_json()
    assert any("switched between people 2 time(s)" in w for w in document["warnings"])
    assert all(m["median"] is None for m in document["metrics"].values())
