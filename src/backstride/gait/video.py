"""Video input: check a file, read its frame rate and size, and stream its frames.

OpenCV (``cv2``, from the ``[gait]`` extra) is imported inside the functions. Frames come
out as BGR ``uint8`` arrays already rotated upright: OpenCV applies the container's rotation
metadata itself (``CAP_PROP_ORIENTATION_AUTO``), and :func:`probe` records the angle it
reported. Frame times come from the container (``CAP_PROP_POS_MSEC``) so a variable frame
rate can be detected and resampled later (:func:`backstride.gait.analyse.analyse_video`).

Slow motion: a phone that films at 240 fps and exports at 30 fps plays 8× slowed down;
pass ``slowmo_factor=8`` (Sports2D's name for it) and times are divided by 8, so the
analysis frame rate becomes 240.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from backstride.errors import (
    ConfigurationError,
    CorruptFileError,
    InputError,
    LimitExceededError,
    UnsupportedFormatError,
)

VIDEO_SUFFIXES: Final = frozenset({".mp4", ".m4v", ".mov", ".avi", ".webm", ".mkv"})
_IMAGE_MAGIC: Final = (
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"BM", "BMP"),
)


@dataclass(frozen=True)
class VideoLimits:
    """What we accept. Defaults: 3 s to 3 min, up to 1 GB, at most 4K, 15–1000 fps."""

    min_duration_s: float = 3.0
    max_duration_s: float = 180.0
    max_bytes: int = 1_000_000_000
    max_pixels: int = 3840 * 2160
    min_fps: float = 15.0
    max_fps: float = 1000.0


@dataclass(frozen=True)
class VideoInfo:
    """A checked video. ``fps`` is the analysis rate (container fps × ``slowmo_factor``)."""

    path: Path
    width: int
    height: int
    frame_count: int
    container_fps: float
    slowmo_factor: float
    rotation_deg: int

    @property
    def fps(self) -> float:
        return self.container_fps * self.slowmo_factor

    @property
    def duration_s(self) -> float:
        """Real (not slowed-down) duration in seconds."""
        return self.frame_count / self.fps


def _cv2() -> Any:
    try:
        import cv2
    except ImportError as error:  # pragma: no cover - depends on the install
        raise ConfigurationError(
            "video gait analysis needs OpenCV: pip install 'backstride[gait]'"
        ) from error
    return cv2


def _sniff(path: Path) -> str | None:
    """The still-image format the file starts with, or "video" for a known container, or None."""
    with path.open("rb") as handle:
        head = handle.read(16)
    for magic, name in _IMAGE_MAGIC:
        if head.startswith(magic):
            return name
    if head[4:8] == b"ftyp" or head.startswith((b"RIFF", b"\x1a\x45\xdf\xa3")):
        return "video"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":  # pragma: no cover - caught by RIFF
        return "WEBP"
    return None


def probe(
    path: Path | str, *, limits: VideoLimits | None = None, slowmo_factor: float = 1.0
) -> VideoInfo:
    """Check ``path`` and describe it, or raise an :class:`InputError` saying what is wrong."""
    limits = limits or VideoLimits()
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise InputError("no such file", source=name)
    if slowmo_factor <= 0:
        raise InputError("the slow-motion factor must be positive", source=name)
    size = path.stat().st_size
    if size == 0:
        raise CorruptFileError("the file is empty", source=name)
    if size > limits.max_bytes:
        raise LimitExceededError(
            f"the file is {size / 1e6:.0f} MB; the limit is {limits.max_bytes / 1e6:.0f} MB",
            source=name,
        )
    kind = _sniff(path)
    if kind not in (None, "video"):
        raise UnsupportedFormatError(
            f"this is a still {kind} image, not a video: film the runner for at least "
            f"{limits.min_duration_s:.0f} seconds",
            source=name,
        )
    cv2 = _cv2()
    capture = cv2.VideoCapture(str(path))
    try:
        if not capture.isOpened():
            if kind == "video":
                raise CorruptFileError(
                    "the video is damaged or incomplete (was the upload cut short?)", source=name
                )
            raise UnsupportedFormatError(
                "this is not a video we can read (mp4, mov, avi, webm)", source=name
            )
        ok, frame = capture.read()
        if not ok or frame is None:
            raise CorruptFileError("no frame of this video can be decoded", source=name)
        frame_count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
        if frame_count <= 0:  # some containers do not say: count them (grab skips decoding)
            frame_count = 1
            while capture.grab():
                frame_count += 1
        fps = float(capture.get(cv2.CAP_PROP_FPS))
        rotation = int(capture.get(cv2.CAP_PROP_ORIENTATION_META) or 0)
    finally:
        capture.release()
    if frame_count <= 1:
        raise UnsupportedFormatError("this holds a single picture, not a video", source=name)
    if not np.isfinite(fps) or fps <= 0:
        raise CorruptFileError("the video does not say its frame rate", source=name)
    height, width = int(frame.shape[0]), int(frame.shape[1])
    info = VideoInfo(path, width, height, frame_count, fps, float(slowmo_factor), rotation % 360)
    if not limits.min_fps <= info.fps <= limits.max_fps:
        raise LimitExceededError(
            f"{info.fps:.0f} frames/s is outside {limits.min_fps:.0f}–{limits.max_fps:.0f}",
            source=name,
        )
    if width * height > limits.max_pixels:
        raise LimitExceededError(
            f"{width}×{height} is larger than 4K; export the video at 1080p", source=name
        )
    if info.duration_s < limits.min_duration_s:
        raise InputError(
            f"the clip is {info.duration_s:.1f} s long; film at least "
            f"{limits.min_duration_s:.0f} s (10–20 s of steady running is best)",
            source=name,
        )
    if info.duration_s > limits.max_duration_s:
        raise LimitExceededError(
            f"the clip is {info.duration_s:.0f} s long; the limit is "
            f"{limits.max_duration_s:.0f} s — trim it to 10–30 s of steady running",
            source=name,
        )
    return info


@dataclass(frozen=True)
class Frame:
    """One decoded frame: index, container time in seconds, pixels (BGR unless transformed)."""

    index: int
    time_s: float
    image: NDArray[np.uint8]


Transform = Callable[[NDArray[np.uint8]], NDArray[np.uint8]]


def iter_frames(info: VideoInfo, transform: Transform | None = None) -> Iterator[Frame]:
    """Decode every frame in order (single-threaded); ``transform`` is applied to each."""
    cv2 = _cv2()
    capture = cv2.VideoCapture(str(info.path))
    try:
        index = 0
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            time_s = float(capture.get(cv2.CAP_PROP_POS_MSEC)) / 1000.0
            yield Frame(index, time_s, frame if transform is None else transform(frame))
            index += 1
    finally:
        capture.release()


_END: Final = object()


def iter_frames_threaded(
    info: VideoInfo, *, buffer: int = 8, transform: Transform | None = None
) -> Iterator[Frame]:
    """Like :func:`iter_frames`, but decoding (and ``transform``) runs in a thread ahead
    of the consumer.

    OpenCV releases the GIL while it decodes, resizes and converts, so on two cores that
    work overlaps with pose estimation. Closing the generator stops the thread.
    """
    frames: queue.Queue[object] = queue.Queue(maxsize=buffer)
    stop = threading.Event()
    failure: list[BaseException] = []

    def work() -> None:
        try:
            for frame in iter_frames(info, transform):
                while not stop.is_set():
                    try:
                        frames.put(frame, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
        except BaseException as error:  # handed to the consumer
            failure.append(error)
        finally:
            while not stop.is_set():
                try:
                    frames.put(_END, timeout=0.1)
                    break
                except queue.Full:
                    continue

    thread = threading.Thread(target=work, name="gait-decode", daemon=True)
    thread.start()
    try:
        while True:
            item = frames.get()
            if item is _END:
                break
            assert isinstance(item, Frame)
            yield item
        if failure:
            raise failure[0]
    finally:
        stop.set()
        thread.join(timeout=5)
