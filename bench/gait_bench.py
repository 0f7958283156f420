"""Gait video analysis speed: end to end vs a naive decode-then-mediapipe loop (issue 8).

Target: at least 1.0x real time for a 1080p 30 fps clip on 2 cores. Builds a 1080p clip
by upscaling and looping the Sports2D demo (tests/data/video) into a temporary file
(OpenCV here can only write MPEG-4 part 2, so the original H.264 clip at 1768x994 is
measured as well). Prints, never asserts. Run: ``.venv/bin/python bench/gait_bench.py``.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "tests" / "data" / "video" / "sports2d-demo-walk.mp4"
CROP = (0.0, 0.48, 1.0, 1.0)  # the walker, as in tests/core/gait/test_real_clip.py


def make_1080p(target: Path, loops: int = 2) -> Path:
    import cv2

    writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), 30.0, (1920, 1080))
    for _ in range(loops):
        capture = cv2.VideoCapture(str(DEMO))
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            writer.write(cv2.resize(frame, (1920, 1080), interpolation=cv2.INTER_LINEAR))
        capture.release()
    writer.release()
    return target


def naive(path: Path) -> tuple[int, float]:
    """Single thread: read a frame, convert it, run mediapipe, repeat."""
    import cv2
    import mediapipe as mp

    pose = mp.solutions.pose.Pose(static_image_mode=False, model_complexity=1)
    capture = cv2.VideoCapture(str(path))
    frames = 0
    start = time.perf_counter()
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        pose.process(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
        frames += 1
    elapsed = time.perf_counter() - start
    capture.release()
    pose.close()
    return frames, elapsed


def ours(
    path: Path, overlay: Path | None, crop: tuple[float, float, float, float] | None
) -> tuple[int, float]:
    from backstride.gait import analyse_video

    start = time.perf_counter()
    result = analyse_video(path, crop=crop, overlay_path=overlay)
    return result.frames, time.perf_counter() - start


def main() -> None:
    os.environ.setdefault("GLOG_minloglevel", "2")
    import cv2

    print(f"cores: {os.cpu_count()}  opencv {cv2.__version__}")
    with tempfile.TemporaryDirectory() as folder:
        clip_1080 = make_1080p(Path(folder) / "demo-1080p.mp4")
        for label, path in (
            ("1920x1080 mp4v (upscaled, looped)", clip_1080),
            ("1768x994 H.264 (original)", DEMO),
        ):
            capture = cv2.VideoCapture(str(path))
            fps = capture.get(cv2.CAP_PROP_FPS)
            total = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
            capture.release()
            video_s = total / fps
            print(f"\n== {label}: {total} frames, {video_s:.1f} s of video")
            n, wall = naive(path)
            label = "naive decode+mediapipe loop"
            print(f"{label:40}: {n / wall:5.1f} frames/s = {video_s / wall:4.2f}x real time")
            runs = (
                ("backstride, whole frame, no overlay", None, None),
                ("backstride, crop to walker, no overlay", None, CROP),
                ("backstride, whole frame + overlay", Path(folder) / "overlay.mp4", None),
            )
            for name, overlay, crop in runs:
                n, wall = ours(path, overlay, crop)
                print(f"{name:40}: {n / wall:5.1f} frames/s = {video_s / wall:4.2f}x real time")


if __name__ == "__main__":
    main()
