"""The pose seam: the fake replays, the real adapter runs offline with the shipped model."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest

from backstride.gait import FakePose, MediaPipePose, PoseEstimator
from backstride.gait.pose import MODEL_COMPLEXITY, N_LANDMARKS

DATA = Path(__file__).resolve().parents[2] / "data" / "video" / "sports2d-demo-walk.mp4"


def test_fake_replays_frames_and_gaps() -> None:
    row = np.zeros((N_LANDMARKS, 4))
    fake = FakePose([row, None, np.full((N_LANDMARKS, 4), np.nan)])
    frame = np.zeros((2, 2, 3), dtype=np.uint8)
    found = [fake.landmarks(frame) for _ in range(4)]
    assert found[0] is not None
    assert found[1:] == [None, None, None]
    assert isinstance(fake, PoseEstimator)


def test_only_the_shipped_model_is_used() -> None:
    assert MODEL_COMPLEXITY == 1


@pytest.mark.slow
def test_mediapipe_finds_a_person_with_the_network_unreachable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import cv2

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    capture = cv2.VideoCapture(str(DATA))
    frames = []
    for _ in range(10):
        ok, frame = capture.read()
        assert ok
        frames.append(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
    capture.release()
    with MediaPipePose() as pose:
        found = [pose.landmarks(frame) for frame in frames]
    assert sum(f is not None for f in found) >= 5  # the man on the box; 6 here
    first = next(f for f in found if f is not None)
    assert first.shape == (N_LANDMARKS, 4)
    assert np.all((first[:, 3] >= 0) & (first[:, 3] <= 1))
