"""Gait and posture from a phone video (capability M9; methods in docs/gait.md).

The pipeline, one module per step::

    video.py    file -> checked VideoInfo + frames (OpenCV, imported lazily)
    pose.py     frame -> 33 BlazePose landmarks behind the PoseEstimator seam
    estimate.py every frame -> landmarks (decoding in a thread); variable-rate resampling
    people.py   keep the person tracked longest when the tracker jumps between people
    signal.py   raw landmarks -> visibility mask, L/R swap repair, Hampel, gap fill, Butterworth
    events.py   cleaned landmarks -> initial contact / toe-off per foot (side view)
    metrics.py  events + landmarks -> per-step values, median, IQR, quality, norms
    rear.py     rear view: contacts, pelvic drop, step width, crossover, sway
    quality.py  capture-quality gate (warnings with how to re-film)
    analyse.py  one entry point: analyse_video(path) -> GaitResult
    overlay.py  annotated video

Importing this package is cheap: numpy only. mediapipe and cv2 load on first use.
"""

from __future__ import annotations

from backstride.gait.analyse import GaitResult, analyse_landmarks, analyse_video
from backstride.gait.pose import FakePose, MediaPipePose, PoseEstimator
from backstride.gait.signal import SignalSettings
from backstride.gait.video import VideoInfo, VideoLimits

__all__ = [
    "FakePose",
    "GaitResult",
    "MediaPipePose",
    "PoseEstimator",
    "SignalSettings",
    "VideoInfo",
    "VideoLimits",
    "analyse_landmarks",
    "analyse_video",
]
