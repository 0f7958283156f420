"""Small video files written by OpenCV inside the tests (no binary test data needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

FOURCC = {".mp4": "mp4v", ".webm": "VP80", ".avi": "MJPG", ".mov": "mp4v"}


def write_clip(
    path: Path, *, seconds: float, fps: float = 30.0, size: tuple[int, int] = (320, 240)
) -> Path:
    """A clip (codec by suffix) of a plain grey scene with a moving bar (nobody in it)."""
    import cv2

    width, height = size
    fourcc = cv2.VideoWriter.fourcc(*FOURCC[path.suffix])
    writer = cv2.VideoWriter(str(path), fourcc, fps, (width, height))
    assert writer.isOpened()
    for i in range(round(seconds * fps)):
        frame = np.full((height, width, 3), 128, dtype=np.uint8)
        x = (i * 3) % width
        frame[:, x : x + 8] = 90
        writer.write(frame)
    writer.release()
    return path
