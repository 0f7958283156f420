"""Pose estimation over a whole video, and resampling a variable frame rate.

:func:`estimate_landmarks` runs a :class:`~backstride.gait.pose.PoseEstimator` over every
frame while a thread decodes, crops, shrinks and converts the next ones
(:func:`~backstride.gait.video.iter_frames_threaded`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from backstride.errors import InputError
from backstride.gait.framespool import FrameSpool
from backstride.gait.pose import N_LANDMARKS, PoseEstimator
from backstride.gait.video import VideoInfo, iter_frames, iter_frames_threaded

FloatArray = NDArray[np.float64]
Progress = Callable[[int, int], None]

#: Frames are shrunk to this long side before pose estimation. BlazePose crops the person
#: and scales that crop to 256×256; a runner filling half of a 960×540 frame still gives
#: a crop larger than 256 px, so little is lost, and decoding-side work is much cheaper.
POSE_MAX_SIDE: Final = 960


def resample_uniform(landmarks: FloatArray, times_s: FloatArray, fps: float) -> FloatArray:
    """Landmarks at irregular ``times_s`` interpolated onto a uniform grid at ``fps``.

    A grid point gets NaN when the nearer of its two source frames had no pose.
    """
    grid = np.arange(times_s[0], times_s[-1] + 0.5 / fps, 1.0 / fps)
    flat = landmarks.reshape(landmarks.shape[0], -1)
    out = np.empty((grid.size, flat.shape[1]))
    nearest = np.clip(np.searchsorted(times_s, grid), 0, times_s.size - 1)
    missing = ~np.isfinite(flat[nearest]).all(axis=1)
    for column in range(flat.shape[1]):
        series = flat[:, column]
        good = np.isfinite(series)
        out[:, column] = np.interp(grid, times_s[good], series[good]) if good.sum() >= 2 else np.nan
    out[missing] = np.nan
    return out.reshape((grid.size, *landmarks.shape[1:]))


def is_variable_rate(times_s: FloatArray) -> bool:
    steps = np.diff(times_s)
    if steps.size < 3 or not np.isfinite(steps).all() or np.median(steps) <= 0:
        return False
    return bool(np.std(steps) > 0.1 * np.median(steps))


Crop = tuple[float, float, float, float]


def _crop_pixels(crop: Crop | None, width: int, height: int) -> tuple[int, int, int, int]:
    if crop is None:
        return 0, 0, width, height
    x0, y0, x1, y1 = crop
    if not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1):
        raise InputError("the crop must be (left, top, right, bottom) fractions, left < right")
    return round(x0 * width), round(y0 * height), round(x1 * width), round(y1 * height)


def estimate_landmarks(
    info: VideoInfo,
    estimator: PoseEstimator,
    *,
    progress: Progress | None = None,
    threaded: bool = True,
    crop: Crop | None = None,
    start_s: float = 0.0,
    end_s: float | None = None,
    max_side: int | None = POSE_MAX_SIDE,
    spool: FrameSpool | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Run ``estimator`` over every frame: ``(landmarks (n, 33, 4), container times_s (n,))``.

    ``crop`` (fractions of the frame) limits the pose search to the runner's region;
    landmarks are returned in whole-frame coordinates. ``start_s``/``end_s`` (real time)
    trim the clip. Frames are cropped, shrunk to at most ``max_side`` pixels on the long
    side and converted to RGB in the decoding thread, so the pose model gets a small
    image (see :data:`POSE_MAX_SIDE`). With ``spool``, every decoded frame is also kept
    there, whole and shrunk for the annotated video, so the clip is decoded only once.
    """
    import cv2

    rows: list[FloatArray] = []
    times: list[float] = []
    empty = np.full((N_LANDMARKS, 4), np.nan)
    x0, y0, x1, y1 = _crop_pixels(crop, info.width, info.height)
    scale = np.array([(x1 - x0) / info.width, (y1 - y0) / info.height])
    offset = np.array([x0 / info.width, y0 / info.height])
    shrink = 1.0
    if max_side is not None and max(x1 - x0, y1 - y0) > max_side:
        shrink = max_side / max(x1 - x0, y1 - y0)
    size = (max(1, round((x1 - x0) * shrink)), max(1, round((y1 - y0) * shrink)))

    def prepare(bgr: NDArray[np.uint8]) -> NDArray[np.uint8]:
        if spool is not None:
            spool.add(bgr)
        image: Any = bgr[y0:y1, x0:x1] if crop is not None else bgr
        if shrink < 1.0:
            image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
        rgb: NDArray[np.uint8] = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        return rgb

    frames = (
        iter_frames_threaded(info, transform=prepare) if threaded else iter_frames(info, prepare)
    )
    first = round(start_s * info.fps)
    last = info.frame_count if end_s is None else round(end_s * info.fps)
    total = max(1, min(info.frame_count, last) - first)
    for frame in frames:
        if frame.index < first:
            continue
        if frame.index >= last:
            break
        rgb = frame.image
        found = estimator.landmarks(rgb)
        if found is not None and crop is not None:
            found[:, :2] = found[:, :2] * scale + offset
        rows.append(empty if found is None else found)
        times.append(frame.time_s)
        if progress is not None:
            progress(len(rows), max(total, len(rows)))
    if not rows:
        raise InputError("no frame of this video could be decoded", source=info.path.name)
    return np.stack(rows), np.asarray(times, dtype=np.float64)
